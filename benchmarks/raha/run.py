"""Error detection, cell by cell, on public data-cleaning benchmarks (hospital, beers).

    python benchmarks/raha/run.py [--data DIR] [--min-severity info] [--results FILE]

Each dataset's ``dirty.csv`` is copied to a temporary folder and audited as a user would:
``dataready audit COPY --failed-rows ROWS --show-values --format json``. Every (row, column)
cell listed in the failed-rows files is a detection; the truth is every cell where ``dirty.csv``
and ``clean.csv`` differ, both read as text and compared by position (the datasets' README). It
prints precision, recall and F1 per dataset, per column, and which checks found the true and the
false positives, and writes ``benchmarks/results/raha.json``.

No labels are given to dataready: the figures are those of an unaided audit with default settings
(the sample holds every row of these files).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "raha"
DEFAULT_RESULTS = REPO / "benchmarks" / "results" / "raha.json"
DATASETS = ("hospital", "beers")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2, "blocker": 3}

Cell = tuple[int, int]
"""(0-based data row, 0-based column position)."""


@dataclass
class Score:
    dataset: str
    truth: int
    flagged: int
    true_positives: int
    by_check: dict[str, dict[str, int]] = field(default_factory=dict)
    by_column: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    without_missing: tuple[int, int] = (0, 0)
    """(flagged, true positives) leaving out the completeness findings (missing values, placeholders)."""

    @property
    def precision(self) -> float:
        return self.true_positives / self.flagged if self.flagged else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.truth if self.truth else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures_without_missing(self) -> tuple[float, float, float]:
        flagged, hits = self.without_missing
        p = hits / flagged if flagged else 0.0
        r = hits / self.truth if self.truth else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def to_dict(self) -> dict[str, Any]:
        p, r, f1 = self.figures_without_missing()
        return {
            "dataset": self.dataset,
            "erroneous_cells": self.truth,
            "flagged_cells": self.flagged,
            "true_positives": self.true_positives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "without_completeness_findings": {
                "flagged_cells": self.without_missing[0],
                "true_positives": self.without_missing[1],
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(f1, 4),
            },
            "by_check": self.by_check,
            "by_column": self.by_column,
            "seconds": round(self.seconds, 2),
        }


def truth_cells(folder: Path) -> tuple[set[Cell], list[str]]:
    """Cells where dirty and clean differ as text, by position; and the dirty file's header."""
    import pandas as pd

    dirty = pd.read_csv(folder / "dirty.csv", dtype=str, keep_default_na=False)
    clean = pd.read_csv(folder / "clean.csv", dtype=str, keep_default_na=False)
    if dirty.shape != clean.shape:
        raise SystemExit(f"{folder}: dirty {dirty.shape} and clean {clean.shape} differ in shape")
    differs = dirty.to_numpy() != clean.to_numpy()
    rows, columns = differs.nonzero()
    return {(int(r), int(c)) for r, c in zip(rows, columns, strict=True)}, list(dirty.columns)


