"""The one orchestrator: project → connectors → measurement → checks → scoring → plan."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from dataready.checks import DEFAULT_CHECKS, PROJECT_CHECKS, Check
from dataready.checks.project import ProjectCheck, ProjectRun
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

if TYPE_CHECKING:
    from dataready.pipeline.history import Recorder
from dataready.scoring.overlaps import merge_overlaps

ProgressCallback = Callable[[str, str], None]
"""Called with (source name, stage) as the audit advances."""

FAILED_ROWS_LIMIT = 10_000
"""Cells listed per finding at most, unless asked otherwise."""


def audit(
    target: Any = None,
    *,
    table: str | None = None,
    schema: str | None = None,
    sample_size: int | None = None,
    seed: int | None = None,
    statement_timeout: float | None = None,
    checks: Sequence[Check] = DEFAULT_CHECKS,
    project_checks: Sequence[ProjectCheck] = PROJECT_CHECKS,
    show_values: bool = False,
    progress: ProgressCallback | None = None,
    suites: Mapping[str, str | os.PathLike[str]] | None = None,
    failed_rows_limit: int = FAILED_ROWS_LIMIT,
    fetch_failed_rows: bool = False,
    read_options: Mapping[str, Any] | None = None,
    all_schemas: bool = False,
    record: bool = False,
    history: str | None = None,
    fresh: bool = False,
) -> Scorecard:
    """Audit a project file, a file/folder/glob, a database URL or DataFrames; return the scorecard.

    ``target`` defaults to ``./dataready.yml``. Data problems never raise: they are findings.
    A project's sources are validated against their expectation suites (``expectations/<source>.json``
    or ``suite:``); ``suites`` maps source names to suite files, e.g. for DataFrames.
    Each finding about rows lists at most ``failed_rows_limit`` of its cells (0: none, only the
    predicate); ``reporting.failed_rows.write`` writes them out. With ``fetch_failed_rows``, a
    finding counted over every row whose rows the sample does not hold entirely lists them all,
    read again from the source by its predicate (what ``--failed-rows`` asks for). With
    ``all_schemas``, a database URL stands for the tables of every schema, not only the default one.
    With ``record``, the audit is appended to the history store (``history``: a path or URL, else
    the project's ``history:``, else ``.dataready/history.sqlite`` beside the project) and each
    source's drift since its previous recorded run joins its findings (``card.recorded``). When
    every source is a file whose size, modification time and SHA-256 match its last recorded run
    (audited with the same settings and dataready version), the recorded results are reused and
    nothing is read; ``fresh`` audits every source again.
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
        read_options=read_options,
        all_schemas=all_schemas,
    )
    project, spec, ad_hoc = targets.project, targets.spec, targets.ad_hoc
    if failed_rows_limit < 0:
        raise ConfigError("--failed-rows-limit: must be 0 or more")
    note = progress or (lambda _source, _stage: None)
    planned = [(p.source, p.connector, p.error) for p in targets.planned]

    from dataready.suites.files import suites_for

    # Suites are built in GX when they run, so that importing GX (seconds) overlaps the measurement;
    # a broken suite still stops the audit with the same message.
    suite_of = suites_for(
        project, [p[0] for p in planned], explicit=suites, implicit=not ad_hoc, build_in_gx=False
    )
    recorder = None
    if record and show_values:
        raise ConfigError(
            "--record keeps no raw values, and --show-values puts them in the scorecard: drop one"
        )
    if record:
        from dataready.pipeline.history import Recorder, open_store

        settings = [
            spec,
            [c.name for c in checks],
            [c.name for c in project_checks],
            sorted((name, repr(s)) for name, s in suite_of.items()),
            failed_rows_limit,
            fetch_failed_rows,
        ]
        recorder = Recorder(
            open_store(history, project, create=True, reads=(target,)), project, settings
        )
        for source, _connector, _error in planned:
            if recorder.store.holds(source.location, source.schema, source.table):
                recorder.store.close()
                raise ConfigError(
                    f"history: {source.name} is a table of the history store "
                    f"{recorder.store.display}, which is never audited; keep the store in a schema "
                    "of its own (history: {url: ..., schema: ...}) or name the tables to audit"
                )
    try:
        if recorder is not None and not fresh and all(p[1] is not None for p in planned):
            reused = recorder.reuse([p[0] for p in planned], note)
            if reused is not None:
                card = _scorecard(project, reused, started, project_file=not ad_hoc)
                return dataclasses.replace(card, recorded=recorder.record(card))
        from dataready.suites.native import needs_gx

        if any(needs_gx(s.expectations) for s in suite_of.values()):
            from dataready.suites.gx import prepare_in_background

            prepare_in_background()
        return _audit_all(
            project,
            planned,
            spec,
            checks,
            project_checks,
            note,
            suite_of,
            ad_hoc=ad_hoc,
            show_values=show_values,
            failed_rows_limit=failed_rows_limit,
            fetch_failed_rows=fetch_failed_rows,
            started=started,
            recorder=recorder,
        )
    finally:
        if recorder is not None:
            recorder.store.close()


