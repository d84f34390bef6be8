"""The one resolver: what a command was asked to read → the project, its sources and their connectors.

Every entry point (audit, gate, validate, suggest, profile, duplicates) resolves its target here,
so the same grammar, sample rules and error texts hold everywhere:

* a **target** is a project file, or a folder holding ``dataready.yml`` (default ``./dataready.yml``),
  a file, folder or glob, a database URL, a DataFrame or ``{name: DataFrame}``; ``--table`` and
  ``--schema`` narrow a database URL;
* a **source name** picks sources of the project; where a single name is not a source of the
  project (or there is no project) but is a path or URL, it is the target itself
  (``dataready suggest orders.csv``);
* the **sample** is ``--sample``/``--seed`` when given, else the project's ``defaults``
  (100,000 rows, seed 42), for measurement, profiles and suggestions alike.
"""

from __future__ import annotations

import dataclasses
import glob
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dataready.config import PROJECT_FILE, Project, SourceConfig, load_project
from dataready.errors import ConfigError, SourceError
from dataready.model import SampleSpec, Source

if TYPE_CHECKING:
    from dataready.connectors.base import Connector

OnUnreadable = Literal["keep", "raise", "raise_ad_hoc"]
"""What a source that cannot be read becomes: a planned entry carrying its error (``keep``), an
exception (``raise``), or an exception only when the target was a file or URL rather than a
project (``raise_ad_hoc``: an audit reports a project's unreadable source and goes on)."""


@dataclass(frozen=True)
class Planned:
    """One source to read, with its connector, or the reason it cannot be read."""

    source: Source
    connector: Connector | None
    error: str | None = None


@dataclass(frozen=True)
class Targets:
    """What one command reads: the project, the sample rule and every planned source, in order."""

    project: Project
    ad_hoc: bool
    """The target was a file, folder, URL or DataFrame, not a project file."""
    spec: SampleSpec
    planned: tuple[Planned, ...]

    @property
    def readable(self) -> list[tuple[Source, Connector]]:
        return [(p.source, p.connector) for p in self.planned if p.connector is not None]

    @property
    def unreadable(self) -> dict[str, str]:
        return {p.source.name: p.error for p in self.planned if p.error is not None}


def resolve(
    target: Any = None,
    *,
    names: Sequence[str] = (),
    table: str | None = None,
    schema: str | None = None,
    sample_size: int | None = None,
    seed: int | None = None,
    on_unreadable: OnUnreadable = "raise_ad_hoc",
    statement_timeout: float | None = None,
    read_options: Mapping[str, Any] | None = None,
    all_schemas: bool = False,
) -> Targets:
    """The sources ``target`` stands for (those in ``names`` when given), each with its connector.

    ``statement_timeout`` (seconds) replaces every database source's own (``--statement-timeout``);
    ``read_options`` (``--delimiter``, ``--encoding`` …) replace every file source's own.
    ``all_schemas`` reads the tables of every schema of a database URL (``--all-schemas``).
    """
    from dataready.connectors.registry import expand

    project, frames, ad_hoc = load_target(
        target, table=table, schema=schema, all_schemas=all_schemas
    )
    if statement_timeout is not None:
        project = _with_statement_timeout(project, statement_timeout)
    if read_options:
        project = _with_read_options(project, read_options)
    planned: list[Planned] = []
    for config in project.sources:
        if names and config.name not in names and not _may_expand_to(config.location, names):
            continue  # expanding a database URL costs a connection: only where a name may match
        declared = _privacy_declarations(config, project)
        if config.name in frames:
            from dataready.connectors.dataframe import DataFrameConnector

            src = dataclasses.replace(dataframe_source(config), **declared)
            planned.append(Planned(src, DataFrameConnector(src, frames[config.name])))
            continue
        try:
            planned.extend(
                Planned(dataclasses.replace(src, **declared), connector)
                for src, connector in expand(config, project.root)
            )
        except SourceError as exc:
            if on_unreadable == "raise" or (on_unreadable == "raise_ad_hoc" and ad_hoc):
                raise
            src = dataclasses.replace(declared_source(config), **declared)
            planned.append(Planned(src, None, str(exc)))
    if names:
        known = [p.source.name for p in planned]
        for name in names:
            if name not in known:
                raise unknown_source(target, name, [c.name for c in project.sources], known)
        planned = [p for p in planned if p.source.name in names]
    return Targets(project, ad_hoc, sample_spec(project, sample_size, seed), tuple(planned))


