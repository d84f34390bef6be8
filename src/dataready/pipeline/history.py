"""Recording an audit in the history store, and drift against the previous recorded run.

The audit hands each measured source to the :class:`Recorder`, which reduces it to a snapshot
(figures only, see :mod:`dataready.history.snapshot`), compares it with the source's previous
recorded run and returns the drift findings, scored with the others. Once the scorecard is
complete, :meth:`Recorder.record` appends the run to the store's hash chain.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import socket
from typing import Any

from dataready._version import __version__
from dataready.config import Project
from dataready.history.drift import drift
from dataready.history.snapshot import file_fingerprint, snapshot
from dataready.history.store import (
    HistoryStore,
    NewRun,
    SourceRecord,
    canonical,
    resolve_location,
    store_file,
)
from dataready.model import Finding, Measurement, Scorecard, Source
from dataready.model.history import PreviousRun, Recorded, SourceSnapshot


def config_hash(project: Project) -> str:
    """SHA-256 of the project as validated (every setting, defaults included), in canonical JSON."""
    return hashlib.sha256(canonical(project.model_dump(mode="json")).encode()).hexdigest()


def who() -> tuple[str, str]:
    """The user and host running the audit."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        user = os.environ.get("USER") or "unknown"
    return user, socket.gethostname()


def open_store(
    location: str | None,
    project: Project,
    *,
    create: bool = False,
    reads: tuple[Any, ...] | None = None,
) -> HistoryStore:
    """The store named by ``location`` (a path or URL), else the project's ``history:``, else the
    default file beside the project. With ``reads`` (the audit's targets), a store file that is
    one of what the audit reads (a source, under a source folder, the project file) is refused
    before anything runs."""
    settings = project.history
    schema = None
    if location is None and settings is not None:
        location, schema = settings.location, settings.db_schema
    url = resolve_location(location, project.root)
    file = store_file(url)
    if file is not None and reads is not None:
        from dataready.pipeline.outputs import inputs_of, refuse_overwriting_inputs

        refuse_overwriting_inputs([("history", file)], inputs_of(*reads))
    return HistoryStore(url, schema=schema, create=create)


def open_project_store(project: Any, location: str | None) -> HistoryStore:
    """The store of ``project`` (a project file or folder; None: ./dataready.yml if present, else
    the current folder), to read: a missing store is a usage error."""
    from pathlib import Path

    from dataready.config import PROJECT_FILE, load_project

    path = Path(project) if project is not None else Path(PROJECT_FILE)
    if path.is_dir():
        path = path / PROJECT_FILE
    if path.is_file():
        loaded = load_project(path)
    elif project is not None:
        from dataready.errors import ConfigError

        raise ConfigError(f"--project {project}: no such project file")
    else:
        loaded = Project()
    return open_store(location, loaded)


class Recorder:
    """One audit's recording: snapshots and drift per source, then the run appended to the chain."""

    def __init__(self, store: HistoryStore, project: Project) -> None:
        self.store = store
        self.project = project
        self.run_id = store.last_run_id() + 1
        self.snapshots: dict[str, SourceSnapshot] = {}
        self.compared: dict[str, int] = {}

    def fingerprint(self, source: Source) -> dict[str, Any] | None:
        """The source's files as they are before it is read (None for tables: they are measured)."""
        try:
            return file_fingerprint(source)
        except OSError:
            return None

    def previous(self, source: Source) -> PreviousRun | None:
        return self.store.previous(source.name)

    def observe(
        self, source: Source, m: Measurement, fingerprint: dict[str, Any] | None
    ) -> list[Finding]:
        """Keep the source's snapshot; the drift since its previous recorded run."""
        current = snapshot(m, fingerprint)
        self.snapshots[source.name] = current
        previous = self.previous(source)
        if previous is None:
            return []
        self.compared[source.name] = previous.run_id
        return drift(previous, current, self.run_id)

    def record(self, card: Scorecard) -> Recorded:
        user, host = who()
        sources = []
        for c in card.sources:
            snap = self.snapshots.get(c.source.name)
            sources.append(
                SourceRecord(
                    name=c.source.name,
                    level=c.level.value,
                    score=c.score,
                    row_count=c.row_count,
                    card={
                        "source": c.to_dict(),
                        "findings": [f.to_dict() for f in c.findings],
                    },
                    snapshot=snap,
                    fingerprint=None if snap is None else snap.fingerprint,
                )
            )
        run_id = self.store.record(
            NewRun(
                recorded_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
                user=user,
                host=host,
                version=__version__,
                config_hash=config_hash(self.project),
                level=card.level.value,
                score=card.score,
                scorecard=card.to_dict(),
                sources=sources,
                findings=[f.to_dict() for f in card.findings],
            )
        )
        return Recorded(run_id, self.store.display, dict(self.compared))
