"""``dataready duplicates``: find near-duplicate records over every row of one source."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from dataready.connectors.base import Connector, OpenedSource
    from dataready.dedupe.engine import DuplicateResult
    from dataready.model import Source

INFER_ROWS = 20_000
"""Rows read first to choose the compared columns; then only those columns are read, in full."""


@dataclass
class Run:
    source: Source
    frame: pd.DataFrame
    result: DuplicateResult
    keys: tuple[str, ...]
    seconds: float


def one_source(
    target: Any,
    source: str | None,
    *,
    table: str | None = None,
    schema: str | None = None,
    read_options: Mapping[str, Any] | None = None,
) -> tuple[Source, Connector]:
    """The one source to read: a source named in the project, or the only source of a file or URL."""
    from dataready.errors import ConfigError
    from dataready.pipeline.targets import resolve

    targets = resolve(
        target,
        names=[source] if source else (),
        table=table,
        schema=schema,
        on_unreadable="raise",
        read_options=read_options,
    )
    planned = [(s, c) for s, c in targets.readable if s.connector != "dataframe"]
    if len(planned) != 1:
        names = ", ".join(s.name for s, _c in planned)
        raise ConfigError(
            f"{target} holds {len(planned)} sources ({names}); name one, or pass --table"
        )
    return planned[0]


def find_in_source(
    src: Source,
    connector: Connector,
    *,
    columns: Mapping[str, str | None] | None = None,
    threshold: float | None = None,
) -> Run:
    """Read the compared columns (and the key) of every row and cluster the duplicates."""
    import dataclasses

    from dataready.checks.duplicates import engine_settings, settings_of
    from dataready.dedupe.engine import find_duplicates
    from dataready.dedupe.fields import infer_fields
    from dataready.errors import ConfigError, SourceError
    from dataready.vocabulary.values import id_like

    started = time.perf_counter()
    settings = settings_of(src)
    if columns:
        settings = dataclasses.replace(settings, columns=columns)
    if threshold is not None:
        settings = dataclasses.replace(settings, threshold=threshold)
    try:
        with connector.open() as opened:
            head = _read(opened, None, limit=INFER_ROWS)
            try:
                fields = infer_fields(head, dict(settings.columns) or None)
            except KeyError as exc:
                raise ConfigError(
                    f"{src.name}: no column named {exc.args[0]!r} to compare; the columns are: "
                    f"{', '.join(map(str, head.columns))}"
                ) from None
            if not fields:
                raise ConfigError(
                    f"{src.name}: no column looks like a name, e-mail, phone, address or title; "
                    "name the columns to compare with --columns or duplicates.columns in dataready.yml"
                )
            keys = (
                tuple(k for k in src.key if k in head.columns)
                or tuple(c for c in map(str, head.columns) if id_like(c) and head[c].is_unique)[:1]
            )
            wanted = list(dict.fromkeys([*keys, *(c for f in fields for c in f.columns)]))
            frame = _read(opened, wanted)
    except (SourceError, ConfigError):
        raise
    except Exception as exc:  # an engine error while reading: the source could not be read
        from dataready.connectors.base import first_line, reraise_interrupt
        from dataready.connectors.sql import scrub

        reraise_interrupt(exc)

        raise SourceError(
            f"{src.location}: cannot read it: {scrub(first_line(exc), connector.secret_location)}"
        ) from exc
    result = find_duplicates(frame, engine_settings(settings), fields=fields)
    return Run(src, frame, result, keys, time.perf_counter() - started)


def _read(
    opened: OpenedSource, columns: list[str] | None, *, limit: int | None = None
) -> pd.DataFrame:
    import sqlalchemy as sa

    selected: list[Any] = [sa.column(c) for c in columns] if columns else [sa.literal_column("*")]
    statement: Any = sa.select(*selected).select_from(opened.relation)
    if limit is not None:
        statement = statement.limit(limit)
    return opened.traits.fetch_frame(opened.connection, statement, arrow_strings=True)


@dataclass
class LinkRun:
    left: Source
    right: Source
    frame: pd.DataFrame
    """Both sources' compared fields, left rows first, with ``source`` and ``record`` columns."""
    result: DuplicateResult
    seconds: float
    left_rows: int
    names: tuple[str, str]
    """What the ``source`` column calls each side: the source names (locations when equal)."""


