"""Domains learned from the data: value shapes, code systems, numbers, composite values, dependencies.

Each inference on data with and without its defect, asserting which values are flagged; and the
false alarms it must not raise (tail numbers, varied identifiers, numbers stored as text).
"""

from __future__ import annotations

import datetime as dt

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


# --- numbers ---------------------------------------------------------------------------------------------


def test_an_implausible_extreme_far_beyond_the_bulk_is_flagged() -> None:
    wind = _rng().gamma(3, 3.5, 2000).round(1)
    wind[17] = 1048.0
    card = dataready.audit(pd.DataFrame({"wind_speed": wind}))
    f = assert_finding(
        card, "validity", check="implausible_extremes", column="wind_speed", affected=1
    )
    assert f.measured["values"] == [1048.0]
    assert f.measured["sample_rows"] == [17]


def test_long_tails_are_not_implausible_extremes() -> None:
    rng = _rng()
    frame = pd.DataFrame(
        {
            "income": rng.lognormal(10, 2, 5000),
            "population": rng.pareto(1.2, 5000) * 1000,
            "wind_speed": rng.gamma(3, 3.5, 5000).round(1),
        }
    )
    assert_no_finding(dataready.audit(frame), "validity", check="implausible_extremes")


def test_a_handful_of_flipped_signs_in_a_positive_column_are_flagged() -> None:
    distance = np.round(_rng().gamma(4, 200, 3000)) + 1
    distance[[5, 9]] *= -1
    card = dataready.audit(pd.DataFrame({"trip_km": distance}))
    f = assert_finding(card, "validity", check="sign_anomalies", column="trip_km", affected=2)
    assert f.measured["sample_rows"] == [5, 9]
    assert f.basis.value == "exact"


def test_signed_quantities_have_no_sign_anomalies() -> None:
    rng = _rng()
    frame = pd.DataFrame(
        {"temperature": rng.normal(15, 8, 3000), "balance": rng.normal(100, 300, 3000)}
    )
    assert_no_finding(dataready.audit(frame), "validity", check="sign_anomalies")


def test_codes_far_outside_their_codebook_range_are_flagged() -> None:
    answers = _rng().integers(1, 6, 2000)
    answers[[3, 44]] = 55
    card = dataready.audit(pd.DataFrame({"q7": answers}))
    f = assert_finding(card, "validity", check="codebook_range", column="q7", affected=2)
    assert f.measured["range"] == [1, 5]
    assert f.measured["values"] == {55: 2}
    assert f.measured["sample_rows"] == [3, 44]


def test_counts_with_a_tail_are_not_codebook_strays() -> None:
    rng = _rng()
    frame = pd.DataFrame(
        {"children": np.minimum(rng.poisson(1.2, 2000), 12), "rooms": rng.integers(1, 9, 2000)}
    )
    assert_no_finding(dataready.audit(frame), "validity", check="codebook_range")


def test_years_in_the_future_are_flagged_next_year_is_not() -> None:
    years = _rng().integers(1990, 2020, 2000)
    years[8] = 2107
    years[9] = dt.date.today().year + 1  # model years run ahead
    card = dataready.audit(pd.DataFrame({"model_year": years}))
    f = assert_finding(card, "validity", check="future_years", column="model_year", affected=1)
    assert f.measured["values"] == [2107]
    assert f.measured["sample_rows"] == [8]


# --- composite validity -------------------------------------------------------------------------------


def _calendar(n: int = 2000) -> pd.DataFrame:
    rng = _rng()
    return pd.DataFrame(
        {
            "year": rng.integers(2010, 2020, n),
            "month": rng.integers(1, 13, n),
            "day": rng.integers(1, 29, n),
        }
    )


def test_impossible_dates_split_over_year_month_day_are_flagged() -> None:
    frame = _calendar()
    frame.loc[4, ["month", "day"]] = [2, 30]
    frame.loc[6, ["month", "day"]] = [4, 31]
    card = dataready.audit(frame)
    f = assert_finding(card, "validity", check="impossible_dates", column="day", affected=2)
    assert f.measured["sample_rows"] == [4, 6]
    assert f.columns == ("year", "month", "day")


def test_real_dates_split_over_columns_are_not_flagged() -> None:
    frame = _calendar()
    frame.loc[4, ["year", "month", "day"]] = [2016, 2, 29]  # a leap day
    assert_no_finding(dataready.audit(frame), "validity", check="impossible_dates")


def test_hhmm_integers_and_text_times_with_impossible_minutes_are_flagged() -> None:
    rng = _rng()
    n = 2000
    hhmm = rng.integers(0, 24, n) * 100 + rng.integers(0, 60, n)
    hhmm[6] = 1275
    text = [f"{rng.integers(1, 13)}:{rng.integers(0, 60):02d} a.m." for _ in range(n)]
    text[7] = "9:75 a.m."
    card = dataready.audit(pd.DataFrame({"dep_time": hhmm, "slot": text}))
    f = assert_finding(card, "validity", check="impossible_times", column="dep_time", affected=1)
    assert f.measured["values"] == ["1275"] and f.measured["sample_rows"] == [6]
    f = assert_finding(card, "validity", check="impossible_times", column="slot", affected=1)
    assert f.measured["values"] == ["9:75 a.m."]


