"""What every connector provides: a read-only SQLAlchemy connection to one table-like relation.

All engines, files included, are reached through SQLAlchemy (files via DuckDB), so measurement is
one code path. Where engines differ (sampling, string length, case-sensitive grouping), the
difference lives in a :class:`DialectTraits` entry, never in ``if dialect == ...`` chains.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dataready.model import Column, ColumnKind, Source

if TYPE_CHECKING:
    import pandas as pd
    import sqlalchemy as sa

    from dataready.config import SourceConfig


@dataclass(frozen=True)
class DialectTraits:
    """How one SQL dialect samples and measures; looked up by SQLAlchemy dialect name."""

    name: str
    length_function: str = "length"
    byte_length_function: str | None = None
    """Length in bytes, where it costs less than in characters (PostgreSQL reads it from the header)."""
    ascii_collation: str | None = None
    """A collation that compares and lower-cases bytes, for ASCII-only comparisons (PostgreSQL's "C")."""
    null_count_function: str | None = None
    """A function counting the NULLs among its arguments (PostgreSQL's ``num_nulls``)."""
    sample_method: str = "row_hash"
    """reservoir (DuckDB), tablesample (PostgreSQL tables), seeded_rand (MySQL), or row_hash (any other)."""
    row_hash_function: str | None = None
    """A function hashing several values into one, to find candidate duplicate rows cheaply."""
    approx_distinct_function: str | None = None
    """An engine's distinct-count estimator, used where an exact count is not needed."""
    binary_grouping: bool = False
    """Group by the value's bytes: the default collation would fold case and trailing blanks."""
    aggregate_filter: bool = False
    """Understands ``count(*) FILTER (WHERE ...)``, which costs less per row than ``sum(CASE ...)``."""
    text_hash_function: str | None = None
    """A seeded 64-bit hash of a text value (PostgreSQL's ``hashtextextended``). Distinct counts of
    text then compare 8-byte hashes instead of sorting the strings; a collision can only lower the
    count, so a count that equals the number of values still proves every value unique."""
    grouping_sets: bool = False
    """Understands ``GROUP BY GROUPING SETS``: several columns' value counts in one scan."""
    text_cast: bool = False
    """Measure text columns cast to text: PostgreSQL's enums and domains compare only with their own type."""
    concurrent_connections: bool = False
    """A server that works on several connections at once: a measurement's independent statements
    run side by side (an in-memory DuckDB has one connection; SQLite gains nothing)."""
    distinct_estimates_query: str | None = None
    """SQL giving (column, estimated distinct values) for the table ``:table`` in ``:schema``, from
    the engine's statistics: a hint for choosing how to count, never a count."""
    separate_distinct_pass: bool = False
    """Count distinct values in a statement of their own: PostgreSQL runs no DISTINCT aggregate in
    parallel, so keeping them apart lets every other aggregate use its parallel workers."""

    def length(self, expr: Any) -> Any:
        import sqlalchemy as sa

        return getattr(sa.func, self.length_function)(expr)

    def measured(self, name: str, kind: ColumnKind) -> Any:
        """The expression measurement uses for a column."""
        import sqlalchemy as sa

        column: Any = sa.column(name)
        return sa.cast(column, sa.Text) if self.text_cast and kind is ColumnKind.STRING else column

    def byte_length(self, expr: Any) -> Any:
        """Bytes where the engine counts them cheaply, else characters; never fewer than characters."""
        import sqlalchemy as sa

        return (
            getattr(sa.func, self.byte_length_function)(expr)
            if self.byte_length_function
            else self.length(expr)
        )

    def group_key(self, expr: Any) -> Any:
        import sqlalchemy as sa

        return sa.func.binary(expr) if self.binary_grouping else expr

    def count_if(self, condition: Any) -> Any:
        """The number of rows where ``condition`` holds (0, never NULL, on an empty relation)."""
        import sqlalchemy as sa

        if self.aggregate_filter:
            return sa.func.count().filter(condition)
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    def distinct_key(self, expr: Any, *, is_text: bool) -> Any:
        """What ``count(DISTINCT ...)`` should compare for a column: the value, its bytes or its hash."""
        import sqlalchemy as sa

        if is_text and self.text_hash_function:
            return getattr(sa.func, self.text_hash_function)(expr, 0)
        return self.group_key(expr)

    def sample_statement(
        self,
        relation: sa.FromClause,
        columns: Sequence[str],
        size: int,
        seed: int,
        row_count: int,
        *,
        is_table: bool,
    ) -> Any:
        """A SELECT returning at most ``size`` rows: the same rows for the same seed, other rows for another."""
        import sqlalchemy as sa

        everything: Any = sa.select(sa.literal_column("*")).select_from(relation)
        if row_count <= size:
            return everything
        if self.sample_method == "reservoir":
            # USING SAMPLE follows the FROM clause; SQLAlchemy still quotes the relation's name.
            return everything.suffix_with(
                f"USING SAMPLE reservoir({int(size)} ROWS) REPEATABLE ({int(seed)})"
            )
        if self.sample_method == "tablesample" and is_table:
            # Oversample by a fifth so the LIMIT, not the coin flips, decides the size.
            percent = min(100.0, 100.0 * size * 1.2 / max(row_count, 1))
            sampled = sa.tablesample(
                relation, sa.func.bernoulli(percent), name="s", seed=sa.literal(seed)
            )
            return sa.select(sa.literal_column("*")).select_from(sampled).limit(size)
        if self.sample_method == "seeded_rand":
            return everything.order_by(sa.func.rand(seed)).limit(size)
        return _row_hash_sample(relation, columns, size, seed)


_PRIME = 2_147_483_647  # 2**31 - 1: every intermediate product below stays inside a signed 64-bit integer


def _mix(seed: int) -> int:
    """Spread a small seed over 31 bits (murmur3's finaliser), so seeds 1 and 2 sample unrelated rows."""
    z = (seed + 0x9E3779B9) % 2**32
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) % 2**32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) % 2**32
    return (z ^ (z >> 16)) % _PRIME


