"""Expectation suites and their results as typed values: a suite file, each expectation's outcome, one run."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dataready.model.findings import Finding

SUITE_CHECK = "expectation_suite"
"""The informational finding that lists every expectation of a suite and its outcome."""

EXPECTATION_CHECK = "expectation"
"""A failed expectation."""

BROKEN_CHECK = "expectation_error"
"""An expectation that could not run: always a gate failure."""

SKIPPED_CHECK = "expectation_suite_skipped"
"""A suite not run because Great Expectations is not installed: a note for an audit (its score
and level are those of the data), a failure for a gate (a suite nobody ran gates nothing)."""

_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")


@dataclass(frozen=True)
class Suite:
    """One suite file: its GX 1.x JSON, checked to load into GX without losing an expectation."""

    path: Path
    name: str
    expectations: tuple[dict[str, Any], ...]
    """Each as in the file: ``{"type", "kwargs", "meta", ...}``."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    notes: Any = None

    def shown_path(self, root: Path | None = None) -> str:
        if root is not None:
            with contextlib.suppress(ValueError):
                return self.path.resolve().relative_to(root.resolve()).as_posix()
        return str(self.path)


@dataclass(frozen=True)
class Outcome:
    """What GX said about one expectation."""

    type: str
    kwargs: Mapping[str, Any]
    status: str
    """``passed``, ``failed`` or ``error`` (could not run)."""
    severity: str = "critical"
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    element_count: int | None = None
    missing_count: int | None = None
    observed: Any = None
    examples: tuple[Any, ...] = ()
    error: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return expectation_columns(self.kwargs)

    @property
    def label(self) -> str:
        """The expectation as reports name it; a column header that is personal data is masked."""
        from dataready.pii.masking import mask_text

        return f"{self.type}({', '.join(mask_text(c) for c in self.columns)})"

    @property
    def total(self) -> int | None:
        """Values the unexpected share is taken of: GX counts non-missing values, as here."""
        if self.element_count is None:
            return None
        return (
            self.element_count - (self.missing_count or 0)
            if self.missing_count is not None
            else self.element_count
        )

    def detail(self) -> str:
        """What went wrong, in words, without example values (they may be personal data)."""
        if self.status == "error":
            return f"could not run: {self.error}"
        if self.status == "passed":
            return "passed"
        if self.unexpected_count is not None:
            share = (
                f" ({self.unexpected_percent:.2f} %)" if self.unexpected_percent is not None else ""
            )
            of = f" of {self.total:,}" if self.total else ""
            return f"{self.unexpected_count:,}{of} values unexpected{share}" + _bounds_text(
                self.kwargs
            )
        if self.observed is not None:
            return f"observed {_short_value(self.observed)}" + _bounds_text(self.kwargs)
        return "failed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "expectation": self.label,
            "type": self.type,
            "columns": [_masked_name(c) for c in self.columns],
            "status": self.status,
            "severity": self.severity,
            "unexpected_count": self.unexpected_count,
            "unexpected_percent": None
            if self.unexpected_percent is None
            else round(self.unexpected_percent, 4),
            "element_count": self.element_count,
            "detail": self.detail(),
        }


def _masked_name(column: str) -> str:
    from dataready.pii.masking import mask_text

    return mask_text(column)


@dataclass(frozen=True)
class SuiteRun:
    """One suite run against one source."""

    source: str
    suite: Suite
    outcomes: tuple[Outcome, ...] = ()
    engine: str = ""
    """How GX ran it: ``sql (postgresql)``, ``pandas``."""
    seconds: float = 0.0
    error: str | None = None
    """Set when the source could not be read: nothing ran."""
    root: Path | None = field(default=None, compare=False)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def success(self) -> bool:
        return self.error is None and all(o.status == "passed" for o in self.outcomes)

    @property
    def suite_path(self) -> str:
        return self.suite.shown_path(self.root)

    def summary(self) -> str:
        n = len(self.outcomes)
        parts = [f"{self.count('passed')} of {n} expectation{'s' * (n != 1)} passed"]
        if self.count("failed"):
            parts.append(f"{self.count('failed')} failed")
        if self.count("error"):
            parts.append(f"{self.count('error')} could not run")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "suite": self.suite.name,
            "path": self.suite_path,
            "engine": self.engine,
            "seconds": round(self.seconds, 3),
            "success": self.success,
            "error": self.error,
            "evaluated": len(self.outcomes),
            "passed": self.count("passed"),
            "failed": self.count("failed"),
            "errors": self.count("error"),
            "expectations": [o.to_dict() for o in self.outcomes],
        }


def expectation_columns(kwargs: Mapping[str, Any]) -> tuple[str, ...]:
    cols: list[str] = []
    for key in _COLUMN_KWARGS:
        value = kwargs.get(key)
        if isinstance(value, str):
            cols.append(value)
        elif isinstance(value, (list, tuple)):
            cols.extend(str(v) for v in value)
    return tuple(cols)


def _bounds_text(kwargs: Mapping[str, Any]) -> str:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        return f"; expected between {_short_value(low)} and {_short_value(high)}"
    return (
        f"; expected at least {_short_value(low)}"
        if low is not None
        else f"; expected at most {_short_value(high)}"
    )


def _short_value(value: Any) -> str:
    if isinstance(value, dict) and "$PARAMETER" in value:
        return str(value["$PARAMETER"])
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return f"{len(value)} columns" if len(value) > 4 else ", ".join(map(str, value))
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def runs_in(findings_: Sequence[Finding]) -> list[dict[str, Any]]:
    """The suite summaries recorded in an audit's findings (``measured`` of each suite finding)."""
    return [
        {"source": f.source, **f.measured}
        for f in findings_
        if f.check == SUITE_CHECK and isinstance(f.measured, dict)
    ]
