"""Bad inputs through the command line: the right exit code, one line saying what is wrong.

Every failure must be handled (exit 2 for usage/config, 3 for an unreadable source), print one
``dataready: error: ...`` line on stderr and no traceback, leave the source as it was, and never
show a password. An empty table is not an error: it is audited and reported not ready.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dataready.cli import cli
from dataready.exit_codes import ExitCode
from tests.conftest import FULLY_DECLARED, digest
from tests.dbutil import database, engine_params

PASSWORD = "s3cretPW"
WRONG_PASSWORD_URL = f"mysql+pymysql://root:{PASSWORD}@127.0.0.1:3306/test"
"""root has no password on the test server, so this one is refused."""


@pytest.fixture(params=engine_params())
def db(request, tmp_path: Path):
    with database(request.param, tmp_path) as d:
        yield d


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_fails(result: Result, code: ExitCode, *expected: str) -> str:
    """A handled error: the exit code, one line on stderr naming the problem, no traceback, no report."""
    assert result.exit_code == code, (
        f"exit {result.exit_code}, expected {int(code)}: {result.output}"
    )
    assert isinstance(result.exception, SystemExit), f"not handled: {result.exception!r}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
    assert lines[0].startswith("dataready: error: "), lines[0]
    for text in expected:
        assert text in lines[0], f"{text!r} not in {lines[0]!r}"
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return lines[0]


def report(result: Result) -> dict:
    return json.loads(result.stdout)


def write_csv(path: Path, rows: int = 30) -> Path:
    path.write_text(
        "id,name,qty\n" + "".join(f"{i},name {i},{i % 5}\n" for i in range(1, rows + 1))
    )
    return path


# --- files ---------------------------------------------------------------------------------------


def test_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "customers.csv"

    assert_fails(
        invoke("audit", missing), ExitCode.SOURCE_ERROR, f"{missing}: no such file or folder"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_in_a_project_is_reported_and_the_rest_audited(
    tmp_path: Path, project_file
) -> None:
    write_csv(tmp_path / "orders.csv")
    path = project_file(
        {"name": "orders", "location": "orders.csv", **FULLY_DECLARED},
        {"name": "customers", "location": "customers.csv", **FULLY_DECLARED},
    )

    result = invoke("audit", path, "-f", "json")

    assert result.exit_code == ExitCode.SOURCE_ERROR
    sources = {s["name"]: s for s in report(result)["sources"]}
    assert (sources["orders"]["reachable"], sources["orders"]["rows"]) == (True, 30)
    assert sources["customers"]["reachable"] is False
    assert sources["customers"]["error"].startswith("customers.csv: no such file or folder")
    assert not (tmp_path / "customers.csv").exists()


def test_a_csv_with_a_short_row_is_audited_without_it_and_the_line_reported(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path / "orders.csv")
    lines = path.read_text().splitlines(keepends=True)
    lines[16] = "16,name 16\n"  # line 17 of the file
    path.write_text("".join(lines))
    before = digest([path])

    result = invoke("audit", path, "-f", "json")

    assert result.exit_code == ExitCode.READY, result.output  # audited, with conditions
    card = report(result)
    assert card["level"] == "ready with conditions"
    assert card["sources"][0]["rows"] == 29
    (finding,) = [f for f in card["findings"] if f["check"] == "unparsed_lines"]
    assert finding["dimension"] == "validity"
    assert finding["message"] == (
        "1 line of the file did not parse and was skipped: line 17 has 2 fields where the header has 3"
    )
    assert digest([path]) == before


def test_a_small_csv_with_a_short_and_a_long_row(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("id,name,qty\n1,Ann,3\n2,Bob\n3,Cy,4,extra\n")

    assert_fails(invoke("audit", path), ExitCode.SOURCE_ERROR, "malformed CSV: line 3 has 2 fields")


def test_a_csv_that_is_not_utf8_is_read_as_windows_1252_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("name,city,price\nJosé,München,€5\nAnn,Paris,€7\n".encode("cp1252"))
    before = digest([path])

    result = invoke("audit", path, "-f", "json", "--show-values")

    assert result.exit_code in (ExitCode.READY, ExitCode.NOT_READY), result.output
    card = report(result)
    (source,) = card["sources"]
    assert (source["reachable"], source["rows"], source["columns"]) == (True, 2, 3)
    (finding,) = [f for f in card["findings"] if f["check"] == "not_utf8"]
    assert (finding["dimension"], finding["severity"]) == ("validity", "warning")
    assert (
        finding["message"]
        == "the file is not UTF-8; dataready read it as Windows-1252, a guess that other tools may not make"
    )
    assert digest([path]) == before  # the UTF-8 copy is dataready's own, and gone


def test_a_non_utf8_csv_reads_as_utf8_text_in_python(tmp_path: Path) -> None:
    from dataready.connectors.files import FileConnector
    from dataready.measure import measure
    from dataready.model import SampleSpec, Source

    path = tmp_path / "people.csv"
    path.write_bytes(
        "name,city\nJosé,München\n\x81bc,Paris\n".encode("latin-1")
    )  # 0x81: no Windows-1252 character
    source = Source(name="people", connector="file", location=str(path))
    with FileConnector(source, str(path)).open() as opened:
        m = measure(opened, source, SampleSpec(size=10, seed=1))
    assert m.read_as == "Latin-1"
    assert sorted(m.sample["name"]) == ["José", "\x81bc"] and sorted(m.sample["city"]) == [
        "München",
        "Paris",
    ]


def test_a_latin1_csv_reads_once_its_encoding_is_declared(tmp_path: Path, project_file) -> None:
    (tmp_path / "people.csv").write_bytes("name,city\nJosé,München\nAnn,Paris\n".encode("latin-1"))
    path = project_file(
        {
            "name": "people",
            "location": "people.csv",
            "options": {"encoding": "latin-1"},
            **FULLY_DECLARED,
        }
    )

    result = invoke("audit", path, "-f", "json")

    assert result.exit_code in (ExitCode.READY, ExitCode.NOT_READY), result.output
    (source,) = report(result)["sources"]
    assert (source["reachable"], source["rows"], source["columns"]) == (True, 2, 2)


# --- empty sources are findings, not errors -------------------------------------------------------


def assert_reported_empty(result: Result) -> None:
    assert result.exit_code == ExitCode.NOT_READY, result.output
    assert result.stderr == ""
    card = report(result)
    assert card["level"] == "not ready"
    assert card["sources"][0]["rows"] == 0
    blockers = [
        (f["check"], f["dimension"]) for f in card["findings"] if f["severity"] == "blocker"
    ]
    assert blockers == [("empty_source", "completeness")]


def test_an_empty_table_is_audited_and_not_ready(db) -> None:
    db.create_table("orders", "id INTEGER, customer VARCHAR(40), total INTEGER")
    before = db.checksum("orders")

    assert_reported_empty(invoke("audit", db.url, "--table", "orders", "-f", "json"))
    assert (db.row_count("orders"), db.checksum("orders")) == (0, before)


def test_a_csv_with_only_a_header_is_audited_and_not_ready(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("id,customer,total\n")

    assert_reported_empty(invoke("audit", path, "-f", "json"))
    assert path.read_text() == "id,customer,total\n"


# --- databases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("postgresql+psycopg://postgres@127.0.0.1:1/test", id="postgresql"),
        pytest.param("mysql+pymysql://root@127.0.0.1:1/test", id="mariadb"),
    ],
)
@pytest.mark.parametrize("table", [None, "orders"], ids=["database", "table"])
def test_an_unreachable_database(url: str, table: str | None) -> None:
    args = ["audit", url] + (["--table", table] if table else [])

    assert_fails(
        invoke(*args), ExitCode.SOURCE_ERROR, f"{url}: cannot connect", "check the host and port"
    )


@pytest.mark.mariadb
@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="terminal"),
        pytest.param(["-f", "json"], id="json"),
        pytest.param(["-f", "markdown", "--table", "orders"], id="markdown-table"),
        pytest.param(["-f", "json", "--table", "orders"], id="json-table"),
    ],
)
def test_a_wrong_password_is_refused_and_never_shown(args: list[str]) -> None:
    result = invoke("audit", WRONG_PASSWORD_URL, *args)

    assert_fails(
        result,
        ExitCode.SOURCE_ERROR,
        "mysql+pymysql://root:***@127.0.0.1:3306/test: cannot connect",
        "Access denied",
        "check the user and password",
    )
    assert PASSWORD not in result.output


@pytest.mark.mariadb
@pytest.mark.parametrize("fmt", ["terminal", "json", "markdown"])
def test_a_wrong_password_in_a_project_is_never_shown(
    tmp_path: Path, project_file, monkeypatch, fmt: str
) -> None:
    monkeypatch.setenv("DR_TEST_DB_PASSWORD", PASSWORD)
    path = project_file(
        {
            "name": "crm",
            "location": "mysql+pymysql://root:${DR_TEST_DB_PASSWORD}@127.0.0.1:3306/test",
            "table": "customers",
            **FULLY_DECLARED,
        }
    )
    written = tmp_path / f"report.{fmt}"

    on_screen = invoke("audit", path, "-f", fmt)
    to_file = invoke("audit", path, "-f", fmt, "-o", written)

    assert on_screen.exit_code == to_file.exit_code == ExitCode.SOURCE_ERROR
    assert "Access denied" in on_screen.stdout
    for text in (on_screen.output, to_file.output, written.read_text()):
        assert PASSWORD not in text
        assert "Traceback" not in text


def test_an_unknown_table(db) -> None:
    db.create_table("customers", "id INTEGER, name VARCHAR(40)", [(1, "Ann"), (2, "Bob")])
    before = db.checksum("customers")

    assert_fails(
        invoke("audit", db.url, "--table", "nosuch"), ExitCode.SOURCE_ERROR, "nosuch: no such table"
    )
    assert db.checksum("customers") == before


def test_a_malformed_database_url() -> None:
    result = invoke("audit", f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:notaport/test")

    assert_fails(
        result, ExitCode.USAGE_ERROR, "database URL", "'notaport'", "expected e.g. postgresql://"
    )
    assert PASSWORD not in result.output


# --- the project file ----------------------------------------------------------------------------


def project_with(tmp_path: Path, text: str) -> Path:
    write_csv(tmp_path / "orders.csv")
    path = tmp_path / "dataready.yml"
    path.write_text(text)
    return path


def assert_config_error(tmp_path: Path, path: Path, *expected: str) -> None:
    before = digest(tmp_path.iterdir())
    assert_fails(invoke("audit", path), ExitCode.USAGE_ERROR, f"{path}", *expected)
    assert digest(tmp_path.iterdir()) == before


def test_a_project_file_with_bad_yaml_syntax(tmp_path: Path) -> None:
    path = project_with(
        tmp_path,
        "use_case:\n  name: pilot\nsources:\n  - name: orders\n    location: orders.csv\n"
        "   owner: [Data Team\n",
    )

    assert_config_error(tmp_path, path, f"{path}:6:", "fix the YAML syntax")


def test_a_project_file_with_an_unknown_field(tmp_path: Path) -> None:
    path = project_with(
        tmp_path,
        "use_case: {name: pilot}\nsources:\n  - name: orders\n    location: orders.csv\n"
        "    ownr: Data Team\n",
    )

    assert_config_error(tmp_path, path, "sources[orders].ownr: unknown field")


def test_a_project_file_with_a_bad_refresh_cadence(tmp_path: Path) -> None:
    path = project_with(
        tmp_path,
        "use_case: {name: pilot}\nsources:\n  - name: orders\n    location: orders.csv\n"
        "    refresh: every now and then\n",
    )

    assert_config_error(
        tmp_path,
        path,
        "sources[orders].refresh",
        "'every now and then'",
        "allowed: hourly, daily, weekly, monthly",
    )


def test_a_project_file_with_an_unknown_purpose(tmp_path: Path) -> None:
    path = project_with(
        tmp_path,
        "use_case: {name: pilot}\nsources:\n  - name: orders\n    location: orders.csv\n"
        "    purpose: fun\n",
    )

    assert_config_error(
        tmp_path,
        path,
        "sources[orders].purpose: got 'fun'",
        "allowed: 'training', 'evaluation', 'retrieval', 'features', 'reference' or 'analytics'",
    )


def test_a_project_file_with_an_unset_environment_variable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DR_TEST_UNSET_PASSWORD", raising=False)
    path = project_with(
        tmp_path,
        "use_case: {name: pilot}\nsources:\n  - name: crm\n"
        "    location: postgresql+psycopg://postgres:${DR_TEST_UNSET_PASSWORD}@127.0.0.1:5432/test\n",
    )

    assert_config_error(tmp_path, path, "environment variable DR_TEST_UNSET_PASSWORD is not set")


# --- the real command ----------------------------------------------------------------------------


def test_the_installed_command_shows_a_traceback_only_with_debug(tmp_path: Path) -> None:
    missing = str(tmp_path / "customers.csv")
    command = [sys.executable, "-c", "from dataready.cli import main; main()"]

    plain = subprocess.run([*command, "audit", missing], capture_output=True, text=True, timeout=60)
    debug = subprocess.run(
        [*command, "--debug", "audit", missing], capture_output=True, text=True, timeout=60
    )

    assert plain.returncode == ExitCode.SOURCE_ERROR
    assert (
        plain.stderr
        == f"dataready: error: {missing}: no such file or folder; check the path, or run 'dataready demo' for an example\n"
    )
    assert "Traceback" not in plain.stdout + plain.stderr
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "SourceError" in debug.stderr


INTERRUPTIBLE = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from dataready.cli import main; sys.argv = ['dataready', 'audit', sys.argv[1], '--table', 'slow']; main()"
)


@pytest.mark.postgres
def test_ctrl_c_stops_an_audit_at_once_and_cancels_its_statements(tmp_path: Path) -> None:
    """Each scan of the view sleeps 20 s in the server: Ctrl-C must not wait for the statements."""
    import signal
    import time

    with database("postgresql", tmp_path, stem="slow") as db:
        db.execute(
            "CREATE TABLE t AS SELECT g AS id, 'item ' || g AS name FROM generate_series(1, 400) AS g",
            "CREATE FUNCTION slowly(i integer) RETURNS integer VOLATILE LANGUAGE sql AS "
            "'SELECT pg_sleep(0.05); SELECT i'",
            "CREATE VIEW slow AS SELECT slowly(id) AS id, name FROM t",
        )
        audit = subprocess.Popen(
            [sys.executable, "-c", INTERRUPTIBLE, db.url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(3)  # started, connected, measuring
        audit.send_signal(signal.SIGINT)
        sent = time.monotonic()
        _out, err = audit.communicate(timeout=60)
        stopped_after = time.monotonic() - sent

        assert audit.returncode == ExitCode.INTERRUPTED
        assert err.decode().strip().splitlines()[-1] == "dataready: interrupted"
        assert stopped_after < 10, (
            f"took {stopped_after:.1f} s: the 20 s statements were waited for"
        )
        still_running = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()"
        for _ in range(20):  # a cancelled backend may take a moment to go idle
            if db.query(still_running) == [(0,)]:
                break
            time.sleep(0.1)
        assert db.query(still_running) == [(0,)]


def test_an_unreadable_source_of_a_project_is_a_step_of_the_plan(
    tmp_path: Path, project_file
) -> None:
    write_csv(tmp_path / "orders.csv")
    path = project_file(
        {"name": "orders", "location": "orders.csv", **FULLY_DECLARED},
        {"name": "crm", "location": "gone.csv", **FULLY_DECLARED},
    )

    result = invoke("audit", path, "-f", "markdown")

    assert result.exit_code == ExitCode.SOURCE_ERROR, result.output
    assert "### Remediation plan (1 step)" in result.stdout
    assert (
        "Make crm readable for dataready (the message says what failed), then audit again. Owner:"
        in result.stdout
    )