def _row_hash_sample(relation: sa.FromClause, columns: Sequence[str], size: int, seed: int) -> Any:
    """Portable seeded sample: number the rows, hash the numbers, keep the lowest hashes.

    Needs only row_number() and integer arithmetic, so it works on SQLite, on PostgreSQL views
    and query sources, and on warehouses without a seeded sampler. The square makes the hash
    non-linear, so the chosen rows do not fall on a regular stride.
    """
    import sqlalchemy as sa

    numbered = (
        sa.select(
            *(sa.column(c) for c in columns), sa.func.row_number().over().label("dataready_row")
        )
        .select_from(relation)
        .subquery("numbered")
    )
    first = ((numbered.c.dataready_row + _mix(seed)) * 48271) % _PRIME
    second = (first * first + _mix(seed + 1)) % _PRIME
    return sa.select(*(numbered.c[c] for c in columns)).order_by(second).limit(size)


DIALECTS: dict[str, DialectTraits] = {
    "duckdb": DialectTraits(
        "duckdb",
        sample_method="reservoir",
        approx_distinct_function="approx_count_distinct",
        row_hash_function="hash",
        aggregate_filter=True,
        grouping_sets=True,
    ),
    "postgresql": DialectTraits(
        "postgresql",
        sample_method="tablesample",
        aggregate_filter=True,
        text_hash_function="hashtextextended",
        separate_distinct_pass=True,
        concurrent_connections=True,
        byte_length_function="octet_length",
        ascii_collation="C",
        null_count_function="num_nulls",
        grouping_sets=True,
        text_cast=True,
        distinct_estimates_query=(
            "SELECT s.attname, CASE WHEN s.n_distinct >= 0 THEN s.n_distinct ELSE -s.n_distinct * greatest(c.reltuples, 0) END "
            "FROM pg_stats s JOIN pg_namespace n ON n.nspname = s.schemaname "
            "JOIN pg_class c ON c.relname = s.tablename AND c.relnamespace = n.oid "
            "WHERE s.schemaname = coalesce(:schema, current_schema()) AND s.tablename = :table"
        ),
    ),
    "mysql": DialectTraits(
        "mysql",
        length_function="char_length",
        sample_method="seeded_rand",
        binary_grouping=True,
        concurrent_connections=True,
    ),
    "mariadb": DialectTraits(
        "mariadb",
        length_function="char_length",
        sample_method="seeded_rand",
        binary_grouping=True,
        concurrent_connections=True,
    ),
    "sqlite": DialectTraits("sqlite", aggregate_filter=True),
}


