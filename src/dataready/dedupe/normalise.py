"""Per-kind normalisation, vectorised with Arrow compute kernels so a million values take a blink.

Every normaliser returns an array of Python strings, "" where the value is missing or carries
nothing comparable once normalised (a phone number with three digits, a date that does not parse).
Distinct values are normalised once: names and cities repeat a lot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dataready.dedupe.fields import FieldKind

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

HONORIFICS = r"\b(mr|mrs|ms|miss|mx|dr|prof|sir|dame|jr|sr|ii|iii|iv|phd|md)\b"

ADDRESS_ABBREVIATIONS = (
    ("street", "st"),
    ("road", "rd"),
    ("avenue", "ave"),
    ("av", "ave"),
    ("drive", "dr"),
    ("lane", "ln"),
    ("court", "ct"),
    ("place", "pl"),
    ("square", "sq"),
    ("crescent", "cres"),
    ("close", "cl"),
    ("terrace", "ter"),
    ("boulevard", "blvd"),
    ("highway", "hwy"),
    ("parkway", "pkwy"),
    ("gardens", "gdns"),
    ("apartment", "apt"),
    ("flat", "apt"),
    ("unit", "apt"),
    ("suite", "ste"),
    ("north", "n"),
    ("south", "s"),
    ("east", "e"),
    ("west", "w"),
    ("mount", "mt"),
    ("floor", "fl"),
    ("building", "bldg"),
)
"""Common English street-type and unit words folded to their postal abbreviations."""

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
PHONE_DIGITS = 9
"""Phone numbers are compared on their last nine digits: that drops country codes and trunk
prefixes ("+44 20 7946 0018" and "020 7946 0018" agree) while keeping the subscriber number."""


def normalise(values: Any, kind: FieldKind) -> pa.Array:
    """Normalised strings for one column (a pandas Series, a list or an Arrow array), as Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind is FieldKind.DATE:
        return _dates(values)
    arr = _as_text(values)
    if len(arr) == 0:
        return pa.array([], type=pa.string())
    encoded = pc.dictionary_encode(arr)
    dictionary = pc.fill_null(_NORMALISERS[kind](encoded.dictionary), "")
    return pc.fill_null(pc.take(dictionary, encoded.indices), "")


def normalise_values(values: Any, kind: FieldKind) -> np.ndarray:
    """``normalise`` as a NumPy array of Python strings."""
    return normalise(values, kind).to_numpy(zero_copy_only=False)


def _as_text(values: Any) -> pa.Array:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        arr = values
    else:
        series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
        if series.dtype == object or pd.api.types.is_float_dtype(series):
            try:
                arr = pa.array(series, type=pa.string(), from_pandas=True)
            except (pa.ArrowTypeError, pa.ArrowInvalid):
                arr = pa.array([_as_str(v) for v in series], type=pa.string())
        elif pd.api.types.is_string_dtype(series):
            arr = pa.array(series, type=pa.string(), from_pandas=True)
        else:
            arr = pa.array(
                series.astype(str).where(series.notna(), None), type=pa.string(), from_pandas=True
            )
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_string(arr.type):
        arr = pc.cast(arr, pa.string())
    return arr


def _as_str(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 447700900123.0 read from a CSV column with gaps
    return str(value)


def _fold(arr: pa.Array) -> pa.Array:
    """Case, accents, punctuation and spacing folded: "  Zoë  O'Brien-Smith " → "zoe o brien smith"."""
    import pyarrow.compute as pc

    arr = pc.utf8_normalize(arr, "NFKD")
    arr = pc.replace_substring_regex(arr, r"\p{Mn}+", "")
    arr = pc.utf8_lower(arr)
    arr = pc.replace_substring_regex(arr, r"[^\p{L}\p{N}]+", " ")
    return pc.utf8_trim_whitespace(arr)


def _squeeze(arr: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    return pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, r"\s+", " "))


