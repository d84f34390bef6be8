"""dataready: audit whether data is ready for an AI project.

    >>> import dataready as dr
    >>> card = dr.audit("dataready.yml")      # or a file, a folder, a database URL, a DataFrame
    >>> card.level, card.score, card.plan[:3]

Names are imported on first use so that ``import dataready`` (and ``dataready --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_project": "dataready.config",
    "Project": "dataready.config",
    "ConfigError": "dataready.errors",
    "DatareadyError": "dataready.errors",
    "SourceError": "dataready.errors",
    "ExitCode": "dataready.exit_codes",
    "Dimension": "dataready.models",
    "Finding": "dataready.models",
    "Level": "dataready.models",
    "Scorecard": "dataready.models",
    "Severity": "dataready.models",
    "SourceScorecard": "dataready.models",
    "Status": "dataready.models",
}

# Imported eagerly: the submodule dataready.audit would otherwise shadow the function of that name.
from dataready.audit import audit  # noqa: E402

__all__ = [
    "ConfigError",
    "DatareadyError",
    "Dimension",
    "ExitCode",
    "Finding",
    "Level",
    "Project",
    "Scorecard",
    "Severity",
    "SourceError",
    "SourceScorecard",
    "Status",
    "__version__",
    "audit",
    "load_project",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'dataready' has no attribute {name!r}")


if TYPE_CHECKING:
    from dataready.config import Project, load_project
    from dataready.errors import ConfigError, DatareadyError, SourceError
    from dataready.exit_codes import ExitCode
    from dataready.models import (
        Dimension,
        Finding,
        Level,
        Scorecard,
        Severity,
        SourceScorecard,
        Status,
    )
