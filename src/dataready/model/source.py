"""What is audited: a source, its columns and what its owners declare about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from dataready.model.kinds import ColumnKind

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    db_type: str
    comment: str | None = None


@dataclass(frozen=True)
class Source:
    """One table-like thing to audit, and what its owners declared about it."""

    name: str
    connector: str
    location: str
    """Where it lives, safe to show: connection URLs carry no password."""
    table: str | None = None
    schema: str | None = None
    query: str | None = None
    purpose: str | None = None
    description: str | None = None
    system_of_record: bool | None = None
    key: tuple[str, ...] = ()
    timestamp: str | None = None
    owner: str | None = None
    steward: str | None = None
    contact: str | None = None
    refresh: str | None = None
    sensitivity: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    label: str | None = None
    """The column a model learns to predict (training and evaluation data)."""
    text_column: str | None = None
    """The column holding the text a retriever indexes (``text`` for a folder of documents)."""
    id_column: str | None = None
    title_column: str | None = None
    url_column: str | None = None
    """Columns that identify a document, name it and link to it, so an answer can cite it."""
    chunk_tokens: int | None = None
    """The chunk size, in tokens, that the retrieval pipeline splits documents into."""
    languages: tuple[str, ...] = ()
    """The languages (ISO 639-1 codes) documents are expected to be written in."""
    max_age: str | None = None
    """How old a single document may be before it counts as stale (a cadence); default: the refresh cadence."""
    column_sensitivity: Mapping[str, str] = field(default_factory=dict)
    """Sensitivity declared per column (``columns:`` or ``personal_columns:`` in dataready.yml)."""
    discovery_notes: tuple[str, ...] = ()
    """What discovering the source's siblings found and left out (tables in other schemas of a
    database), said once, on the first source of the entry."""
    detectors: tuple[DetectorSpec, ...] = ()
    """Custom personal-data detectors declared in dataready.yml."""
    duplicates: DuplicateSettings | None = None
    """Near-duplicate settings (``duplicates:`` in dataready.yml); None means the defaults."""
    match_with: tuple[str, ...] = ()
    """Sources holding the same entities (``match_with:``), compared by the cross-source check."""
    region: str | None = None
    """Where the data lives (``region:``), e.g. ``eu-west-1``, ``eu``, ``us``."""
    allowed_regions: tuple[str, ...] | None = None
    """The regions the use case allows its data in (``use_case.allowed_regions``); None: any."""
    readers: tuple[str, ...] | None = None
    """The roles (or accounts) meant to read the source (``readers:``); None: not declared."""
    entry: str | None = None
    """The dataready.yml entry this source comes from: the files of one folder or glob, or the
    tables of one database URL, are parts of one entry."""

    GOVERNANCE: ClassVar[tuple[str, ...]] = (
        "owner",
        "steward",
        "contact",
        "refresh",
        "purpose",
        "description",
        "system_of_record",
        "sensitivity",
    )
    """What owners declare about a source as a whole: who answers for it, why and how it is kept."""

    @property
    def declares_governance(self) -> bool:
        """Whether anything about who owns this source, and why and how it is kept, is declared.

        A source that declares nothing (a file named on the command line, a table of a database
        URL) has its gaps reported once for the project; one that declares some is held to all.
        """
        return any(getattr(self, name) is not None for name in self.GOVERNANCE)

    @property
    def declares_columns(self) -> bool:
        """Whether dataready.yml names any of this source's columns (key, label, citations...)."""
        return bool(
            self.key
            or self.label
            or self.id_column
            or self.title_column
            or self.url_column
            or self.column_sensitivity
        )


@dataclass(frozen=True)
class DuplicateSettings:
    """How near-duplicate records are looked for in one source."""

    enabled: bool = True
    columns: Mapping[str, str | None] = field(default_factory=dict)
    """Columns to compare, each with its kind (name, email, phone, ...) or None to infer it; empty: inferred."""
    threshold: float | None = None
    """Minimum match probability of a pair; None: the default."""
    blocking: tuple[tuple[str, ...], ...] = ()
    """Extra blocking keys, each a list of columns."""
    window: int | None = None


@dataclass(frozen=True)
class DetectorSpec:
    """A custom personal-data detector: a kind name, a regex and an optional validator."""

    name: str
    pattern: str
    validator: str | None = None
    """A built-in validator (luhn, mod97, iban, …) or ``package.module:function``."""
    ignore_case: bool = False
