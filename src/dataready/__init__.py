"""dataready: audit whether data is ready for an AI project.

    >>> import dataready as dr
    >>> card = dr.audit("dataready.yml")      # or a file, a folder, a database URL, a DataFrame
    >>> card.level, card.score, card.plan[:3]
    >>> card.findings.to_frame()               # findings (and card.plan) as pandas DataFrames
    >>> dr.profile("dataready.yml", "crm.customers")   # deep profile of one source's sample
    >>> dr.gate("dataready.yml", fail_under=80)   # in a pipeline task: raises ReadinessGateFailed

Names are imported on first use so that ``import dataready`` (and ``dataready --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from dataready._version import __version__

_EXPORTS = {
    "load_project": "dataready.config",
    "Project": "dataready.config",
    "ConfigError": "dataready.errors",
    "DatareadyError": "dataready.errors",
    "SourceError": "dataready.errors",
    "ExitCode": "dataready.exit_codes",
    "Dimension": "dataready.model",
    "Finding": "dataready.model",
    "Level": "dataready.model",
    "Scorecard": "dataready.model",
    "Severity": "dataready.model",
    "SourceScorecard": "dataready.model",
    "Status": "dataready.model",
    "profile": "dataready.pipeline.profile",
    "audit": "dataready.pipeline.audit",
    "gate": "dataready.pipeline.gate",
    "ReadinessGateFailed": "dataready.pipeline.gate",
}


__all__ = [
    "ConfigError",
    "DatareadyError",
    "Dimension",
    "ExitCode",
    "Finding",
    "Level",
    "Project",
    "ReadinessGateFailed",
    "Scorecard",
    "Severity",
    "SourceError",
    "SourceScorecard",
    "Status",
    "__version__",
    "audit",
    "gate",
    "load_project",
    "profile",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'dataready' has no attribute {name!r}")


if TYPE_CHECKING:
    from dataready.config import Project, load_project
    from dataready.errors import ConfigError, DatareadyError, SourceError
    from dataready.exit_codes import ExitCode
    from dataready.model import (
        Dimension,
        Finding,
        Level,
        Scorecard,
        Severity,
        SourceScorecard,
        Status,
    )
    from dataready.pipeline.audit import audit
    from dataready.pipeline.gate import ReadinessGateFailed, gate
    from dataready.pipeline.profile import profile
