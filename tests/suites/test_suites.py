"""Great Expectations suites: loading, running on every engine, suggesting, and the plan's expectations.

Suites run for real through GX 1.x: SQLite, PostgreSQL and MariaDB through GX's SQL engine, DuckDB,
files and DataFrames through its pandas engine. Counts are the ones planted in the data.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import dataready
from dataready.cli import cli
from dataready.errors import ConfigError
from dataready.model.suites import SuiteRun
from dataready.pipeline.suggest import suggest_sources
from dataready.pipeline.validate import validate_project
from dataready.suites.files import load_suite, suite_from_dict
from dataready.suites.gx import column_groups, gx_connection, gx_friendly
from dataready.suites.suggest import COUNTRY_ALPHA2, COUNTRY_ALPHA3, CURRENCIES
from tests.conftest import assert_finding, findings
from tests.dbutil import PEOPLE_COLUMNS, database, engine_params, people_rows

# --- a suite with known outcomes on the people table (tests/dbutil.py) -------------------------

PEOPLE_SUITE = {
    "name": "people",
    "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "city"}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}},
        {
            "type": "expect_column_values_to_be_in_set",
            "kwargs": {"column": "status", "value_set": ["open", "closed"]},
        },
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": "quantity", "min_value": 0},
        },
        {
            "type": "expect_column_values_to_match_regex",
            "kwargs": {"column": "city", "regex": r"^[A-Z][a-z]+$"},
        },
        {
            "type": "expect_table_row_count_to_be_between",
            "kwargs": {"min_value": 150, "max_value": 250},
        },
        {
            "type": "expect_table_columns_to_match_set",
            "kwargs": {"column_set": ["id", "gender", "city", "status", "quantity"]},
        },
    ],
}
# (status, unexpected count) per expectation; GX counts every row of a repeated id (5 ids, 10 rows).
PEOPLE_OUTCOMES = [
    ("failed", 10),
    ("failed", 10),
    ("failed", 4),
    ("failed", 1),
    ("passed", None),
    ("passed", None),
    ("passed", None),
]


def write_project(
    root: Path, sources: list[dict[str, Any]], suites: dict[str, dict[str, Any]] | None = None
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, suite in (suites or {}).items():
        path = root / "expectations" / f"{name}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(suite), encoding="utf-8")
    project = root / "dataready.yml"
    project.write_text(
        yaml.safe_dump({"use_case": {"name": "test"}, "sources": sources}), encoding="utf-8"
    )
    return project


def statuses(run: SuiteRun) -> list[tuple[str, int | None]]:
    return [(o.status, o.unexpected_count if o.status == "failed" else None) for o in run.outcomes]


@pytest.mark.parametrize("kind", engine_params())
def test_a_suite_runs_on_every_engine_with_exact_counts(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as db:
        db.create_table("People", PEOPLE_COLUMNS, people_rows())  # mixed case: GX needs it quoted
        project = write_project(
            tmp_path / "p",
            [{"name": "people", "location": db.url, "table": "People"}],
            {"people": PEOPLE_SUITE},
        )

        runs, orphans = validate_project(project)
        (run,) = runs
        assert orphans == []
        assert statuses(run) == PEOPLE_OUTCOMES
        # dataready answers every expectation itself in one pass, except the regex on SQLite
        # (which has no regex operator of its own): GX runs that one, in the database.
        engine = "mysql" if kind == "mariadb" else kind
        assert run.engine == (
            "dataready (sqlite) + GX sql (sqlite)" if kind == "sqlite" else f"dataready ({engine})"
        )
        status = next(o for o in run.outcomes if o.columns == ("status",))
        assert set(status.examples) == {"N/A"}

        # In an audit the same results are findings, in the dimension each expectation belongs to.
        card = dataready.audit(project, show_values=True)
        assert_finding(
            card, "completeness", check="expectation", column="city", severity="error", affected=10
        )
        assert_finding(card, "uniqueness", check="expectation", column="id", affected=10)
        found = assert_finding(card, "validity", check="expectation", column="status", affected=4)
        assert found.examples == ("N/A",) * 4
        assert found.remediation is not None and found.remediation.expectation == {
            "type": "expect_column_values_to_be_in_set",
            "kwargs": {"column": "status", "value_set": ["open", "closed"]},
        }
        summary = assert_finding(card, "validity", check="expectation_suite", severity="info")
        assert summary.measured["passed"] == 3 and summary.measured["failed"] == 4
        assert (
            "people (expectations/people.json): 3 of 7 expectations passed, 4 failed"
            in summary.message
        )


def test_a_query_source_is_validated_on_the_query_result(tmp_path: Path) -> None:
    with database("sqlite", tmp_path) as db:
        db.create_table("people", PEOPLE_COLUMNS, people_rows())
        query = "SELECT id, city FROM people WHERE quantity > 3"
        suite = {
            "name": "q",
            "expectations": [
                PEOPLE_SUITE["expectations"][0],
                {
                    "type": "expect_table_columns_to_match_set",
                    "kwargs": {"column_set": ["id", "city"]},
                },
            ],
        }
        project = write_project(
            tmp_path / "p", [{"name": "q", "location": db.url, "query": query}], {"q": suite}
        )
        (run,), _ = validate_project(project)
        expected_nulls = sum(1 for r in people_rows() if r[4] > 3 and r[2] is None)
        assert (
            statuses(run) == [("failed", expected_nulls), ("passed", None)] and expected_nulls > 0
        )


def test_files_and_dataframes_run_through_pandas_reading_only_the_named_columns(
    tmp_path: Path,
) -> None:
    frame = pd.DataFrame(people_rows(), columns=["id", "gender", "city", "status", "quantity"])
    frame.to_parquet(tmp_path / "people.parquet", index=False)
    project = write_project(
        tmp_path, [{"name": "people", "location": "people.parquet"}], {"people": PEOPLE_SUITE}
    )

    (run,), _ = validate_project(project)
    assert run.engine == "dataready (duckdb)"  # every expectation answered through DuckDB
    assert statuses(run) == PEOPLE_OUTCOMES

    # A DataFrame gets its suite by name; the frame itself is left as it was.
    before = frame.copy()
    card = dataready.audit(
        {"people": frame}, suites={"people": tmp_path / "expectations" / "people.json"}
    )
    assert_finding(card, "validity", check="expectation", column="quantity", affected=1)
    pd.testing.assert_frame_equal(frame, before)


def test_column_groups_load_only_what_each_expectation_reads() -> None:
    items = list(
        enumerate(
            [
                {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": ["a", "b"]}},
                {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
                {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "a"}},
                {
                    "type": "expect_compound_columns_to_be_unique",
                    "kwargs": {"column_list": ["a", "b"]},
                },
                {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
                {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "zz"}},
                {
                    "type": "expect_column_values_to_not_be_null",
                    "kwargs": {
                        "column": "b",
                        "row_condition": "a > 1",
                        "condition_parser": "pandas",
                    },
                },
            ]
        )
    )
    groups = [
        (g.columns, [i for i, _e in g.items], g.schema_only)
        for g in column_groups(items, ["a", "b", "c"])
    ]
    assert groups == [
        (("a", "b", "c"), [0], True),  # column sets: the schema only, no rows
        (("a",), [1, 2, 4], False),  # the row count rides along with the first group
        (("a", "b"), [3], False),
        ((), [5], False),  # an unknown column is not read; GX reports it missing
        (("a", "b", "c"), [6], False),  # a row condition may name any column
    ]


def test_gx_friendly_dtypes_are_lossless() -> None:
    frame = pd.DataFrame(
        {
            "small": pd.Series([1, 2, 3], dtype="int16"),
            "nullable": pd.Series([1, None, 2**40], dtype="Int64"),
            "single": pd.Series([0.5, 0.25, 1.0], dtype="float32"),
            "micro": pd.Series(
                pd.to_datetime(
                    ["2024-01-01 10:00:00.000001", None, "1999-12-31 00:00:00"], format="ISO8601"
                )
            ).astype("datetime64[us]"),
            "far": pd.Series(
                [dt.datetime(9999, 12, 31), dt.datetime(2000, 1, 1), None], dtype="datetime64[us]"
            ),
            "flag": pd.Series([True, False, True], dtype="boolean"),
        }
    )
    out = gx_friendly(frame)
    assert {c: str(t) for c, t in out.dtypes.items()} == {
        "small": "int64",
        "nullable": "float64",
        "single": "float64",
        "micro": "datetime64[ns]",
        "far": "datetime64[us]",  # 9999-12-31 does not fit in nanoseconds: left as it was
        "flag": "bool",
    }
    assert out["nullable"].tolist()[2] == 2**40 and out["micro"].iloc[0] == pd.Timestamp(
        "2024-01-01 10:00:00.000001"
    )
    assert str(frame["small"].dtype) == "int16"  # the caller's frame is not changed


# --- suites that cannot load, or cannot run --------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ not json", "1:3: not valid JSON"),
        (
            json.dumps(
                {
                    "expectation_suite_name": "old",
                    "expectations": [
                        {
                            "expectation_type": "expect_column_values_to_not_be_null",
                            "kwargs": {"column": "a"},
                        }
                    ],
                }
            ),
            "a Great Expectations 0.x suite",
        ),
        (
            json.dumps(
                {
                    "name": "s",
                    "expectations": [
                        {"type": "expect_column_values_to_be_positive", "kwargs": {"column": "a"}}
                    ],
                }
            ),
            "expectation 1 (expect_column_values_to_be_positive): unknown expectation type",
        ),
        (
            json.dumps(
                {
                    "name": "s",
                    "expectations": [
                        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
                        {
                            "type": "expect_column_values_to_be_between",
                            "kwargs": {"column": "a", "min": 0},
                        },
                    ],
                }
            ),
            "expectation 2 (expect_column_values_to_be_between): min: extra fields not permitted",
        ),
        (json.dumps({"name": "s", "expectations": {"type": "x"}}), "'expectations' must be a list"),
    ],
)
def test_a_suite_that_cannot_load_is_refused_with_its_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "suite.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"suite\.json") as raised:
        load_suite(path)
    assert message in str(raised.value)


@pytest.mark.parametrize("where", ["file", "database"])
def test_a_broken_suite_stops_the_cli_with_one_line(tmp_path: Path, where: str) -> None:
    """On pandas after the measurement, or in the database beside it: the same one line, exit 2."""
    frame = pd.DataFrame({"a": [1, 2]})
    if where == "file":
        frame.to_csv(tmp_path / "t.csv", index=False)
        declared = {"name": "t", "location": "t.csv"}
    else:
        with sqlite3.connect(tmp_path / "t.db") as conn:
            frame.to_sql("t", conn, index=False)
        declared = {"name": "t", "location": f"sqlite:///{tmp_path / 't.db'}", "table": "t"}
    suite = {
        "name": "t",
        "expectations": [{"type": "expect_column_values_to_be_postive", "kwargs": {"column": "a"}}],
    }
    write_project(tmp_path, [declared], {"t": suite})
    result = CliRunner().invoke(cli, ["gate", str(tmp_path / "dataready.yml")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"dataready: error: {tmp_path / 'expectations' / 't.json'}: expectation 1 (expect_column_values_to_be_postive): "
        "unknown expectation type; see the Great Expectations 1.x expectation gallery"
    ]


def test_an_expectation_that_cannot_run_is_an_error_never_a_pass(tmp_path: Path) -> None:
    pd.DataFrame({"a": [1, 2, 3], "name": ["x", "y", "z"]}).to_csv(tmp_path / "t.csv", index=False)
    suite = {
        "name": "t",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "renamed", "min_value": 0},
            },
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "name", "min_value": 0},
            },
        ],
    }
    project = write_project(tmp_path, [{"name": "t", "location": "t.csv"}], {"t": suite})

    (run,), _ = validate_project(project)
    assert [o.status for o in run.outcomes] == ["passed", "error", "error"]
    assert 'The column "renamed" in BatchData does not exist' in (run.outcomes[1].error or "")
    assert "same type" in (run.outcomes[2].error or "")
    card = dataready.audit(project)
    broken = findings(card, "validity", check="expectation_error")
    assert [f.columns for f in broken] == [("renamed",), ("name",)] and all(
        f.severity.value == "error" for f in broken
    )
    with pytest.raises(dataready.ReadinessGateFailed, match=r"2 expectation.s. could not run"):
        dataready.gate(project, fail_on="never")


def test_a_suite_written_by_gx_itself_loads_and_runs_unchanged(tmp_path: Path) -> None:
    import great_expectations as gx
    import great_expectations.expectations as gxe

    context = gx.get_context(mode="ephemeral")
    suite = context.suites.add(gx.ExpectationSuite(name="people"))
    suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="city"))
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="quantity", min_value=0, max_value=10, severity="warning"
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=["open", "closed", "N/A"])
    )
    document = suite.to_json_dict()
    pd.DataFrame(people_rows(), columns=["id", "gender", "city", "status", "quantity"]).to_csv(
        tmp_path / "people.csv", index=False
    )
    project = write_project(
        tmp_path, [{"name": "people", "location": "people.csv"}], {"people": document}
    )

    loaded = load_suite(tmp_path / "expectations" / "people.json")
    assert [e["type"] for e in loaded.expectations] == [e["type"] for e in document["expectations"]]
    card = dataready.audit(project)
    assert_finding(
        card, "completeness", check="expectation", column="city", severity="error", affected=10
    )
    # GX's own severity is kept: a failed "warning" expectation is a warning finding.
    assert_finding(
        card, "validity", check="expectation", column="quantity", severity="warning", affected=1
    )
    assert not findings(card, check="expectation", column="status")
    dataready.gate(project, fail_on="never")  # warnings and errors alone do not fail a "never" gate


def test_suites_are_not_run_on_ad_hoc_audits_and_gx_is_not_imported_without_one(
    tmp_path: Path,
) -> None:
    (tmp_path / "expectations").mkdir()
    (tmp_path / "expectations" / "t.json").write_text(json.dumps({"name": "t", "expectations": []}))
    pd.DataFrame({"a": [1, 2]}).to_csv(tmp_path / "t.csv", index=False)
    probe = (
        "import sys, dataready\n"
        f"card = dataready.audit({str(tmp_path / 't.csv')!r})\n"
        "import dataready.cli, dataready.pipeline.gate, dataready.scoring.gate, dataready.suites.files\n"
        "print(any(f.check == 'expectation_suite' for f in card.findings), 'great_expectations' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.split() == ["False", "False"]


def test_without_great_expectations_a_suite_is_skipped_with_a_note_and_fails_a_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataready.suites import gx

    monkeypatch.setattr(gx, "gx_available", lambda: False)
    pd.DataFrame({"a": [1, 2]}).to_csv(tmp_path / "t.csv", index=False)
    suite = {
        "name": "t",
        "expectations": [
            {"type": "expect_column_values_to_be_increasing", "kwargs": {"column": "a"}}
        ],
    }
    project = write_project(tmp_path, [{"name": "t", "location": "t.csv"}], {"t": suite})
    card = dataready.audit(project)
    assert not findings(card, check="expectation_error")
    (skipped,) = findings(card, check="expectation_suite_skipped")
    note = (
        "expectation suite t (expectations/t.json) skipped: its 1 expectation(s) were not run "
        "because Great Expectations is not installed; pip install 'dataready-audit[expectations]'"
    )
    assert skipped.message == note and skipped.severity.value == "info"
    audit = CliRunner().invoke(cli, ["audit", str(project)])
    assert f"dataready: note: t: {note}" in audit.stderr
    # A gate passes nothing on a suite nobody ran.
    gate = CliRunner().invoke(cli, ["gate", str(project), "--fail-on", "never"])
    assert gate.exit_code == 1 and "1 expectation suite(s) skipped" in gate.stderr
    result = CliRunner().invoke(cli, ["validate", "--project", str(project)])
    assert result.exit_code == 2 and "expectation suites need Great Expectations" in result.stderr
    # A suite of expectations dataready evaluates itself runs without GX.
    native = {
        "name": "t",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}}
        ],
    }
    project = write_project(tmp_path, [{"name": "t", "location": "t.csv"}], {"t": native})
    card = dataready.audit(project)
    assert not findings(card, check="expectation_suite_skipped")
    (summary,) = findings(card, check="expectation_suite")
    assert summary.measured["passed"] == 1
    result = CliRunner().invoke(cli, ["validate", "--project", str(project)])
    assert result.exit_code == 0, result.stderr


def test_the_demo_without_great_expectations_runs_its_suite_natively(
    tmp_path: Path,
) -> None:
    import shutil

    from dataready.demo import write_demo

    project = write_demo(tmp_path / "demo")
    # GX absent in a fresh interpreter: the import of great_expectations fails there.
    probe = (
        "import sys; sys.modules['great_expectations'] = None\n"
        "import json, dataready\n"
        f"card = dataready.audit({str(project)!r})\n"
        "print(json.dumps([card.level.value, card.score, "
        "[f.check for f in card.findings if f.check.startswith('expectation')]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    level, score, checks = json.loads(out.stdout)
    with_gx = dataready.audit(project)
    # The demo's suite holds only expectations dataready evaluates itself: it runs without GX,
    # with the same verdicts.
    assert checks == [f.check for f in with_gx.findings if f.check.startswith("expectation")]
    assert "expectation_suite_skipped" not in checks
    assert level == with_gx.level.value and score == pytest.approx(with_gx.score)
    shutil.rmtree(project.parent / "expectations")
    dataready.audit(project)
    demo = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.modules['great_expectations'] = None\n"
            "from dataready.cli import main; sys.argv = ['dataready', '-q', 'demo', '--path', 'again',"
            " '-f', 'json']; main()",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert demo.returncode == 0, demo.stderr


def test_the_ephemeral_context_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pd.DataFrame({"a": [1, 2]}).to_csv(tmp_path / "t.csv", index=False)
    suite = {
        "name": "t",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}}
        ],
    }
    write_project(tmp_path, [{"name": "t", "location": "t.csv"}], {"t": suite})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["validate"])
    assert out.exit_code == 0, out.output
    assert (
        sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    )  # no gx/ folder, no uncommitted/


@pytest.mark.parametrize("kind", engine_params(["sqlite", "postgresql", "mariadb"]))
def test_gx_connections_are_read_only(kind: str, tmp_path: Path) -> None:
    import sqlalchemy as sa

    with database(kind, tmp_path) as db:
        db.create_table("t", "a INTEGER", [(1,)])
        url, kwargs = gx_connection(db.url)  # what GX's datasource is created with
        engine = sa.create_engine(url, **kwargs)
        try:
            with (
                engine.connect() as conn,
                pytest.raises(sa.exc.DBAPIError, match=r"(?i)read.only|readonly"),
            ):
                conn.exec_driver_sql("DELETE FROM t")
        finally:
            engine.dispose()
        assert db.row_count("t") == 1


# --- suggest, then validate ------------------------------------------------------------------

ORDER_COLUMNS = [
    "order_id",
    "email",
    "country",
    "currency",
    "status",
    "amount",
    "quantity",
    "sku",
    "signup_date",
    "created_at",
]


def clean_orders(n: int = 300) -> pd.DataFrame:
    rng = random.Random(20240611)
    start = dt.datetime(2023, 1, 1)
    rows = [
        {
            "order_id": i,
            "email": f"customer{i}@example.com",
            "country": rng.choice(["DE", "FR", "GB", "ES", "IT", "NL"]),
            "currency": rng.choice(["EUR", "GBP", "USD"]),
            "status": rng.choice(["open", "shipped", "closed"]),
            "amount": round(rng.uniform(5, 500), 2),
            "quantity": rng.randint(1, 9),
            "sku": f"SKU-{rng.randint(0, 99999):05d}",
            "signup_date": (start + dt.timedelta(days=rng.randint(0, 600))).date().isoformat(),
            "created_at": start
            + dt.timedelta(days=rng.randint(0, 600), minutes=rng.randint(0, 1440)),
        }
        for i in range(1, n + 1)
    ]
    return pd.DataFrame(rows, columns=ORDER_COLUMNS)


def _set(column: str, rows: range, value: Any) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def inject(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        out[column] = out[column].astype(object)
        for r in rows:
            out.at[r, column] = value(out.at[r, column]) if callable(value) else value
        return out

    return inject


def _duplicate_ids(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.loc[20:24, "order_id"] = out.loc[0:4, "order_id"].to_numpy()
    return out


# One defect each, in its own rows; the column it must be caught on (None: a table-level expectation).
DEFECTS: dict[str, tuple[Callable[[pd.DataFrame], pd.DataFrame], str | None]] = {
    "nulls": (_set("email", range(30, 45), None), "email"),
    "malformed_email": (_set("email", range(50, 53), "not-an-email"), "email"),
    "duplicate_ids": (_duplicate_ids, "order_id"),
    "unknown_country": (_set("country", range(60, 63), "XX"), "country"),
    "unknown_currency": (_set("currency", range(64, 66), "EURO"), "currency"),
    "typo_in_category": (_set("status", range(70, 73), "shiped"), "status"),
    "outlier": (_set("amount", range(80, 82), 50_000.0), "amount"),
    "negative": (_set("quantity", range(90, 92), -3), "quantity"),
    "untrimmed": (_set("sku", range(100, 103), lambda v: f" {v}"), "sku"),
    "placeholder": (_set("sku", range(104, 106), "N/A"), "sku"),
    "date_format": (_set("signup_date", range(110, 115), "25/11/2024"), "signup_date"),
    "future_date": (
        _set("created_at", range(120, 122), lambda v: v.replace(year=v.year + 100)),
        "created_at",
    ),
    "dropped_column": (lambda f: f.drop(columns=["currency"]), None),
    "truncated": (lambda f: f.head(100), None),
}
SQL_DEFECTS = [k for k in DEFECTS if k not in ("dropped_column", "truncated", "duplicate_ids")] + [
    "duplicate_ids"
]


def caught(run: SuiteRun, column: str | None) -> bool:
    bad = [o for o in run.outcomes if o.status != "passed"]
    if column is None:
        return any(o.type.startswith("expect_table_") for o in bad)
    return any(column in o.columns for o in bad)


@pytest.fixture(scope="module")
def suggested_on_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("suggest")
    clean_orders().to_csv(root / "orders.csv", index=False)
    project = write_project(root, [{"name": "orders", "location": "orders.csv"}])
    written = suggest_sources(project, sources=["orders"])
    assert written == [("orders", root / "expectations" / "orders.json", written[0][2])]
    return project


def test_a_suggested_suite_is_gx_json_that_explains_itself_and_round_trips(
    suggested_on_csv: Path,
) -> None:
    from great_expectations.core.expectation_suite import ExpectationSuite

    path = suggested_on_csv.parent / "expectations" / "orders.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["name"] == "orders" and document["meta"]["great_expectations_version"]
    # GX loads it as it is: same expectations, same JSON.
    suite = ExpectationSuite(**document)
    assert len(suite.expectations) == len(document["expectations"])
    assert [e.configuration.to_json_dict()["kwargs"] for e in suite.expectations] == [
        e["kwargs"] for e in document["expectations"]
    ]
    by_kind: dict[tuple[str, str], dict[str, Any]] = {
        (e["type"], e["kwargs"].get("column", "")): e for e in document["expectations"]
    }
    for e in document["expectations"]:
        assert e["meta"]["dataready"]["reason"] and "measured" in e["meta"]["dataready"], e
    assert by_kind[("expect_column_values_to_not_be_null", "email")]["meta"]["dataready"][
        "measured"
    ] == {"nulls": 0}
    assert by_kind[("expect_column_values_to_be_unique", "order_id")]["kwargs"] == {
        "column": "order_id"
    }
    assert by_kind[("expect_column_values_to_be_in_set", "status")]["kwargs"]["value_set"] == [
        "closed",
        "open",
        "shipped",
    ]
    assert (
        set(by_kind[("expect_column_values_to_be_in_set", "country")]["kwargs"]["value_set"])
        == COUNTRY_ALPHA2
    )
    assert (
        set(by_kind[("expect_column_values_to_be_in_set", "currency")]["kwargs"]["value_set"])
        == CURRENCIES
    )
    assert by_kind[("expect_column_values_to_match_regex", "email")]["meta"]["dataready"][
        "reason"
    ].startswith("100.0% of 300 values are an e-mail")
    quantity = by_kind[("expect_column_values_to_be_between", "quantity")]
    assert (quantity["kwargs"]["min_value"], quantity["kwargs"]["max_value"]) == (
        0,
        10,
    )  # 1..9 widened, not below 0
    assert by_kind[("expect_column_value_lengths_to_be_between", "sku")]["kwargs"] == {
        "column": "sku",
        "min_value": 9,
        "max_value": 9,
    }
    assert by_kind[("expect_column_values_to_be_between", "created_at")]["kwargs"]["max_value"] == {
        "$PARAMETER": "now() + timedelta(days=1)"
    }
    rows = by_kind[("expect_table_row_count_to_be_between", "")]["kwargs"]
    assert (rows["min_value"], rows["max_value"]) == (270, 330)


def test_suggest_refuses_to_overwrite_a_suite(suggested_on_csv: Path) -> None:
    with pytest.raises(ConfigError, match="already exists; review and edit it, or pass --force"):
        suggest_sources(suggested_on_csv, sources=["orders"])


def test_a_suggested_suite_passes_on_its_data_and_fails_on_each_planted_defect(
    suggested_on_csv: Path,
) -> None:
    root = suggested_on_csv.parent
    suite = str(root / "expectations" / "orders.json")
    sources = [{"name": "orders", "location": str(root / "orders.csv"), "suite": suite}]
    for defect, (inject, _column) in DEFECTS.items():
        inject(clean_orders()).to_csv(root / f"bad_{defect}.csv", index=False)
        sources.append(
            {"name": defect, "location": str(root / f"bad_{defect}.csv"), "suite": suite}
        )
    runs, _ = validate_project(write_project(root / "defects", sources))
    by_source = {r.source: r for r in runs}
    clean = by_source.pop("orders")
    assert clean.success, [(o.label, o.detail()) for o in clean.outcomes if o.status != "passed"]
    assert {name: not r.success for name, r in by_source.items()} == dict.fromkeys(DEFECTS, True)
    missed = {
        d: [(o.label, o.detail()) for o in r.outcomes if o.status != "passed"]
        for d, r in by_source.items()
        if not caught(r, DEFECTS[d][1])
    }
    assert missed == {}


def _sql_type(kind: str, column: str) -> str:
    types = {
        "order_id": "INTEGER",
        "email": "VARCHAR(100)",
        "country": "VARCHAR(8)",
        "currency": "VARCHAR(8)",
        "status": "VARCHAR(20)",
        "amount": "DOUBLE PRECISION",
        "quantity": "INTEGER",
        "sku": "VARCHAR(20)",
        "signup_date": "VARCHAR(20)",
        "created_at": "DATETIME" if kind == "mariadb" else "TIMESTAMP",
    }
    return types[column]


def _rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [
        tuple(
            None if pd.isna(v) else (v.to_pydatetime() if isinstance(v, pd.Timestamp) else v)
            for v in row
        )
        for row in frame.itertuples(index=False)
    ]


@pytest.mark.parametrize("kind", engine_params())
def test_suggest_then_validate_on_every_engine(kind: str, tmp_path: Path) -> None:
    clean = clean_orders()
    bad = clean
    for name in SQL_DEFECTS:
        bad = DEFECTS[name][0](bad)
    columns = ", ".join(f"{c} {_sql_type(kind, c)}" for c in ORDER_COLUMNS)
    with database(kind, tmp_path) as db:
        db.create_table("orders", columns, _rows(clean))
        db.create_table("orders_bad", columns, _rows(bad))
        project = write_project(
            tmp_path / "p",
            [
                {"name": "orders", "location": db.url, "table": "orders"},
                {
                    "name": "orders_bad",
                    "location": db.url,
                    "table": "orders_bad",
                    "suite": "expectations/orders.json",
                },
            ],
        )
        ((name, path, count),) = suggest_sources(project, sources=["orders"])
        types = [e["type"] for e in json.loads(path.read_text())["expectations"]]
        assert "expect_column_values_to_match_regex" in types and count == len(types)
        runs, _ = validate_project(project)
        by_source = {r.source: r for r in runs}
        assert by_source["orders"].success, [
            (o.label, o.detail()) for o in by_source["orders"].outcomes if o.status != "passed"
        ]
        missed = [d for d in SQL_DEFECTS if not caught(by_source["orders_bad"], DEFECTS[d][1])]
        assert missed == []


@pytest.mark.parametrize("kind", engine_params())
def test_dates_written_one_way_get_a_format_expectation_that_holds_on_every_engine(
    kind: str, tmp_path: Path
) -> None:
    """Text dates that are not ISO 8601 get the regex the validity checks know the format by."""
    months = ["Jan", "FEB", "mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    clean = [(i, f"{months[i % 12]} {1 + i % 28:02d}, 2024") for i in range(60)]
    bad = [(i, "2024-03-05" if i in (7, 8) else text) for i, text in clean]
    with database(kind, tmp_path) as db:
        db.create_table("shipments", "id INTEGER, shipped VARCHAR(20)", clean)
        db.create_table("shipments_bad", "id INTEGER, shipped VARCHAR(20)", bad)
        project = write_project(
            tmp_path / "p",
            [
                {"name": "shipments", "location": db.url, "table": "shipments"},
                {
                    "name": "shipments_bad",
                    "location": db.url,
                    "table": "shipments_bad",
                    "suite": "expectations/shipments.json",
                },
            ],
        )
        ((_name, path, _count),) = suggest_sources(project, sources=["shipments"])
        formats = [
            e
            for e in json.loads(path.read_text())["expectations"]
            if e["type"] == "expect_column_values_to_match_regex"
            and e["kwargs"]["column"] == "shipped"
        ]
        assert [e["meta"]["dataready"]["measured"]["date_format"] for e in formats] == [
            "Mon DD, YYYY"
        ]
        runs, _ = validate_project(project)
        by_source = {r.source: r for r in runs}
        assert by_source["shipments"].success
        failed = [o for o in by_source["shipments_bad"].outcomes if o.status == "failed"]
        assert [(o.type, o.columns, o.unexpected_count) for o in failed] == [
            ("expect_column_values_to_match_regex", ("shipped",), 2)
        ]


# --- the remediation plan's expectations ---------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dataready.Scorecard]:
    from dataready.demo import write_demo

    project = write_demo(tmp_path_factory.mktemp("demo") / "dataready-demo")
    return project, dataready.audit(project, show_values=True)


def test_the_demo_validates_its_suite_in_the_audit(demo) -> None:
    _project, card = demo
    summary = assert_finding(card, "validity", check="expectation_suite", source="crm.customers")
    assert summary.measured["engine"] == "dataready (sqlite)"
    assert [(e["expectation"], e["status"]) for e in summary.measured["expectations"]] == [
        ("expect_column_values_to_not_be_null(customer_id)", "passed"),
        ("expect_column_values_to_be_unique(customer_id)", "failed"),
        ("expect_column_values_to_not_be_null(email)", "failed"),
        ("expect_column_values_to_be_in_set(country)", "failed"),
        ("expect_column_values_to_be_in_set(segment)", "passed"),
    ]
    # 24 customers loaded twice: 48 rows share a customer_id; 63 countries written in another case or with blanks.
    assert_finding(
        card,
        "uniqueness",
        check="expectation",
        source="crm.customers",
        column="customer_id",
        affected=48,
    )
    assert_finding(
        card, "validity", check="expectation", source="crm.customers", column="country", affected=63
    )


def test_every_expectation_the_plan_proposes_loads_into_gx_and_runs(demo) -> None:
    from dataready.connectors.registry import expand
    from dataready.suites.gx import gx_suite, run_suite

    project_file, card = demo
    project = dataready.load_project(project_file)
    proposed: dict[str, list[dict[str, Any]]] = {}
    for step in card.plan:
        if step.expectation is not None:
            proposed.setdefault(step.source, []).append(dict(step.expectation))
    assert sum(len(v) for v in proposed.values()) >= 15
    for config in project.sources:
        for source, connector in expand(config, project.root):
            items = proposed.get(source.name)
            if not items:
                continue
            suite = suite_from_dict(
                {"name": "plan", "expectations": items}, path=Path(f"{source.name}.json")
            )
            assert len(gx_suite(suite).expectations) == len(items)  # nothing dropped
            with connector.open() as opened:
                run = run_suite(suite, source, connector, opened)
            assert [(o.label, o.error) for o in run.outcomes if o.status == "error"] == []


def test_standard_code_lists_are_complete() -> None:
    assert (len(COUNTRY_ALPHA2), len(COUNTRY_ALPHA3)) == (249, 249)
    assert {"EUR", "USD", "GBP", "JPY", "CHF"} <= CURRENCIES and "UK" not in COUNTRY_ALPHA2


def test_suggest_and_validate_take_a_file_where_there_is_no_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    clean_orders().to_csv("orders.csv", index=False)

    suggested = CliRunner().invoke(cli, ["suggest", "orders.csv"])
    assert suggested.exit_code == 0, suggested.output
    assert "review them, then run 'dataready validate orders.csv'" in suggested.output
    assert json.loads((tmp_path / "expectations" / "orders.json").read_text())["expectations"]

    validated = CliRunner().invoke(cli, ["validate", "orders.csv"])
    assert validated.exit_code == 0, validated.output
    DEFECTS["nulls"][0](clean_orders()).to_csv("orders.csv", index=False)
    assert CliRunner().invoke(cli, ["validate", "orders.csv"]).exit_code == 1  # the suite now fails
