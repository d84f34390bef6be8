"""De-duplication benchmark: quality, blocking recall and scaling of dataready, with Splink 5 side by side.

    python3 benchmarks/dedupe/run.py                       # quality at 100k, scaling 100k → 1M, Splink at 100k and 1M
    python3 benchmarks/dedupe/run.py --sizes 100000,200000 --splink-sizes 100000
    python3 benchmarks/dedupe/run.py --no-splink

Data: ``generate.py`` (labelled person records with realistic corruptions and hard negatives).
Every tool runs in a fresh process on the same Parquet file, so peak memory (max RSS) and wall
time are its own; CPU time is printed too, because wall time on a shared 2-core machine depends
on what else runs. dataready runs at its default threshold with no training; Splink 5 (DuckDB
backend) gets the same records cleaned the same way (dataready's normalisers: case, accents,
phone digits, ISO dates), is trained as its documentation recommends (λ from deterministic rules,
u by random sampling, m by expectation maximisation on two blocking rules) and predicts at match
probability 0.9. Precision, recall and F1 count pairs of records; the cluster figures count every
pair inside each predicted cluster (connected components of the predicted pairs).

Needs ``pip install -e '.[bench]'`` (Splink is a benchmark-only dependency).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

SPLINK_THRESHOLD = 0.9
SWEEP = (0.5, 0.9, 0.99, 0.999)
"""Splink's F1 is also shown at these match probabilities, so its best setting is on the table too."""


# --- workers: one tool, one file, one fresh process ------------------------------------------------


def run_dataready(path: str, out: str) -> dict[str, object]:
    import pyarrow.parquet as pq

    from dataready.dedupe import blocking, engine
    from dataready.dedupe.fields import infer_fields

    wall, cpu = time.perf_counter(), time.process_time()
    table = pq.read_table(
        path,
        columns=[
            "record_id",
            "first_name",
            "surname",
            "dob",
            "email",
            "phone",
            "address",
            "city",
            "postcode",
        ],
    )
    frame = table.to_pandas(
        types_mapper=lambda t: pd.ArrowDtype(t) if str(t) in ("string", "large_string") else None
    )
    result = engine.find_duplicates(frame.drop(columns=["record_id"]))
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
    ids = frame["record_id"].to_numpy()
    np.save(out + ".pairs.npy", np.stack([ids[result.pairs.i], ids[result.pairs.j]]))
    np.save(out + ".labels.npy", result.label)
    # Blocking recall needs the candidate pairs themselves: recomputed, outside the timed run.
    fields = infer_fields(frame.drop(columns=["record_id"]))
    prep = engine.prepare(frame.drop(columns=["record_id"]), fields)
    i, j = blocking.candidate_pairs(blocking.sort_keys(prep), len(frame))
    np.save(out + ".candidates.npy", np.stack([ids[i], ids[j]]))
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "candidates": result.candidates,
        "timings": result.timings,
        "fields": [f.column for f in result.fields],
    }


