"""One class per SQL engine: what differs between engines is said here, and only here.

Capability flags are class attributes (a subclass states only where its engine differs from
plain SQL); behaviour that differs (sampling, the read-only session, listing and describing
tables, fetching rows, the Great Expectations datasource) is a method a subclass overrides.
Measurement, connectors and suites ask the dialect, never ``if engine == ...``. A new engine is
one subclass here and one line in :data:`DIALECTS`; its driver is an extra.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dataready.errors import SourceError
from dataready.model import Access, Column, ColumnKind, Grant

if TYPE_CHECKING:
    import pandas as pd
    import sqlalchemy as sa

CONNECT_TIMEOUT_S = 10.0
"""Seconds to wait for a server to accept a connection and answer its handshake."""
STATEMENT_TIMEOUT_S = 600.0
"""Seconds one statement may run before the server (or the driver) gives up on it."""
# How much longer than the server's statement limit the client waits for an answer: the server
# reports its own timeout first; the client gives up only when the server has gone silent.
_CLIENT_GRACE_S = 30.0


@dataclass(frozen=True)
class Timeouts:
    """How long a connection may take to open and one statement to run, per source."""

    connect: float = CONNECT_TIMEOUT_S
    statement: float = STATEMENT_TIMEOUT_S

    @classmethod
    def of(cls, options: Mapping[str, Any]) -> Timeouts:
        """The timeouts a source's ``options`` set, the defaults for the rest."""
        return cls(
            float(options.get("connect_timeout", CONNECT_TIMEOUT_S)),
            float(options.get("statement_timeout", STATEMENT_TIMEOUT_S)),
        )


