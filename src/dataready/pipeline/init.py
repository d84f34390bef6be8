"""``dataready init``: discover what a target holds and draft the ``dataready.yml`` describing it.

The target is read with the audit's own resolver and measurement, so a folder, glob or database
stands for the same sources here as in ``dataready audit``. What the data shows is written down
(each source's location, the key columns unique and non-null over every row, the timestamp column
and the cadence its spacing follows); what only people know (owner, contact, purpose,
sensitivity) is left as commented placeholders, so that the audit reports it undeclared until
someone fills it in. A password is never written: a URL's secrets become ``${VARIABLE}``s.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dataready.config import PROJECT_FILE, project_from_dict
from dataready.errors import ConfigError
from dataready.model import ColumnKind, Measurement

INIT_SAMPLE = 10_000
"""Rows sampled to infer a cadence: counts (keys) cover every row whatever the sample."""

KEY_MAX_LENGTH = 64
"""Text keys are short and hold no blank: longer or spaced text is prose, not an identifier."""


@dataclass(frozen=True)
class DraftSource:
    """One source as ``init`` found it: where it lives and what its data shows."""

    name: str
    location: str
    """As written in the project file: relative to it where possible, secrets as ``${VARIABLE}``."""
    table: str | None = None
    schema: str | None = None
    rows: int | None = None
    key: tuple[str, ...] = ()
    also_unique: tuple[str, ...] = ()
    """Other columns unique and non-null over every row (candidate keys not chosen)."""
    timestamp: str | None = None
    cadence: str | None = None
    """The refresh cadence the timestamp column's spacing follows, when it follows one."""
    error: str | None = None
    """Why the source could not be measured (it is still listed)."""


@dataclass(frozen=True)
class Draft:
    use_case: str
    target: str
    sources: tuple[DraftSource, ...]
    variables: tuple[str, ...] = ()
    """Environment variables the locations expect (the secrets taken out of a URL)."""


