"""Great Expectations 1.x: the only module that imports ``great_expectations``, and only inside functions.

An audit of a project without suites never pays for the import. How a suite runs:

* SQL sources run through GX's SQL execution engine on a read-only connection, so the database
  computes every metric and only numbers (plus up to 20 example values of a failing expectation)
  cross the wire.
* Files, DataFrames and DuckDB databases run through GX's pandas engine: GX 1.x cannot use DuckDB
  as a SQL datasource. Columns are read through dataready's own DuckDB path one group at a time
  (only the columns an expectation names), in dtypes GX evaluates without a Python call per value.
* Each suite runs with ``result_format="BOOLEAN_ONLY"`` first (on SQL: one bundled aggregate query
  instead of one query per expectation); only the expectations that failed run again with
  ``"BASIC"`` to collect their unexpected counts and examples.

An expectation that cannot run (unknown column, wrong type) is an error outcome, never a silent pass.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready._version import install_hint
from dataready.errors import ConfigError
from dataready.model import (
    Source,
)

if TYPE_CHECKING:
    import pandas as pd

    from dataready.connectors.base import Connector, OpenedSource
from dataready.model.suites import Outcome, Suite, SuiteRun, expectation_columns

EXAMPLES = 5
"""Example values kept per failed expectation (GX returns up to 20)."""

_SCHEMA_TYPES = frozenset(
    {
        "expect_table_columns_to_match_set",
        "expect_table_columns_to_match_ordered_list",
        "expect_table_column_count_to_equal",
        "expect_table_column_count_to_be_between",
        "expect_column_to_exist",
    }
)
"""Expectations about the columns themselves: on pandas they run on the schema (no rows read)."""


INSTALL_HINT = f"Great Expectations is not installed; {install_hint('expectations')}"

_NS_MIN, _NS_MAX = dt.datetime(1677, 9, 22), dt.datetime(2262, 4, 11)
"""The range of nanosecond timestamps, the only ones GX's pandas engine compares."""


def gx_available() -> bool:
    """Whether Great Expectations can be imported (it is an optional extra)."""
    import importlib.util

    try:
        return importlib.util.find_spec("great_expectations") is not None
    except (ImportError, ValueError):  # blocked or half-installed: not usable either
        return False


def require_gx() -> None:
    if not gx_available():
        raise ConfigError(f"expectation suites need Great Expectations: {INSTALL_HINT}")


def gx_suite(
    suite: Suite, expectations: Sequence[dict[str, Any]] | None = None, *, ids: Sequence[str] = ()
) -> Any:
    """The suite (or a subset of its expectations) as a GX ``ExpectationSuite``.

    Each expectation is built on its own first, so that an unknown type or a bad argument is
    reported with its position instead of being dropped (GX only logs unknown types).
    """
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    from great_expectations.expectations.registry import get_expectation_impl

    gx_context()  # GX needs a context to build suites; ours is ephemeral
    items = list(suite.expectations if expectations is None else expectations)
    built = []
    for i, item in enumerate(items):
        position = suite.expectations.index(item) + 1 if item in suite.expectations else i + 1
        where = f"{suite.path}: expectation {position} ({item['type']})"
        try:
            get_expectation_impl(item["type"])
        except Exception:
            raise ConfigError(
                f"{where}: unknown expectation type; see the Great Expectations 1.x expectation gallery"
            ) from None
        config: dict[str, Any] = {
            "type": item["type"],
            "kwargs": item["kwargs"],
            "meta": item.get("meta") or {},
        }
        if item.get("severity") is not None:
            config["severity"] = item["severity"]
        try:
            ExpectationConfiguration(**config).to_domain_obj()
        except Exception as exc:
            raise ConfigError(f"{where}: {pydantic_message(exc)}") from None
        if ids:
            config["id"] = ids[i]
        built.append(ExpectationConfiguration(**config))
    result = ExpectationSuite(
        name=suite.name, expectations=built, meta=dict(suite.meta), notes=suite.notes
    )
    if len(result.expectations) != len(
        items
    ):  # GX drops what it cannot build; never run a partial suite
        raise ConfigError(
            f"{suite.path}: only {len(result.expectations)} of {len(items)} expectations loaded"
        )
    return result


