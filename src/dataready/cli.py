"""The ``dataready`` command. Thin: parse → call the library → render → exit code.

Heavy libraries (pandas, DuckDB, SQLAlchemy) are imported inside commands so ``--help`` is instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dataready._version import __version__
from dataready.atomic import write_text
from dataready.exit_codes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from dataready.model import Scorecard

FORMATS = ["terminal", "json", "markdown", "html"]
PROFILE_HELP = "Also profile each source's sample with ydata-profiling (needs dataready-audit[profile]): profiles are written beside the report and linked from the HTML; profile alerts our checks do not cover join the findings."
EXIT_CODES_HELP = "Exit codes: 0 ready · 1 not ready or below --fail-under · 2 usage/config error · 3 a source could not be read · 130 interrupted (Ctrl-C) · 143 terminated (SIGTERM)."
GATE_EXIT_HELP = (
    "Exit codes: 0 passed · 1 failed (findings at --fail-on, score below --fail-under, an expectation that "
    "cannot run) · 2 usage/config error · 3 a source could not be read · 130 Ctrl-C · 143 SIGTERM."
)
DEMO_EXIT_HELP = (
    "Exit codes: 0 the demo was written and audited, whatever its verdict (the demo is a "
    "demonstration, not a gate) · 2 usage error · 3 a source could not be read · 130 Ctrl-C · 143 SIGTERM."
)
FAIL_ON_HELP = (
    "Fail on findings of this severity or worse (error: errors and blockers; never: findings never fail, "
    "--fail-under and expectations that cannot run still do)."
)
JUNIT_HELP = (
    "Also write a JUnit XML report (one testcase per check and per expectation) to this file."
)


class Settings:
    def __init__(self, quiet: bool, verbose: bool, debug: bool) -> None:
        self.quiet, self.verbose, self.debug = quiet, verbose, debug

    def console(self, stderr: bool = False) -> Console:
        from rich.console import Console

        return Console(stderr=stderr, quiet=self.quiet and stderr, highlight=False)

    def show_progress(self) -> bool:
        """Progress only for a person watching a terminal: never under CI or when piped."""
        return not self.quiet and sys.stderr.isatty() and not os.environ.get("CI")


def _fail(settings: Settings, exc: BaseException, code: ExitCode) -> None:
    if settings.debug:
        # The traceback, but the documented exit code: a script run with --debug behaves the same.
        import traceback

        traceback.print_exception(exc)
    click.echo(f"dataready: error: {exc}", err=True)
    sys.exit(int(code))


_terminated = False
"""Set when SIGTERM arrived, so that the interrupt it raises exits 143 rather than 130."""


def _terminate(_signum: int, _frame: Any) -> None:
    # Raised in the main thread like Ctrl-C, so the same path cancels server statements and
    # leaves no half-written report.
    global _terminated
    _terminated = True
    raise KeyboardInterrupt


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        from dataready.errors import DatareadyError

        try:
            return super().invoke(ctx)
        except DatareadyError as exc:
            settings = ctx.obj or Settings(False, False, "--debug" in sys.argv)
            _fail(settings, exc, exc.exit_code)
        except KeyboardInterrupt:
            from dataready.exit_codes import ExitCode

            click.echo(f"dataready: {'terminated' if _terminated else 'interrupted'}", err=True)
            sys.exit(ExitCode.TERMINATED if _terminated else ExitCode.INTERRUPTED)


def _what_to_audit(command: Any) -> Any:
    """The options that pick and sample what an audit reads, shared by audit and gate."""
    options = (
        click.option("--table", help="Audit one table of a database URL (schema.table allowed)."),
        click.option("--schema", help="Database schema to list or read tables from."),
        click.option(
            "--all-schemas",
            is_flag=True,
            help="Audit the tables of every schema of a database URL, not only the default one.",
        ),
        click.option(
            "--sample",
            "sample_size",
            type=click.IntRange(min=1),
            help="Rows sampled for row-level checks [default: 100000].",
        ),
        click.option("--seed", type=int, help="Seed of the random sample [default: 42]."),
        click.option(
            "--statement-timeout",
            type=click.FloatRange(min=0, min_open=True),
            help="Seconds one statement may run on a database before that source is reported unreadable "
            "[default: defaults.statement_timeout, 600].",
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


def _how_to_read(command: Any) -> Any:
    """The options that say how to read CSV files, passed on as ``read_options``.

    They replace a file source's own ``options`` in dataready.yml (every file source of a project).
    """
    import functools

    @functools.wraps(command)
    def run(
        *args: Any,
        delimiter: str | None,
        encoding: str | None,
        decimal: str | None,
        na_values: tuple[str, ...],
        skip_rows: int | None,
        **kwargs: Any,
    ) -> Any:
        if delimiter in ("\\t", "tab"):
            delimiter = "\t"  # as typed in a shell, where a tab is hard to type
        given: dict[str, Any] = {
            "delim": delimiter,
            "encoding": encoding,
            "decimal_separator": decimal,
            "skip": skip_rows,
        }
        if na_values:
            given["na_values"] = [t.strip() for v in na_values for t in v.split(",") if t.strip()]
        read_options = {k: v for k, v in given.items() if v is not None}
        return command(*args, read_options=read_options or None, **kwargs)

    options = (
        click.option(
            "--delimiter",
            help="CSV field delimiter, e.g. ';' or '\\t' [default: detected; options.delimiter].",
        ),
        click.option(
            "--encoding",
            help="CSV text encoding, e.g. utf-8, latin-1, windows-1252, utf-16 [default: UTF-8, "
            "else guessed and reported; options.encoding].",
        ),
        click.option(
            "--decimal",
            type=click.Choice([".", ","]),
            help="Decimal separator of CSV numbers; with ',' amounts such as 1.234,56 and 87,75 € are "
            "read as numbers [default: .; options.decimal].",
        ),
        click.option(
            "--na-values",
            multiple=True,
            help="Tokens read as missing in CSV number and date columns, comma-separated or repeated "
            "[default: NA, N/A, NULL, -, … ; options.na_values].",
        ),
        click.option(
            "--skip-rows",
            type=click.IntRange(min=0),
            help="Lines to skip before a CSV file's header [default: 0; options.skip_rows].",
        ),
    )
    for option in reversed(options):
        run = option(run)
    return run


QUIET_HELP = "Print only the result (no progress, no summary on stderr)."
VERBOSE_HELP = "Show every checklist item, score explanation and plan step."
DEBUG_HELP = "Show tracebacks for errors."


def _global_flag(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """-q, -v and --debug given after the command: set as if given before it."""
    settings = ctx.find_object(Settings)
    if value and settings is not None and param.name is not None:
        setattr(settings, param.name, True)


def _global_flags() -> list[click.Option]:
    """The group's -q/-v/--debug, accepted by every command too (``dataready audit x.csv -q``)."""
    flag = {"is_flag": True, "expose_value": False, "callback": _global_flag}
    return [
        click.Option(["-q", "--quiet"], help=QUIET_HELP, **flag),  # type: ignore[arg-type]
        click.Option(["-v", "--verbose"], help=VERBOSE_HELP, **flag),  # type: ignore[arg-type]
        click.Option(["--debug"], help=DEBUG_HELP, **flag),  # type: ignore[arg-type]
    ]


