"""DuckDB as dataready uses it: how its columns are described and how a connection is locked down."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready.model import Column, ColumnKind

if TYPE_CHECKING:
    import sqlalchemy as sa

_DUCKDB_KINDS = (
    (("BOOLEAN",), ColumnKind.BOOLEAN),
    (
        (
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "UHUGEINT",
            "FLOAT",
            "DOUBLE",
            "DECIMAL",
            "REAL",
        ),
        ColumnKind.NUMBER,
    ),
    (("TIMESTAMP", "DATETIME"), ColumnKind.DATETIME),
    (("DATE",), ColumnKind.DATE),
    (("VARCHAR", "TEXT", "STRING", "CHAR", "UUID", "ENUM"), ColumnKind.STRING),
)


def kind_of_duckdb_type(type_name: str) -> ColumnKind:
    upper = type_name.upper()
    for prefixes, kind in _DUCKDB_KINDS:
        # TIMESTAMP_NS, TIMESTAMP WITH TIME ZONE, DECIMAL(18,3), VARCHAR[] (a list: not text) ...
        if any(re.match(rf"{p}([ _(]|$)", upper) for p in prefixes) and not upper.endswith("]"):
            return kind
    return ColumnKind.OTHER


def duckdb_columns(connection: sa.Connection, relation_sql: str) -> tuple[Column, ...]:
    """Columns of a DuckDB relation via DESCRIBE (duckdb_engine's reflection is broken)."""
    rows = connection.exec_driver_sql(f"DESCRIBE {relation_sql}").fetchall()
    return tuple(Column(name=r[0], kind=kind_of_duckdb_type(r[1]), db_type=r[1]) for r in rows)


def lock_duckdb(connection: Any, readable: Sequence[Path] = ()) -> None:
    """Forbid a DuckDB connection every file but ``readable``, and any change to that setting.

    DuckDB runs any statement it is handed, including ``COPY … TO`` and ``ATTACH``; a read-only
    database file does not stop them writing elsewhere. Applied once a source is open, so that
    nothing run afterwards (measurement, a query source's SQL) can touch the file system.
    """
    run = (
        connection.exec_driver_sql if hasattr(connection, "exec_driver_sql") else connection.execute
    )

    def quoted(path: str) -> str:
        return "'" + path.replace("'", "''") + "'"

    if readable:
        run(f"SET allowed_paths = [{', '.join(quoted(str(p.resolve())) for p in readable)}]")
    # Spilling to the temporary folder must go on working once files are forbidden.
    spill = run("SELECT current_setting('temp_directory')").fetchone()
    if spill and spill[0]:
        run(f"SET allowed_directories = [{quoted(str(spill[0]))}]")
    run("SET enable_external_access = false")
    run("SET lock_configuration = true")