def _audit_all(
    project: Project,
    planned: list[tuple[Source, Connector | None, str | None]],
    spec: SampleSpec,
    checks: Sequence[Check],
    project_checks: Sequence[ProjectCheck],
    note: ProgressCallback,
    suite_of: Mapping[str, Suite],
    *,
    ad_hoc: bool,
    show_values: bool,
    failed_rows_limit: int,
    fetch_failed_rows: bool,
    started: float,
    recorder: Recorder | None,
) -> Scorecard:
    cards = []
    # A folder, glob or database named on the command line stands for several sources: one that
    # cannot be read is reported as such and the others are audited, as in a project.
    only_one = ad_hoc and len(planned) == 1
    across = ProjectRun(project_checks)
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
                failed_rows_limit=failed_rows_limit,
                fetch_failed_rows=fetch_failed_rows,
                across=across,
                recorder=recorder,
            )
        )
    card = _scorecard(project, cards, started, project_file=not ad_hoc)
    if recorder is not None:
        card = dataclasses.replace(card, recorded=recorder.record(card))
    return card


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
    failed_rows_limit: int = 0,
    fetch_failed_rows: bool = False,
    across: ProjectRun | None = None,
    recorder: Recorder | None = None,
) -> SourceScorecard:
    from dataready.measure import measure
    from dataready.scoring import scores as scoring

    started = time.perf_counter()
    if connector is not None:
        # Taken before the source is read, so that a file changed while it was read differs next time.
        fingerprint = recorder.fingerprint(source) if recorder is not None else None
        note(source.name, "connecting")
        suite_findings: list[Finding] = []
        suite_run: Future[list[Finding]] | None = None
        try:
            # Where the engine serves several connections, the suite runs on a thread of its own, on
            # its own connections, beside the measurement and the checks. Elsewhere it needs the
            # source's connection, so it runs after the measurement. The checks run once the source is
            # closed, which frees what the engine holds (an in-memory DuckDB keeps its buffers).
            with connector.open() as opened:
                if suite is not None and _beside(connector, opened):
                    note(source.name, "expectations")
                    suite_run = _in_background(
                        _suite_findings, suite, source, connector, opened, project, True
                    )
                m = measure(opened, source, spec, progress=lambda stage: note(source.name, stage))
                if suite is not None and suite_run is None:
                    note(source.name, "expectations")
                    suite_findings = _suite_findings(suite, source, connector, opened, project)
            note(source.name, "checking")
            findings = run_checks(m, checks) + _capped_sample(m, spec)
            if across is not None:
                findings += across.run(m)
            findings += suite_run.result() if suite_run is not None else suite_findings
            if recorder is not None:
                findings += _drift(recorder, source, m, fingerprint)
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
            findings = merge_overlaps(findings)
            findings = _settle_failed_rows(
                findings, m, connector if fetch_failed_rows else None, failed_rows_limit
            )
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


def _settle_failed_rows(
    findings: list[Finding], m: Measurement, connector: Connector | None, limit: int
) -> list[Finding]:
    """Each finding's rows as reports list them: all rows where a query can name them, capped, named.

    A finding counted over every row (nulls, negatives, placeholders) that a sample does not hold
    entirely names its rows by its predicate; where rows have an identity outside the sample (a
    file's row numbers, a declared key) they are fetched with a query bounded by the cap.
    """
    from dataready.model.findings import SAMPLE_ROW

    if not any(f.failed_rows is not None for f in findings):
        return findings
    wanted = [
        i
        for i, f in enumerate(findings)
        if limit
        and connector is not None
        and f.failed_rows is not None
        and f.failed_rows.predicate
        and f.failed_rows.scope == "sample"
        and f.basis is Basis.EXACT
        and len(f.columns) == 1
        and f.failed_rows.identity != (SAMPLE_ROW,)
    ]
    fetched: dict[int, list[tuple[tuple[Any, ...], str, Any]]] = {}
    if wanted and connector is not None:
        with contextlib.suppress(Exception):  # the sample's rows are still listed
            fetched = _fetch_failed_rows([findings[i] for i in wanted], connector, limit, wanted)
    out = []
    used: set[str] = set()
    for i, f in enumerate(findings):
        rows = f.failed_rows
        if rows is None:
            out.append(f)
            continue
        cells = list(rows.cells)
        changes: dict[str, Any] = {}
        if i in fetched:
            cells = fetched[i]
            changes["scope"] = "all"
            if len(cells) > limit:
                changes["found"] = max(len(cells), f.affected or 0)
        elif len(cells) > limit:
            changes["found"] = len(cells)
        changes["cells"] = tuple(cells[:limit])
        changes["file"] = _failed_rows_file(f, used)
        out.append(dataclasses.replace(f, failed_rows=dataclasses.replace(rows, **changes)))
    return out


