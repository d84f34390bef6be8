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
) -> tuple[Source, Connector]:
    """The one source to read: a source named in the project, or the only source of a file or URL."""
    from dataready.errors import ConfigError
    from dataready.pipeline.targets import resolve

    targets = resolve(
        target, names=[source] if source else (), table=table, schema=schema, on_unreadable="raise"
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
