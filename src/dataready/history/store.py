"""The history store: recorded audits in three tables, written through SQLAlchemy Core.

An embedded SQLite file by default (``.dataready/history.sqlite`` beside the project file), or any
SQLAlchemy URL (a PostgreSQL schema shared by a team). Every run is chained to the one before by
the SHA-256 of its canonical JSON, so that an edited, removed or inserted record is detected by
:meth:`HistoryStore.verify`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from dataready.errors import ConfigError
from dataready.model.history import (
    PreviousRun,
    RunSource,
    RunSummary,
    SourceSnapshot,
    Verification,
)

DEFAULT_PATH = Path(".dataready") / "history.sqlite"
"""Where runs are recorded unless ``history:`` says otherwise, beside the project file."""
GENESIS = "0" * 64
"""The previous hash of the first run."""
PREFIX = "dataready_history_"


def canonical(value: Any) -> str:
    """The one JSON text a record is hashed as: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _tables(schema: str | None) -> tuple[sa.MetaData, sa.Table, sa.Table, sa.Table]:
    meta = sa.MetaData(schema=schema)
    runs = sa.Table(
        f"{PREFIX}runs",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("config_hash", sa.String(64), nullable=False),
        sa.Column("level", sa.String(40), nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("scorecard", sa.Text, nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("record_hash", sa.String(64), nullable=False),
    )
    sources = sa.Table(
        f"{PREFIX}sources",
        meta,
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("source", sa.String(1000), nullable=False, index=True),
        sa.Column("level", sa.String(40), nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("row_count", sa.BigInteger, nullable=True),
        sa.Column("reused", sa.Boolean, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=True),
        sa.Column("snapshot", sa.Text, nullable=True),
        sa.Column("card", sa.Text, nullable=False),
    )
    findings = sa.Table(
        f"{PREFIX}findings",
        meta,
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("check_name", sa.String(200), nullable=False),
        sa.Column("dimension", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("columns", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("measured", sa.Text, nullable=True),
    )
    return meta, runs, sources, findings


@dataclass(frozen=True)
class SourceRecord:
    name: str
    level: str
    score: float | None
    row_count: int | None
    card: Mapping[str, Any]
    """What a repeat audit needs besides the run's scorecard (how long measuring took, and the
    run that measured data whose results are reused)."""
    snapshot: SourceSnapshot | None = None
    fingerprint: Mapping[str, Any] | None = None
    reused: bool = False


@dataclass(frozen=True)
class NewRun:
    recorded_at: dt.datetime
    user: str
    host: str
    version: str
    config_hash: str
    level: str
    score: float | None
    scorecard: Mapping[str, Any]
    sources: Sequence[SourceRecord]
    findings: Sequence[Mapping[str, Any]] = field(default_factory=tuple)


def _score(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _json(value: Any) -> str | None:
    return None if value is None else canonical(value)


def resolve_location(location: str | None, root: Path) -> str:
    """A store's SQLAlchemy URL: a URL as given, a path (relative to ``root``) as a SQLite file."""
    if location is None:
        location = str(root / DEFAULT_PATH)
    if "://" in location:
        return location
    path = Path(location).expanduser()
    path = path if path.is_absolute() else root / path
    return f"sqlite:///{path.resolve()}"


def store_file(url: str) -> Path | None:
    """The SQLite file behind a store URL; None for a server."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


class HistoryStore:
    """Recorded audits in one database (SQLite file or server schema)."""

    def __init__(self, url: str, *, schema: str | None = None, create: bool = False) -> None:
        self.url = url
        self.schema = schema
        try:
            parsed = sa.make_url(url)
        except Exception as exc:
            raise ConfigError(f"history: {url!r} is not a database URL or path") from exc
        file = store_file(url)
        self.display = (
            str(file) if file is not None else parsed.render_as_string(hide_password=True)
        )
        if file is not None:
            if create:
                file.parent.mkdir(parents=True, exist_ok=True)
            elif not file.exists():
                raise ConfigError(
                    f"no history at {file}: record one with 'dataready audit --record'"
                )
        self.engine = sa.create_engine(url)
        self.meta, self.runs_table, self.sources_table, self.findings_table = _tables(schema)
        if create:
            with self.engine.begin() as conn:
                if schema and conn.dialect.name == "postgresql":
                    conn.execute(sa.schema.CreateSchema(schema, if_not_exists=True))
                self.meta.create_all(conn, checkfirst=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _exists(self, conn: sa.Connection) -> bool:
        return sa.inspect(conn).has_table(self.runs_table.name, schema=self.schema)

    # --- reading ---------------------------------------------------------------------------------

    def last_run_id(self) -> int:
        with self.engine.connect() as conn:
            if not self._exists(conn):
                return 0
            return int(conn.execute(sa.select(sa.func.max(self.runs_table.c.id))).scalar() or 0)

    def previous(self, source: str) -> PreviousRun | None:
        """The latest recorded run in which ``source`` was measured, with its row-count history."""
        r, s = self.runs_table, self.sources_table
        with self.engine.connect() as conn:
            if not self._exists(conn):
                return None
            rows = conn.execute(
                sa.select(s.c.run_id, r.c.recorded_at, s.c.snapshot, s.c.row_count, s.c.card)
                .join(r, r.c.id == s.c.run_id)
                .where(s.c.source == source, s.c.snapshot.is_not(None))
                .order_by(s.c.run_id)
            ).all()
            if not rows:
                return None
            last = rows[-1]
            scorecard = json.loads(
                conn.execute(sa.select(r.c.scorecard).where(r.c.id == last.run_id)).scalar_one()
            )
        # The source's card and findings are those of the run's scorecard, stored once.
        card = {
            **json.loads(last.card),
            "source": next((c for c in scorecard["sources"] if c["name"] == source), None),
            "findings": [f for f in scorecard["findings"] if f["source"] == source],
        }
        return PreviousRun(
            run_id=last.run_id,
            recorded_at=dt.datetime.fromisoformat(last.recorded_at),
            snapshot=SourceSnapshot.from_dict(json.loads(last.snapshot)),
            row_counts=tuple(int(row.row_count) for row in rows if row.row_count is not None),
            card=card if card["source"] is not None else None,
        )

    def runs(self, source: str | None = None, limit: int | None = None) -> list[RunSummary]:
        """Recorded runs, oldest first (the last ``limit``), those that audited ``source`` if named."""
        r, s, f = self.runs_table, self.sources_table, self.findings_table
        with self.engine.connect() as conn:
            if not self._exists(conn):
                return []
            query = sa.select(r).order_by(r.c.id)
            if source is not None:
                query = query.where(r.c.id.in_(sa.select(s.c.run_id).where(s.c.source == source)))
            runs = conn.execute(query).all()
            if limit is not None:
                runs = runs[-limit:]
            ids = [run.id for run in runs]
            by_run: dict[int, list[RunSource]] = {i: [] for i in ids}
            for row in conn.execute(
                sa.select(s).where(s.c.run_id.in_(ids)).order_by(s.c.run_id, s.c.position)
            ):
                if source is None or row.source == source:
                    by_run[row.run_id].append(
                        RunSource(row.source, row.level, row.score, row.row_count, row.reused)
                    )
            drift: dict[int, int] = dict(
                conn.execute(
                    sa.select(f.c.run_id, sa.func.count())
                    .where(f.c.run_id.in_(ids), f.c.check_name.like("drift\\_%", escape="\\"))
                    .group_by(f.c.run_id)
                ).all()
            )
        return [
            RunSummary(
                run_id=run.id,
                recorded_at=dt.datetime.fromisoformat(run.recorded_at),
                user=run.user_name,
                host=run.host,
                version=run.version,
                config_hash=run.config_hash,
                level=run.level,
                score=run.score,
                sources=tuple(by_run[run.id]),
                drift=int(drift.get(run.id, 0)),
                record_hash=run.record_hash,
            )
            for run in runs
        ]

    # --- writing ---------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[sa.Connection]:
        """A transaction in which no other recorder can append: one chain, never a fork."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text(f"LOCK TABLE {self._qualified(conn)} IN SHARE ROW EXCLUSIVE MODE")
                )
            yield conn

    def _qualified(self, conn: sa.Connection) -> str:
        preparer = conn.dialect.identifier_preparer
        return preparer.format_table(self.runs_table)

    def record(self, run: NewRun) -> int:
        """Append ``run`` to the chain; its id.

        Two recorders appending at once to a SQLite store both read the same last run; the
        second insert then fails on the run id and is retried on the new end of the chain.
        """
        for attempt in range(3):
            try:
                return self._append(run)
            except sa.exc.IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def holds(self, url: str, schema: str | None, table: str | None) -> bool:
        """Whether the table ``table`` of ``url`` (in ``schema``) is one of this store's tables."""
        if not table or not table.split(".")[-1].startswith(PREFIX):
            return False
        try:
            mine, theirs = sa.make_url(self.url), sa.make_url(url)
        except Exception:
            return False
        where = ("get_backend_name", "host", "port", "database")
        same = all(
            (getattr(mine, a)() if a.startswith("get_") else getattr(mine, a))
            == (getattr(theirs, a)() if a.startswith("get_") else getattr(theirs, a))
            for a in where
        )
        return same and (self.schema is None or schema is None or self.schema == schema)

    def _append(self, run: NewRun) -> int:
        r, s, f = self.runs_table, self.sources_table, self.findings_table
        with self._locked() as conn:
            last = conn.execute(
                sa.select(r.c.id, r.c.record_hash).order_by(r.c.id.desc()).limit(1)
            ).first()
            run_id = (last.id + 1) if last else 1
            previous_hash = last.record_hash if last else GENESIS
            run_row = {
                "id": run_id,
                "recorded_at": run.recorded_at.isoformat(),
                "user_name": run.user,
                "host": run.host,
                "version": run.version,
                "config_hash": run.config_hash,
                "level": run.level,
                "score": _score(run.score),
                "scorecard": canonical(run.scorecard),
                "previous_hash": previous_hash,
            }
            source_rows = [
                {
                    "run_id": run_id,
                    "position": i,
                    "source": src.name,
                    "level": src.level,
                    "score": _score(src.score),
                    "row_count": src.row_count,
                    "reused": src.reused,
                    "fingerprint": _json(
                        None if src.fingerprint is None else dict(src.fingerprint)
                    ),
                    "snapshot": _json(None if src.snapshot is None else src.snapshot.to_dict()),
                    "card": canonical(src.card),
                }
                for i, src in enumerate(run.sources)
            ]
            finding_rows = [
                {
                    "run_id": run_id,
                    "position": i,
                    "source": finding["source"],
                    "check_name": finding["check"],
                    "dimension": finding["dimension"],
                    "severity": finding["severity"],
                    "columns": canonical(finding.get("columns") or []),
                    "message": finding["message"],
                    "measured": _json(finding.get("measured")),
                }
                for i, finding in enumerate(run.findings)
            ]
            run_row["record_hash"] = chain_hash(previous_hash, run_row, source_rows, finding_rows)
            conn.execute(r.insert(), [run_row])
            if source_rows:
                conn.execute(s.insert(), source_rows)
            if finding_rows:
                conn.execute(f.insert(), finding_rows)
        return run_id

    # --- verifying -------------------------------------------------------------------------------

    def verify(self) -> Verification:
        """Walk the chain from the first run: the first run whose record or link is broken."""
        r, s, f = self.runs_table, self.sources_table, self.findings_table
        with self.engine.connect() as conn:
            if not self._exists(conn):
                return Verification(0)
            runs = [dict(row._mapping) for row in conn.execute(sa.select(r).order_by(r.c.id))]
            children: dict[str, dict[int, list[dict[str, Any]]]] = {"s": {}, "f": {}}
            for key, table in (("s", s), ("f", f)):
                for row in conn.execute(
                    sa.select(table).order_by(table.c.run_id, table.c.position)
                ):
                    children[key].setdefault(row.run_id, []).append(dict(row._mapping))
        known = {run["id"] for run in runs}
        for key in ("s", "f"):
            stray = sorted(set(children[key]) - known)
            if stray:
                return Verification(
                    len(runs),
                    stray[0],
                    f"rows of run {stray[0]} remain but the run itself was removed",
                )
        previous_hash, expected_id = GENESIS, 1
        for checked, run in enumerate(runs):
            if run["id"] != expected_id:
                return Verification(
                    checked, run["id"], f"run {expected_id} is missing before run {run['id']}"
                )
            if run["previous_hash"] != previous_hash:
                return Verification(
                    checked,
                    run["id"],
                    "its link to the run before does not match that run's hash",
                )
            stored = run.pop("record_hash")
            actual = chain_hash(
                previous_hash,
                run,
                children["s"].get(run["id"], []),
                children["f"].get(run["id"], []),
            )
            if actual != stored:
                return Verification(
                    checked, run["id"], "its content does not match its recorded hash (edited)"
                )
            previous_hash, expected_id = stored, expected_id + 1
        return Verification(len(runs))


def chain_hash(
    previous_hash: str,
    run: Mapping[str, Any],
    sources: Sequence[Mapping[str, Any]],
    findings: Sequence[Mapping[str, Any]],
) -> str:
    """SHA-256 of the previous run's hash and this run's canonical JSON (its three tables' rows)."""
    record = {
        "run": {k: _plain(v) for k, v in run.items() if k != "record_hash"},
        "sources": [{k: _plain(v) for k, v in row.items()} for row in sources],
        "findings": [{k: _plain(v) for k, v in row.items()} for row in findings],
    }
    return hashlib.sha256((previous_hash + canonical(record)).encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, int):
        return value
    return str(value)