def _with_statement_timeout(project: Project, seconds: float) -> Project:
    if seconds <= 0:
        raise ConfigError("--statement-timeout: must be above 0 seconds")
    sources = [
        s.model_copy(update={"options": {**s.options, "statement_timeout": seconds}})
        if "://" in s.location
        else s
        for s in project.sources
    ]
    return project.model_copy(update={"sources": sources})


def _with_read_options(project: Project, given: Mapping[str, Any]) -> Project:
    """Every file source with the reading options of the command line in place of its own."""
    from dataready.connectors.files import canonical_read_options

    overlay = canonical_read_options(given)
    sources = [
        s
        if "://" in s.location
        else s.model_copy(update={"options": {**canonical_read_options(s.options), **overlay}})
        for s in project.sources
    ]
    return project.model_copy(update={"sources": sources})


def unknown_source(where: Any, name: str, *known: Sequence[str]) -> ConfigError:
    """The one message for a source name the project (``where``: its file, or the target) does not have."""
    names = sorted({n for group in known for n in group})
    return ConfigError(
        f"{_shown(where)}: no source named {name!r}; the project has: {', '.join(names) or 'none'}"
    )


def sample_spec(
    project: Project, sample_size: int | None = None, seed: int | None = None
) -> SampleSpec:
    """The sample every command reads: the command's size and seed, else the project's defaults."""
    spec = SampleSpec(
        size=sample_size if sample_size is not None else project.defaults.sample_size,
        seed=seed if seed is not None else project.defaults.seed,
    )
    if spec.size < 1:
        raise ConfigError("--sample: must be at least 1 row")
    return spec


def source_or_target(
    names: Sequence[str], project: str | os.PathLike[str] | None
) -> tuple[Any, tuple[str, ...]]:
    """(target, source names) for commands that take SOURCE names and ``--project``.

    A single name that is not a source of the project, but is a path, glob or URL, is the
    target itself; any other name must be a source of the project.
    """
    project_file = Path(project) if project is not None else Path(PROJECT_FILE)
    if project_file.is_dir():
        project_file = project_file / PROJECT_FILE
    if len(names) == 1 and _looks_like_a_location(names[0]):
        has_project = project is not None or project_file.is_file()
        declared = [s.name for s in load_project(project_file).sources] if has_project else []
        if names[0] not in declared:
            if project is not None:
                raise unknown_source(project_file, names[0], declared)
            return names[0], ()
    return project_file, tuple(names)


def database_file_url(target: str) -> str:
    """A SQLite or DuckDB database file named by its path, as the URL that opens it read-only.

    Recognised by its header, whatever its suffix (``.db``, ``.sqlite``, ``.duckdb``…), so that
    ``dataready audit shop.db`` audits the tables in it; anything else is returned as it was.
    """
    path = Path(target)
    if "://" in target or not path.is_file():
        return target
    with path.open("rb") as fh:
        header = fh.read(16)
    if header.startswith(b"SQLite format 3"):
        return f"sqlite:///{path.resolve()}"
    if header[8:12] == b"DUCK":
        return f"duckdb:///{path.resolve()}"
    return target


