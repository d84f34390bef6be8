"""What was measured of one source: aggregates over all rows and a bounded, seeded sample."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dataready.model.kinds import Basis
from dataready.model.source import Column, Source

if TYPE_CHECKING:
    import pandas as pd


MAX_SAMPLE_ROWS = 1_000_000
"""The most rows a sample holds, whatever is asked: what one client can hold beside the engine
(about 150 MB for a 20-column table). Aggregates still cover every row."""


@dataclass(frozen=True)
class SampleSpec:
    size: int = 100_000
    seed: int = 42
    requested: int | None = None
    """The size asked for, when it was above :data:`MAX_SAMPLE_ROWS` and ``size`` was capped."""

    def __post_init__(self) -> None:
        if self.size > MAX_SAMPLE_ROWS:
            object.__setattr__(self, "requested", self.size)
            object.__setattr__(self, "size", MAX_SAMPLE_ROWS)


@dataclass(frozen=True)
class LineProblem:
    """A line of a text file (CSV) that was not read as it stands."""

    line: int
    """The line number in the file, 1-based, the header included."""
    reason: str
    file: str | None = None
    """The file, where a source reads several."""


@dataclass(frozen=True)
class ReadProblems:
    """What a text file's reader had to work around: lines skipped, a quote never closed."""

    skipped: int = 0
    """Lines that did not parse (wrong number of fields, text where the column holds numbers)."""
    first_skipped: tuple[LineProblem, ...] = ()
    """The first few of them, in file order."""
    unclosed_quote: LineProblem | None = None
    """Where a quote opens that is never closed; the file was read with its quotes as plain text."""

    def __bool__(self) -> bool:
        return bool(self.skipped or self.unclosed_quote)


@dataclass(frozen=True)
class Grant:
    """One privilege on a table, as the engine's catalog records it."""

    grantee: str
    """The role or account it is granted to: ``PUBLIC``, ``analyst``, ``'app'@'%'``."""
    privilege: str
    """``SELECT``, ``INSERT``, ``UPDATE``, ``DELETE``, ``TRUNCATE`` …"""
    scope: str = "table"
    """Where it is granted: ``table``, ``schema`` (every table of the database) or ``global``."""
    everyone: bool = False
    """The grantee stands for every user of the server (PUBLIC; MariaDB's anonymous ``''@'%'``)."""

    def __str__(self) -> str:
        where = "" if self.scope == "table" else f" ({self.scope})"
        return f"{self.privilege} to {self.grantee}{where}"


@dataclass(frozen=True)
class Access:
    """Who may read and write a table, read from the engine's catalog (never by trying)."""

    grants: tuple[Grant, ...] = ()
    owner: str | None = None
    """The role owning the table, where the engine has owners (PostgreSQL)."""
    connected_as: str | None = None
    """The role dataready's session runs as."""
    connected_writes: tuple[str, ...] = ()
    """What the connected role could change in the table: the writing privileges it holds,
    ``owner`` when it owns the table, ``superuser`` when it may do anything."""

    @property
    def readers(self) -> tuple[Grant, ...]:
        """The SELECT grants, every user's first."""
        reads = [g for g in self.grants if g.privilege == "SELECT"]
        return tuple(sorted(reads, key=lambda g: not g.everyone))


@dataclass(frozen=True)
class ColumnStats:
    """Push-down aggregates of one column over all rows."""

    column: Column
    non_null: int
    distinct: int | None = None
    blank: int = 0
    disguised_missing: int = 0
    untrimmed: int = 0
    with_space: int = 0
    """Values containing a blank: identifiers and codes have none."""
    min_value: Any = None
    max_value: Any = None
    min_length: int | None = None
    max_length: int | None = None
    negative: int = 0
    future: int = 0
    top_values: tuple[tuple[Any, int], ...] | None = None
    """Every value with its count, for columns with few enough distinct values."""


@dataclass(frozen=True)
class Measurement:
    """Everything the checks may read about a source: exact aggregates plus a seeded sample."""

    source: Source
    columns: tuple[Column, ...]
    row_count: int
    stats: Mapping[str, ColumnStats]
    sample: pd.DataFrame
    sample_is_complete: bool
    """True when the sample holds every row, so sample figures are exact too."""
    measured_at: dt.datetime
    duplicate_rows: int | None = None
    duplicate_keys: Mapping[tuple[str, ...], int] = field(default_factory=dict)
    nearly_empty_rows: int | None = None
    modified_at: dt.datetime | None = None
    size_bytes: int | None = None
    table_comment: str | None = None
    read_as: str | None = None
    """The encoding a text file was read in when it was not UTF-8 (and none was declared)."""
    read_as_missing: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Per column, the tokens (``NA``, ``-`` …) a file held that were read as missing, with counts."""
    read_problems: ReadProblems = field(default_factory=ReadProblems)
    """Lines of a text file skipped or misread (a trailer line, a quote never closed)."""
    access: Access | None = None
    """Grants on the table, read from the catalog; None where the engine keeps none (SQLite,
    DuckDB, files) or the source is a query."""
    seconds: float = 0.0
    row_identity: str = "sample_row"
    """What the sample's index holds: ``row_number`` (the row's position in the file) or
    ``sample_row`` (its position in the sample)."""
    dialect: Any = field(default=None, compare=False, repr=False)
    """The SQLAlchemy dialect of the source's engine, to write predicates in its SQL."""
    derived: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Values derived from the sample that several checks share (parsed dates, cleaned text)."""

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute a derived value once per measurement, however many checks ask for it."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]

    @property
    def sample_basis(self) -> Basis:
        return Basis.EXACT if self.sample_is_complete else Basis.SAMPLE

    @property
    def sample_size(self) -> int:
        return len(self.sample)
