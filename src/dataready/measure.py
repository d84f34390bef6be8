"""Measurement: push-down aggregates over every row, plus one bounded, seeded sample.

Everything that can be counted in the engine is counted there, in as few statements as possible:
one pass for all column aggregates (on PostgreSQL the distinct counts in a second one), one
GROUP BY for duplicate rows, one for a key whose count needs confirming, and the value counts of
low-cardinality text columns (one GROUPING SETS scan where the engine has them). Statements that
do not depend on each other run side by side where the server allows several connections. Only
numbers, value counts and the sample cross the wire.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from dataready.connectors.base import OpenedSource
from dataready.model import Column, ColumnKind, ColumnStats, Measurement, SampleSpec, Source
from dataready.model.findings import ROW_NUMBER, SAMPLE_ROW
from dataready.vocabulary.values import DISGUISED_MISSING, id_like

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dataready.connectors.dialects import Dialect

PLACEHOLDER_MAX_LENGTH = 40
"""Longer values are never counted as placeholders, however padded: it spares lower() on long text."""

TOP_VALUES_MAX_DISTINCT = 5_000
"""Text columns with at most this many distinct values get exact value counts."""

NEARLY_EMPTY_SHARE = 0.8
"""A row with at least this share of its columns missing counts as nearly empty."""

ROW_POSITION = "dataready_row"
"""The column of a numbered relation (``OpenedSource.numbered``) holding each row's position."""

Progress = Callable[[str], None]
Job = Callable[["sa.Connection"], Any]
"""One statement of the measurement, given the connection to run it on."""

MAX_CONNECTIONS = 3
"""Statements of one measurement that run at once, on engines that allow it."""

TOKEN_MAX_LENGTH = 16
"""Text keys (codes, ISO and IATA identifiers, SKUs) are short and contain no blanks."""


