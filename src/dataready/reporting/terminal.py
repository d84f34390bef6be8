"""The rich terminal scorecard: fits the width it has, colour only on a terminal."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dataready.model import Level, Plan, Scorecard, Severity, Status
from dataready.model.scorecard import PLAN_HEAD, UNASSIGNED
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
    item_width = 36 if console.width >= 110 else 20
    checklist.add_column("item", overflow="fold", min_width=12, max_width=item_width)
    checklist.add_column("status", no_wrap=True)
    checklist.add_column("evidence", ratio=1, overflow="fold")
    evidence_width = console.width - item_width - 24
    for item in card.checklist:
        evidence = "\n".join(
            break_long_words(e, evidence_width) for e in item.evidence[: None if verbose else 3]
        )
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
    # Names get what the fixed columns leave, and break at dots or underscores, never mid-word.
    name_width = max(12, console.width - 20 - (4 if narrow else 14) * len(dims))
    for s in card.sources:
        rows = "—" if s.row_count is None else f"{s.row_count:,}"
        cells = [
            Text(score_text(s.dimension(d).score), _score_style(s.dimension(d).score)) for d in dims
        ]
        level = "cond." if narrow and s.level is Level.CONDITIONAL else s.level.value
        sources.add_row(
            wrap_name(s.source.name, name_width),
            Text(level, LEVEL_STYLE[s.level]),
            # The overall score is coloured by the level: a high mean with a dimension at 0 is red.
            Text(score_text(s.score), LEVEL_STYLE[s.level].removeprefix("bold ")),
            *([] if narrow else [rows]),
            *cells,
        )
    console.print(sources)
    if narrow:
        console.print(
            Text(legend([f"{SHORT[d.value]} {d.value}" for d in dims], console.width), "dim")
        )
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

    _render_plan(card, console, verbose=verbose, max_steps=max_steps)


def _render_plan(card: Scorecard, console: Console, *, verbose: bool, max_steps: int) -> None:
    """The three steps that matter most, then the rest under one heading per owner and source."""
    plan = Plan(card.plan)
    if not plan:
        console.print("[green]Remediation plan: nothing to fix.[/green]")
        return
    shown = len(plan) if verbose else max(max_steps, PLAN_HEAD)
    console.print(
        Text.assemble(
            (f"Remediation plan: {len(plan)} step{'s' * (len(plan) != 1)}", "italic"),
            (" · start with these", "dim") if len(plan) > PLAN_HEAD else "",
        )
    )
    name_width = max(16, console.width // 3)
    console.print(
        _steps_table(plan.head, console, verbose=verbose, where_width=name_width, owners=True)
    )
    for owner, source, steps in plan.groups(shown - PLAN_HEAD):
        heading = Text.assemble(
            ("then, for " if owner != UNASSIGNED else "then, with no owner declared, ", "dim"),
            (owner, "bold") if owner != UNASSIGNED else "",
            (" · " if owner != UNASSIGNED else "", "dim"),
            (wrap_name(source, console.width - 40).replace("\n", ""), "bold"),
        )
        console.print(heading)
        console.print(_steps_table(steps, console, verbose=verbose, where_width=name_width))
    if shown < len(plan):
        console.print(
            f"[dim]… {len(plan) - shown} more steps: --verbose, or --format markdown/json/html[/dim]"
        )
    if plan.unowned:
        console.print(
            f"[dim]{plan.unowned} step{'s have' if plan.unowned != 1 else ' has'} no owner: "
            "declare 'owner' for their sources in dataready.yml (dataready init writes one).[/dim]"
        )


def _steps_table(
    steps: Plan, console: Console, *, verbose: bool, where_width: int, owners: bool = False
) -> Table:
    """One row per step; where the step applies heads its problem, so no column is spent on it."""
    table = Table(expand=True, show_header=False, box=box.SIMPLE, padding=(0, 1))
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("problem", ratio=2, overflow="fold")
    table.add_column("do this", ratio=3, overflow="fold")
    for step in steps:
        where = step.source if owners else ""
        if step.columns and len(step.columns) <= 3:
            where += (" · " if where else "") + ", ".join(step.columns)
        problem = Text()
        if where:
            problem.append(wrap_name(where, where_width) + "\n", "bold")
        problem.append(f"{step.severity.value}: ", SEVERITY_STYLE[step.severity])
        problem.append(break_long_words(step.title, where_width))
        action = Text(step.action)
        if verbose and step.expectation:  # the GX expectation that would catch it next time
            action.append(f"\n{expectation_text(step.expectation)}", "cyan")
        owner = f"owner: {step.owner} · " if owners and step.owner != UNASSIGNED else ""
        action.append(f"\n{owner}effort {step.effort}", "dim")
        table.add_row(str(step.rank), problem, action)
    return table


SEPARATORS = "._-/"
"""Where a name too long for a line may break: after these, never inside a word."""


def wrap_name(name: str, width: int) -> str:
    """``name`` broken into lines of at most ``width``: at spaces, else after dots, underscores…

    A part longer than a whole line keeps its start and end around "…", so a table never
    folds a source or column name in the middle of a word.
    """
    if len(name) <= width:
        return name
    parts: list[str] = []
    for word in name.split(" "):
        if len(word) + 1 <= width:
            parts.append(word + " ")
            continue
        current = ""
        for ch in word:
            current += ch
            if ch in SEPARATORS:
                parts.append(current)
                current = ""
        parts.append(current + " ")
    lines = [""]
    for part in parts:
        if len(part.rstrip()) > width:
            keep = width - 1
            part = part[: keep - keep // 2] + "…" + part.rstrip()[len(part.rstrip()) - keep // 2 :]
        if lines[-1] and len(lines[-1]) + len(part.rstrip()) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(line.rstrip() for line in lines)


def break_long_words(text: str, width: int) -> str:
    """``text`` with each word longer than ``width`` broken after its dots or underscores."""
    return " ".join(wrap_name(w, width) if len(w) > width else w for w in text.split(" "))


def legend(entries: list[str], width: int) -> str:
    """``entries`` joined by " · " into lines of at most ``width``, never splitting an entry."""
    lines = [""]
    for entry in entries:
        joined = f"{lines[-1]} · {entry}" if lines[-1] else entry
        if len(joined) > width and lines[-1]:
            lines.append(entry)
        else:
            lines[-1] = joined
    return "\n".join(lines)
