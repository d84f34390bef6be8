"""Expectations dataready evaluates itself give exactly what Great Expectations gives, on every engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dataready.pipeline.targets import resolve
from dataready.suites import gx, native
from dataready.suites.gx import runs_in_database
from tests.dbutil import database, engine_params

COLUMNS = "id INTEGER, amount DOUBLE PRECISION, name VARCHAR(40), code VARCHAR(10), qty INTEGER"
NAMES = ["id", "amount", "name", "code", "qty"]


def rows() -> list[tuple[Any, ...]]:
    """120 rows with planted violations, every count known.

    ids 1..115 then 5 repeats (ids 3, 4, 5, 6, 7): 10 rows share an id; amount NULL on 12 rows and
    above 500 on 7; name NULL on 6 rows, lower-case (breaks the regex) on 9, long on 4; code
    outside the set on 11 rows (5 of them 'XX') and NULL on 3; qty negative on 2 rows.
    """
    out = []
    for i in range(1, 121):
        key = i if i <= 115 else i - 112
        amount = None if i % 10 == 0 else (900.0 + i if i % 17 == 0 else float(i) * 1.5)
        name = None if i % 20 == 3 else (f"anne{i}" if i % 13 == 0 else f"Name{i}")
        if i in (5, 50, 95, 105):
            name = f"Averyveryverylongname{i}"
        code = (
            None
            if i in (8, 18, 28)
            else ("XX" if i % 23 == 0 else ("zz" if i % 19 == 0 else ("AB" if i % 2 else "CD")))
        )
        qty = -1 if i in (44, 88) else i % 9
        out.append((key, amount, name, code, qty))
    return out


def _e(kind: str, **kwargs: Any) -> dict[str, Any]:
    return {"type": kind, "kwargs": kwargs}


EXPECTATIONS = [
    _e("expect_column_to_exist", column="qty"),
    _e("expect_column_to_exist", column="missing_column"),
    _e("expect_table_columns_to_match_set", column_set=NAMES),
    _e("expect_table_columns_to_match_set", column_set=["id", "name"], exact_match=False),
    _e("expect_table_columns_to_match_set", column_set=["id", "name"]),
    _e("expect_table_column_count_to_equal", value=5),
    _e("expect_table_column_count_to_be_between", min_value=1, max_value=4),
    _e("expect_table_row_count_to_be_between", min_value=100, max_value=200),
    _e("expect_table_row_count_to_be_between", min_value=121),
    _e("expect_table_row_count_to_equal", value=120),
    _e("expect_column_values_to_not_be_null", column="id"),
    _e("expect_column_values_to_not_be_null", column="amount"),
    _e("expect_column_values_to_not_be_null", column="amount", mostly=0.9),
    _e("expect_column_values_to_not_be_null", column="amount", mostly=0.95),
    _e("expect_column_values_to_be_unique", column="id"),
    _e("expect_column_values_to_be_unique", column="id", mostly=0.9),
    _e("expect_column_values_to_be_unique", column="code"),
    _e("expect_column_values_to_be_between", column="amount", min_value=0, max_value=500),
    _e("expect_column_values_to_be_between", column="amount", max_value=500, mostly=0.9),
    _e("expect_column_values_to_be_between", column="qty", min_value=0),
    _e(
        "expect_column_values_to_be_between",
        column="qty",
        min_value=0,
        max_value=8,
        strict_max=True,
    ),
    _e(
        "expect_column_values_to_be_between",
        column="qty",
        min_value=-1,
        max_value=8,
        strict_min=True,
    ),
    _e("expect_column_values_to_be_in_set", column="code", value_set=["AB", "CD"]),
    _e(
        "expect_column_values_to_be_in_set", column="code", value_set=["AB", "CD", "XX"], mostly=0.9
    ),
    _e("expect_column_values_to_be_in_set", column="qty", value_set=[0, 1, 2, 3, 4, 5, 6, 7, 8]),
    _e("expect_column_values_to_match_regex", column="name", regex=r"^[A-Z][a-z]+[0-9]+$"),
    _e("expect_column_values_to_match_regex", column="name", regex=r"[0-9]", mostly=0.5),
    _e("expect_column_value_lengths_to_be_between", column="name", min_value=5, max_value=10),
    _e("expect_column_value_lengths_to_be_between", column="name", max_value=20, mostly=0.9),
    _e("expect_column_value_lengths_to_equal", column="code", value=2),
    _e("expect_column_min_to_be_between", column="qty", min_value=0),
    _e("expect_column_max_to_be_between", column="amount", max_value=2000),
    _e("expect_column_mean_to_be_between", column="amount", min_value=0, max_value=100),
    _e("expect_column_sum_to_be_between", column="qty", min_value=0, max_value=10_000),
]

NATIVE_ON_FILES = [
    e
    for e in EXPECTATIONS
    if e["type"] not in ("expect_column_mean_to_be_between", "expect_column_sum_to_be_between")
]

ENGINES = [*engine_params(), pytest.param("parquet", id="parquet")]


def _source(kind: str, tmp_path: Path) -> Any:
    """The planned source of the test table on ``kind`` (a context manager yielding it)."""
    import contextlib

    @contextlib.contextmanager
    def opened() -> Any:
        if kind == "parquet":
            frame = pd.DataFrame(rows(), columns=NAMES)
            path = tmp_path / "t.parquet"
            frame.to_parquet(path, index=False)
            yield resolve(str(path)).planned[0]
            return
        with database(kind, tmp_path) as db:
            db.create_table(
                "t",
                COLUMNS.replace("DOUBLE PRECISION", "DOUBLE")
                if kind in ("duckdb", "mariadb")
                else COLUMNS,
                rows(),
            )
            yield resolve(db.url, table="t").planned[0]

    return opened()


def _gx_results(items: list[tuple[int, dict[str, Any]]], planned: Any) -> dict[int, dict[str, Any]]:
    """What GX says of every expectation (BASIC: its counts, for passes too)."""
    from dataready.model.suites import Suite

    suite = Suite(Path("parity.json"), "parity", tuple(e for _i, e in items))
    connector = planned.connector
    with connector.open() as opened:
        outcomes: dict[int, Any]
        original = gx._two_passes
        gx._two_passes = lambda validate, its: validate(its, "BASIC")  # type: ignore[assignment]
        try:
            if runs_in_database(connector, opened):
                outcomes = gx._run_sql(suite, items, planned.source, connector, opened)
            else:
                outcomes = gx._run_pandas(suite, items, opened, getattr(connector, "frame", None))
        finally:
            gx._two_passes = original  # type: ignore[assignment]
    return {
        i: {
            "status": o.status,
            "unexpected_count": o.unexpected_count,
            "element_count": o.element_count,
            "missing_count": o.missing_count,
            "unexpected_percent": o.unexpected_percent,
            "error": o.error,
        }
        for i, o in outcomes.items()
    }


@pytest.mark.parametrize("kind", ENGINES)
def test_native_results_are_those_of_great_expectations(kind: str, tmp_path: Path) -> None:
    items = list(enumerate(EXPECTATIONS))
    with _source(kind, tmp_path) as planned:
        connector = planned.connector
        with connector.open() as opened:
            engine = native.Engine(
                opened.relation, opened.columns, opened.traits, runs_in_database(connector, opened)
            )
            ours = native.evaluate(items, engine, opened.connection)
        theirs = _gx_results(items, planned)

    # Every expectation is answered here, except the regexes where GX's SQL engine has its own
    # (SQLite: GX registers a function of its own), and where GX runs on pandas a mean or a sum
    # (pandas adds up in an order of its own).
    left = {
        "sqlite": {"expect_column_values_to_match_regex"},
        "duckdb": {"expect_column_mean_to_be_between", "expect_column_sum_to_be_between"},
        "parquet": {"expect_column_mean_to_be_between", "expect_column_sum_to_be_between"},
    }.get(kind, set())
    expected_native = {i for i, e in items if e["type"] not in left}
    assert set(ours) == expected_native
    mismatches = []
    for i in sorted(ours):
        mine, gx_says = ours[i], theirs[i]
        assert gx_says["status"] != "error", (EXPECTATIONS[i], gx_says["error"])
        got = {"status": "passed" if mine["success"] else "failed"}
        want = {"status": gx_says["status"]}
        if gx_says["unexpected_count"] is not None:
            got |= {k: mine.get(k) for k in ("unexpected_count", "element_count", "missing_count")}
            want |= {k: gx_says[k] for k in ("unexpected_count", "element_count", "missing_count")}
            got["unexpected_percent"] = pytest.approx(mine.get("unexpected_percent"))
            want["unexpected_percent"] = gx_says["unexpected_percent"]
        if got != want:
            mismatches.append((EXPECTATIONS[i], got, want))
    assert mismatches == []
    # The planted violations are seen (the verdicts are not all the same).
    verdicts = [ours[i]["success"] for i in sorted(ours)]
    assert 10 < sum(verdicts) < len(verdicts)


def test_a_suite_of_native_expectations_never_imports_great_expectations(tmp_path: Path) -> None:
    pd.DataFrame(rows(), columns=NAMES).to_csv(tmp_path / "t.csv", index=False)
    (tmp_path / "expectations").mkdir()
    (tmp_path / "expectations" / "t.json").write_text(
        json.dumps({"name": "t", "expectations": NATIVE_ON_FILES})
    )
    (tmp_path / "dataready.yml").write_text(
        json.dumps({"use_case": {"name": "x"}, "sources": [{"name": "t", "location": "t.csv"}]})
    )
    probe = (
        "import sys, json\n"
        "from dataready.pipeline.validate import validate_project\n"
        "import dataready\n"
        "(run,), _ = validate_project('dataready.yml')\n"
        "card = dataready.gate('dataready.yml', fail_on='never')\n"
        "print(json.dumps([run.engine, run.count('passed'), run.count('failed'), run.count('error'),"
        " 'great_expectations' in sys.modules]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    engine, passed, failed, errors, imported = json.loads(out.stdout.splitlines()[-1])
    assert (engine, errors, imported) == ("dataready (duckdb)", 0, False)
    assert passed + failed == len(NATIVE_ON_FILES) and failed > 5
