"""Composite validity: values that are valid one column at a time but not together (a date split
over year, month and day columns), times written as numbers or text, and starts after their ends."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from dataready.checks.base import (
    Check,
    expectation,
    failed_rows,
    masked,
    pct,
    plain,
    scale_to_rows,
    severity_for_share,
    sql_predicate,
)
from dataready.checks.numbers import _YEAR
from dataready.model import ColumnKind, Dimension, Finding, Measurement

MIN_VALUES = 50
_MONTH = re.compile(r"(^|_)(month|mon|mm)$", re.I)
_DAY = re.compile(r"(^|_)(day|dd|dom|day_of_month)$", re.I)


def _integers(m: Measurement, column: str) -> Any:
    import pandas as pd

    if column not in m.sample.columns:
        return None
    values = pd.to_numeric(m.sample[column], errors="coerce")
    present = values.dropna()
    if len(present) < MIN_VALUES or not (present == present.round()).all():
        return None
    return values


class SplitDates(Check):
    """Calendar dates split over year, month and day columns that name no real day (30 February).

    The three columns are found by name and confirmed by their data (months within 1-12 and days
    within 1-31 for nearly every row); each row's three values are then read as one date.
    """

    name: ClassVar[str] = "impossible_dates"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        import pandas as pd

        numbers = [c.name for c in m.columns if c.kind is ColumnKind.NUMBER]
        year = next((n for n in numbers if _YEAR.search(n)), None)
        month = next((n for n in numbers if _MONTH.search(n)), None)
        day = next((n for n in numbers if _DAY.search(n)), None)
        if year is None or month is None or day is None:
            return []
        parts = {k: _integers(m, n) for k, n in (("year", year), ("month", month), ("day", day))}
        if any(v is None for v in parts.values()):
            return []
        frame = pd.DataFrame(parts).dropna()
        if len(frame) < MIN_VALUES:
            return []
        if (frame["month"].between(1, 12).mean() < 0.99) or (
            frame["day"].between(1, 31).mean() < 0.99
        ):
            return []  # not a month and a day: the names misled
        if not frame["year"].between(1000, 9999).all():
            return []
        dates = pd.to_datetime(frame.astype(int), errors="coerce")
        bad = frame[dates.isna()]
        if bad.empty:
            return []
        count = len(bad)
        share = count / len(frame)
        shown = [f"{int(r.year)}-{int(r.month):02d}-{int(r.day):02d}" for r in bad.itertuples()]
        return [
            self.finding(
                m,
                severity_for_share(share, warning=0.0, error=0.05),
                f"{count:,} rows ({pct(share)}) name no real calendar day in {year}/{month}/{day} "
                f"(e.g. {shown[0]})",
                columns=(year, month, day),
                measured={
                    "values": sorted(set(shown))[:20],
                    "sample_rows": [plain(i) for i in bad.index[:20]],
                },
                affected=scale_to_rows(m, count),
                total=m.row_count,
                basis=m.sample_basis,
                examples=tuple(dict.fromkeys(shown))[:5],
                action=f"Correct the impossible dates and keep {year}, {month} and {day} as one date column",
                effort="S",
                rows=failed_rows(m, bad.index, (year, month, day)),
            )
        ]


HHMM_MIN_DISTINCT = 30


class ClockTimes(Check):
    """Times of day written as ``HHMM`` integers or as ``H:MM`` text with no such time (``1275``, ``9:75``).

    An integer column is a clock column when its values run from 0 to 2400 and nearly all of them
    end in 00-59 (as minutes do: arbitrary numbers in that range end so only 60 % of the time).
    A text column is one when nearly all its values are written ``H:MM`` (with or without a.m./p.m.).
    """

    name: ClassVar[str] = "impossible_times"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out: list[Finding] = []
        for c in m.columns:
            if c.kind is ColumnKind.NUMBER:
                bad = self._hhmm(m, c.name)
            elif c.kind is ColumnKind.STRING and c.name in m.sample.columns:
                bad = self._text(m, c.name)
            else:
                continue
            if bad is None:
                continue
            flagged, checked = bad
            count = len(flagged)
            share = count / checked
            shown = list(dict.fromkeys(str(plain(v)) for v in flagged))
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.05),
                    f"{count:,} values ({pct(share)}) are no time of day (e.g. {masked(shown[0])})",
                    columns=(c.name,),
                    measured={
                        "values": shown[:20],
                        "sample_rows": [plain(i) for i in flagged.index[:20]],
                    },
                    affected=scale_to_rows(m, count),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=tuple(masked(v) for v in shown[:5]),
                    action=f"Correct the impossible times in {c.name} (minutes 00-59, hours 0-24) "
                    "and store it as a time",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_between",
                        column=c.name,
                        min_value=0,
                        max_value=2400,
                    )
                    if c.kind is ColumnKind.NUMBER
                    else None,
                    rows=failed_rows(
                        m,
                        flagged.index,
                        c.name,
                        predicate=sql_predicate(m, _no_hhmm_time, c.name)
                        if c.kind is ColumnKind.NUMBER
                        else None,
                    ),
                )
            )
        return out

    @staticmethod
    def _hhmm(m: Measurement, column: str) -> tuple[Any, int] | None:
        values = _integers(m, column)
        if values is None:
            return None
        values = values.dropna()
        if values.min() < 0 or values.nunique() < HHMM_MIN_DISTINCT or (values >= 100).mean() < 0.3:
            return None
        within = values <= 2400
        minutes_ok = (values % 100) < 60
        if within.mean() < 0.99 or (within & minutes_ok).mean() < 0.99:
            return None
        bad = values[~(within & minutes_ok)]
        return (bad, len(values)) if len(bad) else None

    @staticmethod
    def _text(m: Measurement, column: str) -> tuple[Any, int] | None:
        s = m.stats[column]
        if (s.max_length or 0) > 16 or (s.min_length or 0) < 4:
            return None  # H:MM is 4 characters, HH:MM:SS p.m. at most 16
        values = m.sample[column].dropna()
        if len(values) < MIN_VALUES:
            return None
        probe = values.iloc[:: max(1, len(values) // 200)].astype(str).str.strip()
        if probe.str.match(_CLOCK).mean() < 0.9:
            return None
        values = values.astype(str).str.strip()
        parts = values.str.extract(_CLOCK)
        matched = parts[0].notna()
        if matched.mean() < 0.9:
            return None
        hours = parts[0][matched].astype(int)
        minutes = parts[1][matched].astype(int)
        meridiem = parts[2][matched].notna()
        bad_hours = (hours > 24) | (meridiem & ((hours > 12) | (hours == 0)))
        bad = values[matched][(minutes >= 60) | bad_hours]
        return (bad, int(matched.sum())) if len(bad) else None


def _no_hhmm_time(col: Any) -> Any:
    """A SQL condition on an HHMM integer column: no time of day (minutes 60-99, or past 24:00)."""
    return (col % 100 >= 60) | (col > 2400)


def _after(other: str) -> Callable[[Any], Any]:
    """A SQL condition on a column: later than ``other`` in the same row."""

    def condition(col: Any) -> Any:
        import sqlalchemy as sa

        return col > sa.column(other)

    return condition


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp]\.?\s*[Mm]\.?)?$")
ORDER_MIN_SHARE = 0.99
ORDER_BY_CHANCE = 0.9


def _ordered_by_range(first: Any, second: Any) -> bool:
    """Two columns whose ranges barely overlap (birth dates and order dates) are in one order
    whatever rows are paired: their order is no relation between a row's two values, and a row
    out of order has an outlier in one column (other checks report it). Paired at random (a
    seeded shuffle), such columns stay ordered."""
    import numpy as np

    shuffled = np.random.default_rng(0).permutation(second.to_numpy())
    return bool((first.to_numpy() <= shuffled).mean() >= ORDER_BY_CHANCE)


ORDER_MAX_COLUMNS = 12


class StartAfterEnd(Check):
    """Rows whose earlier timestamp comes after their later one (a start after its end).

    Which column comes first is learned from the data, not the names: two timestamps of the same
    table that are in one order in at least 99 % of rows (and differ in most) describe a start and
    an end; the rows in the other order are errors.
    """

    name: ClassVar[str] = "start_after_end"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        import pandas as pd

        temporal = [c.name for c in m.columns if c.kind.is_temporal and c.name in m.sample.columns][
            :ORDER_MAX_COLUMNS
        ]
        if len(temporal) < 2:
            return []
        kinds = {c.name: c.kind for c in m.columns}
        parsed = {}
        for name in temporal:
            try:
                parsed[name] = pd.to_datetime(
                    m.sample[name], errors="coerce", utc=True
                ).dt.tz_localize(None)  # naive datetime64: compared in numpy, not object by object
            except (TypeError, ValueError):
                continue
        out: list[Finding] = []
        names = list(parsed)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                both = parsed[a].notna() & parsed[b].notna()
                if both.sum() < MIN_VALUES:
                    continue
                first, second = parsed[a][both], parsed[b][both]
                if ColumnKind.DATE in (kinds[a], kinds[b]):
                    # A date has no time of day: it is compared with a timestamp's day, else
                    # everything shipped on the day it was ordered would ship "before" its order.
                    first, second = first.dt.floor("D"), second.dt.floor("D")
                before, after = (first < second).mean(), (first > second).mean()
                if after > before:
                    first, second, a_name, b_name = second, first, b, a
                else:
                    a_name, b_name = a, b
                ordered = (first <= second).mean()
                if ordered < ORDER_MIN_SHARE or (first < second).mean() < 0.5 or ordered == 1:
                    continue
                if _ordered_by_range(first, second):
                    continue
                bad = first.index[first > second]
                count = len(bad)
                share = count / int(both.sum())
                out.append(
                    self.finding(
                        m,
                        severity_for_share(share, warning=0.0, error=0.05),
                        f"{count:,} rows ({pct(share)}) have {a_name} after {b_name}, which every "
                        "other row has before it",
                        columns=(a_name, b_name),
                        measured={"sample_rows": [plain(i) for i in bad[:20]]},
                        affected=scale_to_rows(m, count),
                        total=m.row_count,
                        basis=m.sample_basis,
                        examples=tuple(f"{plain(first[i])} > {plain(second[i])}" for i in bad[:3]),
                        action=f"Correct the rows where {a_name} is after {b_name} (swapped or mistyped)",
                        effort="S",
                        expectation=expectation(
                            "expect_column_pair_values_a_to_be_greater_than_b",
                            column_A=b_name,
                            column_B=a_name,
                            or_equal=True,
                        ),
                        rows=failed_rows(
                            m,
                            bad,
                            (a_name, b_name),
                            predicate=sql_predicate(m, _after(b_name), a_name),
                        ),
                    )
                )
        return out


CHECKS = (SplitDates(), ClockTimes(), StartAfterEnd())
