"""Expectation suite results in the terminal and as JSON: ``dataready validate``, and the suites an audit ran."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dataready.model.suites import runs_in

if TYPE_CHECKING:
    from rich.console import Console

    from dataready.model import Scorecard
    from dataready.model.suites import Outcome, SuiteRun

STATUS_STYLE = {"passed": "green", "failed": "red", "error": "bold red"}
STATUS_TEXT = {"passed": "passed", "failed": "failed", "error": "could not run"}


def render_audit_summary(card: Scorecard, console: Console) -> None:
    """One line per suite the audit ran, then each expectation that did not pass."""
    runs = runs_in(card.findings)
    if not runs:
        return
    from rich.padding import Padding
    from rich.text import Text

    console.print(Text("Expectation suites (Great Expectations 1.x format)", style="italic"))
    for run in runs:
        ok = not run["failed"] and not run["errors"]
        line = Text.assemble(
            ("  ✔ " if ok else "  ✘ ", "green" if ok else "red"),
            (f"{run['source']}", "bold"),
            f": {run['path']}: {run['passed']} of {run['evaluated']} passed",
        )
        if run["failed"]:
            line.append(f", {run['failed']} failed", "red")
        if run["errors"]:
            line.append(f", {run['errors']} could not run", "bold red")
        console.print(line)
        for e in run["expectations"]:
            if e["status"] != "passed":
                # Indented as a block, so that a wrapped line stays under its expectation.
                console.print(
                    Padding(
                        Text(f"{e['expectation']}: {e['detail']}", STATUS_STYLE[e["status"]]),
                        (0, 0, 0, 6),
                    )
                )


def render_runs(
    runs: Sequence[SuiteRun], console: Console, *, show_values: bool = False, verbose: bool = False
) -> None:
    from rich.table import Table
    from rich.text import Text

    from dataready.reporting.terminal import break_long_words

    for run in runs:
        title = f"{run.source}: suite {run.suite.name} ({run.suite_path})"
        if run.error is not None:
            console.print(Text(f"{title}: the source could not be read: {run.error}", "bold red"))
            continue
        table = Table(title=title, title_justify="left", expand=True)
        table.add_column("expectation", ratio=3, overflow="fold")
        table.add_column("result", no_wrap=True)
        table.add_column("detail", ratio=3, overflow="fold")
        for o in run.outcomes:
            if o.status == "passed" and not verbose:
                continue
            detail = o.detail()
            shown = examples(o, run, show_values)
            if shown:
                detail += f"\nexamples: {', '.join(shown)}"
            # About half the width: a label breaks after an underscore, never inside a word.
            label = break_long_words(o.label, max(20, (console.width - 18) // 2))
            table.add_row(label, Text(STATUS_TEXT[o.status], STATUS_STYLE[o.status]), detail)
        if table.row_count:
            console.print(table)
        style = "green" if run.success else "red"
        console.print(
            Text(f"{run.source}: {run.summary()} ({run.engine}, {run.seconds:.1f} s)", style)
        )


def examples(o: Outcome, run: SuiteRun, show_values: bool) -> list[str]:
    """Example unexpected values, masked unless values were asked for (nulls are no example)."""
    from dataready.pii.masking import is_personal_column, mask, mask_text

    values = [v for v in o.examples if v is not None]
    if show_values:
        return [str(v) for v in values]
    personal = any(is_personal_column(c) for c in o.columns)
    return [mask(v) if personal else mask_text(str(v)) for v in values]


def to_json(runs: Sequence[SuiteRun], *, show_values: bool = False) -> str:
    document: list[dict[str, Any]] = []
    for run in runs:
        item = run.to_dict()
        for entry, o in zip(item["expectations"], run.outcomes, strict=True):
            entry["examples"] = examples(o, run, show_values)
        document.append(item)
    return (
        json.dumps(
            {"success": all(r.success for r in runs), "suites": document},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
