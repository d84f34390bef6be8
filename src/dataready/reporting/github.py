"""GitHub Actions: ``::error``/``::warning`` annotations and a Markdown step summary.

Used when ``GITHUB_ACTIONS=true``. Annotations name the source and columns; the step summary
(appended to ``$GITHUB_STEP_SUMMARY``) holds the scorecard, the gate's verdict, the expectation
suites and the expectations the remediation plan proposes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from dataready.model import Finding, Scorecard, Severity
from dataready.model.suites import BROKEN_CHECK, runs_in

if TYPE_CHECKING:
    from dataready.model.suites import SuiteRun

MAX_ANNOTATIONS = 50
"""GitHub shows ten of each kind per step; more only clutter the log."""


def active(environ: Mapping[str, str] | None = None) -> bool:
    return (environ if environ is not None else os.environ).get("GITHUB_ACTIONS") == "true"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, title: str, message: str) -> str:
    return f"::{level} title={_property(title)}::{_data(message)}"


def finding_annotations(findings: Sequence[Finding]) -> list[str]:
    """Warnings and worse, worst first; an expectation that could not run is always an error."""
    ranked = sorted(
        (
            f
            for f in findings
            if f.severity.rank >= Severity.WARNING.rank or f.check == BROKEN_CHECK
        ),
        key=lambda f: -f.severity.rank,
    )
    lines = []
    for f in ranked[:MAX_ANNOTATIONS]:
        level = (
            "error"
            if f.severity.rank >= Severity.ERROR.rank or f.check == BROKEN_CHECK
            else "warning"
        )
        where = (
            f" [{', '.join(f.columns[:3])}{'…' if len(f.columns) > 3 else ''}]" if f.columns else ""
        )
        lines.append(
            annotation(level, f"dataready: {f.source}", f"{f.dimension.value}{where}: {f.message}")
        )
    if len(ranked) > MAX_ANNOTATIONS:
        lines.append(
            annotation(
                "warning",
                "dataready",
                f"{len(ranked) - MAX_ANNOTATIONS} more findings in the report",
            )
        )
    return lines


def step_summary(card: Scorecard, reasons: Sequence[str], *, gated: bool = True) -> str:
    """The scorecard in Markdown, with the gate's verdict and the expectation suites."""
    from dataready.reporting import markdown

    lines = []
    if gated:
        lines += ["### dataready gate: " + ("❌ failed" if reasons else "✅ passed"), ""]
        lines += [f"- {r}" for r in reasons] + ([""] if reasons else [])
    lines.append(markdown.render(card))
    runs = runs_in(card.findings)
    if runs:
        lines += [
            "### Expectation suites",
            "",
            "| source | suite | passed | failed | could not run |",
            "|---|---|---|---|---|",
        ]
        for run in runs:
            lines.append(
                f"| {_cell(run['source'])} | {_code(str(run['path']))} | {run['passed']} | {run['failed']} | {run['errors']} |"
            )
        bad = [
            (run["source"], e)
            for run in runs
            for e in run["expectations"]
            if e["status"] != "passed"
        ]
        if bad:
            lines += ["", "| source | expectation | result |", "|---|---|---|"]
            lines += [
                f"| {_cell(s)} | {_code(str(e['expectation']))} | {_cell(e['detail'])} |"
                for s, e in bad[:50]
            ]
        lines.append("")
    proposed = [p for p in card.plan if p.expectation is not None][:10]
    if proposed:
        lines += [
            "<details><summary>Expectations that would catch these problems next time (Great Expectations 1.x)</summary>",
            "",
        ]
        for p in proposed:
            lines += [
                f"{p.rank}. {_cell(p.source)} — {_cell(p.title)}",
                "",
                "```json",
                json.dumps(p.expectation),
                "```",
                "",
            ]
        lines += ["</details>", ""]
    return "\n".join(lines)


def runs_summary(runs: Sequence[SuiteRun]) -> str:
    ok = all(r.success for r in runs)
    lines = [
        "### dataready validate: "
        + ("✅ every expectation passed" if ok else "❌ expectations failed"),
        "",
        "| source | suite | result |",
        "|---|---|---|",
    ]
    for r in runs:
        result = f"could not read the source: {r.error}" if r.error else r.summary()
        lines.append(f"| {_cell(r.source)} | {_code(str(r.suite_path))} | {_cell(result)} |")
    bad = [(r.source, o) for r in runs for o in r.outcomes if o.status != "passed"]
    if bad:
        lines += ["", "| source | expectation | result |", "|---|---|---|"]
        lines += [
            f"| {_cell(s)} | {_code(str(o.label))} | {_cell(o.detail())} |" for s, o in bad[:50]
        ]
    return "\n".join(lines) + "\n"


def run_annotations(runs: Sequence[SuiteRun]) -> list[str]:
    lines = []
    for r in runs:
        if r.error:
            lines.append(
                annotation(
                    "error", f"dataready: {r.source}", f"the source could not be read: {r.error}"
                )
            )
        for o in r.outcomes:
            if o.status != "passed":
                level = "warning" if o.status == "failed" and o.severity != "critical" else "error"
                lines.append(
                    annotation(
                        level, f"dataready: {r.source}", f"{o.label} {o.detail()} ({r.suite_path})"
                    )
                )
    return lines[:MAX_ANNOTATIONS]


def publish(
    lines: Sequence[str], summary: str, stream: IO[str], environ: Mapping[str, str] | None = None
) -> None:
    """Print the annotations to ``stream`` and append the summary to ``$GITHUB_STEP_SUMMARY``."""
    env = environ if environ is not None else os.environ
    for line in lines:
        print(line, file=stream)
    target = env.get("GITHUB_STEP_SUMMARY")
    if target:
        with Path(target).open("a", encoding="utf-8") as fh:
            fh.write(summary + "\n")


def _cell(text: object) -> str:
    from dataready.reporting.markdown import md_cell

    return md_cell(text)


def _code(text: str) -> str:
    from dataready.reporting.markdown import md_code

    return md_code(text).replace("|", "\\|")
