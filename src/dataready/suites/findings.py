"""Suite runs as findings: a failed expectation counts in its dimension, one that cannot run fails the gate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready._version import install_hint
from dataready.model import (
    Basis,
    Column,
    ColumnKind,
    Dimension,
    Finding,
    Remediation,
    Severity,
    Source,
)

if TYPE_CHECKING:
    from dataready.connectors.base import Connector, OpenedSource
from dataready.model.suites import (
    BROKEN_CHECK,
    EXPECTATION_CHECK,
    SKIPPED_CHECK,
    SUITE_CHECK,
    Outcome,
    Suite,
    SuiteRun,
)
from dataready.suites import gx
from dataready.suites.gx import INSTALL_HINT, run_suite
from dataready.suites.native import needs_gx

_SEVERITY = {"critical": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
"""GX 1.x expectation severity → finding severity."""

_DIMENSION = {
    "expect_column_values_to_not_be_null": Dimension.COMPLETENESS,
    "expect_column_values_to_be_null": Dimension.COMPLETENESS,
    "expect_table_row_count_to_be_between": Dimension.COMPLETENESS,
    "expect_table_row_count_to_equal": Dimension.COMPLETENESS,
    "expect_table_row_count_to_equal_other_table": Dimension.COMPLETENESS,
    "expect_column_values_to_be_unique": Dimension.UNIQUENESS,
    "expect_compound_columns_to_be_unique": Dimension.UNIQUENESS,
    "expect_select_column_values_to_be_unique_within_record": Dimension.UNIQUENESS,
    "expect_column_proportion_of_unique_values_to_be_between": Dimension.UNIQUENESS,
    "expect_column_pair_values_to_be_equal": Dimension.CONSISTENCY,
    "expect_column_pair_values_a_to_be_greater_than_b": Dimension.CONSISTENCY,
    "expect_multicolumn_sum_to_equal": Dimension.CONSISTENCY,
}
"""Where a failed expectation counts; every other type counts under validity."""

_PROBLEM = {
    "expect_column_values_to_not_be_null": "missing",
    "expect_column_values_to_be_unique": "duplicate",
    "expect_compound_columns_to_be_unique": "duplicate",
    "expect_column_values_to_be_in_set": "value_set",
}
"""The problem a failed expectation reports, where dataready's own checks can report it too."""


def findings(run: SuiteRun, columns: Sequence[Column] = ()) -> list[Finding]:
    """One finding per failed or broken expectation, plus one informational summary of the suite."""
    kinds = {c.name: c.kind for c in columns}
    path = run.suite_path
    out = [
        Finding(
            check=SUITE_CHECK,
            dimension=Dimension.VALIDITY,
            severity=Severity.INFO,
            source=run.source,
            message=f"expectation suite {run.suite.name} ({path}): {run.summary()}",
            measured={
                "suite": run.suite.name,
                "path": path,
                "engine": run.engine,
                "evaluated": len(run.outcomes),
                "passed": run.count("passed"),
                "failed": run.count("failed"),
                "errors": run.count("error"),
                "expectations": [o.to_dict() for o in run.outcomes],
            },
            affected=run.count("failed") + run.count("error"),
            total=len(run.outcomes),
            basis=Basis.EXACT,
        )
    ]
    for o in run.outcomes:
        expectation = {"type": o.type, "kwargs": dict(o.kwargs)}
        if o.status == "error":
            out.append(
                Finding(
                    check=BROKEN_CHECK,
                    dimension=Dimension.VALIDITY,
                    severity=Severity.ERROR,
                    source=run.source,
                    message=f"{o.label} could not run: {o.error}",
                    columns=o.columns,
                    basis=Basis.EXACT,
                    remediation=Remediation(
                        f"Fix this expectation in {path}, or the source if the column was renamed, dropped or changed "
                        "type: an expectation that cannot run gates nothing",
                        "S",
                        expectation,
                    ),
                )
            )
        elif o.status == "failed":
            out.append(
                Finding(
                    check=EXPECTATION_CHECK,
                    dimension=dimension_of(o, kinds),
                    severity=_SEVERITY.get(o.severity, Severity.ERROR),
                    source=run.source,
                    message=f"{o.label} failed: {o.detail()}",
                    columns=o.columns,
                    measured=_measured(o),
                    threshold=o.kwargs.get("mostly"),
                    affected=o.unexpected_count,
                    total=o.total,
                    basis=Basis.EXACT,
                    examples=tuple(e for e in o.examples if e is not None),
                    problem=_PROBLEM.get(o.type),
                    remediation=Remediation(
                        f"Correct the data that breaks this expectation at the source; if the data is right and the "
                        f"expectation is not, update it in {path}",
                        "S",
                        expectation,
                    ),
                )
            )
    return out


def dimension_of(outcome: Outcome, kinds: Mapping[str, ColumnKind]) -> Dimension:
    if outcome.type == "expect_column_max_to_be_between" and outcome.columns:
        kind = kinds.get(outcome.columns[0])
        if kind is not None and kind.is_temporal:
            return Dimension.FRESHNESS  # the newest value is too old: a freshness expectation
    return _DIMENSION.get(outcome.type, Dimension.VALIDITY)


def _measured(o: Outcome) -> Any:
    if o.unexpected_percent is not None:
        return round(o.unexpected_percent / 100, 6)
    return o.observed


def audit_findings(
    suite: Suite,
    source: Source,
    connector: Connector,
    opened: OpenedSource,
    root: Path | None = None,
    *,
    own_connection: bool = False,
) -> list[Finding]:
    """The audit's hook: run the source's suite and return its results as findings.

    A suite of expectations dataready evaluates itself runs without Great Expectations. Any
    other suite is skipped without GX installed, with a note saying so and how to install it: the
    data's score and level are the same as without a suite, and a gate fails on it.
    ``own_connection``: evaluate on a connection of its own (a run beside the measurement).
    """
    if not gx.gx_available() and needs_gx(suite.expectations):
        run = SuiteRun(source.name, suite, (), "not run", root=root)
        n = len(suite.expectations)
        return [
            Finding(
                check=SKIPPED_CHECK,
                dimension=Dimension.VALIDITY,
                severity=Severity.INFO,
                source=source.name,
                message=f"expectation suite {suite.name} ({run.suite_path}) skipped: its {n} "
                f"expectation(s) were not run because {INSTALL_HINT}",
                basis=Basis.METADATA,
                remediation=Remediation(
                    f"Install Great Expectations ({install_hint('expectations')}) and audit again "
                    "to run the suite",
                    "S",
                ),
            )
        ]
    return findings(
        run_suite(suite, source, connector, opened, root=root, own_connection=own_connection),
        opened.columns,
    )
