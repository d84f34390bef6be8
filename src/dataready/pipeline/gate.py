"""The readiness gate: an audit that passes or fails, for CI jobs and orchestrator tasks.

>>> import dataready
>>> dataready.gate("dataready.yml", fail_under=80)   # raises ReadinessGateFailed with a summary
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready.atomic import write_text
from dataready.errors import DatareadyError
from dataready.exit_codes import ExitCode
from dataready.scoring.gate import FailOn, reasons, severity_threshold, summary

if TYPE_CHECKING:
    from dataready.model import Scorecard


class ReadinessGateFailed(DatareadyError):
    """The data did not pass the gate. ``scorecard`` holds everything; ``str()`` is a readable summary."""

    def __init__(self, scorecard: Scorecard, reasons: Sequence[str]) -> None:
        self.scorecard = scorecard
        self.reasons = tuple(reasons)
        self.exit_code = ExitCode.SOURCE_ERROR if scorecard.unreadable else ExitCode.NOT_READY
        super().__init__(summary(scorecard, self.reasons))


def gate(
    target: Any = None,
    *,
    fail_under: float | None = None,
    fail_on: FailOn = "error",
    junit: str | os.PathLike[str] | None = None,
    suites: Mapping[str, str | os.PathLike[str]] | None = None,
    **audit_options: Any,
) -> Scorecard:
    """Audit ``target`` (as :func:`dataready.audit`, suites included) and raise if the data fails the gate.

    Returns the scorecard when the gate passes. Raises :class:`ReadinessGateFailed` (carrying the
    scorecard) when it fails, :class:`ConfigError` for an invalid project or suite. ``junit``
    writes a JUnit XML report either way.
    """
    from dataready.pipeline.audit import audit

    severity_threshold(fail_on)
    card = audit(target, suites=suites, **audit_options)
    why = reasons(card, fail_under=fail_under, fail_on=fail_on)
    if junit is not None:
        from dataready.checks import check_names
        from dataready.reporting import junit as junit_report

        write_text(
            Path(junit),
            junit_report.render(card, checks=check_names(), fail_on=fail_on, fail_under=fail_under),
        )
    if why:
        raise ReadinessGateFailed(card, why)
    return card