def test_plain_integers_and_midnight_as_2400_are_not_times() -> None:
    rng = _rng()
    hhmm = rng.integers(0, 24, 2000) * 100 + rng.integers(0, 60, 2000)
    hhmm[3] = 2400
    frame = pd.DataFrame({"dep_time": hhmm, "amount": rng.integers(0, 2400, 2000)})
    assert_no_finding(dataready.audit(frame), "validity", check="impossible_times")


def test_a_start_after_its_end_is_flagged_whatever_the_names() -> None:
    rng = _rng()
    n = 1000
    first = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 1000, n), unit="h")
    second = pd.Series(first + pd.to_timedelta(rng.integers(1, 50, n), unit="h"))
    second[9] = first[9] - pd.Timedelta(hours=3)
    card = dataready.audit(pd.DataFrame({"opened": first, "resolved": second}))
    f = assert_finding(card, "validity", check="start_after_end", column="opened", affected=1)
    assert f.columns == ("opened", "resolved") and f.measured["sample_rows"] == [9]


def test_unrelated_timestamps_are_not_starts_and_ends() -> None:
    rng = _rng()
    base = pd.Timestamp("2024-01-01")
    frame = pd.DataFrame(
        {
            "a": base + pd.to_timedelta(rng.integers(0, 1000, 1000), unit="h"),
            "b": base + pd.to_timedelta(rng.integers(0, 1000, 1000), unit="h"),
        }
    )
    assert_no_finding(dataready.audit(frame), "validity", check="start_after_end")


# --- dependencies ---------------------------------------------------------------------------------------


def _zips_and_cities(n: int = 3000) -> pd.DataFrame:
    rng = _rng()
    zips = [f"{z:05d}" for z in rng.integers(10000, 10300, n)]
    city = {z: f"Town {int(z) % 37}" for z in set(zips)}
    return pd.DataFrame(
        {"zip": zips, "city": [city[z] for z in zips], "amount": rng.gamma(2, 3, n)}
    )


def test_rows_breaking_a_dependency_the_table_keeps_are_flagged_with_the_majority_value() -> None:
    frame = _zips_and_cities()
    frame.loc[11, "city"] = "Springfeld"
    card = dataready.audit(frame, show_values=True)
    f = assert_finding(
        card, "consistency", check="dependency_violations", column="city", affected=1
    )
    assert f.columns == ("zip", "city")
    (violation,) = f.measured["violations"]
    assert violation["value"] == frame.loc[11, "zip"]
    assert violation["found"] == "Springfeld"
    assert violation["expected"] == f"Town {int(frame.loc[11, 'zip']) % 37}"
    assert f.measured["sample_rows"] == [11]


def test_independent_columns_and_a_kept_dependency_are_not_flagged() -> None:
    frame = _zips_and_cities()
    frame["segment"] = _rng().choice(["a", "b", "c"], len(frame))
    assert_no_finding(dataready.audit(frame), "consistency", check="dependency_violations")


# --- freshness without a declared cadence -----------------------------------------------------------


def test_a_daily_table_400_days_old_is_stale_by_its_inferred_cadence() -> None:
    end = pd.Timestamp.now().normalize() - pd.Timedelta(days=400)
    frame = pd.DataFrame(
        {"date": pd.date_range(end=end, periods=300, freq="D"), "sales": np.arange(300)}
    )
    f = assert_finding(
        dataready.audit(frame), "freshness", check="staleness_inferred", severity="warning"
    )
    assert "inferred" in f.message and f.threshold == "daily"


def test_current_daily_data_and_random_events_are_not_stale_by_inference() -> None:
    days = pd.date_range(end=pd.Timestamp.now().normalize(), periods=300, freq="D")
    assert_no_finding(
        dataready.audit(pd.DataFrame({"date": days, "sales": np.arange(300)})),
        "freshness",
        check="staleness_inferred",
    )
    events = pd.Timestamp("2020-01-01") + pd.to_timedelta(_rng().integers(0, 10**7, 500), unit="s")
    assert_no_finding(
        dataready.audit(pd.DataFrame({"created_at": events, "x": np.arange(500)})),
        "freshness",
        check="staleness_inferred",
    )


def test_a_standardised_column_is_not_negative_by_mistake() -> None:
    age = _rng().integers(20, 80, 500).astype(float)
    card = dataready.audit(pd.DataFrame({"age": (age - age.mean()) / age.std()}))
    assert_no_finding(card, "validity", check="out_of_domain")
    assert_no_finding(card, "validity", check="sign_anomalies")


def test_disjoint_ranges_and_same_day_dates_are_not_starts_after_ends() -> None:
    rng = _rng()
    n = 1000
    ordered = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 1000, n), unit="h")
    born = pd.Series(
        pd.Timestamp("1960-01-01") + pd.to_timedelta(rng.integers(0, 15000, n), unit="D")
    )
    born[5] = pd.Timestamp("2099-01-01")  # an outlier of its own column, not of the pair
    shipped = (ordered + pd.to_timedelta(rng.integers(0, 3, n), unit="D")).normalize().date
    frame = pd.DataFrame({"birth_date": born.dt.date, "ordered_at": ordered, "ship_date": shipped})
    assert_no_finding(dataready.audit(frame), "validity", check="start_after_end")