_CONTEXT: Any = None

_CONTEXT_LOCK = threading.Lock()


def gx_context() -> Any:
    """One ephemeral GX context per process: no gx/ folder, no usage statistics, no progress bars."""
    global _CONTEXT
    with _CONTEXT_LOCK:
        if _CONTEXT is None:
            import warnings

            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            # GX warns about choices it cannot know were deliberate (the generic SQL datasource, ...).
            # A filter on its own modules, set once: catch_warnings() is not thread-safe, and suites
            # run beside the audit's checks.
            warnings.filterwarnings("ignore", module=r"great_expectations(\.|$)")
            context = gx.get_context(mode="ephemeral")
            context.variables.progress_bars = ProgressBarsConfig(
                globally=False, metric_calculations=False
            )
            _CONTEXT = context
        return _CONTEXT


def prepare_in_background() -> None:
    """Import Great Expectations and build its context on a thread of its own.

    Importing GX takes about two seconds of CPU; an audit spends its first seconds waiting for the
    database, so the import costs nothing there. Runs that need the context wait for it.
    """
    if _CONTEXT is None and gx_available():
        threading.Thread(
            target=_quietly(gx_context), name="dataready-gx-import", daemon=True
        ).start()


def _quietly(function: Callable[[], Any]) -> Callable[[], None]:
    def run() -> None:
        with contextlib.suppress(Exception):  # the run that needs the context reports the failure
            function()

    return run


def runs_in_database(connector: Connector, opened: OpenedSource) -> bool:
    """Whether GX validates this source in its database, on a connection of its own.

    Such a run reads only ``opened``'s description (dialect, traits, columns), never its connection,
    so it may go on after the source is closed.
    """
    return connector.kind == "sql" and opened.traits.gx_datasource is not None


def run_suite(
    suite: Suite,
    source: Source,
    connector: Connector,
    opened: OpenedSource,
    *,
    root: Path | None = None,
    own_connection: bool = False,
) -> SuiteRun:
    """Run a suite against an opened source: dataready answers what it can, GX the rest.

    The expectations :mod:`dataready.suites.native` evaluates run on the source's connection (on
    one of their own with ``own_connection``, for a run beside the measurement); GX, imported only
    when something is left, runs the others in the database where it can, else on pandas.
    Never raises on data problems: an expectation that cannot be evaluated comes back as ``error``.
    """
    from dataready.connectors.base import reraise_interrupt
    from dataready.suites import native

    started = time.perf_counter()
    items = list(enumerate(suite.expectations))
    in_database = runs_in_database(connector, opened)
    engine = native.Engine(opened.relation, opened.columns, opened.traits, in_database)
    answered: dict[int, dict[str, Any]] = {}
    try:
        if own_connection:
            with opened.connection.engine.connect() as connection:
                answered = native.evaluate(items, engine, connection)
        else:
            answered = native.evaluate(items, engine, opened.connection)
    except Exception as exc:  # the source refused a statement: GX runs the whole suite
        reraise_interrupt(exc)
        answered = {}
    results = {i: native.outcome(e, answered[i]) for i, e in items if i in answered}
    rest = [(i, e) for i, e in items if i not in answered]
    ours = f"dataready ({opened.traits.name})"
    label = ours
    if rest:
        if not gx_available():
            results.update(
                _failed_everything(
                    rest, f"this expectation needs Great Expectations: {INSTALL_HINT}"
                )
            )
        elif in_database:
            label = f"sql ({opened.traits.name})"
            results.update(_run_sql(suite, rest, source, connector, opened))
        else:
            label = "pandas"
            results.update(_run_pandas(suite, rest, opened, getattr(connector, "frame", None)))
        if answered:
            label = f"{ours} + GX {label}"
    outcomes = tuple(results[i] for i, _e in items)
    return SuiteRun(source.name, suite, outcomes, label, time.perf_counter() - started, root=root)