def measure(
    opened: OpenedSource, source: Source, spec: SampleSpec, progress: Progress | None = None
) -> Measurement:
    import sqlalchemy as sa

    started = time.perf_counter()
    note = progress or (lambda _message: None)
    now = dt.datetime.now(dt.timezone.utc)
    rel, traits = opened.relation, opened.traits
    columns = opened.columns
    col: dict[str, Any] = {c.name: traits.measured(c.name, c.kind) for c in columns}

    note("counting")
    aggregates: list[tuple[str, str, Any]] = [("", "rows", sa.func.count())]
    distinct_counts: list[tuple[str, str, Any]] = []
    # Text columns the engine's statistics say hold few values are measured from their value
    # counts instead (one GROUPING SETS scan): every text figure follows exactly from the values
    # and their counts, and the per-row string functions of the aggregate pass are spared.
    from_counts = [
        c
        for c in columns
        if traits.grouping_sets
        and c.kind is ColumnKind.STRING
        and 0 < opened.distinct_hints.get(c.name, 0) <= FEW_VALUES_HINT
    ]
    for c in columns:
        if c in from_counts:
            continue
        exact = (
            c.kind is ColumnKind.STRING
            or id_like(c.name)
            or c.name in source.key
            or c.name == source.label
        )
        for metric, expr in _column_aggregates(c, col[c.name], traits, now, exact_distinct=exact):
            apart = metric == "distinct" and traits.separate_distinct_pass
            (distinct_counts if apart else aggregates).append((c.name, metric, expr))
    if len(columns) >= 3:
        threshold = max(2, int(len(columns) * NEARLY_EMPTY_SHARE + 0.999))
        aggregates.append(
            (
                "",
                "nearly_empty",
                traits.count_if(_missing_per_row(columns, col, traits) >= threshold),
            )
        )
    grouped = {name: traits.group_key(expr) for name, expr in col.items()}
    # Independent statements run together where the engine serves several connections (see _Together).
    # A wide table's aggregates are split over several statements: an engine evaluates each
    # statement's expressions side by side, and thousands of them exhaust DuckDB's memory.
    first: dict[Any, Job] = {
        ("aggregates", i): partial(_aggregate, rel=rel, aggregates=part)
        for i, part in enumerate(_batches(aggregates) + _batches(distinct_counts))
    }
    first[("duplicate rows",)] = lambda c: (
        _duplicate_rows(c, rel, columns, grouped, traits) if columns else 0
    )
    first.update(_value_count_jobs("every value", from_counts, col, rel, traits, limit=None))
    # Where rows have a position (files), the sample keeps it as its index: a check that flags a
    # sampled row names the row of the file. Elsewhere the index is the row's place in the sample.
    numbered = opened.numbered is not None
    names = [c.name for c in columns] + ([ROW_POSITION] if numbered else [])

    def sample_job(rows: int) -> Job:
        statement = traits.sample_statement(
            opened.numbered if opened.numbered is not None else rel,
            names,
            spec.size,
            spec.seed,
            rows,
            is_table=opened.is_table,
        )

        def read(conn: sa.Connection) -> Any:
            for setting in traits.stable_scan_settings:
                conn.exec_driver_sql(setting)
            return opened.fetch_frame(statement, conn)

        return read

    together = _Together(opened)
    with together:
        for name, job in first.items():
            together.submit(name, job)
        # The sample needs only the row count (the first aggregate statement): where statements
        # run side by side it is read as soon as the rows are counted, beside the other statements
        # (elsewhere after them, as before, so that the engine is not holding both at once).
        early_sample = together.concurrent
        if early_sample:
            counted = together.results([("aggregates", 0)])[("aggregates", 0)]
            together.submit(("sample",), sample_job(int(counted[("", "rows")] or 0)))
        passed = together.results(list(first))
        values = {
            k: v
            for name, part in passed.items()
            if name[0] == "aggregates"
            for k, v in part.items()
        }
        early = _value_counts_of(passed, "every value")
        for c, counts in zip(from_counts, early, strict=True):
            values.update(
                {(c.name, metric): figure for metric, figure in _text_figures(counts).items()}
            )
        duplicate_rows = passed[("duplicate rows",)]
        row_count = int(values[("", "rows")] or 0)
        # Distinct counts of hashed text are exact unless two values share a 64-bit hash, which can only
        # merge values: a hashed count below the number of values is confirmed before it is reported.
        hashed = {
            c.name
            for c in columns
            if c.kind is ColumnKind.STRING and traits.text_hash_function and c not in from_counts
        }

        stats: dict[str, ColumnStats] = {}
        for c in columns:
            get = lambda metric, c=c: values.get((c.name, metric))  # noqa: E731
            stats[c.name] = ColumnStats(
                column=c,
                non_null=int(get("non_null") or 0),
                distinct=_int_or_none(get("distinct")),
                blank=int(get("blank") or 0),
                disguised_missing=int(get("disguised") or 0),
                untrimmed=int(get("untrimmed") or 0),
                with_space=int(get("with_space") or 0),
                min_value=get("min"),
                max_value=get("max"),
                min_length=get("min_length"),
                max_length=get("max_length"),
                negative=int(get("negative") or 0),
                future=int(get("future") or 0),
            )

        for c, counts in zip(from_counts, early, strict=True):
            if len(counts) <= TOP_VALUES_MAX_DISTINCT:
                stats[c.name] = dataclasses.replace(stats[c.name], top_values=counts)

        note("value counts, keys and the sample")
        counted = [
            c
            for c in columns
            if row_count
            and c.kind is ColumnKind.STRING
            and c not in from_counts
            and 0 < (stats[c.name].distinct or 0) <= TOP_VALUES_MAX_DISTINCT
        ]
        then = _value_count_jobs(
            "top values", counted, col, rel, traits, limit=TOP_VALUES_MAX_DISTINCT
        )
        duplicate_keys: dict[tuple[str, ...], int] = {}
        for key in candidate_keys(source, columns, stats, row_count):
            s = stats[key[0]]
            if (
                len(key) == 1
                and s.distinct is not None
                and (key[0] not in hashed or s.distinct == s.non_null)
            ):
                # Exact for keys (counted exactly above): the rows beyond the first of each value.
                duplicate_keys[key] = s.non_null - s.distinct
            else:
                then[("key", key)] = partial(
                    _duplicate_count, rel=rel, exprs=[grouped[k] for k in key]
                )
        if not early_sample:
            then[("sample",)] = sample_job(row_count)
        for name, job in then.items():
            together.submit(name, job)
        done = together.results([*then, ("sample",)])
    for c, top in zip(counted, _value_counts_of(done, "top values"), strict=True):
        stats[c.name] = dataclasses.replace(stats[c.name], top_values=top)
    duplicate_keys.update({name[1]: n for name, n in done.items() if name[0] == "key"})
    sample = done[("sample",)]
    if numbered:
        sample = sample.set_index(ROW_POSITION).rename_axis(ROW_NUMBER)
    else:
        sample = sample.rename_axis(SAMPLE_ROW)
    columns = _kinds_the_sample_shows(columns, sample)
    stats = {c.name: dataclasses.replace(stats[c.name], column=c) for c in columns}
    nearly_empty = values.get(("", "nearly_empty"))
    return Measurement(
        source=source,
        columns=columns,
        row_count=row_count,
        stats=stats,
        sample=sample,
        sample_is_complete=len(sample) >= row_count,
        measured_at=now,
        duplicate_rows=duplicate_rows,
        duplicate_keys=duplicate_keys,
        nearly_empty_rows=None if nearly_empty is None else int(nearly_empty),
        modified_at=opened.modified_at,
        size_bytes=opened.size_bytes,
        table_comment=opened.table_comment,
        read_as=opened.read_as,
        read_as_missing=opened.read_as_missing,
        read_problems=opened.read_problems,
        access=opened.access,
        seconds=time.perf_counter() - started,
        row_identity=ROW_NUMBER if numbered else SAMPLE_ROW,
        dialect=opened.connection.dialect,
    )


