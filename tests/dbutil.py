"""Real databases for connector tests: one private database per test on each engine.

SQLite and DuckDB databases are files in the test's tmp_path; PostgreSQL and MariaDB get a
freshly created database with a unique name, dropped afterwards, so tests can run in parallel.
Writes go through an ordinary (writable) engine that is disposed after every call: DuckDB
refuses a read-only connection to a file another connection in the process holds open.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{db}"
MARIADB_ADMIN = "mysql+pymysql://root@127.0.0.1:3306/test"
MARIADB_URL = "mysql+pymysql://root@127.0.0.1:3306/{db}"

ENGINES = ("sqlite", "duckdb", "postgresql", "mariadb")
SERVER_MARKS = {"postgresql": pytest.mark.postgres, "mariadb": pytest.mark.mariadb}


def engine_params(
    engines: Sequence[str] = ENGINES, *, xfail: dict[str, str] | None = None
) -> list[Any]:
    """pytest params for the engines, servers marked so that ``-m 'not mariadb'`` deselects them.

    ``xfail`` maps an engine to the reason a known bug makes the test fail there (strict).
    """
    params = []
    for e in engines:
        marks = [SERVER_MARKS[e]] if e in SERVER_MARKS else []
        if xfail and e in xfail:
            marks.append(pytest.mark.xfail(reason=xfail[e], strict=True))
        params.append(pytest.param(e, id=e, marks=marks))
    return params


@dataclass
class Database:
    kind: str
    url: str
    """The URL dataready is given (no password: the servers here trust local connections)."""
    name: str
    """The database's name as dataready names an ad-hoc audit of the URL."""
    path: Path | None = None
    """The database file (SQLite, DuckDB)."""

    def quote(self, identifier: str) -> str:
        return (
            "`" + identifier.replace("`", "``") + "`"
            if self.kind == "mariadb"
            else '"' + identifier.replace('"', '""') + '"'
        )

    def execute(self, *statements: str) -> None:
        engine = sa.create_engine(self.url)
        try:
            with engine.begin() as conn:
                for statement in statements:
                    conn.exec_driver_sql(statement)
        finally:
            engine.dispose()

    def query(self, statement: str) -> list[tuple[Any, ...]]:
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.exec_driver_sql(statement).fetchall()]
        finally:
            engine.dispose()

    def create_table(self, table: str, columns: str, rows: Sequence[Sequence[Any]] = ()) -> None:
        """CREATE TABLE ``table`` (``columns``) and insert ``rows`` in one multi-row INSERT."""
        statements = [f"CREATE TABLE {self.quote(table)} ({columns})"]
        if rows:
            values = ", ".join("(" + ", ".join(sql_literal(v) for v in row) + ")" for row in rows)
            statements.append(f"INSERT INTO {self.quote(table)} VALUES {values}")
        self.execute(*statements)

    def row_count(self, table: str) -> int:
        return int(self.query(f"SELECT count(*) FROM {self.quote(table)}")[0][0])

    def checksum(self, table: str) -> str:
        """A fingerprint of a table's columns and every row, in an order that does not depend on the engine."""
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as conn:
                result = conn.exec_driver_sql(f"SELECT * FROM {self.quote(table)}")
                header = repr(list(result.keys()))
                rows = sorted(repr(tuple(r)) for r in result.fetchall())
        finally:
            engine.dispose()
        h = hashlib.sha256(header.encode())
        for r in rows:
            h.update(r.encode())
        return h.hexdigest()


def sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


@contextmanager
def database(kind: str, tmp_path: Path, stem: str = "shop") -> Iterator[Database]:
    """A new, empty database of the given engine, removed afterwards."""
    if kind == "sqlite":
        path = tmp_path / f"{stem}.db"
        sa.create_engine(f"sqlite:///{path}").dispose()
        yield Database(kind, f"sqlite:///{path}", stem, path)
        return
    if kind == "duckdb":
        path = tmp_path / f"{stem}.duckdb"
        yield Database(kind, f"duckdb:///{path}", stem, path)
        return
    name = f"dr_{stem}_{uuid.uuid4().hex[:12]}"
    if kind == "postgresql":
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        create, drop, url = (
            f'CREATE DATABASE "{name}"',
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            PG_URL,
        )
    elif kind == "mariadb":
        admin = sa.create_engine(MARIADB_ADMIN, isolation_level="AUTOCOMMIT")
        create, drop, url = (
            f"CREATE DATABASE `{name}`",
            f"DROP DATABASE IF EXISTS `{name}`",
            MARIADB_URL,
        )
    else:
        raise ValueError(kind)
    with admin.connect() as conn:
        conn.exec_driver_sql(create)
    try:
        yield Database(kind, url.format(db=name), name)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(drop)
        admin.dispose()


# --- the table with known defects -------------------------------------------------------------

PEOPLE_COLUMNS = (
    "id INTEGER, gender VARCHAR(20), city VARCHAR(50), status VARCHAR(20), quantity INTEGER"
)
CITIES = ("Paris", "Berlin", "Madrid", "Rome", "Vienna")


def people_rows() -> list[tuple[Any, ...]]:
    """200 rows with planted defects, every count known.

    - ids 1..195, then 3 exact copies (ids 10, 20, 30) and 2 rows that reuse ids 5 and 11:
      5 rows repeat an id, 3 rows are exact duplicates;
    - the extra id-11 row differs from the first only in gender ('Female' vs 'female '): equal
      under MariaDB's case- and pad-insensitive collation, but not an exact duplicate;
    - city is NULL on 10 rows (ids 7, 27, ..., 187);
    - gender has 92 'Female', 5 'female ', 3 'FEMALE' and 100 'Male': 8 rows use a minority spelling;
    - status is the placeholder 'N/A' on 4 rows (ids 3, 33, 63, 93);
    - quantity is -5 on one row (id 50), otherwise 1..7.
    """
    rows = []
    for i in range(1, 196):
        gender = "Male" if i % 2 == 0 else "Female"
        if i in (11, 41, 71, 101, 131):
            gender = "female "
        elif i in (21, 51, 81):
            gender = "FEMALE"
        city = None if i % 20 == 7 else CITIES[i % 5]
        status = "N/A" if i in (3, 33, 63, 93) else ("closed" if i % 3 == 0 else "open")
        quantity = -5 if i == 50 else i % 7 + 1
        rows.append((i, gender, city, status, quantity))
    by_id = {r[0]: r for r in rows}
    rows += [by_id[10], by_id[20], by_id[30]]
    rows.append((5, "Female", "Lisbon", by_id[5][3], by_id[5][4]))
    rows.append((11, "Female", *by_id[11][2:]))
    assert len(rows) == 200
    return rows


def numbered_rows(n: int) -> list[tuple[Any, ...]]:
    """``n`` distinct, clean rows (id, label, amount) for sampling tests."""
    return [(i, f"item-{i:05d}", i % 97) for i in range(1, n + 1)]
