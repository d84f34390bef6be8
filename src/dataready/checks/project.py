"""Checks over several sources of one project, such as the same entities held in two systems.

Such a check sees the sources one after another, in the project's order: for each source it
compares what it measured with what it kept of the sources before it, then keeps what it needs
of this one (bounded: a few columns of the sample). The audit owns what is kept and hands it
over explicitly, so a finding depends only on the project and its order, never on state left
behind by an earlier audit.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, cast

from dataready.checks.base import Check
from dataready.model import Basis, Dimension, Finding, Measurement, Severity


class ProjectCheck(ABC):
    name: ClassVar[str]
    dimension: ClassVar[Dimension]
    problem: ClassVar[str | None] = None

    def finding(self, m: Measurement, severity: Severity, message: str, **details: Any) -> Finding:
        """A finding of this check on ``m``'s source, built as every check builds its findings."""
        return Check.finding(cast(Check, self), m, severity, message, **details)

    @abstractmethod
    def keep(self, m: Measurement) -> Any | None:
        """What the check keeps of a source once it is measured (None: nothing to compare)."""

    @abstractmethod
    def run(self, m: Measurement, earlier: Sequence[Any]) -> list[Finding]:
        """Findings on the source just measured, compared with what was kept of earlier ones."""


class ProjectRun:
    """What the project checks of one audit keep, source after source."""

    def __init__(self, checks: Sequence[ProjectCheck]) -> None:
        self.checks = tuple(checks)
        self._kept: dict[str, list[Any]] = {c.name: [] for c in self.checks}

    def run(self, m: Measurement) -> list[Finding]:
        """The project checks' findings on ``m``; then ``m``'s share is kept for later sources."""
        findings: list[Finding] = []
        for check in self.checks:
            try:
                findings += check.run(m, tuple(self._kept[check.name]))
                kept = check.keep(m)
            except Exception as exc:  # a check that breaks is an error finding; the audit goes on
                findings.append(
                    Finding(
                        check=check.name,
                        dimension=check.dimension,
                        severity=Severity.ERROR,
                        source=m.source.name,
                        message=f"the check {check.name} failed to run: {type(exc).__name__}: {exc}",
                        basis=Basis.METADATA,
                    )
                )
                continue
            if kept is not None:
                self._kept[check.name].append(kept)
        return findings