def _kinds_the_sample_shows(columns: tuple[Column, ...], sample: Any) -> tuple[Column, ...]:
    """Declared numbers or dates that hold text (SQLite keeps whatever it is given) are measured as text.

    The checks then see them for what they are: a column of numbers with some text in it is a
    mixed-type column, which the validity checks report, instead of breaking the number checks.
    """
    out = []
    for c in columns:
        if (
            (c.kind is ColumnKind.NUMBER or c.kind.is_temporal)
            and c.name in sample.columns
            and sample[c.name].dtype == object
        ):
            values = sample[c.name].dropna()
            text = values[values.map(lambda v: isinstance(v, str))]
            if len(text) and _not_all(c.kind, text):
                sample[c.name] = values.astype(str).reindex(sample.index)
                c = dataclasses.replace(c, kind=ColumnKind.STRING)
        out.append(c)
    return tuple(out)


def _not_all(kind: ColumnKind, text: Any) -> bool:
    """Whether some of these strings are not what the column's kind says (ISO dates and numbers are)."""
    import pandas as pd

    if kind is ColumnKind.NUMBER:
        return bool(pd.to_numeric(text, errors="coerce").isna().any())
    return bool(pd.to_datetime(text, errors="coerce", format="ISO8601").isna().any())


def candidate_keys(
    source: Source, columns: tuple[Column, ...], stats: dict[str, ColumnStats], row_count: int
) -> list[tuple[str, ...]]:
    """Declared keys, else id-like columns that are (nearly) unique: those that should be unique."""
    names = {c.name for c in columns}
    if source.key:
        return (
            [tuple(k for k in source.key if k in names)]
            if all(k in names for k in source.key)
            else []
        )
    keys: list[tuple[str, ...]] = []
    for c in columns:
        s = stats[c.name]
        if c.kind not in (ColumnKind.NUMBER, ColumnKind.STRING) or not s.non_null:
            continue
        # A foreign key repeats by design; a column that is unique for 95 %+ of its values is meant to be a key.
        nearly_unique = (
            s.distinct is not None
            and s.distinct >= 0.95 * s.non_null
            and s.non_null >= 0.95 * row_count
        )
        # Short blank-free text that is nearly unique (ISO codes, IATA codes, SKUs) is a key whatever its name.
        token_key = (
            c.kind is ColumnKind.STRING
            and s.non_null >= 50
            and not s.with_space
            and not s.untrimmed
            and (s.max_length or 0) <= TOKEN_MAX_LENGTH
        )
        if nearly_unique and (id_like(c.name) or token_key):
            keys.append((c.name,))
    return keys[:3]


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