def run_splink(path: str, out: str) -> dict[str, object]:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from dataready.dedupe.fields import FieldKind
    from dataready.dedupe.normalise import normalise_values

    logging.getLogger("splink").setLevel(logging.ERROR)
    wall, cpu = time.perf_counter(), time.process_time()
    raw = pd.read_parquet(path).drop(columns=["entity_id"])
    kinds = {
        "first_name": FieldKind.GIVEN_NAME,
        "surname": FieldKind.SURNAME,
        "dob": FieldKind.DATE,
        "email": FieldKind.EMAIL,
        "phone": FieldKind.PHONE,
        "address": FieldKind.ADDRESS,
        "city": FieldKind.CITY,
        "postcode": FieldKind.POSTCODE,
    }
    clean = pd.DataFrame({"record_id": raw["record_id"]})
    for column, kind in kinds.items():
        values = pd.Series(normalise_values(raw[column], kind), dtype=object)
        clean[column] = values.where(values != "", None)
    del raw
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("email"),
            block_on("phone"),
            block_on("postcode", "first_name"),
        ],
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.EmailComparison("email"),
            cl.DamerauLevenshteinAtThresholds("phone", [1]),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.8]),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.PostcodeComparison("postcode"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    import duckdb

    # Splink's DuckDB otherwise takes up to 80 % of the machine's memory (16 GB at a million rows
    # was seen before it finished); a cap makes it spill to disk instead.
    limit = os.environ.get("SPLINK_MEMORY_LIMIT", "6GB")
    db_api = DuckDBAPI(duckdb.connect(config={"memory_limit": limit}))
    linker = Linker(db_api.register(clean), settings, log_level=None)
    trained = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("email")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    training = time.perf_counter() - trained
    predictions = linker.inference.predict(
        threshold_match_probability=min(SWEEP)
    ).as_pandas_dataframe()
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
    chosen = predictions[predictions["match_probability"] >= SPLINK_THRESHOLD]
    np.save(out + ".pairs.npy", chosen[["record_id_l", "record_id_r"]].to_numpy().T)
    for threshold in SWEEP:
        kept = predictions[predictions["match_probability"] >= threshold]
        np.save(out + f".pairs_{threshold}.npy", kept[["record_id_l", "record_id_r"]].to_numpy().T)
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "training_seconds": training}


def worker(tool: str, path: str, out: str) -> None:
    result = (run_dataready if tool == "dataready" else run_splink)(path, out)
    # ru_maxrss is in KiB on Linux: the process's own peak, DuckDB's threads included.
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


# --- orchestration ---------------------------------------------------------------------------------


