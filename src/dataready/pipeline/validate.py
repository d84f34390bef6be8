"""``dataready validate``: run the sources' expectation suites, nothing else (no audit, no scorecard)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready.errors import ConfigError, SourceError
from dataready.model import (
    Source,
)

if TYPE_CHECKING:
    from dataready.config import Project
from dataready.model.suites import SuiteRun
from dataready.pipeline.targets import resolve, source_or_target
from dataready.suites.files import (
    SUITES_FOLDER,
    default_suite_path,
    load_suite,
    suite_path,
    suites_for,
)
from dataready.suites.gx import require_gx, run_suite
from dataready.suites.native import needs_gx


def validate_project(
    target: str | Path | None = None,
    *,
    sources: Sequence[str] = (),
    suite: str | Path | None = None,
    progress: Callable[[str, str], None] | None = None,
    read_options: Mapping[str, Any] | None = None,
) -> tuple[list[SuiteRun], list[Path]]:
    """Run each source's suite (no measurement, no scorecard).

    Returns the runs and the suite files in ``expectations/`` that match no source. Raises
    ConfigError for an invalid project, an unknown source name or a broken suite.
    """

    target, sources = source_or_target(sources, target)
    targets = resolve(target, names=sources, on_unreadable="keep", read_options=read_options)
    project, planned, unreadable = targets.project, targets.readable, targets.unreadable
    chosen = planned
    if suite is not None and len(sources) != 1:
        raise ConfigError(
            "--suite: name exactly one source to run it against, e.g. 'dataready validate crm.customers --suite FILE'"
        )
    names = [s.name for s, _c in chosen] + [n for n in unreadable if not sources or n in sources]
    explicit = {sources[0]: Path(suite)} if suite is not None else None
    suites = suites_for(project, [s for s, _c in chosen], explicit=explicit)
    for name in sources:
        if name not in suites and name not in unreadable:
            raise ConfigError(
                f"{name}: no expectation suite; write {default_suite_path(project.root, name).relative_to(project.root)} "
                f"(dataready suggest {name}) or set 'suite:' for it in dataready.yml"
            )
    if not suites and not any(n in unreadable for n in names):
        raise ConfigError(
            f"no expectation suites in {project.root / SUITES_FOLDER}: write one per source (dataready suggest SOURCE) "
            "or set 'suite:' in dataready.yml"
        )
    if any(needs_gx(s.expectations) for s in suites.values()):
        require_gx()  # dataready evaluates the others itself
    note = progress or (lambda _s, _stage: None)
    runs: list[SuiteRun] = []
    for source, connector in chosen:
        if source.name not in suites:
            continue
        note(source.name, "expectations")
        try:
            with connector.open() as opened:
                runs.append(
                    run_suite(suites[source.name], source, connector, opened, root=project.root)
                )
        except SourceError as exc:
            runs.append(
                SuiteRun(source.name, suites[source.name], error=str(exc), root=project.root)
            )
    for name, message in unreadable.items():
        path = suite_path(project, name) if not sources or name in sources else None
        if path is not None:
            runs.append(SuiteRun(name, load_suite(path), error=message, root=project.root))
    matched = {s.path.resolve() for s in suites.values()}
    orphans = (
        sorted(
            p
            for p in (project.root / SUITES_FOLDER).rglob("*.json")
            if p.resolve() not in matched
            and not sources
            and not _names_source(p, project, planned, unreadable)
        )
        if (project.root / SUITES_FOLDER).is_dir()
        else []
    )
    return runs, orphans


def _names_source(
    path: Path,
    project: Project,
    planned: Sequence[tuple[Source, Any]],
    unreadable: Mapping[str, str],
) -> bool:
    name = path.relative_to(project.root / SUITES_FOLDER).with_suffix("").as_posix()
    return name in unreadable or any(s.name == name for s, _c in planned)