class _Together:
    """Independent statements, run side by side where the engine serves several connections.

    On engines that do (``concurrent_connections``) each statement runs on a pooled connection of
    the source's read-only engine, at most MAX_CONNECTIONS at once: the database works on one while
    the client reads the result of another, and a statement submitted once what it needs is known
    starts without waiting for the others. Elsewhere (DuckDB in memory, SQLite) each runs on the
    source's connection when it is submitted, one after the other.
    """

    def __init__(self, opened: OpenedSource) -> None:
        self.opened = opened
        self.concurrent = bool(opened.traits.concurrent_connections)
        self.done: dict[Any, Any] = {}
        self.futures: dict[Any, Any] = {}
        self.running: dict[int, Any] = {}  # worker thread → its driver connection, to cancel
        self.pool: Any = None

    def __enter__(self) -> _Together:
        if self.concurrent:
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(MAX_CONNECTIONS, thread_name_prefix="dataready-measure")
        return self

    def submit(self, name: Any, job: Job) -> None:
        if self.pool is None:
            self.done[name] = job(self.opened.connection)
        else:
            self.futures[name] = self.pool.submit(self._run, job)

    def results(self, names: Sequence[Any]) -> dict[Any, Any]:
        """The results of the statements named, in that order, once they are done."""
        return {n: self.done[n] if n in self.done else self.futures[n].result() for n in names}

    def _run(self, job: Job) -> Any:
        import threading

        with self.opened.connection.engine.connect() as conn:
            self.running[threading.get_ident()] = conn.connection.driver_connection
            try:
                return job(conn)
            finally:
                self.running.pop(threading.get_ident(), None)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self.pool is None:
            return
        try:
            if exc_type is not None:
                self._cancel()
        finally:
            self.pool.shutdown(wait=True)

    def _cancel(self) -> None:
        """Ctrl-C or a failed statement: stop the others in the server rather than wait for them
        (drivers with a cancel call, such as psycopg; the others finish their statement)."""
        import contextlib
        from concurrent.futures import wait

        for future in self.futures.values():
            future.cancel()
        # A worker may start its statement just after a cancel: cancel again until every worker
        # has stopped, so that the shutdown never waits for a statement left running.
        pending = [f for f in self.futures.values() if not f.done()]
        while pending:
            for raw in list(self.running.values()):
                with contextlib.suppress(Exception):
                    raw.cancel()
            pending = list(wait(pending, timeout=0.25).not_done)


FUNCTION_MAX_ARGUMENTS = 100
"""PostgreSQL's limit on the arguments of one function call."""

VALUE_COUNTS_PER_STATEMENT = 100
"""Columns whose value counts one GROUPING SETS statement computes (two output columns each)."""

AGGREGATES_PER_STATEMENT = 400
"""Aggregates computed in one statement at most (a 20-column table needs about 100)."""


def _batches(aggregates: list[tuple[str, str, Any]]) -> list[list[tuple[str, str, Any]]]:
    return [
        aggregates[i : i + AGGREGATES_PER_STATEMENT]
        for i in range(0, len(aggregates), AGGREGATES_PER_STATEMENT)
    ]