Validate = Callable[[list[tuple[int, dict[str, Any]]], str], dict[int, Outcome]]


def _two_passes(validate: Validate, items: list[tuple[int, dict[str, Any]]]) -> dict[int, Outcome]:
    """BOOLEAN_ONLY for every expectation, then BASIC for the failed ones only."""
    outcomes = validate(items, "BOOLEAN_ONLY")
    failed = [(i, e) for i, e in items if outcomes[i].status == "failed"]
    if failed:
        outcomes.update(validate(failed, "BASIC"))
    return outcomes


def _validator(suite: Suite, batch: Any) -> Validate:
    def validate(items: list[tuple[int, dict[str, Any]]], result_format: str) -> dict[int, Outcome]:
        ids = [str(uuid.UUID(int=i + 1)) for i, _e in items]
        gx = gx_suite(suite, [e for _i, e in items], ids=ids)
        result = batch.validate(gx, result_format=result_format)
        by_id = {r.expectation_config.id: r for r in result.results}
        return {i: _outcome(e, by_id.get(ids[k])) for k, (i, e) in enumerate(items)}

    return validate


def _outcome(item: dict[str, Any], result: Any) -> Outcome:
    kind, kwargs, severity = item["type"], item["kwargs"], str(item.get("severity") or "critical")
    if result is None:
        return Outcome(
            kind, kwargs, "error", severity, error="Great Expectations returned no result"
        )
    error = _exception_message(getattr(result, "exception_info", None) or {})
    if error is not None:
        return Outcome(kind, kwargs, "error", severity, error=error)
    rr = result.result or {}
    return Outcome(
        kind,
        kwargs,
        "passed" if result.success else "failed",
        severity,
        unexpected_count=_int(rr.get("unexpected_count")),
        unexpected_percent=_float(rr.get("unexpected_percent")),
        element_count=_int(rr.get("element_count")),
        missing_count=_int(rr.get("missing_count")),
        observed=_plain(rr.get("observed_value")),
        examples=tuple(_plain(v) for v in (rr.get("partial_unexpected_list") or [])[:EXAMPLES]),
    )


def _exception_message(info: Mapping[Any, Any]) -> str | None:
    """GX reports exceptions flat ({raised_exception, exception_message}) or per metric ({id: {...}})."""
    if info.get("raised_exception"):
        return _clean_error(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, Mapping) and value.get("raised_exception"):
            return _clean_error(value.get("exception_message"))
    return None


def _clean_error(message: Any) -> str:
    text = str(message or "unknown error").strip()
    text = text.splitlines()[0] if text else "unknown error"
    text = re.sub(r"^Error: ", "", text)
    if "No provider found" in text:
        text += " (this expectation is not implemented for this engine)"
    return text[:300]


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        number = None if value is None else float(value)
    except (TypeError, ValueError):
        return None
    return None if number is None or math.isnan(number) else number


def _plain(value: Any) -> Any:
    """numpy and pandas scalars as plain Python values."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        return iso()
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return _plain(item())
        except (TypeError, ValueError):
            pass
    return str(value)


def _failed_everything(items: list[tuple[int, dict[str, Any]]], message: str) -> dict[int, Outcome]:
    return {
        i: Outcome(
            e["type"], e["kwargs"], "error", str(e.get("severity") or "critical"), error=message
        )
        for i, e in items
    }


def gx_connection(url: str) -> tuple[str, dict[str, Any]]:
    """The connection string and engine arguments that keep GX's connections read-only."""
    import sqlalchemy as sa

    from dataready.connectors.dialects import dialect_for

    return dialect_for(sa.make_url(url).get_backend_name()).gx_connection(url)


