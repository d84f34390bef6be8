"""The terminal scorecard at the width it has: names never broken mid-word, the plan grouped by owner."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from dataready.model.scorecard import UNASSIGNED
from dataready.reporting import terminal
from dataready.reporting.terminal import legend, wrap_name


def rendered(card, width: int, **options) -> str:
    buffer = io.StringIO()
    terminal.render(card, Console(file=buffer, width=width, color_system=None), **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "width", "lines"),
    [
        ("support.tickets · created_at", 26, ["support.tickets ·", "created_at"]),
        ("marketing.customer_export", 22, ["marketing.customer_", "export"]),
        ("short", 10, ["short"]),
        ("x" * 30, 11, ["xxxxx…xxxxx"]),  # no place to break: the middle gives way
    ],
)
def test_names_break_at_separators_or_lose_their_middle(name, width, lines) -> None:
    assert wrap_name(name, width).split("\n") == lines
    assert all(len(line) <= width for line in wrap_name(name, width).split("\n"))


def test_the_legend_keeps_each_code_with_its_name() -> None:
    text = legend(["frs freshness", "own ownership", "inv inventory"], 30)
    assert text.split("\n") == ["frs freshness · own ownership", "inv inventory"]


def test_demo_at_80_columns_never_folds_a_name_mid_word(demo) -> None:
    _project, card = demo
    out = rendered(card, 80)
    assert max(len(line) for line in out.splitlines()) <= 80
    names = {s.source.name for s in card.sources} | {c for p in card.plan[:10] for c in p.columns}
    names |= {"expect_column_values_to_be_unique(customer_id)"}
    for name in names:
        if name in out:
            continue
        # Broken across lines: only right after a dot or an underscore.
        splits = [i for i in range(1, len(name)) if name[i - 1] in "._"]
        assert any(name[:i] in out and name[i:] in out for i in splits), name
    # The legend keeps each short code on the line of its dimension's name.
    legend_lines = [line for line in out.splitlines() if " · " in line]
    assert not any(
        re.search(r"\b(cmp|val|con|unq|frs|own|inv|prv|lbl|grd)\s*$", line) for line in legend_lines
    )


def test_plan_opens_with_three_steps_then_names_each_owner_once(demo) -> None:
    _project, card = demo
    out = rendered(card, 120, verbose=True)
    assert "start with these" in out
    for owner, source, _steps in card.plan.groups():
        heading = (
            f"then, with no owner declared, {source}"
            if owner == UNASSIGNED
            else f"then, for {owner} · {source}"
        )
        assert out.count(heading) == 1, heading
    assert "owner: unassigned" not in out
    assert len(re.findall(r"owner: (?!declare)", out)) <= 3  # on the opening steps only
    unowned = sum(1 for p in card.plan if p.owner == UNASSIGNED)
    assert f"{unowned} steps have no owner" in out


def test_validate_at_80_columns_breaks_expectation_names_only_after_underscores(
    demo, monkeypatch
) -> None:
    from click.testing import CliRunner

    from dataready.cli import cli

    project, _card = demo
    monkeypatch.chdir(project.parent if project.is_file() else project)
    result = CliRunner().invoke(cli, ["validate"], env={"COLUMNS": "80"})
    assert result.exit_code == 1, result.output  # 3 of the demo's 5 expectations fail
    cells = [line.split("│")[1].strip() for line in result.output.splitlines() if "│" in line]
    labels = "".join(cell if cell.endswith("_") else cell + " " for cell in cells)
    for name in (
        "expect_column_values_to_be_unique(customer_id)",
        "expect_column_values_to_not_be_null(email)",
        "expect_column_values_to_be_in_set(country)",
    ):
        assert name in labels, result.output
