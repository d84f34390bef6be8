"""Great Expectations 1.x suites: load them, run them against a source, suggest a starter suite.

This is the only module that imports ``great_expectations``, and only inside functions: an audit
of a project without suites never pays for the import. Suites stay pure GX 1.x JSON (what
``ExpectationSuite.to_json_dict()`` writes), so a team can move them between dataready and GX.

How a suite runs:

* SQL sources run through GX's SQL execution engine on a read-only connection, so the database
  computes every metric and only numbers (plus up to 20 example values of a failing expectation)
  cross the wire.
* Files, DataFrames and DuckDB databases run through GX's pandas engine: GX 1.x cannot use DuckDB
  as a SQL datasource. Columns are read through dataready's own DuckDB path one group at a time
  (only the columns an expectation names), in dtypes GX evaluates without a Python call per value.
* Each suite runs with ``result_format="BOOLEAN_ONLY"`` first (on SQL: one bundled aggregate query
  instead of one query per expectation); only the expectations that failed run again with
  ``"BASIC"`` to collect their unexpected counts and examples.

A suite that cannot be loaded (0.x format, unknown expectation type, bad arguments) raises
:class:`ConfigError`; an expectation that cannot run (unknown column, wrong type) is an error
finding, never a silent pass.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready.errors import ConfigError, SourceError
from dataready.model import (
    Basis,
    Column,
    ColumnKind,
    Dimension,
    Finding,
    Measurement,
    Remediation,
    Severity,
    Source,
)
from dataready.reporting.outputs import write_text

if TYPE_CHECKING:
    import pandas as pd

    from dataready.config import Project, SourceConfig
    from dataready.connectors.base import Connector, OpenedSource

SUITES_FOLDER = "expectations"
"""Suites live in ``<project>/expectations/<source name>.json``."""

SUITE_CHECK = "expectation_suite"
"""The informational finding that lists every expectation of a suite and its outcome."""
EXPECTATION_CHECK = "expectation"
"""A failed expectation."""
BROKEN_CHECK = "expectation_error"
"""An expectation that could not run: always a gate failure."""

EXAMPLES = 5
"""Example values kept per failed expectation (GX returns up to 20)."""

_SEVERITY = {"critical": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
"""GX 1.x expectation severity → finding severity."""

_DIMENSION = {
    "expect_column_values_to_not_be_null": Dimension.COMPLETENESS,
    "expect_column_values_to_be_null": Dimension.COMPLETENESS,
    "expect_table_row_count_to_be_between": Dimension.COMPLETENESS,
    "expect_table_row_count_to_equal": Dimension.COMPLETENESS,
    "expect_table_row_count_to_equal_other_table": Dimension.COMPLETENESS,
    "expect_column_values_to_be_unique": Dimension.UNIQUENESS,
    "expect_compound_columns_to_be_unique": Dimension.UNIQUENESS,
    "expect_select_column_values_to_be_unique_within_record": Dimension.UNIQUENESS,
    "expect_column_proportion_of_unique_values_to_be_between": Dimension.UNIQUENESS,
    "expect_column_pair_values_to_be_equal": Dimension.CONSISTENCY,
    "expect_column_pair_values_a_to_be_greater_than_b": Dimension.CONSISTENCY,
    "expect_multicolumn_sum_to_equal": Dimension.CONSISTENCY,
}
"""Where a failed expectation counts; every other type counts under validity."""

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

_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")

# PyMySQL waits forever for an answer unless told otherwise: GX's statements get the audit's
# default statement limit (600 s) plus a grace, as a client-side bound.
_MYSQL_GX = {
    "connect_timeout": 10,
    "read_timeout": 630,
    "write_timeout": 630,
    "init_command": "SET SESSION TRANSACTION READ ONLY",
}
_READ_ONLY_CONNECT_ARGS: dict[str, dict[str, Any]] = {
    "postgresql": {"connect_timeout": 10},
    "mysql": _MYSQL_GX,
    "mariadb": _MYSQL_GX,
}
"""Connection settings that keep GX's own connections read-only, as the audit's are (sql.py)."""

_GX_DATASOURCE = {"sqlite": "add_sqlite", "postgresql": "add_postgres"}
"""GX's datasource per SQLAlchemy backend; others use the generic ``add_sql``."""

_GX_SQL_UNSUPPORTED = frozenset({"duckdb"})
"""Dialects GX 1.x cannot validate through SQL (results are fetched after the connection closes)."""


INSTALL_HINT = "Great Expectations is not installed; pip install 'dataready[expectations]'"


def gx_available() -> bool:
    """Whether Great Expectations can be imported (it is an optional extra)."""
    import importlib.util

    return importlib.util.find_spec("great_expectations") is not None


def require_gx() -> None:
    if not gx_available():
        raise ConfigError(f"expectation suites need Great Expectations: {INSTALL_HINT}")


# --- suite files -------------------------------------------------------------------------