@click.group(cls=_Group, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="dataready")
@click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)
@click.option("-v", "--verbose", is_flag=True, help=VERBOSE_HELP)
@click.option("--debug", is_flag=True, help=DEBUG_HELP)
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool, debug: bool) -> None:
    """Audit whether data is ready for an AI project: readiness scorecard and remediation plan."""
    ctx.obj = Settings(quiet, verbose, debug)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("target", required=False)
@_what_to_audit
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    help="Exit 1 when the overall score is below this.",
)
@click.option(
    "--show-values", is_flag=True, help="Show raw example values, personal data included."
)
@click.option("--profile", "with_profiles", is_flag=True, help=PROFILE_HELP)
@click.option(
    "--fail-on",
    type=click.Choice(["warning", "error", "never"]),
    help=FAIL_ON_HELP + " [default: only a not-ready level fails]",
)
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help=JUNIT_HELP)
@click.option(
    "--failed-rows",
    "failed_rows",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the rows behind each finding to DIR/SOURCE/CHECK[.COLUMN].csv (values masked unless --show-values).",
)
@click.option(
    "--failed-rows-limit",
    type=click.IntRange(0),
    default=10_000,
    show_default=True,
    help="Cells listed per finding at most; a capped list says so in its file and the report.",
)
@click.option(
    "--record",
    is_flag=True,
    help="Record the audit in the history store and report drift since each source's previous "
    "recorded run (see 'dataready history').",
)
@click.option(
    "--history",
    "history_store",
    metavar="PATH|URL",
    help="The history store for --record: a SQLite file or a SQLAlchemy URL "
    "[default: history: in dataready.yml, else .dataready/history.sqlite beside it].",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="With --record: read every source again, even when its files have not changed since "
    "the last recorded run (whose results are otherwise reused).",
)
@_how_to_read
@click.pass_obj
def audit(
    settings: Settings,
    target: str | None,
    table: str | None,
    schema: str | None,
    all_schemas: bool,
    sample_size: int | None,
    seed: int | None,
    statement_timeout: float | None,
    fmt: str,
    output: Path | None,
    fail_under: float | None,
    show_values: bool,
    with_profiles: bool,
    fail_on: str | None = None,
    junit: Path | None = None,
    failed_rows: Path | None = None,
    failed_rows_limit: int = 10_000,
    record: bool = False,
    history_store: str | None = None,
    fresh: bool = False,
    read_options: dict[str, Any] | None = None,
) -> None:
    """Audit TARGET: a dataready.yml (default ./dataready.yml), a file, folder or glob, or a database URL.

    A project's sources are also validated against their expectation suites (expectations/SOURCE.json).
    """
    from dataready.pipeline.audit import audit as run_audit

    history_store = _store_location(history_store)
    _guard_outputs(target, ("--output", output), ("--junit", junit))
    if failed_rows is not None:
        _guard_outputs(target, ("--failed-rows", failed_rows), folders=True)
    if with_profiles:
        _require_profiler(settings)
        _guard_outputs(target, ("--profile", _profiles_folder(output)), folders=True)
    with _progress(settings) as progress:
        card = run_audit(
            target,
            table=table,
            schema=schema,
            sample_size=sample_size,
            seed=seed,
            statement_timeout=statement_timeout,
            all_schemas=all_schemas,
            show_values=show_values,
            progress=progress,
            failed_rows_limit=failed_rows_limit,
            fetch_failed_rows=failed_rows is not None,
            read_options=read_options,
            record=record,
            history=history_store,
            fresh=fresh,
        )
    if card.recorded is not None and not settings.quiet:
        click.echo(f"dataready: {_recorded_text(card)}", err=True)
    if failed_rows is not None:
        from dataready.reporting import failed_rows as rows_files

        rows_files.write(card, failed_rows)
    links: dict[str, str] = {}
    if with_profiles:
        card, links = _with_profiles(
            settings,
            card,
            target,
            output,
            table=table,
            schema=schema,
            all_schemas=all_schemas,
            sample_size=sample_size,
            seed=seed,
            show_values=show_values,
            read_options=read_options,
        )
    _emit(settings, card, fmt, output, links)
    _gate_outputs(
        settings,
        card,
        fmt,
        output,
        fail_on=fail_on,
        fail_under=fail_under,
        junit=junit,
        gated=fail_on is not None,
    )
    sys.exit(int(exit_code(card, fail_under, fail_on)))


