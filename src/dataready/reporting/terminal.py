"""The rich terminal scorecard: fits the width it has, colour only on a terminal."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dataready.model import Level, Scorecard, Severity, Status
from dataready.reporting.markdown import assessed_dimensions, expectation_text, score_text

LEVEL_STYLE = {
    Level.READY: "bold green",
    Level.CONDITIONAL: "bold yellow",
    Level.NOT_READY: "bold red",
}
STATUS_STYLE = {Status.PASS: "green", Status.FAIL: "red", Status.NOT_ASSESSED: "dim"}
SEVERITY_STYLE = {
    Severity.INFO: "dim",
    Severity.WARNING: "yellow",
    Severity.ERROR: "red",
    Severity.BLOCKER: "bold red",
}


SHORT = {
    "completeness": "cmp",
    "validity": "val",
    "consistency": "con",
    "uniqueness": "unq",
    "freshness": "frs",
    "ownership": "own",
    "inventory": "inv",
    "privacy": "prv",
    "labels": "lbl",
    "grounding": "grd",
}


def _score_style(score: float | None) -> str:
    if score is None:
        return "dim"
    return "green" if score >= 80 else "yellow" if score >= 60 else "red"


def render(
    card: Scorecard, console: Console, *, verbose: bool = False, max_steps: int = 10
) -> None:
    headline = Text.assemble(
        (f"{card.use_case}  ", "bold"),
        (card.level.value.upper(), LEVEL_STYLE[card.level]),
        f"  score {score_text(card.score)}  ·  {len(card.sources)} source(s)  ·  {card.seconds:.1f} s",
    )
    console.print(Panel(headline, expand=False))

    checklist = Table(
        title="Data readiness checklist", title_justify="left", expand=True, show_lines=False
    )
    checklist.add_column("item", overflow="fold", min_width=12, max_width=36)
    checklist.add_column("status", no_wrap=True)
    checklist.add_column("evidence", ratio=1, overflow="fold")
    for item in card.checklist:
        evidence = "\n".join(item.evidence[: None if verbose else 3])
        if not verbose and len(item.evidence) > 3:
            evidence += f"\n… {len(item.evidence) - 3} more"
        checklist.add_row(item.title, Text(item.status.value, STATUS_STYLE[item.status]), evidence)
    console.print(checklist)

    dims = assessed_dimensions(card)
    # Full dimension names need about 14 characters a column; short codes and no grid need 4.
    narrow = console.width < 80 + 14 * len(dims)
    sources = Table(
        title="Sources",
        title_justify="left",
        expand=True,
        box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD,
        padding=(0, 0) if narrow else (0, 1),
    )
    sources.add_column("source", overflow="fold", ratio=2, min_width=12)
    sources.add_column("level", overflow="fold", min_width=9)
    sources.add_column("score", justify="right", no_wrap=True)
    if not narrow:
        sources.add_column("rows", justify="right", no_wrap=True)
    for d in dims:
        sources.add_column(SHORT[d.value] if narrow else d.value, justify="right", no_wrap=True)
    for s in card.sources:
        rows = "—" if s.row_count is None else f"{s.row_count:,}"
        cells = [
            Text(score_text(s.dimension(d).score), _score_style(s.dimension(d).score)) for d in dims
        ]
        level = "cond." if narrow and s.level is Level.CONDITIONAL else s.level.value
        sources.add_row(
            s.source.name,
            Text(level, LEVEL_STYLE[s.level]),
            # The overall score is coloured by the level: a high mean with a dimension at 0 is red.
            Text(score_text(s.score), LEVEL_STYLE[s.level].removeprefix("bold ")),
            *([] if narrow else [rows]),
            *cells,
        )
    console.print(sources)
    if narrow:
        console.print("[dim]" + " · ".join(f"{SHORT[d.value]} {d.value}" for d in dims) + "[/dim]")
    if verbose:
        for s in card.sources:
            lines = [
                Text(f"{d.dimension.value}: {d.explanation}")
                for d in s.dimensions
                if d.score is not None
            ]
            console.print(
                Panel(
                    Group(*lines),
                    title=f"why {s.source.name} scores {score_text(s.score)}",
                    title_align="left",
                )
            )

    plan = Table(
        title=f"Remediation plan ({len(card.plan)} steps, by impact)",
        title_justify="left",
        expand=True,
    )
    # On a narrow terminal owner and effort move under the action instead of taking columns.
    wide = console.width >= 110
    plan.add_column("#", justify="right", no_wrap=True)
    plan.add_column("where", ratio=1, overflow="fold", min_width=12)
    plan.add_column("problem", ratio=2, overflow="fold")
    plan.add_column("do this", ratio=3, overflow="fold")
    if wide:
        plan.add_column("owner", ratio=1, overflow="fold")
        plan.add_column("effort", no_wrap=True)
    shown = card.plan if verbose else card.plan[:max_steps]
    for step in shown:
        where = step.source + (
            f"\n{', '.join(step.columns)}" if step.columns and len(step.columns) <= 3 else ""
        )
        problem = Text(f"{step.severity.value}: ", SEVERITY_STYLE[step.severity]) + Text(step.title)
        action = Text(step.action)
        if verbose and step.expectation:  # the GX expectation that would catch it next time
            action += Text(f"\n{expectation_text(step.expectation)}", "cyan")
        if wide:
            plan.add_row(str(step.rank), where, problem, action, step.owner, step.effort)
        else:
            plan.add_row(
                str(step.rank),
                where,
                problem,
                action + Text(f"\nowner: {step.owner} · effort {step.effort}", "dim"),
            )
    if card.plan:
        console.print(plan)
        if len(shown) < len(card.plan):
            console.print(
                f"[dim]… {len(card.plan) - len(shown)} more steps: --verbose, or --format markdown/json[/dim]"
            )
    else:
        console.print("[green]Remediation plan: nothing to fix.[/green]")