def load_target(
    target: Any, *, table: str | None, schema: str | None, all_schemas: bool = False
) -> tuple[Project, dict[str, Any], bool]:
    """(project, DataFrames by source name, whether the target was ad hoc rather than a project file)."""
    from dataready.config import project_from_dict

    if isinstance(target, Project):
        return target, {}, False
    if _is_frame(target):
        frame_project = {
            "use_case": {"name": "DataFrame audit"},
            "sources": [{"name": "dataframe", "location": "<DataFrame>"}],
        }
        return project_from_dict(frame_project), {"dataframe": target}, True
    if isinstance(target, Mapping) and target and all(_is_frame(v) for v in target.values()):
        sources = [{"name": str(k), "location": "<DataFrame>"} for k in target]
        return (
            project_from_dict({"use_case": {"name": "DataFrame audit"}, "sources": sources}),
            {str(k): v for k, v in target.items()},
            True,
        )
    if target is None:
        target = PROJECT_FILE
    text = os.fspath(target)
    path = Path(text)
    if "://" not in text and (
        path.suffix in (".yml", ".yaml") or (path.is_dir() and (path / PROJECT_FILE).is_file())
    ):
        project = load_project(path)
        if table or schema or all_schemas:
            raise ConfigError(
                f"{'--table/--schema apply' if table or schema else '--all-schemas applies'} to a database "
                "URL, not to a project file; "
                "set them in dataready.yml (table:, schema:, all_schemas: true)"
            )
        if not project.sources:
            file = path / PROJECT_FILE if path.is_dir() else path
            raise ConfigError(
                f"{file}: sources: the project lists no sources; add at least one (a path, folder, glob or URL)"
            )
        return project, {}, False
    text = database_file_url(text)
    if "://" not in text and not path.exists() and not glob.has_magic(text):
        raise SourceError(
            f"{text}: no such file or folder; check the path, or run 'dataready demo' for an example"
        )
    if "://" not in text and (table or schema or all_schemas):
        # A file has no tables: ignoring the option would audit something other than was asked.
        raise ConfigError(
            f"{'--table/--schema apply' if table or schema else '--all-schemas applies'} to a database URL, "
            f"not to {text}; audit the file as it is, "
            "or use options.sheet in dataready.yml for an Excel sheet"
        )
    name = _ad_hoc_name(text, table)
    entry: dict[str, Any] = {"name": name, "location": text}
    if table:
        if "." in table and not schema:
            schema, table = table.split(".", 1)
        entry["table"] = table
    if schema:
        entry["schema"] = schema
    if all_schemas and not table:
        entry["all_schemas"] = True
    return (
        project_from_dict(
            {"use_case": {"name": f"audit of {name}"}, "sources": [entry]}, where="command line"
        ),
        {},
        True,
    )


def declared_source(config: SourceConfig) -> Source:
    """The source as dataready.yml declares it, for a source that could not be opened (or a DataFrame)."""
    from dataready.connectors.sql import safe_url

    return Source(
        name=config.name,
        connector="sql" if "://" in config.location else "file",
        location=safe_url(config.location),
        table=config.table,
        schema=config.schema_,
        query=config.query,
        **config.source_fields(),
    )


def dataframe_source(config: SourceConfig) -> Source:
    return dataclasses.replace(
        declared_source(config), connector="dataframe", location="<DataFrame>"
    )


def _privacy_declarations(config: SourceConfig, project: Project) -> dict[str, Any]:
    """Source fields from dataready.yml's personal-data settings: per-column sensitivity, custom
    detectors, the regions the use case allows its data to live in."""
    allowed = project.use_case.allowed_regions
    return {
        "column_sensitivity": config.column_sensitivity(),
        "detectors": project.detector_specs,
        "allowed_regions": None if allowed is None else tuple(allowed),
    }


def _may_expand_to(location: str, names: Sequence[str]) -> bool:
    # A folder, glob or database URL stands for several sources named after their files or tables.
    return "://" in location or glob.has_magic(location) or Path(location).suffix == ""


def _looks_like_a_location(text: str) -> bool:
    return "://" in text or glob.has_magic(text) or Path(text).exists()


def _shown(target: Any) -> str:
    if target is None:
        return PROJECT_FILE
    if isinstance(target, (str, os.PathLike)):
        return os.fspath(target)
    return "the DataFrames"


def _is_frame(value: Any) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "columns")


def _ad_hoc_name(text: str, table: str | None) -> str:
    if table:
        return table
    if "://" in text:
        from dataready.connectors.sql import safe_url

        tail = safe_url(text).rsplit("/", 1)[-1].split("?", 1)[0]
        return Path(tail).stem or "database"
    return Path(text.rstrip("/")).stem or "data"