def _store_location(location: str | None) -> str | None:
    """--history as typed: a path is relative to the current folder (in dataready.yml, to the file's)."""
    if location is None or "://" in location:
        return location
    return str(Path(location).expanduser().resolve())


def _recorded_text(card: Scorecard) -> str:
    recorded = card.recorded
    assert recorded is not None
    text = f"recorded as run {recorded.run_id} in {recorded.store}"
    if recorded.reused:
        runs = ", ".join(sorted({str(r) for r in recorded.reused.values()}))
        return (
            f"{text}; nothing changed since run {runs}: its results were reused "
            f"(about {recorded.saved_seconds:.1f} s of reading saved; --fresh reads again)"
        )
    if recorded.compared:
        runs = ", ".join(sorted({str(r) for r in recorded.compared.values()}))
        return f"{text}; drift measured against run {runs}"
    return f"{text}; no earlier run to compare with"


def exit_code(
    card: Scorecard, fail_under: float | None = None, fail_on: str | None = None
) -> ExitCode:
    """3 when a source is unreadable, 1 when the gate fails (see gate.reasons), else 0."""
    from dataready.scoring.gate import reasons

    if card.unreadable:
        return ExitCode.SOURCE_ERROR
    if reasons(card, fail_under=fail_under, fail_on=fail_on):
        return ExitCode.NOT_READY
    return ExitCode.READY


@cli.command(epilog=GATE_EXIT_HELP)
@click.argument("target", required=False)
@click.option(
    "--fail-on",
    type=click.Choice(["warning", "error", "never"]),
    default="error",
    show_default=True,
    help=FAIL_ON_HELP,
)
@click.option(
    "--fail-under", type=click.FloatRange(0, 100), help="Fail when the overall score is below this."
)
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help=JUNIT_HELP)
@_what_to_audit
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file.",
)
@click.option(
    "--show-values", is_flag=True, help="Show raw example values, personal data included."
)
@_how_to_read
@click.pass_obj
def gate(
    settings: Settings,
    target: str | None,
    fail_on: str,
    fail_under: float | None,
    junit: Path | None,
    table: str | None,
    schema: str | None,
    all_schemas: bool,
    sample_size: int | None,
    seed: int | None,
    statement_timeout: float | None,
    fmt: str,
    output: Path | None,
    show_values: bool,
    read_options: dict[str, Any] | None = None,
) -> None:
    """Gate a pipeline on TARGET's readiness: audit it (expectation suites included) and pass or fail.

    Under GitHub Actions (GITHUB_ACTIONS=true) findings become annotations and the report is
    appended to the step summary.
    """
    from dataready.pipeline.audit import audit as run_audit

    _guard_outputs(target, ("--output", output), ("--junit", junit))
    with _progress(settings) as progress:
        card = run_audit(
            target,
            table=table,
            schema=schema,
            sample_size=sample_size,
            seed=seed,
            statement_timeout=statement_timeout,
            all_schemas=all_schemas,
            show_values=show_values,
            progress=progress,
            read_options=read_options,
        )
    _emit(settings, card, fmt, output)
    why = _gate_outputs(
        settings, card, fmt, output, fail_on=fail_on, fail_under=fail_under, junit=junit, gated=True
    )
    if not settings.quiet:
        verdict = "failed" if why or card.unreadable else "passed"
        click.echo(f"dataready gate: {verdict}" + "".join(f"\n  - {r}" for r in why), err=True)
    sys.exit(int(exit_code(card, fail_under, fail_on)))