class Dialect:
    """Plain SQL over SQLAlchemy: what any engine is assumed to understand, overridden per engine."""

    name: ClassVar[str] = "generic"
    """SQLAlchemy's name for the engine (``engine.dialect.name``)."""
    sqlglot_dialect: ClassVar[str | None] = None
    """sqlglot's name for the engine's grammar, used to read a query source's SQL."""
    tablesample_bernoulli: ClassVar[bool] = False
    """Samples tables with ``TABLESAMPLE BERNOULLI (p) REPEATABLE (seed)`` (PostgreSQL, Snowflake)."""
    file_database: ClassVar[bool] = False
    """The database is a file on this machine (its path is the URL's database): never written over."""
    gx_datasource: ClassVar[str | None] = "add_sql"
    native_regex_operator: ClassVar[str | None] = None
    """The regex match operator Great Expectations' SQL engine uses on this engine (none: GX runs
    regex expectations itself)."""
    """Great Expectations' datasource for the engine; None where GX cannot validate through SQL
    (the suite then runs on pandas over dataready's own reads)."""
    length_function: ClassVar[str] = "length"
    byte_length_function: ClassVar[str | None] = None
    """Length in bytes, where it costs less than in characters (PostgreSQL reads it from the header)."""
    ascii_collation: ClassVar[str | None] = None
    """A collation that compares and lower-cases bytes, for ASCII-only comparisons (PostgreSQL's "C")."""
    stable_scan_settings: ClassVar[tuple[str, ...]] = ()
    """Statements run in the transaction of a read that stops early (the sample's LIMIT, examples
    of failed expectations), so that it reads the same rows whatever else scans the table."""
    null_count_function: ClassVar[str | None] = None
    """A function counting the NULLs among its arguments (PostgreSQL's ``num_nulls``)."""
    row_hash_function: ClassVar[str | None] = None
    """A function hashing several values into one, to find candidate duplicate rows cheaply."""
    approx_distinct_function: ClassVar[str | None] = None
    """An engine's distinct-count estimator, used where an exact count is not needed."""
    binary_grouping: ClassVar[bool] = False
    """Group by the value's bytes: the default collation would fold case and trailing blanks."""
    aggregate_filter: ClassVar[bool] = False
    """Understands ``count(*) FILTER (WHERE ...)``, which costs less per row than ``sum(CASE ...)``."""
    text_hash_function: ClassVar[str | None] = None
    """A seeded 64-bit hash of a text value (PostgreSQL's ``hashtextextended``). Distinct counts of
    text then compare 8-byte hashes instead of sorting the strings; a collision can only lower the
    count, so a count that equals the number of values still proves every value unique."""
    grouping_sets: ClassVar[bool] = False
    """Understands ``GROUP BY GROUPING SETS``: several columns' value counts in one scan."""
    text_cast: ClassVar[bool] = False
    """Measure text columns cast to text: PostgreSQL's enums and domains compare only with their own type."""
    concurrent_connections: ClassVar[bool] = False
    """A server that works on several connections at once: a measurement's independent statements
    run side by side (an in-memory DuckDB has one connection; SQLite gains nothing)."""
    distinct_estimates_query: ClassVar[str | None] = None
    """SQL giving (column, estimated distinct values) for the table ``:table`` in ``:schema``, from
    the engine's statistics: a hint for choosing how to count, never a count."""
    separate_distinct_pass: ClassVar[bool] = False
    """Count distinct values in a statement of their own: PostgreSQL runs no DISTINCT aggregate in
    parallel, so keeping them apart lets every other aggregate use its parallel workers."""
    schemas_in_database: ClassVar[bool] = False
    """A database holds several schemas worth listing (PostgreSQL, DuckDB); on MySQL a schema is
    another database of the server, on SQLite an attached file: neither is listed."""
    system_schemas: ClassVar[frozenset[str]] = frozenset({"information_schema"})
    """Schemas of the engine's own catalog, never audited."""
    drivers: ClassVar[tuple[tuple[str, str], ...]] = ()
    """The DBAPI drivers dataready supports for the engine, preferred first, as (SQLAlchemy's
    driver name, the module it imports): ``mysql://`` asks for MySQLdb, but ``mysql+pymysql://``
    runs on PyMySQL."""
    extra: ClassVar[str] = "warehouses"
    """The extra of dataready-audit that installs the preferred driver."""
    grants_catalog: ClassVar[bool] = False
    """The engine keeps grants in a catalog :meth:`table_access` reads (PostgreSQL, MySQL)."""

    def installed_driver(self, other_than: str) -> str | None:
        """A supported driver for the engine, other than ``other_than``, that is installed."""
        import importlib.util

        for driver, module in self.drivers:
            if driver != other_than and importlib.util.find_spec(module) is not None:
                return driver
        return None

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

    # --- sampling ------------------------------------------------------------------------------

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

        if row_count <= size:
            return sa.select(sa.literal_column("*")).select_from(relation)
        return self.seeded_sample(relation, columns, size, seed, row_count, is_table=is_table)

    def seeded_sample(
        self,
        relation: sa.FromClause,
        columns: Sequence[str],
        size: int,
        seed: int,
        row_count: int,
        *,
        is_table: bool,
    ) -> Any:
        """The engine's own seeded sampler where it has one, else the portable row-hash sample."""
        if self.tablesample_bernoulli and is_table:  # views and query sources cannot TABLESAMPLE
            return bernoulli_sample(relation, size, seed, row_count)
        return row_hash_sample(relation, columns, size, seed)

    # --- the read-only session -----------------------------------------------------------------

    def read_only_url(self, url: sa.URL) -> sa.URL:
        """The URL to connect with; a file database is checked to exist (never created)."""
        return url

    def connect_args(self, url: sa.URL, timeouts: Timeouts) -> dict[str, Any]:
        """Driver arguments for a session that cannot write and gives up on a silent server."""
        return {}

    def on_connect(self, dbapi_connection: Any, timeouts: Timeouts) -> None:
        """Run on every new connection, before any statement: settings the URL cannot carry."""

    # --- discovery -----------------------------------------------------------------------------

    def list_tables(self, conn: sa.Connection, schema: str | None) -> list[str]:
        """Tables, then views, of the schema (the connection's default schema when None)."""
        import sqlalchemy as sa

        inspector = sa.inspect(conn)
        return sorted(inspector.get_table_names(schema=schema)) + sorted(
            inspector.get_view_names(schema=schema)
        )

    def list_schemas(self, conn: sa.Connection) -> list[str]:
        """The user schemas of the database (none where the engine's schemas are not listed)."""
        import sqlalchemy as sa

        if not self.schemas_in_database:
            return []
        return sorted(
            s
            for s in sa.inspect(conn).get_schema_names()
            if s not in self.system_schemas and not s.startswith("pg_")
        )

    def default_schema(self, conn: sa.Connection) -> str | None:
        import sqlalchemy as sa

        return sa.inspect(conn).default_schema_name

    def describe_table(
        self, conn: sa.Connection, table: str, schema: str | None
    ) -> tuple[tuple[Column, ...], str | None]:
        """(columns, table comment), through SQLAlchemy's inspector."""
        import sqlalchemy as sa

        from dataready.connectors.base import kind_of_sqlalchemy_type

        inspector = sa.inspect(conn)
        try:
            reflected = inspector.get_columns(table, schema=schema)
        except sa.exc.NoSuchTableError:
            known = inspector.get_table_names(schema=schema)
            hint = f"; tables there: {', '.join(sorted(known)[:10])}" if known else ""
            where = " in schema " + schema if schema else ""
            raise SourceError(f"{table}: no such table{where}{hint}") from None
        columns = tuple(
            Column(
                name=self.reflected_name(c["name"]),
                kind=kind_of_sqlalchemy_type(c["type"]),
                db_type=str(c["type"]),
                comment=c.get("comment"),
            )
            for c in reflected
        )
        try:
            comment = inspector.get_table_comment(table, schema=schema).get("text")
        except NotImplementedError:  # SQLite keeps no comments
            comment = None
        return columns, comment

    def reflected_name(self, name: str) -> str:
        """A column name as the inspector reflected it, made the name the engine knows."""
        return name

    # --- access --------------------------------------------------------------------------------

    def table_access(self, conn: sa.Connection, table: str, schema: str | None) -> Access | None:
        """The grants on a table and what the connected role could change in it, from the
        engine's catalog; None where the engine keeps no grants (SQLite, DuckDB) or its catalog
        does not say. Catalog queries only: nothing is tried to find out."""
        return None

    # --- reading rows --------------------------------------------------------------------------

    def fetch_frame(
        self, conn: sa.Connection, statement: Any, *, arrow_strings: bool = False
    ) -> pd.DataFrame:
        """The statement's rows as a DataFrame (``arrow_strings``: text as Arrow strings where cheap)."""
        import pandas as pd

        return pd.read_sql(statement, conn)

    # --- Great Expectations ----------------------------------------------------------------------

    def gx_connection(self, url: str) -> tuple[str, dict[str, Any]]:
        """The connection string and engine arguments that keep GX's own connections read-only."""
        import sqlalchemy as sa

        connect_args = self.connect_args(sa.make_url(url), Timeouts())
        return url, ({"connect_args": connect_args} if connect_args else {})


