"""Drift: how a source changed since its previous recorded run, as findings.

Each finding names the two runs compared (``measured`` holds both ids). Schema changes and moving
figures are consistency findings, missing values that grow are completeness findings. Figures come
from the stored snapshots only: no value is read again and none is quoted.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

from dataready.model import Basis, Dimension, Finding, Remediation, Severity
from dataready.model.history import ColumnSnapshot, PreviousRun, SourceSnapshot

ROW_DROP = 0.2
"""A row count this much below the source's recent runs (their median) is a warning."""
ROW_JUMP = 0.5
"""A row count this much above them is noted."""
NULL_RISE = 0.05
"""Missing values rising by this share of rows (5 points) is a warning."""
DISTINCT_MOVE = 0.2
"""A distinct-value rate moving by this much is noted."""
PSI_NOTE, PSI_WARN = 0.1, 0.25
"""Population stability index: above 0.1 a moderate shift, above 0.25 a significant one."""
RECENT_RUNS = 5

CHECKS = (
    "drift_column_removed",
    "drift_column_added",
    "drift_column_retyped",
    "drift_row_count",
    "drift_null_rate",
    "drift_distinct_rate",
    "drift_distribution",
    "drift_new_categories",
)


def drift(previous: PreviousRun, current: SourceSnapshot, this_run: int) -> list[Finding]:
    """The findings of every change between ``previous`` and ``current`` (run ``this_run``)."""
    runs = f"between {previous.label} and run {this_run}"
    measured_runs = {"previous_run": previous.run_id, "run": this_run}
    before = previous.snapshot
    out: list[Finding] = []

    def finding(
        check: str,
        dimension: Dimension,
        severity: Severity,
        message: str,
        action: str,
        columns: tuple[str, ...] = (),
        basis: Basis = Basis.EXACT,
        **measured: object,
    ) -> None:
        out.append(
            Finding(
                check=check,
                dimension=dimension,
                severity=severity,
                source=current.source,
                message=f"{message} {runs}",
                columns=columns,
                measured={**measured_runs, **measured},
                basis=basis,
                sample_size=current.sample_size if basis is Basis.SAMPLE else None,
                total=current.row_count,
                remediation=Remediation(action, "S"),
                # Each drift is a change of its own (missing values up, a shifted distribution),
                # never merged with another check's finding on the column.
                problem=None,
            )
        )

    now = {c.name: c for c in current.columns}
    then = {c.name: c for c in before.columns}
    for name in then.keys() - now.keys():
        finding(
            "drift_column_removed",
            Dimension.CONSISTENCY,
            Severity.WARNING,
            f"column {name} was removed",
            f"Restore {name} in {current.source}, or update what reads it (features, prompts, suites)",
            (name,),
        )
    for name in sorted(now.keys() - then.keys()):
        finding(
            "drift_column_added",
            Dimension.CONSISTENCY,
            Severity.INFO,
            f"column {name} was added",
            f"Declare {name} in dataready.yml and its owners' documentation",
            (name,),
        )
    for name in [c.name for c in current.columns if c.name in then]:
        _column_drift(then[name], now[name], finding)
    _row_count(previous, current, finding)
    return out


def _row_count(previous: PreviousRun, current: SourceSnapshot, finding: _Emit) -> None:
    recent = list(previous.row_counts[-RECENT_RUNS:]) or [previous.snapshot.row_count]
    baseline = statistics.median(recent)
    rows = current.row_count
    if not baseline:
        return
    change = (rows - baseline) / baseline
    if change <= -ROW_DROP:
        finding(
            "drift_row_count",
            Dimension.COMPLETENESS,
            Severity.WARNING,
            f"the row count dropped {-change:.0%} to {rows:,} (recent runs: median {baseline:,.0f})",
            "Check the load that fills this source: rows went missing since the previous audit",
            change=round(change, 4),
            rows=rows,
            baseline=baseline,
        )
    elif change >= ROW_JUMP:
        finding(
            "drift_row_count",
            Dimension.CONSISTENCY,
            Severity.INFO,
            f"the row count rose {change:.0%} to {rows:,} (recent runs: median {baseline:,.0f})",
            "Confirm the new rows are expected (a backfill, not a duplicated load)",
            change=round(change, 4),
            rows=rows,
            baseline=baseline,
        )


class _Emit(Protocol):  # the signature of drift()'s inner ``finding``
    def __call__(
        self,
        check: str,
        dimension: Dimension,
        severity: Severity,
        message: str,
        action: str,
        columns: tuple[str, ...] = (),
        basis: Basis = Basis.EXACT,
        **measured: object,
    ) -> None: ...


