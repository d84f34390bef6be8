"""Findings → a remediation plan ordered by impact (severity × share of rows × dimension weight)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dataready.model import Dimension, Finding, PlanStep, Severity, Source
from dataready.model.scorecard import PLAN_HEAD, UNASSIGNED

SEVERITY_WEIGHT = {
    Severity.INFO: 0.0,
    Severity.WARNING: 1.0,
    Severity.ERROR: 3.0,
    Severity.BLOCKER: 10.0,
}


def impact(finding: Finding, weights: Mapping[Dimension, float]) -> float:
    # Findings without a row count (metadata gaps) weigh as if they touched a quarter of the rows.
    share = finding.share if finding.share is not None else 0.25
    return (
        SEVERITY_WEIGHT[finding.severity] * max(share, 0.01) * weights.get(finding.dimension, 1.0)
    )


GOVERNANCE_CHECKS = frozenset({"ownership", "inventory", "undeclared_metadata"})
"""Checks of what is declared about a source rather than of its data."""


def owner_of(source: Source | None) -> str:
    if source is not None and source.owner:
        return source.owner + (f" <{source.contact}>" if source.contact else "")
    return UNASSIGNED


def plan(
    findings: Sequence[Finding], sources: Mapping[str, Source], weights: Mapping[Dimension, float]
) -> tuple[PlanStep, ...]:
    """The steps in the order a team works through them.

    The plan opens with the steps that matter most: by impact, with problems in the data before
    gaps in what is declared about it (a missing description never outranks missing values).
    The rest follow grouped by owner, then source, so each owner reads one list; the groups come
    in the order of their most important step.
    """
    actionable = [f for f in findings if f.remediation and f.severity is not Severity.INFO]
    ordered = sorted(
        actionable,
        key=lambda f: (f.check in GOVERNANCE_CHECKS, -impact(f, weights), f.source, f.columns),
    )
    head, rest = ordered[:PLAN_HEAD], ordered[PLAN_HEAD:]
    first_of_owner: dict[str, int] = {}
    first_of_source: dict[str, int] = {}
    for i, f in enumerate(rest):
        first_of_owner.setdefault(owner_of(sources.get(f.source)), i)
        first_of_source.setdefault(f.source, i)
    rest.sort(
        key=lambda f: (first_of_owner[owner_of(sources.get(f.source))], first_of_source[f.source])
    )
    steps = []
    for rank, f in enumerate([*head, *rest], start=1):
        assert f.remediation is not None
        source = sources.get(f.source)
        steps.append(
            PlanStep(
                rank=rank,
                source=f.source,
                columns=f.columns,
                title=f"{f.dimension.value}: {f.message}",
                action=f.remediation.action,
                owner=owner_of(source),
                effort=f.remediation.effort,
                impact=impact(f, weights),
                dimension=f.dimension,
                severity=f.severity,
                measured=_measured(f),
                expectation=f.remediation.expectation,
            )
        )
    return tuple(steps)


def _measured(f: Finding) -> str:
    if f.affected is not None and f.total:
        return f"{f.affected:,} of {f.total:,} rows ({f.basis_text})"
    return f.basis_text
