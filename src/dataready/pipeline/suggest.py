"""``dataready suggest``: measure each chosen source and write a starter suite for review."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready.atomic import write_text
from dataready.errors import ConfigError, SourceError
from dataready.pipeline.targets import resolve, source_or_target
from dataready.suites.files import default_suite_path
from dataready.suites.gx import require_gx
from dataready.suites.suggest import suggest, suite_json

if TYPE_CHECKING:
    from dataready.connectors.base import Connector
    from dataready.model import Measurement, SampleSpec, Source


def suggest_sources(
    target: str | Path | None = None,
    *,
    sources: Sequence[str] = (),
    output: str | Path | None = None,
    force: bool = False,
    sample_size: int | None = None,
    progress: Callable[[str, str], None] | None = None,
    read_options: Mapping[str, Any] | None = None,
) -> list[tuple[str, Path, int]]:
    """Measure each named source (every source when none is named) and write its suggested suite.

    Returns (source, file, expectations) per suite written. Refuses to overwrite a suite unless
    ``force``: a reviewed suite is worth more than a suggestion.
    """

    require_gx()
    target, sources = source_or_target(sources, target)
    targets = resolve(
        target,
        names=sources,
        sample_size=sample_size,
        on_unreadable="keep",
        read_options=read_options,
    )
    project, chosen = targets.project, targets.readable
    for name, error in targets.unreadable.items():
        if name in sources:
            raise SourceError(error)
    if output is not None and len(chosen) != 1:
        raise ConfigError(
            "--output: name exactly one source, e.g. 'dataready suggest crm.customers --output FILE'"
        )
    spec = targets.spec
    paths = [
        Path(output) if output is not None else default_suite_path(project.root, s.name)
        for s, _c in chosen
    ]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:3])
        raise ConfigError(
            f"{shown}: already exists; review and edit it, or pass --force to replace it with a new suggestion"
        )
    note = progress or (lambda _s, _stage: None)
    written = []
    for (source, connector), path in zip(chosen, paths, strict=True):
        note(source.name, "measuring")

        def stage(text: str, name: str = source.name) -> None:
            note(name, text)

        m = _measured_for_suggest(source, connector, spec, stage)
        note(source.name, "suggesting")
        document = suite_json(suggest(m))
        write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        written.append((source.name, path, len(document["expectations"])))
    return written


def _measured_for_suggest(
    source: Source, connector: Connector, spec: SampleSpec, stage: Callable[[str], None]
) -> Measurement:
    """The source measured, or one line saying why it could not be (never a driver traceback)."""
    from dataready.connectors.base import first_line, reraise_interrupt
    from dataready.connectors.sql import scrub
    from dataready.measure import measure

    try:
        with connector.open() as opened:
            return measure(opened, source, spec, progress=stage)
    except (SourceError, ConfigError):
        raise
    except Exception as exc:  # an engine error while reading: the source could not be read
        reraise_interrupt(exc)
        raise SourceError(
            f"{source.location}: cannot read it: {scrub(first_line(getattr(exc, 'orig', None) or exc), connector.secret_location)}"
        ) from None