def _gate_outputs(
    settings: Settings,
    card: Scorecard,
    fmt: str,
    output: Path | None,
    *,
    fail_on: str | None,
    fail_under: float | None,
    junit: Path | None,
    gated: bool,
) -> list[str]:
    """JUnit XML and, under GitHub Actions, annotations and the step summary; returns the gate's reasons."""
    from dataready.scoring.gate import reasons

    why = reasons(card, fail_under=fail_under, fail_on=fail_on)
    if junit is not None:
        from dataready.checks import check_names
        from dataready.reporting import junit as junit_report

        write_text(
            junit,
            junit_report.render(card, checks=check_names(), fail_on=fail_on, fail_under=fail_under),
        )
    from dataready.reporting import github

    if github.active():
        # Workflow commands go to stdout, unless the report itself is being printed there.
        stream = sys.stderr if fmt != "terminal" and output is None else sys.stdout
        github.publish(
            github.finding_annotations(card.findings),
            github.step_summary(card, why, gated=gated),
            stream,
        )
    return why


@cli.command(epilog=GATE_EXIT_HELP)
@click.argument("sources", nargs=-1)
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    help="The project file or folder [default: ./dataready.yml].",
)
@click.option(
    "--suite",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Run this suite file instead (needs exactly one SOURCE).",
)
@click.option(
    "--junit",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a JUnit XML report (one testcase per expectation).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["terminal", "json"]),
    default="terminal",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file.",
)
@click.option(
    "--show-values", is_flag=True, help="Show raw example values, personal data included."
)
@_how_to_read
@click.pass_obj
def validate(
    settings: Settings,
    sources: tuple[str, ...],
    project: Path | None,
    suite: Path | None,
    junit: Path | None,
    fmt: str,
    output: Path | None,
    show_values: bool,
    read_options: dict[str, Any] | None = None,
) -> None:
    """Run the expectation suites of SOURCES (default: every source with a suite) through Great Expectations.

    A source's suite is the file named in its 'suite:' field, else expectations/SOURCE.json. No
    audit, no scorecard: only the suites, computed in the database for SQL sources.
    """
    from dataready.pipeline.validate import validate_project
    from dataready.reporting import github, suites

    _guard_outputs((project, *sources), ("--output", output), ("--junit", junit))
    with _progress(settings) as progress:
        runs, orphans = validate_project(
            project, sources=sources, suite=suite, progress=progress, read_options=read_options
        )
    for path in orphans:
        click.echo(
            f"dataready: warning: {path}: no source of that name in the project; the suite was not run",
            err=True,
        )
    if fmt == "json":
        text = suites.to_json(runs, show_values=show_values)
        if output:
            write_text(output, text)
        else:
            click.echo(text, nl=False)
    elif output:
        with _file_console(output) as file_console:
            suites.render_runs(
                runs, file_console, show_values=show_values, verbose=settings.verbose
            )
    else:
        suites.render_runs(
            runs, settings.console(), show_values=show_values, verbose=settings.verbose
        )
    if junit is not None:
        from dataready.reporting import junit as junit_report

        write_text(junit, junit_report.render_runs(runs))
    if github.active():
        github.publish(
            github.run_annotations(runs),
            github.runs_summary(runs),
            sys.stderr if fmt == "json" and not output else sys.stdout,
        )
    if any(r.error for r in runs):
        sys.exit(int(ExitCode.SOURCE_ERROR))
    sys.exit(int(ExitCode.READY if all(r.success for r in runs) else ExitCode.NOT_READY))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("sources", nargs=-1)
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    help="The project file or folder [default: ./dataready.yml].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the suite here (one SOURCE only) [default: expectations/SOURCE.json].",
)
@click.option("--force", is_flag=True, help="Replace an existing suite file.")
@click.option(
    "--sample",
    "sample_size",
    type=click.IntRange(min=1),
    help="Rows sampled for formats [default: the project's, 100000].",
)
@_how_to_read
@click.pass_obj
def suggest(
    settings: Settings,
    sources: tuple[str, ...],
    project: Path | None,
    output: Path | None,
    force: bool,
    sample_size: int | None,
    read_options: dict[str, Any] | None = None,
) -> None:
    """Write a starter expectation suite for SOURCES (default: every source), from the data, for review.

    Great Expectations 1.x JSON: not-null columns, unique keys, value sets, ranges with a margin,
    formats (e-mail, ISO dates, country and currency codes) and row-count bounds, each with the
    measured figure that suggested it in its meta.
    """
    from dataready.pipeline.suggest import suggest_sources

    _guard_outputs((project, *sources), ("--output", output), suites=False)
    with _progress(settings) as progress:
        written = suggest_sources(
            project,
            sources=sources,
            output=output,
            force=force,
            sample_size=sample_size,
            progress=progress,
            read_options=read_options,
        )
    for name, path, count in written:
        again = (
            sources[0] if len(sources) == 1 and len(written) == 1 else name
        )  # as the user named it
        click.echo(
            f"{path}: {count} expectations suggested for {name}; review them, then run 'dataready validate {again}'"
        )


INIT_EXIT_HELP = (
    "Exit codes: 0 the project file was written · 2 usage error (the file exists and --force was not "
    "given, bad options) · 3 a source could not be read · 130 Ctrl-C · 143 SIGTERM."
)


