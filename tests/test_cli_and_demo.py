"""The demo end to end, the CLI's outputs and exit codes, the JSON schema and the public API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from click.testing import CliRunner

import dataready
from dataready.cli import cli
from dataready.model import Level, Status
from dataready.reporting.json import schema
from tests.conftest import FULLY_DECLARED, assert_finding, digest, findings


def test_demo_paints_a_mixed_believable_picture(demo) -> None:
    _project, card = demo
    # Not ready: kb.articles scores 0 on grounding and support.tickets 57 on labels (both below
    # the not-ready line), and three of the four checklist items fail at error.
    assert card.level is Level.NOT_READY
    assert {s.source.name for s in card.sources} == {
        "crm.customers",
        "support.tickets",
        "sales.orders",
        "marketing.customer_export",
        "kb.articles",
    }
    status = {c.key: c.status for c in card.checklist}
    assert status == {
        "sources_inventoried": Status.FAIL,
        "quality_acceptable": Status.FAIL,
        "ownership_and_cadence": Status.FAIL,
        "retrieval_grounding": Status.FAIL,
    }
    assert_finding(card, "uniqueness", check="duplicate_rows", source="crm.customers", affected=24)
    assert_finding(
        card,
        "completeness",
        check="disguised_missing",
        source="crm.customers",
        column="email",
        affected=46,
    )  # 45 + one re-loaded copy
    assert_finding(
        card,
        "freshness",
        check="staleness",
        source="support.tickets",
        column="created_at",
        severity="error",
    )
    unowned = [
        f for f in findings(card, "ownership", source="sales.orders") if f.severity.value == "error"
    ]
    assert [f.message for f in unowned] == ["no owner declared"]
    assert_finding(
        card,
        "validity",
        check="future_dates",
        source="sales.orders",
        column="ordered_at",
        affected=12,
    )
    assert_finding(
        card,
        "validity",
        check="out_of_domain",
        source="sales.orders",
        column="quantity",
        affected=41,
    )
    assert_finding(
        card,
        "validity",
        check="mixed_date_formats",
        source="marketing.customer_export",
        column="signup_date",
    )
    assert_finding(
        card, "uniqueness", check="duplicate_text", source="kb.articles", column="text", affected=1
    )
    assert_finding(
        card,
        "completeness",
        check="missing_values",
        source="kb.articles",
        column="text",
        affected=2,
    )
    # Every step names an owner, and the unowned source says so.
    owners = {p.source: p.owner for p in card.plan}
    assert owners["crm.customers"].startswith("CRM Platform Team")
    assert owners["sales.orders"].startswith("unassigned")
    # The plan opens with its three weightiest steps, data problems all; then owner by owner.
    head = card.plan.head
    assert [p.impact for p in head] == sorted((p.impact for p in head), reverse=True)
    assert all(p.dimension.value not in ("ownership", "inventory") for p in head)
    assert min(p.impact for p in head) >= max(p.impact for p in card.plan[3:])


def test_demo_level_checklist_and_html_colours_agree(demo) -> None:
    """The verdict does not contradict itself: level, checklist and the overview's colours agree."""
    import re

    from dataready.reporting import html
    from dataready.scoring.scores import fails_at_error

    _project, card = demo
    assert all(i.status is Status.FAIL for i in card.checklist)
    failing = [i.key for i in card.checklist if fails_at_error(i, card.sources)]
    # sales.orders lacks a description (a warning); the three others fail on error findings.
    assert failing == ["quality_acceptable", "ownership_and_cadence", "retrieval_grounding"]
    assert card.level is Level.NOT_READY  # never "with conditions" beside these
    levels = {s.source.name: s.level for s in card.sources}
    kb = card["kb.articles"]
    assert kb.score is not None and kb.score > 80
    assert levels["kb.articles"] is Level.NOT_READY  # grounding 0 under a mean above 80
    for s in card.sources:
        lowest = min(d.score for d in s.dimensions if d.score is not None)
        assert (s.level is Level.NOT_READY) is (lowest < 60 or (s.score or 0) < 60), s.source.name
    # The overview's overall cell takes the colour of the level: red, never green, for a 0.
    chart = html.score_chart(card)
    fills = dict(
        re.findall(r"<title>([^<]+?) · overall:[^<]*</title><rect [^>]*fill=\"([^\"]+)\"", chart)
    )
    assert fills == {name: html.LEVEL_FILL[level] for name, level in levels.items()}
    assert fills["kb.articles"] == "hsl(0, 62%, 48%)"  # the legend's "not ready" red
    assert "hsl(0,62%,48%)" in chart and "below 60: not ready" in chart
    # In the terminal too: kb.articles's overall score is red, as its level is.
    import io

    from rich.console import Console

    from dataready.reporting import terminal

    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=True, color_system="standard")
    terminal.render(card, console)
    row = next(line for line in buffer.getvalue().splitlines() if line.startswith(" kb.articles"))
    shown = rf"\x1b\[1;31mnot ready\x1b\[0m \x1b\[31m +{kb.score:.0f}\x1b\[0m"
    assert re.search(shown, row), row