def read_failed_rows(path: Path) -> list[tuple[int, str]]:
    """(row_number, column) of each line of one failed-rows file (its ``#`` lines skipped)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or "row_number" not in reader.fieldnames:
        raise SystemExit(f"{path}: rows are not identified by row_number ({reader.fieldnames})")
    return [(int(row["row_number"]), row["column"]) for row in reader]


def audit(dataset: str, folder: Path, work: Path) -> tuple[dict[str, Any], Path, float]:
    """Audit a copy of the dirty file with the CLI; the JSON card and the failed-rows folder."""
    copy = work / f"{dataset}.csv"
    shutil.copyfile(folder / "dirty.csv", copy)
    rows = work / "rows"
    card = work / "card.json"
    command = [
        sys.executable,
        "-c",
        "from dataready.cli import main; main()",
        "audit",
        str(copy),
        "--failed-rows",
        str(rows),
        "--show-values",
        "--format",
        "json",
        "--output",
        str(card),
    ]
    started = dt.datetime.now()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CI": "1"})
    seconds = (dt.datetime.now() - started).total_seconds()
    if done.returncode not in (0, 1):
        raise SystemExit(f"dataready audit {dataset} failed ({done.returncode}): {done.stderr}")
    return json.loads(card.read_text()), rows, seconds


def score(
    dataset: str, folder: Path, work: Path, min_severity: str
) -> tuple[Score, list[dict[str, Any]]]:
    truth, header = truth_cells(folder)
    position = {name: i for i, name in enumerate(header)}
    card, rows, seconds = audit(dataset, folder, work)
    flagged: set[Cell] = set()
    values: set[Cell] = set()
    per_check: dict[str, set[Cell]] = defaultdict(set)
    listed = []
    for finding in card["findings"]:
        failed = finding.get("failed_rows")
        if not failed or not failed.get("file"):
            continue
        if SEVERITY_RANK[finding["severity"]] < SEVERITY_RANK[min_severity]:
            continue
        cells = {
            (row, position[column])
            for row, column in read_failed_rows(rows / failed["file"])
            if column in position
        }
        per_check[finding["check"]] |= cells
        flagged |= cells
        if finding["dimension"] != "completeness":
            values |= cells
        listed.append(
            {
                "check": finding["check"],
                "columns": finding["columns"],
                "severity": finding["severity"],
                "cells": len(cells),
                "true_positives": len(cells & truth),
                "rows": failed["rows"],
                "capped": failed["capped"],
            }
        )
    by_check = {
        check: {"true_positives": len(cells & truth), "false_positives": len(cells - truth)}
        for check, cells in sorted(per_check.items())
    }
    by_column: dict[str, dict[str, int]] = {}
    for i, name in enumerate(header):
        wrong = {c for c in truth if c[1] == i}
        found = {c for c in flagged if c[1] == i}
        if wrong or found:
            by_column[name] = {
                "erroneous": len(wrong),
                "true_positives": len(wrong & found),
                "false_positives": len(found - wrong),
            }
    result = Score(dataset, len(truth), len(flagged), len(flagged & truth), by_check, by_column)
    result.seconds = seconds
    result.without_missing = (len(values), len(values & truth))
    return result, listed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("RAHA_DATA", DEFAULT_DATA)),
        help=f"folder holding hospital/ and beers/ (default: {DEFAULT_DATA}, or $RAHA_DATA)",
    )
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS))
    parser.add_argument(
        "--min-severity",
        choices=list(SEVERITY_RANK),
        default="info",
        help="count the rows of findings at this severity or above (default: every finding)",
    )
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS)
    args = parser.parse_args()

    scores = []
    findings = {}
    for dataset in args.datasets:
        folder = args.data / dataset
        if not (folder / "dirty.csv").is_file():
            raise SystemExit(f"{folder}: no dirty.csv (point --data at the datasets' folder)")
        with tempfile.TemporaryDirectory(prefix=f"raha-{dataset}-") as work:
            result, listed = score(dataset, folder, Path(work), args.min_severity)
        scores.append(result)
        findings[dataset] = listed

    for s in scores:
        print(
            f"\n{s.dataset}: precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}"
            f"  ({s.true_positives:,} of {s.truth:,} erroneous cells found; "
            f"{s.flagged:,} flagged; {s.seconds:.1f} s)"
        )
        p, r, f1 = s.figures_without_missing()
        print(
            f"  without the completeness findings (missing values, placeholders): "
            f"precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}"
        )
        print("  by check (a cell may be flagged by several):")
        for check, counts in sorted(
            s.by_check.items(), key=lambda kv: -kv[1]["true_positives"] - kv[1]["false_positives"]
        ):
            print(
                f"    {check:<28} TP {counts['true_positives']:>6,}  FP {counts['false_positives']:>6,}"
            )
        print("  by column:")
        for column, counts in s.by_column.items():
            print(
                f"    {column:<28} erroneous {counts['erroneous']:>5,}  "
                f"found {counts['true_positives']:>5,}  false {counts['false_positives']:>5,}"
            )
    checks = Counter(check for s in scores for check in s.by_check)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps(
            {
                "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "min_severity": args.min_severity,
                "scores": [s.to_dict() for s in scores],
                "findings": findings,
                "checks": sorted(checks),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwritten to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
