"""Access review against real PostgreSQL and MariaDB grants: who can read personal data, and
whether dataready's own role could write. Roles and accounts get unique names and are dropped."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import dataready
from dataready.connectors.sql import SqlConnector
from dataready.measure import measure
from dataready.model import SampleSpec, Source
from tests.conftest import FULLY_DECLARED, assert_finding, assert_no_finding, findings
from tests.dbutil import Database, database, engine_params

CUSTOMERS = "id INTEGER, email VARCHAR(100), city VARCHAR(50)"
CITIES = ("Paris", "Berlin", "Madrid", "Rome", "Vienna")


def customer_rows() -> list[tuple[object, ...]]:
    return [(i, f"customer{i}@example.com", CITIES[i % 5]) for i in range(1, 61)]


def product_rows() -> list[tuple[object, ...]]:
    return [(i, f"SKU-{i:04d}", CITIES[i % 5]) for i in range(1, 61)]


@pytest.fixture(params=engine_params(("postgresql", "mariadb")))
def db(request, tmp_path: Path) -> Iterator[Database]:
    with database(request.param, tmp_path, stem="access") as d:
        d.create_table("customers", CUSTOMERS, customer_rows())
        d.create_table("products", "id INTEGER, sku VARCHAR(20), city VARCHAR(50)", product_rows())
        yield d


def _grantee(db: Database, role: str) -> str:
    """A role (PostgreSQL) or account (MariaDB) name as GRANT takes it."""
    # PyMySQL formats every statement with %: a literal % is written %%.
    return f'"{role}"' if db.kind == "postgresql" else f"'{role}'@'%%'"


@contextmanager
def role(db: Database, login: bool = False) -> Iterator[str]:
    """A new role (PostgreSQL) or account reachable from anywhere (MariaDB), dropped afterwards."""
    name = f"dr_{uuid.uuid4().hex[:10]}"
    if db.kind == "postgresql":
        db.execute(f'CREATE ROLE "{name}"' + (" LOGIN" if login else ""))
    else:
        db.execute(f"CREATE USER '{name}'@'%%'")
    try:
        yield name
    finally:
        if db.kind == "postgresql":
            db.execute(f'DROP OWNED BY "{name}"', f'DROP ROLE "{name}"')
        else:
            db.execute(f"DROP USER '{name}'@'%%'")


def _declared(db: Database, table: str, **extra: object) -> dict[str, object]:
    return {"name": table, "location": db.url, "table": table, **FULLY_DECLARED, **extra}


def test_personal_data_granted_to_public_is_an_error_listing_the_grant(db: Database) -> None:
    db.execute("GRANT SELECT ON customers TO PUBLIC")

    card = dataready.audit(db.url, table="customers")

    found = assert_finding(card, "privacy", check="personal_data_open_access", severity="error")
    assert "SELECT to PUBLIC" in found.message
    assert "email (e-mail address)" in found.message
    assert found.measured["grants"] == ["SELECT to PUBLIC"]
    assert "PUBLIC" in found.measured["readers"]
    assert found.remediation is not None and "REVOKE SELECT" in found.remediation.action


def test_a_table_declared_personal_is_reviewed_without_detection(
    db: Database, project_file
) -> None:
    db.execute("GRANT SELECT ON products TO PUBLIC")

    card = dataready.audit(project_file(_declared(db, "products", sensitivity="personal")))

    found = assert_finding(card, "privacy", check="personal_data_open_access", severity="error")
    assert "declared personal" in found.message


def test_a_table_without_personal_data_granted_to_public_is_not_flagged(db: Database) -> None:
    db.execute("GRANT SELECT ON products TO PUBLIC")

    card = dataready.audit(db.url, table="products")

    assert_no_finding(card, "privacy", check="personal_data_open_access")
    assert card["products"].source.readers is None


@pytest.mark.postgres
def test_public_without_usage_on_the_schema_reads_nothing(tmp_path: Path, project_file) -> None:
    with database("postgresql", tmp_path, stem="schema") as db:
        db.execute(
            "CREATE SCHEMA crm",
            "REVOKE ALL ON SCHEMA crm FROM PUBLIC",
            f"CREATE TABLE crm.customers ({CUSTOMERS})",
            "INSERT INTO crm.customers VALUES (1, 'ann@example.com', 'Paris'), "
            "(2, 'bob@example.com', 'Rome'), (3, 'cy@example.com', 'Oslo')",
            "GRANT SELECT ON crm.customers TO PUBLIC",
        )
        card = dataready.audit(
            project_file(
                _declared(db, "customers", schema="crm", personal_columns=["email"], readers=[])
            )
        )

    assert_no_finding(card, "privacy", check="personal_data_open_access")
    assert_no_finding(card, "privacy", check="undeclared_readers")


@pytest.mark.mariadb
def test_mariadb_grants_to_every_account_are_flagged(tmp_path: Path) -> None:
    with database("mariadb", tmp_path, stem="anon") as db:
        db.create_table("customers", CUSTOMERS, customer_rows())
        if db.query("SELECT count(*) FROM mysql.user WHERE user = '' AND host = '%%'")[0][0]:
            pytest.skip("the server already has an anonymous account; the test would drop it")
        db.execute("CREATE USER ''@'%%'")
        try:
            db.execute(f"GRANT SELECT ON `{db.name}`.* TO ''@'%%'")
            card = dataready.audit(db.url, table="customers")
        finally:
            db.execute("DROP USER ''@'%%'")

    found = assert_finding(card, "privacy", check="personal_data_open_access", severity="error")
    assert found.measured["grants"] == ["SELECT to ''@'%' (schema)"]


def test_only_declared_readers_raise_nothing(db: Database, project_file) -> None:
    with role(db) as analyst, role(db) as app:
        db.execute(
            f"GRANT SELECT ON customers TO {_grantee(db, analyst)}",
            f"GRANT SELECT ON customers TO {_grantee(db, app)}",
        )
        card = dataready.audit(
            project_file(
                _declared(db, "customers", personal_columns=["email"], readers=[analyst, app])
            )
        )

    assert card["customers"].source.readers == (analyst, app)
    assert_no_finding(card, "privacy", check="undeclared_readers")
    assert_no_finding(card, "privacy", check="personal_data_open_access")


def test_a_reader_beyond_the_declared_ones_is_a_warning(db: Database, project_file) -> None:
    with role(db) as analyst, role(db) as intern:
        db.execute(
            f"GRANT SELECT ON customers TO {_grantee(db, analyst)}",
            f"GRANT SELECT, UPDATE ON customers TO {_grantee(db, intern)}",
        )
        card = dataready.audit(
            project_file(_declared(db, "customers", personal_columns=["email"], readers=[analyst]))
        )

    found = assert_finding(
        card, "privacy", check="undeclared_readers", severity="warning", affected=1
    )
    shown = intern if db.kind == "postgresql" else f"'{intern}'@'%'"
    assert found.measured["grants"] == [f"SELECT to {shown}"]
    assert analyst not in found.message and intern in found.message


def test_a_writable_connection_is_said_once_per_entry(db: Database) -> None:
    card = dataready.audit(db.url)  # both tables, as the superuser the test servers trust

    found = assert_finding(card, "inventory", check="writable_connection", severity="warning")
    assert "give it a read-only role" in found.message
    assert found.measured["can"]


def test_a_select_only_role_is_not_told_to_change(db: Database) -> None:
    with role(db, login=True) as reader:
        grantee = _grantee(db, reader)
        db.execute(f"GRANT SELECT ON customers TO {grantee}")
        if db.kind == "postgresql":
            url = db.url.replace("postgres@", f"{reader}@")
        else:
            url = db.url.replace("root@", f"{reader}@")
        card = dataready.audit(url, table="customers")

    assert_no_finding(card, "inventory", check="writable_connection")
    assert card["customers"].reachable


@pytest.mark.parametrize("kind", engine_params(("sqlite", "duckdb")))
def test_engines_without_grants_measure_no_access(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as db:
        db.create_table("customers", CUSTOMERS, customer_rows())
        source = Source(name="customers", connector="sql", location=db.url, table="customers")
        with SqlConnector(source, db.url).open() as opened:
            m = measure(opened, source, SampleSpec(size=100, seed=1))
        card = dataready.audit(db.url, table="customers")

    assert m.access is None
    assert not findings(card, check="writable_connection")
    assert not findings(card, check="personal_data_open_access")
