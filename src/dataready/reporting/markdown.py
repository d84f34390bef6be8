"""Markdown (pull-request comments, CI step summaries), and the text helpers every report shares."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dataready.model import Dimension, Level, Plan, PlanStep, Scorecard, Status
from dataready.model.scorecard import PLAN_HEAD, UNASSIGNED

LEVEL_MARK = {Level.READY: "✅", Level.CONDITIONAL: "⚠️", Level.NOT_READY: "❌"}
STATUS_MARK = {
    Status.PASS: "✅ pass",
    Status.FAIL: "❌ fail",
    Status.NOT_ASSESSED: "➖ not assessed",
}


def expectation_text(expectation: Mapping[str, Any] | None) -> str:
    """``expect_column_values_to_be_unique(column="id")``: an expectation as one readable line."""
    if not expectation:
        return ""
    kwargs = expectation.get("kwargs") or {}
    args = ", ".join(
        f"{k}={json.dumps(v, ensure_ascii=False, default=str)}" for k, v in kwargs.items()
    )
    return f"{expectation.get('type', '?')}({args})"


def score_text(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.0f}"


def assessed_dimensions(card: Scorecard) -> list[Dimension]:
    """Dimensions some source assessed; the rest would be a column of n/a."""
    return [d for d in Dimension if any(s.dimension(d).score is not None for s in card.sources)]


def md_cell(text: object) -> str:
    """Text from the data (names, messages) as inert Markdown: Markdown renders HTML it is given,
    so ``<script>`` or ``<img onerror=…>`` in a file or column name is escaped as the HTML report does."""
    import html

    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def md_code(text: str) -> str:
    """A code span that no backtick in ``text`` can close early (nothing in a code span is HTML)."""
    import re

    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text.replace(chr(10), ' ')}{pad}{fence}"


def render(card: Scorecard, max_steps: int = 20) -> str:
    lines = [
        f"## {LEVEL_MARK[card.level]} {md_cell(card.use_case)}: **{card.level.value}** (score {score_text(card.score)})",
        "",
    ]
    if card.purpose:
        lines += [f"_{md_cell(card.purpose)}_", ""]
    lines += ["### Checklist", "", "| item | status | evidence |", "|---|---|---|"]
    for item in card.checklist:
        lines.append(
            f"| {md_cell(item.title)} | {STATUS_MARK[item.status]} | {md_cell('; '.join(item.evidence))} |"
        )
    dims = assessed_dimensions(card)
    lines += [
        "",
        "### Sources",
        "",
        "| source | level | score | rows | " + " | ".join(d.value for d in dims) + " |",
        "|---|---|---|---|" + "---|" * len(dims),
    ]
    for s in card.sources:
        rows = "unreadable" if s.row_count is None else f"{s.row_count:,}"
        scores = " | ".join(score_text(s.dimension(d).score) for d in dims)
        lines.append(
            f"| {md_cell(s.source.name)} | {LEVEL_MARK[s.level]} {s.level.value} | {score_text(s.score)} | {rows} | {scores} |"
        )
    steps = f"{len(card.plan)} step{'' if len(card.plan) == 1 else 's'}"
    lines += ["", f"### Remediation plan ({steps})", ""]
    if not card.plan:
        lines.append("Nothing to fix.")
    shown = Plan(card.plan[: max(max_steps, PLAN_HEAD)])
    lines += [_step_line(step, owner=True) for step in shown.head]
    for owner, source, group in Plan(shown).groups():
        who = "no owner declared" if owner == UNASSIGNED else md_cell(owner)
        lines += ["", f"**{who}** · {md_code(source)}", ""]
        lines += [_step_line(step, owner=False) for step in group]
    if len(card.plan) > len(shown):
        lines.append(f"\n…and {len(card.plan) - len(shown)} more steps in the full report.")
    lines += [
        "",
        f"<sub>dataready · {card.generated_at:%Y-%m-%d %H:%M} UTC · {card.seconds:.1f} s</sub>",
        "",
    ]
    return "\n".join(lines)


def _step_line(step: PlanStep, *, owner: bool) -> str:
    """One numbered step; its owner is named once per group, or on the opening steps."""
    cols = (
        f" {md_code(', '.join(step.columns[:3]))}"
        if step.columns and len(step.columns) <= 3
        else ""
    )
    where = f"**{md_cell(step.source)}**{cols}" if owner else cols.strip()
    who = f" Owner: {md_cell(step.owner)}." if owner and step.owner != UNASSIGNED else ""
    line = (
        f"{step.rank}. {where}{' — ' if where else ''}{md_cell(step.title)} ({step.severity.value}; "
        f"{md_cell(step.measured)}). {md_cell(step.action).rstrip('.')}.{who} Effort {step.effort}."
    )
    if step.expectation:  # the Great Expectations expectation that would catch it next time
        line += f"\n   Expectation: {md_code(json.dumps(step.expectation, ensure_ascii=False, default=str))}"
    return line
