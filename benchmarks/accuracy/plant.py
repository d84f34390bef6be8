"""Plant known defects into copies of the real tables, and record each one as ground truth.

Every defective copy carries exactly one planted defect (one kind, in one column), so the truth
is exact: the rows it touched, the column, the dimension a detector should report it under. The
clean control of a table is the original written by the same writer, untouched.

Everything is seeded: the same corpus gives byte-identical copies and truth on every run.

    python benchmarks/accuracy/plant.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from corpus import TABLES, load_table, write_table

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data"
SEED = 20240611


@dataclass(frozen=True)
class Plant:
    """One planned defect: which table, which kind, which column, with kind-specific parameters."""

    table: str
    kind: str
    column: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def copy(self) -> str:
        if self.column == "*":
            return f"{self.table}__{self.kind}"
        slug = "".join(ch if ch.isalnum() else "_" for ch in self.column).strip("_").lower()
        return f"{self.table}__{self.kind}__{slug}"


@dataclass(frozen=True)
class Truth:
    """What was planted in one defective copy."""

    copy: str
    table: str
    kind: str
    dimension: str
    columns: list[str]
    rows: list[int]
    """0-based positions, in the defective file, of the rows the defect touched (or added)."""
    affected: int
    """Rows a detector should count: touched rows; for repeated keys, rows beyond the first per key."""
    total_rows: int
    detail: str
    examples: list[str]


@dataclass(frozen=True)
class Planted:
    frame: pd.DataFrame
    rows: list[int]
    detail: str
    examples: list[str]
    affected: int | None = None
    """The count a detector should report, when it is not the number of rows touched."""


Planter = Callable[[pd.DataFrame, str, np.random.Generator, dict[str, Any]], Planted]

MIN_ROWS = 3
"""Never plant fewer than this many cells: a defect in one or two rows is below any sensible floor."""


def _count(frame: pd.DataFrame, share: float, minimum: int = MIN_ROWS) -> int:
    return max(minimum, round(share * len(frame)))


def _choose(rng: np.random.Generator, candidates: pd.Index | list[int], n: int) -> list[int]:
    pool = np.asarray(candidates)
    if len(pool) < n:
        raise ValueError(f"only {len(pool)} eligible rows, {n} needed")
    return sorted(int(i) for i in rng.choice(pool, size=n, replace=False))


def _filled(frame: pd.DataFrame, column: str) -> pd.Index:
    values = frame[column]
    mask = values.notna()
    if values.dtype == object:
        mask &= values.astype(str).str.strip() != ""
    return frame.index[mask]


def _as_object(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The column as Python objects, so text can sit beside numbers without reformatting them."""
    out = frame.copy()
    series = out[column]
    if pd.api.types.is_integer_dtype(series.dtype):
        out[column] = series.astype(object)
    elif pd.api.types.is_float_dtype(series.dtype):
        out[column] = [None if pd.isna(v) else _number_text(v) for v in series]
    return out


def _number_text(value: float) -> str:
    """A float as pandas' CSV writer prints it, so untouched cells keep their spelling."""
    return repr(float(value))


# --------------------------------------------------------------------------- completeness


