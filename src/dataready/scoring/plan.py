"""Findings → a remediation plan ordered by impact (severity × share of rows × dimension weight)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dataready.model import Dimension, Finding, PlanStep, Severity, Source

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


def owner_of(source: Source) -> str:
    if source.owner:
        return source.owner + (f" <{source.contact}>" if source.contact else "")
    return "unassigned: declare an owner in dataready.yml"


def plan(
    findings: Sequence[Finding], sources: Mapping[str, Source], weights: Mapping[Dimension, float]
) -> tuple[PlanStep, ...]:
    actionable = [f for f in findings if f.remediation and f.severity is not Severity.INFO]
    ordered = sorted(actionable, key=lambda f: (-impact(f, weights), f.source, f.columns))
    steps = []
    for rank, f in enumerate(ordered, start=1):
        assert f.remediation is not None
        source = sources.get(f.source)
        steps.append(
            PlanStep(
                rank=rank,
                source=f.source,
                columns=f.columns,
                title=f"{f.dimension.value}: {f.message}",
                action=f.remediation.action,
                owner=owner_of(source) if source else "unassigned",
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
