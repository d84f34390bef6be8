"""JUnit XML for CI systems: one testcase per check and per expectation, one testsuite per source.

A testcase fails when its findings reach the gate's ``fail_on`` severity (``error`` unless told);
findings below it are listed in the testcase's output. An expectation that could not run is a
JUnit ``<error>``, never a pass. A ``readiness`` testsuite holds the overall level and score.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dataready.model import Finding, Level, Scorecard, Severity, SourceScorecard
from dataready.model.suites import BROKEN_CHECK, EXPECTATION_CHECK, SUITE_CHECK

if TYPE_CHECKING:
    from dataready.model.suites import SuiteRun

_SUITE_CHECKS = {SUITE_CHECK, EXPECTATION_CHECK, BROKEN_CHECK, "reachable"}
_GX_SEVERITY = {"critical": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def _threshold(fail_on: str | None) -> int | None:
    if fail_on == "never":
        return None
    return Severity.WARNING.rank if fail_on == "warning" else Severity.ERROR.rank


class _Suite:
    def __init__(self, name: str, seconds: float = 0.0) -> None:
        self.element = ET.Element("testsuite", name=name, time=f"{seconds:.3f}")
        self.counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def case(
        self,
        classname: str,
        name: str,
        *,
        failure: tuple[str, str, str] | None = None,
        error: tuple[str, str] | None = None,
        skipped: str | None = None,
        output: str = "",
    ) -> None:
        case = ET.SubElement(self.element, "testcase", classname=classname, name=name, time="0")
        self.counts["tests"] += 1
        if error is not None:
            ET.SubElement(case, "error", message=error[0], type="error").text = error[1]
            self.counts["errors"] += 1
        elif failure is not None:
            ET.SubElement(case, "failure", message=failure[0], type=failure[1]).text = failure[2]
            self.counts["failures"] += 1
        elif skipped is not None:
            ET.SubElement(case, "skipped", message=skipped)
            self.counts["skipped"] += 1
        if output:
            ET.SubElement(case, "system-out").text = output

    def finish(self) -> ET.Element:
        for key, value in self.counts.items():
            self.element.set(key, str(value))
        return self.element


def _document(name: str, suites: Iterable[_Suite], seconds: float) -> str:
    root = ET.Element("testsuites", name=name, time=f"{seconds:.3f}")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        root.append(suite.finish())
        for key in totals:
            totals[key] += suite.counts[key]
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _describe(f: Finding) -> str:
    where = f" [{', '.join(f.columns)}]" if f.columns else ""
    counts = (
        f" ({f.affected:,} of {f.total:,} rows, {f.basis_text})"
        if f.affected is not None and f.total
        else ""
    )
    examples = f"\n  examples: {', '.join(str(e) for e in f.examples[:5])}" if f.examples else ""
    fix = f"\n  fix: {f.remediation.action}" if f.remediation else ""
    return f"{f.severity.value}{where}: {f.message}{counts}{examples}{fix}"


def render(
    card: Scorecard,
    *,
    checks: Sequence[tuple[str, str]] = (),
    fail_on: str | None = "error",
    fail_under: float | None = None,
) -> str:
    """The scorecard as JUnit XML: the checks and expectation suites of every source.

    ``checks`` lists (check, dimension) of every check the audit ran, so that a check that found
    nothing is a passing testcase rather than absent.
    """
    threshold = _threshold(fail_on)
    suites = [_overall(card, fail_on, fail_under)]
    for s in card.sources:
        suites.append(_source_suite(s, list(checks), threshold))
    return _document(f"dataready: {card.use_case}", suites, card.seconds)


def _overall(card: Scorecard, fail_on: str | None, fail_under: float | None) -> _Suite:
    suite = _Suite("readiness", card.seconds)
    level = f"{card.level.value} (score {'n/a' if card.score is None else f'{card.score:.0f}'})"
    fails = card.level is Level.NOT_READY and fail_on != "never"
    suite.case(
        "readiness",
        "level",
        failure=(
            f"not ready: {level}",
            "not ready",
            "\n".join(f"{c.title}: {c.status.value}" for c in card.checklist),
        )
        if fails
        else None,
        output=level,
    )
    if fail_under is not None:
        below = card.score is None or card.score < fail_under
        message = (
            f"score {'n/a' if card.score is None else f'{card.score:.0f}'} below {fail_under:g}"
        )
        suite.case(
            "readiness",
            f"score >= {fail_under:g}",
            failure=(message, "below threshold", message) if below else None,
        )
    return suite


def _source_suite(
    s: SourceScorecard, checks: Sequence[tuple[str, str]], threshold: int | None
) -> _Suite:
    name = s.source.name
    suite = _Suite(name, s.seconds)
    if not s.reachable:
        suite.case(
            f"{name}.checks",
            "reachable",
            error=(f"the source could not be read: {s.error}", str(s.error)),
        )
        return suite
    seen = [name_ for name_, _d in checks]
    extra = [f.check for f in s.findings if f.check not in seen and f.check not in _SUITE_CHECKS]
    dimension_of = dict(checks)
    for check in [*seen, *dict.fromkeys(extra)]:
        found = [f for f in s.findings if f.check == check]
        failing = [f for f in found if threshold is not None and f.severity.rank >= threshold]
        rest = "\n".join(_describe(f) for f in found if f not in failing)
        dimension = dimension_of.get(check) or (found[0].dimension.value if found else "")
        if failing:
            first = failing[0]
            suite.case(
                f"{name}.checks",
                check,
                output=rest,
                failure=(
                    f"{first.severity.value}: {first.message}",
                    first.severity.value,
                    "\n".join(_describe(f) for f in failing),
                ),
            )
        elif not found and dimension and _not_assessed(s, dimension):
            suite.case(f"{name}.checks", check, skipped=f"n/a: nothing in {dimension} was assessed")
        else:
            suite.case(f"{name}.checks", check, output=rest)
    for summary in (
        f for f in s.findings if f.check == SUITE_CHECK and isinstance(f.measured, dict)
    ):
        failed = {f.message: f for f in s.findings if f.check in (EXPECTATION_CHECK, BROKEN_CHECK)}
        _expectation_cases(suite, name, summary.measured, failed, threshold)
    return suite


def _not_assessed(s: SourceScorecard, dimension: str) -> bool:
    return any(d.dimension.value == dimension and d.score is None for d in s.dimensions)


def _expectation_cases(
    suite: _Suite,
    source: str,
    measured: dict[str, Any],
    findings: dict[str, Finding],
    threshold: int | None,
) -> None:
    classname = f"{source}.expectations.{measured.get('suite', 'suite')}"
    for item in measured.get("expectations", []):
        label, status, detail = item["expectation"], item["status"], item.get("detail", "")
        finding = next((f for m, f in findings.items() if m.startswith(label + " ")), None)
        text = _describe(finding) if finding is not None else detail
        if status == "error":
            suite.case(classname, label, error=(detail, text))
        elif status == "failed":
            rank = _GX_SEVERITY.get(item.get("severity", "critical"), Severity.ERROR).rank
            if threshold is not None and rank >= threshold:
                suite.case(
                    classname,
                    label,
                    failure=(f"{label} {detail}", item.get("severity", "critical"), text),
                )
            else:
                suite.case(classname, label, output=text)
        else:
            suite.case(classname, label)


def render_runs(runs: Sequence[SuiteRun]) -> str:
    """Suite runs (``dataready validate``) as JUnit XML: one testsuite per suite, one testcase per expectation."""
    suites = []
    for run in runs:
        suite = _Suite(f"{run.source}: {run.suite.name}", run.seconds)
        classname = f"{run.source}.expectations.{run.suite.name}"
        if run.error is not None:
            suite.case(
                classname,
                "reachable",
                error=(f"the source could not be read: {run.error}", run.error),
            )
        for o in run.outcomes:
            if o.status == "error":
                suite.case(classname, o.label, error=(o.detail(), o.detail()))
            elif o.status == "failed":
                suite.case(
                    classname, o.label, failure=(f"{o.label} {o.detail()}", o.severity, o.detail())
                )
            else:
                suite.case(classname, o.label)
        suites.append(suite)
    return _document("dataready: expectation suites", suites, sum(r.seconds for r in runs))
