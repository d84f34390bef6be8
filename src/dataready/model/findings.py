"""What the checks found: one finding per problem, with its evidence and fix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

from dataready.model.kinds import Basis, Dimension, Severity
from dataready.model.values import jsonable

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Remediation:
    action: str
    effort: str = "M"
    """S (hours), M (days) or L (weeks)."""
    expectation: Mapping[str, Any] | None = None
    """A Great Expectations 1.x expectation (as JSON) that keeps the fix from regressing."""


PROJECT = "(project)"
"""The ``source`` of a finding about the project as a whole rather than one of its sources."""

ROW_NUMBER = "row_number"
"""Identity of a file's row: the 0-based position of the data row in the file, header excluded."""
SAMPLE_ROW = "sample_row"
"""Identity of a row of a source with no key: its 0-based position in the audit's seeded sample."""

IDENTITY_NOTES = {
    ROW_NUMBER: "row_number is the 0-based position of the data row in the file, header excluded",
    SAMPLE_ROW: "sample_row is the 0-based position of the row in the audit's seeded sample "
    "(the source declares no key; the same seed gives the same sample)",
}


@dataclass(frozen=True)
class FailedRows:
    """The rows behind a finding, one cell per affected (row, column), in long form.

    Checks name the cells they saw in the sample (every row when the sample holds them all) and,
    where one exists, the SQL predicate that selects every affected row of the source.
    """

    identity: tuple[str, ...]
    """The columns that identify a row: the declared key, else ``row_number`` or ``sample_row``."""
    cells: tuple[tuple[tuple[Any, ...], str, Any], ...] = ()
    """(identity values, column, value) of each affected cell."""
    scope: str = "sample"
    """``all``: every affected row of the source is listed; ``sample``: those of the sample."""
    found: int | None = None
    """Cells found before a cap on how many are listed (None: as many as are listed)."""
    predicate: str | None = None
    """A SQL condition selecting the affected rows, for a WHERE clause (SQL sources)."""
    file: str | None = None
    """Where the cells were written, relative to the failed-rows folder."""

    @property
    def capped(self) -> bool:
        return self.found is not None and self.found > len(self.cells)

    @property
    def identity_note(self) -> str:
        notes = [IDENTITY_NOTES[i] for i in self.identity if i in IDENTITY_NOTES]
        return "; ".join(notes) or f"rows are identified by their key ({', '.join(self.identity)})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.scope,
            "identity": list(self.identity),
            "cells": len(self.cells),
            "found": len(self.cells) if self.found is None else self.found,
            "capped": self.capped,
            "predicate": self.predicate,
        }


@dataclass(frozen=True)
class Finding:
    check: str
    dimension: Dimension
    severity: Severity
    source: str
    message: str
    columns: tuple[str, ...] = ()
    measured: Any = None
    threshold: Any = None
    affected: int | None = None
    total: int | None = None
    basis: Basis = Basis.EXACT
    sample_size: int | None = None
    examples: tuple[Any, ...] = ()
    remediation: Remediation | None = None
    failed_rows: FailedRows | None = None
    """The rows behind the finding, where it concerns rows (not a whole column or source)."""
    problem: str | None = None
    """The kind of problem (``missing``, ``value_set``, ``duplicate``...) on the finding's columns.
    Findings of different checks with the same problem on the same columns are one problem."""
    counted_in: str | None = None
    """Set on a finding that another finding already counts (see scoring.overlaps): what that
    finding is. It is kept as a note, with no score deduction and no plan step of its own."""

    @property
    def share(self) -> float | None:
        """Share of rows (or values) affected, when the finding counts them."""
        if self.affected is None or not self.total:
            return None
        return self.affected / self.total

    @property
    def basis_text(self) -> str:
        if self.basis is Basis.SAMPLE:
            return f"estimated from {self.sample_size:,} sampled rows"
        if self.basis is Basis.METADATA:
            return "from declared metadata"
        return "exact, all rows"

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "dimension": self.dimension.value,
            "severity": self.severity.value,
            "source": self.source,
            "columns": list(self.columns),
            "message": self.message,
            "measured": jsonable(self.measured),
            "threshold": jsonable(self.threshold),
            "affected": self.affected,
            "total": self.total,
            "share": None if self.share is None else round(self.share, 6),
            "basis": self.basis.value,
            "sample_size": self.sample_size,
            "examples": [jsonable(e) for e in self.examples],
            "remediation": None
            if self.remediation is None
            else {
                "action": self.remediation.action,
                "effort": self.remediation.effort,
                "expectation": self.remediation.expectation,
            },
            "failed_rows": None if self.failed_rows is None else self.failed_rows.to_dict(),
            "problem": self.problem,
            "counted_in": self.counted_in,
        }


class Findings(tuple[Finding, ...]):
    """The findings of a scorecard: a tuple of :class:`Finding`, and a table in notebooks.

    ``to_frame()`` gives one row per finding as a pandas DataFrame; Jupyter shows that table.
    """

    @overload
    def __getitem__(self, index: SupportsIndex) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Findings: ...
    def __getitem__(self, index: SupportsIndex | slice) -> Finding | Findings:
        if isinstance(index, slice):
            return Findings(super().__getitem__(index))
        return super().__getitem__(index)

    def to_frame(self) -> pd.DataFrame:
        from dataready.reporting.notebook import findings_frame

        return findings_frame(self)

    def _repr_html_(self) -> str:
        from dataready.reporting.notebook import frame_html

        return frame_html(self.to_frame(), brief=True)
