"""Each check on data with and without its defect: column, count and severity as a user reads them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import dataready
from tests.conftest import FULLY_DECLARED, assert_finding, assert_no_finding, data_findings

N = 1000


@pytest.fixture
def clean() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "id": np.arange(1, N + 1),
            "age": rng.integers(18, 90, N),
            "quantity": rng.integers(1, 20, N),
            "country": rng.choice(["France", "Germany", "Spain", "Portugal"], N),
            "comment": [
                f"order {i} arrived on time; thanks for the quick delivery of item {i * 7}, the packaging was fine"
                for i in range(N)
            ],
            "signup": [
                (dt.date(2024, 1, 1) + dt.timedelta(days=int(d))).isoformat()
                for d in rng.integers(0, 600, N)
            ],
            "created_at": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 600 * 24, N), unit="h"),
            "score": rng.normal(50, 10, N).round(2),
        }
    )


def test_clean_table_has_no_data_findings(clean: pd.DataFrame) -> None:
    card = dataready.audit(clean)
    assert data_findings(card) == []
    for dim in ("completeness", "validity", "consistency", "uniqueness"):
        assert card["dataframe"].dimension(dim).score == 100


def test_nulls_are_counted_exactly(clean: pd.DataFrame) -> None:
    clean["score"] = clean["score"].astype(float)
    clean.loc[:49, "score"] = np.nan
    card = dataready.audit(clean)
    f = assert_finding(
        card,
        "completeness",
        check="missing_values",
        column="score",
        severity="warning",
        affected=50,
    )
    assert f.basis.value == "exact"
    assert (
        f.remediation and f.remediation.expectation["type"] == "expect_column_values_to_not_be_null"
    )


def test_an_empty_column_is_an_error(clean: pd.DataFrame) -> None:
    clean["notes"] = None
    card = dataready.audit(clean)
    assert_finding(
        card, "completeness", check="missing_values", column="notes", severity="error", affected=N
    )


def test_placeholders_are_missing_values(clean: pd.DataFrame) -> None:
    clean.loc[:29, "country"] = "N/A"
    clean.loc[30:39, "country"] = "unknown"
    card = dataready.audit(clean)
    f = assert_finding(
        card,
        "completeness",
        check="disguised_missing",
        column="country",
        severity="warning",
        affected=40,
    )
    assert set(f.examples) == {"N/A", "unknown"}


def test_two_letter_codes_are_not_placeholders() -> None:
    codes = pd.DataFrame({"country": ["NA", "DE", "FR", "ZA", "BW"] * 40})  # NA is Namibia
    assert_no_finding(dataready.audit(codes), "completeness", check="disguised_missing")


def test_sentinel_numbers_apart_from_the_distribution(clean: pd.DataFrame) -> None:
    clean.loc[:19, "quantity"] = -1
    card = dataready.audit(clean)
    assert_finding(card, "completeness", check="sentinel_values", column="quantity", affected=20)


def test_a_legitimate_99_is_not_a_sentinel() -> None:
    frame = pd.DataFrame({"percent_done": list(range(100)) * 10})
    assert_no_finding(dataready.audit(frame), "completeness", check="sentinel_values")


def test_text_in_a_numeric_column_is_mixed_types(clean: pd.DataFrame) -> None:
    values = clean["score"].astype(str).tolist()
    for i in range(0, 30):
        values[i] = "n.a" if i % 2 else "12kg"
    clean["score"] = values
    card = dataready.audit(clean)
    f = assert_finding(card, "validity", check="text_encoded_values", column="score", affected=30)
    assert "12kg" in f.examples


def test_mixed_date_formats(clean: pd.DataFrame) -> None:
    clean.loc[:99, "signup"] = [
        dt.date(2024, 3, 1 + i % 28).strftime("%d/%m/%Y") for i in range(100)
    ]
    card = dataready.audit(clean)
    f = assert_finding(card, "validity", check="mixed_date_formats", column="signup", affected=100)
    assert f.measured == {"YYYY-MM-DD": 900, "DD/MM/YYYY or MM/DD/YYYY": 100}


def test_negative_counts_and_impossible_ages(clean: pd.DataFrame) -> None:
    clean.loc[:4, "quantity"] = -3
    clean.loc[10:12, "age"] = 150
    card = dataready.audit(clean)
    assert_finding(card, "validity", check="out_of_domain", column="quantity", affected=5)
    assert_finding(card, "validity", check="out_of_domain", column="age", affected=3)


def test_future_event_dates(clean: pd.DataFrame) -> None:
    clean.loc[:6, "created_at"] = pd.Timestamp.now() + pd.Timedelta(days=400)
    card = dataready.audit(clean)
    assert_finding(card, "validity", check="future_dates", column="created_at", affected=7)


def test_due_dates_may_lie_in_the_future() -> None:
    frame = pd.DataFrame(
        {"due_date": pd.Timestamp.now() + pd.to_timedelta(np.arange(100) - 95, unit="D")}
    )
    assert_no_finding(dataready.audit(frame), "validity", check="future_dates")


def test_case_and_spacing_variants(clean: pd.DataFrame) -> None:
    clean.loc[:9, "country"] = "FRANCE"
    clean.loc[10:14, "country"] = "germany "
    card = dataready.audit(clean)
    f = assert_finding(
        card, "consistency", check="category_variants", column="country", affected=15
    )
    assert f.measured == {"FRANCE": "France", "germany ": "Germany"}


def test_rare_misspellings_of_a_common_value(clean: pd.DataFrame) -> None:
    clean.loc[:3, "country"] = "Germny"
    clean.loc[4:5, "country"] = "Portugall"
    card = dataready.audit(clean)
    f = assert_finding(
        card, "consistency", check="misspelled_categories", column="country", affected=6
    )
    assert f.measured == {"germny": "germany", "portugall": "portugal"}


def test_distinct_numbered_categories_are_not_misspellings() -> None:
    frame = pd.DataFrame({"model": ["Model 2021"] * 300 + ["Model 2022"] * 5})
    assert_no_finding(dataready.audit(frame), "consistency", check="misspelled_categories")


def test_untrimmed_free_text(clean: pd.DataFrame) -> None:
    clean.loc[:7, "comment"] = clean.loc[:7, "comment"] + "  "
    card = dataready.audit(clean)
    assert_finding(card, "consistency", check="untrimmed_text", column="comment", affected=8)


def test_exact_duplicate_rows_and_keys(clean: pd.DataFrame) -> None:
    doubled = pd.concat([clean, clean.iloc[:20]], ignore_index=True)
    card = dataready.audit(doubled)
    f = assert_finding(card, "uniqueness", check="duplicate_rows", affected=20, severity="warning")
    assert set(f.columns) == set(clean.columns)
    # The repeated ids are whole-row copies: reported once, not twice.
    assert_no_finding(card, "uniqueness", check="duplicate_keys")


def _keyed(tmp_path, project_file, frame: pd.DataFrame, key: list[str] | None):
    frame.to_csv(tmp_path / "t.csv", index=False)
    source = {"name": "t", "location": "t.csv", **FULLY_DECLARED, **({"key": key} if key else {})}
    return dataready.audit(project_file(source))


def _five_thousand() -> pd.DataFrame:
    n = 5000
    return pd.DataFrame({"id": range(n), "v": [f"x{i}" for i in range(n)], "a": range(n)})


def test_a_declared_key_repeated_by_whole_row_copies_is_an_error(tmp_path, project_file) -> None:
    """15 copied rows of 5,015 (0.3 %) repeat the declared key: an error that reaches the plan."""
    rows = _five_thousand()
    copied = pd.concat([rows, rows.iloc[:15]], ignore_index=True)
    card = _keyed(tmp_path, project_file, copied, ["id"])
    f = assert_finding(card, "uniqueness", check="duplicate_rows", severity="error", affected=15)
    assert f.message.endswith("; they repeat values of the declared key id")
    assert any(step.title == f"uniqueness: {f.message}" for step in card.plan)
    # The same copies with the key only inferred keep their severity: a few copies are info.
    inferred = _keyed(tmp_path, project_file, copied, None)
    f = assert_finding(inferred, "uniqueness", check="duplicate_rows", severity="info", affected=15)
    assert "declared key" not in f.message
    assert not any(step.title.startswith("uniqueness:") for step in inferred.plan)


def test_a_declared_key_repeated_in_different_rows_is_an_error(tmp_path, project_file) -> None:
    rows = _five_thousand()
    rows.loc[:14, "id"] = rows.loc[100:114, "id"].to_numpy()
    card = _keyed(tmp_path, project_file, rows, ["id"])
    assert_finding(card, "uniqueness", check="duplicate_keys", column="id", severity="error")
    assert any("declared key values of id" in step.title for step in card.plan)
    inferred = _keyed(tmp_path, project_file, rows, None)  # an inferred identifier: a warning
    assert_finding(inferred, "uniqueness", check="duplicate_keys", column="id", severity="warning")


def test_duplicate_identifiers_in_otherwise_different_rows(clean: pd.DataFrame) -> None:
    clean.loc[:9, "id"] = 500
    card = dataready.audit(clean)
    assert_finding(card, "uniqueness", check="duplicate_keys", column="id", affected=10)


def test_repeated_prose(clean: pd.DataFrame) -> None:
    clean.loc[:4, "comment"] = clean.loc[900, "comment"]
    card = dataready.audit(clean)
    assert_finding(card, "uniqueness", check="duplicate_text", column="comment", affected=5)


def test_a_check_that_crashes_becomes_an_error_finding(clean: pd.DataFrame) -> None:
    from dataready.checks import DEFAULT_CHECKS
    from dataready.checks.base import Check
    from dataready.model import Dimension

    class Broken(Check):
        name = "broken"
        dimension = Dimension.VALIDITY

        def run(self, m):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    card = dataready.audit(clean, checks=(*DEFAULT_CHECKS, Broken()))
    f = assert_finding(card, "validity", check="broken", severity="error")
    assert "boom" in f.message
    assert card["dataframe"].dimension("completeness").score == 100  # the other checks still ran


def test_sampled_findings_say_so() -> None:
    weights = [f"{i / 10:.1f}" for i in range(5000)]
    weights[::20] = ["heavy"] * 250
    card = dataready.audit(pd.DataFrame({"weight": weights}), sample_size=1000)
    f = assert_finding(card, "validity", check="text_encoded_values", column="weight")
    assert f.basis.value == "sample" and f.sample_size == 1000
    assert 150 <= (f.affected or 0) <= 350  # 250 in all 5,000 rows, estimated from the sample


def test_empty_source_is_a_blocker() -> None:
    card = dataready.audit(pd.DataFrame({"a": pd.Series([], dtype="int64")}))
    assert_finding(card, "completeness", check="empty_source", severity="blocker")
    assert card.level.value == "not ready"


def test_negatives_below_a_column_that_bottoms_out_at_zero() -> None:
    rng = np.random.default_rng(3)
    visits = rng.poisson(1.0, 2000).astype(float)  # a third are exact zeros, no name hint
    visits[:15] = -visits[:15] - 1
    card = dataready.audit(pd.DataFrame({"mdvis": visits}))
    assert_finding(card, "validity", check="out_of_domain", column="mdvis", affected=15)


def test_signed_measures_keep_their_negatives() -> None:
    rng = np.random.default_rng(3)
    change = np.where(rng.random(2000) < 0.5, 0.0, rng.normal(0, 1, 2000))
    assert_no_finding(
        dataready.audit(pd.DataFrame({"price_change": change})), "validity", check="out_of_domain"
    )


def test_values_far_beyond_a_percent_like_column() -> None:
    rng = np.random.default_rng(4)
    share = rng.uniform(5, 95, 1000).round(1)
    share[:6] = share[:6] * 10 + 200  # a slipped decimal point, far from any real value
    card = dataready.audit(pd.DataFrame({"PCTAF": share, "MATHTOT": rng.uniform(0, 99, 1000)}))
    assert_finding(card, "validity", check="out_of_domain", column="PCTAF", affected=6)
    assert_no_finding(card, "validity", column="MATHTOT")


def test_a_long_tail_above_100_is_not_a_domain_violation() -> None:
    rng = np.random.default_rng(5)
    weight = rng.normal(75, 12, 2000).round(1)  # a few legitimately above 100 kg
    assert_no_finding(
        dataready.audit(pd.DataFrame({"weight_kg": weight})), "validity", check="out_of_domain"
    )


def test_future_dates_in_a_text_date_column() -> None:
    dates = [f"Jan {1 + i % 28} {2000 + i % 10}" for i in range(500)]
    dates[:4] = ["Mar 3 2099"] * 4
    card = dataready.audit(pd.DataFrame({"date": dates}))
    assert_finding(card, "validity", check="future_dates", column="date", affected=4)


def test_the_first_model_year_is_not_a_sentinel_date() -> None:
    years = pd.to_datetime([f"{1970 + i % 13}-01-01" for i in range(400)])
    assert_no_finding(
        dataready.audit(pd.DataFrame({"Year": years})), "completeness", check="sentinel_values"
    )


def test_one_keystroke_typos_in_short_category_words() -> None:
    island = ["Biscoe"] * 160 + ["Dream"] * 120 + ["Torgersen"] * 60 + ["iBscoe", "Biscoj"]
    card = dataready.audit(pd.DataFrame({"island": island}))
    f = assert_finding(
        card, "consistency", check="misspelled_categories", column="island", affected=2
    )
    assert f.measured == {"ibscoe": "biscoe", "biscoj": "biscoe"}


def test_an_edit_that_already_separates_common_values_is_a_naming_pattern() -> None:
    engine = ["ohc"] * 140 + ["dohc"] * 12 + ["ohcv"] * 13 + ["l"] * 12 + ["dohcv"]
    assert_no_finding(
        dataready.audit(pd.DataFrame({"eng_type": engine})),
        "consistency",
        check="misspelled_categories",
    )


def test_short_codes_that_are_nearly_unique_are_keys() -> None:
    codes = [f"A{i:03d}" for i in range(300)]
    codes[10:13] = ["A001"] * 3
    card = dataready.audit(
        pd.DataFrame({"iata": codes, "city": [f"City {i % 40}" for i in range(300)]})
    )
    assert_finding(card, "uniqueness", check="duplicate_keys", column="iata", affected=3)


def test_sparse_comments_are_not_a_completeness_problem() -> None:
    comments = [None] * 270 + ["egg damaged"] * 30
    card = dataready.audit(pd.DataFrame({"Comments": comments, "x": range(300)}))
    assert_finding(card, "completeness", check="missing_values", column="Comments", severity="info")


# --- declarations that name missing columns -----------------------------------------------


def test_declared_columns_the_source_lacks_are_one_error_naming_them(
    tmp_path, project_file
) -> None:
    pd.DataFrame({"id": [1, 2, 3], "email": ["a@x.org", "b@x.org", "c@x.org"]}).to_csv(
        tmp_path / "t.csv", index=False
    )
    path = project_file(
        {
            "name": "t",
            "location": "t.csv",
            "key": ["order_no"],
            "label": "target",
            "columns": {"email": {"sensitivity": "personal"}, "ssn": {"sensitivity": "special"}},
        }
    )
    card = dataready.audit(path)

    missing = assert_finding(card, "inventory", check="declared_columns", severity="error")
    assert missing.columns == ("order_no", "target", "ssn")
    assert missing.message == (
        "dataready.yml names 3 column(s) this source does not have: key 'order_no', label 'target', "
        "columns.ssn (sensitivity); the checks they drive cannot run"
    )


def test_declared_columns_that_exist_raise_nothing(tmp_path, project_file) -> None:
    pd.DataFrame({"id": [1, 2, 3], "email": ["a@x.org", "b@x.org", "c@x.org"]}).to_csv(
        tmp_path / "t.csv", index=False
    )
    path = project_file(
        {
            "name": "t",
            "location": "t.csv",
            "key": ["id"],
            "columns": {"email": {"sensitivity": "personal"}},
        }
    )
    assert_no_finding(dataready.audit(path), "inventory", check="declared_columns")


# --- unit and decimal-point slips -----------------------------------------------------------


def test_values_a_power_of_ten_away_from_the_rest_are_scale_errors() -> None:
    rng = np.random.default_rng(7)
    price = rng.normal(50, 8, 400).round(2)
    price[[10, 90, 200, 333]] *= 100  # four prices entered in cents
    card = dataready.audit(pd.DataFrame({"price": price}))
    slip = assert_finding(
        card, "validity", check="scale_errors", column="price", severity="warning", affected=4
    )
    assert (
        slip.message
        == "4 values (1.0 %) lie a power of ten above all the others (a unit or decimal-point slip?)"
    )


@pytest.mark.parametrize(
    "values",
    [
        np.random.default_rng(3).lognormal(
            3, 1.5, 1000
        ),  # a long tail spans orders of magnitude: no bulk to slip from
        np.r_[
            np.full(40, 0.5), np.tile([2.5, 6, 9, 13, 16.5, 23], 60)
        ],  # a repeated code below coded levels
        np.r_[
            np.random.default_rng(4).normal(50, 8, 400), np.linspace(80, 600, 12)
        ],  # a tail that reaches out
    ],
    ids=["long tail", "coded levels", "continuous tail"],
)
def test_tails_and_codes_are_not_scale_errors(values: np.ndarray) -> None:
    assert_no_finding(
        dataready.audit(pd.DataFrame({"amount": values})), "validity", check="scale_errors"
    )


def test_numbers_kept_as_text_are_not_spelling_variants_of_each_other() -> None:
    """-1 and 1 (a binary label), 1.5 and 15: punctuation that changes the number is not spelling."""
    frame = pd.DataFrame(
        {
            "label": ["1"] * 60 + ["-1"] * 40,
            "version": ["15"] * 50 + ["1.5"] * 50,
            "rating": ["1"] * 95 + ["1.0"] * 5,
        }
    )
    card = dataready.audit(frame)
    assert_no_finding(card, "consistency", check="category_variants", column="label")
    assert_no_finding(card, "consistency", check="category_variants", column="version")
    variants = assert_finding(
        card, "consistency", check="category_variants", column="rating", affected=5
    )
    assert variants.measured == {"1.0": "1"}
