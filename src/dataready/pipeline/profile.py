"""``dataready profile`` and :func:`dataready.profile`: read each source's sample and profile it.

A profile reads the same bounded, seeded sample the row-level checks read (never the whole
source), so a million-row table profiles in seconds, and the report says how many rows it saw.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dataready.errors import ConfigError, SourceError
from dataready.model import (
    Column,
    ColumnKind,
    SampleSpec,
    Source,
)

if TYPE_CHECKING:
    import pandas as pd

    from dataready.connectors.base import Connector

from dataready.pipeline.targets import resolve
from dataready.profiling.profile import Profile, profile_sample


def profile(
    target: Any = None,
    source: str | None = None,
    *,
    full: bool = False,
    output: str | os.PathLike[str] | None = None,
    table: str | None = None,
    schema: str | None = None,
    sample_size: int | None = None,
    seed: int | None = None,
    show_values: bool = False,
    progress: bool | None = None,
    read_options: Mapping[str, Any] | None = None,
) -> Profile:
    """Profile one source's sample with ydata-profiling; write HTML and JSON into ``output`` if given.

    ``target`` is what :func:`dataready.audit` takes (project file, file, folder, URL, DataFrame);
    ``source`` names one of its sources when it has several. ``progress`` defaults to showing
    the bar on a terminal only, never under CI.
    """
    targets = resolve(
        target,
        names=[source] if source else (),
        table=table,
        schema=schema,
        sample_size=sample_size,
        seed=seed,
        on_unreadable="raise",
        read_options=read_options,
    )
    planned = targets.readable
    if not planned:
        raise ConfigError("nothing to profile: the project declares no sources")
    if len(planned) > 1:
        names = ", ".join(src.name for src, _c in planned)
        raise ConfigError(
            f"{len(planned)} sources to profile ({names}); name one, e.g. profile(target, {planned[0][0].name!r})"
        )
    return _profile_source(
        planned[0][0],
        planned[0][1],
        targets.spec,
        full=full,
        output=output,
        show_values=show_values,
        progress=progress,
    )


def profile_all(
    target: Any = None,
    *,
    sources: Sequence[str] = (),
    full: bool = False,
    output: str | os.PathLike[str] | None = None,
    table: str | None = None,
    schema: str | None = None,
    all_schemas: bool = False,
    sample_size: int | None = None,
    seed: int | None = None,
    show_values: bool = False,
    progress: bool | None = None,
    skip_unreadable: bool = False,
    on_done: Callable[[Profile], None] | None = None,
    read_options: Mapping[str, Any] | None = None,
) -> list[Profile]:
    """Profile every source of ``target`` (or those named in ``sources``)."""
    targets = resolve(
        target,
        names=sources,
        table=table,
        schema=schema,
        all_schemas=all_schemas,
        sample_size=sample_size,
        seed=seed,
        on_unreadable="keep" if skip_unreadable else "raise",
        read_options=read_options,
    )
    planned = targets.readable
    if not targets.planned:
        raise ConfigError("nothing to profile: the project declares no sources")
    done = []
    for src, connector in planned:
        try:
            result = _profile_source(
                src,
                connector,
                targets.spec,
                full=full,
                output=output,
                show_values=show_values,
                progress=progress,
            )
        except SourceError:
            if not skip_unreadable:
                raise
            continue
        done.append(result)
        if on_done:
            on_done(result)
    return done


def read_sample(
    src: Source, connector: Connector, spec: SampleSpec
) -> tuple[pd.DataFrame, int, tuple[Column, ...]]:
    """The audit's sample of a source (same statement, same seed): (frame, rows in the source, columns)."""
    import sqlalchemy as sa

    try:
        with connector.open() as opened:
            rows = int(
                opened.connection.execute(
                    sa.select(sa.func.count()).select_from(opened.relation)
                ).scalar()
                or 0
            )
            statement = opened.traits.sample_statement(
                opened.relation,
                [c.name for c in opened.columns],
                spec.size,
                spec.seed,
                rows,
                is_table=opened.is_table,
            )
            frame = opened.fetch_frame(statement)
            return frame, rows, opened.columns
    except (SourceError, ConfigError):
        raise
    except Exception as exc:  # an engine error while reading: the source could not be read
        from dataready.connectors.base import first_line, reraise_interrupt
        from dataready.connectors.sql import scrub

        reraise_interrupt(exc)
        raise SourceError(
            f"{src.location}: cannot read it: {scrub(first_line(exc), connector.secret_location)}"
        ) from exc


def typed(frame: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """Dates stored as text become datetimes when every value parses, so the profile treats them as dates."""
    import pandas as pd

    kinds = {c.name: c.kind for c in columns}
    out = frame
    for name in frame.columns:
        series = frame[name]
        if not kinds.get(str(name), ColumnKind.OTHER).is_temporal or series.dtype != object:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(series, errors="coerce", format="ISO8601")
        if parsed.notna().sum() == series.notna().sum():
            out = out if out is not frame else frame.copy()
            out[name] = parsed
    return out


def _profile_source(
    src: Source,
    connector: Connector,
    spec: SampleSpec,
    *,
    full: bool,
    output: str | os.PathLike[str] | None,
    show_values: bool,
    progress: bool | None,
) -> Profile:
    started = time.perf_counter()
    frame, rows, columns = read_sample(src, connector, spec)
    return profile_sample(
        src,
        typed(frame, columns),
        rows,
        spec,
        started=started,
        full=full,
        output=output,
        show_values=show_values,
        progress=progress,
    )
