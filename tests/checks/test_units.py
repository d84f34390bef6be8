"""Quantities kept as text (units, decimal commas) and two columns run together: the rows flagged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import dataready
from dataready.model import Finding, Scorecard
from tests.conftest import assert_finding, assert_no_finding


def audit(tmp_path: Path, frame: pd.DataFrame) -> Scorecard:
    path = tmp_path / "beers.csv"
    frame.to_csv(path, index=False)
    return dataready.audit(path, show_values=True)


def flagged(f: Finding) -> list[tuple[int, str, object]]:
    assert f.failed_rows is not None
    return [(ids[0], column, value) for ids, column, value in f.failed_rows.cells]


def beers(n: int = 60) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "abv": [f"0.0{5 + i % 4}" for i in range(n)],
            "ounces": ["12" if i % 3 else "16" for i in range(n)],
            "city": [["Portland", "Bend", "San Diego", "Denver"][i % 4] for i in range(n)],
            "state": [["OR", "OR", "CA", "CO"][i % 4] for i in range(n)],
        }
    )


def test_plain_numbers_and_a_consistent_unit_are_left_alone(tmp_path: Path) -> None:
    frame = beers()
    frame["score"] = [f"{50 + i % 40}%" for i in range(len(frame))]
    card = audit(tmp_path, frame)
    assert_no_finding(card, "validity", check="units_in_text")
    assert_no_finding(card, "consistency", check="values_run_together")


def test_a_unit_on_some_values_of_a_column_of_plain_numbers(tmp_path: Path) -> None:
    frame = beers()
    frame.loc[[3, 17], "abv"] = ["0.09%", "0.061%"]
    f = assert_finding(audit(tmp_path, frame), "validity", check="units_in_text", column="abv")
    assert flagged(f) == [(3, "abv", "0.09%"), (17, "abv", "0.061%")]


def test_a_unit_written_several_ways_flags_every_value_with_a_unit(tmp_path: Path) -> None:
    frame = beers(40)
    frame["ounces"] = [["12.0 oz", "12.0 oz.", "12.0 ounce", "16.0 OZ."][i % 4] for i in range(40)]
    f = assert_finding(audit(tmp_path, frame), "validity", check="units_in_text", column="ounces")
    assert f.affected == 40
    assert flagged(f)[:4] == [
        (0, "ounces", "12.0 oz"),
        (1, "ounces", "12.0 oz."),
        (2, "ounces", "12.0 ounce"),
        (3, "ounces", "16.0 OZ."),
    ]


def test_a_rare_unit_and_values_that_are_no_number(tmp_path: Path) -> None:
    frame = beers()
    frame["sample"] = [f"{10 + i} patients" for i in range(len(frame))]
    frame.loc[8, "sample"] = "3x patients"
    frame.loc[21, "sample"] = "619 paxienxs"
    f = assert_finding(audit(tmp_path, frame), "validity", check="units_in_text", column="sample")
    assert sorted(flagged(f)) == [(8, "sample", "3x patients"), (21, "sample", "619 paxienxs")]


def test_decimal_commas_among_decimal_points(tmp_path: Path) -> None:
    frame = beers()
    frame["price"] = [f"{3 + i % 7}.{i % 10}5" for i in range(len(frame))]
    frame.loc[[5, 40], "price"] = ["4,25", "1.234,50"]
    f = assert_finding(audit(tmp_path, frame), "validity", check="units_in_text", column="price")
    assert flagged(f) == [(5, "price", "4,25"), (40, "price", "1.234,50")]


def test_addresses_that_start_with_a_number_are_not_quantities(tmp_path: Path) -> None:
    frame = beers()
    streets = ["university blvd", "main st", "pine street", "highway 43 north", "oak avenue"]
    frame["address"] = [f"{100 + i * 7} {streets[i % 5]} {i}" for i in range(len(frame))]
    frame["address2"] = [
        f"{100 + i * 7} {chr(97 + i % 26)}{chr(97 + i // 26)} road" for i in range(len(frame))
    ]
    assert_no_finding(audit(tmp_path, frame), "validity", check="units_in_text")


def test_a_state_written_into_the_city(tmp_path: Path) -> None:
    frame = beers()
    frame.loc[9, ["city", "state"]] = ["Bend OR", None]
    frame.loc[30, ["city", "state"]] = ["Madison WI", None]  # WI is no state of this table
    frame.loc[44, ["city", "state"]] = ["San Diego CA", None]
    card = audit(tmp_path, frame)
    f = assert_finding(card, "consistency", check="values_run_together", column="city")
    assert f.columns == ("city", "state")
    assert flagged(f) == [(9, "city", "Bend OR"), (44, "city", "San Diego CA")]
