"""Outputs never replace what is audited, and a report is replaced whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from dataready.atomic import atomic_writer
from dataready.cli import cli
from dataready.errors import ConfigError
from dataready.pipeline.outputs import inputs_of, refuse_overwriting_inputs
from tests.conftest import FULLY_DECLARED, digest

ROWS = "id,name,email\n" + "".join(f"{i},Name {i % 7},user{i}@example.com\n" for i in range(60))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "people.csv"
    path.parent.mkdir()
    path.write_text(ROWS)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "{src}", "--format", "json", "-o", "{src}"],
        ["audit", "{src}", "-o", "{src}"],
        ["audit", "{src}", "--format", "html", "--junit", "{src}"],
        ["gate", "{src}", "--junit", "{src}"],
        ["duplicates", "{src}", "-o", "{src}"],
        ["audit", "{src}", "-o", "{data}/../data/./people.csv"],
        ["audit", "{data}", "--format", "json", "-o", "{data}/report.json"],
        ["audit", "{data}/*.csv", "--format", "markdown", "-o", "{data}/report.md"],
    ],
    ids=[
        "json-over-source",
        "terminal-over-source",
        "junit-over-source",
        "gate-junit",
        "duplicates",
        "dot-dot",
        "inside-audited-folder",
        "inside-glob-folder",
    ],
)
def test_an_output_over_the_audited_data_is_refused_and_the_data_kept(
    src: Path, args: list[str]
) -> None:
    before = digest([src])
    data = src.parent
    argv = [a.format(src=src, data=data) for a in args]
    if argv[0] == "duplicates":
        argv[-1] = str(src.with_suffix(".csv"))

    code, output = run(*argv)

    assert code == 2, output
    assert "which this run reads; write elsewhere" in output
    assert output.count("\n") == 1 and "Traceback" not in output
    assert digest([src]) == before
    assert sorted(p.name for p in data.iterdir()) == ["people.csv"]


def test_an_output_through_a_symbolic_link_to_the_source_is_refused(
    src: Path, tmp_path: Path
) -> None:
    link = tmp_path / "report.json"
    link.symlink_to(src)
    before = digest([src])

    code, output = run("audit", str(src), "--format", "json", "-o", str(link))

    assert code == 2, output
    assert "which this run reads" in output
    assert link.is_symlink()
    assert digest([src]) == before


def test_the_project_file_and_its_suites_cannot_be_overwritten(src: Path, tmp_path: Path) -> None:
    import yaml

    project = tmp_path / "dataready.yml"
    project.write_text(
        yaml.safe_dump(
            {"sources": [{"name": "people", "location": "data/people.csv", **FULLY_DECLARED}]}
        )
    )
    suite = tmp_path / "expectations" / "people.json"
    suite.parent.mkdir()
    suite.write_text('{"name": "people", "expectations": []}')
    before = digest([project, suite, src])

    for argv in (
        ["audit", str(project), "--format", "json", "-o", str(project)],
        ["gate", str(project), "--junit", str(suite)],
        ["validate", "--project", str(project), "-o", str(suite)],
        ["suggest", "--project", str(project), "-o", str(src)],
    ):
        code, output = run(*argv)
        assert code == 2, (argv, output)
        assert "which this run reads" in output, output

    assert digest([project, suite, src]) == before


def test_a_report_beside_the_data_is_written(src: Path, tmp_path: Path) -> None:
    report = tmp_path / "reports" / "people.json"

    code, output = run("audit", str(src), "--format", "json", "-o", str(report))

    assert code in (0, 1), output
    assert report.read_text().startswith("{")
    assert [p.name for p in report.parent.iterdir()] == ["people.json"]  # no temporary file left


def test_the_demo_refuses_a_folder_that_is_not_empty_unless_forced(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "dataready.yml").write_text("sources: []  # my own project\n")

    code, output = run("demo", "--path", str(folder), "--no-audit")

    assert code == 2, output
    assert "not empty" in output and "--force" in output
    assert (folder / "dataready.yml").read_text() == "sources: []  # my own project\n"

    code, output = run("demo", "--path", str(folder), "--no-audit", "--force")
    assert code == 0, output
    assert "use_case" in (folder / "dataready.yml").read_text()


def test_an_interrupted_write_keeps_the_previous_report(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("previous report")

    with pytest.raises(KeyboardInterrupt), atomic_writer(report) as fh:
        fh.write("half of the new")
        raise KeyboardInterrupt

    assert report.read_text() == "previous report"
    assert os.listdir(tmp_path) == ["report.json"]


def test_a_database_file_in_a_url_is_an_input(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    db.write_bytes(b"")

    with pytest.raises(ConfigError, match="the audited database"):
        refuse_overwriting_inputs([("--output", db)], inputs_of(f"sqlite:///{db}"))
    refuse_overwriting_inputs(
        [("--output", tmp_path / "report.json")], inputs_of(f"sqlite:///{db}")
    )
