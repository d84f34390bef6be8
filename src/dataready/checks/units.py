"""Units and number formats inside text: ``12.0 oz`` among ``12.0 ounce``, ``0.09%`` among ``0.09``,
``1.234,56`` among ``1234.56``, and values that are not numbers in a column of quantities."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, ClassVar

from dataready.checks.base import (
    Check,
    expectation,
    failed_rows,
    masked,
    pct,
    scale_to_rows,
    severity_for_share,
)
from dataready.checks.validity import _text_values as text_values
from dataready.model import ColumnKind, Dimension, Finding, Measurement, Severity

# A number, then what follows it: a unit, a currency, a count noun ("37 patients"). Units hold no
# digits (an address, "1720 university blvd", is told apart by how many spellings its "units" have).
_QUANTITY = re.compile(
    r"^(?P<number>[+-]?(\d{1,3}([,.]\d{3})+|\d+)([.,]\d+)?)\s*(?P<unit>[^\d\s][^\d]{0,24})?$"
)
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+,\d+|\d+,\d{1,2})$")
_DECIMAL_POINT = re.compile(r"^[+-]?\d+\.\d+$")

PROBE = 200
MOSTLY = 0.9
"""A column whose values are at least 90 % numbers (with or without a unit) holds quantities."""
MIN_VALUES = 20
UNIT_SPELLINGS = 3
"""The few most used unit spellings of a column of quantities cover nearly all of its units."""
UNIT_COVERAGE = 0.8
SUBSTANTIAL = 0.05
"""A spelling used by at least this share of the values is one of the column's ways of writing."""


def quantity(value: str) -> tuple[str, str] | None:
    """(number, unit as written) of a value such as ``12.0 oz.``; None when it is not one."""
    found = _QUANTITY.match(value)
    if found is None:
        return None
    return found.group("number"), (found.group("unit") or "").strip()


def _fold(unit: str) -> str:
    return re.sub(r"[\W_]+", " ", unit.casefold()).strip()


