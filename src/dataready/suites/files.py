"""Suite files: GX 1.x JSON read and checked, and which suite belongs to which source.

A suite that cannot be loaded (0.x format, unknown expectation type, bad arguments) raises
:class:`ConfigError` naming the file and what is wrong.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready.errors import ConfigError
from dataready.model import (
    Source,
)

if TYPE_CHECKING:
    from dataready.config import Project, SourceConfig
from dataready.model.suites import Suite
from dataready.suites import gx
from dataready.suites.gx import gx_suite
from dataready.suites.native import structurally_native

SUITES_FOLDER = "expectations"
"""Suites live in ``<project>/expectations/<source name>.json``."""


def load_suite(path: str | Path, *, build_in_gx: bool = True) -> Suite:
    """Read a GX 1.x suite file and check every expectation loads; raise ConfigError naming what is wrong.

    ``build_in_gx=False`` leaves out building the suite in GX (which imports it) for a caller that
    runs the suite anyway: running builds it and raises the same errors.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{file}: no such expectation suite file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read the suite: {exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{file}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    suite = suite_from_dict(document, path=file)
    # What dataready evaluates itself is checked without GX (see native.structurally_native);
    # every other expectation must load into GX, or the suite is refused. Without GX an audit
    # reports such a suite as not run (see audit_findings).
    others = [e for e in suite.expectations if not structurally_native(e)]
    if build_in_gx and others and gx.gx_available():
        gx_suite(suite, others)
    return suite


def suite_from_dict(document: Any, *, path: Path) -> Suite:
    """The structural checks that need no GX import (0.x format, missing fields)."""
    if not isinstance(document, dict):
        raise ConfigError(
            f"{path}: expected a JSON object with 'name' and 'expectations', got {type(document).__name__}"
        )
    items = document.get("expectations")
    if "expectation_suite_name" in document or (
        isinstance(items, list)
        and any(isinstance(e, dict) and "expectation_type" in e for e in items)
    ):
        raise ConfigError(
            f"{path}: a Great Expectations 0.x suite (expectation_suite_name, expectation_type); dataready runs "
            "GX 1.x suites: rename them to 'name' and 'type', or write a new one with 'dataready suggest'"
        )
    if not isinstance(items, list):
        raise ConfigError(f"{path}: 'expectations' must be a list of expectations")
    checked = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise ConfigError(
                f'{path}: expectation {i} has no \'type\'; write {{"type": "expect_...", "kwargs": {{...}}}}'
            )
        kwargs = item.get("kwargs", {})
        if not isinstance(kwargs, dict):
            raise ConfigError(
                f"{path}: expectation {i} ({item['type']}): 'kwargs' must be an object"
            )
        checked.append({**item, "kwargs": kwargs})
    name = (
        document.get("name")
        if isinstance(document.get("name"), str) and document.get("name")
        else path.stem
    )
    meta: dict[str, Any] = document["meta"] if isinstance(document.get("meta"), dict) else {}
    return Suite(
        path=path,
        name=str(name),
        expectations=tuple(checked),
        meta=meta,
        notes=document.get("notes"),
    )


def default_suite_path(root: Path, source_name: str) -> Path:
    return root / SUITES_FOLDER / f"{source_name}.json"


def config_of(project: Project, source_name: str) -> SourceConfig | None:
    """The dataready.yml entry a source comes from (a database or folder entry expands to several)."""
    best = None
    for config in project.sources:
        name = config.name
        matches = source_name == name or source_name.startswith((name + ".", name + "/"))
        if matches and (best is None or len(name) > len(best.name)):
            best = config
    return best


def suites_for(
    project: Project,
    sources: Sequence[Source],
    *,
    explicit: Mapping[str, str | os.PathLike[str]] | None = None,
    implicit: bool = True,
    build_in_gx: bool = True,
) -> dict[str, Suite]:
    """The suite of each source that has one, loaded and checked.

    ``explicit`` maps source names to suite files; otherwise a source uses the file named in its
    ``suite:`` field, else ``expectations/<source name>.json`` when that exists (``implicit``).
    ``build_in_gx``: see :func:`load_suite`.
    """
    names = {s.name for s in sources}
    for name in explicit or {}:
        if name not in names:
            known = ", ".join(sorted(names)) or "none"
            raise ConfigError(f"suites: no source named {name!r}; sources: {known}")
    loaded: dict[Path, Suite] = {}
    found: dict[str, Suite] = {}
    for source in sources:
        path = (
            Path(explicit[source.name])
            if explicit and source.name in explicit
            else suite_path(project, source.name, implicit=implicit)
        )
        if path is None:
            continue
        key = path.resolve()
        if key not in loaded:
            loaded[key] = load_suite(path, build_in_gx=build_in_gx)
        found[source.name] = loaded[key]
    return found


def suite_path(project: Project, source_name: str, *, implicit: bool = True) -> Path | None:
    """The suite file of a source: its ``suite:`` field, else ``expectations/<name>.json`` if it exists."""
    config = config_of(project, source_name)
    if config is not None and config.suite:
        path = Path(config.suite).expanduser()
        path = path if path.is_absolute() else project.root / path
        if not path.is_file():
            raise ConfigError(
                f"sources[{config.name}].suite: {config.suite}: no such file (relative paths start at {project.root})"
            )
        return path
    candidate = default_suite_path(project.root, source_name)
    return candidate if implicit and candidate.is_file() else None
