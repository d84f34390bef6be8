"""The contract every check follows, and the few helpers checks share."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from dataready.model import (
    Basis,
    Dimension,
    FailedRows,
    Finding,
    Measurement,
    Remediation,
    Severity,
)
from dataready.model.findings import SAMPLE_ROW


class Check(ABC):
    """Reads a measurement and returns findings. Never raises on bad data: bad data is the point."""

    name: ClassVar[str]
    dimension: ClassVar[Dimension]
    problem: ClassVar[str | None] = None
    """The kind of problem the check's findings report, where other checks can report it too
    (see scoring.overlaps); a finding may name another with ``problem=``."""

    @abstractmethod
    def run(self, m: Measurement) -> list[Finding]: ...

    def applies(self, m: Measurement) -> bool:
        """Whether this check assesses anything on this source; if no check of a dimension applies, it is n/a."""
        return m.row_count > 0

    def finding(
        self,
        m: Measurement,
        severity: Severity,
        message: str,
        *,
        columns: tuple[str, ...] = (),
        measured: Any = None,
        threshold: Any = None,
        affected: int | None = None,
        total: int | None = None,
        basis: Basis = Basis.EXACT,
        examples: tuple[Any, ...] = (),
        action: str | None = None,
        effort: str = "M",
        expectation: dict[str, Any] | None = None,
        rows: FailedRows | None = None,
        problem: str | None = None,
    ) -> Finding:
        return Finding(
            check=self.name,
            dimension=self.dimension,
            severity=severity,
            source=m.source.name,
            message=message,
            columns=columns,
            measured=measured,
            threshold=threshold,
            affected=affected,
            total=total,
            basis=basis,
            sample_size=m.sample_size if basis is Basis.SAMPLE else None,
            examples=examples,
            remediation=Remediation(action, effort, expectation) if action else None,
            failed_rows=rows,
            problem=problem or self.problem,
        )


def severity_for_share(share: float, *, warning: float = 0.01, error: float = 0.2) -> Severity:
    """Findings that touch more rows matter more; the cut-offs are documented in the README."""
    if share >= error:
        return Severity.ERROR
    if share >= warning:
        return Severity.WARNING
    return Severity.INFO


def expectation(kind: str, **kwargs: Any) -> dict[str, Any]:
    """A Great Expectations 1.x expectation in its JSON form."""
    return {"type": kind, "kwargs": kwargs}


def pct(share: float) -> str:
    if share == 0:
        return "0 %"
    if share < 0.001:
        return "<0.1 %"
    return f"{share * 100:.1f} %" if share < 0.1 else f"{share * 100:.0f} %"


def sample_basis(m: Measurement) -> Basis:
    return m.sample_basis


def scale_to_rows(m: Measurement, count_in_sample: int) -> int:
    """An estimate for the whole table from a count in the sample (exact when the sample is complete)."""
    if m.sample_is_complete or not m.sample_size:
        return count_in_sample
    return round(count_in_sample * m.row_count / m.sample_size)


def plain(value: Any) -> Any:
    """A measured value as JSON-friendly Python: ISO dates, numpy scalars unwrapped."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if getattr(value, "ndim", 0) >= 1:  # an array (a list column): its items, never item()
        return value.tolist()
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def masked(value: Any, limit: int = 40) -> str:
    """An example value as shown in reports: truncated, and never a long raw string."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def row_identity(m: Measurement) -> tuple[str, ...]:
    """The columns that identify a row in failed-rows lists.

    The declared key; else, for a file, the row's position in it; else a key the measurement
    found unique over every row (an id column of a table); else the row's place in the sample.
    """
    key = tuple(m.source.key)
    if key and all(k in m.sample.columns for k in key):
        return key
    if m.row_identity == SAMPLE_ROW:
        for found, repeats in m.duplicate_keys.items():
            if repeats == 0 and all(k in m.sample.columns for k in found):
                return tuple(found)
    return (m.row_identity,)


def failed_rows(
    m: Measurement,
    rows: Any,
    columns: str | Sequence[str],
    *,
    predicate: str | None = None,
    every_row: bool | None = None,
) -> FailedRows:
    """The cells of ``columns`` in the sampled ``rows`` (index labels, or a boolean mask on the sample).

    ``every_row`` says the rows are every affected row of the source (default: when the sample
    holds every row). ``predicate`` is a SQL condition selecting every affected row.
    """
    import pandas as pd

    sample = m.sample
    if isinstance(rows, pd.Series) and rows.dtype == bool:
        labels = rows.index[rows.to_numpy()]
    else:
        labels = pd.Index(rows)
    names = [columns] if isinstance(columns, str) else list(columns)
    identity = row_identity(m)
    if identity == (m.row_identity,):
        ids = [(plain(i),) for i in labels]
    else:
        keys = sample.loc[labels, list(identity)]
        ids = [tuple(plain(v) for v in row) for row in keys.itertuples(index=False)]
    cells: list[tuple[tuple[Any, ...], str, Any]] = []
    for name in names:
        values = sample.loc[labels, name] if name in sample.columns else [None] * len(labels)
        cells.extend(
            (i, name, None if _is_missing(v) else plain(v))
            for i, v in zip(ids, values, strict=True)
        )
    complete = m.sample_is_complete if every_row is None else every_row
    return FailedRows(
        identity=identity,
        cells=tuple(cells),
        scope="all" if complete else "sample",
        predicate=predicate,
    )


def _is_missing(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and value != value)
        or str(value) in ("NaT", "<NA>")
    )


def sql_predicate(m: Measurement, condition: Callable[[Any], Any], column: str) -> str | None:
    """``condition`` (a function of a SQLAlchemy column) as SQL text in the source's dialect."""
    if m.dialect is None:
        return None
    try:
        import sqlalchemy as sa

        clause = condition(sa.column(column))
        return str(clause.compile(dialect=m.dialect, compile_kwargs={"literal_binds": True}))
    except Exception:
        return None  # a value the dialect cannot write as a literal: the rows are still listed


def in_values(m: Measurement, column: str, values: Sequence[Any]) -> FailedRows:
    """The rows whose ``column`` holds one of ``values``, with the predicate selecting them all."""
    wanted = set(values)
    series = m.sample[column] if column in m.sample.columns else None
    mask = series.isin(wanted) if series is not None else None
    predicate = sql_predicate(m, lambda col: col.in_(list(values)), column)
    if mask is None:
        return FailedRows(identity=row_identity(m), predicate=predicate)
    return failed_rows(m, mask, column, predicate=predicate)
