"""Deterministic wide Parquet file for the performance benchmark.

N rows × 20 columns of mixed types (integers, floats, low- and high-cardinality text, timestamps,
dates, booleans) with 2-5 % nulls in several columns and a few planted defects (disguised missing
values, blanks, untrimmed text, negative ages, future timestamps, duplicated rows), so that every
check of an audit has real work to do.

The file is written in fixed-size chunks with ``pyarrow.parquet.ParquetWriter``: memory stays at a
about 0.5 GB whatever N is (10M rows included). Each chunk draws from its own generator seeded
with ``(seed, chunk index)``, so the same arguments always give the same rows.

    python benchmarks/generate.py --rows 1000000 --out benchmarks/data/wide_1m.parquet
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

CHUNK_ROWS = 500_000
"""Rows generated and written at a time; also the Parquet row-group size. Fixed so that the
content of the file depends on the seed and N only."""

EPOCH_2020_S = 1_577_836_800  # 2020-01-01T00:00:00Z
FIVE_YEARS_S = 5 * 365 * 86_400

COUNTRIES = (
    "US",
    "GB",
    "DE",
    "FR",
    "ES",
    "IT",
    "NL",
    "BE",
    "SE",
    "NO",
    "DK",
    "FI",
    "PL",
    "PT",
    "IE",
    "CA",
    "MX",
    "BR",
    "AR",
    "CL",
    "JP",
    "KR",
    "CN",
    "IN",
    "AU",
    "NZ",
    "ZA",
    "EG",
    "NG",
    "KE",
)
# Planted: "N/A", "unknown" and "" are values people type for "no value" (disguised missing).
STATUSES = ("active", "pending", "shipped", "cancelled", "returned", "N/A", "unknown", "")
STATUS_WEIGHTS = (0.40, 0.20, 0.25, 0.07, 0.05, 0.015, 0.01, 0.005)
CATEGORIES = tuple(f"category-{i:03d}" for i in range(200))
FIRST_NAMES = (
    "Ana",
    "Ben",
    "Chloé",
    "David",
    "Emma",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jon",
    "Kenji",
    "Lea",
    "Mona",
    "Noah",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Ugo",
    "Vera",
    "Wei",
    "Yara",
)
LAST_NAMES = (
    "Smith",
    "García",
    "Müller",
    "Rossi",
    "Dubois",
    "Silva",
    "Kowalski",
    "Novak",
    "Tanaka",
    "Kim",
    "Nguyen",
    "Okafor",
    "Jensen",
    "Larsen",
    "Ivanova",
    "Cohen",
    "Haddad",
    "Singh",
    "Chen",
    "Brown",
)
WORDS = (
    "late",
    "delivery",
    "package",
    "damaged",
    "refund",
    "great",
    "service",
    "slow",
    "support",
    "order",
    "missing",
    "item",
    "quality",
    "price",
    "fast",
    "again",
    "thanks",
    "wrong",
    "size",
    "color",
    "return",
    "box",
    "open",
    "call",
    "email",
    "never",
    "arrived",
    "perfect",
    "broken",
    "replacement",
    "invoice",
    "address",
    "changed",
    "cancel",
    "subscription",
    "discount",
)


def _with_nulls(array: pa.Array, rng: np.random.Generator, share: float) -> pa.Array:
    """``array`` with about ``share`` of its values replaced by null."""
    mask = pa.array(rng.random(len(array)) < share)
    return pc.if_else(mask, pa.scalar(None, array.type), array)


def _pick(
    rng: np.random.Generator,
    vocabulary: tuple[str, ...],
    n: int,
    p: tuple[float, ...] | None = None,
) -> pa.Array:
    # take() on a small dictionary of strings runs in Arrow's C++; no Python object per row.
    return pa.array(vocabulary).take(pa.array(rng.choice(len(vocabulary), size=n, p=p)))


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def chunk(rng: np.random.Generator, start: int, n: int) -> pa.Table:
    """Rows ``start`` to ``start + n`` of the file."""
    ids = np.arange(start, start + n, dtype=np.int64)
    created_s = EPOCH_2020_S + rng.integers(0, FIVE_YEARS_S, size=n)
    updated_s = created_s + rng.integers(0, 90 * 86_400, size=n)
    # Planted: 0.1 % of updates stamped in 2099, i.e. in the future.
    updated_s = np.where(
        rng.random(n) < 0.001, 4_070_908_800 + rng.integers(0, 86_400, size=n), updated_s
    )
    age = rng.integers(18, 90, size=n)
    age = np.where(rng.random(n) < 0.0005, -age, age)  # planted: negative ages
    first, last = _pick(rng, FIRST_NAMES, n), _pick(rng, LAST_NAMES, n)
    name = _join(first, " ", last)
    # Planted: 0.5 % of names with surrounding blanks (untrimmed text).
    name = pc.if_else(pa.array(rng.random(n) < 0.005), _join("  ", name, " "), name)
    email_user = pc.cast(pa.array(rng.integers(0, 50_000_000, size=n)), pa.string())
    comment = _join(
        _pick(rng, WORDS, n),
        " ",
        _pick(rng, WORDS, n),
        " ",
        _pick(rng, WORDS, n),
        " ",
        _pick(rng, WORDS, n),
        " #",
        pc.cast(pa.array(rng.integers(0, 1000, size=n)), pa.string()),
    )

    columns: dict[str, pa.Array] = {
        "order_id": pa.array(ids),
        "customer_id": pa.array(rng.integers(1, 200_000, size=n)),
        "age": _with_nulls(pa.array(age.astype(np.int32)), rng, 0.03),
        "quantity": pa.array(rng.integers(1, 20, size=n).astype(np.int16)),
        "amount": _with_nulls(pa.array(np.round(rng.lognormal(3.5, 1.0, size=n), 2)), rng, 0.02),
        "discount": _with_nulls(pa.array(rng.random(n).astype(np.float32)), rng, 0.05),
        "score": pa.array(rng.normal(0.0, 1.0, size=n)),
        "country": _with_nulls(_pick(rng, COUNTRIES, n), rng, 0.02),
        "status": _pick(rng, STATUSES, n, STATUS_WEIGHTS),
        "category": _pick(rng, CATEGORIES, n),
        "email": _with_nulls(_join("user", email_user, "@example.com"), rng, 0.03),
        "name": name,
        "sku": _join(
            "SKU-",
            pc.utf8_lpad(
                pc.cast(pa.array(rng.integers(0, 10_000_000, size=n)), pa.string()), 7, "0"
            ),
        ),
        "comment": _with_nulls(comment, rng, 0.04),
        "created_at": pa.array(created_s * 1_000_000, type=pa.timestamp("us")),
        "updated_at": _with_nulls(
            pa.array(updated_s * 1_000_000, type=pa.timestamp("us")), rng, 0.02
        ),
        "birth_date": _with_nulls(
            pa.array((created_s // 86_400 - age * 365).astype(np.int32), type=pa.date32()),
            rng,
            0.05,
        ),
        "ship_date": pa.array((updated_s // 86_400).astype(np.int32), type=pa.date32()),
        "is_active": pa.array(rng.random(n) < 0.8),
        "is_verified": _with_nulls(pa.array(rng.random(n) < 0.6), rng, 0.03),
    }
    table = pa.table(columns)
    # Planted: 0.1 % of rows are exact copies of another row of the chunk (duplicate rows, and
    # so duplicate order_id keys too).
    order = np.arange(n)
    copies = rng.choice(n, size=max(1, n // 1000), replace=False)
    order[copies] = rng.choice(n, size=len(copies))
    return table.take(pa.array(order))


def generate(rows: int, out: Path, seed: int = 20261125) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(out.suffix + ".partial")  # never leave a truncated file under `out`
    writer: pq.ParquetWriter | None = None
    try:
        for index, start in enumerate(range(0, rows, CHUNK_ROWS)):
            rng = np.random.default_rng([seed, index])
            table = chunk(rng, start, min(CHUNK_ROWS, rows - start))
            if writer is None:
                writer = pq.ParquetWriter(partial, table.schema, compression="snappy")
            writer.write_table(table, row_group_size=CHUNK_ROWS)
    finally:
        if writer is not None:
            writer.close()
    partial.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="number of rows [default: 1000000]"
    )
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "data" / "wide_1m.parquet"
    )
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    started = time.perf_counter()
    generate(args.rows, args.out, args.seed)
    size_mb = args.out.stat().st_size / 2**20
    print(
        f"wrote {args.out} ({args.rows:,} rows, {size_mb:.0f} MB) in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