@cli.command(epilog=INIT_EXIT_HELP)
@click.argument("target", required=False, default=".")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("dataready.yml"),
    show_default=True,
    help="The project file to write.",
)
@click.option("--force", is_flag=True, help="Replace the project file if it exists.")
@click.option("--table", help="Describe one table of a database URL (schema.table allowed).")
@click.option("--schema", help="Database schema to list tables from.")
@click.option(
    "--all-schemas",
    is_flag=True,
    help="Describe the tables of every schema of a database URL, not only the default one.",
)
@click.option(
    "--sample",
    "sample_size",
    type=click.IntRange(min=1),
    help="Rows sampled to infer refresh cadences [default: 10000]; keys are counted over every row.",
)
@click.pass_obj
def init(
    settings: Settings,
    target: str,
    output: Path,
    force: bool,
    table: str | None,
    schema: str | None,
    all_schemas: bool,
    sample_size: int | None,
) -> None:
    """Start a project: discover TARGET's sources and write a commented dataready.yml for review.

    TARGET is a folder (default: the current one), a file, a glob, a SQLite/DuckDB file or a
    database URL, as for 'dataready audit'. Written: each source's location (a URL's password as
    ${VARIABLE}), key columns unique and non-null over every row, the timestamp column and the
    refresh cadence its spacing follows. Owner, contact, purpose and sensitivity are left as
    commented placeholders: the audit reports them undeclared until they are filled in.
    """
    from dataready.pipeline.init import draft_project, refuse_existing, write_draft

    refuse_existing(output, force=force)
    with _progress(settings) as progress:
        draft = draft_project(
            target,
            output=output,
            table=table,
            schema=schema,
            all_schemas=all_schemas,
            sample_size=sample_size,
            progress=progress,
        )
    write_draft(draft, output, force=force)
    if not settings.quiet:
        keys = sum(1 for s in draft.sources if s.key)
        cadences = sum(1 for s in draft.sources if s.cadence)
        click.echo(
            f"{output}: {len(draft.sources)} source(s) described ({keys} with a key, {cadences} with "
            "an inferred cadence); fill in owner, contact, purpose and sensitivity, then run "
            "'dataready audit'",
            err=True,
        )
        if draft.variables:
            click.echo(
                f"dataready: export {', '.join(draft.variables)} before auditing: "
                "the password is read from the environment, never written",
                err=True,
            )


DEMO_NEXT_STEPS = (
    "dataready audit --format html -o report.html",
    "dataready validate",
    "dataready suggest sales.orders",
)
"""What to try after the demo, run from its folder: the report as a web page, the demo's
Great Expectations suite run against its source, and a new suite drafted for a source without one."""


def _demo_next_steps(settings: Settings, path: Path) -> None:
    """On stderr (not with --quiet): the commands to try next, exactly as they run from here."""
    import shlex

    commands = list(DEMO_NEXT_STEPS)
    if path.resolve() != Path.cwd().resolve():
        commands.insert(0, f"cd {shlex.quote(str(path))}")
    console = settings.console(stderr=True)
    console.print(
        "\nTry next: the report as a web page, the demo's expectation suite, a new suite for sales.orders",
        markup=False,
        soft_wrap=True,
    )
    for command in commands:
        console.print(f"  {command}", markup=False, soft_wrap=True)


@cli.command(epilog=DEMO_EXIT_HELP)
@click.option(
    "--path",
    "path",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dataready-demo"),
    show_default=True,
    help="Folder to write the demo project to.",
)
@click.option("--no-audit", is_flag=True, help="Only write the demo project.")
@click.option(
    "--force",
    is_flag=True,
    help="Write the demo into a folder that is not empty (its demo files are replaced).",
)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file.",
)
@click.option("--profile", "with_profiles", is_flag=True, help=PROFILE_HELP)
@click.pass_obj
def demo(
    settings: Settings,
    path: Path,
    no_audit: bool,
    force: bool,
    fmt: str,
    output: Path | None,
    with_profiles: bool,
) -> None:
    """Write a demo AI-pilot project (customer-support assistant) and audit it."""
    from dataready.demo import write_demo
    from dataready.errors import ConfigError
    from dataready.pipeline.audit import audit as run_audit

    if path.is_dir() and any(path.iterdir()) and not force:
        raise ConfigError(
            f"--path {path}: the folder is not empty; choose a new folder, or add --force to replace its demo files"
        )
    if with_profiles and not no_audit:
        _require_profiler(settings)
    project_file = write_demo(path)
    _guard_outputs(project_file, ("--output", output))
    settings.console(stderr=True).print(f"[dim]demo project written to {project_file.parent}[/dim]")
    if no_audit:
        _demo_next_steps(settings, path)
        return
    with _progress(settings) as progress:
        card = run_audit(project_file, progress=progress)
    links: dict[str, str] = {}
    if with_profiles:
        card, links = _with_profiles(settings, card, str(project_file), output)
    _emit(settings, card, fmt, output, links)
    _demo_next_steps(settings, path)
    # A demonstration, not a gate: its verdict (not ready, by design) does not fail the command.
    sys.exit(int(ExitCode.SOURCE_ERROR if card.unreadable else ExitCode.READY))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("source")
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    help="The project whose source SOURCE names [default: ./dataready.yml].",
)
@click.option("--table", help="Profile one table of a database URL (schema.table allowed).")
@click.option("--schema", help="Database schema to read tables from.")
@click.option(
    "--full",
    is_flag=True,
    help="Add correlations, duplicate rows and type inference (slower); interaction plots stay off.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dataready-profiles"),
    show_default=True,
    help="Folder to write SOURCE.html and SOURCE.json to.",
)
@click.option(
    "--sample",
    "sample_size",
    type=click.IntRange(min=1),
    help="Rows sampled and profiled [default: the project's, 100000].",
)
@click.option("--seed", type=int, help="Seed of the random sample [default: 42].")
@click.option(
    "--show-values",
    is_flag=True,
    help="Profile raw values; by default personal columns are pseudonymised.",
)
@_how_to_read
@click.pass_obj
def profile(
    settings: Settings,
    source: str,
    project: Path | None,
    table: str | None,
    schema: str | None,
    full: bool,
    output: Path,
    sample_size: int | None,
    seed: int | None,
    show_values: bool,
    read_options: dict[str, Any] | None = None,
) -> None:
    """Write a deep profile (ydata-profiling HTML, and its JSON) of SOURCE, computed on its sample.

    SOURCE is the name of a source in the project, or a file, folder, glob, database URL or
    project file (every source of it is profiled). Needs: pip install 'dataready-audit[profile]'.
    """
    from dataready.pipeline.profile import profile_all
    from dataready.pipeline.targets import source_or_target

    _require_profiler(settings)
    target, names = source_or_target((source,), project)
    _guard_outputs(target, ("--output", output), folders=True)
    profile_all(
        target,
        sources=names,
        full=full,
        output=output,
        table=table,
        schema=schema,
        sample_size=sample_size,
        seed=seed,
        show_values=show_values,
        progress=settings.show_progress(),
        on_done=lambda p: click.echo(p.summary()),
        read_options=read_options,
    )


