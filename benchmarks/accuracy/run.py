"""Accuracy benchmark: does dataready find defects planted in real public tables, and stay quiet on the originals?

    python benchmarks/accuracy/run.py [--skip-ydata] [--data DIR] [--results FILE]

1. Plants one known defect per copy of a real table (plant.py) and writes the clean controls.
2. Audits every defective copy and every clean control with ``dataready.audit(path)``.
3. Recall per defect kind: a planted defect is found when a finding of the right dimension names
   the planted column (for duplicate rows: a ``duplicate_rows`` finding) and does not also appear,
   with the same check and columns, on the clean control. Counted at severity >= warning, and
   again counting info.
4. Alarms on the clean controls: every data finding, listed at severity >= warning, counted with info.
5. For comparison, ydata-profiling's minimal-mode alerts on the same files, mapped to dimensions.

Writes benchmarks/results/accuracy.json and prints a readable summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from corpus import TABLES, load_table
from plant import DEFAULT_OUT, KINDS, Truth, build

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_RESULTS = REPO / "benchmarks" / "results" / "accuracy.json"

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2, "blocker": 3}
METADATA_DIMENSIONS = frozenset({"ownership", "inventory"})
"""Findings of these dimensions without columns are about missing metadata, not about the data."""

# ydata-profiling alert types that name a data defect, and the dimension each belongs to. The rest
# (SKEWED, ZEROS, HIGH_CARDINALITY, IMBALANCE, UNIQUE, CONSTANT, ...) describe a distribution.
YDATA_DIMENSION = {
    "MISSING": "completeness",
    "EMPTY": "completeness",
    "DUPLICATES": "uniqueness",
    "NEAR_DUPLICATES": "uniqueness",
    "DIRTY_CATEGORY": "consistency",
    "UNSUPPORTED": "validity",
    "INFINITE": "validity",
    "TYPE_DATE": "validity",
}


@dataclass(frozen=True)
class Found:
    """A dataready finding, reduced to what the scoring reads."""

    check: str
    dimension: str
    severity: str
    columns: tuple[str, ...]
    message: str
    affected: int | None

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.check, self.dimension, self.columns)

    @property
    def is_data(self) -> bool:
        return bool(self.columns) or self.dimension not in METADATA_DIMENSIONS

    def at_least(self, severity: str) -> bool:
        return SEVERITY_RANK[self.severity] >= SEVERITY_RANK[severity]


@dataclass(frozen=True)
class Alert:
    """A ydata-profiling alert: its type and the column it names (None for table-level alerts)."""

    type: str
    column: str | None

    @property
    def dimension(self) -> str | None:
        return YDATA_DIMENSION.get(self.type)


@dataclass(frozen=True)
class Audited:
    findings: tuple[Found, ...]
    seconds: float
    error: str | None = None


# --------------------------------------------------------------------------- running the tools


def run_dataready(path: Path) -> Audited:
    from dataready.pipeline.audit import audit

    started = time.perf_counter()
    try:
        card = audit(str(path))
    except Exception as exc:  # a tool failure is a result, not a crash of the benchmark
        return Audited((), time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
    findings = tuple(
        Found(f.check, f.dimension.value, f.severity.value, tuple(f.columns), f.message, f.affected)
        for f in card.findings
    )
    unreadable = [s.source.name for s in card.unreadable]
    error = f"unreadable: {', '.join(unreadable)}" if unreadable else None
    return Audited(findings, time.perf_counter() - started, error)


def ydata_available() -> str | None:
    """None when ydata-profiling can run here, else why not. Silences it first (tqdm reads its
    environment when imported)."""
    os.environ.setdefault("YDATA_PROFILING_NO_ANALYTICS", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its import warns that the package was renamed
            import ydata_profiling  # noqa: F401
    except Exception as exc:
        return f"ydata-profiling is not importable: {exc}"
    return None


def run_ydata(path: Path) -> tuple[tuple[Alert, ...], float]:
    import pandas as pd
    from ydata_profiling import ProfileReport

    started = time.perf_counter()
    frame = pd.read_csv(path)  # pandas defaults, as a ydata user loads a CSV
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        description = ProfileReport(frame, minimal=True, progress_bar=False).get_description()
    alerts = tuple(Alert(a.alert_type.name, a.column_name) for a in description.alerts)
    return alerts, time.perf_counter() - started


# --------------------------------------------------------------------------- scoring


def dataready_matches(f: Found, truth: Truth) -> bool:
    if f.dimension != truth.dimension:
        return False
    if truth.kind == "duplicate_rows":
        return f.check == "duplicate_rows"
    # A whole-row duplicate finding names every column; it is not evidence about one column.
    return f.check != "duplicate_rows" and truth.columns[0] in f.columns


def ydata_matches(a: Alert, truth: Truth) -> bool:
    if a.dimension != truth.dimension:
        return False
    if truth.kind == "duplicate_rows":
        return a.type == "DUPLICATES"
    return a.column == truth.columns[0]


@dataclass
class Score:
    copy: str
    table: str
    kind: str
    dimension: str
    column: str
    planted: int
    found_warning: bool
    found_any: bool
    matched: list[dict[str, Any]]
    contaminated: bool
    """The clean control already has a matching finding (it is not credited)."""
    affected_exact: bool | None
    other_findings: list[dict[str, Any]]
    """New findings on the planted column in other dimensions or checks: where a miss went instead."""
    seconds: float
    error: str | None


def score_dataready(truth: Truth, copy: Audited, control: Audited) -> Score:
    before = {f.key for f in control.findings}
    matching = [f for f in copy.findings if dataready_matches(f, truth)]
    fresh = [f for f in matching if f.key not in before]
    best = max(fresh, key=lambda f: SEVERITY_RANK[f.severity], default=None)
    column = truth.columns[0] if truth.kind != "duplicate_rows" else "*"
    others = [
        f
        for f in copy.findings
        if f.key not in before and f not in fresh and (column in f.columns or column == "*")
    ]
    return Score(
        copy=truth.copy,
        table=truth.table,
        kind=truth.kind,
        dimension=truth.dimension,
        column=column,
        planted=truth.affected,
        found_warning=any(f.at_least("warning") for f in fresh),
        found_any=bool(fresh),
        matched=[_found_dict(f) for f in fresh],
        contaminated=bool(matching) and not fresh,
        affected_exact=None
        if best is None or best.affected is None
        else best.affected == truth.affected,
        other_findings=[_found_dict(f) for f in others],
        seconds=round(copy.seconds, 3),
        error=copy.error,
    )


def _found_dict(f: Found) -> dict[str, Any]:
    columns = (
        list(f.columns)
        if len(f.columns) <= 4
        else [*f.columns[:3], f"... ({len(f.columns)} columns)"]
    )
    return {
        "check": f.check,
        "dimension": f.dimension,
        "severity": f.severity,
        "columns": columns,
        "message": f.message,
        "affected": f.affected,
    }


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def summarise(scores: Iterable[Score]) -> dict[str, Any]:
    by_kind: dict[str, list[Score]] = defaultdict(list)
    by_dimension: dict[str, list[Score]] = defaultdict(list)
    everything = list(scores)
    for s in everything:
        by_kind[s.kind].append(s)
        by_dimension[s.dimension].append(s)

    def block(group: list[Score]) -> dict[str, Any]:
        warn = sum(s.found_warning for s in group)
        anything = sum(s.found_any for s in group)
        return {
            "planted": len(group),
            "found_warning": warn,
            "found_any": anything,
            "recall_warning": _rate(warn, len(group)),
            "recall_any": _rate(anything, len(group)),
        }

    kinds = {k: {"dimension": KINDS[k][0], **block(by_kind[k])} for k in KINDS if k in by_kind}
    macro_warning = [v["recall_warning"] for v in kinds.values()]
    macro_any = [v["recall_any"] for v in kinds.values()]
    return {
        "per_kind": kinds,
        "per_dimension": {d: block(g) for d, g in sorted(by_dimension.items())},
        "overall": {
            **block(everything),
            "macro_recall_warning": round(sum(macro_warning) / len(macro_warning), 4)
            if macro_warning
            else None,
            "macro_recall_any": round(sum(macro_any) / len(macro_any), 4) if macro_any else None,
        },
        "affected_exact": sum(bool(s.affected_exact) for s in everything if s.found_any),
        "contaminated": [s.copy for s in everything if s.contaminated],
    }


def control_alarms(name: str, audited: Audited) -> dict[str, Any]:
    data = [f for f in audited.findings if f.is_data]
    return {
        "table": name,
        "seconds": round(audited.seconds, 3),
        "error": audited.error,
        "count_warning": sum(f.at_least("warning") for f in data),
        "count_including_info": len(data),
        "alarms": [{"table": name, **_found_dict(f)} for f in data if f.at_least("warning")],
        "info": [{"table": name, **_found_dict(f)} for f in data if not f.at_least("warning")],
    }


def score_ydata(
    truth: Truth, copy: tuple[Alert, ...], control: tuple[Alert, ...]
) -> dict[str, Any]:
    before = set(control)
    fresh = [a for a in copy if a not in before]
    column = None if truth.kind == "duplicate_rows" else truth.columns[0]
    return {
        "copy": truth.copy,
        "kind": truth.kind,
        "dimension": truth.dimension,
        "found": any(ydata_matches(a, truth) for a in fresh),
        "new_alert_on_column": any(a.column == column for a in fresh)
        if column
        else any(a.column is None for a in fresh),
        "new_alerts": [asdict(a) for a in fresh],
    }


def summarise_ydata(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r)

    def block(group: list[dict[str, Any]]) -> dict[str, Any]:
        found = sum(r["found"] for r in group)
        loose = sum(r["new_alert_on_column"] for r in group)
        return {
            "planted": len(group),
            "found": found,
            "recall": _rate(found, len(group)),
            "any_new_alert_on_column": loose,
            "loose_recall": _rate(loose, len(group)),
        }

    return {
        "per_kind": {k: block(by_kind[k]) for k in KINDS if k in by_kind},
        "overall": block(rows),
    }


# --------------------------------------------------------------------------- reporting


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value * 100:4.0f}%"


def print_report(result: dict[str, Any]) -> None:
    dr = result["dataready"]
    yd = result.get("ydata", {})
    yd_kinds = yd.get("per_kind", {})
    print(
        f"\nAccuracy benchmark: {len(result['corpus'])} real tables, {dr['overall']['planted']} planted defects"
    )
    print(f"dataready {result['dataready_version']} ({result['git']})\n")
    header = (
        f"{'defect kind':<20} {'dimension':<13} {'n':>3}  {'>=warning':>12}  {'incl. info':>12}"
    )
    header += f"  {'ydata':>12}" if yd_kinds else ""
    print(header)
    print("-" * len(header))
    for kind, k in dr["per_kind"].items():
        line = (
            f"{kind:<20} {k['dimension']:<13} {k['planted']:>3}  "
            f"{k['found_warning']:>3}/{k['planted']:<2} {_pct(k['recall_warning'])}  "
            f"{k['found_any']:>3}/{k['planted']:<2} {_pct(k['recall_any'])}"
        )
        if kind in yd_kinds:
            y = yd_kinds[kind]
            line += f"  {y['found']:>3}/{y['planted']:<2} {_pct(y['recall'])}"
        print(line)
    o = dr["overall"]
    line = (
        f"{'overall':<20} {'':<13} {o['planted']:>3}  {o['found_warning']:>3}/{o['planted']:<2}"
        f"{_pct(o['recall_warning'])}  {o['found_any']:>3}/{o['planted']:<2}{_pct(o['recall_any'])}"
    )
    if yd_kinds:
        y = yd["overall"]
        line += f"  {y['found']:>3}/{y['planted']:<2}{_pct(y['recall'])}"
    print("-" * len(header))
    print(line)
    print(
        f"{'macro (mean of kinds)':<38} {_pct(o['macro_recall_warning']):>12}  {_pct(o['macro_recall_any']):>12}"
    )
    print(f"\nfound defects whose affected count is exact: {dr['affected_exact']}/{o['found_any']}")
    if dr["contaminated"]:
        print(
            f"not credited, the clean control already had the finding: {', '.join(dr['contaminated'])}"
        )

    misses = [s for s in dr["details"] if not s["found_warning"]]
    if misses:
        print("\nMissed at >= warning (what dataready said on that column instead):")
        for s in misses:
            said = (
                "; ".join(
                    f"{m['severity']} {m['check']}" for m in s["matched"] + s["other_findings"]
                )
                or "nothing"
            )
            print(f"  {s['copy']:<50} {said}")

    controls = result["controls"]
    print(
        f"\nClean controls: {controls['count_warning']} data findings at >= warning, "
        f"{controls['count_including_info']} including info"
    )
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for a in controls["alarms"]:
        groups[(a["table"], a["check"], a["severity"])].append(a)
    for (table, check, severity), group in groups.items():
        if len(group) > 3:  # one line for a check that fires on many columns alike (wide tables)
            columns = (
                f"{len(group)} columns: {group[0]['columns'][0]} ... {group[-1]['columns'][0]}"
            )
            message = f"e.g. {group[0]['message']}"
        else:
            columns = "; ".join(", ".join(a["columns"]) or "(rows)" for a in group)
            message = " | ".join(a["message"] for a in group)
        print(f"  {table:<16} {columns[:30]:<30} {severity:<8} {check:<22} {message[:80]}")
    if yd_kinds:
        print(
            f"\nydata-profiling (minimal): {yd['overall']['found']}/{yd['overall']['planted']} planted defects "
            f"flagged on the right column and dimension; any new alert on the planted column: "
            f"{yd['overall']['any_new_alert_on_column']}/{yd['overall']['planted']}; "
            f"mapped alerts on clean controls: {yd['controls']['mapped_alerts']} "
            f"({yd['controls']['all_alerts']} alerts of any type)"
        )
    elif "skipped" in yd:
        print(f"\nydata-profiling skipped: {yd['skipped']}")


def git_state() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {commit}" + (" with uncommitted changes in src/" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_OUT, help="folder for planted copies and controls"
    )
    parser.add_argument(
        "--results", type=Path, default=DEFAULT_RESULTS, help="where to write the JSON results"
    )
    parser.add_argument(
        "--skip-ydata", action="store_true", help="do not run the ydata-profiling comparison"
    )
    args = parser.parse_args(argv)

    import dataready

    started = time.perf_counter()
    controls, planted = build(args.data)

    control_runs = {name: run_dataready(path) for name, path in controls.items()}
    scores = [
        score_dataready(truth, run_dataready(path), control_runs[truth.table])
        for truth, path in planted
    ]
    summary = summarise(scores)
    alarms = [control_alarms(name, run) for name, run in control_runs.items()]

    corpus = []
    for spec in TABLES:
        frame = load_table(spec)
        corpus.append(
            {
                "name": spec.name,
                "package": spec.package,
                "file": f"{spec.module}/{spec.resource}",
                "rows": len(frame),
                "columns": frame.shape[1],
                "description": spec.description,
            }
        )

    result: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "dataready_version": dataready.__version__,
        "git": git_state(),
        "python": sys.version.split()[0],
        "corpus": corpus,
        "rules": {
            "found": "a finding of the planted dimension naming the planted column (duplicate rows: a "
            "duplicate_rows finding), absent with the same check and columns from the clean control",
            "found_warning": "as found, at severity warning or above",
            "data_finding": "a finding with columns, or of a dimension other than ownership/inventory",
        },
        "truth": [asdict(t) for t, _ in planted],
        "dataready": {**summary, "details": [asdict(s) for s in scores]},
        "controls": {
            "count_warning": sum(a["count_warning"] for a in alarms),
            "count_including_info": sum(a["count_including_info"] for a in alarms),
            "alarms": [x for a in alarms for x in a["alarms"]],
            "per_table": alarms,
        },
    }

    skipped = ydata_available() if not args.skip_ydata else "--skip-ydata"
    if skipped is None:
        y_controls = {name: run_ydata(path) for name, path in controls.items()}
        y_rows = [
            score_ydata(truth, run_ydata(path)[0], y_controls[truth.table][0])
            for truth, path in planted
        ]
        control_alerts = [a for alerts, _s in y_controls.values() for a in alerts]
        result["ydata"] = {
            **summarise_ydata(y_rows),
            "config": "ProfileReport(df, minimal=True, progress_bar=False); df = pandas.read_csv(path)",
            "dimension_map": YDATA_DIMENSION,
            "controls": {
                "mapped_alerts": sum(a.dimension is not None for a in control_alerts),
                "all_alerts": len(control_alerts),
                "per_table": {
                    name: [asdict(a) for a in alerts] for name, (alerts, _s) in y_controls.items()
                },
            },
            "details": y_rows,
        }
    else:
        result["ydata"] = {"skipped": skipped}

    result["seconds"] = round(time.perf_counter() - started, 1)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, indent=1, default=str) + "\n")
    print_report(result)
    print(f"\nresults written to {args.results} in {result['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
