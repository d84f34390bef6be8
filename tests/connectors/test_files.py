"""The file connector on real files of every supported format, folders and globs of them.

Each file holds the same 120 customers with the city missing on exactly 3 rows; an audit must
count them exactly, whatever the format, and leave the files byte-for-byte unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import dataready
from dataready.model import Level
from tests.conftest import FULLY_DECLARED, assert_finding, data_findings, digest, findings

ROWS = 120
NULL_CITY_IDS = (7, 40, 99)


def customers(
    n: int = ROWS, *, first_id: int = 1, null_city: tuple[int, ...] = NULL_CITY_IDS
) -> pd.DataFrame:
    ids = range(first_id, first_id + n)
    return pd.DataFrame(
        {
            "id": list(ids),
            "name": [f"customer {i}" for i in ids],
            "city": [None if i in null_city else ("Paris", "Berlin", "Madrid")[i % 3] for i in ids],
            "amount": [round(10 + i * 1.5, 2) for i in ids],
        }
    )


WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    "csv": lambda frame, path: frame.to_csv(path, index=False),
    "tsv": lambda frame, path: frame.to_csv(path, index=False, sep="\t"),
    "parquet": lambda frame, path: frame.to_parquet(path, index=False),
    "json": lambda frame, path: frame.to_json(path, orient="records"),
    "jsonl": lambda frame, path: frame.to_json(path, orient="records", lines=True),
    "xlsx": lambda frame, path: frame.to_excel(path, index=False),
}


def write(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[path.suffix.lstrip(".")](frame, path)
    return path


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.mark.parametrize("fmt", WRITERS)
def test_every_format_is_audited_with_exact_counts(tmp_path: Path, fmt: str) -> None:
    path = write(customers(), tmp_path / f"customers.{fmt}")
    before = digest([path])

    card = dataready.audit(path)

    source = card["customers"]
    assert (source.reachable, source.row_count, source.column_count) == (True, ROWS, 4)
    assert (source.source.connector, source.source.location) == ("file", str(path))
    assert source.size_bytes == path.stat().st_size
    missing = assert_finding(
        card, "completeness", check="missing_values", column="city", severity="warning", affected=3
    )
    assert (missing.total, missing.message) == (ROWS, "2.5 % of values are missing (3 null)")
    assert [(f.check, f.columns) for f in data_findings(card)] == [("missing_values", ("city",))]
    assert digest([path]) == before


def test_a_folder_gives_one_source_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    write(customers(), folder / "customers.csv")
    write(customers(50, null_city=()), folder / "orders.parquet")
    write(customers(30, null_city=(1, 2)), folder / "nested" / "events.jsonl")
    (folder / "notes.md").write_text("not data: ignored\n")
    before = digest(files_under(folder))

    card = dataready.audit(folder)

    assert {s.source.name: s.row_count for s in card.sources} == {
        "exports/customers": 120,
        "exports/nested/events": 30,
        "exports/orders": 50,
    }
    assert_finding(
        card, "completeness", check="missing_values", source="exports/customers", affected=3
    )
    assert_finding(
        card, "completeness", check="missing_values", source="exports/nested/events", affected=2
    )
    assert digest(files_under(folder)) == before


def test_a_folder_leaves_out_suites_scorecards_and_hidden_folders(tmp_path: Path) -> None:
    """A project's folder holds more than data: its suites and reports are not tables to audit."""
    import json

    folder = tmp_path / "project"
    write(customers(), folder / "data" / "customers.csv")
    write(customers(20), folder / ".history" / "old.csv")
    (folder / "expectations").mkdir()
    (folder / "expectations" / "customers.json").write_text(
        json.dumps({"name": "customers", "expectations": []})
    )
    write(customers(40), folder / "data" / "orders.json")  # JSON records: data
    first = dataready.audit(folder / "data" / "customers.csv")
    (folder / "card.json").write_text(json.dumps(first.to_dict()))

    card = dataready.audit(folder)

    assert {s.source.name: s.row_count for s in card.sources} == {
        "project/data/customers": 120,
        "project/data/orders": 40,
    }


def write_sales_parts(folder: Path) -> None:
    """60 rows in three parts; city is missing on 3 of them."""
    write(customers(10, first_id=1, null_city=()), folder / "part-1.csv")
    write(customers(20, first_id=11, null_city=(12,)), folder / "part-2.csv")
    write(customers(30, first_id=31, null_city=(40, 41)), folder / "part-3.csv")