def test_demo_command_exits_0_whatever_its_verdict(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--path", str(tmp_path / "d"), "-f", "json"])
    assert result.exit_code == 0, result.output  # a demonstration, not a gate
    assert json.loads(result.stdout)["level"] == "not ready"
    help_text = CliRunner().invoke(cli, ["demo", "--help"]).output
    assert "0 the demo was written and audited, whatever its verdict" in help_text


def test_demo_ends_with_three_commands_that_work_from_where_the_user_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["level"]  # stdout holds the report alone
    lines = result.stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Try next:"))
    commands = [line.strip() for line in lines[start + 1 :]]
    assert commands == [
        "cd dataready-demo",
        "dataready audit --format html -o report.html",
        "dataready validate",
        "dataready suggest sales.orders",
    ]
    monkeypatch.chdir(tmp_path / "dataready-demo")
    runs = {}
    for command in commands[1:]:
        words = shlex.split(command)
        assert words[0] == "dataready"
        runs[words[1]] = CliRunner().invoke(cli, words[1:])
    # audit and validate report what they found: the demo is not ready, and its suite has
    # expectations that fail, so both exit 1 as documented; neither is a usage or read error.
    assert runs["audit"].exit_code == 1, runs["audit"].output
    assert "report written to report.html" in runs["audit"].stderr
    assert Path("report.html").read_text(encoding="utf-8").lower().startswith("<!doctype html>")
    assert runs["validate"].exit_code == 1, runs["validate"].output
    assert "crm.customers: 2 of 5 expectations passed, 3 failed" in runs["validate"].output
    assert runs["suggest"].exit_code == 0, runs["suggest"].output
    assert json.loads(Path("expectations/sales.orders.json").read_text())["expectations"]
    # --quiet prints the report alone, and with --path the cd goes where the demo was written.
    monkeypatch.chdir(tmp_path)
    quiet = CliRunner().invoke(cli, ["-q", "demo", "--path", str(tmp_path / "q"), "--no-audit"])
    assert quiet.exit_code == 0 and "Try next" not in quiet.output
    other = CliRunner().invoke(cli, ["demo", "--path", "my demo", "--no-audit"])
    assert other.exit_code == 0 and "  cd 'my demo'" in other.stderr.splitlines()


def test_demo_json_matches_the_published_schema(demo) -> None:
    _project, card = demo
    from dataready.reporting import json as json_report

    document = json.loads(json_report.render(card))
    jsonschema.validate(document, schema())
    assert document["schema_version"] == "1.0"


def test_demo_reports_mask_personal_data(demo) -> None:
    _project, card = demo
    text = json.dumps(card.to_dict())
    assert '@example.com"' not in text.replace("crm-data@example.com", "").replace(
        "kb@example.com", ""
    )
    masked = next(
        f for f in card.findings if f.check == "disguised_missing" and f.source == "crm.customers"
    )
    assert masked.examples == ("N/A",)  # a placeholder identifies nobody: kept verbatim


def test_cli_audit_json_output_and_exit_code(demo, tmp_path: Path) -> None:
    project, _card = demo
    before = digest((project.parent / "data").iterdir())
    out = tmp_path / "card.json"
    result = CliRunner().invoke(
        cli, ["audit", str(project), "--format", "json", "--output", str(out)]
    )
    assert result.exit_code == 1, result.output  # audit is a gate: the demo is not ready
    document = json.loads(out.read_text())
    assert document["level"] == "not ready"
    assert digest((project.parent / "data").iterdir()) == before  # sources untouched


def test_fail_under_turns_a_passing_audit_into_exit_1(demo) -> None:
    project, _card = demo
    # The demo is not ready, which alone fails an audit: --fail-on never sets the level aside.
    args = ["-q", "audit", str(project), "--format", "markdown", "--fail-on", "never"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    result = CliRunner().invoke(cli, [*args, "--fail-under", "99"])
    assert result.exit_code == 1
    assert "### Checklist" in result.output and "Remediation plan" in result.output


def test_markdown_lists_checklist_sources_and_plan(demo) -> None:
    from dataready.reporting import markdown

    _project, card = demo
    text = markdown.render(card)
    assert "| Sources inventoried | ❌ fail |" in text
    assert "| crm.customers |" in text
    assert "1. **" in text
    # Each shown step with an expectation quotes it as GX JSON, which loads as it is.
    quoted = [
        line.split("`", 2)[1] for line in text.splitlines() if line.startswith("   Expectation: `")
    ]
    with_expectation = [s for s in card.plan[:20] if s.expectation]  # render() shows 20 steps
    assert len(quoted) == len(with_expectation) > 0
    assert [json.loads(q) for q in quoted] == [
        json.loads(json.dumps(s.expectation, default=str)) for s in with_expectation
    ]


def test_terminal_output_fits_a_narrow_terminal(demo) -> None:
    from rich.console import Console

    from dataready.reporting import markdown, terminal

    _project, card = demo
    console = Console(width=80, record=True, color_system=None)
    terminal.render(card, console)
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("NOT READY" in line for line in lines)
    # No dimension column is dropped for lack of room: each assessed one shows its short code.
    header = next(line for line in lines if line.split()[:1] == ["source"])
    assert header.split()[3:] == [
        terminal.SHORT[d.value] for d in markdown.assessed_dimensions(card)
    ]


def test_a_clean_fully_described_source_is_ready(project_file, tmp_path: Path) -> None:
    pd.DataFrame({"id": range(100), "value": [i * 1.5 for i in range(100)]}).to_parquet(
        tmp_path / "clean.parquet"
    )
    card = dataready.audit(
        project_file({"name": "clean", "location": "clean.parquet", **FULLY_DECLARED})
    )
    assert card.level is Level.READY
    assert CliRunner().invoke(cli, ["audit", str(tmp_path / "dataready.yml")]).exit_code == 0


def test_not_ready_exits_1(tmp_path: Path) -> None:
    pd.DataFrame({"a": pd.Series([], dtype="float64")}).to_csv(tmp_path / "empty.csv", index=False)
    result = CliRunner().invoke(cli, ["audit", str(tmp_path / "empty.csv")])
    assert result.exit_code == 1


def test_public_api_is_explicit() -> None:
    assert dataready.__all__ == sorted(dataready.__all__)
    assert set(dataready.__all__) == {*dataready._EXPORTS, "__version__", "audit"}
    for name in dataready.__all__:
        assert getattr(dataready, name) is not None
    assert callable(dataready.audit)
    assert (Path(dataready.__file__).parent / "py.typed").exists()


def test_scorecard_indexing_and_notebook_html(demo) -> None:
    _project, card = demo
    assert card["kb.articles"].row_count == 16
    with pytest.raises(KeyError, match="no source named"):
        card["nope"]
    html = card._repr_html_()
    assert "Customer-support assistant" in html and "<table" in html


def test_help_is_quick_and_lists_exit_codes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dataready.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Exit codes: 0 ready" in result.stdout
    # Heavy libraries are not imported just to print help.
    probe = "import sys, dataready.cli; print(sorted(m for m in ('pandas','duckdb','sqlalchemy') if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_demo_exercises_labels_and_grounding(demo) -> None:
    _project, card = demo
    tickets = card["support.tickets"]
    assert tickets.dimension("labels").score is not None and tickets.dimension("labels").score < 80
    assert_finding(
        card,
        "labels",
        check="label_coverage",
        source="support.tickets",
        column="label",
        affected=90,
    )
    variants = assert_finding(
        card, "labels", check="label_variants", source="support.tickets", affected=62
    )
    assert variants.measured["Billing"] == "billing"
    assert_finding(
        card,
        "labels",
        check="label_leakage",
        source="support.tickets",
        column="resolved_by",
        severity="error",
    )
    assert_finding(
        card, "labels", check="conflicting_labels", source="support.tickets", column="body"
    )
    kb = card["kb.articles"]
    assert kb.dimension("grounding").score is not None and kb.dimension("grounding").score < 80
    for check, affected in (
        ("duplicate_documents", None),
        ("encoding_damage", 1),
        ("stale_documents", 3),
        ("language_mix", 1),
        ("chunk_fit", None),
    ):
        matches = findings(card, "grounding", check=check, source="kb.articles")
        assert bool(matches) is (check != "chunk_fit"), check
        if affected is not None:
            assert matches[0].affected == affected, matches[0].message
    near = [
        f for f in findings(card, "grounding", check="duplicate_documents") if "almost" in f.message
    ]
    assert near[0].examples == (
        "delivery-times-old.md ≈ delivery-times.md (83%)",
    )  # the older, unlinked copy goes
    grounding = next(c for c in card.checklist if c.key == "retrieval_grounding")
    assert grounding.status is Status.FAIL
    assert any("kb.articles" in e and "empty" in e for e in grounding.evidence)
    # The scorecard shows both dimensions.
    from dataready.reporting import markdown

    header = next(
        line for line in markdown.render(card).splitlines() if line.startswith("| source |")
    )
    assert "labels" in header and "grounding" in header


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_flags_work_before_and_after_the_command(tmp_path: Path, where: str) -> None:
    pd.DataFrame({"id": range(30), "amount": range(30)}).to_csv(tmp_path / "x.csv", index=False)
    report = tmp_path / "report.md"
    args = ["audit", str(tmp_path / "x.csv"), "-f", "markdown", "-o", str(report)]

    def run(*flags: str) -> object:
        return CliRunner().invoke(cli, [*flags, *args] if where == "before" else [*args, *flags])

    loud, quiet = run(), run("-q")
    assert "report written to" in loud.stderr
    assert quiet.exit_code == loud.exit_code and quiet.stderr == "", quiet.output
    verbose = CliRunner().invoke(
        cli,
        ["-v", "audit", str(tmp_path / "x.csv")]
        if where == "before"
        else ["audit", str(tmp_path / "x.csv"), "-v"],
    )
    plain = CliRunner().invoke(cli, ["audit", str(tmp_path / "x.csv")])
    assert len(verbose.stdout) > len(plain.stdout)  # every checklist item and plan step
    missing = ["audit", str(tmp_path / "missing.csv")]
    debug = CliRunner().invoke(
        cli, ["--debug", *missing] if where == "before" else [*missing, "--debug"]
    )
    assert debug.exit_code == 3 and "Traceback" in debug.stderr
