"""Scores a reader can follow: deductions, n/a dimensions, weights, levels and blockers."""

from __future__ import annotations

from dataready.model import Dimension, Finding, Level, Severity
from dataready.scoring import scores as scoring


def finding(
    severity: str, affected: int | None = None, total: int | None = None, dim: str = "completeness"
) -> Finding:
    return Finding(
        check="x",
        dimension=Dimension(dim),
        severity=Severity(severity),
        source="s",
        message="m",
        columns=("c",),
        affected=affected,
        total=total,
    )


def test_no_findings_scores_100_and_says_why() -> None:
    d = scoring.score_dimension(Dimension.VALIDITY, [], True)
    assert d.score == 100 and "no problems" in d.explanation


def test_unassessed_dimension_is_na_and_left_out_of_the_total() -> None:
    na = scoring.score_dimension(Dimension.FRESHNESS, [], False)
    low = scoring.score_dimension(Dimension.VALIDITY, [finding("error", 50, 100)], True)
    assert na.score is None and na.explanation.startswith("n/a")
    assert scoring.weighted_score([na, low], {}) == low.score == 75


def test_deductions_scale_with_the_share_of_rows() -> None:
    assert (
        scoring.deduction(finding("warning", 1, 1000)) == 5.0 + 0.5 * 0.1
    )  # a few rows: about half
    assert scoring.deduction(finding("warning", 200, 1000)) == 10.0  # 10 % or more: full weight
    assert scoring.deduction(finding("info", 900, 1000)) == 0.0


def test_explanation_adds_up() -> None:
    d = scoring.score_dimension(
        Dimension.COMPLETENESS, [finding("error", 500, 1000), finding("warning", 100, 1000)], True
    )
    assert d.score == 65
    assert d.explanation.startswith("100 − 25 (error") and d.explanation.endswith("= 65")


def test_weights_shift_the_total() -> None:
    a = scoring.score_dimension(Dimension.COMPLETENESS, [], True)
    b = scoring.score_dimension(Dimension.OWNERSHIP, [finding("error", dim="ownership")], True)
    assert scoring.weighted_score([a, b], {Dimension.OWNERSHIP: 3.0}) == (100 + 3 * 75) / 4


def test_blockers_cap_the_level_and_errors_condition_it() -> None:
    assert (
        scoring.level_of(99, [finding("blocker")], ready=80, not_ready_below=60) is Level.NOT_READY
    )
    assert (
        scoring.level_of(99, [finding("error")], ready=80, not_ready_below=60) is Level.CONDITIONAL
    )
    assert scoring.level_of(99, [finding("warning")], ready=80, not_ready_below=60) is Level.READY
    assert scoring.level_of(70, [], ready=80, not_ready_below=60) is Level.CONDITIONAL
    assert scoring.level_of(50, [], ready=80, not_ready_below=60) is Level.NOT_READY


def test_checklist_evidence_is_cut_at_a_word_and_names_a_column_once() -> None:
    long = Finding(
        check="expectation",
        dimension=Dimension.UNIQUENESS,
        severity=Severity.ERROR,
        source="s",
        columns=("customer_id",),
        message="expect_column_values_to_be_unique(customer_id) failed: "
        "48 of 1,824 values unexpected (2.63 %), e.g. 1017, 1018 and 1019",
    )
    short = scoring._short(long)
    assert (
        short
        == "expect_column_values_to_be_unique(customer_id) failed: 48 of 1,824 values unexpected…"
    )
    assert len(short) <= scoring.EVIDENCE_LENGTH
    assert (
        scoring._short(finding("error")) == "c: m"
    )  # a message that does not name its column gets it in front
