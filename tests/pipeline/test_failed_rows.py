"""The rows behind every finding: which cells, how rows are identified, files in long form."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import dataready
from dataready.cli import cli
from dataready.model import Finding
from tests.conftest import assert_finding

ROWS = 60
STATUSES = ["active", "inactive", "pending"]


def orders(**changes: dict[int, object]) -> pd.DataFrame:
    """60 orders without a defect; ``changes`` sets {row: value} in a column."""
    frame = pd.DataFrame(
        {
            "order_id": range(1000, 1000 + ROWS),
            "status": [STATUSES[i % 3] for i in range(ROWS)],
            "quantity": [1 + (i * 7) % 13 for i in range(ROWS)],
            "city": [["Lyon", "Paris", "Nantes", "Lille"][i % 4] for i in range(ROWS)],
        }
    )
    for column, cells in changes.items():
        frame[column] = frame[column].astype(object)
        for row, value in cells.items():
            frame.loc[row, column] = value
    return frame


def cells(f: Finding) -> list[tuple[tuple[object, ...], str, object]]:
    assert f.failed_rows is not None, f"{f.check} names no rows"
    return list(f.failed_rows.cells)


def audit_csv(tmp_path: Path, frame: pd.DataFrame, **options: object) -> dataready.Scorecard:
    path = tmp_path / "orders.csv"
    frame.to_csv(path, index=False)
    return dataready.audit(path, show_values=True, **options)  # type: ignore[arg-type]


def test_a_clean_file_names_no_rows(tmp_path: Path) -> None:
    card = audit_csv(tmp_path, orders())
    assert [f.check for f in card.findings if f.failed_rows is not None] == []


def test_missing_placeholder_and_misspelled_cells_by_row_number(tmp_path: Path) -> None:
    card = audit_csv(
        tmp_path,
        orders(
            quantity={3: None, 41: None},
            city={5: "N/A", 30: "N/A"},
            status={7: "actve"},
        ),
    )
    nulls = assert_finding(card, "completeness", check="missing_values", column="quantity")
    assert cells(nulls) == [((3,), "quantity", None), ((41,), "quantity", None)]
    assert nulls.failed_rows is not None and nulls.failed_rows.scope == "all"
    assert nulls.failed_rows.identity == ("row_number",)

    placeholders = assert_finding(card, "completeness", check="disguised_missing", column="city")
    assert cells(placeholders) == [((5,), "city", "N/A"), ((30,), "city", "N/A")]

    typo = assert_finding(card, "consistency", check="misspelled_categories", column="status")
    assert cells(typo) == [((7,), "status", "actve")]


def test_rows_of_a_sampled_file_are_its_row_numbers(tmp_path: Path) -> None:
    """A sample of 40 of 400 rows: exact findings still list every row, by a bounded query."""
    frame = pd.concat([orders()] * 10, ignore_index=True)
    frame["order_id"] = range(len(frame))
    frame["quantity"] = frame["quantity"].astype(object)
    for row in (17, 250, 399):
        frame.loc[row, "quantity"] = -5
    sampled = audit_csv(tmp_path, frame, sample_size=40)
    only_sampled = assert_finding(sampled, "validity", check="out_of_domain", column="quantity")
    assert only_sampled.failed_rows is not None and only_sampled.failed_rows.scope == "sample"
    card = audit_csv(tmp_path, frame, sample_size=40, fetch_failed_rows=True)
    negative = assert_finding(card, "validity", check="out_of_domain", column="quantity")
    rows = negative.failed_rows
    assert rows is not None and rows.scope == "all"
    assert rows.predicate == "quantity < 0"
    assert cells(negative) == [
        ((17,), "quantity", -5),
        ((250,), "quantity", -5),
        ((399,), "quantity", -5),
    ]


def test_the_sample_keeps_each_rows_position_in_a_parquet_file(tmp_path: Path) -> None:
    frame = pd.concat([orders()] * 5, ignore_index=True)
    frame["order_id"] = range(len(frame))
    path = tmp_path / "orders.parquet"
    frame.to_parquet(path)
    from dataready.connectors.files import FileConnector
    from dataready.measure import measure
    from dataready.model import SampleSpec, Source

    source = Source(name="orders", connector="file", location=str(path))
    with FileConnector(source, str(path)).open() as opened:
        m = measure(opened, source, SampleSpec(size=50, seed=3))
    assert m.row_identity == "row_number"
    assert len(m.sample) == 50
    # order_id equals the row's position in the file, so each sampled row must carry it as its index
    assert list(m.sample.index) == list(m.sample["order_id"])


def test_a_declared_key_identifies_the_rows(tmp_path: Path, project_file) -> None:
    orders(quantity={3: None, 41: None}).to_csv(tmp_path / "orders.csv", index=False)
    path = project_file({"name": "orders", "location": "orders.csv", "key": ["order_id"]})
    card = dataready.audit(path, show_values=True)
    nulls = assert_finding(card, "completeness", check="missing_values", column="quantity")
    assert nulls.failed_rows is not None and nulls.failed_rows.identity == ("order_id",)
    assert cells(nulls) == [((1003,), "quantity", None), ((1041,), "quantity", None)]


def test_a_sql_table_without_an_identifier_names_sample_rows_and_a_predicate(
    tmp_path: Path,
) -> None:
    db = tmp_path / "shop.db"
    with sqlite3.connect(db) as conn:
        orders(city={5: "N/A", 30: "N/A"}).drop(columns="order_id").to_sql(
            "orders", conn, index=False
        )
    card = dataready.audit(f"sqlite:///{db}", show_values=True)
    placeholders = assert_finding(card, "completeness", check="disguised_missing", column="city")
    rows = placeholders.failed_rows
    assert rows is not None
    assert rows.predicate == "city IN ('N/A')"
    assert rows.identity == ("sample_row",)
    assert sorted(v for _i, _c, v in rows.cells) == ["N/A", "N/A"]
    assert "sample" in rows.identity_note


def test_a_sql_table_names_rows_by_a_key_found_unique(tmp_path: Path) -> None:
    """order_id is unique over every row: a stable key, so every affected row can be fetched."""
    db = tmp_path / "shop.db"
    frame = pd.concat([orders()] * 5, ignore_index=True)
    frame["order_id"] = range(5000, 5000 + len(frame))
    frame["quantity"] = frame["quantity"].astype(object)
    frame.loc[[11, 222], "quantity"] = -3
    with sqlite3.connect(db) as conn:
        frame.to_sql("orders", conn, index=False)
    card = dataready.audit(
        f"sqlite:///{db}", show_values=True, sample_size=30, fetch_failed_rows=True
    )
    negative = assert_finding(card, "validity", check="out_of_domain", column="quantity")
    rows = negative.failed_rows
    assert rows is not None and rows.identity == ("order_id",) and rows.scope == "all"
    assert sorted(rows.cells) == [((5011,), "quantity", -3), ((5222,), "quantity", -3)]


def test_the_cap_is_said_in_the_finding_and_the_file(tmp_path: Path) -> None:
    frame = orders(city={i: "N/A" for i in range(0, 60, 6)})
    frame.to_csv(tmp_path / "orders.csv", index=False)
    out = tmp_path / "rows"
    report = tmp_path / "card.json"
    result = CliRunner().invoke(
        cli,
        [
            "audit",
            str(tmp_path / "orders.csv"),
            "--failed-rows",
            str(out),
            "--failed-rows-limit",
            "3",
            "--format",
            "json",
            "--output",
            str(report),
            "--show-values",
        ],
    )
    assert result.exit_code in (0, 1), result.output
    finding = next(
        f for f in json.loads(report.read_text())["findings"] if f["check"] == "disguised_missing"
    )
    assert finding["failed_rows"] == {
        "file": "orders/disguised_missing.city.csv",
        "rows": "all",
        "identity": ["row_number"],
        "cells": 3,
        "found": 10,
        "capped": True,
        "predicate": "city IN ('N/A')",
    }
    text = (out / "orders" / "disguised_missing.city.csv").read_text().splitlines()
    notes = [line for line in text if line.startswith("#")]
    assert "# capped: 3 of 10 cells listed (--failed-rows-limit)" in notes
    assert "# rows: every affected row of the source" in notes
    table = list(csv.reader(line for line in text if not line.startswith("#")))
    assert table == [
        ["row_number", "column", "value"],
        ["0", "city", "N/A"],
        ["6", "city", "N/A"],
        ["12", "city", "N/A"],
    ]


def test_values_are_masked_unless_asked(tmp_path: Path, project_file) -> None:
    frame = orders(quantity={3: None})
    frame["email"] = [f"person{i}@example.org" for i in range(ROWS)]
    frame.to_csv(tmp_path / "orders.csv", index=False)
    path = project_file({"name": "orders", "location": "orders.csv", "key": ["email"]})
    masked = assert_finding(
        dataready.audit(path), "completeness", check="missing_values", column="quantity"
    )
    ((identity,), column, value) = cells(masked)[0]
    assert column == "quantity" and value is None
    assert identity != "person3@example.org" and "@example.org" not in str(identity)
    shown = assert_finding(
        dataready.audit(path, show_values=True),
        "completeness",
        check="missing_values",
        column="quantity",
    )
    assert cells(shown) == [(("person3@example.org",), "quantity", None)]


def test_failed_rows_limit_must_not_be_negative(tmp_path: Path) -> None:
    orders().to_csv(tmp_path / "orders.csv", index=False)
    with pytest.raises(dataready.ConfigError):
        dataready.audit(tmp_path / "orders.csv", failed_rows_limit=-1)


def test_copies_of_rows_and_repeated_keys_name_the_later_rows(tmp_path: Path) -> None:
    frame = orders()
    frame = pd.concat([frame, frame.iloc[[4, 9]]], ignore_index=True)  # rows 60, 61 copy 4 and 9
    card = audit_csv(tmp_path, frame)
    copies = assert_finding(card, "uniqueness", check="duplicate_rows")
    assert sorted({ids[0] for ids, _c, _v in cells(copies)}) == [60, 61]
    assert ((60,), "order_id", 1004) in cells(copies)

    frame = orders()
    frame.loc[50, "order_id"] = 1007  # another order under an existing id
    keys = assert_finding(audit_csv(tmp_path, frame), "uniqueness", check="duplicate_keys")
    assert cells(keys) == [((50,), "order_id", 1007)]


def test_unlabelled_rows_and_label_spellings_are_named(tmp_path: Path, project_file) -> None:
    frame = orders()
    frame["label"] = [["billing", "delivery", "returns"][i % 3] for i in range(ROWS)]
    frame.loc[[2, 33], "label"] = None
    frame.loc[12, "label"] = "unknown"
    frame.loc[[15, 45], "label"] = "Billing"
    frame.to_csv(tmp_path / "orders.csv", index=False)
    path = project_file({"name": "orders", "location": "orders.csv", "label": "label"})
    card = dataready.audit(path, show_values=True)
    coverage = assert_finding(card, "labels", check="label_coverage")
    assert cells(coverage) == [
        ((2,), "label", None),
        ((12,), "label", "unknown"),
        ((33,), "label", None),
    ]
    variants = assert_finding(card, "labels", check="label_variants")
    assert cells(variants) == [((15,), "label", "Billing"), ((45,), "label", "Billing")]


def test_rows_are_numbered_on_across_the_files_of_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    first, second = orders(), orders(quantity={7: -4})
    first.to_parquet(folder / "a.parquet")
    second.to_parquet(folder / "b.parquet")
    from dataready.config import project_from_dict

    project = project_from_dict(
        {
            "use_case": {"name": "t"},
            "sources": [{"name": "orders", "location": str(folder), "one_table": True}],
        }
    )
    card = dataready.audit(project, show_values=True)
    negative = assert_finding(card, "validity", check="out_of_domain", column="quantity")
    assert cells(negative) == [((ROWS + 7,), "quantity", -4)]
