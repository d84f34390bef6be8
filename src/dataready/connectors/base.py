"""What every connector provides: a read-only SQLAlchemy connection to one table-like relation.

All engines, files included, are reached through SQLAlchemy (files via DuckDB), so measurement is
one code path. Where engines differ (sampling, string length, case-sensitive grouping), the
difference lives in the engine's class in dialects.py, never in ``if dialect == ...`` chains.
"""

from __future__ import annotations

import datetime as dt
import os
from abc import ABC, abstractmethod
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dataready.model import Access, Column, ColumnKind, ReadProblems, Source

if TYPE_CHECKING:
    import pandas as pd
    import sqlalchemy as sa

    from dataready.config import SourceConfig
    from dataready.connectors.dialects import Dialect


@dataclass
class OpenedSource:
    """A live, read-only handle on one source, valid inside ``Connector.open()``."""

    connection: sa.Connection
    relation: sa.FromClause
    columns: tuple[Column, ...]
    traits: Dialect
    is_table: bool = True
    """False for views and query sources, which some engines cannot TABLESAMPLE."""
    modified_at: dt.datetime | None = None
    size_bytes: int | None = None
    table_comment: str | None = None
    read_as: str | None = None
    """The encoding a text file was read in when it was not UTF-8 (and none was declared)."""
    distinct_hints: Mapping[str, float] = field(default_factory=dict)
    """The engine's own estimate of distinct values per column (PostgreSQL's statistics), if any."""
    read_as_missing: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Per column, the tokens (``NA``, ``-`` …) read as missing values, with their counts."""
    read_problems: ReadProblems = field(default_factory=ReadProblems)
    """Lines of a text file skipped or misread (a trailer line, a quote never closed)."""
    access: Access | None = None
    """Grants on the table from the engine's catalog (none for files, SQLite, DuckDB, queries)."""
    numbered: sa.FromClause | None = None
    """The relation with one more column, ``dataready_row``: each row's 0-based position in the
    file(s), header excluded. None where rows have no position (SQL tables, DataFrames)."""

    def fetch_frame(self, statement: Any, connection: sa.Connection | None = None) -> pd.DataFrame:
        """The statement's rows as a DataFrame, on ``connection`` (default: the source's own)."""

        conn = connection if connection is not None else self.connection
        return self.traits.fetch_frame(conn, statement)


class Connector(ABC):
    """One kind of source. A new kind is one new module with one subclass registered in registry.py."""

    kind: ClassVar[str]

    def __init__(self, source: Source, secret_location: str) -> None:
        self.source = source
        self.secret_location = secret_location
        """The location with credentials, never shown; ``source.location`` is the safe form."""

    @classmethod
    @abstractmethod
    def accepts(cls, location: str) -> bool:
        """Whether this connector understands the location."""

    @classmethod
    @abstractmethod
    def expand(cls, config: SourceConfig, root: Path) -> list[tuple[Source, str]]:
        """The sources one configured location stands for (a folder → its files, a database → its tables).

        Returns each source with its secret location.
        """

    @abstractmethod
    def open(self) -> AbstractContextManager[OpenedSource]:
        """Connect read-only and describe the relation; raise SourceError with advice on failure."""


def kind_of_sqlalchemy_type(type_: Any) -> ColumnKind:
    import sqlalchemy as sa

    if isinstance(type_, sa.Boolean):
        return ColumnKind.BOOLEAN
    if isinstance(type_, (sa.Integer, sa.Numeric, sa.Float)):
        return ColumnKind.NUMBER
    if isinstance(type_, sa.DateTime):
        return ColumnKind.DATETIME
    if isinstance(type_, sa.Date):
        return ColumnKind.DATE
    if isinstance(type_, (sa.String, sa.Text, sa.Enum)):
        return ColumnKind.STRING
    return ColumnKind.OTHER


def first_line(error: BaseException) -> str:
    """The first line of an engine's error message; the rest is usually a stack of context."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def is_interrupt(error: BaseException) -> bool:
    """Whether an engine error is really Ctrl-C (or SIGTERM) arriving while the engine ran.

    DuckDB turns the signal into ``RuntimeError('Query interrupted')`` or its
    ``InterruptException``, and SQLAlchemy may wrap either; reporting that as an unreadable source
    would let an interrupted audit carry on and write a false report.
    """
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, KeyboardInterrupt):
            return True
        if type(current).__name__ == "InterruptException":
            return True
        if isinstance(current, RuntimeError) and str(current).strip() == "Query interrupted":
            return True
        orig = getattr(current, "orig", None)
        todo += [current.__cause__, current.__context__]
        if isinstance(orig, BaseException):
            todo.append(orig)
    return False


def reraise_interrupt(error: BaseException) -> None:
    """Raise :class:`KeyboardInterrupt` when ``error`` is an interrupt in disguise."""
    if is_interrupt(error):
        raise KeyboardInterrupt from None


SPILL_PREFIX = "dataready-spill-"
_spill: Path | None = None


def spill_folder() -> Path:
    """This process's private folder (mode 0700) for DuckDB's spill files, removed at exit.

    Spill files hold raw values: they go nowhere another user can read, and folders left by a
    process that died (a kill, an out-of-memory crash) are removed the next time dataready starts.
    """
    global _spill
    if _spill is None or not _spill.is_dir():
        import atexit
        import shutil
        import tempfile

        _remove_stale_spill_folders()
        _spill = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}-"))  # 0700
        atexit.register(shutil.rmtree, _spill, True)
    return _spill


def _remove_stale_spill_folders() -> None:
    import shutil
    import tempfile

    for folder in Path(tempfile.gettempdir()).glob(f"{SPILL_PREFIX}*"):
        try:
            pid = int(folder.name[len(SPILL_PREFIX) :].split("-", 1)[0])
            if folder.stat().st_uid != os.getuid():
                continue
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, OSError, AttributeError):  # not ours, someone else's, or no getuid
            continue
