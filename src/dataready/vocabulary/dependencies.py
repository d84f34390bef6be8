"""Approximate functional dependencies (zip → city, code → name) found in a table's rows.

A dependency X → Y holds when every value of X comes with one value of Y. Real tables break
their dependencies in a few rows (a mistyped city for a zip), so a dependency is kept when the
majority value of Y within each group of X covers at least ``HOLDS`` of the rows whose X repeats;
the rows with another value are its violations. Counted with integer codes and one sort per pair
of columns; the functions know nothing of findings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

HOLDS = 0.99
MAX_BASELINE = 0.9
"""Y's most frequent value covers at most this share of rows, else knowing X tells nothing new."""
MIN_GROUPS = 3
MIN_SUPPORT = 0.5
"""Share of rows whose X value repeats: a dependency seen on single rows is no evidence."""
MAX_COLUMNS = 24
MAX_PAIRS = 200


@dataclass(frozen=True)
class Dependency:
    determinant: str
    dependent: str
    holds: float
    """Share of the supporting rows that agree with their group's majority."""
    violations: tuple[tuple[Any, Any, Any, int], ...]
    """(X value, majority Y value, other Y value, rows) for each break, most rows first."""
    rows: tuple[int, ...]
    """Positions (in the frame given) of the rows that break it."""


def _codes(series: Any) -> tuple[Any, Any, int]:
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, uniques, len(uniques)


def find_dependencies(columns: Mapping[str, Any]) -> list[Dependency]:
    """Approximate dependencies between the given columns (pandas Series of equal length) that are
    broken by some rows; each unordered pair is reported once (the determinant with more values)."""
    import numpy as np

    coded = {name: _codes(s) for name, s in list(columns.items())[:MAX_COLUMNS]}
    n = len(next(iter(columns.values()))) if columns else 0
    if n == 0:
        return []
    found: list[Dependency] = []
    seen: set[frozenset[str]] = set()
    pairs = 0
    order = sorted(coded, key=lambda k: -coded[k][2])
    for x in order:
        cx, ux, nx = coded[x]
        if nx < MIN_GROUPS or nx > MIN_SUPPORT * n:
            continue
        for y in order:
            cy, uy, ny = coded[y]
            if y == x or ny < 2 or ny > nx or frozenset((x, y)) in seen:
                continue
            pairs += 1
            if pairs > MAX_PAIRS:
                return found
            both = (cx >= 0) & (cy >= 0)
            if both.sum() < 50:
                continue
            top_share = np.bincount(cy[both]).max() / both.sum()
            if top_share > MAX_BASELINE:
                continue
            dep = _dependency(x, y, cx, cy, ux, uy, ny, both)
            if dep is not None:
                found.append(dep)
                seen.add(frozenset((x, y)))
    return found


def _dependency(
    x: str, y: str, cx: Any, cy: Any, ux: Any, uy: Any, ny: int, both: Any
) -> Dependency | None:
    import numpy as np

    positions = np.flatnonzero(both)
    pair = cx[both].astype(np.int64) * ny + cy[both]
    keys, inverse, counts = np.unique(pair, return_inverse=True, return_counts=True)
    gx = keys // ny
    group_rows = np.bincount(gx, weights=counts).astype(np.int64)
    # The majority value of Y within each group of X (the last maximum after sorting by count).
    order = np.lexsort((counts, gx))
    majority_of = np.full(len(group_rows), -1, dtype=np.int64)
    majority_count = np.zeros(len(group_rows), dtype=np.int64)
    majority_of[gx[order]] = keys[order] % ny
    majority_count[gx[order]] = counts[order]
    repeated = group_rows[gx] >= 2
    support = int(group_rows[group_rows >= 2].sum())
    if support < MIN_SUPPORT * len(positions) or int((group_rows >= 2).sum()) < MIN_GROUPS:
        return None
    agree = int(majority_count[group_rows >= 2].sum())
    holds = agree / support
    if holds < HOLDS or holds == 1.0:
        return None
    # Breaks only where the group's majority is clear (more than half its rows).
    clear = majority_count * 2 > group_rows
    breaking = repeated & (keys % ny != majority_of[gx]) & clear[gx]
    if not breaking.any():
        return None
    violations = [
        (ux[g], uy[majority_of[g]], uy[k % ny], int(c))
        for k, g, c, bad in zip(keys, gx, counts, breaking, strict=True)
        if bad
    ]
    violations.sort(key=lambda v: -v[3])
    rows = positions[breaking[inverse]]
    return Dependency(x, y, holds, tuple(violations), tuple(int(r) for r in rows))
