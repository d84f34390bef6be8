"""Privacy: personal data found in the data, against what its owners declared.

``personal_data`` classifies each column holding personal data (kinds, share of values,
confidence, exact or sampled). ``undeclared_personal_data`` and ``sensitivity_mismatch`` are the
governance findings: personal data in a source whose sensitivity nobody declared, and personal data
in a column or source declared public, internal or confidential.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from dataready.checks.base import Check, expectation, pct, scale_to_rows
from dataready.model import ColumnKind, Dimension, Finding, Measurement, Severity

if TYPE_CHECKING:
    from dataready.pii.classify import ColumnClassification

NON_PERSONAL = ("public", "internal", "confidential")
GOVERNED = ("medium", "high")
"""Classifications at these confidence levels raise governance findings; low ones are listed only."""

KIND_LABELS = {
    "email": "e-mail address",
    "phone": "phone number",
    "payment_card": "payment card number",
    "iban": "IBAN",
    "ip_address": "IP address",
    "uk_nino": "UK National Insurance number",
    "us_ssn": "US Social Security number",
    "date_of_birth": "date of birth",
    "postcode": "postcode",
    "street_address": "street address",
    "person_name": "person name",
}

# Expectations that keep a dropped or masked kind from coming back: raw values no longer match.
# Word boundaries are spelled out: \b is a word boundary in Python and PCRE but a backspace in
# PostgreSQL, where GX runs these patterns in the database.
_START, _END = r"(?:^|[^A-Za-z0-9_])", r"(?:[^A-Za-z0-9_]|$)"
_KIND_REGEX = {
    "email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
    "payment_card": _START + r"(?:[0-9][ -]?){13,19}" + _END,
    "iban": _START + r"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}" + _END,
    "us_ssn": _START + r"[0-9]{3}-[0-9]{2}-[0-9]{4}" + _END,
    "uk_nino": _START
    + r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]"
    + _END,
    "ip_address": _START + r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}" + _END,
}


def label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def _classified(m: Measurement) -> dict[str, ColumnClassification]:
    from dataready.pii.classify import classify_measurement

    return classify_measurement(m)


def _declared(m: Measurement, column: str) -> str | None:
    return m.source.column_sensitivity.get(column) or m.source.sensitivity


def _owner(m: Measurement) -> str:
    return m.source.owner or "The owner (none declared yet)"


def _use(m: Measurement) -> str:
    return f"its {m.source.purpose} use" if m.source.purpose else "the AI use case"


def _options(m: Measurement, columns: list[str]) -> str:
    """The concrete choices, in the order a privacy review takes them."""
    cols = ", ".join(columns)
    return (
        f"drop {cols} if {_use(m)} does not need them; otherwise mask or tokenize them before they reach the AI "
        f"pipeline, restrict access to the people who need them, and check the lawful basis and data "
        f"minimisation for {_use(m)}"
    )


def _guard(columns: list[str], classes: dict[str, ColumnClassification]) -> dict[str, Any] | None:
    for column in columns:
        for k in classes[column].kinds:
            if k.kind in _KIND_REGEX:
                return expectation(
                    "expect_column_values_to_not_match_regex",
                    column=column,
                    regex=_KIND_REGEX[k.kind],
                )
    return None


def _kinds_text(c: ColumnClassification, limit: int = 3) -> str:
    parts = [
        f"{label(k.kind)} in {pct(k.share)} of values ({k.confidence} confidence)"
        for k in c.kinds[:limit]
    ]
    more = f" and {len(c.kinds) - limit} more kind(s)" if len(c.kinds) > limit else ""
    return "; ".join(parts) + more


class _PrivacyCheck(Check):
    dimension: ClassVar[Dimension] = Dimension.PRIVACY

    def applies(self, m: Measurement) -> bool:
        return m.row_count > 0 and any(c.kind is not ColumnKind.BOOLEAN for c in m.columns)


class PersonalDataFound(_PrivacyCheck):
    """One informational finding per column that holds personal data: what, how much, how sure."""

    name: ClassVar[str] = "personal_data"

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for column, c in _classified(m).items():
            declared = _declared(m, column)
            where = "free text mentions" if c.free_text and not c.structured else "holds"
            state = f"declared {declared}" if declared else "sensitivity not declared"
            out.append(
                self.finding(
                    m,
                    Severity.INFO,
                    f"{where} personal data: {_kinds_text(c)}; {state}",
                    columns=(column,),
                    measured={
                        "kinds": {k.kind: k.to_dict() for k in c.kinds},
                        "confidence": c.confidence,
                        "free_text": c.free_text,
                        "declared": declared,
                        "scanned_values": c.scanned,
                    },
                    affected=scale_to_rows(m, c.with_personal),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=c.examples,
                    action=f"{_owner(m)}: {_options(m, [column])}",
                    effort="M",
                    expectation=_guard([column], {column: c}),
                )
            )
        return out


class UndeclaredPersonalData(_PrivacyCheck):
    """Personal data in columns whose sensitivity no one declared, neither for the column nor its source."""

    name: ClassVar[str] = "undeclared_personal_data"

    def run(self, m: Measurement) -> list[Finding]:
        classes = _classified(m)
        undeclared = [
            col
            for col, c in classes.items()
            if _declared(m, col) is None and c.confidence in GOVERNED
        ]
        if not undeclared:
            return []
        worst = max(
            (classes[c] for c in undeclared), key=lambda c: (c.confidence == "high", c.share)
        )
        severity = Severity.ERROR if worst.confidence == "high" else Severity.WARNING
        described = ", ".join(
            f"{col} ({', '.join(label(k.kind) for k in classes[col].kinds[:2])})"
            for col in undeclared[:6]
        )
        more = f" and {len(undeclared) - 6} more" if len(undeclared) > 6 else ""
        example = undeclared[0]
        return [
            self.finding(
                m,
                severity,
                f"personal data with no sensitivity declared in {len(undeclared)} column(s): {described}{more}",
                columns=tuple(undeclared),
                measured={col: [k.kind for k in classes[col].kinds] for col in undeclared},
                affected=max(scale_to_rows(m, classes[c].with_personal) for c in undeclared),
                total=m.row_count,
                basis=m.sample_basis,
                action=(
                    f"{_owner(m)}: {_options(m, undeclared)}; then declare what stays in dataready.yml "
                    f"(columns: {{{example}: {{sensitivity: personal}}}}, or sensitivity: personal for the source)"
                ),
                effort="M",
                expectation=_guard(undeclared, classes),
            )
        ]


class SensitivityMismatch(_PrivacyCheck):
    """A column (or its source) declared public, internal or confidential that holds personal data."""

    name: ClassVar[str] = "sensitivity_mismatch"

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for column, c in _classified(m).items():
            declared = _declared(m, column)
            if declared not in NON_PERSONAL or c.confidence not in GOVERNED:
                continue
            severity = (
                Severity.BLOCKER
                if declared == "public" and c.confidence == "high"
                else Severity.ERROR
            )
            scope = "the column" if m.source.column_sensitivity.get(column) else "its source"
            out.append(
                self.finding(
                    m,
                    severity,
                    f"{scope} is declared {declared} but it holds personal data: {_kinds_text(c, 2)}",
                    columns=(column,),
                    measured={
                        "declared": declared,
                        "kinds": {k.kind: round(k.share, 6) for k in c.kinds},
                    },
                    threshold=declared,
                    affected=scale_to_rows(m, c.with_personal),
                    total=m.row_count,
                    basis=m.sample_basis,
                    action=(
                        f"{_owner(m)}: {_options(m, [column])}; if it stays, correct the declaration to "
                        f"sensitivity: personal (columns: {{{column}: {{sensitivity: personal}}}}) so access rules follow it"
                    ),
                    effort="M",
                    expectation=_guard([column], {column: c}),
                )
            )
        return out


CHECKS = (PersonalDataFound(), UndeclaredPersonalData(), SensitivityMismatch())
