"""The result types every part of dataready speaks: sources, measurements, findings, scorecards.

Results are frozen dataclasses so a check cannot alter what another check reads, and so a
scorecard handed to a notebook or a pipeline is a value, not a live object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


class Dimension(str, Enum):
    """A readiness dimension; every finding belongs to exactly one."""

    COMPLETENESS = "completeness"
    VALIDITY = "validity"
    CONSISTENCY = "consistency"
    UNIQUENESS = "uniqueness"
    FRESHNESS = "freshness"
    OWNERSHIP = "ownership"
    INVENTORY = "inventory"
    PRIVACY = "privacy"
    LABELS = "labels"
    GROUNDING = "grounding"


class Severity(str, Enum):
    """How much a finding matters. ``blocker`` caps the readiness level at *not ready*."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    BLOCKER = "blocker"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2, Severity.BLOCKER: 3}


class Level(str, Enum):
    READY = "ready"
    CONDITIONAL = "ready with conditions"
    NOT_READY = "not ready"

    @property
    def rank(self) -> int:
        return {Level.READY: 0, Level.CONDITIONAL: 1, Level.NOT_READY: 2}[self]


class Status(str, Enum):
    """Outcome of a checklist item."""

    PASS = "pass"
    FAIL = "fail"
    NOT_ASSESSED = "not assessed"


class ColumnKind(str, Enum):
    """The few type families the checks reason about, whatever the engine calls them."""

    NUMBER = "number"
    STRING = "string"
    DATETIME = "datetime"
    DATE = "date"
    BOOLEAN = "boolean"
    OTHER = "other"

    @property
    def is_temporal(self) -> bool:
        return self in (ColumnKind.DATETIME, ColumnKind.DATE)


class Basis(str, Enum):
    """Whether a figure was measured on every row or estimated from the sample."""

    EXACT = "exact"
    SAMPLE = "sample"
    METADATA = "metadata"


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    db_type: str
    comment: str | None = None


@dataclass(frozen=True)
class Source:
    """One table-like thing to audit, and what its owners declared about it."""

    name: str
    connector: str
    location: str
    """Where it lives, safe to show: connection URLs carry no password."""
    table: str | None = None
    schema: str | None = None
    query: str | None = None
    purpose: str | None = None
    description: str | None = None
    system_of_record: bool | None = None
    key: tuple[str, ...] = ()
    timestamp: str | None = None
    owner: str | None = None
    steward: str | None = None
    contact: str | None = None
    refresh: str | None = None
    sensitivity: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    label: str | None = None
    """The column a model learns to predict (training and evaluation data)."""
    text_column: str | None = None
    """The column holding the text a retriever indexes (``text`` for a folder of documents)."""
    id_column: str | None = None
    title_column: str | None = None
    url_column: str | None = None
    """Columns that identify a document, name it and link to it, so an answer can cite it."""
    chunk_tokens: int | None = None
    """The chunk size, in tokens, that the retrieval pipeline splits documents into."""
    languages: tuple[str, ...] = ()
    """The languages (ISO 639-1 codes) documents are expected to be written in."""
    max_age: str | None = None
    """How old a single document may be before it counts as stale (a cadence); default: the refresh cadence."""
    column_sensitivity: Mapping[str, str] = field(default_factory=dict)
    """Sensitivity declared per column (``columns:`` or ``personal_columns:`` in dataready.yml)."""
    detectors: tuple[DetectorSpec, ...] = ()
    """Custom personal-data detectors declared in dataready.yml."""
    duplicates: DuplicateSettings | None = None
    """Near-duplicate settings (``duplicates:`` in dataready.yml); None means the defaults."""
    match_with: tuple[str, ...] = ()
    """Sources holding the same entities (``match_with:``), compared by the cross-source check."""
    peers: PeerLink | None = field(default=None, compare=False, repr=False)
    """Shared by the sources of one project: entity samples of those already audited, for cross-source matching."""


@dataclass(frozen=True)
class PeerLink:
    """A source's handle on its project's cross-source registry."""

    registry: dict[str, Any]
    """Entity samples of the sources audited so far, by source name."""
    entry: str
    """The configured source this one comes from (a folder or glob entry stands for several)."""


@dataclass(frozen=True)
class DuplicateSettings:
    """How near-duplicate records are looked for in one source."""

    enabled: bool = True
    columns: Mapping[str, str | None] = field(default_factory=dict)
    """Columns to compare, each with its kind (name, email, phone, ...) or None to infer it; empty: inferred."""
    threshold: float | None = None
    """Minimum match probability of a pair; None: the default."""
    blocking: tuple[tuple[str, ...], ...] = ()
    """Extra blocking keys, each a list of columns."""
    window: int | None = None


@dataclass(frozen=True)
class DetectorSpec:
    """A custom personal-data detector: a kind name, a regex and an optional validator."""

    name: str
    pattern: str
    validator: str | None = None
    """A built-in validator (luhn, mod97, iban, …) or ``package.module:function``."""
    ignore_case: bool = False


@dataclass(frozen=True)
class SampleSpec:
    size: int = 100_000
    seed: int = 42


@dataclass(frozen=True)
class ColumnStats:
    """Push-down aggregates of one column over all rows."""

    column: Column
    non_null: int
    distinct: int | None = None
    blank: int = 0
    disguised_missing: int = 0
    untrimmed: int = 0
    with_space: int = 0
    """Values containing a blank: identifiers and codes have none."""
    min_value: Any = None
    max_value: Any = None
    min_length: int | None = None
    max_length: int | None = None
    negative: int = 0
    future: int = 0
    top_values: tuple[tuple[Any, int], ...] | None = None
    """Every value with its count, for columns with few enough distinct values."""


