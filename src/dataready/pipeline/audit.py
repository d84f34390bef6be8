"""The one orchestrator: project → connectors → measurement → checks → scoring → plan."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from typing import Any

from dataready.checks import DEFAULT_CHECKS, Check
from dataready.config import Project
from dataready.connectors.base import Connector, OpenedSource
from dataready.errors import ConfigError, SourceError
from dataready.model import (
    Basis,
    Dimension,
    Finding,
    Level,
    Measurement,
    Remediation,
    SampleSpec,
    Scorecard,
    Severity,
    Source,
    SourceScorecard,
)
from dataready.model.suites import Suite
from dataready.pii.masking import mask_card, mask_findings, mask_text
from dataready.pipeline.targets import resolve

ProgressCallback = Callable[[str, str], None]
"""Called with (source name, stage) as the audit advances."""


def audit(
    target: Any = None,
    *,
    table: str | None = None,
    schema: str | None = None,
    sample_size: int | None = None,
    seed: int | None = None,
    statement_timeout: float | None = None,
    checks: Sequence[Check] = DEFAULT_CHECKS,
    show_values: bool = False,
    progress: ProgressCallback | None = None,
    suites: Mapping[str, str | os.PathLike[str]] | None = None,
) -> Scorecard:
    """Audit a project file, a file/folder/glob, a database URL or DataFrames; return the scorecard.

    ``target`` defaults to ``./dataready.yml``. Data problems never raise: they are findings.
    A project's sources are validated against their expectation suites (``expectations/<source>.json``
    or ``suite:``); ``suites`` maps source names to suite files, e.g. for DataFrames.
    Raises :class:`ConfigError` for an invalid project and :class:`SourceError` when the only
    source named on the call cannot be read.
    """
    started = time.perf_counter()
    targets = resolve(
        target,
        table=table,
        schema=schema,
        sample_size=sample_size,
        seed=seed,
        statement_timeout=statement_timeout,
    )
    project, spec, ad_hoc = targets.project, targets.spec, targets.ad_hoc
    note = progress or (lambda _source, _stage: None)
    planned = [(p.source, p.connector, p.error) for p in targets.planned]

    from dataready.suites.files import suites_for

    # Suites are built in GX when they run, so that importing GX (seconds) overlaps the measurement;
    # a broken suite still stops the audit with the same message.
    suite_of = suites_for(
        project, [p[0] for p in planned], explicit=suites, implicit=not ad_hoc, build_in_gx=False
    )
    if suite_of:
        from dataready.suites.gx import prepare_in_background

        prepare_in_background()
    cards = []
    # A folder, glob or database named on the command line stands for several sources: one that
    # cannot be read is reported as such and the others are audited, as in a project.
    only_one = ad_hoc and len(planned) == 1
    for source, connector, error in planned:
        cards.append(
            _audit_source(
                source,
                connector,
                error,
                spec,
                checks,
                project,
                note,
                ad_hoc=only_one,
                show_values=show_values,
                suite=suite_of.get(source.name),
            )
        )
    return _scorecard(project, cards, started)


def _audit_source(
    source: Source,
    connector: Connector | None,
    error: str | None,
    spec: SampleSpec,
    checks: Sequence[Check],
    project: Project,
    note: ProgressCallback,
    *,
    ad_hoc: bool,
    show_values: bool = False,
    suite: Suite | None = None,
) -> SourceScorecard:
    from dataready.measure import measure
    from dataready.scoring import scores as scoring

    started = time.perf_counter()
    if connector is not None:
        note(source.name, "connecting")
        suite_findings: list[Finding] = []
        suite_run: Future[list[Finding]] | None = None
        try:
            # Where GX validates in the database, the suite runs on a thread of its own, on its own
            # connection, beside the measurement and the checks. On pandas it needs the source's
            # connection, so it runs after the measurement. The checks run once the source is
            # closed, which frees what the engine holds (an in-memory DuckDB keeps its buffers).
            with connector.open() as opened:
                if suite is not None and _in_database(connector, opened):
                    note(source.name, "expectations")
                    suite_run = _in_background(
                        _suite_findings, suite, source, connector, opened, project
                    )
                m = measure(opened, source, spec, progress=lambda stage: note(source.name, stage))
                if suite is not None and suite_run is None:
                    note(source.name, "expectations")
                    suite_findings = _suite_findings(suite, source, connector, opened, project)
            note(source.name, "checking")
            findings = run_checks(m, checks) + _capped_sample(m, spec)
            findings += suite_run.result() if suite_run is not None else suite_findings
        except SourceError as exc:
            _settle(suite_run)
            if ad_hoc:
                raise
            error = str(exc)
        except ConfigError:
            _settle(suite_run)
            raise
        except Exception as exc:  # an engine error while measuring: the source could not be read
            _settle(suite_run)
            from dataready.connectors.base import first_line, reraise_interrupt

            reraise_interrupt(exc)
            from dataready.connectors.sql import scrub

            message = f"{source.location}: cannot read it: {scrub(first_line(exc), connector.secret_location)}"
            if ad_hoc:
                raise SourceError(message) from exc
            error = message
        else:
            if (
                not show_values
            ):  # before scoring, so that explanations and the plan quote masked text
                findings = mask_findings(findings, m)
            assessed = {c.dimension for c in checks if _applies(c, m)}
            card = _source_card(
                source, m, findings, assessed, project, time.perf_counter() - started
            )
            return card if show_values else mask_card(card, m)
    if error and not show_values:
        error = mask_text(error)
    unreachable = Finding(
        check="reachable",
        dimension=Dimension.INVENTORY,
        severity=Severity.BLOCKER,
        source=source.name,
        message=f"the source could not be read: {error}",
        basis=Basis.METADATA,
        remediation=Remediation(
            f"Make {source.name} readable for dataready (the message says what failed), then audit again",
            "S",
        ),
    )
    dims = tuple(
        scoring.score_dimension(d, [unreachable], True)
        if d is Dimension.INVENTORY
        else scoring.score_dimension(d, [], False)
        for d in Dimension
    )
    return SourceScorecard(
        source,
        Level.NOT_READY,
        0.0,
        dims,
        (unreachable,),
        None,
        None,
        reachable=False,
        error=error,
        seconds=time.perf_counter() - started,
    )


def _in_database(connector: Connector, opened: OpenedSource) -> bool:
    from dataready.suites.gx import runs_in_database

    return runs_in_database(connector, opened)


def _in_background(function: Callable[..., list[Finding]], *args: Any) -> Future[list[Finding]]:
    """Call ``function`` on a daemon thread: an interrupted audit exits without waiting for it."""
    import threading

    future: Future[list[Finding]] = Future()

    def run() -> None:
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(function(*args))
            except BaseException as exc:  # handed to the caller of result()
                future.set_exception(exc)

    threading.Thread(target=run, name="dataready-suite", daemon=True).start()
    return future


def _settle(suite_run: Future[list[Finding]] | None) -> None:
    """Wait for a suite still running when its source failed: one GX run at a time, never two."""
    if suite_run is not None:
        with contextlib.suppress(Exception):
            suite_run.result()


def _suite_findings(
    suite: Suite, source: Source, connector: Connector, opened: OpenedSource, project: Project
) -> list[Finding]:
    """The source's expectation suite, run by Great Expectations, as findings."""
    from dataready.suites.findings import audit_findings

    return audit_findings(suite, source, connector, opened, project.root)


