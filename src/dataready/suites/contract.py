"""Expectations ↔ the quality rules of an Open Data Contract Standard (ODCS v3.1) contract.

Where an expectation has a clear ODCS counterpart it is written as one: not null → ``nullValues``
must be 0, unique → ``duplicateValues`` must be 0, values in a set → ``invalidValues`` with the
valid values, table row count between → ``rowCount`` must be between, column values between →
the property's ``minimum``/``maximum``. Any other expectation is kept whole as a custom rule run by
``great-expectations``, so that nothing in a suite is lost on the way through a contract and back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

GX_ENGINE = "great-expectations"

NOT_NULL = "expect_column_values_to_not_be_null"
UNIQUE = "expect_column_values_to_be_unique"
IN_SET = "expect_column_values_to_be_in_set"
BETWEEN = "expect_column_values_to_be_between"
ROW_COUNT = "expect_table_row_count_to_be_between"

_COLUMN_METRICS = {NOT_NULL: "nullValues", UNIQUE: "duplicateValues"}


def _custom(expectation: Mapping[str, Any]) -> dict[str, Any]:
    implementation = {"type": expectation["type"], "kwargs": dict(expectation.get("kwargs", {}))}
    if expectation.get("meta"):
        implementation["meta"] = expectation["meta"]
    return {"type": "custom", "engine": GX_ENGINE, "implementation": implementation}


def _plain(kwargs: Mapping[str, Any], *allowed: str) -> bool:
    """Only these arguments (a ``mostly`` below 1, strict bounds … have no plain ODCS form)."""
    return set(kwargs) <= {"column", *allowed}


def quality_rules(
    expectations: Iterable[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    """(rules of the object, rules per column, ``logicalTypeOptions`` per column) for a suite."""
    table: list[dict[str, Any]] = []
    columns: dict[str, list[dict[str, Any]]] = {}
    options: dict[str, dict[str, Any]] = {}
    for e in expectations:
        kind, kwargs = e["type"], e.get("kwargs", {})
        column = kwargs.get("column")
        if (
            kind == ROW_COUNT
            and _plain(kwargs, "min_value", "max_value")
            and "column" not in kwargs
        ):
            low, high = kwargs.get("min_value"), kwargs.get("max_value")
            if low is not None and high is not None:
                rule = {"mustBeBetween": [low, high]}
            elif low is not None:
                rule = {"mustBeGreaterOrEqualTo": low}
            elif high is not None:
                rule = {"mustBeLessOrEqualTo": high}
            else:
                table.append(_custom(e))
                continue
            table.append({"type": "library", "metric": "rowCount", **rule})
        elif not isinstance(column, str):
            table.append(_custom(e))
        elif kind in _COLUMN_METRICS and _plain(kwargs):
            columns.setdefault(column, []).append(
                {"type": "library", "metric": _COLUMN_METRICS[kind], "mustBe": 0}
            )
        elif kind == IN_SET and _plain(kwargs, "value_set"):
            columns.setdefault(column, []).append(
                {
                    "type": "library",
                    "metric": "invalidValues",
                    "arguments": {"validValues": list(kwargs["value_set"])},
                    "mustBe": 0,
                }
            )
        elif (
            kind == BETWEEN
            and _plain(kwargs, "min_value", "max_value")
            and all(
                isinstance(kwargs.get(k), int | float) and not isinstance(kwargs.get(k), bool)
                for k in ("min_value", "max_value")
                if k in kwargs
            )
            and not set(options.get(column, {})) & {"minimum", "maximum"}
        ):
            bounds = options.setdefault(column, {})
            if "min_value" in kwargs:
                bounds["minimum"] = kwargs["min_value"]
            if "max_value" in kwargs:
                bounds["maximum"] = kwargs["max_value"]
        else:
            columns.setdefault(column, []).append(_custom(e))
    return table, columns, options


def expectations_from(
    table_rules: Iterable[Mapping[str, Any]],
    properties: Iterable[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[str]]:
    """GX 1.x expectations for a schema object's rules, and what could not be translated."""
    found: list[dict[str, Any]] = []
    skipped: list[str] = []
    for rule in table_rules:
        _translate(rule, None, found, skipped)
    for prop in properties:
        name = prop.get("name")
        if not isinstance(name, str):
            continue
        bounds = prop.get("logicalTypeOptions") or {}
        between = {
            arg: bounds[key]
            for key, arg in (("minimum", "min_value"), ("maximum", "max_value"))
            if isinstance(bounds.get(key), int | float)
        }
        for rule in prop.get("quality") or ():
            _translate(rule, name, found, skipped)
        if between:
            found.append({"type": BETWEEN, "kwargs": {"column": name, **between}})
    return found, skipped


def _translate(
    rule: Mapping[str, Any], column: str | None, found: list[dict[str, Any]], skipped: list[str]
) -> None:
    where = f"{column}: " if column else ""
    if rule.get("type") == "custom" and rule.get("engine") == GX_ENGINE:
        implementation = rule.get("implementation")
        if isinstance(implementation, Mapping) and isinstance(implementation.get("type"), str):
            found.append(
                {
                    key: implementation[key]
                    for key in ("type", "kwargs", "meta")
                    if key in implementation
                }
            )
            return
    metric = rule.get("metric") or rule.get("rule")
    zero = rule.get("mustBe") == 0 or rule.get("mustBeLessOrEqualTo") == 0
    if column is not None and metric in ("nullValues", "nullCheck") and zero:
        found.append({"type": NOT_NULL, "kwargs": {"column": column}})
    elif column is not None and metric in ("duplicateValues", "duplicateCount") and zero:
        found.append({"type": UNIQUE, "kwargs": {"column": column}})
    elif (
        column is not None
        and metric in ("invalidValues", "validValues")
        and zero
        and isinstance((rule.get("arguments") or {}).get("validValues"), list)
    ):
        values = list(rule["arguments"]["validValues"])
        found.append({"type": IN_SET, "kwargs": {"column": column, "value_set": values}})
    elif column is None and metric == "rowCount" and _row_count(rule) is not None:
        found.append({"type": ROW_COUNT, "kwargs": _row_count(rule)})
    else:
        skipped.append(where + str(rule.get("name") or metric or rule.get("type") or "a rule"))


def _row_count(rule: Mapping[str, Any]) -> dict[str, Any] | None:
    between = rule.get("mustBeBetween")
    if isinstance(between, list) and len(between) == 2:
        return {"min_value": between[0], "max_value": between[1]}
    if rule.get("mustBeGreaterOrEqualTo") is not None:
        return {"min_value": rule["mustBeGreaterOrEqualTo"]}
    if rule.get("mustBeLessOrEqualTo") is not None:
        return {"max_value": rule["mustBeLessOrEqualTo"]}
    if rule.get("mustBe") is not None:
        return {"min_value": rule["mustBe"], "max_value": rule["mustBe"]}
    return None