def _require_profiler(settings: Settings) -> None:
    from dataready.profiling.profile import INSTALL_HINT, ProfileUnavailable, available

    if not available():
        raise ProfileUnavailable(INSTALL_HINT)
    if not settings.show_progress():
        # ydata-profiling leaves one progress bar on whatever it is told; tqdm reads this on import.
        os.environ.setdefault("TQDM_DISABLE", "1")


def _with_profiles(
    settings: Settings, card: Scorecard, target: str | None, output: Path | None, **options: Any
) -> tuple[Scorecard, dict[str, str]]:
    """Profile every readable source beside the report, fold in the alerts, and link the profiles."""
    from dataready.pipeline.profile import profile_all
    from dataready.profiling.alerts import fold_alerts
    from dataready.profiling.profile import Profile, profile_links

    report_dir = output.parent if output else Path.cwd()
    folder = _profiles_folder(output)

    def note(result: Profile) -> None:
        if not settings.quiet:
            click.echo(f"dataready: {result.summary()}", err=True)

    results = profile_all(
        target,
        output=folder,
        progress=settings.show_progress(),
        skip_unreadable=True,
        on_done=note,
        **options,
    )
    return fold_alerts(card, results), dict(profile_links(results, report_dir))


def _profiles_folder(report: Path | None) -> Path:
    """Where --profile writes the deep profiles: beside the report, named after it."""
    return report.parent / f"{report.stem}_profiles" if report else Path("dataready-profiles")


def _guard_outputs(
    targets: Any, *outputs: tuple[str, Path | None], suites: bool = True, folders: bool = False
) -> None:
    """Refuse, before any work, an output that would replace or land inside what the run reads.

    ``targets`` is one target (None: ./dataready.yml) or a tuple of them.
    """
    from dataready.pipeline.outputs import inputs_of, refuse_overwriting_inputs

    if any(path is not None for _option, path in outputs):
        read = (
            inputs_of(*targets, suites=suites)
            if isinstance(targets, tuple)
            else inputs_of(targets, suites=suites)
        )
        refuse_overwriting_inputs(outputs, read, folders=folders)


@contextmanager
def _file_console(output: Path) -> Iterator[Console]:
    """A plain 120-column console whose text replaces ``output`` once rendering completes."""
    from rich.console import Console

    from dataready.atomic import atomic_writer

    with atomic_writer(output) as fh:
        yield Console(file=fh, width=120, color_system=None)


def _emit(
    settings: Settings,
    card: Scorecard,
    fmt: str,
    output: Path | None,
    links: dict[str, str] | None = None,
) -> None:
    from dataready.model.suites import SKIPPED_CHECK
    from dataready.reporting import json as json_report
    from dataready.reporting import markdown, suites, terminal

    if not settings.quiet:
        # What the audit did not read is said where it cannot be missed, whatever the format.
        for finding in card.findings:
            if finding.check in ("left_out", SKIPPED_CHECK):
                click.echo(f"dataready: note: {finding.source}: {finding.message}", err=True)

    if fmt == "terminal":
        if output:
            with _file_console(output) as file_console:
                terminal.render(card, file_console, verbose=settings.verbose)
                suites.render_audit_summary(card, file_console)
        else:
            terminal.render(card, settings.console(), verbose=settings.verbose)
            suites.render_audit_summary(card, settings.console())
        return
    if fmt == "html":
        from dataready.reporting import html

        text = html.render(card, profiles=links)
    else:
        text = json_report.render(card) if fmt == "json" else markdown.render(card)
    if output:
        write_text(output, text)
        if not settings.quiet:
            click.echo(
                f"dataready: {card.level.value} (score {markdown.score_text(card.score)}); report written to {output}",
                err=True,
            )
    else:
        click.echo(text, nl=False)


