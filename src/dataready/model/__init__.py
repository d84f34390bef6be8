"""The result types every part of dataready speaks: sources, measurements, findings, scorecards.

Results are frozen dataclasses so a check cannot alter what another check reads, and so a
scorecard handed to a notebook or a pipeline is a value, not a live object. This package is the
ground floor: it imports no other part of dataready.
"""

from dataready.model.findings import FailedRows, Finding, Findings, Remediation
from dataready.model.kinds import Basis, ColumnKind, Dimension, Level, Severity, Status
from dataready.model.measurement import (
    Access,
    ColumnStats,
    Grant,
    LineProblem,
    Measurement,
    ReadProblems,
    SampleSpec,
)
from dataready.model.scorecard import (
    SCHEMA_VERSION,
    ChecklistItem,
    DimensionScore,
    Plan,
    PlanStep,
    Scorecard,
    SourceScorecard,
)
from dataready.model.source import Column, DetectorSpec, DuplicateSettings, Source
from dataready.model.values import jsonable

__all__ = [
    "SCHEMA_VERSION",
    "Access",
    "Basis",
    "ChecklistItem",
    "Column",
    "ColumnKind",
    "ColumnStats",
    "DetectorSpec",
    "Dimension",
    "DimensionScore",
    "DuplicateSettings",
    "FailedRows",
    "Finding",
    "Findings",
    "Grant",
    "Level",
    "LineProblem",
    "Measurement",
    "Plan",
    "PlanStep",
    "ReadProblems",
    "Remediation",
    "SampleSpec",
    "Scorecard",
    "Severity",
    "Source",
    "SourceScorecard",
    "Status",
    "jsonable",
]
