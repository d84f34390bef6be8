"""Expectations dataready answers from its own push-down queries, exactly as Great Expectations would.

The common expectation types (not-null, unique, ranges, value sets, regexes, value lengths, row
and column counts, the column set, column minimum/maximum/mean/sum) are evaluated here, in one
aggregate statement over every row (plus one GROUP BY per unique column), and Great Expectations
runs only what is left of a suite; a suite left with nothing is run without importing GX at all.

Each expectation is answered the way GX 1.x answers it on the same source:

* where GX validates in the database (SQL engines), with the SQL expressions GX itself sends, on
  the same engine: the same comparisons, collations, casts and regex operators;
* where GX validates a pandas DataFrame (files, DataFrames, DuckDB databases), with DuckDB
  expressions that match pandas' semantics: NaN counts as missing, regexes are Python's
  ``re.search`` over every distinct value, and only where the types compare alike in both.

Counts follow GX's rules: a column map expectation counts unexpected values among the non-missing
ones, and ``mostly`` is met when ``(non-missing - unexpected) / non-missing >= mostly`` (vacuously
on no rows or no non-missing values); not-null takes its share of every row. Anything outside
those rules (row conditions, suite parameters, an argument this module does not know, a column
type whose comparison differs between engines, a query the engine refuses) is left to GX.

No module here imports ``great_expectations``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dataready.model import Column, ColumnKind
from dataready.model.suites import Outcome

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dataready.connectors.dialects import Dialect

EXAMPLES = 5
"""Example values kept per failed expectation (as for GX's results)."""

_EXAMPLE_ROWS = 20
"""Rows read for examples: GX's ``partial_unexpected_list`` holds 20."""

_ANY = ("catch_exceptions", "result_format", "include_config", "meta", "notes")
_MAP = ("column", "mostly", "row_condition", "condition_parser")
_BOUNDS = ("min_value", "max_value", "strict_min", "strict_max")

ALLOWED: dict[str, frozenset[str]] = {
    kind: frozenset(_ANY + extra)
    for kind, extra in {
        "expect_column_to_exist": ("column", "column_index"),
        "expect_table_columns_to_match_set": ("column_set", "exact_match"),
        "expect_table_column_count_to_equal": ("value",),
        "expect_table_column_count_to_be_between": _BOUNDS,
        "expect_table_row_count_to_equal": ("value",),
        "expect_table_row_count_to_be_between": _BOUNDS,
        "expect_column_values_to_not_be_null": _MAP,
        "expect_column_values_to_be_unique": _MAP,
        "expect_column_values_to_be_between": _MAP + _BOUNDS,
        "expect_column_values_to_be_in_set": (*_MAP, "value_set"),
        "expect_column_values_to_match_regex": (*_MAP, "regex"),
        "expect_column_value_lengths_to_be_between": _MAP + _BOUNDS,
        "expect_column_value_lengths_to_equal": (*_MAP, "value"),
        "expect_column_min_to_be_between": (
            "column",
            "row_condition",
            "condition_parser",
            *_BOUNDS,
        ),
        "expect_column_max_to_be_between": (
            "column",
            "row_condition",
            "condition_parser",
            *_BOUNDS,
        ),
        "expect_column_mean_to_be_between": (
            "column",
            "row_condition",
            "condition_parser",
            *_BOUNDS,
        ),
        "expect_column_sum_to_be_between": (
            "column",
            "row_condition",
            "condition_parser",
            *_BOUNDS,
        ),
    }.items()
}
"""The expectation types evaluated here and the arguments each may carry."""

_REQUIRED: dict[str, tuple[str, ...]] = {
    "expect_table_columns_to_match_set": ("column_set",),
    "expect_table_column_count_to_equal": ("value",),
    "expect_table_row_count_to_equal": ("value",),
    "expect_column_values_to_be_in_set": ("value_set",),
    "expect_column_values_to_match_regex": ("regex",),
    "expect_column_value_lengths_to_equal": ("value",),
}

_AGGREGATES = {
    "expect_column_min_to_be_between": "min",
    "expect_column_max_to_be_between": "max",
    "expect_column_mean_to_be_between": "mean",
    "expect_column_sum_to_be_between": "sum",
}

_FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL", "FLOAT4", "FLOAT8")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _parameter(value: Any) -> bool:
    """A suite parameter ({"$PARAMETER": ...}) anywhere in a value: GX evaluates those."""
    if isinstance(value, dict):
        return True
    if isinstance(value, (list, tuple)):
        return any(_parameter(v) for v in value)
    return False


def structurally_native(item: Mapping[str, Any]) -> bool:
    """Whether an expectation may be evaluated here, judged from the suite file alone.

    Such an expectation needs no GX to be checked when the suite loads: every argument is known
    and well typed. Whether it is evaluated here still depends on the source (see :func:`plan`).
    """
    kind = item.get("type")
    kwargs = item.get("kwargs")
    if kind not in ALLOWED or not isinstance(kwargs, Mapping):
        return False
    if not set(kwargs) <= ALLOWED[kind] or any(k not in kwargs for k in _REQUIRED.get(kind, ())):
        return False
    if any(_parameter(v) for v in kwargs.values()):
        return False
    if kwargs.get("row_condition") or kwargs.get("condition_parser"):
        return False
    if "column" in ALLOWED[kind] and not isinstance(kwargs.get("column"), str):
        return False
    mostly = kwargs.get("mostly", 1.0)
    if mostly is not None and not (_number(mostly) and 0 <= mostly <= 1):
        return False
    for key in ("strict_min", "strict_max", "exact_match", "catch_exceptions"):
        if kwargs.get(key) is not None and not isinstance(kwargs.get(key), bool):
            return False
    low: Any = kwargs.get("min_value")
    high: Any = kwargs.get("max_value")
    for bound in (low, high):
        if bound is not None and not (_number(bound) or isinstance(bound, str)):
            return False
    if _number(low) and _number(high) and low > high:
        return False  # GX refuses it with its own message
    if kind in ("expect_column_value_lengths_to_be_between",) and any(
        b is not None and (not isinstance(b, int) or isinstance(b, bool)) for b in (low, high)
    ):
        return False
    return _shape_ok(kind, kwargs)


def _shape_ok(kind: str, kwargs: Mapping[str, Any]) -> bool:
    if kind == "expect_table_columns_to_match_set":
        names = kwargs.get("column_set")
        return isinstance(names, list) and all(isinstance(n, str) for n in names)
    if kind in (
        "expect_table_column_count_to_equal",
        "expect_table_row_count_to_equal",
        "expect_column_value_lengths_to_equal",
    ):
        return isinstance(kwargs.get("value"), int) and not isinstance(kwargs.get("value"), bool)
    if kind == "expect_column_values_to_be_in_set":
        return isinstance(kwargs.get("value_set"), list)
    if kind == "expect_column_values_to_match_regex":
        return isinstance(kwargs.get("regex"), str)
    if kind == "expect_column_to_exist":
        return kwargs.get("column_index") is None
    return True


def needs_gx(expectations: Sequence[Mapping[str, Any]]) -> bool:
    """Whether some expectation of a suite can only be run by GX, whatever the source."""
    return not all(structurally_native(e) for e in expectations)


# --- planning: which expectations of a suite are answered here, and with what expression ----------


@dataclass
class _Plan:
    index: int
    item: dict[str, Any]
    kind: str
    """``schema`` (answered from the column names), ``rows``, ``map``, ``unique``, ``pyregex``
    (Python's regex over the distinct values) or ``aggregate``."""
    column: Column | None = None
    condition: Any = None
    """Map expectations: the SQL condition an expected non-missing value meets."""
    aggregate: Any = None
    answer: dict[str, Any] | None = None
    """Schema expectations: the result, known without a query."""
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Engine:
    """What the native evaluation needs of an opened source."""

    relation: Any
    columns: tuple[Column, ...]
    traits: Dialect
    in_database: bool
    """True where GX would validate in the database (its SQL semantics), False for pandas."""


def plan(items: Sequence[tuple[int, dict[str, Any]]], engine: Engine) -> dict[int, _Plan]:
    """The expectations answered here, by position; the others are left to GX."""
    out: dict[int, _Plan] = {}
    for i, item in items:
        if not structurally_native(item):
            continue
        with contextlib.suppress(_Defer):
            out[i] = _plan_one(i, item, engine)
    return out


class _Defer(Exception):
    """Left to GX."""


def _plan_one(i: int, item: dict[str, Any], engine: Engine) -> _Plan:
    import sqlalchemy as sa

    kind, kwargs = item["type"], item["kwargs"]
    names = [c.name for c in engine.columns]
    if kind == "expect_column_to_exist":
        name = kwargs["column"]
        if name in names:
            return _Plan(i, item, "schema", answer={"success": True})
        if engine.in_database and name.lower() in (n.lower() for n in names):
            raise _Defer  # GX's SQL engine may match names case-insensitively
        return _Plan(i, item, "schema", answer={"success": False})
    if kind == "expect_table_columns_to_match_set":
        return _Plan(i, item, "schema", answer=_column_set(kwargs, names, engine.in_database))
    if kind.startswith("expect_table_column_count"):
        return _Plan(i, item, "schema", answer=_between(len(names), kwargs))
    if kind.startswith("expect_table_row_count"):
        if kind.endswith("_between") and not all(
            b is None or _number(b) for b in (kwargs.get("min_value"), kwargs.get("max_value"))
        ):
            raise _Defer
        return _Plan(i, item, "rows")
    column = next((c for c in engine.columns if c.name == kwargs["column"]), None)
    if column is None or column.kind is ColumnKind.OTHER:
        raise _Defer  # GX reports the missing column (or evaluates what it can)
    expr: Any = sa.column(column.name)
    if kind in _AGGREGATES:
        return _plan_aggregate(i, item, column, expr, engine)
    if kind == "expect_column_values_to_not_be_null":
        return _Plan(i, item, "map", column, condition=None)
    if kind == "expect_column_values_to_be_unique":
        return _Plan(i, item, "unique", column)
    if kind == "expect_column_values_to_be_between":
        return _Plan(
            i, item, "map", column, condition=_between_condition(column, expr, kwargs, engine)
        )
    if kind == "expect_column_values_to_be_in_set":
        return _Plan(i, item, "map", column, condition=_in_set(column, expr, kwargs, engine))
    if kind == "expect_column_values_to_match_regex":
        if column.kind is not ColumnKind.STRING:
            raise _Defer
        regex = kwargs["regex"]
        if not engine.in_database:
            try:
                compiled = re.compile(regex)
            except re.error:
                raise _Defer from None
            return _Plan(i, item, "pyregex", column, figures={"regex": compiled})
        operator = engine.traits.native_regex_operator
        if operator is None:
            raise _Defer
        return _Plan(i, item, "map", column, condition=expr.op(operator)(sa.literal(regex)))
    if kind.startswith("expect_column_value_lengths"):
        if column.kind is not ColumnKind.STRING:
            raise _Defer
        length = sa.func.length(expr)
        if kind.endswith("_equal"):
            return _Plan(i, item, "map", column, condition=length == sa.literal(kwargs["value"]))
        return _Plan(i, item, "map", column, condition=_bounded(length, kwargs))
    raise _Defer


def _column_set(
    kwargs: Mapping[str, Any], names: Sequence[str], in_database: bool
) -> dict[str, Any]:
    expected = list(kwargs["column_set"])
    exact_match = kwargs.get("exact_match", True)
    if exact_match is None:
        raise _Defer
    if in_database and any(n.startswith('"') and n.endswith('"') for n in expected):
        raise _Defer

    def verdict(fold: Callable[[str], str]) -> bool:
        actual, wanted = {fold(n) for n in names}, {fold(n) for n in expected}
        missing, extra = wanted - actual, actual - wanted
        return not missing and (not extra or not exact_match)

    success = verdict(lambda n: n)
    if in_database and verdict(str.lower) != success:
        raise _Defer  # GX's SQL engine compares unquoted names case-insensitively
    return {"success": success, "observed_value": sorted(names)}


def _between(value: Any, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """GX's ``_validate_metric_value_between`` for numbers: None fails, bounds inclusive unless strict."""
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if not all(b is None or _number(b) for b in (low, high)):
        raise _Defer
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {"success": False, "observed_value": None}
    above = low is None or (value > low if kwargs.get("strict_min") else value >= low)
    below = high is None or (value < high if kwargs.get("strict_max") else value <= high)
    return {"success": bool(above and below), "observed_value": value}


def _literal(value: Any) -> Any:
    """A bound value. Text (a date bound) goes untyped, so that the engine reads it as the
    column's type, as it does for GX's typed column: a VARCHAR cast would not compare with it."""
    import sqlalchemy as sa

    if isinstance(value, str):
        return sa.literal(value, type_=sa.types.NullType())
    return sa.literal(value)


def _bounded(expr: Any, kwargs: Mapping[str, Any]) -> Any:
    import sqlalchemy as sa

    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is None and high is None:
        raise _Defer
    parts = []
    if low is not None:
        parts.append(expr > _literal(low) if kwargs.get("strict_min") else expr >= _literal(low))
    if high is not None:
        parts.append(expr < _literal(high) if kwargs.get("strict_max") else expr <= _literal(high))
    return sa.and_(*parts) if len(parts) > 1 else parts[0]


def _between_condition(column: Column, expr: Any, kwargs: Mapping[str, Any], engine: Engine) -> Any:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    numeric = all(b is None or _number(b) for b in (low, high))
    if engine.in_database:
        # GX refuses ranges on text and boolean columns; numbers and dates compare in the database.
        if not (column.kind is ColumnKind.NUMBER or column.kind.is_temporal):
            raise _Defer
        if column.kind is ColumnKind.NUMBER and not numeric:
            raise _Defer
        if isinstance(low, str) and isinstance(high, str) and low > high:
            raise _Defer
    elif column.kind is not ColumnKind.NUMBER or not numeric:
        raise _Defer  # pandas compares dates and mixed types in ways SQL does not
    return _bounded(expr, kwargs)


def _in_set(column: Column, expr: Any, kwargs: Mapping[str, Any], engine: Engine) -> Any:

    values = [v for v in kwargs["value_set"] if v is not None]
    if any(isinstance(v, (dict, list)) for v in values):
        raise _Defer
    if not engine.in_database:
        # pandas' isin() compares Python values: only where DuckDB compares the same way.
        alike = {
            ColumnKind.STRING: lambda v: isinstance(v, str),
            ColumnKind.NUMBER: _number,
            ColumnKind.BOOLEAN: lambda v: isinstance(v, bool),
        }.get(column.kind)
        if alike is None or not all(alike(v) for v in values):
            raise _Defer
    if not values:
        raise _Defer  # an empty set: GX's own edge cases
    return expr.in_(values)


def _plan_aggregate(
    i: int, item: dict[str, Any], column: Column, expr: Any, engine: Engine
) -> _Plan:
    import sqlalchemy as sa

    kwargs = item["kwargs"]
    if column.kind is not ColumnKind.NUMBER:
        raise _Defer
    if not engine.in_database and item["type"] not in (
        "expect_column_min_to_be_between",
        "expect_column_max_to_be_between",
    ):
        raise _Defer  # pandas sums in its own order: a mean at a bound could differ by one ulp
    if not all(b is None or _number(b) for b in (kwargs.get("min_value"), kwargs.get("max_value"))):
        raise _Defer
    metric = _AGGREGATES[item["type"]]
    aggregate = {
        "min": sa.func.min(expr),
        "max": sa.func.max(expr),
        "mean": sa.func.avg(sa.literal(1.0) * expr),  # as GX writes it
        "sum": sa.func.sum(expr),
    }[metric]
    return _Plan(i, item, "aggregate", column, aggregate=aggregate)


# --- evaluation ---------------------------------------------------------------------------------


def _missing(column: Column, engine: Engine) -> Any:
    """A missing value as the engine GX would use sees it: NULL, and NaN for pandas."""
    import sqlalchemy as sa

    expr: Any = sa.column(column.name)
    if not engine.in_database and column.db_type.upper() in _FLOAT_TYPES:
        return sa.or_(expr.is_(None), sa.func.isnan(expr))
    return expr.is_(None)


def evaluate(
    items: Sequence[tuple[int, dict[str, Any]]], engine: Engine, connection: sa.Connection
) -> dict[int, dict[str, Any]]:
    """GX-shaped results (``success``, ``unexpected_count``, ``element_count``, ``missing_count``,
    ``unexpected_percent``, ``observed_value``, ``examples``) of the expectations answered here."""
    plans = plan(items, engine)
    if not plans:
        return {}
    results: dict[int, dict[str, Any]] = {}
    for p in plans.values():
        if p.kind == "schema":
            assert p.answer is not None
            results[p.index] = p.answer
    queried = [p for p in plans.values() if p.kind != "schema"]
    if not queried:
        return results
    rows, figures = _aggregates(queried, engine, connection)
    if rows is None:
        return results  # not even the row count: GX runs the rest
    for p in queried:
        with contextlib.suppress(_Defer):
            results[p.index] = _result(p, rows, figures.get(p.index), engine, connection)
    return results


def _aggregates(
    plans: Sequence[_Plan], engine: Engine, connection: sa.Connection
) -> tuple[int | None, dict[int, dict[str, Any]]]:
    """One statement for the row count and every map and aggregate figure; one per plan if it fails."""
    import sqlalchemy as sa

    count_if = engine.traits.count_if
    wanted: list[tuple[int, str, Any]] = [(-1, "rows", sa.func.count())]
    for p in plans:
        if p.column is None:
            continue
        missing = _missing(p.column, engine)
        if p.kind == "map":
            wanted.append((p.index, "non_null", count_if(sa.not_(missing))))
            if p.condition is not None:
                wanted.append(
                    (
                        p.index,
                        "unexpected",
                        count_if(sa.and_(sa.not_(missing), sa.not_(p.condition))),
                    )
                )
        elif p.kind in ("unique", "pyregex"):
            wanted.append((p.index, "non_null", count_if(sa.not_(missing))))
        elif p.kind == "aggregate":
            wanted.append((p.index, "value", p.aggregate))

    def run(part: Sequence[tuple[int, str, Any]]) -> dict[tuple[int, str], Any]:
        labelled = [expr.label(f"m{k}") for k, (_i, _n, expr) in enumerate(part)]
        row = connection.execute(sa.select(*labelled).select_from(engine.relation)).one()
        return {(i, name): row[k] for k, (i, name, _e) in enumerate(part)}

    try:
        values = run(wanted)
    except Exception:
        _rollback(connection)
        values = {}
        for group in _by_plan(wanted):
            try:
                values.update(run(group))
            except Exception:
                _rollback(connection)
    if (-1, "rows") not in values:
        return None, {}
    out: dict[int, dict[str, Any]] = {}
    for (i, name), value in values.items():
        out.setdefault(i, {})[name] = value
    return int(values[(-1, "rows")] or 0), out


def _by_plan(wanted: Sequence[tuple[int, str, Any]]) -> list[list[tuple[int, str, Any]]]:
    groups: dict[int, list[tuple[int, str, Any]]] = {}
    for w in wanted:
        groups.setdefault(w[0], []).append(w)
    return list(groups.values())


def _rollback(connection: sa.Connection) -> None:
    """A failed statement aborts PostgreSQL's transaction: start a clean one for the next."""
    with contextlib.suppress(Exception):
        connection.rollback()


def _result(
    p: _Plan, rows: int, figures: dict[str, Any] | None, engine: Engine, connection: sa.Connection
) -> dict[str, Any]:
    kwargs = p.item["kwargs"]
    if p.kind == "rows":
        if p.item["type"].endswith("_equal"):
            return {"success": rows == kwargs["value"], "observed_value": rows}
        return _between(rows, kwargs)
    if figures is None:
        raise _Defer  # its statement failed: GX reports what is wrong
    if p.kind == "aggregate":
        return _between(_plain_number(figures.get("value")), kwargs)
    non_null = int(figures.get("non_null") or 0)
    examples: list[Any] = []
    if p.kind == "map" and p.condition is None:  # not null: a share of every row
        unexpected = rows - non_null
        success = rows == 0 or (rows - unexpected) / rows >= _mostly(kwargs)
        return {
            "success": success,
            "element_count": rows,
            "unexpected_count": unexpected,
            "unexpected_percent": unexpected / rows * 100 if rows else None,
            "missing_count": None,
            "examples": [],
        }
    if p.kind == "map":
        unexpected = int(figures.get("unexpected") or 0)
    elif p.kind == "unique":
        unexpected = _repeated(p, engine, connection)
    else:
        unexpected, examples = _python_regex(p, engine, connection)
    success = (
        True
        if rows == 0 or non_null == 0
        else (non_null - unexpected) / non_null >= _mostly(kwargs)
    )
    if not success and not examples:
        with contextlib.suppress(Exception):
            examples = _examples(p, engine, connection)
    return {
        "success": success,
        "element_count": rows,
        "unexpected_count": unexpected,
        "unexpected_percent": unexpected / non_null * 100 if rows and non_null else None,
        "missing_count": rows - non_null,
        "examples": examples[:EXAMPLES],
    }


def _mostly(kwargs: Mapping[str, Any]) -> float:
    mostly = kwargs.get("mostly")
    return 1.0 if mostly is None else float(mostly)


def _plain_number(value: Any) -> Any:
    import decimal

    return float(value) if isinstance(value, decimal.Decimal) else value


def _repeated(p: _Plan, engine: Engine, connection: sa.Connection) -> int:
    """Values that occur more than once, every occurrence counted (GX's window count > 1)."""
    import sqlalchemy as sa

    assert p.column is not None
    expr: Any = sa.column(p.column.name)
    groups = (
        sa.select(sa.func.count().label("n"))
        .select_from(engine.relation)
        .where(sa.not_(_missing(p.column, engine)))
        .group_by(expr)
        .having(sa.func.count() > 1)
        .subquery("repeated")
    )
    try:
        return int(
            connection.execute(sa.select(sa.func.coalesce(sa.func.sum(groups.c.n), 0))).scalar()
            or 0
        )
    except Exception:
        _rollback(connection)
        raise _Defer from None


def _python_regex(p: _Plan, engine: Engine, connection: sa.Connection) -> tuple[int, list[Any]]:
    """``str.contains`` (Python's ``re.search``) over each distinct value, as GX's pandas engine runs it."""
    import sqlalchemy as sa

    assert p.column is not None
    expr: Any = sa.column(p.column.name)
    regex = p.figures["regex"]
    statement = (
        sa.select(expr, sa.func.count())
        .select_from(engine.relation)
        .where(sa.not_(_missing(p.column, engine)))
        .group_by(expr)
    )
    unexpected = 0
    examples: list[Any] = []
    try:
        result = connection.execute(statement)
        for value, n in result:
            if regex.search(str(value)) is None:
                unexpected += int(n)
                if len(examples) < EXAMPLES:
                    examples.extend([value] * min(int(n), EXAMPLES - len(examples)))
    except Exception:
        _rollback(connection)
        raise _Defer from None
    return unexpected, examples


def _examples(p: _Plan, engine: Engine, connection: sa.Connection) -> list[Any]:
    import sqlalchemy as sa

    assert p.column is not None
    expr: Any = sa.column(p.column.name)
    present = sa.not_(_missing(p.column, engine))
    if p.kind == "unique":
        repeated = (
            sa.select(expr)
            .select_from(engine.relation)
            .where(present)
            .group_by(expr)
            .having(sa.func.count() > 1)
        )
        where: Any = sa.and_(present, expr.in_(repeated.scalar_subquery()))
    else:
        where = sa.and_(present, sa.not_(p.condition))
    statement = sa.select(expr).select_from(engine.relation).where(where).limit(_EXAMPLE_ROWS)
    try:
        for setting in engine.traits.stable_scan_settings:
            connection.exec_driver_sql(setting)
        return [row[0] for row in connection.execute(statement)]
    except Exception:
        _rollback(connection)
        return []


def outcome(item: Mapping[str, Any], result: Mapping[str, Any]) -> Outcome:
    """A native result as the suite run records it: counts and examples for a failure, as GX's
    second (BASIC) pass gives them; a pass records only its verdict, as GX's first pass does."""
    from dataready.suites.gx import _plain

    kind, kwargs = item["type"], item["kwargs"]
    severity = str(item.get("severity") or "critical")
    if result["success"]:
        return Outcome(kind, kwargs, "passed", severity)
    return Outcome(
        kind,
        kwargs,
        "failed",
        severity,
        unexpected_count=result.get("unexpected_count"),
        unexpected_percent=result.get("unexpected_percent"),
        element_count=result.get("element_count"),
        missing_count=result.get("missing_count"),
        observed=_plain(_observed(result.get("observed_value"))),
        examples=tuple(_plain(v) for v in result.get("examples", ())),
    )


def _observed(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value