def draft_project(
    target: str,
    *,
    output: str | os.PathLike[str] = PROJECT_FILE,
    table: str | None = None,
    schema: str | None = None,
    all_schemas: bool = False,
    sample_size: int | None = None,
    seed: int | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> Draft:
    """Discover the sources ``target`` stands for and infer what their data shows."""
    from dataready.pipeline.targets import database_file_url, resolve

    note = progress or (lambda _source, _stage: None)
    folder = Path(output).resolve().parent
    text = database_file_url(target)
    targets = resolve(
        _as_target(text),
        table=table,
        schema=schema,
        all_schemas=all_schemas,
        sample_size=sample_size or INIT_SAMPLE,
        seed=seed,
        on_unreadable="raise",
    )
    location, variables = (
        _written_url(text, folder, targets.planned[0].source.name.split(".")[0])
        if "://" in text
        else (None, ())
    )
    sources = []
    for planned in targets.planned:
        src, connector = planned.source, planned.connector
        written = location or _written_location(src.location, folder)
        if connector is None:  # on_unreadable="raise": only for safety
            sources.append(
                DraftSource(src.name, written, src.table, src.schema, error=planned.error)
            )
            continue
        note(src.name, "measuring")
        try:
            from dataready.measure import measure

            with connector.open() as opened:
                m = measure(opened, src, targets.spec)
        except Exception as exc:  # one unreadable table: listed, with the reason, not inferred
            from dataready.connectors.base import first_line, reraise_interrupt

            reraise_interrupt(exc)
            sources.append(
                DraftSource(src.name, written, src.table, src.schema, error=first_line(exc))
            )
            continue
        keys = unique_columns(m)
        timestamp, cadence = _timestamp_and_cadence(m)
        sources.append(
            DraftSource(
                name=src.name,
                location=written,
                table=src.table if location or src.table else None,
                schema=src.schema if location else None,
                rows=m.row_count,
                key=keys[:1],
                also_unique=keys[1:],
                timestamp=timestamp,
                cadence=cadence,
            )
        )
    return Draft(
        use_case=targets.project.use_case.name.removeprefix("audit of ") or "data",
        target=location or target,  # a URL as written: never with its password
        sources=tuple(sources),
        variables=variables,
    )


def unique_columns(m: Measurement) -> tuple[str, ...]:
    """Columns whose values are unique and non-null over every row: identifiers first.

    Read from the measurement's exact counts (text and identifier-named columns are counted
    exactly, a hashed count equal to the rows proves uniqueness), so no extra scan. Numbers,
    dates and prose are left out: a unique measurement or timestamp identifies nothing.
    """
    from dataready.vocabulary.values import id_like

    if m.row_count < 2:
        return ()
    found = []
    for c in m.columns:
        s = m.stats[c.name]
        exact = c.kind is ColumnKind.STRING or id_like(c.name)
        if not exact or s.non_null != m.row_count or s.distinct != m.row_count:
            continue
        if c.kind is ColumnKind.STRING and (
            s.with_space or s.untrimmed or (s.max_length or 0) > KEY_MAX_LENGTH or s.blank
        ):
            continue
        if c.kind not in (ColumnKind.STRING, ColumnKind.NUMBER):
            continue
        found.append(c.name)
    return tuple(sorted(found, key=lambda name: not id_like(name)))


def _timestamp_and_cadence(m: Measurement) -> tuple[str | None, str | None]:
    """The column saying how fresh the rows are, and the cadence its sampled values follow."""
    import pandas as pd

    from dataready.checks.freshness import timestamp_column
    from dataready.vocabulary.cadence import infer_cadence

    column = timestamp_column(m)
    if column is None:
        temporal = [
            c for c in m.columns if c.kind.is_temporal and m.stats[c.name].max_value is not None
        ]
        column = temporal[0] if len(temporal) == 1 else None
    if column is None or column.name not in m.sample.columns:
        return None, None
    parsed = pd.to_datetime(m.sample[column.name], errors="coerce", utc=True).dropna()
    inferred = infer_cadence(parsed.dt.tz_localize(None).to_numpy())
    return column.name, inferred[0] if inferred else None


def _as_target(text: str) -> Any:
    """The target for the resolver: a folder stands for everything it holds.

    Its data files are one entry (a source per file), each SQLite or DuckDB database file in it
    another (a source per table), each folder of documents another (a retrieval corpus). A folder
    holding a project file still means its data, not that project.
    """
    from dataready.connectors.documents import DocumentsConnector
    from dataready.connectors.files import folder_data_files
    from dataready.pipeline.targets import database_file_url

    path = Path(text)
    if "://" in text or not path.is_dir():
        return text
    root = path.resolve()
    entries: list[dict[str, Any]] = []
    databases: list[tuple[Path, str]] = []
    documents: list[Path] = []
    for item in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in item.relative_to(root).parts):
            continue
        url = database_file_url(str(item))  # the path itself unless a database file
        if "://" in url:
            databases.append((item, url))
        elif (
            item.is_dir()
            and DocumentsConnector.accepts(str(item))
            and not any(d in item.parents for d in documents)
        ):
            documents.append(item)
    if folder_data_files(root):
        entries.append({"name": root.name, "location": str(root)})
    entries += [{"name": item.stem, "location": url} for item, url in databases]
    entries += [{"name": d.name, "location": str(d)} for d in documents]
    if not databases and not documents and not (path / PROJECT_FILE).is_file():
        return text  # a plain folder of data files: the resolver's own reading
    if not entries:
        return text  # nothing recognised: the resolver says so in its own words
    return project_from_dict(
        {"use_case": {"name": root.name}, "sources": entries}, where="command line"
    )


def _written_location(location: str, folder: Path) -> str:
    """Where a source is, as the project file writes it: paths (and a database file's URL)
    relative to the project file's folder where they lie below it."""
    for scheme in ("sqlite:///", "duckdb:///"):
        if location.startswith(scheme):
            return scheme + _written_path(location.removeprefix(scheme), folder)
    return _written_path(location, folder)


def _written_path(location: str, folder: Path) -> str:
    """A file's path relative to the project file's folder where it lies below it, else absolute."""
    path = Path(location).resolve()
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)


_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def _written_url(url: str, folder: Path, name: str) -> tuple[str, tuple[str, ...]]:
    """The URL with its password (and secret parameters) as ``${VARIABLE}``s, file paths relative."""
    import sqlalchemy as sa

    from dataready.connectors.dialects import dialect_for
    from dataready.connectors.sql import _SECRET_PARAMETER

    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        raise ConfigError(f"{url.split('://', 1)[0]}://…: not a valid database URL") from None
    prefix = _UNSAFE.sub("_", name).strip("_").upper() or "DATABASE"
    placeholders: dict[str, str] = {}
    if parsed.password:
        placeholders["DATAREADYPASSWORDPLACEHOLDER"] = f"{prefix}_PASSWORD"
        parsed = parsed.set(password="DATAREADYPASSWORDPLACEHOLDER")
    query = dict(parsed.query)
    for key in list(query):
        if _SECRET_PARAMETER.search(key):
            marker = f"DATAREADYSECRET{len(placeholders)}PLACEHOLDER"
            placeholders[marker] = f"{prefix}_{_UNSAFE.sub('_', key).upper()}"
            query[key] = marker
    parsed = parsed.set(query=query)
    if dialect_for(parsed.get_backend_name()).file_database and parsed.database:
        db = parsed.database
        if db != ":memory:" and not db.startswith("file:"):
            parsed = parsed.set(database=_written_path(db, folder))
    written = parsed.render_as_string(hide_password=False)
    for marker, variable in placeholders.items():
        written = written.replace(marker, "${" + variable + "}")
    return written, tuple(placeholders.values())


