"""Any database SQLAlchemy can reach, opened read-only, discovered through its inspector."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dataready._version import install_hint
from dataready.connectors.base import Connector, OpenedSource, first_line
from dataready.connectors.dialects import Dialect, Timeouts, dialect_for
from dataready.connectors.statements import checked_query
from dataready.errors import ConfigError, SourceError
from dataready.model import Access, Column, Source

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dataready.config import SourceConfig

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
        dialect_for(parsed.get_backend_name()).file_database
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
    dialect = dialect_for(parsed.get_backend_name())
    parsed = dialect.read_only_url(parsed)
    try:
        engine = sa.create_engine(parsed, connect_args=dialect.connect_args(parsed, timeouts))
    except ModuleNotFoundError as exc:
        raise ConfigError(_missing_driver(url, parsed, dialect, exc.name)) from None
    except Exception as exc:
        raise ConfigError(f"{safe_url(url)}: {scrub(first_line(exc), url)}") from None

    @sa.event.listens_for(engine, "connect")
    def _read_only_session(dbapi_connection: Any, _record: Any) -> None:
        dialect.on_connect(dbapi_connection, timeouts)

    return engine


def _missing_driver(url: str, parsed: sa.URL, dialect: Dialect, module: str | None) -> str:
    """What to do when the URL's driver is missing: name the scheme of one that is installed.

    ``mysql://`` means MySQLdb to SQLAlchemy; with PyMySQL installed (what dataready's extras
    install) the fix is the scheme, not another install.
    """
    backend = parsed.get_backend_name()
    installed = dialect.installed_driver(other_than=parsed.get_driver_name())
    if installed is not None:
        scheme = f"{backend}+{installed}"
        return (
            f"{safe_url(url)}: the driver {module!r} is not installed, but {installed} is; "
            f"use {safe_url(parsed.set(drivername=scheme).render_as_string(hide_password=False))}"
        )
    if dialect.drivers:
        scheme = f"{backend}+{dialect.drivers[0][0]}"
        return (
            f"{safe_url(url)}: the driver {module!r} is not installed; "
            f"{install_hint(dialect.extra)} and use {scheme}://..."
        )
    return (
        f"{safe_url(url)}: the driver {module!r} is not installed; "
        f"install the SQLAlchemy driver for {backend} ({install_hint('warehouses')} covers PostgreSQL and MySQL)"
    )


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
        if config.all_schemas and config.schema_:
            raise ConfigError(
                f"{safe_url(url)}: --schema and --all-schemas ask for different tables; give one of them"
            )
        engine = read_only_engine(url, Timeouts.of(config.options))
        try:
            with engine.connect() as conn:
                traits = dialect_for(conn.dialect.name)
                found: list[tuple[str | None, str]]
                if config.all_schemas:
                    schemas: list[str | None] = [*traits.list_schemas(conn)] or [None]
                    found = [(sc, t) for sc in schemas for t in traits.list_tables(conn, sc)]
                    elsewhere: dict[str, int] = {}
                else:
                    found = [(config.schema_, t) for t in traits.list_tables(conn, config.schema_)]
                    elsewhere = _tables_elsewhere(conn, traits, config.schema_)
        except (SourceError, ConfigError):
            raise
        except Exception as exc:
            raise _connection_error(url, exc) from None
        finally:
            engine.dispose()
        if not found:
            where = " in schema " + config.schema_ if config.schema_ else ""
            raise SourceError(
                f"{safe_url(url)}: the database has no tables{where}"
                + (f"; {other_schemas_note(elsewhere)}" if elsewhere else "")
            )
        sources = [
            _source(
                config,
                f"{config.name}.{schema}.{t}"
                if config.all_schemas and schema
                else f"{config.name}.{t}",
                url,
                t,
                schema,
            )
            for schema, t in found
        ]
        if elsewhere:
            sources[0] = dataclasses.replace(
                sources[0], discovery_notes=(other_schemas_note(elsewhere),)
            )
        return [(source, url) for source in sources]

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
                traits = dialect_for(engine.dialect.name)
                if self.source.query:
                    # Checked when the project was read; again here for sources built in Python.
                    query = checked_query(self.source.query, url, self.source.name)
                    relation: sa.FromClause = sa.text(query).columns().subquery("q")
                    columns = _query_columns(conn, query)
                    comment, is_table = None, False
                else:
                    table = self.source.table or ""
                    schema = self.source.schema
                    columns, comment = traits.describe_table(conn, table, schema)
                    relation = sa.table(table, *(sa.column(c.name) for c in columns), schema=schema)
                    is_table = not _is_view(conn, table, schema)
                hints = (
                    _distinct_estimates(conn, traits, self.source.table, self.source.schema)
                    if is_table
                    else {}
                )
                access = (
                    None
                    if self.source.query
                    else _access(conn, traits, self.source.table, self.source.schema)
                )
                yield OpenedSource(
                    conn,
                    relation,
                    columns,
                    traits,
                    is_table=is_table,
                    table_comment=comment,
                    distinct_hints=hints,
                    access=access,
                )
        finally:
            engine.dispose()


def _tables_elsewhere(conn: sa.Connection, traits: Dialect, schema: str | None) -> dict[str, int]:
    """Tables (and views) per schema of the database, other than the one being read."""
    if not traits.schemas_in_database:
        return {}
    read = schema or traits.default_schema(conn)
    counts = {
        sc: len(traits.list_tables(conn, sc)) for sc in traits.list_schemas(conn) if sc != read
    }
    return {sc: n for sc, n in counts.items() if n}


def other_schemas_note(tables: dict[str, int]) -> str:
    """``3 tables in other schemas (sales, staging) not audited; use --schema NAME or --all-schemas``."""
    n = sum(tables.values())
    return (
        f"{n} table{'s' if n != 1 else ''} in other schemas ({', '.join(sorted(tables))}) "
        "not audited; use --schema NAME or --all-schemas"
    )


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


def _distinct_estimates(
    conn: sa.Connection, traits: Dialect, table: str | None, schema: str | None
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


def _access(
    conn: sa.Connection, traits: Dialect, table: str | None, schema: str | None
) -> Access | None:
    """Who may read and write the table, from the catalog; None when the catalog cannot be read."""
    if not table or not traits.grants_catalog:
        return None
    try:
        with conn.begin_nested():
            return traits.table_access(conn, table, schema)
    except Exception:  # grants are evidence for a review: without access to them, say nothing
        return None


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