def _run_sql(
    suite: Suite,
    items: list[tuple[int, dict[str, Any]]],
    source: Source,
    connector: Connector,
    opened: OpenedSource,
) -> dict[int, Outcome]:

    from dataready.connectors.sql import scrub

    url = connector.secret_location
    context = gx_context()
    name = f"dataready_{uuid.uuid4().hex[:12]}"
    connection_string, kwargs = opened.traits.gx_connection(url)
    datasource = None
    try:
        adder = getattr(context.data_sources, opened.traits.gx_datasource or "add_sql")
        datasource = adder(name=name, connection_string=connection_string, kwargs=kwargs)
        if source.query:
            asset = datasource.add_query_asset(name="source", query=source.query)
        else:
            # GX puts the table name into SQL as it is: quote it where the dialect needs quotes.
            table = opened.connection.dialect.identifier_preparer.quote(source.table or "")
            # schema_name is deprecated in GX 1.x but still the only way to name another schema.
            in_schema = {"schema_name": source.schema} if source.schema else {}
            asset = datasource.add_table_asset(name="source", table_name=table, **in_schema)
        batch = asset.add_batch_definition_whole_table("all rows").get_batch()
        return _two_passes(_validator(suite, batch), items)
    except ConfigError:
        raise
    except Exception as exc:
        return _failed_everything(
            items, f"Great Expectations could not query the source: {scrub(_clean_error(exc), url)}"
        )
    finally:
        if datasource is not None:
            # Close GX's pooled connections now rather than when they are collected.
            with contextlib.suppress(Exception):
                datasource.get_execution_engine().engine.dispose()
            with contextlib.suppress(Exception):
                engine = getattr(datasource, "_engine", None)
                if engine is not None:
                    engine.dispose()
            with contextlib.suppress(Exception):
                context.data_sources.delete(name)


