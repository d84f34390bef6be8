"""The vocabularies results are stated in: dimensions, severities, levels, column kinds, bases."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


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
