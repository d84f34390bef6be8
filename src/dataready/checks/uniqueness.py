"""Uniqueness: exact duplicate rows and duplicate keys, counted by the engine over every row."""

from __future__ import annotations

from typing import ClassVar

from dataready.checks.base import Check, expectation, failed_rows, pct, severity_for_share
from dataready.model import ColumnKind, Dimension, FailedRows, Finding, Measurement, Severity


class DuplicateRows(Check):
    name: ClassVar[str] = "duplicate_rows"
    dimension: ClassVar[Dimension] = Dimension.UNIQUENESS
    problem: ClassVar[str | None] = "duplicate"

    def run(self, m: Measurement) -> list[Finding]:
        n = m.duplicate_rows
        if not n:
            return []
        share = n / m.row_count
        severity = severity_for_share(share, warning=0.005, error=0.1)
        message = f"{n:,} rows ({pct(share)}) are exact copies of another row"
        no_identifier = not m.duplicate_keys and not m.source.key
        chance = chance_duplicates(m) if no_identifier else None
        declared = m.source.key
        if declared and m.duplicate_keys.get(declared):
            # The copies repeat the key dataready.yml declares: a broken declared key is an error,
            # however few rows it touches (DuplicateKeys leaves whole-row copies to this check).
            severity = Severity.ERROR
            message += f"; they repeat values of the declared key {'+'.join(declared)}"
        elif chance is not None and chance >= CHANCE_EXPLAINS * n:
            # A few coarse columns and no identifier: distinct observations coincide by chance
            # (two eruptions of the same length and wait), as often as the copies counted.
            severity = Severity.INFO
            message += (
                f"; about {chance:,.0f} would coincide by chance in a table of these few, coarse "
                "columns with no identifier, so they are likely distinct records"
            )
        elif no_identifier and severity is Severity.ERROR:
            # Without any identifier, repeated rows may be distinct observations that look alike
            # (a panel with its ids dropped): worth a look, not proof of copies.
            severity = Severity.WARNING
            message += (
                "; the table has no identifier, so some may be distinct records that look alike"
            )
        return [
            self.finding(
                m,
                severity,
                message,
                columns=tuple(c.name for c in m.columns),
                measured=round(share, 6),
                threshold=0.0,
                affected=n,
                total=m.row_count,
                action="Remove the copies (SELECT DISTINCT) and make the load idempotent so re-runs do not append twice",
                effort="S",
                expectation=expectation(
                    "expect_compound_columns_to_be_unique", column_list=[c.name for c in m.columns]
                ),
                rows=_repeated_rows(m, [c.name for c in m.columns], nulls_match=True),
            )
        ]


CHANCE_EXPLAINS = 0.5
"""Chance coincidences expected for at least this share of the copies counted explain them."""


def chance_duplicates(m: Measurement) -> float | None:
    """Rows expected to repeat another row by chance alone, were the columns independent.

    Two random rows agree on a column with probability sum(p_v²) over its values' shares p_v, and
    on every column with the product of those; a row then repeats one of the n - 1 others with
    probability 1 - (1 - q)^(n - 1). Columns that go together make coincidences likelier still, so
    this is a lower bound: when even it accounts for the copies, they need not be copies.
    """
    sample = m.sample
    if sample.empty or len(sample.columns) != len(m.columns):
        return None
    agree = 1.0
    for name in sample.columns:
        try:
            shares = sample[name].astype(str).value_counts(normalize=True, dropna=False)
        except (TypeError, ValueError):
            return None
        agree *= float((shares**2).sum())
        if agree == 0.0:
            return 0.0
    n = m.row_count
    return n * (1.0 - (1.0 - agree) ** (n - 1))


class DuplicateKeys(Check):
    name: ClassVar[str] = "duplicate_keys"
    dimension: ClassVar[Dimension] = Dimension.UNIQUENESS
    problem: ClassVar[str | None] = "duplicate"

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for key, n in m.duplicate_keys.items():
            if not n or (m.duplicate_rows and n <= m.duplicate_rows):
                continue  # every repeated key is a whole-row copy, reported once by DuplicateRows
            share = n / m.row_count
            declared = key == m.source.key
            severity = (
                Severity.ERROR if declared else severity_for_share(share, warning=0.0, error=0.05)
            )
            label = "+".join(key)
            kind = "declared key" if declared else "identifier"
            out.append(
                self.finding(
                    m,
                    severity,
                    f"{n:,} rows ({pct(share)}) repeat {kind} values of {label}",
                    columns=key,
                    measured=round(share, 6),
                    threshold=0.0,
                    affected=n,
                    total=m.row_count,
                    action=f"De-duplicate on {label}: keep one row per key (the latest), then enforce a unique constraint",
                    effort="M",
                    expectation=expectation("expect_column_values_to_be_unique", column=key[0])
                    if len(key) == 1
                    else expectation("expect_compound_columns_to_be_unique", column_list=list(key)),
                    rows=_repeated_rows(m, list(key)),
                )
            )
        return out


def _repeated_rows(
    m: Measurement, columns: list[str], *, nulls_match: bool = False
) -> FailedRows | None:
    """Sampled rows repeating an earlier row's ``columns`` (the rows a de-duplication drops).

    Copies are found among the sampled rows only, so the list is complete when the sample is.
    """
    present = [c for c in columns if c in m.sample.columns]
    if not present:
        return None
    try:
        frame = m.sample[present]
        # Only rows whose most varied column repeats can be copies: compare those whole.
        varied = max(present, key=lambda c: m.stats[c].distinct or 0 if c in m.stats else 0)
        maybe = frame[varied].duplicated(keep=False)
        repeated = frame[maybe].duplicated(keep="first").reindex(frame.index, fill_value=False)
        if not nulls_match:  # a key with a null in it identifies nothing, so repeats nothing
            repeated &= frame.notna().all(axis=1)
    except TypeError:  # unhashable values (lists, structs): the rows cannot be compared here
        return None
    return failed_rows(m, repeated, present)


LONG_TEXT = 80
"""Text columns whose values reach this length hold prose (documents, descriptions, messages)."""


class DuplicateText(Check):
    """Free text repeated verbatim in other rows: copied documents, templated or re-sent messages.

    Counted from the exact aggregates (non-null, blank and distinct counts), so no extra scan.
    """

    name: ClassVar[str] = "duplicate_text"
    dimension: ClassVar[Dimension] = Dimension.UNIQUENESS
    problem: ClassVar[str | None] = "duplicate"

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            s = m.stats[c.name]
            if (
                c.kind is not ColumnKind.STRING
                or (s.max_length or 0) < LONG_TEXT
                or s.distinct is None
            ):
                continue
            filled = s.non_null - s.blank
            distinct = s.distinct - (1 if s.blank else 0)
            repeated = filled - distinct
            if filled < 2 or repeated <= 0 or distinct < 0.5 * filled:
                continue  # mostly repeated values: a template or category column, not prose
            if m.duplicate_rows and repeated <= m.duplicate_rows:
                continue  # explained by whole-row copies
            share = repeated / m.row_count
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.1),
                    f"{repeated:,} rows ({pct(share)}) repeat the text of another row verbatim",
                    columns=(c.name,),
                    measured=round(share, 6),
                    threshold=0.0,
                    affected=repeated,
                    total=m.row_count,
                    action=f"Remove or merge the copies in {c.name}; duplicated text over-weights answers and leaks between training and test",
                    effort="S",
                    expectation=expectation("expect_column_values_to_be_unique", column=c.name),
                )
            )
        return out


CHECKS = (DuplicateRows(), DuplicateKeys(), DuplicateText())
