"""Value shapes: codes and identifiers that break the shape every other value of the column has."""

from __future__ import annotations

from typing import Any, ClassVar

from dataready.checks.base import (
    Check,
    expectation,
    in_values,
    masked,
    pct,
    scale_to_rows,
    severity_for_share,
)
from dataready.checks.validity import text_dates
from dataready.model import Basis, ColumnKind, Dimension, Finding, Measurement
from dataready.vocabulary import codes, shapes

PROBE = 200
"""Values looked at first: a column whose probe has no dominant shape is not scanned further."""
MIN_VALUES = 50
MAX_LISTED = 20
"""Stray values listed in a finding's measured value (all of them are counted)."""


def value_counts(m: Measurement, column: str) -> tuple[list[tuple[str, int]], Basis] | None:
    """Every value of a text column with its count: exact from the engine's value counts where the
    measurement has them, else from the sample (an estimate, said so by the basis)."""

    def compute() -> tuple[list[tuple[str, int]], Basis] | None:
        s = m.stats[column]
        if s.top_values is not None and s.distinct is not None and len(s.top_values) >= s.distinct:
            return [(str(v), int(n)) for v, n in s.top_values], Basis.EXACT
        if column not in m.sample.columns:
            return None
        values = m.sample[column].dropna()
        counts = values.astype(str).value_counts(sort=False)
        return [(str(v), int(n)) for v, n in counts.items()], m.sample_basis

    result: tuple[list[tuple[str, int]], Basis] | None = m.cached(("value_counts", column), compute)
    return result


def recognised_system(m: Measurement, column: str) -> codes.CodeSystem | None:
    """The standard code system a text column holds (ISO country, currency, language; US state)."""

    def compute() -> codes.CodeSystem | None:
        s = m.stats[column]
        if (s.max_length or 0) > 5 or not s.non_null:
            return None
        counted = value_counts(m, column)
        return None if counted is None else codes.recognise(counted[0])

    result: codes.CodeSystem | None = m.cached(("code_system", column), compute)
    return result


def _worth_shaping(m: Measurement, column: str) -> bool:
    """Short text with no blanks in nearly all values, whose spread-out probe has a dominant shape."""
    s = m.stats[column]
    if not s.non_null or s.non_null < MIN_VALUES or (s.max_length or 0) > shapes.MAX_SHAPE_LENGTH:
        return False
    if column not in m.sample.columns:
        return False
    values = m.sample[column].dropna()
    probe = values.iloc[:: max(1, len(values) // PROBE)].astype(str)
    if probe.empty:
        return False
    top = probe.map(shapes.shape).value_counts().iloc[: shapes.MAX_DOMINANT_SHAPES]
    leading = top[top.cumsum().shift(fill_value=0) < 0.9 * len(probe)]  # the shapes that cover 90 %
    if any(shapes.is_wordlike(s) for s in leading.index):
        return False  # words: language, whose lengths vary at will (see shapes.shape_domain)
    return bool(top.sum() >= 0.9 * len(probe))


def _shapes_leave_room(m: Measurement, column: str) -> bool:
    """The column's shapes, counted without counting its values (cheap on 100,000 distinct ids),
    leave room for a dominant domain with a few strays."""
    s = m.stats[column]
    if s.top_values is not None and s.distinct is not None and len(s.top_values) >= s.distinct:
        return True  # exact value counts are at hand: shaping them costs nothing
    shaped = m.sample[column].dropna().astype(str).map(shapes.shape).value_counts()
    return shapes.may_have_domain([(str(k), int(n)) for k, n in shaped.items()])


class ShapeOutliers(Check):
    """Values whose shape (character classes and lengths) differs from the few shapes all the others share.

    A column of codes or identifiers has one or a few rigid shapes (``A999AA`` for tail numbers,
    ``99999`` for ZIP codes, ``99:99`` for times): a value of another shape is a typo, a lost
    leading zero or a value from another system. Decided by the column's own values, never its name.
    Columns holding a recognised standard code system are left to the code-system check, and
    dates written as text to the date-format checks.
    """

    name: ClassVar[str] = "shape_outliers"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out: list[Finding] = []
        for c in m.columns:
            if c.kind is not ColumnKind.STRING or not _worth_shaping(m, c.name):
                continue
            if recognised_system(m, c.name) is not None:
                continue
            if text_dates(m, c.name) is not None:
                continue  # dates as text: their formats are the date-format check's to report
            if not _shapes_leave_room(m, c.name):
                continue
            counted = value_counts(m, c.name)
            if counted is None:
                continue
            counts, basis = counted
            domain = shapes.shape_domain(counts)
            if domain is None:
                continue
            out.append(self._finding(m, c.name, domain, basis))
        return out

    def _finding(
        self, m: Measurement, column: str, domain: shapes.ShapeDomain, basis: Basis
    ) -> Finding:
        count = domain.stray_count
        share = count / domain.values
        affected = count if basis is Basis.EXACT else scale_to_rows(m, count)
        listed: dict[str, Any] = {v: n for v, n in domain.strays[:MAX_LISTED]}
        return self.finding(
            m,
            severity_for_share(share, warning=0.0, error=0.05),
            f"{count:,} values ({pct(share)}) break the shape of every other value "
            f"({', '.join(domain.dominant)})",
            columns=(column,),
            measured={"domain": list(domain.dominant), "values": listed},
            threshold=shapes.MAX_STRAY_SHARE,
            affected=affected,
            total=m.row_count,
            basis=basis,
            examples=tuple(masked(v) for v, _n in domain.strays[:5]),
            action=f"Correct the values of {column} that do not have the shape "
            f"{' or '.join(domain.dominant)}, and validate the shape on entry",
            effort="S",
            expectation=expectation(
                "expect_column_values_to_match_regex", column=column, regex=domain.regex
            ),
            rows=in_values(m, column, [v for v, _n in domain.strays]),
        )


CHECKS = (ShapeOutliers(),)
