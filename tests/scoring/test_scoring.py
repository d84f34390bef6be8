"""Scores a reader can follow: deductions, n/a dimensions, weights, levels and blockers."""

from __future__ import annotations

from dataready.model import Dimension, Finding, Level, Severity, Source, SourceScorecard, Status
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


def card(*findings: Finding, purpose: str | None = None, name: str = "s") -> SourceScorecard:
    """A source scored as the audit scores it, from these findings (every dimension assessed)."""
    dims = tuple(
        scoring.score_dimension(d, [f for f in findings if f.dimension is d], True)
        for d in Dimension
    )
    score = scoring.weighted_score(dims, {})
    level = scoring.level_of(score, findings, ready=80, not_ready_below=60, dimensions=dims)
    source = Source(name=name, connector="csv", location=f"{name}.csv", purpose=purpose)
    return SourceScorecard(source, level, score, dims, findings, 100, 3)


def overall(*sources: SourceScorecard) -> tuple[Level, dict[str, Status]]:
    items = scoring.checklist(sources, 80)
    return scoring.overall_level(sources, items), {i.key: i.status for i in items}


def test_a_dimension_at_0_makes_a_source_not_ready_whatever_its_mean() -> None:
    empty = [finding("error", 100, 100, dim="grounding") for _ in range(4)]
    source = card(*empty, purpose="retrieval")
    assert source.dimension(Dimension.GROUNDING).score == 0
    assert source.score == 90  # nine other dimensions at 100: a mean well above "ready"
    assert source.level is Level.NOT_READY
    # A dimension between the two lines conditions the level as a low mean would.
    three = card(*[finding("warning", 50, 100, dim="labels") for _ in range(3)])
    assert three.dimension(Dimension.LABELS).score == 70 and three.level is Level.CONDITIONAL


def test_a_checklist_item_failing_at_error_makes_the_use_case_not_ready() -> None:
    # An error in ownership: 75 in that dimension, so the source itself is only conditional.
    unowned = card(finding("error", dim="ownership"))
    assert unowned.level is Level.CONDITIONAL
    level, status = overall(unowned, card(name="t"))
    assert status["ownership_and_cadence"] is Status.FAIL
    assert level is Level.NOT_READY
    # The same for an error in a quality dimension, and for an unreadable source.
    invalid = card(finding("error", 5, 100, dim="validity"))
    assert invalid.level is Level.CONDITIONAL
    assert overall(invalid)[0] is Level.NOT_READY
    unreadable = SourceScorecard(
        Source(name="u", connector="csv", location="u.csv"),
        Level.NOT_READY,
        0.0,
        (),
        (),
        None,
        None,
        reachable=False,
        error="no such file",
    )
    assert overall(card(name="t"), unreadable)[0] is Level.NOT_READY


def test_a_checklist_item_failing_only_at_warning_makes_the_use_case_ready_with_conditions() -> (
    None
):
    for dim, key, warnings in (
        ("ownership", "ownership_and_cadence", 1),
        ("inventory", "sources_inventoried", 1),
        ("grounding", "retrieval_grounding", 3),  # grounding fails from a score below 80
    ):
        warned = card(*[finding("warning", dim=dim)] * warnings, purpose="retrieval")
        level, status = overall(warned)
        assert status[key] is Status.FAIL, dim
        # The source may be ready on its own; the use case is not while an item of its list fails.
        assert warned.level is (Level.READY if warnings == 1 else Level.CONDITIONAL), dim
        assert level is Level.CONDITIONAL, dim
    # Grounding judges the retrieval sources only: an error there elsewhere does not count.
    other = card(finding("error", dim="grounding"))
    assert overall(other, card(name="kb", purpose="retrieval"))[0] is Level.CONDITIONAL


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