def _progress(settings: Settings) -> AbstractContextManager[Any]:
    if not settings.show_progress():
        return nullcontext(None)
    return _RichProgress(settings.console(stderr=True))


class _RichProgress:
    """A spinner naming the source and stage; rich removes it when the audit ends."""

    def __init__(self, console: Console) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("starting", total=None)

    def __enter__(self) -> Any:
        self._progress.start()
        return self.update

    def update(self, source: str, stage: str) -> None:
        self._progress.update(self._task, description=f"{source}: {stage}")

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("source")
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    help="The project whose source SOURCE names [default: ./dataready.yml].",
)
@click.option("--table", help="Read one table of a database URL (schema.table allowed).")
@click.option("--schema", help="Database schema to read the table from.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Write the clusters here: .csv or .parquet.",
)
@click.option(
    "--columns",
    help="Comma-separated columns to compare [default: duplicates.columns, else inferred].",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    help="Minimum match probability of a pair [default: duplicates.threshold, else 0.5].",
)
@click.option(
    "--show-values", is_flag=True, help="Write raw values; by default personal columns are masked."
)
@_how_to_read
@click.option(
    "--link",
    "link_with",
    metavar="OTHER",
    help="Link SOURCE with OTHER (a source name, file or URL): match records across the two.",
)
@click.pass_obj
def duplicates(
    settings: Settings,
    source: str,
    project: Path | None,
    table: str | None,
    schema: str | None,
    output: Path,
    columns: str | None,
    threshold: float | None,
    show_values: bool,
    read_options: dict[str, Any] | None = None,
    link_with: str | None = None,
) -> None:
    """Find near-duplicate records in SOURCE over every row and export the clusters.

    SOURCE is the name of a source in the project, or a file or database URL (with --table). Each
    output row is one record of a cluster: cluster id, record key, similarity to the cluster's
    representative, the fields that differ, and the compared values (masked unless --show-values).

    With --link OTHER, records of SOURCE are matched with records of OTHER instead (pairs across
    the two only); each cluster holds records of both, and a ``source`` column says whose each is.
    """
    from dataready.dedupe.export import FORMATS, cluster_table, write_table
    from dataready.errors import ConfigError
    from dataready.pipeline.duplicates import find_in_source, one_source
    from dataready.pipeline.targets import source_or_target

    if output.suffix.lower() not in FORMATS:
        raise ConfigError(f"--output {output}: write .csv or .parquet")
    target, names = source_or_target((source,), project)
    wanted = {c.strip(): None for c in columns.split(",") if c.strip()} if columns else None
    if link_with is not None:
        other, other_names = source_or_target((link_with,), project)
        _guard_outputs((target, other), ("--output", output))
        _link(
            settings,
            one_source(
                target,
                names[0] if names else None,
                table=table,
                schema=schema,
                read_options=read_options,
            ),
            one_source(
                other,
                other_names[0] if other_names else None,
                table=table,
                schema=schema,
                read_options=read_options,
            ),
            output,
            wanted,
            threshold,
            show_values,
        )
        return
    _guard_outputs(target, ("--output", output))
    src, connector = one_source(
        target,
        names[0] if names else None,
        table=table,
        schema=schema,
        read_options=read_options,
    )
    with _progress(settings) as progress:
        if progress:
            progress(src.name, "finding duplicates")
        run = find_in_source(src, connector, columns=wanted, threshold=threshold)
    table_out = cluster_table(
        run.frame, run.result, keys=run.keys, source=src, show_values=show_values
    )
    write_table(table_out, output)
    r = run.result
    compared = ", ".join(f.column for f in r.fields)
    click.echo(
        f"{src.name}: {r.records_in_clusters:,} of {r.rows:,} records in {r.clusters:,} clusters "
        f"({r.redundant_records:,} redundant), compared on {compared}; written to {output} in {run.seconds:.1f} s"
    )


def _link(
    settings: Settings,
    left: Any,
    right: Any,
    output: Path,
    columns: dict[str, None] | None,
    threshold: float | None,
    show_values: bool,
) -> None:
    """``duplicates SOURCE --link OTHER``: the clusters of records matched across two sources."""
    from dataready.dedupe.export import cluster_table, write_table
    from dataready.pipeline.duplicates import RECORD_COLUMN, SOURCE_COLUMN, link_sources

    with _progress(settings) as progress:
        if progress:
            progress(f"{left[0].name} + {right[0].name}", "linking")
        run = link_sources(left, right, columns=columns, threshold=threshold)
    table_out = cluster_table(
        run.frame,
        run.result,
        keys=(RECORD_COLUMN,),
        source=left[0],
        show_values=show_values,
        origin=SOURCE_COLUMN,
    )
    write_table(table_out, output)
    r, n_left = run.result, run.left_rows
    in_cluster = _clustered(r.label)
    compared = ", ".join(f.column for f in r.fields)
    a, b = run.names
    click.echo(
        f"{a} + {b}: {int(in_cluster[:n_left].sum()):,} of {n_left:,} records of {a} matched "
        f"with {int(in_cluster[n_left:].sum()):,} of {len(r.label) - n_left:,} of {b} in "
        f"{r.clusters:,} clusters, compared on {compared}; written to {output} in {run.seconds:.1f} s"
    )