# --- the file ------------------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    """A YAML scalar: plain where it reads back as the same string, else double-quoted."""
    import yaml

    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9_./@${}+:-][A-Za-z0-9_./@${}+:?=&%-]*", text):
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _flow(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def render(draft: Draft, *, today: dt.date | None = None) -> str:
    """The project file: what was found, what to check, and what people must fill in."""
    from dataready._version import __version__

    day = (today or dt.date.today()).isoformat()
    lines = [
        f"# dataready project drafted by 'dataready init' {__version__} on {day} from {draft.target}.",
        "# What the data shows is filled in: locations, keys (unique and non-null over every row) and",
        "# timestamp columns. Check those. What people declare is left commented out (owner, contact,",
        "# purpose, sensitivity, and the refresh cadence the timestamps' spacing suggests): the audit",
        "# reports it as undeclared until you fill it in. Then run: dataready audit",
    ]
    if draft.variables:
        lines.append(
            "# Secrets are read from the environment: export "
            + ", ".join(draft.variables)
            + " before auditing."
        )
    lines += [
        "version: 1",
        "use_case:",
        f"  name: {_scalar(draft.use_case)}   # the AI use case this data is for, in a few words",
        "  # purpose: Answer customer questions from the knowledge base.   # what the project does",
        "",
        "defaults:",
        "  sample_size: 100000   # rows sampled for row-level checks (counts cover every row)",
        "  seed: 42",
        "",
        "sources:",
    ]
    for s in draft.sources:
        lines += [f"  - name: {_scalar(s.name)}", f"    location: {_scalar(s.location)}"]
        if s.schema:
            lines.append(f"    schema: {_scalar(s.schema)}")
        if s.table:
            lines.append(f"    table: {_scalar(s.table)}")
        if s.error:
            lines.append(f"    # could not be measured: {s.error}")
        lines += [
            "    # description:        # one line: what the rows are",
            "    # purpose:            # training | evaluation | retrieval | features | reference | analytics",
            "    # owner:              # the accountable team or person",
            "    # steward:            # who looks after the data day to day",
            "    # contact:            # e-mail, link, #channel or phone",
            "    # sensitivity:        # public | internal | confidential | personal | special",
            "    # system_of_record:   # true for the original, false for a copy or extract",
        ]
        rows = f" over all {s.rows:,} rows" if s.rows is not None else ""
        if s.key:
            also = f"; also unique: {', '.join(s.also_unique)}" if s.also_unique else ""
            lines.append(f"    key: {_flow(s.key)}   # unique and non-null{rows}{also}")
        elif s.error is None:
            lines.append(f"    # key: []             # no column is unique and non-null{rows}")
        if s.timestamp:
            lines.append(f"    timestamp: {_scalar(s.timestamp)}")
        if s.cadence:
            # Left commented like the rest of what people declare: an untouched draft declares
            # nothing, so its gaps are reported once for the project, not as errors per source.
            lines.append(
                f"    # refresh: {s.cadence}   # inferred from the spacing of {s.timestamp}; confirm, then uncomment"
            )
        else:
            why = (
                f"{s.timestamp} follows no regular spacing"
                if s.timestamp
                else "no timestamp column to infer it from"
            )
            lines.append(
                f"    # refresh:            # hourly | daily | weekly | monthly | static ({why})"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_draft(draft: Draft, output: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the drafted project file; an existing file is replaced only with ``force``."""
    from dataready.atomic import write_text

    path = Path(output)
    refuse_existing(path, force=force)
    write_text(path, render(draft))
    return path


def refuse_existing(path: Path, *, force: bool) -> None:
    """Checked before any source is read: init never replaces a project file unasked."""
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder; give the project file to write with -o FILE")
    if path.exists() and not force:
        raise ConfigError(
            f"{path}: already exists; keep it, choose another file with -o, or add --force to replace it"
        )