_PRIME = 2_147_483_647  # 2**31 - 1: every intermediate product below stays inside a signed 64-bit integer


def _mix(seed: int) -> int:
    """Spread a small seed over 31 bits (murmur3's finaliser), so seeds 1 and 2 sample unrelated rows."""
    z = (seed + 0x9E3779B9) % 2**32
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) % 2**32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) % 2**32
    return (z ^ (z >> 16)) % _PRIME


def row_hash_sample(relation: sa.FromClause, columns: Sequence[str], size: int, seed: int) -> Any:
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


def bernoulli_sample(relation: sa.FromClause, size: int, seed: int, row_count: int) -> Any:
    """``TABLESAMPLE BERNOULLI (p) REPEATABLE (seed)``, for engines with a seeded row sampler."""
    import sqlalchemy as sa

    # Oversample by a fifth so the LIMIT, not the coin flips, decides the size.
    percent = min(100.0, 100.0 * size * 1.2 / max(row_count, 1))
    sampled = sa.tablesample(relation, sa.func.bernoulli(percent), name="s", seed=sa.literal(seed))
    return sa.select(sa.literal_column("*")).select_from(sampled).limit(size)


class SQLite(Dialect):
    name = "sqlite"
    sqlglot_dialect = "sqlite"
    file_database = True
    gx_datasource = "add_sqlite"
    aggregate_filter = True

    def read_only_url(self, url: sa.URL) -> sa.URL:
        db = url.database or ""
        if not db or db == ":memory:" or db.startswith("file:"):
            return url
        if not Path(db).is_file():
            raise SourceError(f"{db}: no such SQLite database file; check the path in the URL")
        # mode=ro: SQLite itself refuses every write on this connection. A WAL-mode database opened
        # read-only creates -wal and -shm files beside it; with no -wal file there is nothing
        # outside the main file to read, so it is opened immutable.
        immutable = _sqlite_wal_mode(Path(db)) and not Path(f"{db}-wal").exists()
        return url.set(
            database=f"file:{db}?mode=ro{'&immutable=1' if immutable else ''}",
            query={**url.query, "uri": "true"},
        )

    def connect_args(self, url: sa.URL, timeouts: Timeouts) -> dict[str, Any]:
        return {"timeout": timeouts.connect}  # how long to wait for a writer's lock

    def gx_connection(self, url: str) -> tuple[str, dict[str, Any]]:
        import sqlalchemy as sa

        return self.read_only_url(sa.make_url(url)).render_as_string(hide_password=False), {}


