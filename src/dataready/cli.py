"""The ``dataready`` command. Thin: parse → call the library → render → exit code.

Heavy libraries (pandas, DuckDB, SQLAlchemy) are imported inside commands so ``--help`` is instant.
"""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dataready import __version__
from dataready.exit_codes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from dataready.models import Scorecard

EXIT_CODES_HELP = "Exit codes: 0 ready · 1 not ready or below --fail-under · 2 usage/config error · 3 a source could not be read."


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
        raise exc
    click.echo(f"dataready: error: {exc}", err=True)
    sys.exit(int(code))


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        from dataready.errors import DatareadyError

        try:
            return super().invoke(ctx)
        except DatareadyError as exc:
            settings = ctx.obj or Settings(False, False, "--debug" in sys.argv)
            _fail(settings, exc, exc.exit_code)
        except KeyboardInterrupt:
            click.echo("dataready: interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="dataready")
@click.option("-q", "--quiet", is_flag=True, help="Print only the result (no progress, no summary on stderr).")
@click.option("-v", "--verbose", is_flag=True, help="Show every checklist item, score explanation and plan step.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool, debug: bool) -> None:
    """Audit whether data is ready for an AI project: readiness scorecard and remediation plan."""
    ctx.obj = Settings(quiet, verbose, debug)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("target", required=False)
@click.option("--table", help="Audit one table of a database URL (schema.table allowed).")
@click.option("--schema", help="Database schema to list or read tables from.")
@click.option("--sample", "sample_size", type=click.IntRange(min=1), help="Rows sampled for row-level checks [default: 100000].")
@click.option("--seed", type=int, help="Seed of the random sample [default: 42].")
@click.option("-f", "--format", "fmt", type=click.Choice(["terminal", "json", "markdown"]), default="terminal", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file.")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit 1 when the overall score is below this.")
@click.option("--show-values", is_flag=True, help="Show raw example values, personal data included.")
@click.pass_obj
def audit(
    settings: Settings,
    target: str | None,
    table: str | None,
    schema: str | None,
    sample_size: int | None,
    seed: int | None,
    fmt: str,
    output: Path | None,
    fail_under: float | None,
    show_values: bool,
) -> None:
    """Audit TARGET: a dataready.yml (default ./dataready.yml), a file, folder or glob, or a database URL."""
    from dataready.audit import audit as run_audit

    with _progress(settings) as progress:
        card = run_audit(target, table=table, schema=schema, sample_size=sample_size, seed=seed,
                         show_values=show_values, progress=progress)  # fmt: skip
    _emit(settings, card, fmt, output)
    sys.exit(int(exit_code(card, fail_under)))


def exit_code(card: Scorecard, fail_under: float | None = None) -> ExitCode:
    from dataready.models import Level

    if card.unreadable:
        return ExitCode.SOURCE_ERROR
    if card.level is Level.NOT_READY or (fail_under is not None and (card.score or 0) < fail_under):
        return ExitCode.NOT_READY
    return ExitCode.READY


@cli.command(epilog=EXIT_CODES_HELP)
@click.option("--path", "path", type=click.Path(file_okay=False, path_type=Path), default=Path("dataready-demo"),
              show_default=True, help="Folder to write the demo project to.")  # fmt: skip
@click.option("--no-audit", is_flag=True, help="Only write the demo project.")
@click.option("-f", "--format", "fmt", type=click.Choice(["terminal", "json", "markdown"]), default="terminal", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file.")
@click.pass_obj
def demo(settings: Settings, path: Path, no_audit: bool, fmt: str, output: Path | None) -> None:
    """Write a demo AI-pilot project (customer-support assistant) and audit it."""
    from dataready.audit import audit as run_audit
    from dataready.demo import write_demo

    project_file = write_demo(path)
    settings.console(stderr=True).print(f"[dim]demo project written to {project_file.parent}[/dim]")
    if no_audit:
        return
    with _progress(settings) as progress:
        card = run_audit(project_file, progress=progress)
    _emit(settings, card, fmt, output)
    sys.exit(int(exit_code(card)))


def _emit(settings: Settings, card: Scorecard, fmt: str, output: Path | None) -> None:
    from dataready.reporting import json as json_report
    from dataready.reporting import markdown, terminal

    if fmt == "terminal":
        if output:
            from rich.console import Console

            with output.open("w", encoding="utf-8") as fh:
                terminal.render(card, Console(file=fh, width=120, color_system=None), verbose=settings.verbose)
        else:
            terminal.render(card, settings.console(), verbose=settings.verbose)
        return
    text = json_report.render(card) if fmt == "json" else markdown.render(card)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        if not settings.quiet:
            click.echo(f"dataready: {card.level.value} (score {markdown.score_text(card.score)}); report written to {output}", err=True)
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

        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                  console=console, transient=True)  # fmt: skip
        self._task = self._progress.add_task("starting", total=None)

    def __enter__(self) -> Any:
        self._progress.start()
        return self.update

    def update(self, source: str, stage: str) -> None:
        self._progress.update(self._task, description=f"{source}: {stage}")

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()


def main() -> None:
    cli(prog_name="dataready")


if __name__ == "__main__":
    main()