class UnitsInText(Check):
    """Quantities kept as text: units written into the values, several ways, or only sometimes.

    A column of quantities holds numbers. When its values carry a unit, the unit belongs in the
    column's name or its documentation; and a unit written several ways (``oz``, ``oz.``,
    ``ounce``) or only on some values (``0.09%`` among ``0.09``) makes the numbers unreadable
    without cleaning. Decided by the values: nearly all are a number followed by at most a short
    unit, and a few unit spellings cover nearly all the units (free text that starts with a
    number, such as addresses, has as many "units" as values). What is flagged:

    - the values with a unit, where most values are plain numbers;
    - every value with a unit, where the unit is written several substantial ways;
    - values written with a rare unit where one spelling dominates (``619 paxienxs``);
    - values that are no number at all in a column of quantities with a unit (``x7%``);
    - decimal commas among decimal points (``1,5`` among ``2.25``).
    """

    name: ClassVar[str] = "units_in_text"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            if c.kind is not ColumnKind.STRING or c.name not in m.sample.columns:
                continue
            finding = self._column(m, c.name)
            if finding is not None:
                out.append(finding)
        return out

    def _column(self, m: Measurement, column: str) -> Finding | None:
        values = text_values(m, column)
        if len(values) < MIN_VALUES:
            return None
        probe = values.iloc[:: max(1, len(values) // PROBE)]
        if probe.map(lambda v: quantity(v) is not None).mean() < 0.5:
            return None  # values spread over the sample are mostly not quantities
        distinct = values.value_counts()
        parsed = {v: quantity(v) for v in distinct.index}
        numbers = sum(int(n) for v, n in distinct.items() if parsed[v] is not None)
        if numbers < MOSTLY * len(values):
            return None
        units = Counter[str]()
        folded = Counter[str]()
        for v, n in distinct.items():
            q = parsed[v]
            if q is not None and q[1]:
                units[q[1]] += int(n)
                folded[_fold(q[1])] += int(n)
        with_unit = sum(units.values())
        plain = numbers - with_unit
        if with_unit and sum(n for _u, n in folded.most_common(UNIT_SPELLINGS)) < (
            UNIT_COVERAGE * with_unit
        ):
            return None  # as many "units" as values: text that starts with a number
        flagged: set[str]
        if not with_unit:
            flagged = _decimal_commas(distinct)
            what = "use a decimal comma where the others use a decimal point"
        elif plain >= 0.5 * numbers:
            flagged = {v for v, q in parsed.items() if q is not None and q[1]}
            what = f"carry a unit ({', '.join(repr(u) for u, _n in units.most_common(3))}) in a column of plain numbers"
        else:
            substantial = [u for u, n in units.items() if n >= SUBSTANTIAL * len(values)]
            if len(substantial) >= 2:
                flagged = {v for v, q in parsed.items() if q is not None and q[1]}
                what = (
                    f"write the unit in {len(units)} ways "
                    f"({', '.join(repr(u) for u, _n in units.most_common(4))})"
                )
            else:
                rare = {u for u, n in units.items() if n < SUBSTANTIAL * len(values)}
                flagged = {v for v, q in parsed.items() if q is not None and q[1] in rare}
                what = f"use a rare unit where the others write {units.most_common(1)[0][0]!r}"
            broken = {v for v, q in parsed.items() if q is None}
            if broken:
                flagged |= broken
                what += "; some are not numbers at all"
        if not flagged:
            return None
        mask = values.isin(flagged)
        count = int(mask.sum())
        share = count / len(values)
        examples = tuple(masked(v) for v in values[mask].value_counts().index[:5])
        return self.finding(
            m,
            severity_for_share(share, warning=0.0, error=0.3),
            f"{count:,} values ({pct(share)}) of a column of quantities {what}",
            columns=(column,),
            measured=round(share, 6),
            affected=scale_to_rows(m, count),
            total=m.row_count,
            basis=m.sample_basis,
            examples=examples,
            action=f"Store {column} as a number: strip the unit from the values (name it in the column or its documentation) and correct the values that are no number",
            effort="S",
            expectation=expectation(
                "expect_column_values_to_match_regex",
                column=column,
                regex=r"^[+-]?\d+(\.\d+)?$",
            ),
            rows=failed_rows(m, values.index[mask.to_numpy()], column),
        )


def _decimal_commas(distinct: Any) -> set[str]:
    """Decimal commas (``1,5``, ``1.234,56``) where most decimals are written with a point."""
    points = sum(int(n) for v, n in distinct.items() if _DECIMAL_POINT.match(v))
    commas = {v for v in distinct.index if _DECIMAL_COMMA.match(v)}
    counted = sum(int(distinct[v]) for v in commas)
    return commas if commas and points > counted else set()


_CURRENCY = r"(€|\$|£|¥|₹|CHF|EUR|USD|GBP|JPY|SEK|NOK|DKK|kr)"
_COMMA_AMOUNT = re.compile(
    rf"^({_CURRENCY}\s*)?[+-]?(\d{{1,3}}(\.\d{{3}})+(,\d+)?|\d+,\d+|\d+)(\s*{_CURRENCY})?$"
)
_HAS_COMMA_DECIMAL = re.compile(r"\d,\d")


class DecimalCommaText(Check):
    """A text column whose values are numbers written with a decimal comma (``1.234,56``, ``87,75 €``).

    Read as text, they are measured as text: no range, no mean, no outliers. Only where the
    file did not declare the decimal as a comma (with it declared, such columns are read as numbers).
    """

    name: ClassVar[str] = "decimal_comma_text"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def applies(self, m: Measurement) -> bool:
        options = m.source.options or {}
        declared = options.get("decimal_separator", options.get("decimal"))
        return m.source.connector == "file" and str(declared or ".") != ","

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            if c.kind is not ColumnKind.STRING or c.name not in m.sample.columns:
                continue
            values = text_values(m, c.name)
            if len(values) == 0:
                continue
            distinct = values.value_counts()
            amounts = sum(int(n) for v, n in distinct.items() if _COMMA_AMOUNT.match(v))
            commas = [
                v for v in distinct.index if _HAS_COMMA_DECIMAL.search(v) and _COMMA_AMOUNT.match(v)
            ]
            if amounts < MOSTLY * len(values) or sum(int(distinct[v]) for v in commas) < 0.5 * len(
                values
            ):
                continue
            examples = tuple(masked(v) for v in commas[:3])
            out.append(
                self.finding(
                    m,
                    Severity.WARNING,
                    f"{pct(amounts / len(values))} of the values look like numbers written with a decimal comma; "
                    "read as text, they are not measured as numbers: declare the decimal with --decimal , "
                    "(options.decimal: ',' in dataready.yml)",
                    columns=(c.name,),
                    measured=round(amounts / len(values), 6),
                    affected=scale_to_rows(m, amounts),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=examples,
                    action=f"Audit {m.source.name} with --decimal , (or options.decimal: ',' in dataready.yml), "
                    "or export the numbers with a decimal point and no currency sign",
                    effort="S",
                )
            )
        return out


CHECKS = (UnitsInText(), DecimalCommaText())