def measure(tool: str, path: Path, out: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", tool, str(path), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def pair_codes(pairs: np.ndarray, n: int) -> np.ndarray:
    a, b = (
        np.minimum(pairs[0], pairs[1]).astype(np.int64),
        np.maximum(pairs[0], pairs[1]).astype(np.int64),
    )
    return np.unique(a * n + b)


def true_codes(frame: pd.DataFrame) -> np.ndarray:
    """Every pair of records with the same entity_id, as lower * n + higher record_id."""
    n = len(frame)
    order = np.lexsort((frame["record_id"].to_numpy(), frame["entity_id"].to_numpy()))
    ids = frame["record_id"].to_numpy()[order].astype(np.int64)
    entity = frame["entity_id"].to_numpy()[order]
    codes = []
    for d in range(1, n):
        same = entity[:-d] == entity[d:]
        if not same.any():
            break
        codes.append(ids[:-d][same] * n + ids[d:][same])
    return np.unique(np.concatenate(codes)) if codes else np.array([], dtype=np.int64)


def cluster_codes(pairs: np.ndarray, n: int) -> np.ndarray:
    from dataready.dedupe.cluster import connected_components

    label = connected_components(n, pairs[0].astype(np.int64), pairs[1].astype(np.int64))
    frame = pd.DataFrame({"record": np.arange(n), "label": label})
    return true_codes(frame.rename(columns={"record": "record_id", "label": "entity_id"}))


def scores(predicted: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    tp = len(np.intersect1d(predicted, truth, assume_unique=True))
    precision = tp / max(len(predicted), 1)
    recall = tp / max(len(truth), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {"precision": precision, "recall": recall, "f1": f1}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="100000,250000,500000,1000000", help="Record counts for the scaling run."
    )
    parser.add_argument(
        "--splink-sizes", default="100000,1000000", help="Sizes Splink runs on too."
    )
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--splink-memory", default="6GB", help="DuckDB memory limit for Splink [default: 6GB]."
    )
    parser.add_argument(
        "--worker", nargs=3, metavar=("TOOL", "PARQUET", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    os.environ["SPLINK_MEMORY_LIMIT"] = args.splink_memory
    sizes = [int(s) for s in args.sizes.split(",") if s]
    splink_sizes = set() if args.no_splink else {int(s) for s in args.splink_sizes.split(",") if s}
    if splink_sizes:
        try:
            import splink  # noqa: F401
        except ImportError:
            print("splink is not installed (pip install -e '.[bench]'); running dataready only")
            splink_sizes = set()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            frame = generate(size, seed=args.seed)
            path = Path(tmp) / f"people_{size}.parquet"
            frame.to_parquet(path, index=False)
            truth = true_codes(frame)
            n = len(frame)
            tools = ["dataready"] + (["splink"] if size in splink_sizes else [])
            for tool in tools:
                out = Path(tmp) / f"{tool}_{size}"
                got = measure(tool, path, out)
                row: dict[str, object] = {
                    "tool": tool,
                    "records": n,
                    "true_pairs": len(truth),
                    **got,
                }
                if "error" not in got:
                    predicted = pair_codes(np.load(str(out) + ".pairs.npy"), n)
                    row.update({f"pair_{k}": v for k, v in scores(predicted, truth).items()})
                    row.update(
                        {
                            f"cluster_{k}": v
                            for k, v in scores(
                                cluster_codes(np.load(str(out) + ".pairs.npy"), n), truth
                            ).items()
                        }
                    )
                    if tool == "dataready":
                        candidates = pair_codes(np.load(str(out) + ".candidates.npy"), n)
                        row["blocking_recall"] = len(
                            np.intersect1d(candidates, truth, assume_unique=True)
                        ) / len(truth)
                    else:
                        sweep = {
                            t: scores(pair_codes(np.load(str(out) + f".pairs_{t}.npy"), n), truth)[
                                "f1"
                            ]
                            for t in SWEEP
                        }
                        row["sweep"] = sweep
                        print(
                            "   splink F1 by match-probability threshold: "
                            + ", ".join(f"{t}: {f:.4f}" for t, f in sweep.items())
                        )
                rows.append(row)
                print(_line(row), flush=True)
    print()
    print(_table(rows))
    base = next(
        (
            r
            for r in rows
            if r["tool"] == "dataready" and r["records"] == min(sizes) and "seconds" in r
        ),
        None,
    )
    if base and len(sizes) > 1:
        print("\nscaling of dataready (time ratio against the smallest run / size ratio):")
        for r in rows:
            if r["tool"] == "dataready" and "seconds" in r:
                size_ratio = float(r["records"]) / float(base["records"])
                print(
                    f"  {r['records']:>9,} rows: wall ×{float(r['seconds']) / float(base['seconds']):5.1f}, "
                    f"cpu ×{float(r['cpu_seconds']) / float(base['cpu_seconds']):5.1f} for ×{size_ratio:4.1f} rows"
                )
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


def _line(r: dict[str, object]) -> str:
    if "error" in r:
        return f"{r['tool']:>9} {r['records']:>9,}: failed: {r['error']}"
    extra = f" (training {float(r['training_seconds']):.1f} s)" if "training_seconds" in r else ""
    blocking = (
        f" blocking recall {float(r['blocking_recall']):.4f}" if "blocking_recall" in r else ""
    )
    return (
        f"{r['tool']:>9} {r['records']:>9,} records: {float(r['seconds']):6.1f} s wall, {float(r['cpu_seconds']):6.1f} s cpu{extra}, "
        f"peak {float(r['peak_mib']):6.0f} MiB; P {float(r['pair_precision']):.4f} R {float(r['pair_recall']):.4f} "
        f"F1 {float(r['pair_f1']):.4f}; clusters F1 {float(r['cluster_f1']):.4f};{blocking}"
    )


def _table(rows: list[dict[str, object]]) -> str:
    head = "| tool | records | wall s | cpu s | peak MiB | precision | recall | F1 | cluster F1 | blocking recall |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['tool']} | {r['records']:,} | failed: {r['error']} |")
            continue
        blocking = f"{float(r['blocking_recall']):.4f}" if "blocking_recall" in r else "–"
        lines.append(
            f"| {r['tool']} | {r['records']:,} | {float(r['seconds']):.1f} | {float(r['cpu_seconds']):.1f} | "
            f"{float(r['peak_mib']):.0f} | {float(r['pair_precision']):.4f} | {float(r['pair_recall']):.4f} | "
            f"{float(r['pair_f1']):.4f} | {float(r['cluster_f1']):.4f} | {blocking} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
