"""Each check on data with and without its defect: column, count and severity as a user reads them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from tests.conftest import assert_finding, assert_no_finding, data_findings

import dataready

N = 1000


@pytest.fixture
def clean() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({
        "id": np.arange(1, N + 1),
        "age": rng.integers(18, 90, N),
        "quantity": rng.integers(1, 20, N),
        "country": rng.choice(["France", "Germany", "Spain", "Portugal"], N),
        "comment": [f"order {i} arrived on time; thanks for the quick delivery of item {i * 7}, the packaging was fine" for i in range(N)],
        "signup": [(dt.date(2024, 1, 1) + dt.timedelta(days=int(d))).isoformat() for d in rng.integers(0, 600, N)],
        "created_at": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 600 * 24, N), unit="h"),
        "score": rng.normal(50, 10, N).round(2),
    })  # fmt: skip


def test_clean_table_has_no_data_findings(clean: pd.DataFrame) -> None:
    card = dataready.audit(clean)
    assert data_findings(card) == []
    for dim in ("completeness", "validity", "consistency", "uniqueness"):
        assert card["dataframe"].dimension(dim).score == 100


def test_nulls_are_counted_exactly(clean: pd.DataFrame) -> None:
    clean["score"] = clean["score"].astype(float)
    clean.loc[:49, "score"] = np.nan
    card = dataready.audit(clean)
    f = assert_finding(card, "completeness", check="missing_values", column="score", severity="warning", affected=50)
    assert f.basis.value == "exact"
    assert f.remediation and f.remediation.expectation["type"] == "expect_column_values_to_not_be_null"


def test_an_empty_column_is_an_error(clean: pd.DataFrame) -> None:
    clean["notes"] = None
    card = dataready.audit(clean)
    assert_finding(card, "completeness", check="missing_values", column="notes", severity="error", affected=N)


def test_placeholders_are_missing_values(clean: pd.DataFrame) -> None:
    clean.loc[:29, "country"] = "N/A"
    clean.loc[30:39, "country"] = "unknown"
    card = dataready.audit(clean)
    f = assert_finding(card, "completeness", check="disguised_missing", column="country", severity="warning", affected=40)
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
    clean.loc[:99, "signup"] = [dt.date(2024, 3, 1 + i % 28).strftime("%d/%m/%Y") for i in range(100)]
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
    frame = pd.DataFrame({"due_date": pd.Timestamp.now() + pd.to_timedelta(np.arange(100) - 95, unit="D")})
    assert_no_finding(dataready.audit(frame), "validity", check="future_dates")


def test_case_and_spacing_variants(clean: pd.DataFrame) -> None:
    clean.loc[:9, "country"] = "FRANCE"
    clean.loc[10:14, "country"] = "germany "
    card = dataready.audit(clean)
    f = assert_finding(card, "consistency", check="category_variants", column="country", affected=15)
    assert f.measured == {"FRANCE": "France", "germany ": "Germany"}


def test_rare_misspellings_of_a_common_value(clean: pd.DataFrame) -> None:
    clean.loc[:3, "country"] = "Germny"
    clean.loc[4:5, "country"] = "Portugall"
    card = dataready.audit(clean)
    f = assert_finding(card, "consistency", check="misspelled_categories", column="country", affected=6)
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
    from dataready.models import Dimension

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
