"""One problem, one finding: the same nulls, copies or spellings are counted once, by whoever knows most."""

from __future__ import annotations

from dataready.model import Dimension, Finding, Remediation, Severity
from dataready.scoring import scores as scoring
from dataready.scoring.overlaps import merge_overlaps


def finding(
    check: str,
    dimension: str,
    severity: str,
    problem: str | None,
    columns: tuple[str, ...] = ("email",),
    affected: int = 62,
    source: str = "crm",
    action: str = "fix it",
    expectation: dict | None = None,
) -> Finding:
    return Finding(
        check=check,
        dimension=Dimension(dimension),
        severity=Severity(severity),
        source=source,
        message=f"{check} on {', '.join(columns)}",
        columns=columns,
        affected=affected,
        total=1000,
        problem=problem,
        remediation=Remediation(action, "S", expectation),
    )


NOT_NULL = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "email"}}


def test_a_failed_expectation_counts_the_nulls_the_completeness_check_also_counts() -> None:
    suite = finding("expectation", "completeness", "error", "missing", expectation=NOT_NULL)
    own = finding("missing_values", "completeness", "warning", "missing", action="Backfill email")
    merged = merge_overlaps([own, suite])
    note, counted = merged
    assert counted.severity is Severity.ERROR and counted.counted_in is None
    assert note.severity is Severity.INFO
    assert note.counted_in == "the expectation expect_column_values_to_not_be_null on email"
    assert "counted once, under the expectation" in note.message
    # The plan step keeps the suite's severity and takes the check's diagnosis as its action.
    assert counted.remediation is not None
    assert counted.remediation.action.startswith("Backfill email; the expectation then passes")
    dim = scoring.score_dimension(Dimension.COMPLETENESS, merged, True)
    alone = scoring.score_dimension(Dimension.COMPLETENESS, [suite], True)
    assert dim.score == alone.score  # deducted once, not twice


def test_a_purpose_aware_check_outranks_a_general_one_whatever_their_severities() -> None:
    # 38 % of links are null, but most of those documents are empty or copies that leave the
    # index anyway: the grounding check counts one document that really lacks a link.
    naive = finding("missing_values", "completeness", "error", "missing", ("url",), affected=6)
    grounded = finding("citation_metadata", "grounding", "warning", "missing", ("url",), affected=1)
    note, counted = merge_overlaps([naive, grounded])
    assert counted == grounded
    assert (
        note.severity is Severity.INFO and note.counted_in == "grounding (citation_metadata on url)"
    )


def test_different_problems_columns_sources_or_checks_stay_apart() -> None:
    base = finding("missing_values", "completeness", "warning", "missing")
    others = [
        finding("category_variants", "consistency", "warning", "value_set"),  # another problem
        finding("expectation", "completeness", "error", "missing", ("phone",)),  # another column
        finding("expectation", "completeness", "error", "missing", source="erp"),  # another source
        finding("missing_values", "completeness", "error", "missing", ("email", "x")),  # same check
    ]
    for other in others:
        assert merge_overlaps([base, other]) == [base, other], other.message
    # Two findings of one purpose-aware check are distinct problems, not one.
    verbatim = finding("duplicate_documents", "grounding", "warning", "duplicate", ("text",), 1)
    near = finding("duplicate_documents", "grounding", "warning", "near_duplicate", ("text",), 1)
    copies = finding("duplicate_text", "uniqueness", "warning", "duplicate", ("text",), 1)
    merged = merge_overlaps([copies, verbatim, near])
    assert [f.severity for f in merged] == [Severity.INFO, Severity.WARNING, Severity.WARNING]


def test_the_demo_counts_each_problem_once(demo) -> None:
    _project, card = demo
    counted = [f for f in card.findings if f.counted_in]
    by = {(f.source, f.check, f.columns[0]): f.counted_in for f in counted}
    # The knowledge base's missing links, empty texts and verbatim copies are grounding problems.
    assert by[("kb.articles", "missing_values", "url")] == "grounding (citation_metadata on url)"
    assert by[("kb.articles", "missing_values", "text")].startswith(
        "grounding (unreadable_documents"
    )
    assert by[("kb.articles", "duplicate_text", "text")].startswith(
        "grounding (duplicate_documents"
    )
    # The label column's gaps and spellings are label problems; the suite's nulls are the suite's.
    assert by[("support.tickets", "missing_values", "label")].startswith("labels (label_coverage")
    assert by[("crm.customers", "missing_values", "email")].startswith(
        "the expectation expect_column_values_to_not_be_null"
    )
    # A counted note is no plan step: each problem has one.
    assert all(f.severity is Severity.INFO for f in counted)
    steps = [(p.source, p.columns, p.dimension) for p in card.plan]
    assert ("kb.articles", ("url",), Dimension.COMPLETENESS) not in steps
    assert ("kb.articles", ("url",), Dimension.GROUNDING) in steps
    assert [s for s in steps if s[:2] == ("kb.articles", ("url",))] == [
        ("kb.articles", ("url",), Dimension.GROUNDING)
    ]
    assert not any("counted once" in p.title for p in card.plan)
