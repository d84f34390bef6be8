"""The SQL connector against real SQLite, DuckDB, PostgreSQL and MariaDB databases.

Every test gets its own database (a file, or a freshly created server database), so the suite
runs in parallel. Figures are exact: the defect table of dbutil.people_rows() has every count
planted by hand, and the same audit must give the same answer on every engine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import dataready
from dataready.checks import PROJECT_CHECKS
from dataready.connectors.sql import SqlConnector, read_only_engine
from dataready.errors import ConfigError
from dataready.measure import measure
from dataready.model import Level, Measurement, SampleSpec, Source
from tests.conftest import FULLY_DECLARED, assert_finding, data_findings, digest, findings
from tests.dbutil import (
    ENGINES,
    PEOPLE_COLUMNS,
    database,
    engine_params,
    numbered_rows,
    people_rows,
)


@pytest.fixture(params=engine_params())
def db(request, tmp_path: Path):
    with database(request.param, tmp_path) as d:
        yield d


@pytest.fixture
def people(db):
    """The 200-row table with planted defects."""
    db.create_table("people", PEOPLE_COLUMNS, people_rows())
    return db


def sample_of(
    db, *, seed: int, size: int = 50, table: str | None = "items", query: str | None = None
) -> Measurement:
    """Measure a table (or query) through the connector, as an audit does."""
    source = Source(
        name="items", connector="sql", location=db.url, table=None if query else table, query=query
    )
    with SqlConnector(source, db.url).open() as opened:
        return measure(opened, source, SampleSpec(size=size, seed=seed))


# --- a table with known defects -------------------------------------------------------------

ALL_PEOPLE_COLUMNS = ("id", "gender", "city", "status", "quantity")


def test_defects_are_found_with_exact_counts(people) -> None:
    card = dataready.audit(people.url, table="people", show_values=True)

    source = card["people"]
    assert (source.row_count, source.column_count, source.reachable) == (200, 5, True)
    assert source.source.location == people.url

    nulls = assert_finding(
        card, "completeness", check="missing_values", column="city", severity="warning", affected=10
    )
    assert (nulls.total, nulls.message) == (200, "5.0 % of values are missing (10 null)")
    placeholders = assert_finding(
        card,
        "completeness",
        check="disguised_missing",
        column="status",
        severity="warning",
        affected=4,
    )
    assert placeholders.examples == ("N/A",)
    negative = assert_finding(
        card, "validity", check="out_of_domain", column="quantity", severity="warning", affected=1
    )
    assert negative.measured == -5
    variants = assert_finding(
        card,
        "consistency",
        check="category_variants",
        column="gender",
        severity="warning",
        affected=8,
    )
    assert variants.measured == {"female ": "Female", "FEMALE": "Female"}
    assert_finding(
        card, "uniqueness", check="duplicate_keys", column="id", severity="warning", affected=5
    )

    assert sorted((f.check, f.columns) for f in data_findings(card)) == [
        ("category_variants", ("gender",)),
        ("disguised_missing", ("status",)),
        ("duplicate_keys", ("id",)),
        ("duplicate_rows", ALL_PEOPLE_COLUMNS),
        ("missing_values", ("city",)),
        ("out_of_domain", ("quantity",)),
    ]
    # No dataready.yml: the undeclared owner, purpose and cadence are two project findings that
    # fail their checklist items at warning; the data's own warnings decide the rest.
    assert [f.check for f in card.project_findings] == ["undeclared_metadata"] * 2
    assert all(f"{card.sources[0].source.name}" in f.message for f in card.project_findings)
    assert card.level is Level.CONDITIONAL


def test_exact_duplicate_rows_are_counted_byte_for_byte(people) -> None:
    """3 rows are exact copies; the extra id-11 row differs from its twin only in 'female ' vs 'Female'."""
    card = dataready.audit(people.url, table="people")

    copies = assert_finding(
        card, "uniqueness", check="duplicate_rows", severity="warning", affected=3
    )
    assert copies.columns == ALL_PEOPLE_COLUMNS
    assert copies.message == "3 rows (1.5 %) are exact copies of another row"


@pytest.mark.postgres
@pytest.mark.mariadb
def test_the_same_table_gives_the_same_scorecard_on_every_engine(tmp_path: Path) -> None:
    # The servers here are reached as superusers, which only they report (writable_connection).
    project_checks = [c for c in PROJECT_CHECKS if c.name != "writable_connection"]
    results = {}
    for kind in ENGINES:
        with database(kind, tmp_path) as db:
            db.create_table("people", PEOPLE_COLUMNS, people_rows())
            card = dataready.audit(
                db.url, table="people", show_values=True, project_checks=project_checks
            )
            results[kind] = (card.level, card.score, [f.to_dict() for f in card.findings])

    for kind in ENGINES[1:]:
        assert results[kind] == results["sqlite"], f"{kind} differs from sqlite"


def test_text_measurements_are_exact_on_every_engine(db) -> None:
    """Blank, padded and placeholder text, and a text key, counted the same way by every engine.

    PostgreSQL counts distinct text through a 64-bit hash; a key that the hash finds repeated is
    counted again exactly, so the duplicate count is the same as on the engines that compare text.
    Once PostgreSQL has statistics, columns with few values are measured from their value counts.
    """
    codes = [f"SKU-{i:04d}" for i in range(1, 297)] + [
        "SKU-0007",
        "SKU-0008",
        "SKU-0008",
        "SKU-0100",
    ]
    notes = ["fine"] * 290 + [
        "",
        "   ",
        " padded",
        "padded ",
        "N/A",
        "  n/a ",
        "none",
        "x" * 60,
        "two words",
        None,
    ]
    db.create_table(
        "items", "code VARCHAR(20), note VARCHAR(80)", list(zip(codes, notes, strict=True))
    )
    if db.kind == "postgresql":
        db.execute(
            "ANALYZE items"
        )  # statistics: both columns are then measured from their value counts
    source = Source(name="items", connector="sql", location=db.url, table="items")
    with SqlConnector(source, db.url).open() as opened:
        m = measure(opened, source, SampleSpec(size=50, seed=1))
        hinted = set(opened.distinct_hints)
    assert hinted == ({"code", "note"} if db.kind == "postgresql" else set())

    code, note = m.stats["code"], m.stats["note"]
    assert (code.non_null, code.distinct) == (300, 296)
    assert m.duplicate_keys == {("code",): 4}
    assert (note.non_null, note.blank, note.untrimmed, note.disguised_missing) == (299, 2, 4, 3)
    assert (note.with_space, note.min_length, note.max_length) == (5, 0, 60)


# --- whole databases, comments, identifiers ---------------------------------------------------


def test_a_database_url_without_table_gives_one_source_per_table(db) -> None:
    db.create_table(
        "customers", "id INTEGER, name VARCHAR(40)", [(1, "Ann"), (2, "Bob"), (3, "Cy")]
    )
    db.create_table(
        "orders",
        "id INTEGER, customer_id INTEGER, total INTEGER",
        [(i, 1 + i % 3, 10 * i) for i in range(1, 6)],
    )
    db.execute("CREATE VIEW big_orders AS SELECT * FROM orders WHERE total >= 30")

    card = dataready.audit(db.url)

    names = sorted(s.source.name for s in card.sources)
    assert names == [f"{db.name}.big_orders", f"{db.name}.customers", f"{db.name}.orders"]
    assert [card[f"{db.name}.{t}"].row_count for t in ("customers", "orders", "big_orders")] == [
        3,
        5,
        3,
    ]
    assert {s.source.table for s in card.sources} == {"customers", "orders", "big_orders"}
    assert all(s.reachable and s.source.connector == "sql" for s in card.sources)


def test_a_view_larger_than_the_sample_is_audited(db) -> None:
    db.create_table("items", "id INTEGER, label VARCHAR(20), amount INTEGER", numbered_rows(300))
    db.execute("CREATE VIEW cheap_items AS SELECT * FROM items WHERE amount < 50")

    card = dataready.audit(db.url, table="cheap_items", sample_size=20)

    assert card["cheap_items"].reachable, card["cheap_items"].error
    assert card["cheap_items"].row_count == 159
    assert card["cheap_items"].sample_size == 20


@pytest.mark.parametrize("db", engine_params(), indirect=True)
def test_a_view_sample_is_deterministic(db) -> None:
    db.create_table("items", "id INTEGER, label VARCHAR(20), amount INTEGER", numbered_rows(300))
    db.execute("CREATE VIEW cheap_items AS SELECT * FROM items WHERE amount < 50")

    first = sample_of(db, seed=42, size=20, table="cheap_items")
    second = sample_of(db, seed=42, size=20, table="cheap_items")

    assert (first.row_count, len(first.sample)) == (159, 20)
    assert sorted(first.sample["id"]) == sorted(second.sample["id"])


@pytest.mark.parametrize("db", engine_params(("postgresql", "mariadb")), indirect=True)
def test_table_and_column_comments_are_read(db) -> None:
    if db.kind == "mariadb":
        db.execute(
            "CREATE TABLE customers (id INTEGER COMMENT 'Customer number', name VARCHAR(40) COMMENT 'Full name') "
            "COMMENT='One row per customer of the web shop'"
        )
    else:
        db.execute(
            "CREATE TABLE customers (id INTEGER, name VARCHAR(40))",
            "COMMENT ON TABLE customers IS 'One row per customer of the web shop'",
            "COMMENT ON COLUMN customers.id IS 'Customer number'",
            "COMMENT ON COLUMN customers.name IS 'Full name'",
        )
    db.execute("INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bob')")
    db.create_table("plain", "id INTEGER", [(1,), (2,)])

    source = Source(name="customers", connector="sql", location=db.url, table="customers")
    with SqlConnector(source, db.url).open() as opened:
        assert opened.table_comment == "One row per customer of the web shop"
        assert [(c.name, c.comment) for c in opened.columns] == [
            ("id", "Customer number"),
            ("name", "Full name"),
        ]

    card = dataready.audit(db.url)
    # The table comment serves as a description; the plain table has none.
    inventory = next(f for f in card.project_findings if f.dimension.value == "inventory")
    assert inventory.measured["description"] == [f"{db.name}.plain"]
    assert sorted(inventory.measured["purpose"]) == [f"{db.name}.customers", f"{db.name}.plain"]
    assert f"no table comment) for 1 source: {db.name}.plain" in inventory.message


MIXED = "Mixed Case Table"


def _create_awkward_tables(db) -> None:
    q = db.quote
    db.create_table(
        MIXED,
        f"{q('Weird Col')} VARCHAR(20), {q('order')} INTEGER",
        [(None if i % 10 == 0 else f"value {i}", i) for i in range(50)],
    )
    db.create_table(
        "order",
        f"{q('select')} INTEGER, {q('from')} VARCHAR(10)",
        [(i, None if i < 3 else "x") for i in range(30)],
    )


def test_identifiers_that_need_quoting_work(db) -> None:
    _create_awkward_tables(db)

    mixed = dataready.audit(db.url, table=MIXED)
    assert mixed[MIXED].row_count == 50
    assert_finding(mixed, "completeness", check="missing_values", column="Weird Col", affected=5)

    order = dataready.audit(db.url, table="order")
    assert order["order"].row_count == 30
    assert_finding(order, "completeness", check="missing_values", column="from", affected=3)

    whole = dataready.audit(db.url)
    assert sorted(s.source.name for s in whole.sources) == [
        f"{db.name}.{MIXED}",
        f"{db.name}.order",
    ]
    assert [s.row_count for s in sorted(whole.sources, key=lambda s: s.source.name)] == [50, 30]


def test_identifiers_that_need_quoting_work_when_sampled(db) -> None:
    _create_awkward_tables(db)

    for table, rows in ((MIXED, 50), ("order", 30)):
        card = dataready.audit(db.url, table=table, sample_size=10)
        assert card[table].reachable, card[table].error
        assert (card[table].row_count, card[table].sample_size) == (rows, 10)


# --- read-only ---------------------------------------------------------------------------------


def test_an_audit_leaves_the_database_unchanged(people) -> None:
    before = (people.row_count("people"), people.checksum("people"))
    file_before = (
        digest([people.path]) if people.path else None
    )  # SQLite and DuckDB: the file itself

    dataready.audit(people.url, table="people", sample_size=50)
    dataready.audit(people.url)
    file_after = digest([people.path]) if people.path else None

    assert file_after == file_before
    assert before[0] == 200
    assert (people.row_count("people"), people.checksum("people")) == before


WRITES = {
    "insert": "INSERT INTO people VALUES (999, 'Male', 'Oslo', 'open', 1)",
    "delete": "DELETE FROM people",
    "update": "UPDATE people SET quantity = 0",
    "drop": "DROP TABLE people",
}


@pytest.mark.parametrize("write", WRITES)
def test_the_read_only_engine_refuses_writes(people, write: str) -> None:
    before = people.checksum("people")

    engine = read_only_engine(people.url)
    try:
        with engine.connect() as conn, pytest.raises(Exception) as refused:
            conn.exec_driver_sql(WRITES[write])
            conn.commit()
    finally:
        engine.dispose()

    message = str(refused.value).lower()
    assert any(word in message for word in ("read-only", "readonly", "read only", "read_only")), (
        message
    )
    assert (people.row_count("people"), people.checksum("people")) == (200, before)


def test_the_read_only_engine_runs_one_statement_per_call(people, tmp_path: Path) -> None:
    """Drivers that speak a simple protocol would run a second statement smuggled after the first."""
    before = people.checksum("people")

    engine = read_only_engine(people.url)
    try:
        with engine.connect() as conn, pytest.raises(Exception) as refused:
            conn.exec_driver_sql("SELECT 1; COMMIT; BEGIN READ WRITE; DELETE FROM people; COMMIT")
            conn.commit()
    finally:
        engine.dispose()

    message = str(refused.value).lower()
    assert any(
        w in message
        for w in ("multiple commands", "one statement", "syntax", "read-only", "read only")
    ), message

    assert (people.row_count("people"), people.checksum("people")) == (200, before)


@pytest.mark.parametrize("db", engine_params(["duckdb"]), indirect=True)
def test_a_duckdb_session_cannot_write_files_or_unlock_itself(people, tmp_path: Path) -> None:
    target = tmp_path / "leak.csv"

    engine = read_only_engine(people.url)
    try:
        with engine.connect() as conn:
            with pytest.raises(Exception, match="disabled by configuration"):
                conn.exec_driver_sql(f"COPY (SELECT * FROM people) TO '{target}'")
            conn.rollback()
            with pytest.raises(Exception, match="locked"):
                conn.exec_driver_sql("SET enable_external_access = true")
    finally:
        engine.dispose()

    assert not target.exists()


BREAKOUT = (
    "SELECT 1 AS a) AS q; COMMIT; BEGIN READ WRITE; DELETE FROM people WHERE id > 95; COMMIT ; "
    "SELECT * FROM (SELECT 1 AS a"
)


@pytest.mark.parametrize(
    "query",
    [
        BREAKOUT,
        "SELECT * FROM people; DELETE FROM people",
        "WITH gone AS (DELETE FROM people RETURNING *) SELECT * FROM gone",
        "SELECT * INTO copied FROM people",
        "COPY people TO '/tmp/people.csv'",
    ],
    ids=["breakout", "second-statement", "writing-cte", "select-into", "copy"],
)
def test_a_query_source_that_writes_is_a_configuration_error_and_writes_nothing(
    people, project_file, query: str
) -> None:
    path = project_file(
        {"name": "escape", "location": people.url, "query": query, **FULLY_DECLARED}
    )
    before = people.checksum("people")

    for run in (lambda: dataready.audit(path), lambda: dataready.gate(path)):
        with pytest.raises(ConfigError, match=r"escape.*query"):
            run()

    assert (people.row_count("people"), people.checksum("people")) == (200, before)
    assert not Path("/tmp/people.csv").exists() or people.kind != "duckdb"


def test_the_cli_refuses_a_writing_query_with_one_line_and_exit_2(people, project_file) -> None:
    from click.testing import CliRunner

    from dataready.cli import cli

    path = project_file(
        {"name": "escape", "location": people.url, "query": BREAKOUT, **FULLY_DECLARED}
    )
    before = people.checksum("people")

    for args in (
        ["audit", str(path)],
        ["suggest", "--project", str(path)],
        ["duplicates", "escape", "--project", str(path), "-o", str(path.parent / "d.csv")],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert (
            "query holds more than one statement" in result.output
            or "query closes a parenthesis" in result.output
        ), result.output
        assert "Traceback" not in result.output

    assert (people.row_count("people"), people.checksum("people")) == (200, before)


@pytest.mark.parametrize("ending", [";", " ;\n", "\n-- only the cheap ones", "; /* done */ ;"])
def test_a_query_ending_in_a_semicolon_or_comment_is_audited(db, project_file, ending: str) -> None:
    db.create_table("items", "id INTEGER, label VARCHAR(20), amount INTEGER", numbered_rows(1000))
    path = project_file(
        {"name": "cheap_items", "location": db.url, "query": CHEAP_ITEMS + ending, **FULLY_DECLARED}
    )

    card = dataready.audit(path)

    assert card["cheap_items"].reachable, card["cheap_items"].error
    assert card["cheap_items"].row_count == 109
    assert card["cheap_items"].source.query == CHEAP_ITEMS


# --- sampling ----------------------------------------------------------------------------------


def test_the_same_seed_samples_the_same_rows(db) -> None:
    db.create_table("items", "id INTEGER, label VARCHAR(20), amount INTEGER", numbered_rows(1000))

    first, second = sample_of(db, seed=42), sample_of(db, seed=42)

    assert first.row_count == 1000
    assert len(first.sample) == 50
    assert not first.sample_is_complete
    assert first.sample["id"].nunique() == 50
    assert first.sample.equals(second.sample)


@pytest.mark.parametrize("db", engine_params(), indirect=True)
def test_another_seed_samples_other_rows(db) -> None:
    db.create_table("items", "id INTEGER, label VARCHAR(20), amount INTEGER", numbered_rows(1000))

    ids_42 = set(sample_of(db, seed=42).sample["id"])
    ids_7 = set(sample_of(db, seed=7).sample["id"])

    assert len(ids_42) == len(ids_7) == 50
    assert ids_42 != ids_7


# --- query sources -----------------------------------------------------------------------------

CHEAP_ITEMS = "SELECT id, CASE WHEN amount = 0 THEN NULL ELSE label END AS label, amount FROM items WHERE amount < 10"
"""109 of the 1000 numbered rows; label is NULL on the 10 whose amount is 0."""


def test_a_query_source_in_the_project_file_is_audited(db, project_file) -> None:
    db.create_table("items", "id INTEGER, label VARCHAR(20), amount INTEGER", numbered_rows(1000))
    path = project_file(
        {"name": "cheap_items", "location": db.url, "query": CHEAP_ITEMS, **FULLY_DECLARED}
    )

    card = dataready.audit(path)

    source = card["cheap_items"]
    assert (source.reachable, source.row_count, source.column_count) == (True, 109, 3)
    assert source.source.query == CHEAP_ITEMS
    assert_finding(
        card,
        "completeness",
        check="missing_values",
        column="label",
        severity="warning",
        affected=10,
    )
    assert [(f.check, f.columns) for f in data_findings(card)] == [("missing_values", ("label",))]


def test_a_query_source_larger_than_the_sample_is_audited(db, project_file) -> None:
    db.create_table("items", "id INTEGER, label VARCHAR(20), amount INTEGER", numbered_rows(1000))
    path = project_file(
        {"name": "cheap_items", "location": db.url, "query": CHEAP_ITEMS, **FULLY_DECLARED},
        defaults={"sample_size": 20},
    )

    card = dataready.audit(path)

    assert card["cheap_items"].reachable, card["cheap_items"].error
    assert (card["cheap_items"].row_count, card["cheap_items"].sample_size) == (109, 20)


@pytest.mark.parametrize("db", engine_params(), indirect=True)
def test_a_query_source_sample_is_deterministic(db) -> None:
    db.create_table("items", "id INTEGER, label VARCHAR(20), amount INTEGER", numbered_rows(1000))

    first = sample_of(db, seed=42, size=20, query=CHEAP_ITEMS)
    second = sample_of(db, seed=42, size=20, query=CHEAP_ITEMS)

    assert (first.row_count, len(first.sample)) == (109, 20)
    assert sorted(first.sample["id"]) == sorted(second.sample["id"])


def test_nearly_empty_rows_of_a_wide_table_are_counted_on_every_engine(db) -> None:
    """120 columns: more than PostgreSQL passes to one function, so num_nulls() is called in parts."""
    names = [f"c{i}" for i in range(120)]
    full = [tuple(range(120)) for _ in range(8)]
    sparse = [(1, 2, *([None] * 118)), (None,) * 120]
    db.create_table("wide", ", ".join(f"{n} INTEGER" for n in names), full + sparse)
    source = Source(name="wide", connector="sql", location=db.url, table="wide")
    with SqlConnector(source, db.url).open() as opened:
        m = measure(opened, source, SampleSpec(size=50, seed=1))
    assert (m.row_count, m.nearly_empty_rows) == (10, 2)
    assert m.stats["c119"].non_null == 8


@pytest.mark.postgres
def test_postgresql_types_beyond_text_and_numbers_are_measured(tmp_path: Path) -> None:
    """Enums compare only with their own type, JSON values are dicts, arrays are lists: none may break a check."""
    with database("postgresql", tmp_path, stem="typed") as db:
        db.execute(
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
            "CREATE TABLE typed (id integer, feeling mood, doc jsonb, tags text[], uid uuid, span interval, "
            "amount numeric(10, 2), raw bytea, at timestamptz)",
            "INSERT INTO typed SELECT g, (ARRAY['sad', 'ok', 'happy'])[1 + mod(g, 3)]::mood, jsonb_build_object('k', g), "
            "ARRAY['a', 'b'], md5(g::text)::uuid, (g || ' days')::interval, g * 1.5, '\\x01'::bytea, "
            "now() - (g || ' hours')::interval FROM generate_series(1, 120) AS g",
        )
        card = dataready.audit(db.url, table="typed")
        source = Source(name="typed", connector="sql", location=db.url, table="typed")
        with SqlConnector(source, db.url).open() as opened:
            m = measure(opened, source, SampleSpec(size=50, seed=1))

    assert (card.sources[0].reachable, card.sources[0].column_count) == (True, 9)
    assert not [f for f in card.findings if "failed to run" in f.message]
    assert dict(m.stats["feeling"].top_values or ()) == {"sad": 40, "ok": 40, "happy": 40}


def test_sqlite_columns_declared_as_numbers_or_dates_that_hold_text_are_reported_not_broken(
    tmp_path: Path,
) -> None:
    """SQLite stores whatever it is given: text in a NUMERIC or DATE column is a mixed-type column."""
    import sqlite3

    path = tmp_path / "typeless.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (id INTEGER, created DATETIME, d DATE, n NUMERIC)")
        conn.executemany(
            "INSERT INTO t VALUES (?, ?, ?, ?)",
            [
                (
                    i,
                    "25/11/2024 10:00" if i % 2 else "2024-11-25 10:00:00",
                    "not a date" if i == 3 else "2024-01-01",
                    "abc" if i == 4 else i,
                )
                for i in range(30)
            ],
        )
    card = dataready.audit(f"sqlite:///{path}", table="t")

    assert not [f for f in card.findings if "failed to run" in f.message]
    assert_finding(card, "validity", check="text_encoded_values", column="n", affected=1)
    assert_finding(card, "validity", check="text_encoded_values", column="d", affected=1)
    assert_finding(card, "validity", check="mixed_date_formats", column="created")
    assert not findings(card, "validity", check="future_dates")


@pytest.mark.parametrize(
    "query",
    [
        'SELECT "delete", "update" FROM t',
        "SELECT 'a; DROP TABLE t' AS s",
        "WITH x AS (SELECT 1 AS a) SELECT * FROM x",
        "(SELECT 1) UNION ALL (SELECT 2)",
        "SELECT 1 -- a comment; DELETE FROM t",
    ],
)
def test_words_that_only_look_like_writes_are_read_as_one_select(query: str) -> None:
    from dataready.connectors.statements import single_select

    assert single_select(query, "postgres") == query.split(" -- ")[0]


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@pytest.mark.mariadb
@pytest.mark.skipif(_installed("MySQLdb"), reason="mysqlclient is installed: mysql:// works")
def test_a_missing_default_driver_names_the_scheme_of_the_installed_one(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dataready.cli import cli

    # mysql:// means MySQLdb to SQLAlchemy; the extras install PyMySQL: the fix is the scheme.
    result = CliRunner().invoke(cli, ["audit", "mysql://root:s3cret@127.0.0.1:3306/test"])
    assert result.exit_code == 2
    assert result.stderr == (
        "dataready: error: mysql://root:***@127.0.0.1:3306/test: the driver 'MySQLdb' is not "
        "installed, but pymysql is; use mysql+pymysql://root:***@127.0.0.1:3306/test\n"
    )
    with database("mariadb", tmp_path) as db:
        db.create_table("t", "id INTEGER", [(1,), (2,)])
        suggested = db.url.replace("mysql+pymysql://", "mysql://")
        assert "use " + db.url in CliRunner().invoke(cli, ["audit", suggested]).stderr
        assert CliRunner().invoke(cli, ["audit", db.url]).exit_code in (0, 1)  # it audits


@pytest.mark.skipif(_installed("psycopg2"), reason="psycopg2 is installed")
def test_a_missing_postgres_driver_names_psycopg_when_it_is_installed() -> None:
    with pytest.raises(ConfigError, match=r"use postgresql\+psycopg://u@h/db$"):
        read_only_engine("postgresql+psycopg2://u@h/db")


def test_a_missing_driver_with_no_alternative_names_the_extra(monkeypatch) -> None:
    from dataready.connectors.dialects import MySQL

    monkeypatch.setattr(MySQL, "installed_driver", lambda self, other_than: None)
    with pytest.raises(ConfigError) as caught:
        read_only_engine("mysql://u@h/db")
    assert str(caught.value) == (
        "mysql://u@h/db: the driver 'MySQLdb' is not installed; "
        "pip install 'dataready-audit[mysql]' and use mysql+pymysql://..."
    )


@pytest.mark.postgres
def test_tables_in_other_schemas_are_named_and_all_schemas_audits_them(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dataready.cli import cli

    with database("postgresql", tmp_path) as db:
        db.execute(
            "CREATE TABLE public.orders (id INTEGER)",
            "INSERT INTO public.orders VALUES (1), (2)",
            "CREATE SCHEMA sales",
            "CREATE SCHEMA staging",
            "CREATE SCHEMA empty",
            "CREATE TABLE sales.invoices (id INTEGER)",
            "CREATE TABLE sales.refunds (id INTEGER)",
            "CREATE TABLE staging.raw (id INTEGER)",
        )
        note = "3 tables in other schemas (sales, staging) not audited; use --schema NAME or --all-schemas"
        card = dataready.audit(db.url)
        assert [s.source.name for s in card.sources] == [f"{db.name}.orders"]
        left_out = assert_finding(card, "inventory", check="left_out", severity="info")
        assert left_out.message == note
        result = CliRunner().invoke(cli, ["audit", db.url, "-f", "json"])
        assert f"dataready: note: {db.name}.orders: {note}" in result.stderr

        everything = dataready.audit(db.url, all_schemas=True)
        assert sorted(s.source.name for s in everything.sources) == [
            f"{db.name}.public.orders",
            f"{db.name}.sales.invoices",
            f"{db.name}.sales.refunds",
            f"{db.name}.staging.raw",
        ]
        assert not findings(everything, check="left_out")
        cli_all = CliRunner().invoke(cli, ["audit", db.url, "--all-schemas", "-f", "json"])
        assert "note:" not in cli_all.stderr and len(json_sources(cli_all.stdout)) == 4

        # A schema without tables of its own still says where the tables are.
        db.execute("DROP TABLE public.orders")
        empty = CliRunner().invoke(cli, ["audit", db.url])
        assert empty.exit_code == 3
        assert f"the database has no tables; {note}" in empty.stderr
        assert (
            CliRunner()
            .invoke(cli, ["audit", db.url, "--schema", "sales", "--all-schemas"])
            .exit_code
            == 2
        )


def json_sources(text: str) -> list[object]:
    import json

    return list(json.loads(text)["sources"])
