"""Numbers judged against their own bulk: implausible extremes, stray signs, codes outside a
codebook's range, and years in the future.

Every rule here is decided by the column's distribution (robust statistics: quantiles and gaps),
never by a fixed limit: a value is implausible because of how far it lies from what the column
otherwise holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from dataready.checks.base import (
    Check,
    expectation,
    failed_rows,
    pct,
    plain,
    scale_to_rows,
    severity_for_share,
    sql_predicate,
)
from dataready.checks.completeness import numeric_sentinel
from dataready.checks.validity import _NON_NEGATIVE, _SIGNED, _negatives_stray_from_zero
from dataready.model import Basis, ColumnKind, Dimension, Finding, Measurement
from dataready.vocabulary.values import id_like

MIN_VALUES = 50
MIN_LEVELS = 10
"""Distinct values a column needs before its bulk says anything about its extremes."""
EXTREME_FENCE = 10.0
"""An extreme lies beyond the 99th percentile by at least this many times the bulk's upper half
(99th percentile minus median)."""
EXTREME_GAP = 5.0
"""…and at least this many times farther from the median than any value that is not an extreme."""
EXTREME_MAX = 10
"""More values than this far out are a tail of their own, not a few implausible readings."""


def _not_between(low: Any, high: Any) -> Callable[[Any], Any]:
    """A SQL condition on a column: outside [low, high]."""
    return lambda col: ~col.between(low, high)


def _above(limit: Any) -> Callable[[Any], Any]:
    return lambda col: col > limit


def _numbers(m: Measurement, column: str) -> Any:
    """The sampled non-null values of a number column as floats (None for booleans and ids)."""
    import pandas as pd

    if column not in m.sample.columns:
        return None
    series = m.sample[column].dropna()
    if series.dtype == bool or len(series) < MIN_VALUES:
        return None
    values = pd.to_numeric(series, errors="coerce").dropna()
    return values.astype(float) if len(values) >= MIN_VALUES else None


def implausible_extremes(values: Any) -> Any:
    """Values absurdly far from the column's bulk, with an empty gap between them and it.

    A reading of 1,048 among wind speeds of 0-40 is a broken sensor or a typo: it lies far
    beyond where the bulk's spread says values can go (the fence), and nothing fills the space
    between (a long-tailed quantity such as income or population reaches its extremes through a
    continuum of values, so it never shows such a gap).
    """
    median = float(values.median())
    out = []
    for side in (1.0, -1.0):
        distance = (values - median) * side
        q99 = float(distance.quantile(0.99))
        if q99 <= 0:
            continue
        far = distance[distance > EXTREME_FENCE * q99]
        if far.empty or len(far) > EXTREME_MAX:
            continue
        rest = float(distance[distance <= EXTREME_FENCE * q99].max())
        if float(far.min()) >= EXTREME_GAP * max(rest, q99):
            out.append(values[far.index])
    if not out:
        return None
    import pandas as pd

    return pd.concat(out)


class ImplausibleExtremes(Check):
    """A handful of values so far beyond the bulk of the column, with a gap between, that no real
    measurement of the same quantity could produce (robust fences: quantiles and the median)."""

    name: ClassVar[str] = "implausible_extremes"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out: list[Finding] = []
        for c in m.columns:
            if c.kind is not ColumnKind.NUMBER or id_like(c.name):
                continue
            values = _numbers(m, c.name)
            if values is None or values.nunique() < MIN_LEVELS:
                continue
            sentinel = numeric_sentinel(values)
            if sentinel is not None:  # a missing-value code, reported by the completeness checks
                values = values[values != sentinel[0]]
            extremes = implausible_extremes(values)
            if extremes is None:
                continue
            count = len(extremes)
            share = count / len(values)
            bulk = values[~values.index.isin(extremes.index)]
            shown = sorted({plain(v) for v in extremes}, key=lambda v: -abs(v))
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.05),
                    f"{count:,} values lie implausibly far from all others (e.g. {shown[0]}; "
                    f"the middle 98 % lie within {plain(values.quantile(0.01))} to "
                    f"{plain(values.quantile(0.99))})",
                    columns=(c.name,),
                    measured={
                        "values": shown[:20],
                        "sample_rows": [plain(i) for i in extremes.index[:20]],
                    },
                    affected=scale_to_rows(m, count),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=tuple(str(v) for v in shown[:5]),
                    action=f"Check the flagged values of {c.name} against the source (a typo, a "
                    "broken sensor or a missing-value code) and correct or null them",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_between",
                        column=c.name,
                        min_value=plain(bulk.min()),
                        max_value=plain(bulk.max()),
                    ),
                    rows=failed_rows(
                        m,
                        extremes.index,
                        c.name,
                        predicate=sql_predicate(
                            m,
                            _not_between(plain(bulk.min()), plain(bulk.max())),
                            c.name,
                        ),
                    ),
                )
            )
        return out


SIGN_MAX_SHARE = 0.005
"""At most this share of negatives: more is a signed quantity, not slips."""


class SignAnomalies(Check):
    """A handful of negatives in a column otherwise strictly positive, whose sizes match the
    positive values: signs flipped by mistake (a refund typed as a negative distance).

    Left to ``out_of_domain`` where the column's name or its zeros already say it cannot be
    negative; this rule needs neither, only the data: every other value is above zero and the
    negatives, sign removed, fall inside the positives' own range.
    """

    name: ClassVar[str] = "sign_anomalies"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out: list[Finding] = []
        for c in m.columns:
            s = m.stats[c.name]
            if c.kind is not ColumnKind.NUMBER or not s.negative or _SIGNED.search(c.name):
                continue
            if s.negative > SIGN_MAX_SHARE * s.non_null:
                continue
            values = _numbers(m, c.name)
            if values is None or values.nunique() < MIN_LEVELS:
                continue
            if _NON_NEGATIVE.search(c.name) or _negatives_stray_from_zero(values, c.name):
                continue  # out_of_domain reports these
            negatives, positives = values[values < 0], values[values > 0]
            if negatives.empty or (values == 0).any() or len(positives) < MIN_VALUES:
                continue
            if numeric_sentinel(values) is not None:
                continue
            low, high = float(positives.quantile(0.01)), float(positives.quantile(0.99))
            if not ((-negatives >= low) & (-negatives <= high)).all():
                continue
            share = s.negative / s.non_null
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.05),
                    f"{s.negative:,} negative values ({pct(share)}) in a column otherwise above "
                    "zero, of the same size as the positive values (flipped signs?)",
                    columns=(c.name,),
                    measured={
                        "values": sorted(plain(v) for v in negatives.unique()[:20]),
                        "sample_rows": [plain(i) for i in negatives.index[:20]],
                    },
                    threshold=0,
                    affected=s.negative,
                    total=m.row_count,
                    basis=Basis.EXACT,
                    examples=tuple(str(plain(v)) for v in negatives.iloc[:5]),
                    action=f"Correct the signs of the negative values of {c.name} and reject "
                    "negatives on entry",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_between", column=c.name, min_value=0
                    ),
                    rows=failed_rows(
                        m,
                        negatives.index,
                        c.name,
                        predicate=sql_predicate(m, lambda col: col < 0, c.name),
                    ),
                )
            )
        return out


CODEBOOK_MAX_LEVELS = 20
"""Integer columns with at most this many values inside their range are codes (survey answers)."""
CODEBOOK_MAX_STRAY_SHARE = 0.01


def codebook_strays(counts: dict[int, int]) -> tuple[tuple[int, int], list[int]] | None:
    """The contiguous range a coded column's values fill, and the few values far outside it.

    Survey answers and category codes fill a range (1-5, 0-9) with every code used; a value
    far beyond it (55 among 1-5, a digit typed twice) is no code of the book. Far means at least
    the range's own width away from it.
    """
    total = sum(counts.values())
    ordered = sorted(counts)
    best: tuple[int, int] | None = None
    for i, start in enumerate(ordered):
        end = i
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        inside = sum(counts[v] for v in ordered[i : end + 1])
        if inside >= (1 - CODEBOOK_MAX_STRAY_SHARE) * total:
            best = (start, ordered[end])
            break
    if best is None:
        return None
    low, high = best
    width = high - low + 1
    if width < 3 or width > CODEBOOK_MAX_LEVELS:
        return None
    strays = [v for v in ordered if v < low - width or v > high + width]
    # The rest must be inside the range or near it; values just beyond its edge extend it.
    if not strays or any(not (low <= v <= high) and v not in strays for v in ordered):
        return None
    return best, strays


class CodebookRange(Check):
    """Integer codes far outside the contiguous range every other value of the column fills."""

    name: ClassVar[str] = "codebook_range"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out: list[Finding] = []
        for c in m.columns:
            if c.kind is not ColumnKind.NUMBER or id_like(c.name):
                continue
            values = _numbers(m, c.name)
            if values is None or not (values == values.round()).all():
                continue
            if values.nunique() > 2 * CODEBOOK_MAX_LEVELS:
                continue
            sentinel = numeric_sentinel(values)
            if sentinel is not None:
                values = values[values != sentinel[0]]
            counts = {int(v): int(n) for v, n in values.value_counts().items()}
            found = codebook_strays(counts)
            if found is None:
                continue
            (low, high), strays = found
            flagged = values[values.isin(strays)]
            count = len(flagged)
            share = count / len(values)
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.05),
                    f"{count:,} values ({pct(share)}) lie far outside the codes {low}-{high} "
                    "every other value uses",
                    columns=(c.name,),
                    measured={
                        "range": [low, high],
                        "values": {v: counts[v] for v in strays[:20]},
                        "sample_rows": [plain(i) for i in flagged.index[:20]],
                    },
                    affected=scale_to_rows(m, count),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=tuple(str(v) for v in strays[:5]),
                    action=f"Correct the codes of {c.name} outside {low}-{high} against the "
                    "codebook and validate the range on entry",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_between",
                        column=c.name,
                        min_value=low,
                        max_value=high,
                    ),
                    rows=failed_rows(
                        m,
                        flagged.index,
                        c.name,
                        predicate=sql_predicate(m, _not_between(low, high), c.name),
                    ),
                )
            )
        return out


_YEAR = re.compile(r"(^|_|\b)(year|yr|yyyy)s?($|_|\b)|year$", re.I)
YEAR_FLOOR = 1700


class FutureYears(Check):
    """Integer years after next year in a column of past years (2107 typed for 2007).

    A column is a year column when its name says so and its data agrees: integers, at least
    95 % of them between 1700 and next year, several distinct years. Next year is allowed (model
    years and fiscal years run ahead); a column mostly in the future holds plans, not years past.
    """

    name: ClassVar[str] = "future_years"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out: list[Finding] = []
        limit = m.measured_at.year + 1
        for c in m.columns:
            s = m.stats[c.name]
            if c.kind is not ColumnKind.NUMBER or s.max_value is None:
                continue
            try:
                if float(s.max_value) <= limit or not _YEAR.search(c.name):
                    continue
            except (TypeError, ValueError):
                continue
            values = _numbers(m, c.name)
            if values is None or not (values == values.round()).all():
                continue
            past = values[(values >= YEAR_FLOOR) & (values <= limit)]
            if len(past) < 0.95 * len(values) or past.nunique() < 3:
                continue
            ahead = values[values > limit]
            if ahead.empty:
                continue
            count = len(ahead)
            share = count / len(values)
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.05),
                    f"{count:,} years ({pct(share)}) are in the future; latest is {plain(ahead.max())}",
                    columns=(c.name,),
                    measured={
                        "values": sorted({plain(v) for v in ahead})[:20],
                        "sample_rows": [plain(i) for i in ahead.index[:20]],
                    },
                    threshold=limit,
                    affected=scale_to_rows(m, count),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=tuple(str(plain(v)) for v in ahead.iloc[:5]),
                    action=f"Correct the future years in {c.name} (a slipped digit: 2107 for 2007)",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_between",
                        column=c.name,
                        max_value=limit,
                    ),
                    rows=failed_rows(
                        m,
                        ahead.index,
                        c.name,
                        predicate=sql_predicate(m, _above(limit), c.name),
                    ),
                )
            )
        return out


CHECKS = (ImplausibleExtremes(), SignAnomalies(), CodebookRange(), FutureYears())
