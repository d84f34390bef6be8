"""Misspellings in closed vocabularies and repeated text: the rows flagged, and the false alarms avoided."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import dataready
from dataready.model import Finding, Scorecard
from tests.conftest import assert_finding, assert_no_finding

HOSPITALS = 8
ROWS_EACH = 20


def hospitals(**changes: dict[int, str]) -> pd.DataFrame:
    """8 hospitals x 20 measures; the first 6 in state al, the last 2 in ak; 2 without emergencies."""
    rows = []
    for h in range(HOSPITALS):
        for k in range(ROWS_EACH):
            rows.append(
                {
                    "provider": str(10_000 + h),
                    "city": ["birmingham", "florence", "dothan", "gadsden"][h % 4]
                    if h < 6
                    else ["anchorage", "bethel"][h - 6],
                    "state": "al" if h < 6 else "ak",
                    "emergency": "no" if h in (2, 7) else "yes",
                    "measure": f"measure-{k}",
                    "condition": ["heart attack", "heart failure", "pneumonia"][k % 3],
                }
            )
    frame = pd.DataFrame(rows)
    for column, cells in changes.items():
        for row, value in cells.items():
            frame.loc[row, column] = value
    return frame


def audit(tmp_path: Path, frame: pd.DataFrame) -> Scorecard:
    path = tmp_path / "hospitals.csv"
    frame.to_csv(path, index=False)
    return dataready.audit(path, show_values=True)


def flagged(f: Finding) -> list[tuple[int, str, object]]:
    assert f.failed_rows is not None
    return [(ids[0], column, value) for ids, column, value in f.failed_rows.cells]


def test_a_clean_vocabulary_has_no_misspelling(tmp_path: Path) -> None:
    assert_no_finding(audit(tmp_path, hospitals()), "consistency", check="misspelled_categories")


def test_a_typo_in_a_two_value_column_is_found_through_the_rows(tmp_path: Path) -> None:
    """ "yxs" beside "yes": short values, so the row's hospital, otherwise "yes", must say it."""
    card = audit(tmp_path, hospitals(emergency={3: "yxs", 65: "yxs", 101: "yex"}))
    f = assert_finding(card, "consistency", check="misspelled_categories", column="emergency")
    assert f.measured == {"yxs": "yes", "yex": "yes"}
    assert flagged(f) == [
        (3, "emergency", "yxs"),
        (65, "emergency", "yxs"),
        (101, "emergency", "yex"),
    ]


def test_a_state_with_hospitals_of_its_own_is_not_a_typo(tmp_path: Path) -> None:
    """ "xl" sits among al hospitals' rows; "ak" rows belong to hospitals that are all "ak"."""
    card = audit(tmp_path, hospitals(state={5: "xl", 66: "xl", 70: "xl"}))
    f = assert_finding(card, "consistency", check="misspelled_categories", column="state")
    assert f.measured == {"xl": "al"}
    assert flagged(f) == [(5, "state", "xl"), (66, "state", "xl"), (70, "state", "xl")]


def test_slips_in_longer_words_and_phrases(tmp_path: Path) -> None:
    card = audit(
        tmp_path,
        hospitals(
            city={7: "birminghxm", 90: "florxncx"},
            condition={12: "heaxt attxck", 100: "pneumonix"},
        ),
    )
    city = assert_finding(card, "consistency", check="misspelled_categories", column="city")
    assert flagged(city) == [(7, "city", "birminghxm"), (90, "city", "florxncx")]
    condition = assert_finding(
        card, "consistency", check="misspelled_categories", column="condition"
    )
    assert condition.measured == {"heaxt attxck": "heart attack", "pneumonix": "pneumonia"}
    assert flagged(condition) == [
        (12, "condition", "heaxt attxck"),
        (100, "condition", "pneumonix"),
    ]


def test_a_letter_inside_a_number_is_a_typo_but_two_numbers_are_two_values(
    tmp_path: Path,
) -> None:
    frame = hospitals()
    frame["zip"] = frame["provider"].map(lambda p: str(35_000 + int(p) % 100))
    frame.loc[33, "zip"] = "3500x"
    frame.loc[34, "zip"] = "35009"  # a zip code used once: another number, not a misspelling
    card = audit(tmp_path, frame)
    f = assert_finding(card, "consistency", check="misspelled_categories", column="zip")
    assert flagged(f) == [(33, "zip", "3500x")]


def test_aircraft_model_codes_are_not_misspellings() -> None:
    models = (
        ["737-76N"] * 60
        + ["737-76Q"] * 2
        + ["EMB-145"] * 50
        + ["EMB-145LR"] * 3
        + ["A320-232"] * 40
        + ["A320-214"] * 2
    )
    assert_no_finding(
        dataready.audit(pd.DataFrame({"model": models})),
        "consistency",
        check="misspelled_categories",
    )


def test_numbers_stored_as_text_are_not_misspellings() -> None:
    values = ["0.05"] * 80 + ["0.06"] * 2 + ["12"] * 40 + ["13"] * 1 + ["97%"] * 30 + ["87%"]
    assert_no_finding(
        dataready.audit(pd.DataFrame({"reading": values})),
        "consistency",
        check="misspelled_categories",
    )


def test_a_digit_for_a_letter_is_another_code() -> None:
    drive = ["fwd"] * 120 + ["rwd"] * 76 + ["4wd"] * 9
    make = ["subaru", "toyota", "volvo"] * 68 + ["subaru"]
    assert_no_finding(
        dataready.audit(pd.DataFrame({"drive": drive, "make": make})),
        "consistency",
        check="misspelled_categories",
    )


def test_a_word_the_column_uses_elsewhere_is_no_slip() -> None:
    """ "ak" and "dark" are words of their columns' vocabularies; "volunxary" is used once."""
    codes = ["al_hf"] * 44 + ["al_pn"] * 44 + ["al_ami"] * 44
    codes += ["ak_hf"] * 4 + ["ak_pn"] * 4 + ["ak_ami"] * 4
    owner = ["voluntary non-profit"] * 100 + ["proprietary"] * 44
    style = (["american pale wheat ale"] * 12 + ["american dark ale"] * 4) * 9
    frame = pd.DataFrame({"state_average": codes, "owner": owner, "style": style})
    frame.loc[7, "owner"] = "volunxary non-profit"
    frame.loc[8, "style"] = "american dark wheat ale"
    card = dataready.audit(frame, show_values=True)
    f = assert_finding(card, "consistency", check="misspelled_categories", column="owner")
    assert f.measured == {"volunxary non profit": "voluntary non profit"}
    assert [(column, value) for _i, column, value in f.failed_rows.cells] == [
        ("owner", "volunxary non-profit")
    ]
    assert_no_finding(card, "consistency", check="misspelled_categories", column="state_average")
    assert_no_finding(card, "consistency", check="misspelled_categories", column="style")
