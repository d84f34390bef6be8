"""Validity: values of the wrong type or format, and values outside an obvious domain."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

from dataready.checks.base import (
    Check,
    expectation,
    failed_rows,
    masked,
    pct,
    plain,
    row_identity,
    scale_to_rows,
    severity_for_share,
    sql_predicate,
)
from dataready.checks.completeness import numeric_sentinel
from dataready.model import (
    Basis,
    ColumnKind,
    Dimension,
    FailedRows,
    Finding,
    Measurement,
    Severity,
)
from dataready.vocabulary.textstats import stripped_column
from dataready.vocabulary.values import DISGUISED_MISSING, id_like

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")
_TIME = r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp][Mm])?(Z|[+-]\d{2}:?\d{2})?)?"
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_FORMATS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("YYYY-MM-DD", re.compile(rf"^\d{{4}}-\d{{1,2}}-\d{{1,2}}{_TIME}$"), "%Y-%m-%d"),
    ("YYYY/MM/DD", re.compile(rf"^\d{{4}}/\d{{1,2}}/\d{{1,2}}{_TIME}$"), "%Y/%m/%d"),
    ("YYYYMMDD", re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$"), "%Y%m%d"),
    (
        "DD/MM/YYYY or MM/DD/YYYY",
        re.compile(rf"^\d{{1,2}}/\d{{1,2}}/\d{{2,4}}{_TIME}$"),
        "%d/%m/%Y",
    ),
    ("DD-MM-YYYY", re.compile(rf"^\d{{1,2}}-\d{{1,2}}-\d{{4}}{_TIME}$"), "%d-%m-%Y"),
    ("DD.MM.YYYY", re.compile(rf"^\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}{_TIME}$"), "%d.%m.%Y"),
    (
        "DD Mon YYYY",
        re.compile(rf"^\d{{1,2}}[ -]{_MONTH}[ -,]*\d{{2,4}}{_TIME}$", re.I),
        "%d %b %Y",
    ),
    ("Mon DD, YYYY", re.compile(rf"^{_MONTH} \d{{1,2}},? \d{{4}}{_TIME}$", re.I), "%b %d, %Y"),
)
MOSTLY = 0.9
"""A text column whose values are at least 90 % numbers (or dates) is meant to hold numbers (or dates)."""
MIN_VALUES = 20


def _text_values(m: Measurement, column: str) -> Any:
    """Non-empty, non-placeholder text values of a column in the sample."""

    def compute() -> Any:
        series = stripped_column(m, column)
        return series[(series != "") & ~series.str.lower().isin(DISGUISED_MISSING)]

    return m.cached(("text_values", column), compute)


def date_formats(values: Any) -> Any:
    """The date format of each value (None where it is not a date).

    The first values decide whether the column is worth parsing at all, which keeps text
    columns that are plainly not dates (names, comments) cheap.
    """
    import pandas as pd

    head = values.iloc[:200].map(date_format_of)
    if head.notna().mean() < 0.5:
        return pd.Series([None] * len(values), index=values.index, dtype=object)
    return values.map(date_format_of)


def _formats(m: Measurement, column: str, values: Any) -> Any:
    return m.cached(("date_formats", column), lambda: date_formats(values))


def date_format_of(value: str) -> str | None:
    for label, pattern, _ in DATE_FORMATS:
        if pattern.match(value):
            return label
    return None


class TextEncodedValues(Check):
    """Numbers or dates stored as text, and the values that keep such a column from being typed."""

    name: ClassVar[str] = "text_encoded_values"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out: list[Finding] = []
        for c in m.columns:
            if c.kind is not ColumnKind.STRING or c.name not in m.sample.columns:
                continue
            values = _text_values(m, c.name)
            if len(values) < MIN_VALUES:
                continue
            probe = values.iloc[:: max(1, len(values) // PROBE)]
            if _numbers(probe).mean() < 0.5 and _formats(m, c.name, values).notna().mean() < MOSTLY:
                continue  # values spread over the sample are mostly not numbers, and the column is not dates
            is_number = _numbers(values)
            is_date = _formats(m, c.name, values).notna()
            for label, mask in (("numbers", is_number), ("dates", is_date)):
                share = float(mask.mean())
                if share < MOSTLY:
                    continue
                bad = values[~mask]
                if len(bad):
                    count = len(bad)
                    affected = scale_to_rows(m, count)
                    bad_share = count / len(values)
                    out.append(
                        self.finding(
                            m,
                            severity_for_share(bad_share, warning=0.0, error=0.05),
                            f"{pct(bad_share)} of values are not {label} in a column of {label} (mixed types)",
                            columns=(c.name,),
                            measured=round(bad_share, 6),
                            threshold=0.0,
                            affected=affected,
                            total=m.row_count,
                            basis=m.sample_basis,
                            examples=tuple(masked(v) for v in bad.value_counts().index[:5]),
                            action=f"Correct or null the non-{label[:-1]} values in {c.name}, then store it as a {label[:-1]} type",
                            effort="S",
                            expectation=expectation(
                                "expect_column_values_to_match_regex",
                                column=c.name,
                                regex=_NUMBER.pattern
                                if label == "numbers"
                                else DATE_FORMATS[0][1].pattern,
                            ),
                            rows=failed_rows(m, bad.index, c.name),
                        )
                    )
                elif label == "numbers" and _looks_like_quantity(values, c.name):
                    out.append(
                        self.finding(
                            m,
                            Severity.INFO,
                            "numbers are stored as text",
                            columns=(c.name,),
                            basis=m.sample_basis,
                            affected=0,
                            total=m.row_count,
                            action=f"Store {c.name} as a numeric type so that sums, ranges and models treat it as a number",
                            effort="S",
                            expectation=expectation(
                                "expect_column_values_to_be_in_type_list",
                                column=c.name,
                                type_list=[
                                    "INTEGER",
                                    "BIGINT",
                                    "DOUBLE",
                                    "NUMERIC",
                                    "FLOAT",
                                    "int64",
                                    "float64",
                                ],
                            ),
                        )
                    )
                break
        return out


PROBE = 200
"""Values, spread over the sample, looked at first: when most are not numbers, the column is not numbers."""


def _numbers(values: Any) -> Any:
    return values.str.match(_NUMBER) & values.str.contains(r"\d")


def _looks_like_quantity(values: Any, name: str) -> bool:
    """Codes (zip codes, account numbers) are text by design: leading zeros or one fixed width."""
    if id_like(name) or values.str.match(r"^0\d").any():
        return False
    return values.str.len().nunique() > 2


class MixedDateFormats(Check):
    name: ClassVar[str] = "mixed_date_formats"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            if c.kind is not ColumnKind.STRING or c.name not in m.sample.columns:
                continue
            values = _text_values(m, c.name)
            if len(values) < MIN_VALUES:
                continue
            formats = _formats(m, c.name, values).dropna()
            if len(formats) < MOSTLY * len(values):
                continue
            counts = formats.value_counts()
            if len(counts) < 2:
                continue
            dominant = str(counts.index[0])
            minority = int(counts.iloc[1:].sum())
            share = minority / len(values)
            examples = tuple(
                masked(values[formats.index[formats == f]].iloc[0]) for f in counts.index[:4]
            )
            strftime = next(fmt for label, _p, fmt in DATE_FORMATS if label == dominant)
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.2),
                    f"dates are written in {len(counts)} formats; {pct(share)} differ from the usual {dominant}",
                    columns=(c.name,),
                    measured={str(k): int(v) for k, v in counts.items()},
                    affected=scale_to_rows(m, minority),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=examples,
                    action=f"Normalise {c.name} to one format ({dominant}, or better ISO 8601) and store it as a date",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_match_strftime_format",
                        column=c.name,
                        strftime_format=strftime,
                    ),
                    rows=failed_rows(m, formats.index[formats != dominant], c.name),
                )
            )
        return out


# Column-name conventions that imply a domain. Deliberately few: a false alarm costs more trust
# than a missed edge case, and declared expectations cover the rest.
_NON_NEGATIVE = re.compile(
    r"(^|_)(count|counts|qty|quantity|quantities|num|number_of|n|age|price|prices|cost|fee|salary|weight|height|"
    r"width|length|duration|distance|area|volume|population|views|clicks|visits|units|stock|items|pages|"
    r"rooms|beds|bedrooms|bathrooms|floors|children|adults|passengers|years|months|days|hours|minutes|seconds)(_|$)"
    r"|(^|_)n_|_count$|^num_|^total_|^nb_|_cnt$",
    re.I,
)
_UPPER = (
    (re.compile(r"(^|_)age(_years)?$", re.I), 120, "ages above 120"),
    (re.compile(r"^pct|pct$|(^|_)pct|percent|percentage", re.I), 100, "percentages above 100"),
)


class DomainViolations(Check):
    """Values no such column can hold: negative counts, ages over 120, percentages over 100.

    The domain comes from the column's name where it is conventional, or from the data itself
    where the bulk of the values draws a clear boundary (many exact zeros and a handful of
    negatives; values within 0-100 and a few far beyond, with nothing in between).
    """

    name: ClassVar[str] = "out_of_domain"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            s = m.stats[c.name]
            if c.kind is not ColumnKind.NUMBER or not s.non_null:
                continue
            series = m.sample[c.name].dropna() if c.name in m.sample.columns else None
            if series is not None and series.dtype == bool:
                continue
            if (
                s.negative
                and s.negative < 0.5 * s.non_null
                and not _centred(series)
                and (
                    (_NON_NEGATIVE.search(c.name) and not _SIGNED.search(c.name))
                    or _negatives_stray_from_zero(series, c.name)
                )
            ):
                share = s.negative / s.non_null
                out.append(
                    self.finding(
                        m,
                        severity_for_share(share, warning=0.0, error=0.05),
                        f"{s.negative:,} negative values ({pct(share)}) in a column that counts or measures something",
                        columns=(c.name,),
                        measured=plain(s.min_value),
                        threshold=0,
                        affected=s.negative,
                        total=m.row_count,
                        action=f"Correct the negative values in {c.name} (sign errors or codes) and reject them on entry",
                        effort="S",
                        expectation=expectation(
                            "expect_column_values_to_be_between", column=c.name, min_value=0
                        ),
                        rows=_rows_below_zero(m, c.name),
                    )
                )
            if series is None or s.max_value is None:
                continue
            bound_and_what = _upper_bound(c.name, series)
            if bound_and_what is None or float(s.max_value) <= bound_and_what[0]:
                continue
            bound, what = bound_and_what
            beyond = series[series > bound]
            sentinel = numeric_sentinel(series)
            if sentinel is not None:
                beyond = beyond[
                    beyond != sentinel[0]
                ]  # reported as a missing-value code, not twice
            if beyond.empty or len(beyond) > 0.5 * len(series):
                continue  # most values are above the bound: the unit is not what the name suggests
            count = len(beyond)
            out.append(
                self.finding(
                    m,
                    severity_for_share(count / max(len(series), 1), warning=0.0, error=0.05),
                    f"{count:,} {what} in the sample; maximum is {plain(beyond.max())}",
                    columns=(c.name,),
                    measured=plain(beyond.max()),
                    threshold=bound,
                    affected=scale_to_rows(m, count),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=tuple(str(plain(v)) for v in beyond.value_counts().index[:5]),
                    action=f"Correct the {what} in {c.name} and validate the range on entry",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_between",
                        column=c.name,
                        min_value=0,
                        max_value=bound,
                    ),
                    rows=failed_rows(m, beyond.index, c.name),
                )
            )
        return out


def _rows_below_zero(m: Measurement, column: str) -> FailedRows:
    values = m.sample[column] if column in m.sample.columns else None
    predicate = sql_predicate(m, lambda col: col < 0, column)
    if values is None:
        return FailedRows(identity=row_identity(m), predicate=predicate)
    return failed_rows(m, values.index[values.to_numpy() < 0], column, predicate=predicate)


def _future_rows(m: Measurement, column: str) -> FailedRows:
    """Sampled dates after the day following the measurement, as the exact count compares."""
    import pandas as pd

    values = m.sample[column] if column in m.sample.columns else None
    if values is None:
        return FailedRows(identity=row_identity(m))
    ahead = pd.to_datetime(values, errors="coerce")
    if getattr(ahead.dt, "tz", None) is not None:
        ahead = ahead.dt.tz_localize(None)
    cut = pd.Timestamp(m.measured_at).tz_localize(None) + pd.Timedelta(days=1)
    return failed_rows(m, ahead.index[(ahead > cut).to_numpy()], column)


_SIGNED = re.compile(
    r"change|delta|diff|balance|profit|loss|net|return|growth|temp|lat|lon|lng|score|z_|resid|error|offset|gain|margin|rate",
    re.I,
)


def _centred(series: Any) -> bool:
    """A column centred on zero (standardised features, deviations from a mean): many negatives and a
    mean near zero against the spread. Its sign says below or above average, not a wrong sign."""
    if series is None or len(series) < MIN_VALUES:
        return False
    values = series.astype(float)
    std = float(values.std())
    return bool(std > 0 and (values < 0).mean() >= 0.2 and abs(float(values.mean())) <= 0.1 * std)


def _negatives_stray_from_zero(series: Any, name: str) -> bool:
    """Many exact zeros and very few negatives: a quantity that bottoms out at zero, with errors below it."""
    if series is None or len(series) < MIN_VALUES or _SIGNED.search(name):
        return False
    zeros = float((series == 0).mean())
    negatives = float((series < 0).mean())
    return zeros >= 0.1 and 0 < negatives <= 0.03


def _upper_bound(name: str, series: Any) -> tuple[float, str] | None:
    for pattern, bound, what in _UPPER:
        if pattern.search(name):
            return bound, what
    # Percent-like by its data: nearly all values within 0-100, reaching well into that range,
    # and the rest far beyond it with nothing in between (a gap, not a long tail).
    if len(series) < MIN_VALUES:
        return None
    inside = series[(series >= 0) & (series <= 100)]
    outside = series[series > 100]
    if outside.empty or len(inside) < 0.97 * len(series) or inside.max() < 50:
        return None
    if float(outside.min()) <= 150:
        return None
    return 100, "values above 100 in a column otherwise within 0-100"


class ScaleErrors(Check):
    """A few values a power of ten away from all the others: a unit or decimal-point slip.

    Applies to a positive measure whose bulk (10th to 90th percentile) spans less than one order of
    magnitude. A value is reported when it lies at least three times beyond that bulk, divided
    (or multiplied) by 10, 100 or 1,000 it falls back inside, and nothing fills the gap between
    (a long tail is a distribution; a gap with the same shape shifted is a slip).
    """

    name: ClassVar[str] = "scale_errors"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            if c.kind is not ColumnKind.NUMBER or c.name not in m.sample.columns or id_like(c.name):
                continue
            series = m.sample[c.name].dropna()
            if series.dtype == bool or len(series) < SCALE_MIN_VALUES:
                continue
            slipped = scale_slips(series.astype(float))
            if slipped is None:
                continue
            count = len(slipped)
            share = count / len(series)
            direction = "above" if float(slipped.iloc[0]) > float(series.median()) else "below"
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.05),
                    f"{count:,} values ({pct(share)}) lie a power of ten {direction} all the others "
                    "(a unit or decimal-point slip?)",
                    columns=(c.name,),
                    measured=plain(slipped.iloc[0]),
                    affected=scale_to_rows(m, count),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=tuple(str(plain(v)) for v in slipped.value_counts().index[:5]),
                    action=f"Check the unit of the flagged values of {c.name} and correct them at the source",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_between",
                        column=c.name,
                        min_value=plain(series.quantile(0.1)) / SCALE_GAP,
                        max_value=plain(series.quantile(0.9)) * SCALE_GAP,
                    ),
                    rows=failed_rows(m, slipped.index, c.name),
                )
            )
        return out


SCALE_MIN_VALUES = 20
SCALE_BULK_SPAN = 10.0
"""The bulk (10th to 90th percentile) of a column checked for scale slips spans less than this factor."""
SCALE_GAP = 3.0
"""A slipped value lies at least this factor beyond the bulk, with no value in between."""
SCALE_MIN_LEVELS = 10
SCALE_MAX_SHARE = 0.08
"""At most this share of the values may have slipped: more would be a second population, not a slip."""


def scale_slips(series: Any) -> Any:
    """The values of ``series`` that look like unit slips (see :class:`ScaleErrors`), or None."""
    if (series <= 0).any():
        return None
    low, high = float(series.quantile(0.1)), float(series.quantile(0.9))
    if low <= 0 or high / low >= SCALE_BULK_SPAN:
        return None
    above, below = series > high * SCALE_GAP, series < low / SCALE_GAP
    far = series[above | below]
    if far.empty or len(far) > SCALE_MAX_SHARE * len(series):
        return None
    # Slips scatter like the values they came from; one value repeated is a code (0.5 for "under a
    # year"), and a column of a few coded levels has no bulk to slip from.
    if far.nunique() * 2 < len(far) or series.nunique() < SCALE_MIN_LEVELS:
        return None
    # A tail reaching out towards them (on their side) makes them part of the distribution.
    if above.any() and ((series > high * 1.5) & (series <= high * SCALE_GAP)).any():
        return None
    if below.any() and ((series < low / 1.5) & (series >= low / SCALE_GAP)).any():
        return None

    def back_inside(value: float) -> bool:
        return any(
            low / 1.5 <= value / factor <= high * 1.5 or low / 1.5 <= value * factor <= high * 1.5
            for factor in (10.0, 100.0, 1000.0)
        )

    if not all(back_inside(float(v)) for v in far):
        return None
    return far


_FUTURE_OK = re.compile(
    r"due|expir|valid|until|schedul|plan|next|end|deadline|forecast|target|renew|maturity|eta|estimated|arriv|deliver|start",
    re.I,
)


class FutureDates(Check):
    """Event dates after today in a column whose other values lie in the past."""

    name: ClassVar[str] = "future_dates"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        import pandas as pd

        out = []
        today = m.measured_at.date().isoformat()
        for c in m.columns:
            if _FUTURE_OK.search(c.name):
                continue
            s = m.stats[c.name]
            if c.kind.is_temporal:
                future, filled, latest, basis = s.future, s.non_null, s.max_value, Basis.EXACT
            elif c.kind is ColumnKind.STRING and (parsed := text_dates(m, c.name)) is not None:
                # Dates kept as text: counted on the sample, parsed in the format the column uses.
                limit = pd.Timestamp(m.measured_at).tz_localize(None) + pd.Timedelta(days=1)
                ahead = parsed[parsed > limit]
                future, filled, basis = scale_to_rows(m, len(ahead)), len(parsed), m.sample_basis
                latest = ahead.max() if len(ahead) else None
                future_share = len(ahead) / max(filled, 1)
            else:
                continue
            if not future:
                continue
            share = future_share if basis is not Basis.EXACT else future / max(filled, 1)
            if share > 0.1:
                continue  # a column mostly in the future holds plans, not events
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.05),
                    f"{future:,} dates ({pct(share)}) are in the future; latest is {plain(latest)}",
                    columns=(c.name,),
                    measured=str(plain(latest)),
                    threshold=today,
                    affected=future,
                    total=m.row_count,
                    basis=basis,
                    action=f"Correct the future dates in {c.name} (typos in the year, or clocks in the wrong time zone)",
                    # now() is evaluated by GX at every run; dates kept as text have no portable GX range check.
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_between",
                        column=c.name,
                        max_value={"$PARAMETER": "now() + timedelta(days=1)"},
                    )
                    if c.kind.is_temporal
                    else None,
                    rows=_future_rows(m, c.name)
                    if c.kind.is_temporal
                    else failed_rows(m, ahead.index, c.name),
                )
            )
        return out

    def applies(self, m: Measurement) -> bool:
        return m.row_count > 0 and any(
            c.kind.is_temporal or c.kind is ColumnKind.STRING for c in m.columns
        )


def text_dates(m: Measurement, column: str) -> Any:
    """The sampled values of a text column that holds dates, parsed; None if it does not hold dates."""
    return m.cached(("text_dates", column), lambda: _parse_text_dates(m, column))


def _parse_text_dates(m: Measurement, column: str) -> Any:
    import warnings

    import pandas as pd

    if column not in m.sample.columns:
        return None
    values = _text_values(m, column)
    if len(values) < MIN_VALUES:
        return None
    if _formats(m, column, values).notna().mean() < MOSTLY:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # pandas warns about per-element parsing; that is what mixed means
        parsed = pd.to_datetime(values, errors="coerce", format="mixed", utc=True).dt.tz_localize(
            None
        )
    return parsed.dropna()


class NotUtf8(Check):
    """A text file that is not UTF-8: readable, but every reader has to guess its encoding."""

    name: ClassVar[str] = "not_utf8"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def applies(self, m: Measurement) -> bool:
        return m.read_as is not None

    def run(self, m: Measurement) -> list[Finding]:
        return [
            self.finding(
                m,
                Severity.WARNING,
                f"the file is not UTF-8; dataready read it as {m.read_as}, a guess that other tools may not make",
                basis=Basis.METADATA,
                affected=m.row_count,
                total=m.row_count,
                effort="S",
                action="Re-export the file as UTF-8 (or declare options.encoding in dataready.yml if the guess is right)",
            )
        ]


class UnparsedLines(Check):
    """Lines of a CSV file that do not parse (a "Total" trailer, a row with a field too many): skipped."""

    name: ClassVar[str] = "unparsed_lines"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def applies(self, m: Measurement) -> bool:
        return m.read_problems.skipped > 0

    def run(self, m: Measurement) -> list[Finding]:
        problems = m.read_problems
        n = problems.skipped
        listed = "; ".join(
            f"{Path(p.file).name + ' ' if p.file else ''}line {p.line} {p.reason}"
            for p in problems.first_skipped
        )
        more = (
            f"; and {n - len(problems.first_skipped):,} more"
            if n > len(problems.first_skipped)
            else ""
        )
        total = m.row_count + n
        return [
            self.finding(
                m,
                severity_for_share(n / total, warning=0.0, error=0.05),
                f"{n:,} line{'s' if n != 1 else ''} of the file did not parse and "
                f"{'were' if n != 1 else 'was'} skipped: {listed}{more}",
                measured=[
                    {"line": p.line, "reason": p.reason, "file": p.file}
                    for p in problems.first_skipped
                ],
                affected=n,
                total=total,
                basis=Basis.EXACT,
                effort="S",
                action="Fix or remove those lines in the export (a totals line belongs in a report, not in the data)",
            )
        ]


class UnclosedQuote(Check):
    """A quote that opens a field and never closes: the file was read with its quotes as plain text."""

    name: ClassVar[str] = "unclosed_quote"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def applies(self, m: Measurement) -> bool:
        return m.read_problems.unclosed_quote is not None

    def run(self, m: Measurement) -> list[Finding]:
        quote = m.read_problems.unclosed_quote
        assert quote is not None
        where = f"{Path(quote.file).name} " if quote.file else ""
        return [
            self.finding(
                m,
                Severity.WARNING,
                f"{where}line {quote.line} {quote.reason}; the file was read with its quote "
                "characters as plain text, so values holding a delimiter or a line break may be split",
                measured={"line": quote.line, "file": quote.file},
                basis=Basis.EXACT,
                effort="S",
                action=f"Close the quote on line {quote.line} (or double a quote inside a quoted field) and export again",
            )
        ]


CHECKS = (
    TextEncodedValues(),
    MixedDateFormats(),
    DomainViolations(),
    ScaleErrors(),
    FutureDates(),
    NotUtf8(),
    UnparsedLines(),
    UnclosedQuote(),
)