def _capped_sample(m: Measurement, spec: SampleSpec) -> list[Finding]:
    """A note when the sample asked for was larger than a client may hold and the source is too."""
    if spec.requested is None or m.row_count <= spec.size:
        return []
    return [
        Finding(
            check="sample_capped",
            dimension=Dimension.INVENTORY,
            severity=Severity.INFO,
            source=m.source.name,
            message=(
                f"the sample was capped at {spec.size:,} rows ({spec.requested:,} asked for), the most "
                f"dataready holds in memory; row-level checks are estimated from {spec.size:,} of "
                f"{m.row_count:,} rows, aggregates cover every row"
            ),
            basis=Basis.METADATA,
        )
    ]


def _applies(check: Check, m: Measurement) -> bool:
    try:
        return check.applies(m)
    except Exception:
        return True  # it will fail in run() too, and that failure is reported there


def run_checks(m: Measurement, checks: Sequence[Check]) -> list[Finding]:
    """Run every check; a check that breaks becomes an ``error`` finding and the audit goes on."""
    findings: list[Finding] = []
    for check in checks:
        try:
            if check.applies(m):
                findings.extend(check.run(m))
        except Exception as exc:
            findings.append(
                Finding(
                    check=check.name,
                    dimension=check.dimension,
                    severity=Severity.ERROR,
                    source=m.source.name,
                    message=f"the check {check.name} failed to run: {type(exc).__name__}: {exc}",
                    basis=Basis.METADATA,
                )
            )
    return findings


def _source_card(
    source: Source,
    m: Measurement,
    findings: list[Finding],
    assessed: set[Dimension],
    project: Project,
    seconds: float,
) -> SourceScorecard:
    from dataready.scoring import scores as scoring

    dims = tuple(
        scoring.score_dimension(
            d,
            [f for f in findings if f.dimension is d],
            d in assessed or any(f.dimension is d for f in findings),
        )
        for d in Dimension
    )
    score = scoring.weighted_score(dims, project.weights)
    level = scoring.level_of(
        score,
        findings,
        ready=project.thresholds.ready,
        not_ready_below=project.thresholds.not_ready_below,
    )
    return SourceScorecard(
        source=source,
        level=level,
        score=score,
        dimensions=dims,
        findings=tuple(findings),
        row_count=m.row_count,
        column_count=len(m.columns),
        seconds=seconds,
        sample_size=m.sample_size,
        modified_at=m.modified_at,
        size_bytes=m.size_bytes,
        example_rows=_example_rows(m),
    )


EXAMPLE_ROWS = 5
"""Rows of the sample a source's card shows (masked unless values were asked for)."""


def _example_rows(m: Measurement) -> tuple[dict[str, Any], ...]:
    from dataready.checks.base import masked, plain

    def cell(value: Any) -> Any:
        if (
            value is None
            or (isinstance(value, float) and value != value)
            or str(value) in ("NaT", "<NA>", "nan")
        ):
            return None
        value = plain(value)
        # Lists, structs and bytes are shown as text: a report holds plain JSON values only.
        return value if isinstance(value, (bool, int, float)) else masked(value, 60)

    head = m.sample.head(EXAMPLE_ROWS).to_dict("records")
    return tuple({str(k): cell(v) for k, v in row.items()} for row in head)


def _scorecard(project: Project, cards: list[SourceScorecard], started: float) -> Scorecard:
    from dataready.scoring import plan as remediation
    from dataready.scoring import scores as scoring

    level = scoring.overall_level(cards)
    scores = [c.score for c in cards if c.score is not None]
    score = sum(scores) / len(scores) if scores else None
    sources = {c.source.name: c.source for c in cards}
    findings = [f for c in cards for f in c.findings]
    return Scorecard(
        use_case=project.use_case.name,
        purpose=project.use_case.purpose,
        level=level,
        score=score,
        sources=tuple(cards),
        checklist=scoring.checklist(cards, project.thresholds.dimension_pass),
        plan=remediation.plan(findings, sources, project.weights),
        generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        seconds=time.perf_counter() - started,
    )
