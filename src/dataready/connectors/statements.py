"""The one gate a query source's SQL passes before any engine sees it: exactly one read-only SELECT.

A query source's text is embedded in dataready's own statements (``SELECT … FROM (<query>) AS q``).
Pasted as it was, a query such as ``SELECT 1) AS q; COMMIT; BEGIN READ WRITE; DELETE …`` would
close the wrapper, end the read-only transaction and write: drivers that speak a simple protocol
(psycopg without parameters, DuckDB) run every statement they are handed. So the text is read
token by token, with the source engine's SQL grammar (sqlglot's tokenizer, which knows each
dialect's quoting and comments), and only one SELECT (or WITH … SELECT, or VALUES) is let through.
The read-only sessions of each connector stay as the second line of defence.
"""

from __future__ import annotations

from dataready.errors import ConfigError

# Statement starts that read: a SELECT, a WITH … SELECT, a VALUES list, or one of them in parentheses.
_READING_STARTS = frozenset({"SELECT", "WITH", "VALUES", "L_PAREN"})

# Keywords that write, change the session or leave the statement, wherever they appear: a
# data-modifying CTE (WITH d AS (DELETE … RETURNING *)), SELECT … INTO a new table or an OUTFILE,
# transaction control, or a command an engine accepts inside another statement.
_WRITING_KEYWORDS = frozenset(
    {
        "INSERT",
        "UPDATE",
        "DELETE",
        "MERGE",
        "INTO",
        "CREATE",
        "DROP",
        "TRUNCATE",
        "ALTER",
        "COPY",
        "COMMIT",
        "ROLLBACK",
        "BEGIN",
        "SET",
        "GRANT",
        "ATTACH",
        "DETACH",
        "INSTALL",
        "LOAD",
        "PRAGMA",
        "EXECUTE",
        "EXPORT",
        "REPLACE",
        "USE",
        "COMMAND",
        "LOCK",
    }
)


def dialect_of(location: str) -> str | None:
    """The sqlglot dialect for a database URL's scheme (``postgresql+psycopg://`` → postgres)."""
    from dataready.connectors.dialects import dialect_for

    scheme = location.split("://", 1)[0].split("+", 1)[0].lower() if "://" in location else ""
    return dialect_for(scheme).sqlglot_dialect


def single_select(query: str, dialect: str | None = None) -> str:
    """The query, trimmed of trailing semicolons and comments, if it is exactly one reading statement.

    Raises :class:`ValueError` (a configuration problem) naming what is wrong otherwise.
    """
    from sqlglot import tokenize
    from sqlglot.errors import TokenError

    try:
        tokens = tokenize(query, dialect=dialect)
    except TokenError as exc:
        raise ValueError(
            f"cannot be read as SQL ({str(exc).splitlines()[0]}); write one SELECT statement"
        ) from None
    while tokens and tokens[-1].token_type.name == "SEMICOLON":
        tokens.pop()
    if not tokens:
        raise ValueError("is empty; write one SELECT statement")
    if tokens[0].token_type.name not in _READING_STARTS:
        raise ValueError(
            f"starts with {tokens[0].text!r}: only a SELECT statement may be a source's query"
        )
    depth = 0
    for token in tokens:
        kind = token.token_type.name
        if kind == "SEMICOLON":
            raise ValueError(
                "holds more than one statement; a source's query is exactly one SELECT"
            )
        if kind in _WRITING_KEYWORDS:
            raise ValueError(
                f"contains {token.text.upper()!r}: a source's query may only read (one SELECT)"
            )
        depth += {"L_PAREN": 1, "R_PAREN": -1}.get(kind, 0)
        if depth < 0:
            raise ValueError(
                "closes a parenthesis it never opened; write one complete SELECT statement"
            )
    if depth:
        raise ValueError("leaves a parenthesis open; write one complete SELECT statement")
    # Cut after the last real token: a trailing ';' or '-- comment' would break the wrapping statement.
    return query[: tokens[-1].end + 1].strip()


def checked_query(query: str, location: str, where: str) -> str:
    """:func:`single_select` for a configured source, as a :class:`ConfigError` naming the field."""
    try:
        return single_select(query, dialect_of(location))
    except ValueError as exc:
        raise ConfigError(f"{where}: the query {exc}") from None
