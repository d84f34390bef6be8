"""Cross-column dependencies: rows that break a dependency (zip → city) every other row keeps."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from dataready.checks.base import (
    Check,
    failed_rows,
    masked,
    pct,
    plain,
    scale_to_rows,
    severity_for_share,
)
from dataready.model import ColumnKind, Dimension, Finding, Measurement
from dataready.vocabulary.dependencies import HOLDS, find_dependencies
from dataready.vocabulary.values import id_like

MIN_ROWS = 100
MAX_LISTED = 20


def _candidates(m: Measurement) -> dict[str, Any]:
    """Columns that can determine or be determined: text and integers (measurements are continuous
    and keep no dependency worth stating), of which neither is unique nor constant."""
    import pandas as pd

    out: dict[str, Any] = {}
    for c in m.columns:
        if c.name not in m.sample.columns or c.kind not in (ColumnKind.STRING, ColumnKind.NUMBER):
            continue
        series = m.sample[c.name]
        if c.kind is ColumnKind.NUMBER:
            values = pd.to_numeric(series, errors="coerce")
            present = values.dropna()
            if series.dtype == bool or not len(present) or not (present == present.round()).all():
                continue
        s = m.stats[c.name]
        if s.distinct is not None and s.distinct >= 0.95 * max(s.non_null, 1):
            continue  # a key determines everything and is determined by nothing
        if (s.max_length or 0) > 64:
            continue  # free text
        out[c.name] = series
    return out


class DependencyViolations(Check):
    """Rows that break an approximate functional dependency the rest of the table keeps.

    Found from the data (see ``vocabulary.dependencies``): X → Y when each value of X comes with one
    value of Y in at least 99 % of the rows whose X repeats, and Y is not nearly constant. The rows
    with another value of Y contradict the rest of the table (a city mistyped for its zip, a name
    that drifted from its code); the finding names the majority value each should likely have.
    """

    name: ClassVar[str] = "dependency_violations"
    dimension: ClassVar[Dimension] = Dimension.CONSISTENCY

    def applies(self, m: Measurement) -> bool:
        return m.row_count >= MIN_ROWS and len(m.columns) >= 2

    def run(self, m: Measurement) -> list[Finding]:
        if len(m.sample) < MIN_ROWS:
            return []
        columns = _candidates(m)
        out: list[Finding] = []
        for dep in find_dependencies(columns):
            x, y = dep.determinant, dep.dependent
            if id_like(y) and not id_like(x):
                continue  # an identifier is not an attribute of a category
            count = len(dep.rows)
            share = count / len(m.sample)
            listed = [
                {"value": plain(a), "expected": plain(b), "found": plain(c), "rows": n}
                for a, b, c, n in dep.violations[:MAX_LISTED]
            ]
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.05),
                    f"{count:,} rows ({pct(share)}) break the dependency {x} → {y} that "
                    f"{math.floor(dep.holds * 1000) / 10:.1f} % of rows keep (e.g. {x} {masked(listed[0]['value'])!r} "
                    f"has {y} {masked(listed[0]['expected'])!r}, not {masked(listed[0]['found'])!r})",
                    columns=(x, y),
                    measured={
                        "holds": round(dep.holds, 6),
                        "violations": listed,
                        "sample_rows": [plain(m.sample.index[r]) for r in dep.rows[:MAX_LISTED]],
                    },
                    threshold=HOLDS,
                    affected=scale_to_rows(m, count),
                    total=m.row_count,
                    basis=m.sample_basis,
                    examples=tuple(
                        f"{masked(v['value'])!r}: {masked(v['found'])!r} → {masked(v['expected'])!r}"
                        for v in listed[:5]
                    ),
                    action=f"Correct {y} in the rows that contradict the rest of the table for "
                    f"the same {x} (majority value in the finding), or keep {y} in a table keyed by {x}",
                    effort="M",
                    rows=failed_rows(m, m.sample.index[list(dep.rows)], (x, y)),
                )
            )
        return out


CHECKS = (DependencyViolations(),)
