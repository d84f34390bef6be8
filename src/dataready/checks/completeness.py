"""Completeness: empty sources and columns, nulls and blanks, placeholders, sentinels, hollow rows."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from dataready.checks.base import (
    Check,
    expectation,
    failed_rows,
    in_values,
    pct,
    plain,
    scale_to_rows,
    severity_for_share,
    sql_predicate,
)
from dataready.model import ColumnKind, Dimension, FailedRows, Finding, Measurement, Severity
from dataready.vocabulary.values import DISGUISED_MISSING


class EmptySource(Check):
    name: ClassVar[str] = "empty_source"
    dimension: ClassVar[Dimension] = Dimension.COMPLETENESS

    def applies(self, m: Measurement) -> bool:
        return True

    def run(self, m: Measurement) -> list[Finding]:
        if m.row_count > 0:
            return []
        return [
            self.finding(
                m,
                Severity.BLOCKER,
                "the source has no rows",
                measured=0,
                affected=0,
                total=0,
                action=f"Load data into {m.source.name} or fix the job that fills it; an empty source cannot feed the use case",
                effort="M",
                expectation=expectation("expect_table_row_count_to_be_between", min_value=1),
            )
        ]


_ANNOTATION = re.compile(r"comment|note|remark|memo|annotation|observation|explanation", re.I)


class MissingValues(Check):
    """Nulls and empty strings per column, measured on every row."""

    name: ClassVar[str] = "missing_values"
    dimension: ClassVar[Dimension] = Dimension.COMPLETENESS
    problem: ClassVar[str | None] = "missing"

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            s = m.stats[c.name]
            missing = (m.row_count - s.non_null) + s.blank
            if not missing:
                continue
            share = missing / m.row_count
            parts = [f"{m.row_count - s.non_null:,} null"] + (
                [f"{s.blank:,} blank"] if s.blank else []
            )
            message = f"{pct(share)} of values are missing ({', '.join(parts)})"
            if missing == m.row_count:
                severity, message = Severity.ERROR, "the column is empty: every value is missing"
            elif c.name in m.source.key:
                severity = Severity.ERROR
            elif _ANNOTATION.search(c.name):
                severity = Severity.INFO  # notes are written only when there is something to note
            else:
                severity = severity_for_share(share, error=0.3)
            out.append(
                self.finding(
                    m,
                    severity,
                    message,
                    columns=(c.name,),
                    measured=round(share, 6),
                    threshold=0.0,
                    affected=missing,
                    total=m.row_count,
                    action=f"Fill or backfill {c.name} at the source, or drop the column if the use case does not need it",
                    effort="M" if share < 0.2 else "L",
                    expectation=expectation(
                        "expect_column_values_to_not_be_null",
                        column=c.name,
                        mostly=round(max(0.0, 1 - share), 3) if share < 1 else 1.0,
                    ),
                    rows=_missing_rows(m, c.name, text=c.kind is ColumnKind.STRING),
                )
            )
        return out


class DisguisedMissing(Check):
    """Placeholders such as "N/A", "unknown", "-" or "?" that hide missing values as text."""

    name: ClassVar[str] = "disguised_missing"
    dimension: ClassVar[Dimension] = Dimension.COMPLETENESS

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            s = m.stats[c.name]
            if c.kind is not ColumnKind.STRING or not s.disguised_missing:
                continue
            tokens = _placeholders(m, c.name)
            if tokens is not None and not tokens:
                continue  # every match is a regular value of this column (e.g. "NA" for Namibia)
            share = s.disguised_missing / m.row_count
            shown = ", ".join(repr(t) for t in (tokens or [])[:5])
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.3),
                    f"{s.disguised_missing:,} values ({pct(share)}) are placeholders for missing data"
                    + (f": {shown}" if shown else ""),
                    columns=(c.name,),
                    measured=round(share, 6),
                    threshold=0.0,
                    affected=s.disguised_missing,
                    total=m.row_count,
                    examples=tuple(tokens or ()),
                    action=f"Replace placeholder text in {c.name} with real nulls at the source (and fix the form or export that writes it)",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_not_be_in_set",
                        column=c.name,
                        value_set=list(tokens) if tokens else list(DISGUISED_MISSING[:10]),
                    ),
                    rows=_placeholder_rows(m, c.name, tokens),
                )
            )
        return out


def _missing_rows(m: Measurement, column: str, *, text: bool) -> FailedRows | None:
    """Null (and, for text, blank) cells of the sample, and the predicate selecting them all."""
    if column not in m.sample.columns:
        return None
    values = m.sample[column]
    mask = values.isna()
    if text and m.stats[column].blank:  # blanks were counted over every row: look only if any
        mask |= values.str.strip(" ").eq("").fillna(False).astype(bool)
    predicate = sql_predicate(
        m,
        (lambda col: col.is_(None) | (sa_trim(col) == "")) if text else (lambda col: col.is_(None)),
        column,
    )
    return failed_rows(m, mask, column, predicate=predicate)


def sa_trim(col: Any) -> Any:
    import sqlalchemy as sa

    return sa.func.trim(col)


def _placeholder_rows(m: Measurement, column: str, tokens: list[str] | None) -> FailedRows | None:
    """Cells holding a placeholder: the spellings found, or any listed placeholder when unknown."""
    if tokens:
        return in_values(m, column, tokens)
    if column not in m.sample.columns:
        return None
    values = m.sample[column]
    placeholders = set(DISGUISED_MISSING)
    mask = values.map(lambda v: isinstance(v, str) and v.strip().lower() in placeholders)
    return failed_rows(m, mask.astype(bool), column)


def _placeholders(m: Measurement, column: str) -> list[str] | None:
    """The placeholder spellings present, minus tokens that look like the column's ordinary values.

    None when the column's value counts were not measured (too many distinct values).
    """
    top = m.stats[column].top_values
    if top is None:
        return None
    total = sum(n for _v, n in top) or 1
    found: list[str] = []
    for value, _n in top:
        token = str(value).strip().lower()
        if token not in DISGUISED_MISSING:
            continue
        # When most values share the token's length and shape (2-letter codes, single letters),
        # "NA" or "X" is a code, not a placeholder.
        same_shape = sum(
            n
            for v, n in top
            if len(str(v).strip()) == len(token) and str(v).strip().isalpha() == token.isalpha()
        )
        if token.isalnum() and same_shape / total > 0.5:
            continue
        found.append(str(value))
    return found


_NUMERIC_SENTINELS = (-1, -9, -99, -999, -9999, -99999, 99, 999, 9999, 99999, 999999, 9999999)


class Sentinels(Check):
    """Magic numbers and dates (999, -1, 1900-01-01, 9999-12-31) standing in for missing values.

    A value is a sentinel only when it repeats and sits apart from the rest of the distribution,
    so a legitimate 99 among values up to 100 is left alone.
    """

    name: ClassVar[str] = "sentinel_values"
    dimension: ClassVar[Dimension] = Dimension.COMPLETENESS

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            if c.name not in m.sample.columns or m.stats[c.name].non_null < 20:
                continue
            series = m.sample[c.name].dropna()
            if c.kind is ColumnKind.NUMBER and series.dtype != bool:
                hit = numeric_sentinel(series)
            elif c.kind.is_temporal:
                hit = _date_sentinel(series)
            elif c.kind is ColumnKind.STRING:
                from dataready.checks.validity import text_dates

                parsed = text_dates(m, c.name)
                hit = _date_sentinel(parsed) if parsed is not None else None
            else:
                hit = None
            if hit is None:
                continue
            value, count = hit
            affected = scale_to_rows(m, count)
            share = count / max(len(m.sample), 1)
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.3),
                    f"{value!s} appears {count:,} times in the sample ({pct(share)}) apart from every other value: a placeholder for a missing value",
                    columns=(c.name,),
                    measured=str(value),
                    affected=affected,
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=(str(value),),
                    action=f"Replace the sentinel {value!s} in {c.name} with null at the source and document the convention",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_not_be_in_set",
                        column=c.name,
                        value_set=[plain(value)],
                    ),
                    rows=failed_rows(m, series.index[series == value], c.name),
                )
            )
        return out


def numeric_sentinel(series: Any) -> tuple[Any, int] | None:
    counts = series.value_counts()
    floor = max(3, int(0.001 * len(series)))
    for value in _NUMERIC_SENTINELS:
        n = int(counts.get(value, 0))
        if n < floor:
            continue
        others = series[series != value]
        if len(others) < 10:
            continue
        if value < 0 and others.min() >= 0:
            return value, n
        if value > 0 and others.max() < value and value >= 2 * max(others.quantile(0.99), 1):
            return value, n
    return None


def _date_sentinel(series: Any) -> tuple[Any, int] | None:
    import pandas as pd

    values = pd.to_datetime(series, errors="coerce", utc=True).dropna()
    if len(values) < 20:
        return None
    counts = values.value_counts()
    floor = max(3, int(0.001 * len(values)))
    for value, n in counts.items():
        if n < floor:
            break
        suspicious = (
            value.year <= 1900
            or value.year >= 2099
            or (value.year == 1970 and value.month == 1 and value.day == 1)
        )
        if not suspicious:
            continue
        others = values[values != value]
        if not len(others) or others.min() <= value <= others.max():
            continue
        # A placeholder date sits far from the rest: a model year of 1970 next to 1971 is data.
        distinct = others.drop_duplicates().sort_values()
        spacing = distinct.diff().dropna().median() if len(distinct) > 2 else None
        gap = others.min() - value if value < others.min() else value - others.max()
        if spacing is not None and gap < 10 * spacing:
            continue
        return value.date() if value.hour == value.minute == 0 else value, int(n)
    return None


class NearlyEmptyRows(Check):
    name: ClassVar[str] = "nearly_empty_rows"
    dimension: ClassVar[Dimension] = Dimension.COMPLETENESS

    def run(self, m: Measurement) -> list[Finding]:
        n = m.nearly_empty_rows
        if not n:
            return []
        share = n / m.row_count
        return [
            self.finding(
                m,
                severity_for_share(share, warning=0.0, error=0.2),
                f"{n:,} rows ({pct(share)}) have at least 80 % of their columns missing",
                measured=round(share, 6),
                affected=n,
                total=m.row_count,
                action="Find the load or export step that writes hollow rows and filter them out there",
                effort="S",
            )
        ]


class ReadAsMissing(Check):
    """Tokens such as ``NA`` or ``-`` a file wrote for missing numbers or dates, read as missing."""

    name: ClassVar[str] = "read_as_missing"
    dimension: ClassVar[Dimension] = Dimension.COMPLETENESS

    def applies(self, m: Measurement) -> bool:
        return bool(m.read_as_missing)

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for column, tokens in m.read_as_missing.items():
            if column not in m.stats:
                continue
            n = sum(tokens.values())
            listed = ", ".join(f"{token!r} ({count:,})" for token, count in tokens.items())
            kind = m.stats[column].column.kind.value
            out.append(
                self.finding(
                    m,
                    Severity.INFO,
                    f"{n:,} values written as {listed} were read as missing, so the column is read "
                    f"as a {kind} column; they count as missing values",
                    columns=(column,),
                    measured=dict(tokens),
                    affected=n,
                    total=m.row_count,
                    action=f"Write missing {kind}s in {m.source.name} as empty fields, or list the tokens in the source's options.na_values",
                    effort="S",
                )
            )
        return out


CHECKS = (
    EmptySource(),
    MissingValues(),
    ReadAsMissing(),
    DisguisedMissing(),
    Sentinels(),
    NearlyEmptyRows(),
)