class DuckDB(Dialect):
    name = "duckdb"
    sqlglot_dialect = "duckdb"
    file_database = True
    # GX 1.x cannot validate through DuckDB (results are fetched after the connection closes).
    gx_datasource = None
    schemas_in_database = True
    system_schemas = frozenset({"information_schema", "pg_catalog"})
    approx_distinct_function = "approx_count_distinct"
    row_hash_function = "hash"
    aggregate_filter = True
    grouping_sets = True

    def seeded_sample(
        self,
        relation: sa.FromClause,
        columns: Sequence[str],
        size: int,
        seed: int,
        row_count: int,
        *,
        is_table: bool,
    ) -> Any:
        import sqlalchemy as sa

        # USING SAMPLE follows the FROM clause; SQLAlchemy still quotes the relation's name.
        return (
            sa.select(sa.literal_column("*"))
            .select_from(relation)
            .suffix_with(f"USING SAMPLE reservoir({int(size)} ROWS) REPEATABLE ({int(seed)})")
        )

    def read_only_url(self, url: sa.URL) -> sa.URL:
        db = url.database or ""
        if db and db != ":memory:" and not Path(db).is_file():
            raise SourceError(f"{db}: no such DuckDB database file; check the path in the URL")
        return url

    def connect_args(self, url: sa.URL, timeouts: Timeouts) -> dict[str, Any]:
        return {"read_only": True}

    def on_connect(self, dbapi_connection: Any, timeouts: Timeouts) -> None:
        from dataready.connectors.base import spill_folder
        from dataready.connectors.duckdb import lock_duckdb

        # Spill to the private folder, not beside the database file (DuckDB's default).
        folder = str(spill_folder()).replace("'", "''")
        dbapi_connection.execute(f"SET temp_directory = '{folder}'")
        lock_duckdb(dbapi_connection)

    def list_schemas(self, conn: sa.Connection) -> list[str]:
        rows = conn.exec_driver_sql(
            "SELECT DISTINCT schema_name FROM information_schema.schemata "
            "WHERE catalog_name = current_database() ORDER BY schema_name"
        ).fetchall()
        return [r[0] for r in rows if r[0] not in self.system_schemas]

    def default_schema(self, conn: sa.Connection) -> str | None:
        return str(conn.exec_driver_sql("SELECT current_schema()").scalar())

    def list_tables(self, conn: sa.Connection, schema: str | None) -> list[str]:
        # duckdb_engine's reflection reads pg_catalog, which DuckDB only partly emulates.
        rows = conn.exec_driver_sql(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = coalesce(?, current_schema()) ORDER BY table_name",
            (schema,),
        ).fetchall()
        return [r[0] for r in rows]

    def describe_table(
        self, conn: sa.Connection, table: str, schema: str | None
    ) -> tuple[tuple[Column, ...], str | None]:
        from dataready.connectors.duckdb import duckdb_columns

        preparer = conn.dialect.identifier_preparer
        name = ".".join(preparer.quote(p) for p in ([schema] if schema else []) + [table])
        try:
            columns = duckdb_columns(conn, name)
        except Exception:
            raise SourceError(
                f"{table}: no such table in the DuckDB database; run 'dataready audit URL' to list its tables"
            ) from None
        row = conn.exec_driver_sql(
            "SELECT comment FROM duckdb_tables() WHERE table_name = ?", (table,)
        ).fetchone()
        return columns, row[0] if row else None

    def fetch_frame(
        self, conn: sa.Connection, statement: Any, *, arrow_strings: bool = False
    ) -> pd.DataFrame:
        # DuckDB hands Arrow-backed frames straight over; much faster than row-by-row fetches.
        sql = str(statement.compile(conn, compile_kwargs={"literal_binds": True}))
        raw = conn.connection.driver_connection
        if not arrow_strings:
            return raw.execute(sql).df()  # type: ignore[union-attr]
        import pandas as pd

        # Arrow-backed strings: a million names cost a fraction of the memory of Python objects.
        table = raw.sql(sql).to_arrow_table()  # type: ignore[union-attr]
        return table.to_pandas(
            types_mapper=lambda t: (
                pd.ArrowDtype(t) if str(t) in ("string", "large_string") else None
            )
        )


class PostgreSQL(Dialect):
    name = "postgresql"
    sqlglot_dialect = "postgres"
    drivers = (("psycopg", "psycopg"), ("psycopg2", "psycopg2"))
    grants_catalog = True
    schemas_in_database = True
    extra = "postgres"
    gx_datasource = "add_postgres"
    tablesample_bernoulli = True
    aggregate_filter = True
    text_hash_function = "hashtextextended"
    separate_distinct_pass = True
    concurrent_connections = True
    byte_length_function = "octet_length"
    ascii_collation = "C"
    null_count_function = "num_nulls"
    grouping_sets = True
    text_cast = True
    distinct_estimates_query = (
        "SELECT s.attname, CASE WHEN s.n_distinct >= 0 THEN s.n_distinct ELSE -s.n_distinct * greatest(c.reltuples, 0) END "
        "FROM pg_stats s JOIN pg_namespace n ON n.nspname = s.schemaname "
        "JOIN pg_class c ON c.relname = s.tablename AND c.relnamespace = n.oid "
        "WHERE s.schemaname = coalesce(:schema, current_schema()) AND s.tablename = :table"
    )
    native_regex_operator = "~"
    # A sequential scan started while another scans the table joins it where it is (synchronized
    # scans): the sample's LIMIT would then keep other rows of its seeded BERNOULLI draw.
    stable_scan_settings = ("SET LOCAL synchronize_seqscans = off",)

    def connect_args(self, url: sa.URL, timeouts: Timeouts) -> dict[str, Any]:
        args: dict[str, Any] = {
            "options": "-c default_transaction_read_only=on "
            f"-c statement_timeout={math.ceil(timeouts.statement * 1000)}",
            # libpq bounds the whole connection, handshake included (in whole seconds, at least 2).
            "connect_timeout": max(2, math.ceil(timeouts.connect)),
        }
        if url.get_driver_name() == "psycopg":
            # Every statement prepared: psycopg then speaks the extended protocol, which runs exactly
            # one statement per call, so no text can smuggle a second (COMMIT; DELETE …) in.
            args["prepare_threshold"] = 0
        return args

    def table_access(self, conn: sa.Connection, table: str, schema: str | None) -> Access | None:
        return _postgres_access(conn, table, schema)


WRITING = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")
"""Privileges that change a table's rows."""

_PG_TABLE = (
    "SELECT c.oid, pg_get_userbyid(c.relowner), current_user, r.rolsuper, "
    "pg_has_role(current_user, c.relowner, 'USAGE'), "
    "has_schema_privilege('public', n.oid, 'USAGE'), "
    + ", ".join(f"has_table_privilege(c.oid, '{p}')" for p in WRITING)
    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_roles r ON r.rolname = current_user "
    "WHERE n.nspname = coalesce(:schema, current_schema()) AND c.relname = :table"
)
# A NULL relacl means the owner's default privileges; grantee 0 is PUBLIC, every role.
_PG_GRANTS = (
    "SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, "
    "a.privilege_type "
    "FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a "
    "WHERE c.oid = :oid ORDER BY 1, 2"
)


