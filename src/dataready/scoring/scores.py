"""Findings → a score per dimension → a readiness level per source and overall → the checklist.

Every score explains itself: "100 − 25 (error: 12 % missing in email) − 10 (...) = 65".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from dataready.model import (
    ChecklistItem,
    Dimension,
    DimensionScore,
    Finding,
    Level,
    Severity,
    SourceScorecard,
    Status,
)

DEDUCTION = {
    Severity.INFO: 0.0,
    Severity.WARNING: 10.0,
    Severity.ERROR: 25.0,
    Severity.BLOCKER: 60.0,
}
"""Points a finding takes off its dimension's 100, before scaling by the share of rows affected."""

QUALITY = (Dimension.COMPLETENESS, Dimension.VALIDITY, Dimension.CONSISTENCY, Dimension.UNIQUENESS)


def deduction(finding: Finding) -> float:
    """Severity points, halved for findings that touch few rows (full weight from 10 % of rows)."""
    base = DEDUCTION[finding.severity]
    share = finding.share
    if share is None:
        return base
    return base * (0.5 + 0.5 * min(1.0, share * 10))


def score_dimension(
    dimension: Dimension, findings: Sequence[Finding], assessed: bool
) -> DimensionScore:
    if not assessed:
        return DimensionScore(dimension, None, "n/a: nothing in this dimension was assessed")
    counted = [f for f in findings if DEDUCTION[f.severity] > 0]
    total = sum(deduction(f) for f in counted)
    score = max(0.0, 100.0 - total)
    if not counted:
        notes = (
            f" ({len(findings)} informational note{'s' * (len(findings) != 1)})" if findings else ""
        )
        return DimensionScore(dimension, 100.0, f"100: no problems found{notes}", len(findings))
    worst = sorted(counted, key=deduction, reverse=True)
    parts = " ".join(f"− {deduction(f):.0f} ({f.severity.value}: {_short(f)})" for f in worst[:4])
    more = (
        f" − {sum(deduction(f) for f in worst[4:]):.0f} ({len(worst) - 4} more)"
        if len(worst) > 4
        else ""
    )
    return DimensionScore(dimension, score, f"100 {parts}{more} = {score:.0f}", len(findings))


EVIDENCE_LENGTH = 90
"""Characters of one finding quoted as checklist evidence."""


def _short(f: Finding) -> str:
    """The finding in one short phrase: its columns (unless the message names them) and its message."""
    named = all(c in f.message for c in f.columns)
    where = (
        f"{', '.join(f.columns[:2])}{'…' if len(f.columns) > 2 else ''}: "
        if f.columns and not named
        else ""
    )
    return clip(f"{where}{f.message}", EVIDENCE_LENGTH)