def _clustered(label: Any) -> Any:
    import numpy as np

    sizes = np.bincount(label, minlength=len(label))
    return sizes[label] > 1


HISTORY_EXIT_HELP = (
    "Exit codes: 0 listed, or (--verify) the hash chain is intact · 1 --verify found a record "
    "edited, removed or inserted · 2 usage error (no history store there) · 130 Ctrl-C · 143 SIGTERM."
)


@cli.command(epilog=HISTORY_EXIT_HELP)
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    help="The project whose history to read [default: ./dataready.yml, else the current folder].",
)
@click.option(
    "--history",
    "history_store",
    metavar="PATH|URL",
    help="The history store [default: history: in dataready.yml, else .dataready/history.sqlite].",
)
@click.option("--source", help="Only the runs that audited this source (and only its line).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the last N runs.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["terminal", "json"]),
    default="terminal",
    show_default=True,
)
@click.option(
    "--verify",
    is_flag=True,
    help="Check the hash chain of every recorded run; exit 1 naming the first broken record.",
)
@click.pass_obj
def history(
    settings: Settings,
    project: Path | None,
    history_store: str | None,
    source: str | None,
    limit: int | None,
    fmt: str,
    verify: bool,
) -> None:
    """List the recorded audits: id, when, who, level and score per source (see 'audit --record')."""
    from dataready.pipeline.history import open_project_store
    from dataready.reporting import history as report

    with open_project_store(project, _store_location(history_store)) as store:
        if verify:
            result = store.verify()
            click.echo(report.verification_text(result, store.display))
            sys.exit(int(ExitCode.READY if result.ok else ExitCode.NOT_READY))
        runs = store.runs(source=source, limit=limit)
        if fmt == "json":
            click.echo(report.to_json(runs, store.display), nl=False)
        else:
            report.render(runs, settings.console(), store.display)


CONTRACT_EXIT_HELP = (
    "Exit codes: 0 written · 2 usage error (a file exists and --force was not given, not an ODCS "
    "contract, the contracts extra missing) · 3 a source could not be read · 130 Ctrl-C · 143 SIGTERM."
)


@cli.group(epilog=CONTRACT_EXIT_HELP)
def contract() -> None:
    """Data contracts in the Open Data Contract Standard (ODCS v3): export the project, or import one."""


@contract.command("export", epilog=CONTRACT_EXIT_HELP)
@click.argument("sources", nargs=-1)
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    help="The project file or folder [default: ./dataready.yml].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("contract.yaml"),
    show_default=True,
    help="The contract file to write (YAML).",
)
@click.option("--force", is_flag=True, help="Replace the contract file if it exists.")
@click.option(
    "--sample",
    "sample_size",
    type=click.IntRange(min=1),
    help="Rows sampled while measuring [default: the project's, 100000].",
)
@click.pass_obj
def contract_export(
    settings: Settings,
    sources: tuple[str, ...],
    project: Path | None,
    output: Path,
    force: bool,
    sample_size: int | None,
) -> None:
    """Write an ODCS v3 data contract for SOURCES (default: every source of the project).

    Columns and their types are measured from the data; owner, steward, contact, refresh cadence,
    sensitivity and key come from dataready.yml; each source's expectation suite becomes quality
    rules (not null, unique, values in a set, ranges, row counts; any other expectation is kept
    as a Great Expectations rule). The contract is validated against the ODCS model first.
    """
    from dataready.pipeline.contract import export_contract, refuse_existing, write_contract

    _guard_outputs((project, *sources), ("--output", output))
    refuse_existing(output, force=force)
    with _progress(settings) as progress:
        document = export_contract(
            project, sources=sources, sample_size=sample_size, progress=progress
        )
    write_contract(document, output, force=force)
    if not settings.quiet:
        click.echo(
            f"{output}: ODCS {document['apiVersion']} contract with {len(document['schema'])} "
            "schema object(s)",
            err=True,
        )


@contract.command("import", epilog=CONTRACT_EXIT_HELP)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("dataready.yml"),
    show_default=True,
    help="The project file to write; suites go to expectations/ beside it.",
)
@click.option("--force", is_flag=True, help="Replace the project file and suites if they exist.")
@click.pass_obj
def contract_import(settings: Settings, file: Path, output: Path, force: bool) -> None:
    """Write dataready.yml and expectation suites from the ODCS contract FILE.

    Sources come from the contract's schema objects (owner, contact, refresh, description, key,
    column sensitivity); quality rules become expectations/<source>.json. A source whose location
    the contract does not give (no server) reads ${NAME_LOCATION}: set it before auditing.
    """
    from dataready.pipeline.contract import import_contract

    written, notes = import_contract(file, output, force=force)
    if not settings.quiet:
        for name, path, count in written:
            click.echo(f"{path}: {count} expectations for {name}", err=True)
        for text in notes:
            click.echo(f"dataready: {text}", err=True)
        click.echo(
            f"{output}: written from {file}; review it, then run 'dataready audit'", err=True
        )


for _command in cli.commands.values():
    _command.params.extend(_global_flags())


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="dataready")


if __name__ == "__main__":
    main()