# --- duplicate rows that coincide by chance ---------------------------------------------------------


def test_rows_of_few_coarse_columns_coinciding_by_chance_are_not_copies() -> None:
    rng = _rng()
    frame = pd.DataFrame(
        {"eruption_min": rng.integers(2, 6, 300), "wait_min": rng.integers(60, 70, 300)}
    )
    card = dataready.audit(frame)
    f = assert_finding(card, "uniqueness", check="duplicate_rows", severity="info")
    assert "by chance" in f.message


def test_a_copied_row_of_a_detailed_table_is_still_a_duplicate() -> None:
    rng = _rng()
    frame = pd.DataFrame(
        {"income": rng.gamma(2, 900, 300).round(2), "spend": rng.gamma(2, 300, 300).round(2)}
    )
    frame = pd.concat([frame, frame.iloc[[7, 8, 9]]], ignore_index=True)
    assert_finding(
        card := dataready.audit(frame),
        "uniqueness",
        check="duplicate_rows",
        severity="warning",
        affected=3,
    )
    assert (
        "by chance"
        not in card.findings[[f.check for f in card.findings].index("duplicate_rows")].message
    )


# --- the rows behind each finding ----------------------------------------------------------------------


def test_domain_findings_name_their_rows_by_row_number_in_a_file(tmp_path) -> None:
    rng = _rng()
    n = 600
    frame = pd.DataFrame(
        {
            "origin": rng.choice(ISO3, n),
            "wind_speed": rng.gamma(3, 3.5, n).round(1),
            "q7": rng.integers(1, 6, n),
        }
    )
    frame.loc[12, "origin"] = "UK"
    frame.loc[40, "wind_speed"] = 1048.0
    frame.loc[77, "q7"] = 55
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    card = dataready.audit(path, show_values=True)
    expected = {
        "invalid_codes": [((12,), "origin", "UK")],
        "implausible_extremes": [((40,), "wind_speed", 1048.0)],
        "codebook_range": [((77,), "q7", 55)],
    }
    for check, cells in expected.items():
        f = assert_finding(card, "validity", check=check)
        assert f.failed_rows is not None and f.failed_rows.identity == ("row_number",)
        assert list(f.failed_rows.cells) == cells
        assert f.failed_rows.scope == "all"


def test_dates_as_text_in_another_format_are_reported_once_as_mixed_formats() -> None:
    days = _rng().integers(0, 700, 600)
    dates = [
        (pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(d))).strftime("%Y-%m-%d") for d in days
    ]
    dates[5] = "05/03/2024"
    card = dataready.audit(pd.DataFrame({"signup": dates}))
    assert_finding(card, "validity", check="mixed_date_formats", column="signup")
    assert_no_finding(card, "validity", check="shape_outliers")


def test_formatted_phone_numbers_with_blanks_have_a_shape() -> None:
    rng = _rng()
    phones = [
        f"({rng.integers(200, 999)}) {rng.integers(200, 999)}-{rng.integers(0, 9999):04d}"
        for _ in range(600)
    ]
    phones[4] = "555-0142"
    cities = rng.choice(["NEW YORK", "SAN FRANCISCO", "LOS ANGELES", "BOSTON", "SAN DIEGO"], 600)
    card = dataready.audit(pd.DataFrame({"contact": phones, "city": cities}), show_values=True)
    f = assert_finding(card, "validity", check="shape_outliers", column="contact", affected=1)
    assert f.measured["values"] == {"555-0142": 1}
    assert_no_finding(card, "validity", check="shape_outliers", column="city")


def test_values_in_a_personal_column_are_masked_but_the_finding_keeps_its_structure() -> None:
    frame = _zips_and_cities()
    frame.loc[11, "city"] = "Springfeld"
    f = assert_finding(dataready.audit(frame), "consistency", check="dependency_violations")
    assert set(f.measured) == {"holds", "violations", "sample_rows"}
    (violation,) = f.measured["violations"]
    assert set(violation) == {"value", "expected", "found", "rows"}
    assert violation["value"] != frame.loc[11, "zip"]  # the postcode is masked
    assert f.message.startswith("1 rows (<0.1 %) break the dependency zip → city")


def test_the_shape_domain_of_a_personal_column_is_shown_its_values_masked() -> None:
    rng = _rng()
    phones = [
        f"({rng.integers(200, 999)}) {rng.integers(200, 999)}-{rng.integers(0, 9999):04d}"
        for _ in range(600)
    ]
    phones[4] = "555-0142"
    f = assert_finding(
        dataready.audit(pd.DataFrame({"contact": phones})), "validity", check="shape_outliers"
    )
    assert f.measured["domain"] == ["(999) 999-9999"]
    assert "555-0142" not in f.measured["values"]
    assert "(999) 999-9999" in f.message