def clip(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters at a word boundary, with "…" where it was cut."""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:(") + "…"


def weighted_score(
    dimensions: Iterable[DimensionScore], weights: Mapping[Dimension, float]
) -> float | None:
    scored = [(d.score, weights.get(d.dimension, 1.0)) for d in dimensions if d.score is not None]
    weight = sum(w for _s, w in scored)
    if not scored or weight == 0:
        return None
    return sum(s * w for s, w in scored) / weight


def level_of(
    score: float | None,
    findings: Sequence[Finding],
    *,
    ready: float,
    not_ready_below: float,
    dimensions: Iterable[DimensionScore] = (),
) -> Level:
    """The weakest of the levels the weighted score, the worst finding and the worst dimension give.

    A score (the mean, or any assessed dimension) below ``not_ready_below`` or a blocker makes the
    source not ready; a score below ``ready`` or an error finding makes it ready with conditions.
    A high mean therefore cannot hide a dimension at 0.
    """
    worst = max((f.severity.rank for f in findings), default=-1)
    lowest = min((d.score for d in dimensions if d.score is not None), default=None)
    scores = [s for s in (score, lowest) if s is not None]
    if worst >= Severity.BLOCKER.rank or any(s < not_ready_below for s in scores):
        return Level.NOT_READY
    if worst >= Severity.ERROR.rank or score is None or any(s < ready for s in scores):
        return Level.CONDITIONAL
    return Level.READY


ITEM_DIMENSIONS: dict[str, tuple[Dimension, ...]] = {
    "sources_inventoried": (Dimension.INVENTORY,),
    "quality_acceptable": QUALITY,
    "ownership_and_cadence": (Dimension.OWNERSHIP, Dimension.FRESHNESS),
    "retrieval_grounding": (Dimension.GROUNDING, Dimension.FRESHNESS),
}
"""The dimensions whose findings decide how badly each checklist item fails."""


def fails_at_error(item: ChecklistItem, sources: Sequence[SourceScorecard]) -> bool:
    """Whether a failed checklist item fails at error or worse.

    It does when a source the item judges (every source; for grounding, the retrieval sources) is
    unreadable, or has an error or blocker finding in one of the item's dimensions. An item that
    fails on warnings or low scores alone does not.
    """
    if item.status is not Status.FAIL:
        return False
    dims = ITEM_DIMENSIONS.get(item.key, ())
    judged = (
        [s for s in sources if s.source.purpose == "retrieval"]
        if item.key == "retrieval_grounding"
        else sources
    )
    return any(
        not s.reachable
        or any(f.dimension in dims and f.severity.rank >= Severity.ERROR.rank for f in s.findings)
        for s in judged
    )


def overall_level(sources: Sequence[SourceScorecard], items: Sequence[ChecklistItem] = ()) -> Level:
    """The worst source's level; not ready while a checklist item fails at error or worse, and
    at best ready with conditions while any item fails."""
    level = max((s.level for s in sources), key=lambda lv: lv.rank, default=Level.NOT_READY)
    if any(fails_at_error(item, sources) for item in items):
        return Level.NOT_READY
    if level is Level.READY and any(item.status is Status.FAIL for item in items):
        return Level.CONDITIONAL
    return level


def checklist(
    sources: Sequence[SourceScorecard],
    dimension_pass: float,
    project_findings: Sequence[Finding] = (),
) -> tuple[ChecklistItem, ...]:
    """The four items; ``project_findings`` (gaps of the project as a whole) count in theirs."""

    def gaps(*dimensions: Dimension) -> list[str]:
        return [
            f.message
            for f in project_findings
            if f.dimension in dimensions and f.severity.rank >= Severity.WARNING.rank
        ]

    return (
        _inventoried(sources, gaps(Dimension.INVENTORY)),
        _quality(sources, dimension_pass),
        _ownership(sources, gaps(Dimension.OWNERSHIP, Dimension.FRESHNESS)),
        _grounding(sources, dimension_pass),
    )


def _item(
    key: str, title: str, failures: list[str], passes: list[str], assessed: bool = True
) -> ChecklistItem:
    if not assessed:
        return ChecklistItem(
            key, title, Status.NOT_ASSESSED, tuple(passes) or ("nothing to assess",)
        )
    status = Status.FAIL if failures else Status.PASS
    return ChecklistItem(key, title, status, tuple(failures or passes))


def _inventoried(sources: Sequence[SourceScorecard], project_gaps: list[str]) -> ChecklistItem:
    failures, described = list(project_gaps), 0
    for s in sources:
        if not s.reachable:
            failures.append(f"{s.source.name}: unreachable ({s.error})")
            continue
        gaps = [
            f.message
            for f in s.findings
            if f.dimension is Dimension.INVENTORY and f.severity.rank >= Severity.WARNING.rank
        ]
        if gaps:
            failures.append(f"{s.source.name}: {'; '.join(gaps)}")
        else:
            described += 1
    passes = [
        f"{len(sources)} source(s) reachable with schema, row counts, purpose and description"
    ]
    return _item("sources_inventoried", "Sources inventoried", failures, passes)


def _quality(sources: Sequence[SourceScorecard], dimension_pass: float) -> ChecklistItem:
    failures = []
    for s in sources:
        if not s.reachable:
            continue
        low = [
            d
            for d in s.dimensions
            if d.dimension in QUALITY and d.score is not None and d.score < dimension_pass
        ]
        blocking = [
            f
            for f in s.findings
            if f.dimension in QUALITY and f.severity.rank >= Severity.ERROR.rank
        ]
        if low or blocking:
            why = [f"{d.dimension.value} {d.score:.0f} < {dimension_pass:.0f}" for d in low]
            why += [f"{f.severity.value}: {_short(f)}" for f in blocking[:2]]
            failures.append(f"{s.source.name}: {'; '.join(why)}")
    assessed = any(s.reachable for s in sources)
    passes = [f"every quality dimension ≥ {dimension_pass:.0f} on every source, no error findings"]
    return _item("quality_acceptable", "Quality acceptable", failures, passes, assessed)


def _ownership(sources: Sequence[SourceScorecard], project_gaps: list[str]) -> ChecklistItem:
    failures = list(project_gaps)
    for s in sources:
        gaps = [
            f.message
            for f in s.findings
            if f.dimension in (Dimension.OWNERSHIP, Dimension.FRESHNESS)
            and f.severity.rank >= Severity.WARNING.rank
        ]
        if gaps:
            failures.append(f"{s.source.name}: {'; '.join(gaps)}")
    passes = [
        "every source names an owner and contact, declares a cadence and is as fresh as declared"
    ]
    return _item("ownership_and_cadence", "Ownership and refresh cadence clear", failures, passes)


def _grounding(sources: Sequence[SourceScorecard], dimension_pass: float) -> ChecklistItem:
    """Judged from the grounding checks (per document) and the corpus's freshness, with their findings as evidence."""
    retrieval = [s for s in sources if s.source.purpose == "retrieval"]
    title = "Retrieval grounding in place"
    if not retrieval:
        return _item(
            "retrieval_grounding", title, [], ["no source has purpose 'retrieval'"], assessed=False
        )
    failures, passes = [], []
    for s in retrieval:
        name = s.source.name
        if not s.reachable:
            failures.append(f"{name}: unreachable")
            continue
        grounding = s.dimension(Dimension.GROUNDING)
        if grounding.score is None:
            failures.append(f"{name}: no documents to assess")
            continue
        problems = sorted(
            (
                f
                for f in s.findings
                if f.dimension is Dimension.GROUNDING and f.severity.rank >= Severity.WARNING.rank
            ),
            key=deduction,
            reverse=True,
        )
        low = [
            d
            for d in s.dimensions
            if d.dimension in (Dimension.GROUNDING, Dimension.FRESHNESS)
            and d.score is not None
            and d.score < dimension_pass
        ]
        if low or any(f.severity.rank >= Severity.ERROR.rank for f in problems):
            why = [f"{d.dimension.value} {d.score:.0f} < {dimension_pass:.0f}" for d in low]
            why += [f"{f.severity.value}: {f.message}" for f in problems[:4]]
            more = f"; {len(problems) - 4} more" if len(problems) > 4 else ""
            failures.append(f"{name}: {'; '.join(why)}{more}")
            continue
        profile = next((f for f in s.findings if f.check == "corpus_profile"), None)
        passes.append(
            f"{name}: {profile.message if profile else 'documents readable, de-duplicated, citable and fresh'}"
            + (f"; {len(problems)} warning(s)" if problems else "")
        )
    return _item("retrieval_grounding", title, failures, passes)
