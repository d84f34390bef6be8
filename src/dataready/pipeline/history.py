"""Recording an audit in the history store, and drift against the previous recorded run.

The audit hands each measured source to the :class:`Recorder`, which reduces it to a snapshot
(figures only, see :mod:`dataready.history.snapshot`), compares it with the source's previous
recorded run and returns the drift findings, scored with the others. Once the scorecard is
complete, :meth:`Recorder.record` appends the run to the store's hash chain.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import hashlib
import os
import socket
from collections.abc import Callable, Sequence
from typing import Any

from dataready._version import __version__
from dataready.config import Project
from dataready.history.drift import drift
from dataready.history.restore import source_card
from dataready.history.snapshot import file_fingerprint, snapshot
from dataready.history.store import (
    HistoryStore,
    NewRun,
    SourceRecord,
    canonical,
    resolve_location,
    store_file,
)
from dataready.model import (
    Basis,
    Dimension,
    Finding,
    Measurement,
    Scorecard,
    Severity,
    Source,
    SourceScorecard,
)
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

    def __init__(self, store: HistoryStore, project: Project, settings: Any = None) -> None:
        self.store = store
        self.project = project
        self.run_id = store.last_run_id() + 1
        self.snapshots: dict[str, SourceSnapshot] = {}
        self.compared: dict[str, int] = {}
        self.reused: dict[str, int] = {}
        self.saved_seconds = 0.0
        # What else decides a source's results besides its data: a run reuses another's only
        # when both were audited with the same project, options, checks, suites and version.
        self.settings = hashlib.sha256(
            canonical(
                [config_hash(project), __version__, repr(settings)],
            ).encode()
        ).hexdigest()
        self._fingerprints: dict[str, dict[str, Any] | None] = {}
        self._measured_at: dict[str, str] = {}

    def fingerprint(self, source: Source) -> dict[str, Any] | None:
        """The source's files as they are before it is read (None for tables: they are measured)."""
        if source.name not in self._fingerprints:
            try:
                files = file_fingerprint(source)
            except OSError:
                files = None
            self._fingerprints[source.name] = (
                None if files is None else {**files, "settings": self.settings}
            )
        return self._fingerprints[source.name]

    def reuse(
        self, sources: Sequence[Source], note: Callable[[str, str], None]
    ) -> list[SourceScorecard] | None:
        """The recorded cards of ``sources`` when none has changed since its last recorded run.

        All or nothing: checks across sources (the same entities in two systems) need every
        source's measurement, so one changed source means every source is audited again.
        """
        found = []
        for source in sources:
            fingerprint = self.fingerprint(source)
            previous = self.previous(source)
            if (
                fingerprint is None
                or previous is None
                or previous.card is None
                or dict(previous.snapshot.fingerprint) != fingerprint
            ):
                return None
            found.append((source, previous))
        cards = []
        for source, recorded in found:
            # A run that reused results holds a copy: name the run that measured the data.
            measured = recorded.card.get("measured_run") if recorded.card else None
            previous = dataclasses.replace(
                recorded,
                run_id=measured or recorded.run_id,
                recorded_at=dt.datetime.fromisoformat(
                    (recorded.card or {}).get("measured_at") or recorded.recorded_at.isoformat()
                ),
            )
            note(source.name, f"unchanged since run {previous.run_id}: reusing its results")
            assert previous.card is not None
            card = source_card(source, previous.card)
            card = dataclasses.replace(
                card,
                findings=(
                    *(f for f in card.findings if f.check != REUSED),
                    _reused_finding(source, previous),
                ),
                seconds=0.0,
            )
            cards.append(card)
            self.snapshots[source.name] = previous.snapshot
            self.reused[source.name] = previous.run_id
            self._measured_at[source.name] = previous.recorded_at.isoformat()
            self.saved_seconds += float(previous.card.get("measured_seconds", 0.0))
        return cards

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
                    card={"measured_seconds": self._measured_seconds(c)}
                    | (
                        {
                            "measured_run": self.reused[c.source.name],
                            "measured_at": self._measured_at[c.source.name],
                        }
                        if c.source.name in self.reused
                        else {}
                    ),
                    snapshot=snap,
                    fingerprint=None if snap is None else snap.fingerprint,
                    reused=c.source.name in self.reused,
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
        return Recorded(
            run_id,
            self.store.display,
            dict(self.compared),
            dict(self.reused),
            self.saved_seconds,
        )

    def _measured_seconds(self, card: SourceScorecard) -> float:
        """How long measuring the source took when it was last read (a reused card: back then)."""
        if card.source.name not in self.reused:
            return round(card.seconds, 3)
        previous = self.store.previous(card.source.name)
        return float((previous.card or {}).get("measured_seconds", 0.0)) if previous else 0.0


REUSED = "reused_results"


def _reused_finding(source: Source, previous: PreviousRun) -> Finding:
    return Finding(
        check=REUSED,
        dimension=Dimension.INVENTORY,
        severity=Severity.INFO,
        source=source.name,
        message=(
            f"unchanged since {previous.label} (same size, modification time and SHA-256 of its "
            "files, same settings): the results recorded then are reused, nothing was read; "
            "'dataready audit --record --fresh' reads it again"
        ),
        basis=Basis.METADATA,
        measured={"reused_run": previous.run_id},
    )
