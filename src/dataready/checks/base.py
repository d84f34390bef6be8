"""The contract every check follows, and the few helpers checks share."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from dataready.model import Basis, Dimension, Finding, Measurement, Remediation, Severity


class Check(ABC):
    """Reads a measurement and returns findings. Never raises on bad data: bad data is the point."""

    name: ClassVar[str]
    dimension: ClassVar[Dimension]

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