@contextlib.contextmanager
def _no_group_warning() -> Iterator[None]:
    """pandas warns when GX's regex match (str.contains) meets a pattern with capture groups; the result is right."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message="This pattern is interpreted as a regular expression, and has match groups",
        )
        yield


@dataclass
class _Group:
    columns: tuple[str, ...]
    items: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    schema_only: bool = False


def column_groups(
    items: Sequence[tuple[int, dict[str, Any]]], available: Sequence[str]
) -> list[_Group]:
    """Expectations grouped by the columns they read, so each group loads only those columns.

    Column-set expectations run on the schema alone; an expectation with a row condition (which
    may name any column) gets every column; table-level ones (row counts) join the first group.
    """
    names = set(available)
    groups: dict[tuple[str, ...], _Group] = {}
    schema = _Group(tuple(available), schema_only=True)
    table_level: list[tuple[int, dict[str, Any]]] = []
    for i, e in items:
        kwargs = e["kwargs"]
        if e["type"] in _SCHEMA_TYPES:
            schema.items.append((i, e))
            continue
        if kwargs.get("row_condition"):
            key: tuple[str, ...] = tuple(available)
        else:
            wanted = expectation_columns(kwargs)
            if not wanted:
                table_level.append((i, e))
                continue
            # A column the source lacks is not loaded; GX then reports it as missing.
            key = tuple(dict.fromkeys(c for c in wanted if c in names))
        groups.setdefault(key, _Group(key)).items.append((i, e))
    ordered = list(groups.values())
    if table_level:
        if ordered and ordered[0].columns:
            ordered[0].items.extend(table_level)
        else:
            ordered.insert(0, _Group(tuple(available[:1]), table_level))
    return ([schema] if schema.items else []) + ordered


def _run_pandas(
    suite: Suite,
    items: list[tuple[int, dict[str, Any]]],
    opened: OpenedSource,
    frame: pd.DataFrame | None,
) -> dict[int, Outcome]:
    available = [c.name for c in opened.columns]
    context = gx_context()
    name = f"dataready_{uuid.uuid4().hex[:12]}"
    outcomes: dict[int, Outcome] = {}
    with _no_fingerprint(), _no_group_warning():
        try:
            asset = context.data_sources.add_pandas(name).add_dataframe_asset("source")
            definition = asset.add_batch_definition_whole_dataframe("all rows")
            for group in column_groups(items, available):
                try:
                    data = _load(opened, frame, group.columns, schema_only=group.schema_only)
                except Exception as exc:
                    outcomes.update(
                        _failed_everything(
                            group.items, f"could not read the columns: {_clean_error(exc)}"
                        )
                    )
                    continue
                batch = definition.get_batch(batch_parameters={"dataframe": data})
                outcomes.update(_two_passes(_validator(suite, batch), group.items))
                del batch, data
        except ConfigError:
            raise
        except Exception as exc:
            missing = [(i, e) for i, e in items if i not in outcomes]
            outcomes.update(
                _failed_everything(
                    missing, f"Great Expectations could not run: {_clean_error(exc)}"
                )
            )
        finally:
            with contextlib.suppress(Exception):
                context.data_sources.delete(name)
    return outcomes


def _load(
    opened: OpenedSource, frame: pd.DataFrame | None, columns: Sequence[str], *, schema_only: bool
) -> pd.DataFrame:
    import pandas as pd
    import sqlalchemy as sa

    if frame is not None:
        data = frame.head(0) if schema_only else frame[list(columns)]
    elif not columns:
        count = (
            opened.connection.execute(
                sa.select(sa.func.count()).select_from(opened.relation)
            ).scalar()
            or 0
        )
        data = pd.DataFrame(index=pd.RangeIndex(int(count)))
    else:
        statement: Any = sa.select(*(sa.column(c) for c in columns)).select_from(opened.relation)
        data = opened.fetch_frame(statement.limit(0) if schema_only else statement)
    return gx_friendly(data)


def gx_friendly(data: pd.DataFrame) -> pd.DataFrame:
    """Lossless dtypes GX evaluates vectorised: 64-bit numbers, nanosecond timestamps.

    GX compares values one Python call at a time for any other dtype (int32, float32, nullable
    integers, microsecond timestamps): the same verdicts, many times slower.
    """
    import numpy as np
    import pandas as pd

    changed: dict[str, Any] = {}
    for name in data.columns:
        series = data[name]
        dtype = series.dtype
        if pd.api.types.is_bool_dtype(dtype):
            if isinstance(dtype, pd.BooleanDtype) and not series.hasnans:
                changed[name] = series.astype(bool)
            continue
        if pd.api.types.is_integer_dtype(dtype):
            if dtype == np.int64:
                continue
            if not series.hasnans and (str(dtype) != "UInt64" and str(dtype) != "uint64"):
                changed[name] = series.astype("int64")
            elif series.hasnans and (series.dropna().abs() <= 2**53).all():
                changed[name] = series.astype("float64")  # NaN for null, every value exact
        elif pd.api.types.is_float_dtype(dtype) and dtype != np.float64:
            changed[name] = series.astype("float64")
        elif pd.api.types.is_datetime64_any_dtype(dtype) and not isinstance(
            dtype, pd.DatetimeTZDtype
        ):
            values = series.dropna()
            fits = values.empty or (values.min() >= _NS_MIN and values.max() <= _NS_MAX)
            if dtype != np.dtype("datetime64[ns]") and fits:
                changed[name] = series.astype("datetime64[ns]")
    if not changed:
        return data
    return data.assign(**changed)


@contextlib.contextmanager
def _no_fingerprint() -> Iterator[None]:
    """Skip GX's md5 fingerprint of every pandas batch: batch metadata only, and most of its runtime."""
    try:
        import great_expectations.execution_engine.pandas_execution_engine as engine
    except ImportError:  # pragma: no cover - a GX without the module
        yield
        return
    previous = getattr(engine, "HASH_THRESHOLD", None)
    if previous is None:
        yield
        return
    engine.HASH_THRESHOLD = 0
    try:
        yield
    finally:
        engine.HASH_THRESHOLD = previous


def pydantic_message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            parts = []
            for e in errors():
                loc = ".".join(str(p) for p in e.get("loc", ()) if p != "__root__")
                parts.append(f"{loc}: {e.get('msg')}" if loc else str(e.get("msg")))
            return (
                "; ".join(parts) + " (check the arguments against the expectation's documentation)"
            )
        except Exception:
            pass
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