def _aggregate(
    conn: sa.Connection, rel: sa.FromClause, aggregates: list[tuple[str, str, Any]]
) -> dict[tuple[str, str], Any]:
    """Run aggregates as one statement over the relation: {(column, metric): value}."""
    import sqlalchemy as sa

    labelled = [expr.label(f"m{i}") for i, (_c, _m, expr) in enumerate(aggregates)]
    row = conn.execute(sa.select(*labelled).select_from(rel)).one()
    return {(c, m): row[i] for i, (c, m, _e) in enumerate(aggregates)}


def _blank(expr: Any) -> Any:
    """Empty or only blanks. The cheap tests go first: trim() runs only on values that start with a blank."""
    import sqlalchemy as sa

    return sa.or_(expr == "", expr.like(" %")) & (sa.func.trim(expr) == "")


def _missing_per_row(columns: Sequence[Column], col: Mapping[str, Any], traits: Dialect) -> Any:
    """How many of a row's values are null or blank."""
    import sqlalchemy as sa

    if traits.null_count_function:  # one call per row instead of one CASE per column
        present = [
            sa.case((_blank(col[c.name]), sa.null()), else_=col[c.name])
            if c.kind is ColumnKind.STRING
            else col[c.name]
            for c in columns
        ]
        count = getattr(sa.func, traits.null_count_function)
        # PostgreSQL passes at most 100 arguments to a function: a wide row is counted in parts.
        parts = [
            count(*present[i : i + FUNCTION_MAX_ARGUMENTS])
            for i in range(0, len(present), FUNCTION_MAX_ARGUMENTS)
        ]
        return _balanced_sum(parts)
    cases = [
        sa.case((col[c.name].is_(None), 1), (_blank(col[c.name]), 1), else_=0)
        if c.kind is ColumnKind.STRING
        else sa.case((col[c.name].is_(None), 1), else_=0)
        for c in columns
    ]
    return _balanced_sum([sa.literal(0), *cases])


def _balanced_sum(terms: Sequence[Any]) -> Any:
    """``a + b + c + …`` as a balanced tree: a left-deep chain over 1,000 columns exceeds the
    expression depth engines allow (DuckDB stops at 1,000); a tree is log2(n) deep."""
    import sqlalchemy as sa

    if len(terms) == 1:
        return terms[0]
    middle = len(terms) // 2
    # A CAST keeps the tree: SQLAlchemy prints nested + flat again, parentheses and all.
    return sa.cast(_balanced_sum(terms[:middle]) + _balanced_sum(terms[middle:]), sa.Integer)


def _column_aggregates(
    c: Column, expr: Any, traits: Dialect, now: dt.datetime, *, exact_distinct: bool = True
) -> list[tuple[str, Any]]:
    import sqlalchemy as sa

    out: list[tuple[str, Any]] = [("non_null", sa.func.count(expr))]
    if c.kind is ColumnKind.OTHER:
        return out
    if exact_distinct:
        key = traits.distinct_key(expr, is_text=c.kind is ColumnKind.STRING)
        out.append(("distinct", sa.func.count(sa.distinct(key))))
    elif traits.approx_distinct_function:
        # Numbers and dates only feed thresholds: an estimate spares one hash table per column,
        # which on wide tables is what pushes an exact pass past its memory and onto disk.
        out.append(("distinct", getattr(sa.func, traits.approx_distinct_function)(expr)))
    # Otherwise no count at all: an exact distinct count of every number column is most of the
    # cost of the pass on a warehouse, and the checks that want one estimate it from the sample.
    if c.kind is ColumnKind.STRING:
        # Placeholders are ASCII, so they compare in the engine's cheapest collation where it has
        # one; and no placeholder is long, so lower() and trim() skip long text.
        trimmed = (
            sa.func.trim(expr)
            if traits.ascii_collation is None
            else sa.collate(sa.func.trim(expr), traits.ascii_collation)
        )
        out += [
            ("blank", traits.count_if(_blank(expr))),
            (
                "disguised",
                traits.count_if(
                    (traits.byte_length(expr) <= PLACEHOLDER_MAX_LENGTH)
                    & sa.func.lower(trimmed).in_(DISGUISED_MISSING)
                ),
            ),
            ("untrimmed", traits.count_if(sa.or_(expr.like(" %"), expr.like("% ")))),
            ("with_space", traits.count_if(expr.like("% %"))),
            ("min_length", sa.func.min(traits.length(expr))),
            ("max_length", sa.func.max(traits.length(expr))),
        ]
    elif c.kind is ColumnKind.NUMBER:
        out += [
            ("min", sa.func.min(expr)),
            ("max", sa.func.max(expr)),
            ("negative", traits.count_if(expr < 0)),
        ]
    elif c.kind.is_temporal:
        limit: Any = (now + dt.timedelta(days=1)).replace(tzinfo=None)
        if c.kind is ColumnKind.DATE:
            limit = limit.date()
        out += [
            ("min", sa.func.min(expr)),
            ("max", sa.func.max(expr)),
            ("future", traits.count_if(expr > limit)),
        ]
    return out