def _column_drift(before: ColumnSnapshot, now: ColumnSnapshot, finding: _Emit) -> None:
    name = now.name
    if before.kind != now.kind or before.db_type != now.db_type:
        finding(
            "drift_column_retyped",
            Dimension.CONSISTENCY,
            Severity.WARNING,
            f"column {name} changed type from {before.db_type} ({before.kind}) to "
            f"{now.db_type} ({now.kind})",
            f"Restore the type of {name}, or update what parses it",
            (name,),
            type_before=before.db_type,
            type_now=now.db_type,
        )
        return  # figures of a retyped column are not comparable
    rise = now.null_rate - before.null_rate
    if rise >= NULL_RISE:
        finding(
            "drift_null_rate",
            Dimension.COMPLETENESS,
            Severity.WARNING,
            f"missing values in {name} rose from {before.null_rate:.1%} to {now.null_rate:.1%}",
            f"Find why {name} is now missing more often (a changed export, a broken join)",
            (name,),
            before=before.null_rate,
            now=now.null_rate,
        )
    if before.distinct_rate is not None and now.distinct_rate is not None:
        move = now.distinct_rate - before.distinct_rate
        if abs(move) >= DISTINCT_MOVE:
            finding(
                "drift_distinct_rate",
                Dimension.CONSISTENCY,
                Severity.INFO,
                f"the share of distinct values in {name} moved from {before.distinct_rate:.1%} "
                f"to {now.distinct_rate:.1%}",
                f"Confirm the change in {name}'s values is expected",
                (name,),
                before=before.distinct_rate,
                now=now.distinct_rate,
            )
    index = None if now.identifier else psi(before.quantiles, now.quantiles)
    if index is not None and index >= PSI_NOTE:
        finding(
            "drift_distribution",
            Dimension.CONSISTENCY,
            Severity.WARNING if index >= PSI_WARN else Severity.INFO,
            f"the distribution of {name} shifted (population stability index {index:.2f}; mean "
            f"{_number(before.mean)} → {_number(now.mean)})",
            f"Check whether {name}'s shift is real (a new population) or a unit or load error; "
            "models trained on the earlier data may need retraining",
            (name,),
            Basis.SAMPLE,
            psi=round(index, 4),
            mean_before=before.mean,
            mean_now=now.mean,
        )
    if before.categories is not None and now.categories is not None:
        known = {digest for digest, _ in before.categories}
        new = [(d, n) for d, n in now.categories if d not in known]
        if new:
            rows = sum(n for _, n in new)
            finding(
                "drift_new_categories",
                Dimension.CONSISTENCY,
                Severity.INFO,
                f"{len(new)} new value(s) appeared in {name}, on {rows:,} rows",
                f"Confirm the new values of {name} are valid and known downstream (encoders, prompts)",
                (name,),
                categories=len(new),
                affected=rows,
            )


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.4g}"


def psi(before: Sequence[float], now: Sequence[float]) -> float | None:
    """Population stability index of two quantile summaries (same evenly spaced probabilities).

    The earlier run's quantiles are the bins (each holds an equal share then); the share of the
    current distribution in each bin is read off its own quantiles by linear interpolation.
    """
    if len(before) < 3 or len(before) != len(now):
        return None
    probs = [i / (len(now) - 1) for i in range(len(now))]
    edges = sorted(set(before[1:-1]))
    if not edges:
        return None

    def cdf_before(x: float) -> float:
        return _cdf(x, list(before), probs)

    def cdf_now(x: float) -> float:
        return _cdf(x, list(now), probs)

    eps = 1e-4
    total = 0.0
    bounds = [-math.inf, *edges, math.inf]
    for low, high in pairwise(bounds):
        expected = cdf_before(high) - cdf_before(low)
        actual = cdf_now(high) - cdf_now(low)
        expected, actual = max(expected, eps), max(actual, eps)
        total += (actual - expected) * math.log(actual / expected)
    return total


def _cdf(x: float, quantiles: list[float], probs: list[float]) -> float:
    if x == math.inf:
        return 1.0
    if x == -math.inf or x < quantiles[0]:
        return 0.0
    if x >= quantiles[-1]:
        return 1.0
    # the largest probability whose quantile is at most x, interpolated towards the next one
    for i in range(len(quantiles) - 1, -1, -1):
        if quantiles[i] <= x:
            if i + 1 < len(quantiles) and quantiles[i + 1] > quantiles[i]:
                step = (x - quantiles[i]) / (quantiles[i + 1] - quantiles[i])
                return probs[i] + step * (probs[i + 1] - probs[i])
            return probs[i]
    return 0.0