@dataclass(frozen=True)
class Measurement:
    """Everything the checks may read about a source: exact aggregates plus a seeded sample."""

    source: Source
    columns: tuple[Column, ...]
    row_count: int
    stats: Mapping[str, ColumnStats]
    sample: pd.DataFrame
    sample_is_complete: bool
    """True when the sample holds every row, so sample figures are exact too."""
    measured_at: dt.datetime
    duplicate_rows: int | None = None
    duplicate_keys: Mapping[tuple[str, ...], int] = field(default_factory=dict)
    nearly_empty_rows: int | None = None
    modified_at: dt.datetime | None = None
    size_bytes: int | None = None
    table_comment: str | None = None
    read_as: str | None = None
    """The encoding a text file was read in when it was not UTF-8 (and none was declared)."""
    seconds: float = 0.0
    derived: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Values derived from the sample that several checks share (parsed dates, cleaned text)."""

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute a derived value once per measurement, however many checks ask for it."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]

    @property
    def sample_basis(self) -> Basis:
        return Basis.EXACT if self.sample_is_complete else Basis.SAMPLE

    @property
    def sample_size(self) -> int:
        return len(self.sample)


@dataclass(frozen=True)
class Remediation:
    action: str
    effort: str = "M"
    """S (hours), M (days) or L (weeks)."""
    expectation: Mapping[str, Any] | None = None
    """A Great Expectations 1.x expectation (as JSON) that keeps the fix from regressing."""


@dataclass(frozen=True)
class Finding:
    check: str
    dimension: Dimension
    severity: Severity
    source: str
    message: str
    columns: tuple[str, ...] = ()
    measured: Any = None
    threshold: Any = None
    affected: int | None = None
    total: int | None = None
    basis: Basis = Basis.EXACT
    sample_size: int | None = None
    examples: tuple[Any, ...] = ()
    remediation: Remediation | None = None

    @property
    def share(self) -> float | None:
        """Share of rows (or values) affected, when the finding counts them."""
        if self.affected is None or not self.total:
            return None
        return self.affected / self.total

    @property
    def basis_text(self) -> str:
        if self.basis is Basis.SAMPLE:
            return f"estimated from {self.sample_size:,} sampled rows"
        if self.basis is Basis.METADATA:
            return "from declared metadata"
        return "exact, all rows"

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "dimension": self.dimension.value,
            "severity": self.severity.value,
            "source": self.source,
            "columns": list(self.columns),
            "message": self.message,
            "measured": _jsonable(self.measured),
            "threshold": _jsonable(self.threshold),
            "affected": self.affected,
            "total": self.total,
            "share": None if self.share is None else round(self.share, 6),
            "basis": self.basis.value,
            "sample_size": self.sample_size,
            "examples": [_jsonable(e) for e in self.examples],
            "remediation": None
            if self.remediation is None
            else {
                "action": self.remediation.action,
                "effort": self.remediation.effort,
                "expectation": self.remediation.expectation,
            },
        }


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


class Findings(tuple[Finding, ...]):
    """The findings of a scorecard: a tuple of :class:`Finding`, and a table in notebooks.

    ``to_frame()`` gives one row per finding as a pandas DataFrame; Jupyter shows that table.
    """

    @overload
    def __getitem__(self, index: SupportsIndex) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Findings: ...
    def __getitem__(self, index: SupportsIndex | slice) -> Finding | Findings:
        if isinstance(index, slice):
            return Findings(super().__getitem__(index))
        return super().__getitem__(index)

    def to_frame(self) -> pd.DataFrame:
        from dataready.notebook import findings_frame

        return findings_frame(self)

    def _repr_html_(self) -> str:
        from dataready.notebook import frame_html

        return frame_html(self.to_frame(), brief=True)


class Plan(tuple[PlanStep, ...]):
    """The remediation plan: a tuple of :class:`PlanStep` by impact, and a table in notebooks."""

    @overload
    def __getitem__(self, index: SupportsIndex) -> PlanStep: ...
    @overload
    def __getitem__(self, index: slice) -> Plan: ...
    def __getitem__(self, index: SupportsIndex | slice) -> PlanStep | Plan:
        if isinstance(index, slice):
            return Plan(super().__getitem__(index))
        return super().__getitem__(index)

    def to_frame(self) -> pd.DataFrame:
        from dataready.notebook import plan_frame

        return plan_frame(self)

    def _repr_html_(self) -> str:
        from dataready.notebook import frame_html

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
            "modified_at": _jsonable(self.modified_at),
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

    def __post_init__(self) -> None:
        if not isinstance(self.plan, Plan):
            object.__setattr__(self, "plan", Plan(self.plan))

    @property
    def findings(self) -> Findings:
        """Every finding of every source; ``card.findings.to_frame()`` is the DataFrame."""
        return Findings(f for s in self.sources for f in s.findings)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Draw the dimension scores of every source (a heatmap, n/a left blank) with matplotlib."""
        from dataready.notebook import plot_scores

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
        from dataready import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "dataready_version": __version__,
            "generated_at": _jsonable(self.generated_at),
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
        }

    def _repr_html_(self) -> str:
        from dataready.reporting.html import render_fragment

        return render_fragment(self)


SCHEMA_VERSION = "1.0"


def _jsonable(value: Any) -> Any:
    """Numbers, strings and timestamps as JSON-safe values (numpy scalars included)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return (
            value if value == value and value not in (float("inf"), float("-inf")) else str(value)
        )
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return _jsonable(item())
    return str(value)
