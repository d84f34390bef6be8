"""The verdict: dimension scores, checklist, remediation plan and readiness level, per source and overall."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

from dataready.model.findings import Finding, Findings
from dataready.model.history import Recorded
from dataready.model.kinds import Dimension, Level, Severity, Status
from dataready.model.source import Source
from dataready.model.values import jsonable

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


@dataclass(frozen=True)
class DimensionScore:
    dimension: Dimension
    score: float | None
    """0-100, or None (n/a) when nothing in this dimension was assessed."""
    explanation: str
    findings: int = 0


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    title: str
    status: Status
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class PlanStep:
    rank: int
    source: str
    columns: tuple[str, ...]
    title: str
    action: str
    owner: str
    effort: str
    impact: float
    dimension: Dimension
    severity: Severity
    measured: str
    expectation: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "source": self.source,
            "columns": list(self.columns),
            "title": self.title,
            "action": self.action,
            "owner": self.owner,
            "effort": self.effort,
            "impact": round(self.impact, 4),
            "dimension": self.dimension.value,
            "severity": self.severity.value,
            "measured": self.measured,
            "expectation": self.expectation,
        }


UNASSIGNED = "unassigned"
"""The owner of a plan step whose source declares none."""

PLAN_HEAD = 3
"""Steps the plan opens with, whoever owns them: those that matter most."""


class Plan(tuple[PlanStep, ...]):
    """The remediation plan: a tuple of :class:`PlanStep`, and a table in notebooks.

    It opens with the :data:`PLAN_HEAD` steps that matter most (data problems before missing
    declarations), then the rest grouped by owner and source, each group by impact.
    """

    @property
    def head(self) -> Plan:
        return self[:PLAN_HEAD]

    def groups(self, steps: int | None = None) -> list[tuple[str, str, Plan]]:
        """(owner, source, steps) of the steps after the head, up to ``steps`` of them, in order."""
        rest = self[PLAN_HEAD:] if steps is None else self[PLAN_HEAD : PLAN_HEAD + steps]
        out: list[tuple[str, str, Plan]] = []
        for step in rest:
            if out and out[-1][:2] == (step.owner, step.source):
                owner, source, group = out[-1]
                out[-1] = (owner, source, Plan((*group, step)))
            else:
                out.append((step.owner, step.source, Plan((step,))))
        return out

    @property
    def unowned(self) -> int:
        """Steps whose source names no owner."""
        return sum(1 for s in self if s.owner == UNASSIGNED)

    @overload
    def __getitem__(self, index: SupportsIndex) -> PlanStep: ...
    @overload
    def __getitem__(self, index: slice) -> Plan: ...
    def __getitem__(self, index: SupportsIndex | slice) -> PlanStep | Plan:
        if isinstance(index, slice):
            return Plan(super().__getitem__(index))
        return super().__getitem__(index)

    def to_frame(self) -> pd.DataFrame:
        from dataready.reporting.notebook import plan_frame

        return plan_frame(self)

    def _repr_html_(self) -> str:
        from dataready.reporting.notebook import frame_html

        return frame_html(self.to_frame(), brief=True)


@dataclass(frozen=True)
class SourceScorecard:
    source: Source
    level: Level
    score: float | None
    dimensions: tuple[DimensionScore, ...]
    findings: tuple[Finding, ...]
    row_count: int | None
    column_count: int | None
    reachable: bool = True
    error: str | None = None
    seconds: float = 0.0
    sample_size: int | None = None
    modified_at: dt.datetime | None = None
    size_bytes: int | None = None
    table_comment: str | None = None
    """The comment the database keeps on the table, if any: a description nobody had to declare."""
    example_rows: tuple[Mapping[str, Any], ...] = field(default=(), compare=False, repr=False)
    """A few rows of the sample, masked like every other example unless values were asked for."""

    def __post_init__(self) -> None:
        if not isinstance(self.findings, Findings):
            object.__setattr__(self, "findings", Findings(self.findings))

    @property
    def examples(self) -> pd.DataFrame:
        """The example rows as a DataFrame (masked unless the audit ran with ``show_values``)."""
        import pandas as pd

        return pd.DataFrame(list(self.example_rows))

    def _repr_html_(self) -> str:
        from dataready.reporting.html import render_source_fragment

        return render_source_fragment(self)

    def dimension(self, dimension: Dimension | str) -> DimensionScore:
        wanted = Dimension(dimension)
        return next(d for d in self.dimensions if d.dimension is wanted)

    def to_dict(self) -> dict[str, Any]:
        s = self.source
        return {
            "name": s.name,
            "connector": s.connector,
            "location": s.location,
            "table": s.table,
            "purpose": s.purpose,
            "description": s.description,
            "owner": s.owner,
            "steward": s.steward,
            "contact": s.contact,
            "refresh": s.refresh,
            "sensitivity": s.sensitivity,
            "reachable": self.reachable,
            "error": self.error,
            "rows": self.row_count,
            "columns": self.column_count,
            "size_bytes": self.size_bytes,
            "modified_at": jsonable(self.modified_at),
            "sample_size": self.sample_size,
            "seconds": round(self.seconds, 3),
            "level": self.level.value,
            "score": None if self.score is None else round(self.score, 1),
            "dimensions": {
                d.dimension.value: {
                    "score": None if d.score is None else round(d.score, 1),
                    "explanation": d.explanation,
                    "findings": d.findings,
                }
                for d in self.dimensions
            },
        }


@dataclass(frozen=True)
class Scorecard:
    """The answer to "is this data ready?": levels, checklist, findings and the plan."""

    use_case: str
    purpose: str | None
    level: Level
    score: float | None
    sources: tuple[SourceScorecard, ...]
    checklist: tuple[ChecklistItem, ...]
    plan: tuple[PlanStep, ...]
    generated_at: dt.datetime
    seconds: float = 0.0
    project_findings: tuple[Finding, ...] = ()
    """Findings about the project as a whole (source ``(project)``), such as the sources that
    declare no owner or purpose."""
    recorded: Recorded | None = None
    """Where the audit was recorded in the history store (``--record``), and what it was compared with."""

    def __post_init__(self) -> None:
        if not isinstance(self.plan, Plan):
            object.__setattr__(self, "plan", Plan(self.plan))

    @property
    def findings(self) -> Findings:
        """Every finding of every source, then the project's; ``card.findings.to_frame()`` is the DataFrame."""
        return Findings([*(f for s in self.sources for f in s.findings), *self.project_findings])

    def plot(self, ax: Axes | None = None) -> Axes:
        """Draw the dimension scores of every source (a heatmap, n/a left blank) with matplotlib."""
        from dataready.reporting.notebook import plot_scores

        return plot_scores(self, ax=ax)

    @property
    def unreadable(self) -> tuple[SourceScorecard, ...]:
        return tuple(s for s in self.sources if not s.reachable)

    def __getitem__(self, name: str) -> SourceScorecard:
        for s in self.sources:
            if s.source.name == name:
                return s
        known = ", ".join(s.source.name for s in self.sources)
        raise KeyError(f"no source named {name!r}; the scorecard has: {known}")

    def to_dict(self) -> dict[str, Any]:
        from dataready._version import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "dataready_version": __version__,
            "generated_at": jsonable(self.generated_at),
            "seconds": round(self.seconds, 3),
            "use_case": {"name": self.use_case, "purpose": self.purpose},
            "level": self.level.value,
            "score": None if self.score is None else round(self.score, 1),
            "checklist": [
                {
                    "key": c.key,
                    "title": c.title,
                    "status": c.status.value,
                    "evidence": list(c.evidence),
                }
                for c in self.checklist
            ],
            "sources": [s.to_dict() for s in self.sources],
            "findings": [f.to_dict() for f in self.findings],
            "plan": [p.to_dict() for p in self.plan],
        } | ({} if self.recorded is None else {"history": self.recorded.to_dict()})

    def _repr_html_(self) -> str:
        from dataready.reporting.html import render_fragment

        return render_fragment(self)


SCHEMA_VERSION = "1.0"
