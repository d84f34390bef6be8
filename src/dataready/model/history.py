"""What the history store keeps of an audit: per-source snapshots (figures only) and run summaries.

A snapshot holds counts, rates and, for numeric columns not holding personal data, min/max,
mean, spread and quantiles; categories are kept as SHA-256 digests with their counts,
never as the values themselves. Snapshots are compared from run to run (drift).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ColumnSnapshot:
    """The figures of one column in one run."""

    name: str
    kind: str
    db_type: str
    non_null: int
    null_rate: float
    distinct: int | None = None
    distinct_rate: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    mean: float | None = None
    std: float | None = None
    quantiles: tuple[float, ...] = ()
    """Evenly spaced quantiles (0, 5 … 100 %) of the sample: the distribution's summary."""
    categories: tuple[tuple[str, int], ...] | None = None
    """Each category's digest with its count, for columns with few distinct values."""
    personal: bool = False
    identifier: bool = False
    """A key or a column of unique whole numbers: its distribution says nothing."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "db_type": self.db_type,
            "non_null": self.non_null,
            "null_rate": self.null_rate,
            "distinct": self.distinct,
            "distinct_rate": self.distinct_rate,
            "min": self.minimum,
            "max": self.maximum,
            "mean": self.mean,
            "std": self.std,
            "quantiles": list(self.quantiles),
            "categories": None
            if self.categories is None
            else [[digest, count] for digest, count in self.categories],
            "personal": self.personal,
            "identifier": self.identifier,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ColumnSnapshot:
        categories = d.get("categories")
        return cls(
            name=d["name"],
            kind=d["kind"],
            db_type=d["db_type"],
            non_null=d["non_null"],
            null_rate=d["null_rate"],
            distinct=d.get("distinct"),
            distinct_rate=d.get("distinct_rate"),
            minimum=d.get("min"),
            maximum=d.get("max"),
            mean=d.get("mean"),
            std=d.get("std"),
            quantiles=tuple(d.get("quantiles") or ()),
            categories=None if categories is None else tuple((c, n) for c, n in categories),
            personal=bool(d.get("personal")),
            identifier=bool(d.get("identifier")),
        )


@dataclass(frozen=True)
class SourceSnapshot:
    """What one run measured of one source, and what identifies the data it read."""

    source: str
    row_count: int
    columns: tuple[ColumnSnapshot, ...]
    fingerprint: Mapping[str, Any] = field(default_factory=dict)
    """Files: size, modification time and content digest; tables: row count and columns."""
    sample_size: int = 0

    def column(self, name: str) -> ColumnSnapshot | None:
        return next((c for c in self.columns if c.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "row_count": self.row_count,
            "sample_size": self.sample_size,
            "fingerprint": dict(self.fingerprint),
            "columns": [c.to_dict() for c in self.columns],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SourceSnapshot:
        return cls(
            source=d["source"],
            row_count=d["row_count"],
            columns=tuple(ColumnSnapshot.from_dict(c) for c in d["columns"]),
            fingerprint=d.get("fingerprint") or {},
            sample_size=d.get("sample_size", 0),
        )


@dataclass(frozen=True)
class PreviousRun:
    """A recorded run of one source, as the next audit compares with it."""

    run_id: int
    recorded_at: dt.datetime
    snapshot: SourceSnapshot
    row_counts: tuple[int, ...] = ()
    """The source's row counts in its recorded runs, oldest first (this one last)."""
    card: Mapping[str, Any] | None = None
    """The source's recorded card and findings (``{"source": ..., "findings": [...]}``)."""

    @property
    def label(self) -> str:
        return f"run {self.run_id} ({self.recorded_at:%Y-%m-%d %H:%M} UTC)"


@dataclass(frozen=True)
class RunSource:
    name: str
    level: str
    score: float | None
    rows: int | None
    reused: bool = False


@dataclass(frozen=True)
class RunSummary:
    """One recorded audit, as ``dataready history`` lists it."""

    run_id: int
    recorded_at: dt.datetime
    user: str
    host: str
    version: str
    config_hash: str
    level: str
    score: float | None
    sources: tuple[RunSource, ...]
    drift: int = 0
    """Drift findings of the run."""
    record_hash: str = ""
    """The run's link in the hash chain: kept outside the store, it shows the latest runs were not removed."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.run_id,
            "recorded_at": self.recorded_at.isoformat(),
            "user": self.user,
            "host": self.host,
            "dataready_version": self.version,
            "config_hash": self.config_hash,
            "level": self.level,
            "score": self.score,
            "drift_findings": self.drift,
            "record_hash": self.record_hash,
            "sources": [
                {
                    "name": s.name,
                    "level": s.level,
                    "score": s.score,
                    "rows": s.rows,
                    "reused": s.reused,
                }
                for s in self.sources
            ],
        }


@dataclass(frozen=True)
class Verification:
    """The outcome of checking a store's hash chain."""

    checked: int
    broken_run: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_run is None


@dataclass(frozen=True)
class Recorded:
    """Where an audit was recorded, and what it was compared with."""

    run_id: int
    store: str
    """The store's location, safe to show (no password)."""
    compared: Mapping[str, int] = field(default_factory=dict)
    """Per source, the run its drift was measured against."""
    reused: Mapping[str, int] = field(default_factory=dict)
    """Per source whose data had not changed, the run whose recorded results were reused."""
    saved_seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run_id,
            "store": self.store,
            "compared_with": dict(self.compared),
            "reused": dict(self.reused),
            "saved_seconds": round(self.saved_seconds, 3),
        }
