"""Freshness: is the newest data as recent as the declared refresh cadence promises?"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from dataready.checks.base import Check, expectation
from dataready.model import Basis, Column, Dimension, Finding, Measurement, Severity
from dataready.vocabulary.cadence import describe, infer_cadence, parse_cadence

_PREFERENCE = (
    re.compile(r"updated|modified|changed|refreshed", re.I),
    re.compile(r"loaded|ingested|extracted|synced|snapshot", re.I),
    re.compile(r"created|inserted|recorded|event|occurred|timestamp|logged", re.I),
    re.compile(r"_at$|_ts$|date|time", re.I),
)
GRACE = 1.5
"""Data may be this many cadences old before it counts as stale (loads run late)."""


def timestamp_column(m: Measurement) -> Column | None:
    """The declared timestamp column, else the temporal column whose name says it tracks updates."""
    by_name = {c.name: c for c in m.columns}
    if m.source.timestamp:
        return by_name.get(m.source.timestamp)
    temporal = [
        c for c in m.columns if c.kind.is_temporal and m.stats[c.name].max_value is not None
    ]
    for pattern in _PREFERENCE:
        for c in temporal:
            if pattern.search(c.name):
                return c
    return None


def _as_utc(value: object) -> dt.datetime | None:
    if isinstance(value, str):  # SQLite keeps timestamps as ISO text
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    return None


class Staleness(Check):
    name: ClassVar[str] = "staleness"
    dimension: ClassVar[Dimension] = Dimension.FRESHNESS

    def applies(self, m: Measurement) -> bool:
        return bool(m.source.refresh) and parse_cadence(m.source.refresh or "") is not None

    def run(self, m: Measurement) -> list[Finding]:
        cadence = parse_cadence(m.source.refresh or "")
        if cadence is None:
            return []
        column = timestamp_column(m)
        if m.source.timestamp and column is None:
            return [
                self.finding(
                    m,
                    Severity.ERROR,
                    f"the declared timestamp column {m.source.timestamp!r} does not exist",
                    basis=Basis.METADATA,
                    columns=(m.source.timestamp,),
                    action=f"Fix 'timestamp' for {m.source.name} in dataready.yml (columns: {', '.join(c.name for c in m.columns[:8])})",
                    effort="S",
                )
            ]
        newest = _as_utc(m.stats[column.name].max_value) if column else m.modified_at
        if newest is None:
            if m.row_count == 0:
                return []
            return [
                self.finding(
                    m,
                    Severity.WARNING,
                    "freshness cannot be measured: no timestamp column and no modification time",
                    basis=Basis.METADATA,
                    action=f"Declare the column that records updates as 'timestamp' for {m.source.name}",
                    effort="S",
                )
            ]
        age = m.measured_at - newest
        what = f"newest {column.name}" if column else "file modified"
        if age <= cadence * GRACE:
            return []
        severity = Severity.WARNING if age <= cadence * 4 else Severity.ERROR
        # GX evaluates now() at every run, so the expectation keeps catching stale loads (a fixed date would not).
        grace_hours = (cadence * GRACE).total_seconds() / 3600
        exp = (
            expectation(
                "expect_column_max_to_be_between",
                column=column.name,
                min_value={"$PARAMETER": f"now() - timedelta(hours={grace_hours:g})"},
            )
            if column
            else None
        )
        return [
            self.finding(
                m,
                severity,
                f"stale: {what} {describe(age)} ago, but the declared cadence is {m.source.refresh}",
                columns=(column.name,) if column else (),
                measured=newest.isoformat(),
                threshold=m.source.refresh,
                basis=Basis.EXACT if column else Basis.METADATA,
                action=f"Restore the {m.source.refresh} refresh of {m.source.name} (check the pipeline that loads it), "
                "or declare the cadence it really has",
                effort="M",
                expectation=exp,
            )
        ]


INFERRED_GRACE = 3.0
"""An inferred cadence is a guess: data may be this many cadences old before it counts as stale."""


class InferredStaleness(Check):
    """Stale data when no cadence is declared: the cadence is inferred from the spacing of the
    timestamp column (rows loaded daily are a day apart), and the newest row judged against it.

    Always a warning, and it says the cadence was inferred: a declared cadence (``refresh``)
    replaces the guess.
    """

    name: ClassVar[str] = "staleness_inferred"
    dimension: ClassVar[Dimension] = Dimension.FRESHNESS

    def applies(self, m: Measurement) -> bool:
        """Only where a cadence can be inferred: events at random times leave freshness unassessed."""
        return not m.source.refresh and m.row_count >= 20 and _inferred(m) is not None

    def run(self, m: Measurement) -> list[Finding]:
        column = timestamp_column(m)
        inferred = _inferred(m)
        if column is None or inferred is None:
            return []
        newest = _as_utc(m.stats[column.name].max_value)
        if newest is None:
            return []
        name, period = inferred
        age = m.measured_at - newest
        if age <= period * INFERRED_GRACE:
            return []
        return [
            self.finding(
                m,
                Severity.WARNING,
                f"stale: newest {column.name} {describe(age)} ago, in a table whose rows come "
                f"{name} (cadence inferred from the spacing of {column.name}; none is declared)",
                columns=(column.name,),
                measured=newest.isoformat(),
                threshold=name,
                basis=Basis.EXACT,
                action=f"Declare the refresh cadence of {m.source.name} (refresh: {name}, or static "
                "for a historical extract) and restore the loads if it should be current",
                effort="S",
            )
        ]


def _inferred(m: Measurement) -> tuple[str, dt.timedelta] | None:
    """The cadence the timestamp column's sampled values follow (computed once per measurement)."""

    def compute() -> tuple[str, dt.timedelta] | None:
        import pandas as pd

        column = timestamp_column(m)
        if column is None or column.name not in m.sample.columns:
            return None
        parsed = pd.to_datetime(m.sample[column.name], errors="coerce", utc=True).dropna()
        return infer_cadence(parsed.dt.tz_localize(None).to_numpy())

    result: tuple[str, dt.timedelta] | None = m.cached(("inferred_cadence",), compute)
    return result


CHECKS = (Staleness(), InferredStaleness())