def traits_for(dialect_name: str) -> DialectTraits:
    return DIALECTS.get(dialect_name, DialectTraits(dialect_name))


@dataclass
class OpenedSource:
    """A live, read-only handle on one source, valid inside ``Connector.open()``."""

    connection: sa.Connection
    relation: sa.FromClause
    columns: tuple[Column, ...]
    traits: DialectTraits
    is_table: bool = True
    """False for views and query sources, which some engines cannot TABLESAMPLE."""
    modified_at: dt.datetime | None = None
    size_bytes: int | None = None
    table_comment: str | None = None
    read_as: str | None = None
    """The encoding a text file was read in when it was not UTF-8 (and none was declared)."""
    distinct_hints: Mapping[str, float] = field(default_factory=dict)
    """The engine's own estimate of distinct values per column (PostgreSQL's statistics), if any."""
    numbered: sa.FromClause | None = None
    """The relation with one more column, ``dataready_row``: each row's 0-based position in the
    file(s), header excluded. None where rows have no position (SQL tables, DataFrames)."""

    def fetch_frame(self, statement: Any, connection: sa.Connection | None = None) -> pd.DataFrame:
        """The statement's rows as a DataFrame, on ``connection`` (default: the source's own)."""
        import pandas as pd

        conn = connection if connection is not None else self.connection
        if self.traits.name == "duckdb":
            # DuckDB hands Arrow-backed frames straight over; much faster than row-by-row fetches.
            sql = str(statement.compile(conn, compile_kwargs={"literal_binds": True}))
            raw = conn.connection.driver_connection
            return raw.execute(sql).df()  # type: ignore[union-attr]
        return pd.read_sql(statement, conn)


class Connector(ABC):
    """One kind of source. A new kind is one new module with one subclass registered in registry.py."""

    kind: ClassVar[str]

    def __init__(self, source: Source, secret_location: str) -> None:
        self.source = source
        self.secret_location = secret_location
        """The location with credentials, never shown; ``source.location`` is the safe form."""

    @classmethod
    @abstractmethod
    def accepts(cls, location: str) -> bool:
        """Whether this connector understands the location."""

    @classmethod
    @abstractmethod
    def expand(cls, config: SourceConfig, root: Path) -> list[tuple[Source, str]]:
        """The sources one configured location stands for (a folder → its files, a database → its tables).

        Returns each source with its secret location.
        """

    @abstractmethod
    def open(self) -> AbstractContextManager[OpenedSource]:
        """Connect read-only and describe the relation; raise SourceError with advice on failure."""


def kind_of_sqlalchemy_type(type_: Any) -> ColumnKind:
    import sqlalchemy as sa

    if isinstance(type_, sa.Boolean):
        return ColumnKind.BOOLEAN
    if isinstance(type_, (sa.Integer, sa.Numeric, sa.Float)):
        return ColumnKind.NUMBER
    if isinstance(type_, sa.DateTime):
        return ColumnKind.DATETIME
    if isinstance(type_, sa.Date):
        return ColumnKind.DATE
    if isinstance(type_, (sa.String, sa.Text, sa.Enum)):
        return ColumnKind.STRING
    return ColumnKind.OTHER


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


def first_line(error: BaseException) -> str:
    """The first line of an engine's error message; the rest is usually a stack of context."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


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
