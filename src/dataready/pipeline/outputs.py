"""Where outputs may be written: never over what a run reads.

A command's outputs (report, JUnit XML, duplicate clusters, profiles, suites) are checked before
any work starts: a path that resolves, through symbolic links or ``..``, to a source file, to
anything under a source folder, to the project file or to an expectation suite is refused with
one line (exit 2). Writing itself is atomic (:mod:`dataready.atomic`).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dataready.errors import ConfigError


@dataclass(frozen=True)
class Input:
    """A file or folder a run reads: nothing may be written to it (or, for a folder, under it)."""

    path: Path
    what: str


def _real(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(os.path.expanduser(os.fspath(path))))


def _database_file(url: str) -> Path | None:
    """The file behind a SQLite or DuckDB URL, None for a server or an in-memory database."""
    import sqlalchemy as sa

    from dataready.connectors.dialects import dialect_for

    try:
        parsed = sa.make_url(url)
    except Exception:  # an invalid URL is reported by the connector, with advice
        return None
    db = parsed.database or ""
    if not dialect_for(parsed.get_backend_name()).file_database or not db or db == ":memory:":
        return None
    return Path(db.removeprefix("file:").split("?", 1)[0])


def location_inputs(location: str, root: Path, what: str) -> list[Input]:
    """The files and folders one source location stands for (a file, folder, glob or database URL)."""
    if location.startswith("<"):  # a DataFrame
        return []
    if "://" in location:
        db = _database_file(location)
        if db is None:
            return []
        return [Input(_real(db if db.is_absolute() else root / db), what)]
    path = Path(location).expanduser()
    path = path if path.is_absolute() else root / path
    text = str(path)
    if glob.has_magic(text) and not path.exists():
        # The folder a glob starts from: a report written there could match it on the next run.
        base = Path(
            *[
                p
                for p in path.parts[
                    : next(i for i, p in enumerate(path.parts) if glob.has_magic(p))
                ]
            ]
        )
        return [Input(_real(base), what)]
    return [Input(_real(path), what)]


def inputs_of(*targets: Any, suites: bool = True) -> list[Input]:
    """Everything a run on ``targets`` reads: sources, project files and (``suites``) their suites.

    Each target is what ``audit`` takes (None for ./dataready.yml): a project file or folder, a
    file, folder, glob or database URL; anything else (a source's name, a DataFrame) reads no
    path. ``suites=False`` for ``suggest``, whose output is a suite.
    """
    from dataready.config import PROJECT_FILE, load_project

    found: list[Input] = []
    candidates = [PROJECT_FILE if t is None else t for t in targets]
    candidates = [t for t in candidates if isinstance(t, (str, os.PathLike))]
    for candidate in candidates:
        text = os.fspath(candidate)
        path = Path(text)
        project_file = (
            path / PROJECT_FILE if path.is_dir() and (path / PROJECT_FILE).is_file() else path
        )
        if (
            "://" not in text
            and project_file.suffix in (".yml", ".yaml")
            and project_file.is_file()
        ):
            loaded = load_project(project_file)
            found.append(Input(_real(project_file), "the project file"))
            if suites:
                found.append(
                    Input(_real(loaded.root / "expectations"), "the expectation suites folder")
                )
            for source in loaded.sources:
                found.extend(
                    location_inputs(source.location, loaded.root, f"source {source.name!r}")
                )
                if source.suite and suites:
                    suite = Path(source.suite).expanduser()
                    found.append(
                        Input(
                            _real(suite if suite.is_absolute() else loaded.root / suite),
                            f"the suite of {source.name!r}",
                        )
                    )
        elif "://" in text or path.exists() or glob.has_magic(text):
            found.extend(
                location_inputs(
                    text, Path.cwd(), f"the audited {'database' if '://' in text else 'data'}"
                )
            )
    return found


def refuse_overwriting_inputs(
    outputs: Iterable[tuple[str, Path | None]], inputs: Iterable[Input], *, folders: bool = False
) -> None:
    """Raise :class:`ConfigError` when an output would replace or land inside something read.

    ``outputs`` pairs each option's name with its path (None when not given); ``folders`` when
    the outputs are folders to write files into (deep profiles) rather than files.
    """
    read = list(inputs)
    for option, output in outputs:
        if output is None:
            continue
        target = _real(output)
        for item in read:
            if target == item.path or item.path in target.parents:
                inside = "" if target == item.path else f"inside {item.path}, "
                raise ConfigError(
                    f"{option} {output}: that is {inside}{item.what}, which this run reads; write elsewhere"
                )
        if target.is_dir() and not folders:
            raise ConfigError(f"{option} {output}: is a folder; name a file")
        parent = next((p for p in (target, *target.parents) if p.exists()), None)
        if parent is not None and parent != target and not parent.is_dir():
            raise ConfigError(
                f"{option} {output}: {parent} is a file, not a folder; choose another path"
            )
        if parent is not None and parent != target and not os.access(parent, os.W_OK):
            raise ConfigError(
                f"{option} {output}: cannot write in {parent} (permission denied); choose another path"
            )