def test_one_table_true_reads_a_glob_as_one_source(tmp_path: Path, project_file) -> None:
    write_sales_parts(tmp_path / "sales")
    before = digest(files_under(tmp_path / "sales"))
    path = project_file(
        {"name": "sales", "location": "sales/part-*.csv", "one_table": True, **FULLY_DECLARED}
    )

    card = dataready.audit(path)

    assert [(s.source.name, s.row_count) for s in card.sources] == [("sales", 60)]
    assert_finding(card, "completeness", check="missing_values", column="city", affected=3)
    assert not findings(card, "uniqueness")  # ids 1..60: the parts do not overlap
    assert digest(files_under(tmp_path / "sales")) == before


def test_one_table_true_reads_a_folder_as_one_source(tmp_path: Path, project_file) -> None:
    write_sales_parts(tmp_path / "sales")
    path = project_file({"name": "sales", "location": "sales", "one_table": True, **FULLY_DECLARED})

    card = dataready.audit(path)

    assert card["sales"].reachable, card["sales"].error
    assert [(s.source.name, s.row_count) for s in card.sources] == [("sales", 60)]
    assert_finding(card, "completeness", check="missing_values", column="city", affected=3)


def test_a_glob_gives_one_source_per_matching_file(tmp_path: Path, project_file) -> None:
    write(customers(10, null_city=()), tmp_path / "data" / "2024-01.csv")
    write(customers(20, null_city=()), tmp_path / "data" / "2024-02.csv")
    write(customers(5, null_city=()), tmp_path / "data" / "other.parquet")
    path = project_file({"name": "monthly", "location": "data/2024-*.csv", **FULLY_DECLARED})

    card = dataready.audit(path)

    assert {s.source.name: s.row_count for s in card.sources} == {
        "monthly/2024-01": 10,
        "monthly/2024-02": 20,
    }
    assert card.level is Level.READY


def test_files_differing_only_in_their_suffix_get_distinct_names(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    write(customers(), folder / "customers.csv")
    write(customers(50), folder / "customers.json")

    card = dataready.audit(folder)

    names = [s.source.name for s in card.sources]
    assert len(set(names)) == 2, names


def test_a_file_whose_name_contains_brackets_is_audited(tmp_path: Path) -> None:
    path = write(customers(), tmp_path / "sales [2024].csv")

    card = dataready.audit(path)

    assert card.sources[0].row_count == ROWS


def test_a_wide_csv_is_measured_in_several_statements_with_every_column_counted(
    tmp_path: Path,
) -> None:
    """500 columns are thousands of aggregates: one statement would exhaust DuckDB's memory."""
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({f"m{i}": rng.normal(size=300) for i in range(400)})
    frame = pd.concat(
        [frame, pd.DataFrame({f"t{i}": rng.choice(["a", "b", "c"], 300) for i in range(100)})],
        axis=1,
    )
    frame.loc[:14, "t99"] = None  # the last column: counted in the last statement
    frame.to_csv(tmp_path / "wide.csv", index=False)

    card = dataready.audit(tmp_path / "wide.csv")

    (source,) = card.sources
    assert (source.reachable, source.row_count, source.column_count) == (True, 300, 500)
    assert_finding(card, "completeness", check="missing_values", column="t99", affected=15)


def test_a_parquet_file_with_list_struct_and_binary_columns_is_audited(tmp_path: Path) -> None:
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": list(range(40)),
            "tags": [["a", "b"], [], None, ["c"]] * 10,
            "meta": [{"x": 1, "y": "a"}, {"x": 2, "y": "b"}, None, {"x": 3, "y": None}] * 10,
            "blob": [b"ab", b"", None, b"x"] * 10,
        }
    )
    pq.write_table(table, tmp_path / "nested.parquet")

    card = dataready.audit(tmp_path / "nested.parquet", show_values=True)

    (source,) = card.sources
    assert (source.reachable, source.row_count, source.column_count) == (True, 40, 4)
    assert source.example_rows[0]["tags"] == "['a', 'b']"
    json.dumps(card.to_dict())  # every value in the report is plain JSON
    for column in ("tags", "meta", "blob"):
        assert_finding(card, "completeness", check="missing_values", column=column, affected=10)


def test_dataframe_columns_duckdb_cannot_read_are_audited_as_text() -> None:
    frame = pd.DataFrame(
        {
            "month": pd.period_range("2024-01", periods=30, freq="M"),
            "band": pd.interval_range(0, 30),
            3: range(30),
        }
    )
    frame.loc[4, "month"] = None
    card = dataready.audit(frame)

    (source,) = card.sources
    assert (source.reachable, source.column_count) == (True, 3)
    assert not [f for f in card.findings if "failed to run" in f.message]
    assert str(frame["month"].dtype) == "period[M]"  # the caller's frame is untouched
    assert_finding(card, "completeness", check="missing_values", column="month", affected=1)
