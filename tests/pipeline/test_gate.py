"""The readiness gate: the Python gate(), `dataready gate/audit/validate/suggest` exit codes, JUnit XML and
GitHub Actions output, checked against what a CI system or an orchestrator task would read."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import dataready
from dataready.checks import DEFAULT_CHECKS, PROJECT_CHECKS
from dataready.cli import cli
from tests.conftest import FULLY_DECLARED

NOT_NULL_ID = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}}
UNIQUE_ID = {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}}
STATUS_SET = {
    "type": "expect_column_values_to_be_in_set",
    "kwargs": {"column": "status", "value_set": ["open", "closed"]},
}
AMOUNT_AT_MOST_10 = {
    "type": "expect_column_values_to_be_between",
    "kwargs": {"column": "amount", "max_value": 10},
}
SUITES = {
    "passing": [NOT_NULL_ID, UNIQUE_ID, STATUS_SET],
    "failing": [NOT_NULL_ID, UNIQUE_ID, STATUS_SET, AMOUNT_AT_MOST_10],
    "warning": [NOT_NULL_ID, {**AMOUNT_AT_MOST_10, "severity": "warning"}],
    "broken": [
        NOT_NULL_ID,
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "dropped"}},
    ],
}


def make(tmp_path: Path, suite: str | None = "passing", *, location: str = "orders.csv") -> Path:
    """A clean, fully described 50-row table with the named suite; returns dataready.yml."""
    amounts = [float(i % 10 + 1) for i in range(45)] + [11.0, 12.0, 13.0, 14.0, 15.0]
    frame = pd.DataFrame({"id": range(1, 51), "status": ["open", "closed"] * 25, "amount": amounts})
    frame.to_csv(tmp_path / "orders.csv", index=False)
    if suite is not None:
        (tmp_path / "expectations").mkdir(exist_ok=True)
        (tmp_path / "expectations" / "orders.json").write_text(
            json.dumps({"name": "orders", "expectations": SUITES[suite]})
        )
    source = {"name": "orders", "location": location, **FULLY_DECLARED}
    project = tmp_path / "dataready.yml"
    project.write_text(yaml.safe_dump({"use_case": {"name": "test"}, "sources": [source]}))
    return project


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=env)


# --- the Python gate -------------------------------------------------------------------------


def test_gate_returns_the_scorecard_when_the_data_passes(tmp_path: Path) -> None:
    card = dataready.gate(make(tmp_path), fail_under=80)
    assert card.level is dataready.Level.READY and card.score == 100


def test_gate_raises_one_exception_carrying_the_scorecard(tmp_path: Path) -> None:
    with pytest.raises(dataready.ReadinessGateFailed) as raised:
        dataready.gate(make(tmp_path, "failing"), fail_under=99)
    failure = raised.value
    assert (
        isinstance(failure.scorecard, dataready.Scorecard)
        and failure.exit_code == dataready.ExitCode.NOT_READY
    )
    lines = str(failure).splitlines()
    # The error finding in validity fails the quality checklist item at error: not ready.
    assert lines[0].startswith("readiness gate failed for test: not ready, score ")
    assert lines[1].startswith("- the data is not ready (score ")
    assert lines[2] == (
        "- 1 finding(s) at error or above: orders amount: expect_column_values_to_be_between(amount) "
        "failed: 5 of 50 values unexpected (10.00 %); expected at most 10"
    )
    assert lines[3].startswith("- score ") and lines[3].endswith(" is below 99")
    assert isinstance(failure, dataready.DatareadyError)


def test_gate_fail_on_decides_which_severities_fail(tmp_path: Path) -> None:
    project = make(tmp_path, "warning")
    card = dataready.gate(project, fail_on="error")
    assert [f.severity.value for f in card.findings if f.check == "expectation"] == ["warning"]
    with pytest.raises(dataready.ReadinessGateFailed, match=r"1 finding.s. at warning or above"):
        dataready.gate(project, fail_on="warning")
    dataready.gate(make(tmp_path, "failing"), fail_on="never")
    with pytest.raises(ValueError, match="fail_on: 'sometimes'"):
        dataready.gate(project, fail_on="sometimes")  # type: ignore[arg-type]


def test_gate_on_an_unreadable_source_says_so(tmp_path: Path) -> None:
    with pytest.raises(dataready.ReadinessGateFailed, match="orders: could not be read") as raised:
        dataready.gate(make(tmp_path, None, location="missing.csv"), fail_on="never")
    assert raised.value.exit_code == dataready.ExitCode.SOURCE_ERROR


# --- exit codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suite", "options", "code"),
    [
        ("passing", [], 0),
        ("failing", [], 1),
        ("failing", ["--fail-on", "never"], 0),
        ("passing", ["--fail-under", "100"], 0),
        ("failing", ["--fail-on", "never", "--fail-under", "99"], 1),
        ("warning", ["--fail-on", "error"], 0),
        ("warning", ["--fail-on", "warning"], 1),
        ("broken", ["--fail-on", "never"], 1),
    ],
)
def test_gate_exit_codes(tmp_path: Path, suite: str, options: list[str], code: int) -> None:
    result = run("gate", str(make(tmp_path, suite)), *options)
    assert result.exit_code == code, result.output
    assert f"dataready gate: {'failed' if code else 'passed'}" in result.stderr


def test_gate_exit_codes_for_unreadable_sources_and_bad_usage(tmp_path: Path) -> None:
    assert run("gate", str(make(tmp_path, None, location="missing.csv"))).exit_code == 3
    result = run("gate", str(make(tmp_path)), "--fail-on", "sometimes")
    assert (
        result.exit_code == 2
        and "'sometimes' is not one of 'warning', 'error', 'never'" in result.stderr
    )


def test_audit_keeps_its_rule_unless_fail_on_is_given(tmp_path: Path) -> None:
    project = str(make(tmp_path, "failing"))
    # An error finding in validity fails the quality checklist item at error: not ready.
    assert run("audit", project).exit_code == 1
    assert run("audit", project, "--fail-on", "never").exit_code == 0
    warning = str(make(tmp_path, "warning"))
    assert run("audit", warning).exit_code == 0  # a warning leaves the level ready
    assert run("audit", warning, "--fail-on", "warning").exit_code == 1
    assert (
        run("audit", str(make(tmp_path, "broken"))).exit_code == 1
    )  # an expectation that cannot run always fails


# --- JUnit -----------------------------------------------------------------------------------


def junit(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def cases(root: ET.Element, classname: str) -> dict[str, ET.Element]:
    return {c.get("name", ""): c for c in root.iter("testcase") if c.get("classname") == classname}


def test_junit_has_one_testcase_per_check_and_per_expectation(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "dataready.xml"
    result = run("gate", str(make(tmp_path, "failing")), "--fail-under", "80", "--junit", str(out))
    assert result.exit_code == 1
    root = junit(out)
    assert root.tag == "testsuites" and root.get("name") == "dataready: test"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"readiness", "orders"}

    expectations = cases(root, "orders.expectations.orders")
    assert list(expectations) == [
        "expect_column_values_to_not_be_null(id)",
        "expect_column_values_to_be_unique(id)",
        "expect_column_values_to_be_in_set(status)",
        "expect_column_values_to_be_between(amount)",
    ]
    failure = expectations["expect_column_values_to_be_between(amount)"].find("failure")
    assert failure is not None and failure.get("message") == (
        "expect_column_values_to_be_between(amount) 5 of 50 values unexpected (10.00 %); expected at most 10"
    )
    assert "examples: 11.0, 12.0, 13.0, 14.0, 15.0" in (failure.text or "")
    assert all(c.find("failure") is None for n, c in expectations.items() if "amount" not in n)

    checks = cases(root, "orders.checks")
    assert list(checks) == [c.name for c in (*DEFAULT_CHECKS, *PROJECT_CHECKS)]
    assert all(c.find("failure") is None and c.find("error") is None for c in checks.values())

    readiness = cases(root, "readiness")
    # The error finding fails the quality checklist item at error, so the level is not ready.
    level = readiness["level"].find("failure")
    assert level is not None and (level.get("message") or "").startswith("not ready: not ready (")
    assert readiness["score >= 80"].find("failure") is None
    # The counts add up, as CI systems read them.
    every = list(root.iter("testcase"))
    assert root.get("tests") == str(len(every))
    assert root.get("failures") == str(sum(c.find("failure") is not None for c in every)) == "2"
    assert root.get("skipped") == str(sum(c.find("skipped") is not None for c in every))
    assert suites["orders"].get("tests") == str(len(list(suites["orders"].iter("testcase"))))


def test_junit_marks_a_broken_expectation_as_an_error_and_a_warning_as_a_pass_under_fail_on_error(
    tmp_path: Path,
) -> None:
    out = tmp_path / "broken.xml"
    run("gate", str(make(tmp_path, "broken")), "--junit", str(out))
    broken = cases(junit(out), "orders.expectations.orders")[
        "expect_column_values_to_not_be_null(dropped)"
    ]
    error = broken.find("error")
    assert (
        error is not None
        and error.get("message")
        == 'could not run: The column "dropped" in BatchData does not exist.'
    )
    assert junit(out).get("errors") == "1"

    out = tmp_path / "warning.xml"
    run("gate", str(make(tmp_path, "warning")), "--junit", str(out), "--fail-on", "error")
    amount = cases(junit(out), "orders.expectations.orders")[
        "expect_column_values_to_be_between(amount)"
    ]
    assert amount.find("failure") is None and "warning [amount]" in (
        amount.findtext("system-out") or ""
    )


# --- GitHub Actions --------------------------------------------------------------------------


def test_under_github_actions_findings_become_annotations_and_a_step_summary(
    tmp_path: Path,
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run("gate", str(make(tmp_path, "failing")), env=env)
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        # GitHub's workflow-command encoding: % is %25, : and , in properties are %3A and %2C
        "::error title=dataready%3A orders::validity [amount]: expect_column_values_to_be_between(amount) failed: "
        "5 of 50 values unexpected (10.00 %25); expected at most 10"
    ]
    text = summary.read_text()
    assert text.startswith("previous step\n### dataready gate: ❌ failed\n")
    assert "| orders | `expectations/orders.json` | 3 | 1 | 0 |" in text
    assert (
        "| orders | `expect_column_values_to_be_between(amount)` | 5 of 50 values unexpected (10.00 %); expected at most 10 |"
        in text
    )


def test_annotations_leave_a_json_report_on_stdout_intact(tmp_path: Path) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": ""}
    result = run("gate", str(make(tmp_path, "failing")), "--format", "json", env=env)
    assert json.loads(result.stdout)["level"] == "not ready"  # quality fails at error
    assert "::error title=dataready%3A orders::" in result.stderr


def test_without_github_actions_there_are_no_annotations(tmp_path: Path) -> None:
    result = run("gate", str(make(tmp_path, "failing")), env={"GITHUB_ACTIONS": ""})
    assert "::error" not in result.output


# --- validate and suggest on the command line ----------------------------------------------------


def test_validate_runs_the_suites_only(tmp_path: Path) -> None:
    project = make(tmp_path, "failing")
    out = tmp_path / "suites.xml"
    result = run("validate", "--project", str(project), "--format", "json", "--junit", str(out))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["success"] is False
    (suite,) = document["suites"]
    assert (suite["source"], suite["engine"], suite["passed"], suite["failed"]) == (
        "orders",
        "dataready (duckdb)",  # answered by dataready itself: no GX needed
        3,
        1,
    )
    assert suite["expectations"][3]["examples"] == ["11.0", "12.0", "13.0", "14.0", "15.0"]
    root = junit(out)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "0")

    assert run("validate", "--project", str(make(tmp_path, "passing"))).exit_code == 0


def test_validate_usage_errors_and_orphan_suites(tmp_path: Path) -> None:
    project = str(make(tmp_path, "passing"))
    (tmp_path / "expectations" / "old_table.json").write_text(
        json.dumps({"name": "old_table", "expectations": []})
    )
    result = run("validate", "--project", project)
    assert result.exit_code == 0
    assert (
        "old_table.json: no source of that name in the project; the suite was not run"
        in result.stderr
    )
    result = run("validate", "nope", "--project", project)
    assert (
        result.exit_code == 2 and "no source named 'nope'; the project has: orders" in result.stderr
    )
    result = run(
        "validate", "--project", project, "--suite", str(tmp_path / "expectations" / "orders.json")
    )
    assert result.exit_code == 2 and "--suite: name exactly one source" in result.stderr
    result = run(
        "validate",
        "orders",
        "--project",
        project,
        "--suite",
        str(tmp_path / "expectations" / "old_table.json"),
    )
    assert result.exit_code == 0 and "0 of 0 expectations passed" in result.stdout


def test_suggest_on_the_command_line_writes_once(tmp_path: Path) -> None:
    project = str(make(tmp_path, None))
    result = run("suggest", "--project", project)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{tmp_path / 'expectations' / 'orders.json'}: ")
    assert "expectations suggested for orders" in result.stdout
    assert run("suggest", "--project", project).exit_code == 2
    assert run("suggest", "--project", project, "--force").exit_code == 0
    assert (
        run("validate", "--project", project).exit_code == 0
    )  # a suggestion passes on the data it came from
