"""The gate's decision: why a scorecard fails (findings at --fail-on, a score below --fail-under).

``dataready gate``, ``audit --fail-on/--fail-under`` and :func:`dataready.gate` all decide with
:func:`reasons`; only the CLI turns the decision into an exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from dataready.model.suites import BROKEN_CHECK, SKIPPED_CHECK

if TYPE_CHECKING:
    from dataready.model import Finding, Scorecard

FailOn = Literal["warning", "error", "never"]
FAIL_ON: tuple[str, ...] = ("warning", "error", "never")

SHOWN = 5
"""Findings quoted in a gate's summary; the scorecard carries them all."""


def severity_threshold(fail_on: str | None) -> int | None:
    from dataready.model import Severity

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
    expectation that could not run, and a score under ``fail_under`` fail the gate; a suite skipped
    because Great Expectations is not installed fails it unless ``fail_on`` is None (a plain audit).
    """
    from dataready.model import Level

    threshold = severity_threshold(fail_on)
    out = [f"{s.source.name}: could not be read: {s.error}" for s in card.unreadable]
    broken = [f for f in card.findings if f.check == BROKEN_CHECK]
    if broken:
        out.append(f"{len(broken)} expectation(s) could not run: " + _quote(broken))
    skipped = [f for f in card.findings if f.check == SKIPPED_CHECK]
    if skipped and fail_on is not None:  # a gate: a suite nobody ran passes nothing
        out.append(f"{len(skipped)} expectation suite(s) skipped: " + _quote(skipped))
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