def missing_values(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    rows = _choose(rng, _filled(frame, column), _count(frame, params.get("share", 0.05)))
    out = frame.copy()
    if pd.api.types.is_integer_dtype(out[column].dtype):
        out[column] = out[column].astype(
            "Int64"
        )  # nullable: the other cells keep their integer spelling
    out.loc[rows, column] = None
    return Planted(out, rows, f"{len(rows)} values set to null", [])


def placeholder_text(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    token = str(params["token"])
    rows = _choose(rng, _filled(frame, column), _count(frame, params.get("share", 0.05)))
    out = frame.copy()
    out.loc[rows, column] = token
    return Planted(out, rows, f"{len(rows)} values replaced by the placeholder {token!r}", [token])


def numeric_sentinel(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    value = params["value"]
    rows = _choose(rng, _filled(frame, column), _count(frame, params.get("share", 0.03)))
    out = frame.copy()
    out.loc[rows, column] = value
    return Planted(out, rows, f"{len(rows)} values replaced by the sentinel {value}", [str(value)])


# --------------------------------------------------------------------------- validity

_JUNK = ("#REF!", "abc", "{v}kg", "#VALUE!", "{v} approx.", "1O{v}")


def numeric_junk(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    rows = _choose(rng, _filled(frame, column), _count(frame, params.get("share", 0.03)))
    out = _as_object(frame, column)
    numbers = frame[column].to_numpy(dtype=float)
    examples = []
    for i, row in enumerate(rows):
        original = float(numbers[row])
        shown = str(int(original)) if original.is_integer() else str(original)
        junk = _JUNK[i % len(_JUNK)].format(v=shown)
        out.at[row, column] = junk
        examples.append(junk)
    return Planted(out, rows, f"{len(rows)} numbers replaced by non-numeric text", examples[:6])


def _parse_dates(frame: pd.DataFrame, column: str, fmt: str) -> pd.Series:
    parsed = pd.to_datetime(frame[column], format=fmt, errors="coerce")
    if parsed[frame[column].notna()].isna().any():
        raise ValueError(f"{column}: not every value matches {fmt}")
    return parsed


def _format_date(value: pd.Timestamp, fmt: str) -> str:
    if fmt == "%b %-d %Y":  # the stocks table's "Jan 1 2000", portable spelling
        return f"{value:%b} {value.day} {value.year}"
    return value.strftime(fmt)


def mixed_date_formats(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    source, target = str(params["source"]), str(params["target"])
    parsed = _parse_dates(frame, column, source.replace("%-d", "%d"))
    rows = _choose(rng, _filled(frame, column), _count(frame, params.get("share", 0.10)))
    out = frame.copy()
    before = frame[column].astype(str)
    examples = []
    for row in rows:
        written = _format_date(parsed[row], target)
        out.at[row, column] = written
        examples.append(f"{before[row]} -> {written}")
    return Planted(
        out, rows, f"{len(rows)} dates rewritten from {source} to {target}", examples[:4]
    )


def future_dates(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    """A century slip in the year (2007 typed as 2107), which puts the event in the future."""
    fmt = str(params["format"])
    parsed = _parse_dates(frame, column, fmt.replace("%-d", "%d"))
    rows = _choose(rng, _filled(frame, column), _count(frame, params.get("share", 0.03)))
    out = frame.copy()
    before = frame[column].astype(str)
    examples = []
    for row in rows:
        shifted = parsed[row] + pd.DateOffset(years=100)
        if shifted.date() <= dt.date.today():
            raise ValueError("a shifted date is not in the future")
        written = _format_date(shifted, fmt)
        out.at[row, column] = written
        examples.append(f"{before[row]} -> {written}")
    return Planted(
        out, rows, f"{len(rows)} dates moved 100 years ahead (century typo)", examples[:4]
    )


def negative_values(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    positive = frame.index[frame[column].fillna(0) > 0]
    rows = _choose(rng, positive, _count(frame, params.get("share", 0.02)))
    out = frame.copy()
    out.loc[rows, column] = -out.loc[rows, column]
    return Planted(
        out,
        rows,
        f"{len(rows)} values sign-flipped in a column that cannot be negative",
        [str(out.at[r, column]) for r in rows[:4]],
    )


def out_of_range(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    """An extra digit (36 typed as 360): values beyond the domain bound the column's meaning sets."""
    bound = float(params["bound"])
    eligible = frame.index[(frame[column] * 10 > bound) & (frame[column] <= bound)]
    rows = _choose(rng, eligible, _count(frame, params.get("share", 0.02)))
    out = frame.copy()
    out.loc[rows, column] = out.loc[rows, column] * 10
    return Planted(
        out,
        rows,
        f"{len(rows)} values multiplied by 10, beyond the bound {bound:g}",
        [str(out.at[r, column]) for r in rows[:4]],
    )


# --------------------------------------------------------------------------- consistency


def _most_frequent(frame: pd.DataFrame, column: str) -> str:
    return str(frame[column].dropna().astype(str).value_counts().index[0])


def case_variants(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    value = _most_frequent(frame, column)
    existing = set(frame[column].dropna().astype(str))
    variants = [
        v
        for v in dict.fromkeys(
            [value.upper(), value.lower(), value.title(), value + " ", " " + value.lower()]
        )
        if v not in existing
    ]
    rows = _choose(
        rng,
        frame.index[frame[column].astype(str) == value],
        _count(frame, params.get("share", 0.05)),
    )
    out = frame.copy()
    for i, row in enumerate(rows):
        out.at[row, column] = variants[i % len(variants)]
    return Planted(
        out,
        rows,
        f"{len(rows)} of the value {value!r} rewritten with other case or blanks",
        [repr(v) for v in variants],
    )


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(value: str, rng: np.random.Generator) -> str:
    """One keystroke error: substitution, deletion, insertion or transposition at a random place."""
    letters = [i for i, ch in enumerate(value) if ch.isalpha()]
    i = int(rng.choice(letters))
    op = str(rng.choice(["substitute", "delete", "insert", "transpose"]))
    ch = str(rng.choice(list(_ALPHABET)))
    ch = ch.upper() if value[i].isupper() else ch
    if op == "substitute":
        return value[:i] + ch + value[i + 1 :]
    if op == "delete":
        return value[:i] + value[i + 1 :]
    if op == "insert":
        return value[:i] + ch + value[i:]
    j = i + 1 if i + 1 < len(value) else i - 1
    a, b = sorted((i, j))
    return value[:a] + value[b] + value[a] + value[b + 1 :]


def typos(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    """Rare one-keystroke misspellings of the column's most frequent value."""
    value = _most_frequent(frame, column)
    existing = {v.casefold() for v in frame[column].dropna().astype(str)}
    rows = _choose(
        rng,
        frame.index[frame[column].astype(str) == value],
        _count(frame, params.get("share", 0.01), 2),
    )
    out = frame.copy()
    examples = []
    for row in rows:
        typo = _one_edit(value, rng)
        while typo.casefold() in existing or typo.strip() == "":
            typo = _one_edit(value, rng)
        out.at[row, column] = typo
        examples.append(f"{value} -> {typo}")
    return Planted(
        out, rows, f"{len(rows)} of the value {value!r} misspelled by one keystroke", examples[:4]
    )


def untrimmed_text(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    rows = _choose(rng, _filled(frame, column), _count(frame, params.get("share", 0.05)))
    out = frame.copy()
    pads = ("{} ", " {}", "{}  ", " {} ")
    examples = []
    for i, row in enumerate(rows):
        out.at[row, column] = pads[i % len(pads)].format(frame.at[row, column])
        examples.append(repr(out.at[row, column]))
    return Planted(out, rows, f"{len(rows)} values given leading or trailing blanks", examples[:4])


# --------------------------------------------------------------------------- uniqueness


def duplicate_rows(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    """Copies of existing rows inserted at random places, as a re-run load or a bad join leaves them."""
    sources = _choose(rng, frame.index, _count(frame, params.get("share", 0.03)))
    positions = sorted(int(p) for p in rng.integers(0, len(frame) + 1, size=len(sources)))
    parts, start = [], 0
    for p, src in zip(positions, sources, strict=True):
        parts.append(frame.iloc[start:p])
        parts.append(frame.iloc[[src]])
        start = p
    parts.append(frame.iloc[start:])
    out = pd.concat(parts, ignore_index=True)
    copies = [
        p + i for i, p in enumerate(positions)
    ]  # each earlier insertion shifts the next one down
    return Planted(out, copies, f"{len(copies)} exact copies of existing rows inserted", [])


def duplicate_ids(
    frame: pd.DataFrame, column: str, rng: np.random.Generator, params: dict[str, Any]
) -> Planted:
    """Rows whose key is overwritten with another row's key (a reused or mis-keyed identifier)."""
    if frame[column].duplicated().any():
        raise ValueError(f"{column} is not a key of the original table")
    n = _count(frame, params.get("share", 0.02))
    picked = _choose(rng, frame.index, 2 * n)
    targets, donors = picked[::2], picked[1::2]
    out = frame.copy()
    keys = frame[column].tolist()
    examples = []
    for target, donor in zip(targets, donors, strict=True):
        out.loc[[target], column] = [keys[donor]]
        examples.append(f"row {target} takes {keys[donor]!r} of row {donor}")
    rows = sorted({*targets, *donors})
    return Planted(
        out,
        rows,
        f"{n} rows given the key of another row ({len(rows)} rows now share a key)",
        examples[:4],
        affected=n,
    )


KINDS: dict[str, tuple[str, Planter]] = {
    "missing_values": ("completeness", missing_values),
    "placeholder_text": ("completeness", placeholder_text),
    "numeric_sentinel": ("completeness", numeric_sentinel),
    "numeric_junk": ("validity", numeric_junk),
    "mixed_date_formats": ("validity", mixed_date_formats),
    "negative_values": ("validity", negative_values),
    "out_of_range": ("validity", out_of_range),
    "future_dates": ("validity", future_dates),
    "case_variants": ("consistency", case_variants),
    "typos": ("consistency", typos),
    "untrimmed_text": ("consistency", untrimmed_text),
    "duplicate_rows": ("uniqueness", duplicate_rows),
    "duplicate_ids": ("uniqueness", duplicate_ids),
}

ISO = "%Y-%m-%d"

PLAN: tuple[Plant, ...] = (
    # completeness: nulls in columns that had none
    Plant("seattle_weather", "missing_values", "wind"),
    Plant("fair_pt", "missing_values", "education"),
    Plant("airports", "missing_values", "name"),
    Plant("autos", "missing_values", "make"),
    Plant("penguins_raw", "missing_values", "Date Egg"),
    # completeness: placeholder text
    Plant("penguins", "placeholder_text", "island", {"token": "N/A"}),
    Plant("airports", "placeholder_text", "city", {"token": "unknown"}),
    Plant("la_riots", "placeholder_text", "neighborhood", {"token": "-"}),
    Plant("autos", "placeholder_text", "style", {"token": "?"}),
    Plant("lbw", "placeholder_text", "race", {"token": "unknown"}),
    # completeness: numeric sentinels apart from the distribution
    Plant("seattle_weather", "numeric_sentinel", "precipitation", {"value": 999}),
    Plant("anes96", "numeric_sentinel", "TVnews", {"value": 99}),
    Plant("randhie", "numeric_sentinel", "mdvis", {"value": -1}),
    Plant("cars", "numeric_sentinel", "Displacement", {"value": 9999}),
    Plant("lbw", "numeric_sentinel", "lwt", {"value": 999}),
    # validity: text in number columns
    Plant("penguins", "numeric_junk", "body_mass_g"),
    Plant("star98", "numeric_junk", "LOWINC"),
    Plant("randhie", "numeric_junk", "lpi"),
    Plant("autos", "numeric_junk", "price"),
    Plant("statecrime", "numeric_junk", "violent"),
    # validity: a second date format
    Plant("penguins_raw", "mixed_date_formats", "Date Egg", {"source": ISO, "target": "%m/%d/%Y"}),
    Plant("la_riots", "mixed_date_formats", "death_date", {"source": ISO, "target": "%d.%m.%Y"}),
    Plant("seattle_weather", "mixed_date_formats", "date", {"source": "%Y/%m/%d", "target": ISO}),
    Plant("stocks", "mixed_date_formats", "date", {"source": "%b %-d %Y", "target": ISO}),
    Plant("cars", "mixed_date_formats", "Year", {"source": ISO, "target": "%d/%m/%Y"}),
    # validity: negative values where none can be
    Plant("penguins", "negative_values", "flipper_length_mm"),
    Plant("cars", "negative_values", "Weight_in_lbs"),
    Plant("lbw", "negative_values", "ftv"),
    Plant("randhie", "negative_values", "mdvis"),
    Plant("seattle_weather", "negative_values", "precipitation"),
    # validity: ages over 120, percentages over 100
    Plant("anes96", "out_of_range", "age", {"bound": 120}),
    Plant("la_riots", "out_of_range", "age", {"bound": 120}),
    Plant("lbw", "out_of_range", "age", {"bound": 120}),
    Plant("star98", "out_of_range", "PCTAF", {"bound": 100}),
    Plant("statecrime", "out_of_range", "poverty", {"bound": 100}),
    # validity: event dates in the future
    Plant("penguins_raw", "future_dates", "Date Egg", {"format": ISO}),
    Plant("la_riots", "future_dates", "death_date", {"format": ISO}),
    Plant("seattle_weather", "future_dates", "date", {"format": "%Y/%m/%d"}),
    Plant("cars", "future_dates", "Year", {"format": ISO}),
    Plant("stocks", "future_dates", "date", {"format": "%b %-d %Y"}),
    # consistency: case and blank variants of a category
    Plant("penguins", "case_variants", "species"),
    Plant("la_riots", "case_variants", "gender"),
    Plant("seattle_weather", "case_variants", "weather"),
    Plant("stocks", "case_variants", "symbol"),
    Plant("autos", "case_variants", "fuel"),
    # consistency: misspellings of a frequent category
    Plant("penguins", "typos", "island"),
    Plant("seattle_weather", "typos", "weather"),
    Plant("autos", "typos", "make"),
    Plant("la_riots", "typos", "type"),
    Plant("cars", "typos", "Origin"),
    # consistency: blanks around free text
    Plant("airports", "untrimmed_text", "name"),
    Plant("la_riots", "untrimmed_text", "address"),
    Plant("cars", "untrimmed_text", "Name"),
    Plant("fertility", "untrimmed_text", "Country Name"),
    Plant("penguins_raw", "untrimmed_text", "Individual ID"),
    # uniqueness: whole-row copies
    Plant("seattle_weather", "duplicate_rows", "*"),
    Plant("airports", "duplicate_rows", "*"),
    Plant("penguins", "duplicate_rows", "*"),
    Plant("cars", "duplicate_rows", "*"),
    Plant("lbw", "duplicate_rows", "*"),
    # uniqueness: repeated keys
    Plant("airports", "duplicate_ids", "iata"),
    Plant("fertility", "duplicate_ids", "Country Code"),
    Plant("statecrime", "duplicate_ids", "state"),
    Plant("lbw", "duplicate_ids", "id"),
    Plant("fair_pt", "duplicate_ids", "identifier"),
)


def _rng(name: str) -> np.random.Generator:
    return np.random.default_rng([SEED, zlib.crc32(name.encode())])


def plant_one(frame: pd.DataFrame, plant: Plant) -> tuple[pd.DataFrame, Truth]:
    dimension, planter = KINDS[plant.kind]
    if plant.column != "*" and plant.column not in frame.columns:
        raise KeyError(f"{plant.table} has no column {plant.column!r}")
    done = planter(frame.reset_index(drop=True), plant.column, _rng(plant.copy), dict(plant.params))
    columns = list(frame.columns) if plant.column == "*" else [plant.column]
    truth = Truth(
        copy=plant.copy,
        table=plant.table,
        kind=plant.kind,
        dimension=dimension,
        columns=columns,
        rows=done.rows,
        affected=len(done.rows) if done.affected is None else done.affected,
        total_rows=len(done.frame),
        detail=done.detail,
        examples=done.examples,
    )
    return done.frame, truth


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def verify(control: Path, defective: Path, truth: Truth) -> None:
    """The written files differ exactly where the truth says: no cell outside its rows was touched."""
    clean, dirty = _csv_rows(control), _csv_rows(defective)
    if clean[0] != dirty[0]:
        raise AssertionError(f"{truth.copy}: the header changed")
    if truth.kind == "duplicate_rows":
        added = {r + 1 for r in truth.rows}
        if [row for i, row in enumerate(dirty) if i not in added] != clean:
            raise AssertionError(f"{truth.copy}: rows other than the inserted copies changed")
        return
    if len(clean) != len(dirty):
        raise AssertionError(f"{truth.copy}: the row count changed")
    changed = {i - 1 for i, (a, b) in enumerate(zip(clean, dirty, strict=True)) if a != b}
    if not changed or not changed <= set(truth.rows):
        raise AssertionError(
            f"{truth.copy}: changed rows {sorted(changed)[:5]} are not the planted rows"
        )
    for i in changed:
        moved = [
            c for c, (a, b) in enumerate(zip(clean[i + 1], dirty[i + 1], strict=True)) if a != b
        ]
        if [clean[0][c] for c in moved] != truth.columns:
            raise AssertionError(f"{truth.copy}: row {i} changed outside {truth.columns}")


def build(out: Path = DEFAULT_OUT) -> tuple[dict[str, Path], list[tuple[Truth, Path]]]:
    """Write every clean control and defective copy; return their paths and the truth."""
    originals = {spec.name: load_table(spec) for spec in TABLES}
    controls: dict[str, Path] = {}
    for name, frame in originals.items():
        path = out / "clean" / f"{name}.csv"
        write_table(frame, path)
        controls[name] = path
    planted: list[tuple[Truth, Path]] = []
    for plant in PLAN:
        frame, truth = plant_one(originals[plant.table], plant)
        path = out / "defective" / f"{plant.copy}.csv"
        write_table(frame, path)
        verify(controls[plant.table], path, truth)
        planted.append((truth, path))
    (out / "truth.json").write_text(json.dumps([asdict(t) for t, _ in planted], indent=1) + "\n")
    return controls, planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="folder for the CSVs and truth.json"
    )
    args = parser.parse_args()
    controls, planted = build(args.out)
    print(
        f"{len(controls)} clean controls and {len(planted)} defective copies written to {args.out}"
    )
    for truth, _path in planted:
        print(f"  {truth.copy:<48} {truth.dimension:<12} {truth.detail}")


if __name__ == "__main__":
    main()
