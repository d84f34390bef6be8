"""How long the misspelling check takes on a column of many distinct categories.

Writes a deterministic Parquet file (about 96,000 rows: 2,600 categories of two or three made-up
words used 12-60 times each, 1,200 one-character typos of them and 1,000 values used once,
4,747 distinct values in all), measures it once with dataready and times
``consistency.Misspellings`` on that measurement (best of ``--repeat`` runs). Prints the seconds
and the number of misspellings found; asserts nothing.

    python benchmarks/misspellings_bench.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = [
    "an",
    "ber",
    "co",
    "dan",
    "el",
    "fra",
    "gi",
    "ho",
    "ir",
    "jo",
    "ka",
    "lu",
    "mo",
    "ne",
    "or",
    "pi",
    "qua",
    "ro",
    "si",
    "tu",
    "ul",
    "vi",
    "wa",
    "xe",
    "yo",
    "za",
]


def generate(path: Path, seed: int = 1) -> None:
    import numpy as np
    import pandas as pd

    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))

    categories = list(
        {
            f"{word()} {word()}" + (f" {word()}" if rng.random() < 0.3 else ""): None
            for _ in range(3200)
        }
    )[:2600]

    def typo(value: str) -> str:
        i = rng.randrange(len(value))
        return value[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + value[i + 1 :]

    rows: list[str] = []
    for value in categories:
        rows += [value] * rng.randint(12, 60)
    rows += [typo(rng.choice(categories)) for _ in range(1200)]
    rows += [f"{word()} {word()} {word()}" for _ in range(1000)]
    rng.shuffle(rows)
    numbers = np.random.default_rng(seed).integers(0, 100, len(rows))
    pd.DataFrame({"product": rows, "n": numbers}).to_parquet(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from dataready.checks.consistency import Misspellings
    from dataready.measure import measure
    from dataready.pipeline.targets import resolve

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "categories.parquet"
        generate(path)
        targets = resolve(str(path))
        planned = targets.planned[0]
        assert planned.connector is not None
        with planned.connector.open() as opened:
            m = measure(opened, planned.source, targets.spec)
    distinct = m.stats["product"].distinct
    times = []
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        findings = Misspellings().run(m)
        times.append(time.perf_counter() - started)
    found = sum(len(f.measured) for f in findings if isinstance(f.measured, dict))
    print(
        f"misspellings: {distinct:,} distinct values, {found:,} misspellings found, "
        f"best of {len(times)}: {min(times):.3f} s (runs: {', '.join(f'{t:.3f}' for t in times)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