def _name(arr: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    # Apostrophes and hyphens inside names join their parts: O'Brien = OBrien, Smith-Jones ≈ Smith Jones.
    arr = pc.replace_substring_regex(arr, r"['’`]", "")
    return _squeeze(pc.replace_substring_regex(_fold(arr), HONORIFICS, ""))


def _text(arr: pa.Array) -> pa.Array:
    return _fold(arr)


def _email(arr: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    arr = pc.utf8_lower(pc.utf8_trim_whitespace(arr))
    return pc.if_else(pc.match_substring(arr, "@"), pc.replace_substring_regex(arr, r"\s+", ""), "")


def _phone(arr: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    digits = pc.replace_substring_regex(arr, r"\D+", "")
    tail = pc.utf8_slice_codeunits(digits, start=-PHONE_DIGITS)
    return pc.if_else(pc.greater_equal(pc.utf8_length(digits), 6), tail, "")


def _address(arr: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    arr = _fold(arr)
    for word, short in ADDRESS_ABBREVIATIONS:
        arr = pc.replace_substring_regex(arr, rf"\b{word}\b", short)
    return arr


def _postcode(arr: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    return pc.replace_substring_regex(pc.utf8_lower(arr), r"[^\p{L}\p{N}]+", "")


def _identifier(arr: pa.Array) -> pa.Array:
    return _postcode(arr)


_NORMALISERS = {
    FieldKind.GIVEN_NAME: _name,
    FieldKind.MIDDLE_NAME: _name,
    FieldKind.SURNAME: _name,
    FieldKind.NAME: _name,
    FieldKind.EMAIL: _email,
    FieldKind.PHONE: _phone,
    FieldKind.ADDRESS: _address,
    FieldKind.CITY: _text,
    FieldKind.REGION: _text,
    FieldKind.POSTCODE: _postcode,
    FieldKind.IDENTIFIER: _identifier,
    FieldKind.TEXT: _text,
}


def _dates(values: Any) -> pa.Array:
    """Dates as "YYYY-MM-DD", whatever the input format (ISO, compact, day/month/year, "12 Mar 1985").

    Whether 03/04/1985 is the 3rd of April or the 4th of March is decided once per column, by
    the values whose first or second number exceeds 12; comparison treats a day/month swap as a
    near agreement anyway.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    series = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(series):
        out = series.dt.strftime("%Y-%m-%d")
        return pa.array(out.where(series.notna(), ""), type=pa.string(), from_pandas=True)
    text = _as_text(series)
    if len(text) == 0:
        return pa.array([], type=pa.string())
    encoded = pc.dictionary_encode(text)
    d = pc.utf8_lower(pc.utf8_trim_whitespace(encoded.dictionary))

    def pick(pattern: str) -> tuple[pa.Array, pa.Array, pa.Array]:
        found = pc.extract_regex(d, pattern)
        return pc.struct_field(found, "y"), pc.struct_field(found, "m"), pc.struct_field(found, "d")

    month_names = "|".join(MONTHS)
    iso = pick(r"^(?P<y>\d{4})[-/. ](?P<m>\d{1,2})[-/. ](?P<d>\d{1,2})(?:\D|$)")
    compact = pick(r"^(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)$")
    slashed = pc.extract_regex(d, r"^(?P<a>\d{1,2})[-/. ](?P<b>\d{1,2})[-/. ](?P<y>\d{4})(?:\D|$)")
    first, second, year = (pc.struct_field(slashed, f) for f in ("a", "b", "y"))
    day_month = pc.extract_regex(
        d,
        rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[ -]+(?P<m>{month_names})[a-z]*\.?,?[ -]+(?P<y>\d{{4}})",
    )
    month_day = pc.extract_regex(
        d,
        rf"^(?P<m>{month_names})[a-z]*\.?[ -]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?[ -]+(?P<y>\d{{4}})",
    )

    a = pc.cast(first, pa.int32())
    b = pc.cast(second, pa.int32())
    day_first = int(pc.sum(pc.greater(a, 12)).as_py() or 0)
    month_first = int(pc.sum(pc.greater(b, 12)).as_py() or 0)
    dmy = day_first >= month_first
    slash_day, slash_month = (first, second) if dmy else (second, first)
    months = {name: f"{i + 1:02d}" for i, name in enumerate(MONTHS)}

    def month_number(m: pa.Array) -> pa.Array:
        out = m
        for name, number in months.items():
            out = pc.replace_substring_regex(out, f"^{name}$", number)
        return out

    y = pc.coalesce(
        iso[0], compact[0], year, pc.struct_field(day_month, "y"), pc.struct_field(month_day, "y")
    )
    m = pc.coalesce(
        iso[1],
        compact[1],
        slash_month,
        month_number(pc.struct_field(day_month, "m")),
        month_number(pc.struct_field(month_day, "m")),
    )
    dd = pc.coalesce(
        iso[2],
        compact[2],
        slash_day,
        pc.struct_field(day_month, "d"),
        pc.struct_field(month_day, "d"),
    )
    mi, di = pc.cast(m, pa.int32()), pc.cast(dd, pa.int32())
    valid = pc.and_(
        pc.and_(pc.greater_equal(mi, 1), pc.less_equal(mi, 12)),
        pc.and_(pc.greater_equal(di, 1), pc.less_equal(di, 31)),
    )
    pad = lambda x: pc.utf8_lpad(pc.cast(pc.cast(x, pa.int32()), pa.string()), 2, "0")  # noqa: E731
    joined = pc.binary_join_element_wise(y, pad(m), pad(dd), "-")
    dictionary = pc.fill_null(pc.if_else(valid, joined, ""), "")
    return pc.fill_null(pc.take(dictionary, encoded.indices), "")
