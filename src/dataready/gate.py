"""The readiness gate: an audit that passes or fails, for CI jobs and orchestrator tasks.

    >>> import dataready
    >>> dataready.gate("dataready.yml", fail_under=80)   # raises ReadinessGateFailed with a summary

The CLI's ``dataready gate`` and ``audit --fail-on/--fail-under`` decide with :func:`reasons`; only the
CLI turns the decision into an exit code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dataready.errors import DatareadyError
from dataready.exit_codes import ExitCode
from dataready.expectations import BROKEN_CHECK

if TYPE_CHECKING:
    from dataready.models import Finding, Scorecard

FailOn = Literal["warning", "error", "never"]
FAIL_ON: tuple[str, ...] = ("warning", "error", "never")

SHOWN = 5
"""Findings quoted in a gate's summary; the scorecard carries them all."""


class ReadinessGateFailed(DatareadyError):
    """The data did not pass the gate. ``scorecard`` holds everything; ``str()`` is a readable summary."""

    def __init__(self, scorecard: Scorecard, reasons: Sequence[str]) -> None:
        self.scorecard = scorecard
        self.reasons = tuple(reasons)
        self.exit_code = ExitCode.SOURCE_ERROR if scorecard.unreadable else ExitCode.NOT_READY
        super().__init__(summary(scorecard, self.reasons))


def _threshold(fail_on: str | None) -> int | None:
    from dataready.models import Severity

    if fail_on not in (None, *FAIL_ON):
        raise ValueError(f"fail_on: {fail_on!r}; allowed: {', '.join(FAIL_ON)}")
    return {"warning": Severity.WARNING.rank, "error": Severity.ERROR.rank}.get(fail_on or "")


def reasons(
    card: Scorecard, *, fail_under: float | None = None, fail_on: str | None = "error"
) -> list[str]:
    """Why the gate fails; empty when it passes.

    ``fail_on`` ``"error"`` fails on any error or blocker finding (and on a not-ready level),
    ``"warning"`` on warnings too, ``"never"`` on no finding at all. ``None`` keeps the plain audit's
    rule: only a not-ready level fails. Whatever ``fail_on`` says, an unreadable source, an
    expectation that could not run, and a score under ``fail_under`` fail the gate.
    """
    from dataready.models import Level

    threshold = _threshold(fail_on)
    out = [f"{s.source.name}: could not be read: {s.error}" for s in card.unreadable]
    broken = [f for f in card.findings if f.check == BROKEN_CHECK]
    if broken:
        out.append(f"{len(broken)} expectation(s) could not run: " + _quote(broken))
    if fail_on != "never" and card.level is Level.NOT_READY and not card.unreadable:
        out.append(f"the data is not ready (score {_score(card.score)})")
    if threshold is not None:
        failing = [
            f
            for f in card.findings
            if f.severity.rank >= threshold and f.check != BROKEN_CHECK and f.check != "reachable"
        ]
        if failing:
            out.append(f"{len(failing)} finding(s) at {fail_on} or above: " + _quote(failing))
    if fail_under is not None and (card.score is None or card.score < fail_under):
        out.append(f"score {_score(card.score)} is below {fail_under:g}")
    return out


def _score(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.0f}"


def _quote(found: Sequence[Finding]) -> str:
    shown = [
        f"{f.source}{' ' + ', '.join(f.columns[:2]) if f.columns else ''}: {f.message}"
        for f in found[:SHOWN]
    ]
    more = f"; and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    return "; ".join(shown) + more


def summary(card: Scorecard, why: Sequence[str]) -> str:
    head = (
        f"readiness gate failed for {card.use_case}: {card.level.value}, score {_score(card.score)}"
    )
    return "\n".join([head, *(f"- {r}" for r in why)])


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
    from dataready.audit import audit

    _threshold(fail_on)
    card = audit(target, suites=suites, **audit_options)
    why = reasons(card, fail_under=fail_under, fail_on=fail_on)
    if junit is not None:
        from dataready.reporting import junit as junit_report

        path = Path(junit)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            junit_report.render(card, fail_on=fail_on, fail_under=fail_under), encoding="utf-8"
        )
    if why:
        raise ReadinessGateFailed(card, why)
    return card
