"""Profile alerts as findings: the alerts dataready's own checks do not cover join the scorecard."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dataready.model import (
    Basis,
    Dimension,
    Finding,
    Findings,
    Remediation,
    Scorecard,
    Severity,
)

if TYPE_CHECKING:
    pass

from dataready.profiling.profile import Profile

FOLDED_ALERTS = ("skewed", "high_correlation", "constant", "imbalance")
"""Profile alerts that become findings: what the audit's own checks do not measure."""


def fold_alerts(card: Scorecard, profiles: Iterable[Profile]) -> Scorecard:
    """The scorecard with profile alerts that add information joined to its findings, as notes.

    Only alerts the audit's checks do not measure become findings (strong skew, high correlation,
    constant columns, imbalance), and not when a finding already explains the same column (a
    skew caused by sentinels or out-of-domain values, a "constant" column that is all missing
    or placeholders, the imbalance of a label column already reported). They are informational:
    they do not change scores, levels or the plan.
    """
    from dataready.scoring import scores as scoring

    by_source = {p.source: p for p in profiles}
    sources = []
    for sc in card.sources:
        found = by_source.get(sc.source.name)
        extra = alert_findings(found, sc.findings) if found is not None and sc.reachable else []
        if not extra:
            sources.append(sc)
            continue
        findings = Findings((*sc.findings, *extra))
        touched = {f.dimension for f in extra}
        dims = tuple(
            scoring.score_dimension(
                d.dimension, [f for f in findings if f.dimension is d.dimension], True
            )
            if d.dimension in touched and d.score is not None
            else d
            for d in sc.dimensions
        )
        sources.append(dataclasses.replace(sc, findings=findings, dimensions=dims))
    return dataclasses.replace(card, sources=tuple(sources))


def alert_findings(result: Profile, existing: Sequence[Finding]) -> list[Finding]:
    """Findings for the alerts of one profile that say something the existing findings do not."""
    by_column: dict[str, list[Finding]] = {}
    for f in existing:
        for c in f.columns:
            by_column.setdefault(c, []).append(f)
    basis = Basis.SAMPLE if result.sampled else Basis.EXACT
    sample_size = result.rows_profiled if result.sampled else None
    out: list[Finding] = []
    pairs: set[frozenset[str]] = set()
    constant = {a.column for a in result.alerts if a.kind == "constant"}

    def add(
        check: str,
        dimension: Dimension,
        message: str,
        columns: tuple[str, ...],
        measured: Any,
        action: str,
        expectation: dict[str, Any] | None = None,
    ) -> None:
        out.append(
            Finding(
                check=f"profile.{check}",
                dimension=dimension,
                severity=Severity.INFO,
                source=result.source,
                message=message,
                columns=columns,
                measured=measured,
                basis=basis,
                sample_size=sample_size,
                remediation=Remediation(action, "S", expectation),
            )
        )

    for a in result.alerts:
        if a.kind not in FOLDED_ALERTS or a.column is None:
            continue
        known = by_column.get(a.column, [])
        if a.kind == "constant":
            # Every value missing, a placeholder or a sentinel: the completeness findings already say so.
            covered = sum(f.affected or 0 for f in known if f.dimension is Dimension.COMPLETENESS)
            if known and covered >= max((f.total or 0) for f in known) > 0:
                continue
            add(
                "constant",
                Dimension.COMPLETENESS,
                "the column holds a single value: it carries no information",
                (a.column,),
                1,
                "Drop the column from features, or confirm with the owner that one value is expected",
            )
        elif a.kind == "skewed":
            if any(
                f.check in ("sentinel_values", "out_of_domain", "text_encoded_values")
                for f in known
            ):
                continue
            skew = f" (skewness {a.value:.1f})" if a.value is not None else ""
            add(
                "skewed",
                Dimension.VALIDITY,
                f"strongly skewed distribution{skew}: a long tail or outliers",
                (a.column,),
                a.value,
                "Check the largest values for outliers or unit mix-ups; a log scale may suit models better",
            )
        elif a.kind == "imbalance":
            if a.column in constant or any(f.dimension is Dimension.LABELS for f in known):
                continue
            score = f" (imbalance {a.value:.2f} on a 0-1 scale)" if a.value is not None else ""
            add(
                "imbalance",
                Dimension.CONSISTENCY,
                f"highly imbalanced categories{score}: one value dominates",
                (a.column,),
                a.value,
                "If this column is a label or a segment, rebalance or stratify; otherwise confirm the skew is real",
            )
        elif a.kind == "high_correlation":
            for other in a.related:
                pair = frozenset((a.column, other))
                if other == a.column or pair in pairs:
                    continue
                pairs.add(pair)
                first, second = sorted(pair)
                add(
                    "high_correlation",
                    Dimension.CONSISTENCY,
                    f"{first} and {second} are highly correlated: the two columns carry much the same information",
                    (first, second),
                    None,
                    "Keep one of the two as a feature, or check whether one is derived from the other",
                )
    return out
