"""Hostile inputs: secrets stay secret, interrupts and timeouts end cleanly, odd data is read."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import dataready
from dataready.cli import cli
from dataready.config import expand_env
from dataready.connectors.sql import safe_url, scrub
from tests.conftest import FULLY_DECLARED, digest
from tests.dbutil import database

CANARY = "Canary@pw#7/x:?k"
"""A password holding every character that means something in a URL."""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def outputs_of(folder: Path, text: str) -> str:
    return text + "".join(p.read_text(errors="replace") for p in folder.glob("report*"))


def secret_fragments(secret: str) -> list[str]:
    from urllib.parse import quote

    return [secret, quote(secret, safe=""), secret.split("@")[0], secret.split("#")[1]]


# --- secrets ------------------------------------------------------------------------------


def test_a_substituted_password_is_percent_encoded_in_the_url_only(monkeypatch) -> None:
    monkeypatch.setenv("PW", CANARY)
    monkeypatch.setenv("HOST", "db.example.com")

    url = expand_env("postgresql://me:${PW}@${HOST}:5432/shop?sslpassword=${PW}", where="x")

    assert url == (
        "postgresql://me:Canary%40pw%237%2Fx%3A%3Fk@db.example.com:5432/shop"
        "?sslpassword=Canary%40pw%237%2Fx%3A%3Fk"
    )
    assert expand_env("owner: ${PW}", where="x") == f"owner: {CANARY}"
    assert expand_env("${PW}", where="x") == CANARY


@pytest.mark.postgres
def test_a_password_with_url_characters_reaches_the_server_and_no_output(
    tmp_path: Path, project_file, monkeypatch
) -> None:
    monkeypatch.setenv("PG_PASSWORD", CANARY)
    with database("postgresql", tmp_path) as db:
        db.create_table("people", "id INTEGER, city TEXT", [(i, "Paris") for i in range(30)])
        location = db.url.replace("postgres@", "postgres:${PG_PASSWORD}@") + (
            "?sslpassword=${PG_PASSWORD}&application_name=dr"
        )
        path = project_file(
            {"name": "people", "location": location, "table": "people", **FULLY_DECLARED}
        )
        texts = []
        for fmt, suffix in (
            ("json", "json"),
            ("markdown", "md"),
            ("html", "html"),
            ("terminal", "txt"),
        ):
            code, out = run(
                "audit",
                str(path),
                "--format",
                fmt,
                "-o",
                str(tmp_path / f"report.{suffix}"),
                "--junit",
                str(tmp_path / f"report-{fmt}.xml"),
            )
            assert code in (0, 1), out
            texts.append(out)

    everything = outputs_of(tmp_path, "".join(texts))
    assert '"location": "postgresql+psycopg://postgres:***@127.0.0.1:5432/' in everything
    for fragment in secret_fragments(CANARY):
        assert fragment not in everything


@pytest.mark.postgres
def test_a_password_in_the_query_string_is_hidden_in_error_lines(tmp_path: Path) -> None:
    url = (
        "postgresql+psycopg://nobody@127.0.0.1:1/shop?password=QueryStringCanary9&connect_timeout=2"
    )

    code, out = run("audit", url, "--format", "json")

    assert code == 3
    assert "QueryStringCanary9" not in out
    assert "password=***" in out
    assert "Traceback" not in out and len(out.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:pw@h/db?password=QSCanary1",
        "mysql+pymysql://u@h/db?passwd=QSCanary1&charset=utf8",
        "postgresql://u@h/db?sslpassword=QSCanary1",
        "snowflake://u@acct/db?token=QSCanary1",
        "trino://u@h/cat?access_key=QSCanary1",
    ],
)
def test_secret_query_parameters_are_hidden(url: str) -> None:
    assert "QSCanary1" not in safe_url(url)
    assert "QSCanary1" not in scrub(f"server said: bad credentials QSCanary1 for {url}", url)


def test_a_short_secret_is_scrubbed_without_garbling_words() -> None:
    url = "postgresql://me:an@h/db"

    assert scrub('cannot connect: password "an" rejected for me and others', url) == (
        'cannot connect: password "***" rejected for me and others'
    )
    assert scrub("an", url) == "***"


# --- interrupts -----------------------------------------------------------------------------

CHILD = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from dataready.cli import main; main()"
)


def start_cli(*args: str) -> subprocess.Popen[str]:
    """The command in a process of its own, as a shell or CI runner starts it."""
    env = {**os.environ, "PYTHONPATH": str(Path(dataready.__file__).parents[1])}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args], stderr=subprocess.PIPE, text=True, env=env
    )


def wait_until(condition, child: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert child.poll() is None, f"the command ended before {what}: {child.stderr.read()}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.01)


def holds_open(pid: int, path: Path) -> bool:
    try:
        return any(
            os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd")
        )
    except OSError:
        return False


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    import duckdb

    path = tmp_path_factory.mktemp("big") / "events.csv"
    duckdb.sql(
        "COPY (SELECT range AS id, 'name ' || (range % 1000) AS name, range % 97 AS amount, "
        f"'x' || range AS code FROM range(3000000)) TO '{path}'"
    )
    return path


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see the file open")
@pytest.mark.parametrize(
    ("sig", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["ctrl-c", "sigterm"],
)
def test_a_signal_while_duckdb_reads_a_file_stops_the_run_and_keeps_the_old_report(
    big_csv: Path, tmp_path: Path, sig: int, code: int, word: str
) -> None:
    report = tmp_path / "report.json"
    report.write_text('{"earlier": "report"}\n')
    before = digest([big_csv])

    child = start_cli("audit", str(big_csv), "--format", "json", "-o", str(report))
    wait_until(lambda: holds_open(child.pid, big_csv), child, "DuckDB reading the file")
    child.send_signal(sig)

    assert child.wait(120) == code
    stderr = child.stderr.read()  # type: ignore[union-attr]
    assert stderr.strip() == f"dataready: {word}"
    assert report.read_text() == '{"earlier": "report"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    assert digest([big_csv]) == before


@pytest.mark.postgres
def test_sigterm_cancels_the_statements_running_in_postgresql(tmp_path: Path) -> None:
    with database("postgresql", tmp_path) as db:
        db.execute(
            "CREATE VIEW slow AS SELECT g AS id FROM generate_series(1, 10) g, pg_sleep(120)"
        )

        def running() -> list[tuple]:
            return db.query(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'active' AND strpos(query, 'slow') > 0 AND pid <> pg_backend_pid()"
            )

        child = start_cli("audit", db.url, "--table", "slow", "--format", "json")
        wait_until(lambda: bool(running()), child, "the statement in the server")
        child.send_signal(signal.SIGTERM)

        assert child.wait(120) == 143
        deadline = time.monotonic() + 30
        while running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert running() == []


@pytest.mark.parametrize(
    ("args", "code"),
    [(["audit", "{tmp}/missing.csv"], 3), (["audit", "{tmp}/dataready.yml"], 2)],
    ids=["source-error", "usage-error"],
)
def test_debug_adds_the_traceback_and_keeps_the_exit_code(
    tmp_path: Path, args: list[str], code: int
) -> None:
    (tmp_path / "dataready.yml").write_text("sources: {}\n")
    result = CliRunner().invoke(cli, ["--debug", *(a.format(tmp=tmp_path) for a in args)])

    assert result.exit_code == code, result.output
    assert result.output.strip().splitlines()[-1].startswith("dataready: error: ")


# --- timeouts -------------------------------------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never says a word."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(5)
    for s in held:
        s.close()
    server.close()


@pytest.mark.parametrize(
    "scheme", ["mysql+pymysql", "postgresql+psycopg"], ids=["mariadb", "postgresql"]
)
def test_a_server_that_never_answers_is_one_unreadable_source_and_the_rest_is_audited(
    tmp_path: Path, project_file, silent_server: int, scheme: str
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("id,city\n" + "".join(f"{i},Paris\n" for i in range(40)))
    path = project_file(
        {
            "name": "silent",
            "location": f"{scheme}://me@127.0.0.1:{silent_server}/shop",
            "table": "t",
            **FULLY_DECLARED,
        },
        {"name": "people", "location": str(csv), **FULLY_DECLARED},
        defaults={"connect_timeout": 1},
    )

    code, out = run("audit", str(path), "--format", "json")

    assert code == 3, out
    report = json.loads(out[out.index("{") :])
    sources = {s["name"]: s for s in report["sources"]}
    assert sources["people"]["reachable"] and sources["people"]["rows"] == 40
    assert not sources["silent"]["reachable"]
    assert "the server did not answer in time" in sources["silent"]["error"]


@pytest.mark.mariadb
def test_a_statement_longer_than_the_timeout_is_stopped_by_mariadb(
    tmp_path: Path, project_file
) -> None:
    with database("mariadb", tmp_path) as db:
        db.create_table("t", "id INTEGER", [(i,) for i in range(5)])
        path = project_file(
            {
                "name": "slow",
                "location": db.url,
                "query": "SELECT id, SLEEP(30) AS z FROM t",
                "options": {"statement_timeout": 1},
                **FULLY_DECLARED,
            },
        )

        code, out = run("audit", str(path), "--format", "json")

    assert code == 3, out
    assert "max_statement_time exceeded" in out


def test_a_timeout_that_is_not_a_positive_number_is_a_configuration_error(project_file) -> None:
    path = project_file(
        {
            "name": "db",
            "location": "postgresql://me@h/db",
            "table": "t",
            "options": {"statement_timeout": "soon"},
        }
    )

    code, out = run("audit", str(path))

    assert code == 2
    assert "options.statement_timeout: expected a number of seconds above 0 (got 'soon')" in out


# --- sizes the client cannot hold -----------------------------------------------------------


def test_a_sheet_with_a_stray_cell_at_the_last_address_is_refused_before_loading(
    tmp_path: Path,
) -> None:
    import openpyxl

    path = tmp_path / "tiny.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["id", "name"])
    workbook.active.append([1, "Ada"])
    workbook.active["XFD1048576"] = "x"
    workbook.save(path)
    before = digest([path])

    code, out = run("audit", str(path))

    assert code == 3
    assert out.strip().splitlines() == [
        f"dataready: error: {path}: sheet 'Sheet' spans A1:XFD1048576 (1,048,576 rows × 16,384 columns), "
        "more than the 20,000,000 cells dataready reads from a sheet; delete the stray cells beyond the "
        "data (Ctrl-End shows the last one) or export the sheet as CSV"
    ]
    assert digest([path]) == before


def test_a_zip_that_is_not_a_workbook_is_named_as_such(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")

    code, out = run("audit", str(path))

    assert code == 3
    assert f"{path}: not an Excel workbook" in out and "save it from Excel as .xlsx" in out
    assert len(out.strip().splitlines()) == 1


def test_a_sample_larger_than_the_ceiling_is_capped_and_the_card_says_so(
    tmp_path: Path, monkeypatch
) -> None:
    import dataready.model.measurement as measurement

    monkeypatch.setattr(measurement, "MAX_SAMPLE_ROWS", 50)
    path = tmp_path / "rows.csv"
    path.write_text("id,amount\n" + "".join(f"{i},{i % 13}\n" for i in range(200)))

    card = dataready.audit(str(path), sample_size=1_000_000_000_000)

    (source,) = card.sources
    assert source.sample_size == 50
    (note,) = [f for f in card.findings if f.check == "sample_capped"]
    assert note.message.startswith(
        "the sample was capped at 50 rows (1,000,000,000,000 asked for), the most dataready holds"
    )


# --- valid data that was rejected -------------------------------------------------------------


def test_a_text_value_after_the_sniffed_rows_is_read_and_reported_as_mixed_types(
    tmp_path: Path,
) -> None:
    path = tmp_path / "late.csv"
    rows = [f"{i},{i % 100}" for i in range(30_000)]
    rows[25_000] = "25000,twelve"
    path.write_text("id,amount\n" + "\n".join(rows) + "\n")
    before = digest([path])

    card = dataready.audit(str(path))

    (source,) = card.sources
    assert source.reachable and source.row_count == 30_000
    (mixed,) = [f for f in card.findings if f.columns == ("amount",) and "mixed types" in f.message]
    assert mixed.affected == 1
    assert digest([path]) == before


def test_a_csv_and_a_sheet_with_1200_columns_are_audited(tmp_path: Path) -> None:
    import openpyxl

    header = [f"c{j}" for j in range(1200)]
    rows = [[(r * j) % 7 if (r + j) % 5 else None for j in range(1200)] for r in range(30)]
    csv = tmp_path / "wide.csv"
    csv.write_text(
        ",".join(header)
        + "\n"
        + "".join(",".join("" if v is None else str(v) for v in row) + "\n" for row in rows)
    )
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    workbook.save(tmp_path / "wide.xlsx")

    for path in (csv, tmp_path / "wide.xlsx"):
        card = dataready.audit(str(path))
        (source,) = card.sources
        assert (source.reachable, source.row_count, source.column_count) == (True, 30, 1200)


def test_a_folder_with_one_unreadable_file_reports_it_and_audits_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "good.csv").write_text("id,city\n" + "".join(f"{i},Paris\n" for i in range(30)))
    (folder / "broken.parquet").write_text("this is not parquet")
    before = digest(folder.iterdir())

    code, out = run("audit", str(folder), "--format", "json")

    assert code == 3, out
    sources = {s["name"]: s for s in json.loads(out[out.index("{") :])["sources"]}
    assert sources["exports/good"]["reachable"] and sources["exports/good"]["rows"] == 30
    assert not sources["exports/broken"]["reachable"]
    assert "broken.parquet: cannot read it as parquet" in sources["exports/broken"]["error"]
    assert digest(folder.iterdir()) == before


def test_a_database_with_one_unreadable_view_reports_it_and_audits_the_rest(tmp_path: Path) -> None:
    with database("sqlite", tmp_path) as db:
        db.create_table("people", "id INTEGER, city TEXT", [(i, "Paris") for i in range(30)])
        db.execute("CREATE TABLE gone (id INTEGER)", "CREATE VIEW orphan AS SELECT * FROM gone")
        db.execute("DROP TABLE gone")

        card = dataready.audit(db.url)

    readable = {s.source.name.rsplit(".", 1)[-1]: s.reachable for s in card.sources}
    assert readable == {"people": True, "orphan": False}


@pytest.mark.mariadb
def test_mariadb_names_holding_a_backtick_are_read(tmp_path: Path) -> None:
    with database("mariadb", tmp_path) as db:
        db.create_table(
            "we`ird", "`co``l` INTEGER, `na``me` VARCHAR(20)", [(i, f"n{i}") for i in range(30)]
        )

        card = dataready.audit(db.url)

    (source,) = card.sources
    assert source.reachable and source.row_count == 30 and source.column_count == 2
    assert {c for f in card.findings for c in f.columns} <= {"co`l", "na`me"}


# --- spill files ------------------------------------------------------------------------------


def test_spill_files_go_to_a_private_folder_and_stale_ones_are_removed(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f"dataready-spill-{finished.stdout.strip()}-old"
    stale.mkdir()
    (stale / "duckdb_temp_block.tmp").write_text("raw values")
    csv = tmp_path / "data.csv"
    csv.write_text("id,city\n" + "".join(f"{i},Paris\n" for i in range(30)))
    probe = (
        "import os, dataready; from dataready.connectors.base import spill_folder; "
        f"dataready.audit({str(csv)!r}); p = spill_folder(); print(p.parent, oct(p.stat().st_mode & 0o777))"
    )
    env = {
        **os.environ,
        "TMPDIR": str(tmp_path),
        "PYTHONPATH": str(Path(dataready.__file__).parents[1]),
    }

    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )

    assert out.stdout.split() == [str(tmp_path), "0o700"]
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_reports_escape_html_from_file_and_column_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "<img src=x onerror=alert(1)>.csv"
    path.write_text(
        "id,<script>alert(1)</script>,a`b<b>\n"
        + "".join(f"{i % 20},{'' if i % 3 else 'x'},{i % 2}\n" for i in range(60))
    )

    code, out = run("audit", str(path), "--format", "markdown", "-o", str(tmp_path / "report.md"))
    assert code in (0, 1), out
    report = (tmp_path / "report.md").read_text()

    # Inside code spans nothing is HTML; everywhere else a tag must arrive escaped.
    outside_code = re.sub(r"(`+) .*? \1|(`+)[^`]*\2", "", report)
    assert "`" not in outside_code
    assert (
        "<script" not in outside_code and "<img" not in outside_code and "<b>" not in outside_code
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in report


# --- validation gaps --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"sources": []}, "sources: the project lists no sources; add at least one"),
        (
            {
                "weights": {
                    "completeness": 0,
                    "validity": 0,
                    "consistency": 0,
                    "uniqueness": 0,
                    "freshness": 0,
                    "ownership": 0,
                    "inventory": 0,
                    "privacy": 0,
                    "labels": 0,
                    "grounding": 0,
                }
            },
            "weights: every weight is 0, so no score could be computed",
        ),
        (
            {"thresholds": {"ready": 50, "not_ready_below": 70}},
            "thresholds: ready (50) is below not_ready_below (70)",
        ),
    ],
    ids=["empty-project", "all-zero-weights", "ready-below-not-ready"],
)
def test_a_project_that_cannot_be_scored_is_refused(
    tmp_path: Path, extra: dict, message: str
) -> None:
    import yaml

    csv = tmp_path / "people.csv"
    csv.write_text("id\n1\n")
    path = tmp_path / "dataready.yml"
    path.write_text(
        yaml.safe_dump({"sources": [{"name": "people", "location": "people.csv"}], **extra})
    )

    code, out = run("audit", str(path))

    assert code == 2
    assert message in out and len(out.strip().splitlines()) == 1


def test_table_on_a_file_is_refused_rather_than_ignored(tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("id\n1\n")

    code, out = run("audit", str(csv), "--table", "customers")

    assert code == 2
    assert f"--table/--schema apply to a database URL, not to {csv}" in out


@pytest.mark.parametrize("text", ["42\n", '"just a string"\n', "true"])
def test_a_json_file_holding_one_value_is_not_audited_as_a_table(tmp_path: Path, text: str) -> None:
    path = tmp_path / "value.json"
    path.write_text(text)

    code, out = run("audit", str(path))

    assert code == 3
    assert "not records; dataready reads a JSON array of objects or one object per line" in out


def test_a_wal_mode_sqlite_database_is_read_without_creating_files_beside_it(
    tmp_path: Path,
) -> None:
    import sqlite3

    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=wal")
        conn.execute("CREATE TABLE people (id INTEGER, city TEXT)")
        conn.executemany("INSERT INTO people VALUES (?, ?)", [(i, "Paris") for i in range(30)])
    conn.close()
    before = digest([path])

    card = dataready.audit(f"sqlite:///{path}")

    assert [s.row_count for s in card.sources] == [30]
    assert [p.name for p in folder.iterdir()] == ["shop.db"]
    assert digest([path]) == before


# --- personal data in suggested suites ------------------------------------------------------------

CARDS = ["4111111111111111", "5500005555555559", "4012888888881881", "378282246310005"]
EMAILS = ["ada.lovelace@example.com", "alan.turing@example.org", "grace.hopper@example.net"]
BIRTHS = ["1931-05-17", "1948-11-02", "1990-01-30"]


def test_a_suggested_suite_checks_formats_not_values_of_personal_columns(tmp_path: Path) -> None:
    csv = tmp_path / "customers.csv"
    csv.write_text(
        "id,email,card_number,date_of_birth,status\n"
        + "".join(
            f"{i},{EMAILS[i % 3]},{CARDS[i % 4]},{BIRTHS[i % 3]},{'open' if i % 2 else 'closed'}\n"
            for i in range(120)
        )
    )
    suite = tmp_path / "suite.json"

    code, out = run("suggest", str(csv), "-o", str(suite))

    assert code == 0, out
    text = suite.read_text() + out
    for planted in [*CARDS, *EMAILS, *BIRTHS, "lovelace", "hopper", "1931", "1990"]:
        assert planted not in text, planted
    expectations = json.loads(suite.read_text())["expectations"]
    by_column: dict[str, set[str]] = {}
    for e in expectations:
        by_column.setdefault(e["kwargs"].get("column", ""), set()).add(e["type"])
    assert "expect_column_values_to_match_regex" in by_column["email"]
    assert by_column["status"] >= {"expect_column_values_to_be_in_set"}  # not personal: values kept
    for column in ("email", "card_number", "date_of_birth"):
        assert not by_column[column] & {
            "expect_column_values_to_be_in_set",
            "expect_column_values_to_be_between",
        }


def test_addresses_in_document_names_and_column_headers_are_masked_in_every_output(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"jane.doe{i}@example.com.md").write_text(
            f"# Note {i}\n\nA note about product {i}, long enough to be read as a document.\n"
        )
    (docs / "copy-of-jane.doe0@example.com.md").write_text(
        (docs / "jane.doe0@example.com.md").read_text()
    )
    table = tmp_path / "table.csv"
    table.write_text("id,bob.smith@example.com\n1,x\n2,y\n3,\n4,z\n")
    changed = tmp_path / "changed.csv"
    changed.write_text("id,bob.smith@example.com\n1,x\n2,\n3,\n4,\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    texts = []
    for target in (docs, table):
        for fmt, suffix in (
            ("json", "json"),
            ("html", "html"),
            ("markdown", "md"),
            ("terminal", "txt"),
        ):
            report = out_dir / f"{target.stem}.{suffix}"
            _, out = run(
                "audit",
                str(target),
                "--format",
                fmt,
                "-o",
                str(report),
                "--junit",
                str(report) + ".xml",
            )
            texts.append(out)
        texts.append(
            run("gate", str(target), "--junit", str(out_dir / f"{target.stem}.gate.xml"))[1]
        )
    suite = out_dir / "suite.json"
    run("suggest", str(table), "-o", str(suite))
    for fmt in ("terminal", "json"):
        texts.append(
            run(
                "validate",
                str(changed),
                "--suite",
                str(suite),
                "--format",
                fmt,
                "--junit",
                str(out_dir / f"v.{fmt}.xml"),
            )[1]
        )

    everything = "".join(texts) + "".join(p.read_text() for p in out_dir.iterdir() if p != suite)
    assert "jane.doe" not in everything and "bob.smith" not in everything
    assert "j***@e***.com.md" in everything and "b***@e***.com" in everything


# --- outputs and messages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "{csv}", "--format", "json", "-o", "{blocker}/report.json"],
        ["audit", "{csv}", "--junit", "{blocker}/junit.xml"],
        ["gate", "{csv}", "--junit", "{blocker}/junit.xml"],
        ["suggest", "{csv}", "-o", "{blocker}/suite.json"],
    ],
    ids=["audit-output", "audit-junit", "gate-junit", "suggest"],
)
def test_an_output_that_cannot_be_written_is_refused_before_the_run(
    tmp_path: Path, args: list[str]
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("id,city\n1,Paris\n2,Rome\n")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")

    code, out = run(*(a.format(csv=csv, blocker=blocker) for a in args))

    assert code == 2
    assert (
        out.strip()
        .splitlines()[-1]
        .endswith(f"{blocker} is a file, not a folder; choose another path")
    )
    assert "Traceback" not in out


def test_suggest_on_a_source_that_cannot_be_measured_is_one_line_exit_3(
    tmp_path: Path, project_file
) -> None:
    with database("sqlite", tmp_path) as db:
        db.execute("CREATE TABLE gone (id INTEGER)", "CREATE VIEW orphan AS SELECT * FROM gone")
        db.execute("DROP TABLE gone")
        path = project_file({"name": "orphan", "location": db.url, "table": "orphan"})

        code, out = run("suggest", "--project", str(path), "-o", str(tmp_path / "suite.json"))

    assert code == 3
    assert out.strip().splitlines() == [
        f"dataready: error: {db.url}: cannot read it: no such table: main.gone"
    ]
    assert not (tmp_path / "suite.json").exists()


def test_a_utf16_csv_is_read_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "excel-unicode.csv"
    path.write_text("id,name\n" + "".join(f"{i},Zoë {i}\n" for i in range(30)), encoding="utf-16")

    card = dataready.audit(str(path))

    (source,) = card.sources
    assert (source.reachable, source.row_count, source.column_count) == (True, 30, 2)


def test_a_long_field_names_the_option_that_reads_it(tmp_path: Path, project_file) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("id,text\n1," + "x" * 3_000_000 + "\n2,short\n")

    code, out = run("audit", str(path))

    assert code == 3
    assert out.strip().splitlines() == [
        f"dataready: error: {path}: a line holds 3,000,003 bytes, more than the 2,000,000 read per line; "
        "if that is intended, set options.max_line_size to at least 3,000,005 in dataready.yml"
    ]
    project = project_file(
        {"name": "notes", "location": str(path), "options": {"max_line_size": 3_000_005}}
    )
    card = dataready.audit(project)
    assert [s.row_count for s in card.sources] == [2]


@pytest.mark.postgres
def test_a_missing_postgresql_role_is_named_as_such() -> None:
    code, out = run("audit", "postgresql+psycopg://no_such_role_here@127.0.0.1:5432/postgres")

    assert code == 3
    assert 'role "no_such_role_here" does not exist; check the user name in the URL' in out


@pytest.mark.postgres
def test_a_connection_dropped_mid_audit_is_that_sources_finding_and_the_rest_is_audited(
    tmp_path: Path, project_file
) -> None:
    import threading

    with database("postgresql", tmp_path) as db:
        db.create_table("people", "id INTEGER, city TEXT", [(i, "Paris") for i in range(40)])
        db.execute(
            "CREATE VIEW slow AS SELECT g AS id FROM generate_series(1, 10) g, pg_sleep(120)"
        )
        csv = tmp_path / "orders.csv"
        csv.write_text("id,amount\n" + "".join(f"{i},{i % 9}\n" for i in range(40)))
        path = project_file(
            {"name": "people", "location": db.url, "table": "people", **FULLY_DECLARED},
            {"name": "slow", "location": db.url, "table": "slow", **FULLY_DECLARED},
            {"name": "orders", "location": str(csv), **FULLY_DECLARED},
        )
        report = tmp_path / "report.json"
        report.write_text('{"earlier": "report"}\n')
        terminated: list[tuple] = []

        def terminate_the_slow_statement() -> None:
            deadline = time.monotonic() + 120
            while not terminated and time.monotonic() < deadline:
                terminated.extend(
                    db.query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND state = 'active' "
                        "AND strpos(query, 'slow') > 0 AND pid <> pg_backend_pid()"
                    )
                )
                time.sleep(0.05)

        killer = threading.Thread(target=terminate_the_slow_statement, daemon=True)
        killer.start()
        code, out = run("audit", str(path), "--format", "json", "-o", str(report))
        killer.join(5)

    assert terminated
    assert code == 3, out
    sources = {s["name"]: s for s in json.loads(report.read_text())["sources"]}
    assert sources["people"]["rows"] == 40 and sources["orders"]["rows"] == 40
    assert not sources["slow"]["reachable"]
    assert "terminat" in sources["slow"]["error"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []
