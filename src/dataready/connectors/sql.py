"""Any database SQLAlchemy can reach, opened read-only, discovered through its inspector."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dataready.connectors.base import (
    Connector,
    DialectTraits,
    OpenedSource,
    duckdb_columns,
    first_line,
    kind_of_sqlalchemy_type,
    lock_duckdb,
    spill_folder,
    traits_for,
)
from dataready.connectors.statements import checked_query
from dataready.errors import ConfigError, SourceError
from dataready.model import Column, Source

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dataready.config import SourceConfig

CONNECT_TIMEOUT_S = 10.0
"""Seconds to wait for a server to accept a connection and answer its handshake."""
STATEMENT_TIMEOUT_S = 600.0
"""Seconds one statement may run before the server (or the driver) gives up on it."""
STATEMENT_TIMEOUT_MS = int(STATEMENT_TIMEOUT_S * 1000)
TIMEOUT_OPTIONS = ("connect_timeout", "statement_timeout")
"""The source ``options`` that set a database source's timeouts (seconds)."""
# How much longer than the server's statement limit the client waits for an answer: the server
# reports its own timeout first; the client gives up only when the server has gone silent.
_CLIENT_GRACE_S = 30.0


@dataclass(frozen=True)
class Timeouts:
    connect: float = CONNECT_TIMEOUT_S
    statement: float = STATEMENT_TIMEOUT_S

    @classmethod
    def of(cls, options: Mapping[str, Any]) -> Timeouts:
        """The timeouts a source's ``options`` set, the defaults for the rest."""
        return cls(
            float(options.get("connect_timeout", CONNECT_TIMEOUT_S)),
            float(options.get("statement_timeout", STATEMENT_TIMEOUT_S)),
        )


# Query-string parameters whose values are secrets: password=, sslpassword=, api_key=, token=, …
_SECRET_PARAMETER = re.compile(r"pass|pwd|secret|token|key|credential|auth", re.IGNORECASE)
# A secret this short also occurs inside ordinary words: replace it only where it stands alone.
_SHORT_SECRET = 6


def safe_url(url: str) -> str:
    """The URL as it may be shown: the password and secret query parameters replaced by ***."""
    try:
        import sqlalchemy as sa

        parsed = sa.make_url(url)
        hidden = {k: "***" if _SECRET_PARAMETER.search(k) else v for k, v in parsed.query.items()}
        shown = parsed.set(query=hidden).render_as_string(hide_password=True)
        return shown.replace("=%2A%2A%2A", "=***")
    except Exception:
        return url.split("://", 1)[0] + "://***" if "://" in url else url


def url_secrets(url: str) -> list[str]:
    """Every secret a URL holds (password, secret query values), as written and as decoded."""
    from urllib.parse import quote

    try:
        import sqlalchemy as sa

        parsed = sa.make_url(url)
    except Exception:
        return []
    values: list[str] = [parsed.password] if parsed.password else []
    for key, value in parsed.query.items():
        if _SECRET_PARAMETER.search(key):
            values += [value] if isinstance(value, str) else list(value)
    found = {str(v) for v in values if v} | {quote(str(v), safe="") for v in values if v}
    return sorted(found, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """Remove a URL's secrets from any text (driver error messages sometimes echo them).

    A short secret is replaced only where it stands alone, so that the password ``a`` does not
    turn "cannot connect" into "c***nnot connect".
    """
    for secret in url_secrets(url):
        if len(secret) >= _SHORT_SECRET:
            text = text.replace(secret, "***")
        else:
            text = re.sub(rf"(?<![\w]){re.escape(secret)}(?![\w])", "***", text)
    return text


def _resolve_file_urls(url: str, root: Path) -> str:
    """Make relative SQLite/DuckDB paths relative to the project file, as every other path is."""
    import sqlalchemy as sa

    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise ConfigError(
            f"{safe_url(url)}: not a valid database URL ({scrub(str(exc), url)}); expected e.g. postgresql://user@host:5432/db"
        ) from None
    if (
        parsed.get_backend_name() in ("sqlite", "duckdb")
        and parsed.database
        and parsed.database != ":memory:"
    ):
        db = parsed.database
        if not db.startswith("file:") and not Path(db).is_absolute():
            parsed = parsed.set(database=str((root / db).resolve()))
    return parsed.render_as_string(hide_password=False)


def read_only_engine(url: str, timeouts: Timeouts | None = None) -> sa.Engine:
    """An engine that cannot write to the source: read-only per engine, belt and braces.

    Every connection and statement is bounded by ``timeouts``: a server that accepts the
    connection and then says nothing is an unreadable source, not a hang.
    """
    import sqlalchemy as sa

    timeouts = timeouts or Timeouts()

    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        raise ConfigError(
            f"{safe_url(url)}: not a database URL; expected e.g. postgresql://user@host/db"
        ) from None
    backend = parsed.get_backend_name()
    connect_args: dict[str, Any] = {}
    if backend == "sqlite":
        connect_args["timeout"] = timeouts.connect  # how long to wait for a writer's lock
        db = parsed.database or ""
        if db and db != ":memory:" and not db.startswith("file:"):
            if not Path(db).is_file():
                raise SourceError(f"{db}: no such SQLite database file; check the path in the URL")
            # A WAL-mode database opened read-only creates -wal and -shm files beside it; with no
            # -wal file there is nothing outside the main file to read, so open it immutable.
            immutable = _sqlite_wal_mode(Path(db)) and not Path(f"{db}-wal").exists()
            parsed = parsed.set(
                database=f"file:{db}?mode=ro{'&immutable=1' if immutable else ''}",
                query={**parsed.query, "uri": "true"},
            )
    elif backend == "duckdb":
        db = parsed.database or ""
        if db and db != ":memory:" and not Path(db).is_file():
            raise SourceError(f"{db}: no such DuckDB database file; check the path in the URL")
        connect_args["read_only"] = True
    elif backend == "postgresql":
        connect_args["options"] = (
            "-c default_transaction_read_only=on "
            f"-c statement_timeout={math.ceil(timeouts.statement * 1000)}"
        )
        # libpq bounds the whole connection, handshake included (in whole seconds, at least 2).
        connect_args["connect_timeout"] = max(2, math.ceil(timeouts.connect))
        if parsed.get_driver_name() == "psycopg":
            # Every statement prepared: psycopg then speaks the extended protocol, which runs exactly
            # one statement per call, so no text can smuggle a second (COMMIT; DELETE …) in.
            connect_args["prepare_threshold"] = 0
    elif backend in ("mysql", "mariadb") and parsed.get_driver_name() == "pymysql":
        # PyMySQL's connect_timeout covers only the TCP connect; the handshake is a read, so the
        # read timeout starts at the connect timeout and is raised once the session is set up.
        connect_args["connect_timeout"] = timeouts.connect
        connect_args["read_timeout"] = timeouts.connect
        connect_args["write_timeout"] = timeouts.statement + _CLIENT_GRACE_S
    elif backend in ("mysql", "mariadb"):
        connect_args["connect_timeout"] = max(1, math.ceil(timeouts.connect))
    try:
        engine = sa.create_engine(parsed, connect_args=connect_args)
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"{safe_url(url)}: the driver {exc.name!r} is not installed; pip install 'dataready[warehouses]' "
            f"or the driver for {backend}"
        ) from None
    except Exception as exc:
        raise ConfigError(f"{safe_url(url)}: {scrub(first_line(exc), url)}") from None

    if backend == "duckdb":

        @sa.event.listens_for(engine, "connect")
        def _no_files(dbapi_connection: Any, _record: Any) -> None:
            # Spill to the private folder, not beside the database file (DuckDB's default).
            folder = str(spill_folder()).replace("'", "''")
            dbapi_connection.execute(f"SET temp_directory = '{folder}'")
            lock_duckdb(dbapi_connection)

    if backend in ("mysql", "mariadb"):

        @sa.event.listens_for(engine, "connect")
        def _read_only_session(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET SESSION TRANSACTION READ ONLY")
                _limit_statements(cursor, timeouts.statement)
            if hasattr(dbapi_connection, "_read_timeout"):  # PyMySQL: see above
                dbapi_connection._read_timeout = timeouts.statement + _CLIENT_GRACE_S

    return engine


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


def _connection_error(url: str, exc: Exception) -> SourceError:
    text = scrub(first_line(getattr(exc, "orig", None) or exc), url)
    lower = text.lower()
    if "password" in lower or "access denied" in lower or "authentication" in lower:
        advice = "check the user and password (pass secrets as ${ENV_VAR} in dataready.yml)"
    elif "role" in lower and "does not exist" in lower:
        advice = "check the user name in the URL: the server has no such role"
    elif "does not exist" in lower or "unknown database" in lower:
        advice = "check the database name"
    elif "timeout" in lower or "timed out" in lower or "lost connection" in lower:
        advice = (
            "the server did not answer in time; check the host, port and server, "
            "or raise options.connect_timeout"
        )
    elif "connect" in lower or "resolve" in lower:
        advice = "check the host and port, and that the server is running"
    else:
        advice = "check the URL and the server"
    return SourceError(f"{safe_url(url)}: cannot connect: {text}; {advice}")


class SqlConnector(Connector):
    kind: ClassVar[str] = "sql"

    @classmethod
    def accepts(cls, location: str) -> bool:
        return "://" in location

    @classmethod
    def expand(cls, config: SourceConfig, root: Path) -> list[tuple[Source, str]]:
        url = (
            _resolve_file_urls(config.location, root)
            if "://" in config.location
            else config.location
        )
        if config.table or config.query:
            return [(_source(config, config.name, url, config.table, config.schema_), url)]
        engine = read_only_engine(url, Timeouts.of(config.options))
        try:
            with engine.connect() as conn:
                tables = _list_tables(conn, config.schema_)
        except SourceError:
            raise
        except Exception as exc:
            raise _connection_error(url, exc) from None
        finally:
            engine.dispose()
        if not tables:
            raise SourceError(
                f"{safe_url(url)}: the database has no tables{' in schema ' + config.schema_ if config.schema_ else ''}"
            )
        return [
            (_source(config, f"{config.name}.{t}", url, t, config.schema_), url) for t in tables
        ]

    @contextmanager
    def open(self) -> Iterator[OpenedSource]:
        import sqlalchemy as sa

        url = self.secret_location
        engine = read_only_engine(url, Timeouts.of(self.source.options))
        try:
            try:
                conn = engine.connect()
            except Exception as exc:
                raise _connection_error(url, exc) from None
            with conn:
                traits = traits_for(engine.dialect.name)
                if self.source.query:
                    # Checked when the project was read; again here for sources built in Python.
                    query = checked_query(self.source.query, url, self.source.name)
                    relation: sa.FromClause = sa.text(query).columns().subquery("q")
                    columns = _query_columns(conn, query)
                    comment, is_table = None, False
                else:
                    table = self.source.table or ""
                    schema = self.source.schema
                    columns, comment = _describe_table(conn, table, schema)
                    relation = sa.table(table, *(sa.column(c.name) for c in columns), schema=schema)
                    is_table = not _is_view(conn, table, schema)
                hints = (
                    _distinct_estimates(conn, traits, self.source.table, self.source.schema)
                    if is_table
                    else {}
                )
                yield OpenedSource(
                    conn,
                    relation,
                    columns,
                    traits,
                    is_table=is_table,
                    table_comment=comment,
                    distinct_hints=hints,
                )
        finally:
            engine.dispose()


def _source(
    config: SourceConfig, name: str, url: str, table: str | None, schema: str | None
) -> Source:
    return Source(
        name=name,
        connector=SqlConnector.kind,
        location=safe_url(url),
        table=table,
        schema=schema,
        query=config.query,
        **config.source_fields(),
    )


def _list_tables(conn: sa.Connection, schema: str | None) -> list[str]:
    import sqlalchemy as sa

    if conn.dialect.name == "duckdb":
        rows = conn.exec_driver_sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = coalesce(?, current_schema()) "
            "ORDER BY table_name",
            (schema,),
        ).fetchall()
        return [r[0] for r in rows]
    inspector = sa.inspect(conn)
    return sorted(inspector.get_table_names(schema=schema)) + sorted(
        inspector.get_view_names(schema=schema)
    )


def _describe_table(
    conn: sa.Connection, table: str, schema: str | None
) -> tuple[tuple[Column, ...], str | None]:
    import sqlalchemy as sa

    if conn.dialect.name == "duckdb":
        # duckdb_engine's column reflection fails on pg_catalog; DESCRIBE is reliable.
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
    inspector = sa.inspect(conn)
    try:
        reflected = inspector.get_columns(table, schema=schema)
    except sa.exc.NoSuchTableError:
        known = inspector.get_table_names(schema=schema)
        hint = f"; tables there: {', '.join(sorted(known)[:10])}" if known else ""
        raise SourceError(
            f"{table}: no such table{' in schema ' + schema if schema else ''}{hint}"
        ) from None
    # SQLAlchemy's MySQL reflection reads SHOW CREATE TABLE and keeps a backtick in a name escaped
    # (`a``b` comes back as a``b); quoting it again would name a column that does not exist.
    unescape = conn.dialect.name in ("mysql", "mariadb")
    columns = tuple(
        Column(
            name=c["name"].replace("``", "`") if unescape else c["name"],
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


def _distinct_estimates(
    conn: sa.Connection, traits: DialectTraits, table: str | None, schema: str | None
) -> dict[str, float]:
    """The engine's estimate of each column's distinct values, from its statistics (none before ANALYZE).

    A hint only: measurement uses it to choose how to count, never as a count.
    """
    import sqlalchemy as sa

    if not traits.distinct_estimates_query or not table:
        return {}
    try:
        with conn.begin_nested():
            rows = conn.execute(
                sa.text(traits.distinct_estimates_query), {"schema": schema, "table": table}
            )
            return {str(name): float(n) for name, n in rows}
    except Exception:  # statistics are a hint: without access to them, count the usual way
        return {}


def _is_view(conn: sa.Connection, table: str, schema: str | None) -> bool:
    import sqlalchemy as sa

    try:
        return table in sa.inspect(conn).get_view_names(schema=schema)
    except Exception:  # some dialects cannot list views; sampling then treats it as a table
        return False


def _query_columns(conn: sa.Connection, query: str) -> tuple[Column, ...]:
    """Column kinds of a query source, from the types pandas infers on a few rows."""
    import pandas as pd
    import sqlalchemy as sa

    from dataready.connectors.dataframe import kind_of_dtype

    try:
        head = pd.read_sql(sa.text(f"SELECT * FROM (\n{query}\n) AS q LIMIT 100"), conn)
    except Exception as exc:
        raise SourceError(
            f"query failed: {first_line(getattr(exc, 'orig', None) or exc)}; check the source's query"
        ) from None
    return tuple(Column(str(c), kind_of_dtype(head[c]), str(head[c].dtype)) for c in head.columns)
