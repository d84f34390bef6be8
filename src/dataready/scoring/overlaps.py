"""One problem, one finding: findings of different checks that report the same problem on the same columns.

A column with nulls fails the suite's not-null expectation and the completeness check counts the
same nulls; a knowledge base's empty documents are missing text to the completeness check and
unreadable to the grounding check. Counting both would take points off twice and put two steps
in the plan for one fix. The finding that knows most keeps the problem; the others stay in the
report as notes that name it, with no deduction and no plan step of their own.

Who knows most, in this order:

1. an expectation the owners declared: their own contract, at the severity they chose;
2. a check that knows what the column is for (grounding for a corpus's text, ids and links,
   labels for the label column): it counts only what matters for that purpose, so a document
   that is dropped from the index anyway is not also reported for lacking a link;
3. the general checks (completeness, consistency, uniqueness).

Two findings of one check are never merged: a check reports distinct problems by design.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dataready.model import Dimension, Finding, Remediation, Severity
from dataready.model.suites import EXPECTATION_CHECK

PURPOSE_DIMENSIONS = (Dimension.GROUNDING, Dimension.LABELS)
"""Dimensions whose checks judge a column by what the use case does with it."""


def authority(f: Finding) -> int:
    """0 for a declared expectation, 1 for a purpose-aware check, 2 for a general check."""
    if f.check == EXPECTATION_CHECK:
        return 0
    return 1 if f.dimension in PURPOSE_DIMENSIONS else 2


def reference(f: Finding) -> str:
    """How a note names the finding that counts its problem."""
    where = f" on {', '.join(f.columns)}" if f.columns else ""
    if f.check == EXPECTATION_CHECK and f.remediation and f.remediation.expectation:
        return f"the expectation {f.remediation.expectation.get('type')}{where}"
    return f"{f.dimension.value} ({f.check}{where})"


def merge_overlaps(findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` with every problem counted once: the others become notes naming the one that counts."""
    order = sorted(
        range(len(findings)),
        key=lambda i: (
            authority(findings[i]),
            -findings[i].severity.rank,
            -(findings[i].affected or 0),
        ),
    )
    out = list(findings)
    counting: list[int] = []
    mended: set[int] = set()
    for i in order:
        f = findings[i]
        if f.problem is None or f.severity is Severity.INFO:
            continue
        first = next((j for j in counting if _same_problem(out[j], f)), None)
        if first is None:
            counting.append(i)
            continue
        primary = out[first]
        if (
            primary.check == EXPECTATION_CHECK
            and f.remediation is not None
            and primary.remediation is not None
            and first not in mended
        ):
            mended.add(first)
            # The suite says that the data breaks the contract; the check says why and how to mend it.
            out[first] = replace(
                primary,
                remediation=Remediation(
                    f"{f.remediation.action.rstrip('.')}; the expectation then passes again "
                    "(if the data is right and the expectation is not, update the suite)",
                    f.remediation.effort,
                    primary.remediation.expectation,
                ),
            )
        out[i] = replace(
            f,
            severity=Severity.INFO,
            message=f"{f.message}; counted once, under {reference(primary)}",
            counted_in=reference(primary),
        )
    return out


def _same_problem(counted: Finding, f: Finding) -> bool:
    return (
        counted.problem == f.problem
        and counted.source == f.source
        and counted.check != f.check
        and authority(counted) < authority(f)
        and (bool(set(counted.columns) & set(f.columns)) or not (counted.columns or f.columns))
    )
