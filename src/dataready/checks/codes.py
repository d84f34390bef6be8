"""Standard code systems: values outside the ISO country, currency or language list (or the US
states) that the rest of the column is recognised to hold."""

from __future__ import annotations

from typing import ClassVar

from dataready.checks.base import (
    Check,
    expectation,
    in_values,
    masked,
    pct,
    scale_to_rows,
    severity_for_share,
)
from dataready.checks.shapes import MAX_LISTED, recognised_system, value_counts
from dataready.model import Basis, ColumnKind, Dimension, Finding, Measurement


class InvalidCodes(Check):
    """Values that are not members of the code system the column is recognised to hold.

    The system is recognised from the values alone (at least 90 % of them, by count, and five
    distinct members, belong to it; see ``vocabulary.codes``): ``UK``, ``840``, ``usa`` or ``" FRA"``
    in a column of ISO alpha-3 codes are invalid codes, and the finding proposes the member each
    most likely stands for where one is clear (``UK`` → ``GBR``, ``840`` → ``USA``).
    """

    name: ClassVar[str] = "invalid_codes"
    dimension: ClassVar[Dimension] = Dimension.VALIDITY

    def run(self, m: Measurement) -> list[Finding]:
        out: list[Finding] = []
        for c in m.columns:
            if c.kind is not ColumnKind.STRING:
                continue
            system = recognised_system(m, c.name)
            if system is None:
                continue
            counted = value_counts(m, c.name)
            if counted is None:
                continue
            counts, basis = counted
            invalid = sorted(
                ((v, n) for v, n in counts if v not in system.members), key=lambda vn: -vn[1]
            )
            if not invalid:
                continue
            total = sum(n for _v, n in counts)
            count = sum(n for _v, n in invalid)
            share = count / total
            intended = {v: system.intended(v) for v, _n in invalid[:MAX_LISTED]}
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.05),
                    f"{count:,} values ({pct(share)}) are not valid {system.name}s",
                    columns=(c.name,),
                    measured={
                        "system": system.name,
                        "values": {v: n for v, n in invalid[:MAX_LISTED]},
                        "intended": {v: t for v, t in intended.items() if t is not None},
                    },
                    affected=count if basis is Basis.EXACT else scale_to_rows(m, count),
                    total=m.row_count,
                    basis=basis,
                    examples=tuple(
                        f"{masked(v)!r} → {intended[v]!r}" if intended.get(v) else repr(masked(v))
                        for v, _n in invalid[:5]
                    ),
                    action=f"Replace the invalid codes in {c.name} with {system.name}s "
                    "(proposed codes in the finding) and validate against the list on entry",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_in_set",
                        column=c.name,
                        value_set=sorted(v for v, _n in counts if v in system.members),
                    ),
                    rows=in_values(m, c.name, [v for v, _n in invalid]),
                )
            )
        return out


CHECKS = (InvalidCodes(),)
