"""Each engine is one class: its SQL is compiled here for engines this machine cannot run."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dataready.connectors.dialects import DIALECTS, Dialect, Snowflake, Trino, dialect_for


def compiled(statement: sa.Select, dialect: sa.Dialect) -> str:
    return " ".join(
        str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})).split()
    )


def test_every_engine_is_found_by_its_sqlalchemy_name_and_others_are_plain_sql() -> None:
    assert {name: type(d).__name__ for name, d in DIALECTS.items()} == {
        "sqlite": "SQLite",
        "duckdb": "DuckDB",
        "postgresql": "PostgreSQL",
        "mysql": "MySQL",
        "mariadb": "MariaDB",
        "trino": "Trino",
        "snowflake": "Snowflake",
    }
    assert type(dialect_for("oracle")) is Dialect
    assert dialect_for("oracle").gx_datasource == "add_sql"
    assert dialect_for("duckdb").gx_datasource is None  # GX validates DuckDB on pandas


def test_snowflake_samples_with_its_own_seeded_sampler() -> None:
    from sqlalchemy.dialects import postgresql  # stands in for the Snowflake driver, absent here

    relation = sa.table("orders", sa.column("id"))
    sql = compiled(
        Snowflake().sample_statement(relation, ["id"], 1000, 42, 100_000, is_table=True),
        postgresql.dialect(),
    )

    assert sql == "SELECT * FROM orders AS s TABLESAMPLE bernoulli(1.2) REPEATABLE (42) LIMIT 1000"
    view = compiled(
        Snowflake().sample_statement(relation, ["id"], 1000, 42, 100_000, is_table=False),
        postgresql.dialect(),
    )
    assert "row_number() OVER ()" in view and "SAMPLE" not in view


@pytest.mark.parametrize("engine", [Trino(), Dialect()], ids=["trino", "plain-sql"])
def test_an_engine_without_a_seeded_sampler_uses_the_portable_row_hash(engine: Dialect) -> None:
    from sqlalchemy.dialects import postgresql

    relation = sa.table("orders", sa.column("id"))
    sql = compiled(
        engine.sample_statement(relation, ["id"], 10, 7, 1_000, is_table=True), postgresql.dialect()
    )

    assert sql.startswith(
        "SELECT numbered.id FROM (SELECT id, row_number() OVER () AS dataready_row FROM orders)"
    )
    assert sql.endswith("LIMIT 10")
    small = compiled(
        engine.sample_statement(relation, ["id"], 10, 7, 5, is_table=True), postgresql.dialect()
    )
    assert small == "SELECT * FROM orders"  # fewer rows than the sample: every row


def test_trino_measures_with_its_own_functions() -> None:
    from sqlalchemy.dialects import postgresql

    trino = Trino()
    count = compiled(sa.select(trino.count_if(sa.column("x") > 1)), postgresql.dialect())

    assert trino.approx_distinct_function == "approx_distinct"
    assert count == "SELECT count(*) FILTER (WHERE x > 1) AS anon_1"