def _postgres_access(conn: sa.Connection, table: str, schema: str | None) -> Access | None:
    import sqlalchemy as sa

    row = conn.execute(sa.text(_PG_TABLE), {"schema": schema, "table": table}).one_or_none()
    if row is None:
        return None
    oid, owner, me, superuser, owns, public_schema, *writes = row
    # A grant to PUBLIC reaches every role only where PUBLIC may also use the table's schema.
    grants = tuple(
        Grant(str(grantee), str(privilege), everyone=grantee == "PUBLIC" and bool(public_schema))
        for grantee, privilege in conn.execute(sa.text(_PG_GRANTS), {"oid": oid})
    )
    held = [p for p, allowed in zip(WRITING, writes, strict=True) if allowed]
    connected_writes = ("superuser",) if superuser else (("owner",) if owns else ()) + tuple(held)
    return Access(grants, owner=str(owner), connected_as=str(me), connected_writes=connected_writes)


# Grants reaching one table: on the table, on its database (schema) and on every database
# (global). Wildcard database names in SCHEMA_PRIVILEGES (db\_%) are not matched.
_MYSQL_GRANTS = (
    "SELECT GRANTEE, PRIVILEGE_TYPE, 'table' FROM information_schema.TABLE_PRIVILEGES "
    "WHERE TABLE_SCHEMA = coalesce(:schema, database()) AND TABLE_NAME = :table "
    "UNION ALL SELECT GRANTEE, PRIVILEGE_TYPE, 'schema' FROM information_schema.SCHEMA_PRIVILEGES "
    "WHERE TABLE_SCHEMA = coalesce(:schema, database()) "
    "UNION ALL SELECT GRANTEE, PRIVILEGE_TYPE, 'global' FROM information_schema.USER_PRIVILEGES"
)
_MYSQL_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")


def mysql_account(grantee: str) -> tuple[str, str | None]:
    """(user, host) of a MySQL/MariaDB grantee such as ``'app'@'%'``; (``PUBLIC``, None) for PUBLIC."""
    user, _, host = grantee.rpartition("@")
    if not user:  # no @: a role, or current_user() of a bare name
        return grantee.strip("'"), None
    if user.strip("'") == "PUBLIC" and host.strip("'") == "":
        return "PUBLIC", None
    return user.strip("'"), host.strip("'")


def _mysql_access(conn: sa.Connection, table: str, schema: str | None) -> Access | None:
    import sqlalchemy as sa

    rows = conn.execute(sa.text(_MYSQL_GRANTS), {"schema": schema, "table": table}).fetchall()
    me_user, _, me_host = str(conn.execute(sa.text("SELECT current_user()")).scalar()).rpartition(
        "@"
    )
    me = f"'{me_user}'@'{me_host}'"
    grants = []
    for grantee, privilege, scope in rows:
        if privilege not in _MYSQL_PRIVILEGES:
            continue
        user, host = mysql_account(str(grantee))
        everyone = user == "PUBLIC" or (user == "" and host == "%")
        name = "PUBLIC" if user == "PUBLIC" else str(grantee)
        grants.append(Grant(name, str(privilege), scope=str(scope), everyone=everyone))
    writes = sorted(
        {g.privilege for g in grants if g.privilege in WRITING and (g.grantee == me or g.everyone)},
        key=WRITING.index,
    )
    return Access(tuple(grants), connected_as=me, connected_writes=tuple(writes))