FEW_VALUES_HINT = 1_000
"""Text columns the engine estimates at no more distinct values than this are measured from their value counts."""

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _text_figures(counts: Sequence[tuple[Any, int]]) -> dict[str, Any]:
    """The aggregate pass's text figures, from every value and its count: the same definitions, in Python.

    Blank: only spaces (trim removes spaces); placeholders: at most PLACEHOLDER_MAX_LENGTH bytes,
    trimmed and lower-cased in ASCII as the byte-wise collation does; untrimmed: a leading or
    trailing space; lengths in characters.
    """
    placeholders = set(DISGUISED_MISSING)
    figures: dict[str, Any] = dict.fromkeys(("blank", "disguised", "untrimmed", "with_space"), 0)
    figures.update(
        non_null=sum(n for _v, n in counts), distinct=len(counts), min_length=None, max_length=None
    )
    for value, n in counts:
        text = str(value)
        trimmed = text.strip(" ")
        figures["blank"] += n if trimmed == "" else 0
        short = len(text.encode()) <= PLACEHOLDER_MAX_LENGTH
        figures["disguised"] += (
            n if short and trimmed.translate(_ASCII_LOWER) in placeholders else 0
        )
        figures["untrimmed"] += n if text.startswith(" ") or text.endswith(" ") else 0
        figures["with_space"] += n if " " in text else 0
        length = len(text)
        figures["min_length"] = (
            length if figures["min_length"] is None else min(figures["min_length"], length)
        )
        figures["max_length"] = (
            length if figures["max_length"] is None else max(figures["max_length"], length)
        )
    return figures


def _value_count_jobs(
    stage: str,
    columns: Sequence[Column],
    col: Mapping[str, Any],
    rel: sa.FromClause,
    traits: Dialect,
    *,
    limit: int | None,
) -> dict[Any, Job]:
    """Jobs counting the values of ``columns``, named (stage, n): GROUPING SETS scans of up to
    VALUE_COUNTS_PER_STATEMENT columns where the engine has them, else one GROUP BY per column.
    Each job returns a list of value counts, one per column, in order (see :func:`_value_counts_of`)."""
    if traits.grouping_sets and (len(columns) > 1 or limit is None):
        return {
            (stage, i): partial(
                _value_counts_together,
                rel=rel,
                limit=limit,
                exprs=[col[c.name] for c in columns[i : i + VALUE_COUNTS_PER_STATEMENT]],
            )
            for i in range(0, len(columns), VALUE_COUNTS_PER_STATEMENT)
        }
    return {
        (stage, i): partial(_top_values_of, rel=rel, expr=col[c.name], traits=traits)
        for i, c in enumerate(columns)
    }


def _value_counts_of(done: Mapping[Any, Any], stage: str) -> list[tuple[tuple[Any, int], ...]]:
    """The value counts the jobs of ``stage`` returned, one per column, in the columns' order."""
    return [counts for name, result in done.items() if name[0] == stage for counts in result]