SOURCE_COLUMN = "source"
RECORD_COLUMN = "record_key"


def link_sources(
    left: tuple[Source, Connector],
    right: tuple[Source, Connector],
    *,
    columns: Mapping[str, str | None] | None = None,
    threshold: float | None = None,
) -> LinkRun:
    """Records of two sources that describe the same entity: every row of each is read (only the
    fields both sources have, and the key), pairs across the two are matched with the same engine
    as one source's duplicates, and the clusters may hold several records of either side."""
    import dataclasses

    import pandas as pd

    from dataready.checks.duplicates import engine_settings, settings_of
    from dataready.dedupe.crosssource import (
        infer_both,
        link_frames,
        linked_frame,
        shared_fields,
    )
    from dataready.errors import ConfigError

    started = time.perf_counter()
    lsrc, rsrc = left[0], right[0]
    settings = settings_of(lsrc)
    if columns:
        settings = dataclasses.replace(settings, columns=columns)
    if threshold is not None:
        settings = dataclasses.replace(settings, threshold=threshold)
    engine = engine_settings(settings)
    heads = [_head(src, conn) for src, conn in (left, right)]
    try:
        shared = shared_fields(*infer_both(heads[0], heads[1], engine))
    except KeyError as exc:
        raise ConfigError(
            f"no column named {exc.args[0]!r} in both {lsrc.name} and {rsrc.name} to compare"
        ) from None
    if not shared:
        raise ConfigError(
            f"{lsrc.name} and {rsrc.name} share no column that looks like a name, e-mail, phone, "
            "address or identifier; name the columns to compare with --columns"
        )
    frames = []
    keys = []
    for (src, conn), head, side in zip((left, right), heads, ("left", "right"), strict=True):
        key = _key(src, head)
        used = [
            c
            for s in shared
            for c in (
                (s.left_parts or (s.left,)) if side == "left" else (s.right_parts or (s.right,))
            )
        ]
        frames.append(_read_all(src, conn, list(dict.fromkeys([*key, *used]))))
        keys.append(key)
    result = link_frames(frames[0], frames[1], engine, shared=shared)
    shown = linked_frame(frames[0], frames[1], shared)
    records = [
        (f[list(k)].astype(str).agg(" | ".join, axis=1) if k else pd.Series(range(1, len(f) + 1)))
        for f, k in zip(frames, keys, strict=True)
    ]
    shown.insert(0, RECORD_COLUMN, pd.concat(records, ignore_index=True).astype(str).to_numpy())
    names = (lsrc.name, rsrc.name) if lsrc.name != rsrc.name else (lsrc.location, rsrc.location)
    shown.insert(0, SOURCE_COLUMN, [names[0]] * len(frames[0]) + [names[1]] * len(frames[1]))
    return LinkRun(lsrc, rsrc, shown, result, time.perf_counter() - started, len(frames[0]), names)


def _key(src: Source, head: pd.DataFrame) -> tuple[str, ...]:
    from dataready.vocabulary.values import id_like

    return (
        tuple(k for k in src.key if k in head.columns)
        or tuple(c for c in map(str, head.columns) if id_like(c) and head[c].is_unique)[:1]
    )


def _head(src: Source, connector: Connector) -> pd.DataFrame:
    return _read_all(src, connector, None, limit=INFER_ROWS)


def _read_all(
    src: Source, connector: Connector, columns: list[str] | None, *, limit: int | None = None
) -> pd.DataFrame:
    from dataready.errors import ConfigError, SourceError

    try:
        with connector.open() as opened:
            return _read(opened, columns, limit=limit)
    except (SourceError, ConfigError):
        raise
    except Exception as exc:
        from dataready.connectors.base import first_line, reraise_interrupt
        from dataready.connectors.sql import scrub

        reraise_interrupt(exc)
        raise SourceError(
            f"{src.location}: cannot read it: {scrub(first_line(exc), connector.secret_location)}"
        ) from exc