def _fetch_failed_rows(
    findings: list[Finding], connector: Connector, limit: int, at: list[int]
) -> dict[int, list[tuple[tuple[Any, ...], str, Any]]]:
    """Every affected cell of each finding (up to limit + 1), selected by its predicate."""
    import sqlalchemy as sa

    from dataready.checks.base import plain
    from dataready.measure import ROW_POSITION
    from dataready.model.findings import ROW_NUMBER

    out: dict[int, list[tuple[tuple[Any, ...], str, Any]]] = {}
    with connector.open() as opened:
        for i, f in zip(at, findings, strict=True):
            rows = f.failed_rows
            assert rows is not None and rows.predicate is not None
            by_position = rows.identity == (ROW_NUMBER,)
            if by_position and opened.numbered is None:
                continue
            relation = (
                opened.numbered if by_position and opened.numbered is not None else opened.relation
            )
            ids = [ROW_POSITION] if by_position else list(rows.identity)
            column = f.columns[0]
            statement: Any = (
                sa.select(*(sa.column(c) for c in [*ids, column]))
                .select_from(relation)
                .where(sa.text(rows.predicate))
                .limit(limit + 1)
            )
            if by_position:
                statement = statement.order_by(sa.column(ROW_POSITION))
            out[i] = [
                (tuple(plain(v) for v in row[:-1]), column, plain(row[-1]))
                for row in opened.connection.execute(statement)
            ]
    return out


_UNSAFE = str.maketrans({c: "_" for c in '/\\:*?"<>|'})


def _failed_rows_file(f: Finding, used: set[str]) -> str:
    """``<source>/<check>[.<column>].csv``, numbered on when two findings would share a name."""
    from dataready.pii.masking import mask_text

    # A column header can itself be personal data (an e-mail address as a header): masked here too.
    parts = [f.check] + (
        ["+".join(mask_text(c) for c in f.columns)] if 0 < len(f.columns) <= 3 else []
    )
    stem = ".".join(p.translate(_UNSAFE) for p in parts)
    name, n = f"{stem}.csv", 1
    while name in used:
        n += 1
        name = f"{stem}-{n}.csv"
    used.add(name)
    return f"{f.source}/{name}"


def _beside(connector: Connector, opened: OpenedSource) -> bool:
    """Whether the suite can run beside the measurement: in the database, on connections of its own."""
    from dataready.suites.gx import runs_in_database

    return runs_in_database(connector, opened) and opened.traits.concurrent_connections


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
    suite: Suite,
    source: Source,
    connector: Connector,
    opened: OpenedSource,
    project: Project,
    own_connection: bool = False,
) -> list[Finding]:
    """The source's expectation suite, run by dataready and (for the rest) Great Expectations, as findings."""
    from dataready.suites.findings import audit_findings

    return audit_findings(
        suite, source, connector, opened, project.root, own_connection=own_connection
    )


def _drift(
    recorder: Recorder, source: Source, m: Measurement, fingerprint: dict[str, Any] | None
) -> list[Finding]:
    """The source's drift since its previous recorded run; a failure is an error finding."""
    try:
        return recorder.observe(source, m, fingerprint)
    except Exception as exc:
        return [
            Finding(
                check="drift",
                dimension=Dimension.CONSISTENCY,
                severity=Severity.ERROR,
                source=source.name,
                message=f"drift since the previous recorded run could not be measured: "
                f"{type(exc).__name__}: {exc}",
                basis=Basis.METADATA,
            )
        ]


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
        dimensions=dims,
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
        table_comment=m.table_comment,
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


def _scorecard(
    project: Project, cards: list[SourceScorecard], started: float, *, project_file: bool
) -> Scorecard:
    from dataready.checks.declarations import undeclared
    from dataready.scoring import plan as remediation
    from dataready.scoring import scores as scoring

    project_findings = undeclared(
        [c.source for c in cards],
        commented={c.source.name for c in cards if c.table_comment},
        project_file=project_file,
    )
    items = scoring.checklist(cards, project.thresholds.dimension_pass, project_findings)
    level = scoring.overall_level(cards, items)
    scores = [c.score for c in cards if c.score is not None]
    score = sum(scores) / len(scores) if scores else None
    sources = {c.source.name: c.source for c in cards}
    findings = [f for c in cards for f in c.findings] + project_findings
    return Scorecard(
        use_case=project.use_case.name,
        purpose=project.use_case.purpose,
        level=level,
        score=score,
        sources=tuple(cards),
        checklist=items,
        plan=remediation.plan(findings, sources, project.weights),
        generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        seconds=time.perf_counter() - started,
        project_findings=tuple(project_findings),
    )