class MySQL(Dialect):
    name = "mysql"
    sqlglot_dialect = "mysql"
    drivers = (("pymysql", "pymysql"), ("mysqldb", "MySQLdb"))
    extra = "mysql"
    length_function = "char_length"
    binary_grouping = True
    concurrent_connections = True
    native_regex_operator = "REGEXP"
    grants_catalog = True

    def table_access(self, conn: sa.Connection, table: str, schema: str | None) -> Access | None:
        return _mysql_access(conn, table, schema)

    def seeded_sample(
        self,
        relation: sa.FromClause,
        columns: Sequence[str],
        size: int,
        seed: int,
        row_count: int,
        *,
        is_table: bool,
    ) -> Any:
        import sqlalchemy as sa

        return (
            sa.select(sa.literal_column("*"))
            .select_from(relation)
            .order_by(sa.func.rand(seed))
            .limit(size)
        )

    def reflected_name(self, name: str) -> str:
        # SQLAlchemy's MySQL reflection reads SHOW CREATE TABLE and keeps a backtick in a name
        # escaped (`a``b` comes back as a``b); quoting it again would name a column that does not exist.
        return name.replace("``", "`")

    def connect_args(self, url: sa.URL, timeouts: Timeouts) -> dict[str, Any]:
        read_only = {"init_command": "SET SESSION TRANSACTION READ ONLY"}
        if url.get_driver_name() != "pymysql":
            return {"connect_timeout": max(1, math.ceil(timeouts.connect)), **read_only}
        # PyMySQL's connect_timeout covers only the TCP connect; the handshake is a read, so the
        # read timeout starts at the connect timeout and is raised once the session is set up.
        return {
            "connect_timeout": timeouts.connect,
            "read_timeout": timeouts.connect,
            "write_timeout": timeouts.statement + _CLIENT_GRACE_S,
            **read_only,
        }

    def on_connect(self, dbapi_connection: Any, timeouts: Timeouts) -> None:
        with dbapi_connection.cursor() as cursor:
            _limit_statements(cursor, timeouts.statement)
        if hasattr(dbapi_connection, "_read_timeout"):  # PyMySQL: see connect_args
            dbapi_connection._read_timeout = timeouts.statement + _CLIENT_GRACE_S


class MariaDB(MySQL):
    name = "mariadb"


class Trino(Dialect):
    """Trino and Presto (``trino://``): a seeded hash sample, HyperLogLog distinct estimates."""

    name = "trino"
    sqlglot_dialect = "trino"
    approx_distinct_function = "approx_distinct"
    aggregate_filter = True
    grouping_sets = True
    concurrent_connections = True

    def connect_args(self, url: sa.URL, timeouts: Timeouts) -> dict[str, Any]:
        # Trino has no read-only session; the catalog's access control is what stops writes.
        return {"request_timeout": timeouts.statement}


class Snowflake(Dialect):
    """Snowflake (``snowflake://``): its own seeded sampler, approximate distinct counts."""

    name = "snowflake"
    sqlglot_dialect = "snowflake"
    approx_distinct_function = "approx_count_distinct"
    tablesample_bernoulli = True
    grouping_sets = True
    concurrent_connections = True

    def connect_args(self, url: sa.URL, timeouts: Timeouts) -> dict[str, Any]:
        return {"login_timeout": timeouts.connect, "network_timeout": timeouts.statement}


def _sqlite_wal_mode(path: Path) -> bool:
    """Whether a SQLite file's header says WAL journal mode (read and write versions 2)."""
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return False
    return header.startswith(b"SQLite format 3\x00") and header[18:20] == b"\x02\x02"


def _limit_statements(cursor: Any, seconds: float) -> None:
    """The server's own statement limit: MariaDB's max_statement_time, else MySQL's (SELECT only)."""
    try:
        cursor.execute(f"SET SESSION max_statement_time = {float(seconds)}")
    except Exception:  # MySQL has no max_statement_time
        cursor.execute(f"SET SESSION max_execution_time = {math.ceil(seconds * 1000)}")


DIALECTS: dict[str, Dialect] = {
    d.name: d() for d in (SQLite, DuckDB, PostgreSQL, MySQL, MariaDB, Trino, Snowflake)
}
"""Every engine dataready knows by name; any other is reached as plain SQL (:class:`Dialect`)."""


def dialect_for(name: str) -> Dialect:
    """The dialect for SQLAlchemy's engine name (``postgresql``, ``duckdb`` …); plain SQL for others."""
    return DIALECTS.get(name) or Dialect()