@dataclass(frozen=True)
class Suite:
    """One suite file: its GX 1.x JSON, checked to load into GX without losing an expectation."""

    path: Path
    name: str
    expectations: tuple[dict[str, Any], ...]
    """Each as in the file: ``{"type", "kwargs", "meta", ...}``."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    notes: Any = None

    def shown_path(self, root: Path | None = None) -> str:
        if root is not None:
            with contextlib.suppress(ValueError):
                return self.path.resolve().relative_to(root.resolve()).as_posix()
        return str(self.path)


def load_suite(path: str | Path, *, build_in_gx: bool = True) -> Suite:
    """Read a GX 1.x suite file and check every expectation loads; raise ConfigError naming what is wrong.

    ``build_in_gx=False`` leaves out building the suite in GX (which imports it) for a caller that
    runs the suite anyway: running builds it and raises the same errors.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{file}: no such expectation suite file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read the suite: {exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{file}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    suite = suite_from_dict(document, path=file)
    if (
        build_in_gx and gx_available()
    ):  # without GX an audit reports the suite as not run (see audit_findings)
        gx_suite(suite)  # every expectation must load, or the suite is refused
    return suite


def suite_from_dict(document: Any, *, path: Path) -> Suite:
    """The structural checks that need no GX import (0.x format, missing fields)."""
    if not isinstance(document, dict):
        raise ConfigError(
            f"{path}: expected a JSON object with 'name' and 'expectations', got {type(document).__name__}"
        )
    items = document.get("expectations")
    if "expectation_suite_name" in document or (
        isinstance(items, list)
        and any(isinstance(e, dict) and "expectation_type" in e for e in items)
    ):
        raise ConfigError(
            f"{path}: a Great Expectations 0.x suite (expectation_suite_name, expectation_type); dataready runs "
            "GX 1.x suites: rename them to 'name' and 'type', or write a new one with 'dataready suggest'"
        )
    if not isinstance(items, list):
        raise ConfigError(f"{path}: 'expectations' must be a list of expectations")
    checked = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise ConfigError(
                f'{path}: expectation {i} has no \'type\'; write {{"type": "expect_...", "kwargs": {{...}}}}'
            )
        kwargs = item.get("kwargs", {})
        if not isinstance(kwargs, dict):
            raise ConfigError(
                f"{path}: expectation {i} ({item['type']}): 'kwargs' must be an object"
            )
        checked.append({**item, "kwargs": kwargs})
    name = (
        document.get("name")
        if isinstance(document.get("name"), str) and document.get("name")
        else path.stem
    )
    meta: dict[str, Any] = document["meta"] if isinstance(document.get("meta"), dict) else {}
    return Suite(
        path=path,
        name=str(name),
        expectations=tuple(checked),
        meta=meta,
        notes=document.get("notes"),
    )


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

    _context()  # GX needs a context to build suites; ours is ephemeral
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
            raise ConfigError(f"{where}: {_pydantic_message(exc)}") from None
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


def _pydantic_message(exc: Exception) -> str:
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


# --- which suite belongs to which source -------------------------------------------------


def default_suite_path(root: Path, source_name: str) -> Path:
    return root / SUITES_FOLDER / f"{source_name}.json"


def config_of(project: Project, source_name: str) -> SourceConfig | None:
    """The dataready.yml entry a source comes from (a database or folder entry expands to several)."""
    best = None
    for config in project.sources:
        name = config.name
        matches = source_name == name or source_name.startswith((name + ".", name + "/"))
        if matches and (best is None or len(name) > len(best.name)):
            best = config
    return best


def suites_for(
    project: Project,
    sources: Sequence[Source],
    *,
    explicit: Mapping[str, str | os.PathLike[str]] | None = None,
    implicit: bool = True,
    build_in_gx: bool = True,
) -> dict[str, Suite]:
    """The suite of each source that has one, loaded and checked.

    ``explicit`` maps source names to suite files; otherwise a source uses the file named in its
    ``suite:`` field, else ``expectations/<source name>.json`` when that exists (``implicit``).
    ``build_in_gx``: see :func:`load_suite`.
    """
    names = {s.name for s in sources}
    for name in explicit or {}:
        if name not in names:
            known = ", ".join(sorted(names)) or "none"
            raise ConfigError(f"suites: no source named {name!r}; sources: {known}")
    loaded: dict[Path, Suite] = {}
    found: dict[str, Suite] = {}
    for source in sources:
        path = (
            Path(explicit[source.name])
            if explicit and source.name in explicit
            else suite_path(project, source.name, implicit=implicit)
        )
        if path is None:
            continue
        key = path.resolve()
        if key not in loaded:
            loaded[key] = load_suite(path, build_in_gx=build_in_gx)
        found[source.name] = loaded[key]
    return found


def suite_path(project: Project, source_name: str, *, implicit: bool = True) -> Path | None:
    """The suite file of a source: its ``suite:`` field, else ``expectations/<name>.json`` if it exists."""
    config = config_of(project, source_name)
    if config is not None and config.suite:
        path = Path(config.suite).expanduser()
        path = path if path.is_absolute() else project.root / path
        if not path.is_file():
            raise ConfigError(
                f"sources[{config.name}].suite: {config.suite}: no such file (relative paths start at {project.root})"
            )
        return path
    candidate = default_suite_path(project.root, source_name)
    return candidate if implicit and candidate.is_file() else None


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What GX said about one expectation."""

    type: str
    kwargs: Mapping[str, Any]
    status: str
    """``passed``, ``failed`` or ``error`` (could not run)."""
    severity: str = "critical"
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    element_count: int | None = None
    missing_count: int | None = None
    observed: Any = None
    examples: tuple[Any, ...] = ()
    error: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return expectation_columns(self.kwargs)

    @property
    def label(self) -> str:
        """The expectation as reports name it; a column header that is personal data is masked."""
        from dataready.pii.masking import mask_text

        return f"{self.type}({', '.join(mask_text(c) for c in self.columns)})"

    @property
    def total(self) -> int | None:
        """Values the unexpected share is taken of: GX counts non-missing values, as here."""
        if self.element_count is None:
            return None
        return (
            self.element_count - (self.missing_count or 0)
            if self.missing_count is not None
            else self.element_count
        )

    def detail(self) -> str:
        """What went wrong, in words, without example values (they may be personal data)."""
        if self.status == "error":
            return f"could not run: {self.error}"
        if self.status == "passed":
            return "passed"
        if self.unexpected_count is not None:
            share = (
                f" ({self.unexpected_percent:.2f} %)" if self.unexpected_percent is not None else ""
            )
            of = f" of {self.total:,}" if self.total else ""
            return f"{self.unexpected_count:,}{of} values unexpected{share}" + _bounds_text(
                self.kwargs
            )
        if self.observed is not None:
            return f"observed {_short_value(self.observed)}" + _bounds_text(self.kwargs)
        return "failed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "expectation": self.label,
            "type": self.type,
            "columns": [_masked_name(c) for c in self.columns],
            "status": self.status,
            "severity": self.severity,
            "unexpected_count": self.unexpected_count,
            "unexpected_percent": None
            if self.unexpected_percent is None
            else round(self.unexpected_percent, 4),
            "element_count": self.element_count,
            "detail": self.detail(),
        }


def _masked_name(column: str) -> str:
    from dataready.pii.masking import mask_text

    return mask_text(column)


@dataclass(frozen=True)
class SuiteRun:
    """One suite run against one source."""

    source: str
    suite: Suite
    outcomes: tuple[Outcome, ...] = ()
    engine: str = ""
    """How GX ran it: ``sql (postgresql)``, ``pandas``."""
    seconds: float = 0.0
    error: str | None = None
    """Set when the source could not be read: nothing ran."""
    root: Path | None = field(default=None, compare=False)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def success(self) -> bool:
        return self.error is None and all(o.status == "passed" for o in self.outcomes)

    @property
    def suite_path(self) -> str:
        return self.suite.shown_path(self.root)

    def summary(self) -> str:
        n = len(self.outcomes)
        parts = [f"{self.count('passed')} of {n} expectation{'s' * (n != 1)} passed"]
        if self.count("failed"):
            parts.append(f"{self.count('failed')} failed")
        if self.count("error"):
            parts.append(f"{self.count('error')} could not run")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "suite": self.suite.name,
            "path": self.suite_path,
            "engine": self.engine,
            "seconds": round(self.seconds, 3),
            "success": self.success,
            "error": self.error,
            "evaluated": len(self.outcomes),
            "passed": self.count("passed"),
            "failed": self.count("failed"),
            "errors": self.count("error"),
            "expectations": [o.to_dict() for o in self.outcomes],
        }


def expectation_columns(kwargs: Mapping[str, Any]) -> tuple[str, ...]:
    cols: list[str] = []
    for key in _COLUMN_KWARGS:
        value = kwargs.get(key)
        if isinstance(value, str):
            cols.append(value)
        elif isinstance(value, (list, tuple)):
            cols.extend(str(v) for v in value)
    return tuple(cols)


def _bounds_text(kwargs: Mapping[str, Any]) -> str:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        return f"; expected between {_short_value(low)} and {_short_value(high)}"
    return (
        f"; expected at least {_short_value(low)}"
        if low is not None
        else f"; expected at most {_short_value(high)}"
    )


def _short_value(value: Any) -> str:
    if isinstance(value, dict) and "$PARAMETER" in value:
        return str(value["$PARAMETER"])
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return f"{len(value)} columns" if len(value) > 4 else ", ".join(map(str, value))
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


# --- running a suite ---------------------------------------------------------------------

_CONTEXT: Any = None
_CONTEXT_LOCK = threading.Lock()


def _context() -> Any:
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
        threading.Thread(target=_quietly(_context), name="dataready-gx-import", daemon=True).start()


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
    return connector.kind == "sql" and opened.traits.name not in _GX_SQL_UNSUPPORTED


def run_suite(
    suite: Suite,
    source: Source,
    connector: Connector,
    opened: OpenedSource,
    *,
    root: Path | None = None,
) -> SuiteRun:
    """Run a suite against an opened source: in the database where GX can, else on pandas.

    Never raises on data problems: an expectation GX cannot evaluate comes back as ``error``.
    """
    started = time.perf_counter()
    items = list(enumerate(suite.expectations))
    if runs_in_database(connector, opened):
        engine = f"sql ({opened.traits.name})"
        results = _run_sql(suite, items, source, connector, opened)
    else:
        engine = "pandas"
        results = _run_pandas(suite, items, opened, getattr(connector, "frame", None))
    outcomes = tuple(results[i] for i, _e in items)
    return SuiteRun(source.name, suite, outcomes, engine, time.perf_counter() - started, root=root)


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


# SQL ---------------------------------------------------------------------------------------


def gx_connection(url: str) -> tuple[str, dict[str, Any]]:
    """The connection string and engine arguments that keep GX's connections read-only."""
    import sqlalchemy as sa

    from dataready.connectors.sql import STATEMENT_TIMEOUT_MS, read_only_engine

    backend = sa.make_url(url).get_backend_name()
    if backend == "sqlite":
        # read_only_engine turns the path into a read-only URI (file:...?mode=ro&uri=true)
        engine = read_only_engine(url)
        try:
            return engine.url.render_as_string(hide_password=False), {}
        finally:
            engine.dispose()
    connect_args = dict(_READ_ONLY_CONNECT_ARGS.get(backend, {}))
    if backend == "postgresql":
        connect_args["options"] = (
            f"-c default_transaction_read_only=on -c statement_timeout={STATEMENT_TIMEOUT_MS}"
        )
    return url, ({"connect_args": connect_args} if connect_args else {})


def _run_sql(
    suite: Suite,
    items: list[tuple[int, dict[str, Any]]],
    source: Source,
    connector: Connector,
    opened: OpenedSource,
) -> dict[int, Outcome]:
    import sqlalchemy as sa

    from dataready.connectors.sql import scrub

    url = connector.secret_location
    context = _context()
    name = f"dataready_{uuid.uuid4().hex[:12]}"
    backend = sa.make_url(url).get_backend_name()
    connection_string, kwargs = gx_connection(url)
    datasource = None
    try:
        adder = getattr(context.data_sources, _GX_DATASOURCE.get(backend, "add_sql"))
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


# pandas ------------------------------------------------------------------------------------


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
    context = _context()
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


_NS_MIN, _NS_MAX = dt.datetime(1677, 9, 22), dt.datetime(2262, 4, 11)


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


# --- results as findings -----------------------------------------------------------------


def findings(run: SuiteRun, columns: Sequence[Column] = ()) -> list[Finding]:
    """One finding per failed or broken expectation, plus one informational summary of the suite."""
    kinds = {c.name: c.kind for c in columns}
    path = run.suite_path
    out = [
        Finding(
            check=SUITE_CHECK,
            dimension=Dimension.VALIDITY,
            severity=Severity.INFO,
            source=run.source,
            message=f"expectation suite {run.suite.name} ({path}): {run.summary()}",
            measured={
                "suite": run.suite.name,
                "path": path,
                "engine": run.engine,
                "evaluated": len(run.outcomes),
                "passed": run.count("passed"),
                "failed": run.count("failed"),
                "errors": run.count("error"),
                "expectations": [o.to_dict() for o in run.outcomes],
            },
            affected=run.count("failed") + run.count("error"),
            total=len(run.outcomes),
            basis=Basis.EXACT,
        )
    ]
    for o in run.outcomes:
        expectation = {"type": o.type, "kwargs": dict(o.kwargs)}
        if o.status == "error":
            out.append(
                Finding(
                    check=BROKEN_CHECK,
                    dimension=Dimension.VALIDITY,
                    severity=Severity.ERROR,
                    source=run.source,
                    message=f"{o.label} could not run: {o.error}",
                    columns=o.columns,
                    basis=Basis.EXACT,
                    remediation=Remediation(
                        f"Fix this expectation in {path}, or the source if the column was renamed, dropped or changed "
                        "type: an expectation that cannot run gates nothing",
                        "S",
                        expectation,
                    ),
                )
            )
        elif o.status == "failed":
            out.append(
                Finding(
                    check=EXPECTATION_CHECK,
                    dimension=dimension_of(o, kinds),
                    severity=_SEVERITY.get(o.severity, Severity.ERROR),
                    source=run.source,
                    message=f"{o.label} failed: {o.detail()}",
                    columns=o.columns,
                    measured=_measured(o),
                    threshold=o.kwargs.get("mostly"),
                    affected=o.unexpected_count,
                    total=o.total,
                    basis=Basis.EXACT,
                    examples=tuple(e for e in o.examples if e is not None),
                    remediation=Remediation(
                        f"Correct the data that breaks this expectation at the source; if the data is right and the "
                        f"expectation is not, update it in {path}",
                        "S",
                        expectation,
                    ),
                )
            )
    return out


def dimension_of(outcome: Outcome, kinds: Mapping[str, ColumnKind]) -> Dimension:
    if outcome.type == "expect_column_max_to_be_between" and outcome.columns:
        kind = kinds.get(outcome.columns[0])
        if kind is not None and kind.is_temporal:
            return Dimension.FRESHNESS  # the newest value is too old: a freshness expectation
    return _DIMENSION.get(outcome.type, Dimension.VALIDITY)


def _measured(o: Outcome) -> Any:
    if o.unexpected_percent is not None:
        return round(o.unexpected_percent / 100, 6)
    return o.observed


def audit_findings(
    suite: Suite,
    source: Source,
    connector: Connector,
    opened: OpenedSource,
    root: Path | None = None,
) -> list[Finding]:
    """The audit's hook: run the source's suite and return its results as findings.

    Without Great Expectations installed every expectation is reported as not run: an error,
    so that a gate cannot pass on a suite nobody ran.
    """
    if not gx_available():
        outcomes = tuple(
            Outcome(
                e["type"],
                e["kwargs"],
                "error",
                str(e.get("severity") or "critical"),
                error=INSTALL_HINT,
            )
            for e in suite.expectations
        )
        return findings(
            SuiteRun(source.name, suite, outcomes, "not run", root=root), opened.columns
        )
    return findings(run_suite(suite, source, connector, opened, root=root), opened.columns)


def runs_in(findings_: Sequence[Finding]) -> list[dict[str, Any]]:
    """The suite summaries recorded in an audit's findings (``measured`` of each suite finding)."""
    return [
        {"source": f.source, **f.measured}
        for f in findings_
        if f.check == SUITE_CHECK and isinstance(f.measured, dict)
    ]


# --- validate: suites only, no audit -----------------------------------------------------


def project_or_ad_hoc(
    target: str | Path | None, sources: Sequence[str]
) -> tuple[Project, tuple[str, ...]]:
    """The project and the sources named, or, where there is no project file and the one "source" is a
    file, folder or database URL, a project of just that (``dataready suggest orders.csv``)."""
    from dataready.config import PROJECT_FILE, load_project

    if target is None and len(sources) == 1 and not Path(PROJECT_FILE).exists():
        location = sources[0]
        if "://" in location or Path(location).exists():
            from dataready.pipeline.audit import _resolve

            project, _frames, _ad_hoc = _resolve(location, table=None, schema=None)
            # A database URL stands for its tables, named database.table: every one of them.
            return project, (() if "://" in location else (project.sources[0].name,))
    return load_project(target if target is not None else PROJECT_FILE), tuple(sources)


def validate_project(
    target: str | Path | None = None,
    *,
    sources: Sequence[str] = (),
    suite: str | Path | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> tuple[list[SuiteRun], list[Path]]:
    """Run each source's suite (no measurement, no scorecard).

    Returns the runs and the suite files in ``expectations/`` that match no source. Raises
    ConfigError for an invalid project, an unknown source name or a broken suite.
    """

    require_gx()
    project, sources = project_or_ad_hoc(target, sources)
    planned, unreadable = _expand(project)
    chosen = _choose(planned, unreadable, sources)
    if suite is not None and len(sources) != 1:
        raise ConfigError(
            "--suite: name exactly one source to run it against, e.g. 'dataready validate crm.customers --suite FILE'"
        )
    names = [s.name for s, _c in chosen] + [n for n in unreadable if not sources or n in sources]
    explicit = {sources[0]: Path(suite)} if suite is not None else None
    suites = suites_for(project, [s for s, _c in chosen], explicit=explicit)
    for name in sources:
        if name not in suites and name not in unreadable:
            raise ConfigError(
                f"{name}: no expectation suite; write {default_suite_path(project.root, name).relative_to(project.root)} "
                f"(dataready suggest {name}) or set 'suite:' for it in dataready.yml"
            )
    if not suites and not any(n in unreadable for n in names):
        raise ConfigError(
            f"no expectation suites in {project.root / SUITES_FOLDER}: write one per source (dataready suggest SOURCE) "
            "or set 'suite:' in dataready.yml"
        )
    note = progress or (lambda _s, _stage: None)
    runs: list[SuiteRun] = []
    for source, connector in chosen:
        if source.name not in suites:
            continue
        note(source.name, "expectations")
        try:
            with connector.open() as opened:
                runs.append(
                    run_suite(suites[source.name], source, connector, opened, root=project.root)
                )
        except SourceError as exc:
            runs.append(
                SuiteRun(source.name, suites[source.name], error=str(exc), root=project.root)
            )
    for name, message in unreadable.items():
        path = suite_path(project, name) if not sources or name in sources else None
        if path is not None:
            runs.append(SuiteRun(name, load_suite(path), error=message, root=project.root))
    matched = {s.path.resolve() for s in suites.values()}
    orphans = (
        sorted(
            p
            for p in (project.root / SUITES_FOLDER).rglob("*.json")
            if p.resolve() not in matched
            and not sources
            and not _names_source(p, project, planned, unreadable)
        )
        if (project.root / SUITES_FOLDER).is_dir()
        else []
    )
    return runs, orphans


def _names_source(
    path: Path,
    project: Project,
    planned: Sequence[tuple[Source, Any]],
    unreadable: Mapping[str, str],
) -> bool:
    name = path.relative_to(project.root / SUITES_FOLDER).with_suffix("").as_posix()
    return name in unreadable or any(s.name == name for s, _c in planned)


def _expand(project: Project) -> tuple[list[tuple[Source, Connector]], dict[str, str]]:
    from dataready.connectors.registry import expand

    planned: list[tuple[Source, Connector]] = []
    unreadable: dict[str, str] = {}
    for config in project.sources:
        try:
            planned.extend(expand(config, project.root))
        except SourceError as exc:
            unreadable[config.name] = str(exc)
    return planned, unreadable


def _choose(
    planned: list[tuple[Source, Connector]], unreadable: Mapping[str, str], names: Sequence[str]
) -> list[tuple[Source, Connector]]:
    if not names:
        return planned
    known = {s.name for s, _c in planned} | set(unreadable)
    for name in names:
        if name not in known:
            raise ConfigError(
                f"{name}: no such source; sources: {', '.join(sorted(known)) or 'none'}"
            )
    return [(s, c) for s, c in planned if s.name in names]


# --- suggest -----------------------------------------------------------------------------

ROW_COUNT_MARGIN = 0.1
"""Suggested row-count bounds: the measured count ±10 %."""
RANGE_MARGIN = 0.1
"""Suggested value ranges: the measured min/max widened by 10 % of the span."""
NULL_MARGIN = 0.01
"""A column with some nulls gets ``mostly`` one percentage point under its measured completeness."""
VALUE_SET_MAX = 50
"""Text columns with at most this many distinct values (each repeated at least 5 times) get a value set."""
FORMAT_SHARE = 0.9
"""A format is suggested when at least this share of the sampled values has it."""
SAMPLE_MOSTLY = 0.999
"""``mostly`` for a format seen on every sampled value when the sample does not hold every row."""

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
URL_PATTERN = r"^https?://\S+$"
TRIMMED = r"(?s)^\S(?:.*\S)?$"
FORMATS = (
    ("an e-mail address", EMAIL),
    ("an ISO 8601 date", ISO_DATE),
    ("a UUID", UUID_PATTERN),
    ("an http(s) URL", URL_PATTERN),
)


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


COUNTRY_ALPHA2 = _codes("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO
FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE
JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO
MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM
TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""")
"""ISO 3166-1 alpha-2 country codes."""

COUNTRY_ALPHA3 = _codes("""
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM
BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR
CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB
GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA
JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA
MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS
SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON
TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
""")
"""ISO 3166-1 alpha-3 country codes."""

CURRENCIES = _codes("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF
CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP
LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS
TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD
XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL
""")
"""ISO 4217 currency codes (current, plus a few recently withdrawn that old rows still carry)."""

_CODE_LISTS = (
    (
        "ISO 3166-1 alpha-2 country code",
        COUNTRY_ALPHA2,
        re.compile(r"countr|nation|ctry|iso_?2", re.I),
    ),
    (
        "ISO 3166-1 alpha-3 country code",
        COUNTRY_ALPHA3,
        re.compile(r"countr|nation|ctry|iso_?3", re.I),
    ),
    ("ISO 4217 currency code", CURRENCIES, re.compile(r"curr|ccy", re.I)),
)


def suggest(m: Measurement) -> dict[str, Any]:
    """A starter suite (GX 1.x JSON) from a measurement, each expectation explaining itself in ``meta``.

    Every bound is taken from the data as it is today with a margin, so the suite passes on the
    data it was suggested from and fails when a later load breaks what held: a column that had
    no nulls gets some, a key repeats, a category gains an unknown value, a number or date leaves
    its range, a format changes. It is a starting point for a review, not a verdict on the data.
    """
    from dataready.measure import candidate_keys, id_like

    rows = m.row_count
    exact = "all rows" if rows else "no rows"
    sampled = "all rows" if m.sample_is_complete else f"a sample of {m.sample_size:,} rows"
    out: list[dict[str, Any]] = []

    def add(
        kind: str, reason: str, measured: Mapping[str, Any], basis: str = exact, **kwargs: Any
    ) -> None:
        out.append(
            {
                "type": kind,
                "kwargs": kwargs,
                "meta": {
                    "dataready": {"reason": reason, "measured": dict(measured), "basis": basis}
                },
            }
        )

    names = [c.name for c in m.columns]
    add(
        "expect_table_columns_to_match_set",
        f"the source has these {len(names)} columns",
        {"columns": len(names)},
        column_set=names,
        exact_match=True,
    )
    if rows:
        low, high = (
            math.floor(rows * (1 - ROW_COUNT_MARGIN)),
            math.ceil(rows * (1 + ROW_COUNT_MARGIN)),
        )
        add(
            "expect_table_row_count_to_be_between",
            f"{rows:,} rows today; ±{ROW_COUNT_MARGIN:.0%} (widen the upper bound if the table grows)",
            {"rows": rows},
            min_value=low,
            max_value=high,
        )

    keys = [k for k in candidate_keys(m.source, m.columns, dict(m.stats), rows) if k]
    key_columns = {k[0] for k in keys if len(k) == 1}
    for key in keys:
        _suggest_key(add, m, key)
    if not keys and m.duplicate_rows == 0 and rows > 1 and len(names) > 1:
        add(
            "expect_compound_columns_to_be_unique",
            f"no two of the {rows:,} rows are identical",
            {"duplicate_rows": 0},
            column_list=names,
        )

    for c in m.columns:
        s = m.stats[c.name]
        if not rows or c.kind is ColumnKind.OTHER:
            continue
        _suggest_completeness(add, c.name, s.non_null, rows)
        if not s.non_null:
            continue
        if c.kind is ColumnKind.STRING:
            _suggest_text(add, m, c, sampled)
        elif c.kind is ColumnKind.NUMBER and c.name not in key_columns and not id_like(c.name):
            _suggest_range(add, c.name, s.min_value, s.max_value)
        elif c.kind.is_temporal:
            _suggest_dates(add, c.name, s.min_value, s.max_value, m.measured_at)
    out = _formats_for_personal_columns(out, m)
    return {
        "name": m.source.name,
        "expectations": out,
        "meta": {
            "dataready": {
                "source": m.source.name,
                "rows": rows,
                "suggested_at": m.measured_at.replace(microsecond=0).isoformat(),
                "note": "A starter suite suggested from the data as it was measured; review each expectation "
                "(meta.dataready.reason) before relying on it.",
            }
        },
    }


Add = Callable[..., None]

_VALUE_EXPECTATIONS = frozenset(
    {"expect_column_values_to_be_in_set", "expect_column_values_to_be_between"}
)
"""Suggested expectations that write values of the data into the suite (sets, min and max)."""


def _formats_for_personal_columns(
    out: list[dict[str, Any]], m: Measurement
) -> list[dict[str, Any]]:
    """The suite without values of personal columns: their formats (regex, lengths) instead.

    Suites are committed to git and shared; a value set of e-mail addresses or the smallest and
    largest card number is personal data. Personal means what masking uses for every report.
    """
    from dataready.pii.masking import personal_columns

    personal = personal_columns(m)
    kept: list[dict[str, Any]] = []
    replaced: set[str] = set()
    for e in out:
        column = e["kwargs"].get("column")
        if column not in personal or e["type"] not in _VALUE_EXPECTATIONS:
            kept.append(e)
            continue
        if column in replaced:
            continue
        replaced.add(column)
        kinds = ", ".join(personal[column]) or "personal data"
        reason = f"{kinds}: the suite checks the format, never values of a personal column"
        s = m.stats[column]
        recognised = (
            _format_of(_sample_text(m, column)) if s.column.kind is ColumnKind.STRING else None
        )
        if recognised is not None:
            label, pattern, share, _measured = recognised
            kept.append(
                {
                    "type": "expect_column_values_to_match_regex",
                    "kwargs": {
                        "column": column,
                        "regex": pattern,
                        **({"mostly": _floor(share - NULL_MARGIN)} if share < 1 else {}),
                    },
                    "meta": {
                        "dataready": {
                            "reason": f"{reason}: {share:.1%} are {label}",
                            "measured": {"matching_share": round(share, 6)},
                            "basis": "sample",
                        }
                    },
                }
            )
        elif s.column.kind is ColumnKind.STRING and s.min_length and s.max_length:
            kept.append(
                {
                    "type": "expect_column_value_lengths_to_be_between",
                    "kwargs": {
                        "column": column,
                        "min_value": s.min_length,
                        "max_value": s.max_length,
                    },
                    "meta": {
                        "dataready": {
                            "reason": f"{reason}: values are {s.min_length} to {s.max_length} characters long",
                            "measured": {"min_length": s.min_length, "max_length": s.max_length},
                            "basis": "all rows",
                        }
                    },
                }
            )
    return [e for e in kept if not _repeats(e, kept)]


def _repeats(e: dict[str, Any], suite: list[dict[str, Any]]) -> bool:
    """Whether an earlier expectation of ``suite`` is the same type on the same column."""
    for other in suite:
        if other is e:
            return False
        if (
            other["type"] == e["type"]
            and other["kwargs"].get("column") == e["kwargs"].get("column")
            and other["kwargs"] == e["kwargs"]
        ):
            return True
    return False


def _suggest_key(add: Add, m: Measurement, key: tuple[str, ...]) -> None:
    extra = m.duplicate_keys.get(key, 0)
    label = "+".join(key)
    declared = "declared key" if key == m.source.key else "identifier"
    non_null = min(m.stats[k].non_null for k in key)
    kind, kwargs = (
        ("expect_column_values_to_be_unique", {"column": key[0]})
        if len(key) == 1
        else ("expect_compound_columns_to_be_unique", {"column_list": list(key)})
    )
    if not extra:
        add(
            kind,
            f"{label} is the {declared} and every value is unique",
            {"duplicates": 0},
            **kwargs,
        )
        return
    # GX counts every row of a repeated value; that is at most twice the surplus rows measured.
    mostly = _floor(1 - 2 * extra / max(non_null, 1))
    if mostly <= 0.5:
        return
    add(
        kind,
        f"{label} is the {declared} but {extra:,} rows repeat a value today; mostly {mostly} keeps today's "
        "state: raise it to 1 once the duplicates are removed",
        {"duplicates": extra},
        mostly=mostly,
        **kwargs,
    )


def _suggest_completeness(add: Add, column: str, non_null: int, rows: int) -> None:
    share = non_null / rows
    if non_null == rows:
        add(
            "expect_column_values_to_not_be_null",
            f"no nulls in {rows:,} rows",
            {"nulls": 0},
            column=column,
        )
    elif share >= 0.5:
        mostly = _floor(share - NULL_MARGIN)
        add(
            "expect_column_values_to_not_be_null",
            f"{share:.1%} of values are present ({rows - non_null:,} nulls); mostly {mostly} keeps a margin",
            {"nulls": rows - non_null, "present_share": round(share, 6)},
            column=column,
            mostly=mostly,
        )


def _suggest_text(add: Add, m: Measurement, c: Column, sampled: str) -> None:
    s = m.stats[c.name]
    top = s.top_values
    if (
        top is not None
        and s.distinct is not None
        and s.distinct <= VALUE_SET_MAX
        and s.non_null >= 5 * s.distinct
    ):
        values = [str(v) for v, _n in top]
        listed = _code_list(c.name, values)
        if listed is not None:
            label, codes = listed
            add(
                "expect_column_values_to_be_in_set",
                f"every value is a valid {label} ({len(values)} distinct)",
                {"distinct": len(values)},
                column=c.name,
                value_set=sorted(codes),
            )
            return
        rare = [
            f"{v!r} ({n:,})"
            for v, n in sorted(top, key=lambda p: p[1])[:3]
            if n <= max(2, 0.005 * s.non_null)
        ]
        note = f"; rare values to review: {', '.join(rare)}" if rare else ""
        add(
            "expect_column_values_to_be_in_set",
            f"{len(values)} distinct values, each repeated{note}",
            {"distinct": len(values), "counts": {str(v): n for v, n in top}},
            column=c.name,
            value_set=sorted(values),
        )
        return
    if top is not None and s.distinct:
        listed = _code_list(c.name, [str(v) for v, _n in top])
        if listed is not None:
            label, codes = listed
            add(
                "expect_column_values_to_be_in_set",
                f"every value is a valid {label} ({s.distinct} distinct)",
                {"distinct": s.distinct},
                column=c.name,
                value_set=sorted(codes),
            )
            return
    values = _sample_text(m, c.name)
    recognised = _format_of(values)
    if recognised is not None:
        label, pattern, share, measured = recognised
        mostly = (
            (1.0 if m.sample_is_complete else SAMPLE_MOSTLY)
            if share == 1
            else _floor(share - NULL_MARGIN)
        )
        add(
            "expect_column_values_to_match_regex",
            f"{share:.1%} of {len(values):,} values are {label}"
            + ("" if m.sample_is_complete else f" ({sampled})"),
            {"matching_share": round(share, 6), "values": len(values), **measured},
            basis=sampled,
            column=c.name,
            regex=pattern,
            **({"mostly": mostly} if mostly < 1 else {}),
        )
        return
    if (
        s.min_length is not None
        and s.min_length == s.max_length
        and s.min_length > 0
        and (s.distinct or 0) > 1
    ):
        add(
            "expect_column_value_lengths_to_be_between",
            f"every value is {s.min_length} characters long",
            {"length": s.min_length},
            column=c.name,
            min_value=s.min_length,
            max_value=s.max_length,
        )
    if not s.untrimmed and not s.blank:
        add(
            "expect_column_values_to_match_regex",
            "no value is blank or has leading or trailing blanks",
            {"untrimmed": 0, "blank": 0},
            column=c.name,
            regex=TRIMMED,
        )
    if not s.disguised_missing:
        add(
            "expect_column_values_to_not_be_in_set",
            "no value is a placeholder for a missing value ('N/A', 'unknown', '-' ...)",
            {"placeholders": 0},
            column=c.name,
            value_set=placeholder_spellings(),
        )


def placeholder_spellings() -> list[str]:
    """The placeholders the audit counts (compared lower-cased there), as people write them."""
    from dataready.measure import DISGUISED_MISSING

    return sorted({v for token in DISGUISED_MISSING for v in (token, token.upper(), token.title())})


def _code_list(column: str, values: Sequence[str]) -> tuple[str, frozenset[str]] | None:
    """The standard code list every value belongs to, if the column is named for it or has 5+ codes."""
    if not values:
        return None
    for label, codes, hint in _CODE_LISTS:
        if all(v in codes for v in values) and (hint.search(column) or len(values) >= 5):
            return label, codes
    return None


def _format_of(values: Any) -> tuple[str, str, float, dict[str, str]] | None:
    """(description, regex, share, extra meta) of the format most values have, if one does.

    The formats of FORMATS first, then dates written one way other than ISO 8601, with the regex
    the validity checks recognise that way by: case-insensitive where it names months, written
    with ``(?i)`` in front, which Python, PostgreSQL and ICU all read.
    """
    from dataready.checks.validity import DATE_FORMATS, date_formats

    if not len(values):
        return None
    for label, pattern in FORMATS:
        share = float(values.str.match(pattern).mean())
        if share >= FORMAT_SHARE:
            return label, pattern, share, {}
    spellings = date_formats(values).value_counts(dropna=True)
    if spellings.empty or spellings.iloc[0] / len(values) < FORMAT_SHARE:
        return None
    spelling = str(spellings.index[0])
    compiled = next(pattern for name, pattern, _ in DATE_FORMATS if name == spelling)
    regex = ("(?i)" if compiled.flags & re.IGNORECASE else "") + compiled.pattern
    return (
        f"dates written {spelling}",
        regex,
        float(spellings.iloc[0] / len(values)),
        {"date_format": spelling},
    )


def _sample_text(m: Measurement, column: str) -> Any:
    series = m.sample[column].dropna().astype(str) if column in m.sample.columns else None
    if series is None:
        import pandas as pd

        return pd.Series([], dtype=object)
    return series[series.str.strip() != ""]


def _suggest_range(add: Add, column: str, low: Any, high: Any) -> None:
    if low is None or high is None or isinstance(low, bool):
        return
    try:
        lo, hi = float(low), float(high)
    except (TypeError, ValueError):
        return
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return
    integral = _is_integral(low) and _is_integral(high)
    span = hi - lo
    margin = RANGE_MARGIN * span if span > 0 else max(abs(hi) * RANGE_MARGIN, 1.0)
    bottom, top = lo - margin, hi + margin
    if lo >= 0 > bottom:
        bottom = 0.0  # never suggest negatives for a column that has none
    if integral:
        bounds: tuple[Any, Any] = (math.floor(bottom), math.ceil(top))
    else:
        step = 10 ** math.floor(math.log10(margin)) if margin > 0 else 1.0
        digits = max(0, -math.floor(math.log10(step)))
        bounds = (
            round(math.floor(bottom / step) * step, digits),
            round(math.ceil(top / step) * step, digits),
        )
    add(
        "expect_column_values_to_be_between",
        f"values range from {_number(lo)} to {_number(hi)}; the bounds add {RANGE_MARGIN:.0%} of that span"
        + (" and stay at 0 or above" if bounds[0] == 0 and lo >= 0 else ""),
        {"min": _number(lo), "max": _number(hi)},
        column=column,
        min_value=bounds[0],
        max_value=bounds[1],
    )


def _is_integral(value: Any) -> bool:
    import numpy as np

    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _number(value: float) -> Any:
    return int(value) if float(value).is_integer() else round(value, 6)


def _suggest_dates(add: Add, column: str, low: Any, high: Any, now: dt.datetime) -> None:
    first, last = _as_datetime(low), _as_datetime(high)
    if first is None or last is None:
        return
    span = last - first
    margin = max(span * RANGE_MARGIN, dt.timedelta(days=1))
    bottom = (first - margin).replace(hour=0, minute=0, second=0, microsecond=0)
    aware = first.tzinfo is not None
    reference = now if aware else now.astimezone().replace(tzinfo=None)
    kwargs: dict[str, Any] = {"column": column, "min_value": bottom.isoformat()}
    if last <= reference:
        # Events in the past: any future value is wrong, and new rows must keep passing.
        kwargs["max_value"] = {"$PARAMETER": "now() + timedelta(days=1)"}
        reason = (
            f"values range from {first.isoformat()} to {last.isoformat()}; none is in the future"
        )
    else:
        top = (last + margin).replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(
            days=1
        )
        kwargs["max_value"] = top.isoformat()
        reason = f"values range from {first.isoformat()} to {last.isoformat()} (some in the future)"
    if aware:
        # GX evaluates now() without a time zone, which a zoned column cannot be compared with.
        kwargs["max_value"] = ((last if last > reference else reference) + margin).isoformat()
    add(
        "expect_column_values_to_be_between",
        reason + f"; the lower bound adds {RANGE_MARGIN:.0%} of the span",
        {"min": first.isoformat(), "max": last.isoformat()},
        **kwargs,
    )


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    to_py = getattr(value, "to_pydatetime", None)
    if callable(to_py):
        result = to_py()
        return result if isinstance(result, dt.datetime) else None
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _floor(share: float) -> float:
    """Down to two decimals, so the bound sits under the measured share."""
    return max(0.0, math.floor(share * 100) / 100)


def suite_json(document: Mapping[str, Any]) -> dict[str, Any]:
    """The suite exactly as GX serialises it (ids, severity, GX version), after a load check."""
    path = Path(f"{document.get('name', 'suite')}.json")
    suite = suite_from_dict(dict(document), path=path)
    context = _context()
    name = f"dataready_{uuid.uuid4().hex[:12]}"
    added = context.suites.add(gx_suite(dataclasses.replace(suite, name=name)))
    try:
        result: dict[str, Any] = added.to_json_dict()
    finally:
        with contextlib.suppress(Exception):
            context.suites.delete(name)
    result["name"] = suite.name
    result.pop("id", None)  # GX assigns a new suite id on every load
    return json.loads(json.dumps(result, default=str))


def _measured_for_suggest(
    source: Source, connector: Connector, spec: Any, stage: Callable[[str], None]
) -> Measurement:
    """The source measured, or one line saying why it could not be (never a driver traceback)."""
    from dataready.connectors.base import first_line, reraise_interrupt
    from dataready.connectors.sql import scrub
    from dataready.measure import measure

    try:
        with connector.open() as opened:
            return measure(opened, source, spec, progress=stage)
    except (SourceError, ConfigError):
        raise
    except Exception as exc:  # an engine error while reading: the source could not be read
        reraise_interrupt(exc)
        raise SourceError(
            f"{source.location}: cannot read it: {scrub(first_line(getattr(exc, 'orig', None) or exc), connector.secret_location)}"
        ) from None


def suggest_sources(
    target: str | Path | None = None,
    *,
    sources: Sequence[str] = (),
    output: str | Path | None = None,
    force: bool = False,
    sample_size: int | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> list[tuple[str, Path, int]]:
    """Measure each named source (every source when none is named) and write its suggested suite.

    Returns (source, file, expectations) per suite written. Refuses to overwrite a suite unless
    ``force``: a reviewed suite is worth more than a suggestion.
    """
    from dataready.model import SampleSpec

    require_gx()
    project, sources = project_or_ad_hoc(target, sources)
    planned, unreadable = _expand(project)
    for name in sources:
        if name in unreadable:
            raise SourceError(unreadable[name])
    chosen = _choose(planned, unreadable, sources)
    if output is not None and len(chosen) != 1:
        raise ConfigError(
            "--output: name exactly one source, e.g. 'dataready suggest crm.customers --output FILE'"
        )
    spec = SampleSpec(size=sample_size or project.defaults.sample_size, seed=project.defaults.seed)
    paths = [
        Path(output) if output is not None else default_suite_path(project.root, s.name)
        for s, _c in chosen
    ]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:3])
        raise ConfigError(
            f"{shown}: already exists; review and edit it, or pass --force to replace it with a new suggestion"
        )
    note = progress or (lambda _s, _stage: None)
    written = []
    for (source, connector), path in zip(chosen, paths, strict=True):
        note(source.name, "measuring")

        def stage(text: str, name: str = source.name) -> None:
            note(name, text)

        m = _measured_for_suggest(source, connector, spec, stage)
        note(source.name, "suggesting")
        document = suite_json(suggest(m))
        write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        written.append((source.name, path, len(document["expectations"])))
    return written
