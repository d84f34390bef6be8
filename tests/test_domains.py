"""Domains learned from the data: value shapes, code systems, numbers, composite values, dependencies.

Each inference on data with and without its defect, asserting which values are flagged; and the
false alarms it must not raise (tail numbers, varied identifiers, numbers stored as text).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import dataready
from dataready.pii.classify import classify_values
from tests.conftest import assert_finding, assert_no_finding

ISO3 = ["FRA", "DEU", "ESP", "ITA", "PRT", "BEL", "NLD", "USA", "GBR", "POL"]


def _rng() -> np.random.Generator:
    return np.random.default_rng(11)


def _tail_numbers(n: int) -> list[str]:
    rng = _rng()
    letters = list("ABCDEFGHJKLMNPRSTUVWXYZ")
    return [f"N{rng.integers(100, 999)}{''.join(rng.choice(letters, 2))}" for _ in range(n)]


# --- value shapes ----------------------------------------------------------------------------------


def test_values_breaking_the_one_shape_of_a_code_column_are_flagged() -> None:
    rng = _rng()
    codes = [f"{rng.integers(0, 99999):05d}" for _ in range(600)]
    codes[5], codes[7] = "2134", "0213A"  # a lost leading zero and a letter typed for a digit
    card = dataready.audit(pd.DataFrame({"parcel_code": codes}))
    f = assert_finding(card, "validity", check="shape_outliers", column="parcel_code", affected=2)
    assert f.measured["domain"] == ["99999"]
    assert f.measured["values"] == {"2134": 1, "0213A": 1}
    assert f.basis.value == "exact"


def test_times_written_another_way_break_the_shape() -> None:
    rng = _rng()
    times = [f"{rng.integers(10, 24)}:{rng.integers(0, 60):02d}" for _ in range(600)]
    times[3] = "9:15 a.m."
    card = dataready.audit(pd.DataFrame({"slot": times}))
    f = assert_finding(card, "validity", check="shape_outliers", column="slot", affected=1)
    assert f.measured["values"] == {"9:15 a.m.": 1}


def test_tail_numbers_and_varied_identifiers_have_no_shape_outliers() -> None:
    rng = _rng()
    frame = pd.DataFrame(
        {
            # several shapes in comparable numbers: a code family, not a domain with strays
            "tailnum": [
                f"N{i}{s}"
                for i, s in zip(
                    rng.integers(1, 999, 600), rng.choice(["", "AA", "UW", "DL"], 600), strict=True
                )
            ],
            # identifiers of every length from one family
            "ticket": [f"C{i}" for i in rng.integers(1, 5000, 600)],
            # numbers stored as text, words and free text
            "amount": [f"{x:.2f}" for x in rng.gamma(2, 30, 600)],
            "colour": rng.choice(["red", "green", "blue", "yellow", "purple"], 600),
            "note": [f"left at door {i}" for i in range(600)],
        }
    )
    card = dataready.audit(frame)
    assert_no_finding(card, "validity", check="shape_outliers")


# --- code systems ------------------------------------------------------------------------------------


def test_values_outside_a_recognised_code_system_are_invalid_codes_with_their_intended_code() -> (
    None
):
    values = list(_rng().choice(ISO3, 600))
    values[3], values[10], values[20], values[30] = "UK", "840", "usa", " FRA"
    card = dataready.audit(pd.DataFrame({"origin": values}))
    f = assert_finding(card, "validity", check="invalid_codes", column="origin", affected=4)
    assert f.measured["system"] == "ISO 3166-1 alpha-3 country code"
    assert f.measured["intended"] == {"UK": "GBR", "840": "USA", "usa": "USA", " FRA": "FRA"}
    assert_no_finding(card, "validity", check="shape_outliers")  # one finding, not two


def test_a_clean_code_column_and_short_labels_are_not_invalid_codes() -> None:
    rng = _rng()
    frame = pd.DataFrame(
        {
            "origin": rng.choice(ISO3, 600),
            "currency": rng.choice(["EUR", "USD", "GBP", "JPY", "CHF", "SEK"], 600),
            "grade": rng.choice(["A", "B", "C", "D", "E"], 600),
        }
    )
    assert_no_finding(dataready.audit(frame), "validity", check="invalid_codes")


def test_us_state_codes_are_recognised() -> None:
    states = list(_rng().choice(["NY", "CA", "TX", "WA", "FL", "IL", "OH", "GA"], 600))
    states[9] = "XL"
    card = dataready.audit(pd.DataFrame({"st": states}))
    f = assert_finding(card, "validity", check="invalid_codes", column="st", affected=1)
    assert f.measured["values"] == {"XL": 1}


# --- personal data: tail numbers are not postcodes ------------------------------------------------------


def test_aircraft_tail_numbers_are_not_postcodes() -> None:
    tails = _tail_numbers(300)
    assert classify_values("tailnum", tails).kind("postcode") is None
    card = dataready.audit(pd.DataFrame({"tailnum": tails, "seats": np.arange(300)}))
    assert_no_finding(card, "privacy", column="tailnum")


def test_uk_postcodes_spread_over_areas_are_still_postcodes() -> None:
    codes = [
        "SW1A 1AA",
        "EC1A 1BB",
        "W1A 0AX",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "N1 9GU",
        "E1 6AN",
        "LS1 4AP",
    ]
    found = classify_values("ref", codes * 3).kind("postcode")
    assert found is not None and found.whole
