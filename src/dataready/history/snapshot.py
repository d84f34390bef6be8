"""A measurement reduced to what the history keeps: figures, digests of categories, a fingerprint.

No value of a column is kept as it stands: numbers keep min/max/mean/spread/quantiles unless the
column holds personal data; categories are kept as SHA-256 digests with their counts, and not at
all for personal columns (a digest of a name or an e-mail address can be looked up).
"""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path
from typing import Any

from dataready.model import ColumnKind, Measurement, Source
from dataready.model.history import ColumnSnapshot, SourceSnapshot

QUANTILES = tuple(i / 20 for i in range(21))
"""0, 5, … 100 %: the distribution summary drift compares."""


MAX_CATEGORIES = 100
CATEGORY_SHARE = 0.5
"""A column's values are kept as categories (digests with counts) when there are at most
:data:`MAX_CATEGORIES` of them and each repeats on average (free text, dates and identifiers do not)."""


def digest(value: Any) -> str:
    """A category's digest: equal values give equal digests from run to run."""
    return hashlib.sha256(f"{type(value).__name__}:{value}".encode()).hexdigest()[:16]


def snapshot(m: Measurement, fingerprint: dict[str, Any] | None = None) -> SourceSnapshot:
    from dataready.pii.masking import personal_columns

    personal = set(personal_columns(m))
    rows = m.row_count
    columns = []
    for column in m.columns:
        s = m.stats.get(column.name)
        non_null = s.non_null if s is not None else 0
        distinct = s.distinct if s is not None else None
        is_personal = column.name in personal
        numbers: dict[str, Any] = {}
        if column.kind is ColumnKind.NUMBER and not is_personal:
            numbers = _numbers(
                m, column.name, s.min_value if s else None, s.max_value if s else None
            )
        categories = None
        if (
            s is not None
            and s.top_values is not None
            and not is_personal
            and len(s.top_values) <= MAX_CATEGORIES
            and len(s.top_values) <= non_null * CATEGORY_SHARE
        ):
            categories = tuple(
                sorted((digest(v), int(n)) for v, n in s.top_values if v is not None)
            )
        columns.append(
            ColumnSnapshot(
                name=column.name,
                kind=column.kind.value,
                db_type=column.db_type,
                non_null=non_null,
                null_rate=_rate(rows - non_null, rows),
                distinct=distinct,
                distinct_rate=None if distinct is None else _rate(distinct, non_null),
                categories=categories,
                personal=is_personal,
                identifier=column.name in m.source.key
                or (
                    distinct is not None
                    and distinct == non_null == rows > 0
                    and column.kind is ColumnKind.NUMBER
                    and "INT" in column.db_type.upper()
                ),
                **numbers,
            )
        )
    return SourceSnapshot(
        source=m.source.name,
        row_count=rows,
        columns=tuple(columns),
        fingerprint=fingerprint if fingerprint is not None else table_fingerprint(m),
        sample_size=m.sample_size,
    )


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 0.0


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _numbers(m: Measurement, name: str, low: Any, high: Any) -> dict[str, Any]:
    import pandas as pd

    out: dict[str, Any] = {"minimum": _finite(low), "maximum": _finite(high)}
    if name not in m.sample.columns:
        return out
    values = pd.to_numeric(m.sample[name], errors="coerce").dropna()
    values = values[values.map(math.isfinite)] if len(values) else values
    if len(values):
        out["mean"] = _finite(values.mean())
        out["std"] = _finite(values.std(ddof=0))
        out["quantiles"] = tuple(
            round(float(q), 9) for q in values.quantile(list(QUANTILES)).tolist()
        )
    return out


def _database_file(url: str) -> Path | None:
    import sqlalchemy as sa

    try:
        parsed = sa.make_url(url)
    except Exception:
        return None
    database = parsed.database or ""
    if parsed.get_backend_name() not in ("sqlite", "duckdb") or database in ("", ":memory:"):
        return None
    path = Path(database.removeprefix("file:").split("?", 1)[0])
    return path if path.is_absolute() else None


def table_fingerprint(m: Measurement) -> dict[str, Any]:
    """What identifies a table's content without reading it again: its rows and its columns."""
    return {
        "kind": "table",
        "rows": m.row_count,
        "columns": [[c.name, c.db_type] for c in m.columns],
    }


def file_fingerprint(source: Source) -> dict[str, Any] | None:
    """Size, modification time and SHA-256 of the file(s) a source reads: its files, or the
    SQLite/DuckDB file holding its table (any change to that database changes it); None for a
    database server or a DataFrame."""
    if "://" in source.location:
        path = _database_file(source.location)
        if path is None:
            return None
    elif source.connector in ("file", "documents"):
        path = Path(source.location)
    else:
        return None
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
    else:
        import glob

        files = sorted(Path(p) for p in glob.glob(source.location, recursive=True))
        files = [p for p in files if p.is_file()]
    if not files:
        return None
    whole = hashlib.sha256()
    listed: list[tuple[str, int, int]] = []
    for f in files:
        stat = f.stat()
        h = hashlib.sha256()
        with f.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        whole.update(f"{f.name}\0{h.hexdigest()}\0".encode())
        listed.append((os.fspath(f.name), stat.st_size, stat.st_mtime_ns))
    return {
        "kind": "files",
        "size": sum(item[1] for item in listed),
        "mtime_ns": max(item[2] for item in listed),
        "sha256": whole.hexdigest(),
        "files": len(files),
    }