def _value_counts_together(
    conn: sa.Connection,
    rel: sa.FromClause,
    exprs: list[Any],
    limit: int | None = TOP_VALUES_MAX_DISTINCT,
) -> list[tuple[tuple[Any, int], ...]]:
    """:func:`_top_values` of several columns from one scan, with GROUPING SETS ((a), (b), ...).

    ``limit=None`` keeps every value (the column's text figures are then computed from them).
    """
    import sqlalchemy as sa

    flags = [sa.func.grouping(e).label(f"g{i}") for i, e in enumerate(exprs)]
    values = [e.label(f"v{i}") for i, e in enumerate(exprs)]
    stmt = (
        sa.select(*values, *flags, sa.func.count().label("n"))
        .select_from(rel)
        .group_by(sa.func.grouping_sets(*(sa.tuple_(e) for e in exprs)))
    )
    out: list[list[tuple[Any, int]]] = [[] for _ in exprs]
    for row in conn.execute(stmt):
        i = next(
            k for k in range(len(exprs)) if row[len(exprs) + k] == 0
        )  # the set this row belongs to
        if row[i] is not None:
            out[i].append((row[i], int(row[-1])))
    return [tuple(sorted(counts, key=lambda vn: -vn[1])[:limit]) for counts in out]


def _top_values_of(
    conn: sa.Connection, rel: sa.FromClause, expr: Any, traits: Dialect
) -> list[tuple[tuple[Any, int], ...]]:
    return [_top_values(conn, rel, expr, traits)]


def _top_values(
    conn: sa.Connection, rel: sa.FromClause, expr: Any, traits: Dialect
) -> tuple[tuple[Any, int], ...]:
    """Every value of a text column with its count, most frequent first (at most TOP_VALUES_MAX_DISTINCT)."""
    import sqlalchemy as sa

    value = sa.func.min(expr) if traits.binary_grouping else expr
    stmt = (
        sa.select(value.label("value"), sa.func.count().label("n"))
        .select_from(rel)
        .where(expr.is_not(None))
        .group_by(traits.group_key(expr))
        .order_by(sa.desc("n"))
        .limit(TOP_VALUES_MAX_DISTINCT)
    )
    rows = conn.execute(stmt).all()
    return tuple((r[0], int(r[1])) for r in rows)


def _duplicate_count(conn: sa.Connection, rel: sa.FromClause, exprs: list[Any]) -> int:
    """Rows beyond the first in every group of identical values: the rows a de-duplication would drop."""
    import sqlalchemy as sa

    groups = (
        sa.select(sa.func.count().label("n"))
        .select_from(rel)
        .where(sa.and_(*(e.is_not(None) for e in exprs)) if len(exprs) == 1 else sa.true())
        .group_by(*exprs)
        .having(sa.func.count() > 1)
        .subquery("dup")
    )
    extra = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(groups.c.n - 1), 0))).scalar()
    return int(extra or 0)


def _duplicate_rows(
    conn: sa.Connection,
    rel: sa.FromClause,
    columns: tuple[Column, ...],
    col: dict[str, Any],
    traits: Dialect,
) -> int | None:
    import sqlalchemy as sa

    groupable = [col[c.name] for c in columns if c.kind is not ColumnKind.OTHER]
    if len(groupable) != len(columns):
        return (
            None  # a JSON or binary column cannot be grouped everywhere; exact duplicates unknown
        )
    if traits.row_hash_function and len(groupable) > 1:
        # Grouping by one 64-bit hash is far cheaper than by every column. Only rows whose hash
        # repeats can be copies; those few are then compared column by column, so the count stays exact.
        row_hash = getattr(sa.func, traits.row_hash_function)(*groupable)
        repeated = (
            sa.select(row_hash.label("h"))
            .select_from(rel)
            .group_by(row_hash)
            .having(sa.func.count() > 1)
        ).subquery("repeated")
        candidates = (
            sa.select(*groupable)
            .select_from(rel)
            .where(row_hash.in_(sa.select(repeated.c.h)))
            .subquery("candidates")
        )
        return _duplicate_count(conn, candidates, [candidates.c[c.name] for c in columns])
    return _duplicate_count(conn, rel, groupable)
