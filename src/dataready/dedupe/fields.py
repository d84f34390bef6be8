"""Which columns describe an entity, and what kind of value each holds.

The kind decides how a column is normalised, which rapidfuzz scorer compares it, how much an
agreement or a disagreement on it weighs, and whether it can serve as a blocking key. Kinds are
inferred from column names (and, for e-mail addresses, from the values), or declared in
``dataready.yml`` under ``duplicates: columns:``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any


class FieldKind(str, Enum):
    GIVEN_NAME = "given_name"
    MIDDLE_NAME = "middle_name"
    SURNAME = "surname"
    NAME = "name"
    """A whole name in one column: a person's full name, a company, a product or a title."""
    EMAIL = "email"
    PHONE = "phone"
    DATE = "date"
    """A date that belongs to the entity, such as a birth date; not an event timestamp."""
    ADDRESS = "address"
    CITY = "city"
    REGION = "region"
    """A state, province, county or country: a broad location that tells same-named places apart."""
    POSTCODE = "postcode"
    IDENTIFIER = "identifier"
    """A national or external identifier (tax id, passport, SSN, IBAN): near-unique per entity."""
    TEXT = "text"

    @property
    def is_name(self) -> bool:
        return self in (
            FieldKind.GIVEN_NAME,
            FieldKind.MIDDLE_NAME,
            FieldKind.SURNAME,
            FieldKind.NAME,
        )


# Tried in order: the first pattern that matches a column name gives its kind.
_NAME_PATTERNS: tuple[tuple[FieldKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        (FieldKind.EMAIL, r"e[-_ ]?mail"),
        (FieldKind.PHONE, r"phone|mobile|^tel$|telephone|^cell|fax"),
        (
            FieldKind.GIVEN_NAME,
            r"first[-_ ]?name|given[-_ ]?name|fore[-_ ]?name|^f_?name$|^first$|^given$|christian[-_ ]?name",
        ),
        (FieldKind.MIDDLE_NAME, r"middle[-_ ]?name|^middle$|initials?$"),
        (
            FieldKind.SURNAME,
            r"last[-_ ]?name|sur[-_ ]?name|family[-_ ]?name|^l_?name$|^last$|maiden[-_ ]?name",
        ),
        (FieldKind.DATE, r"birth|^dob$|^born|_dob$|^dob_"),
        (FieldKind.POSTCODE, r"post[-_ ]?code|postal|zip"),
        (FieldKind.CITY, r"^city$|city[-_ ]?name|^town$|locality|suburb|municipality"),
        (
            FieldKind.REGION,
            r"^(state|province|county|region|country|territory)([-_ ]?(name|code))?$",
        ),
        (
            FieldKind.ADDRESS,
            r"address|street|^addr|addr$|address[-_ ]?line|^line_?[12]$|house[-_ ]?(number|no|nr|name)|^building",
        ),
        (
            FieldKind.IDENTIFIER,
            r"ssn|social[-_ ]?security|national[-_ ]?(id|number|insurance)|passport|tax[-_ ]?(id|number|code)|^nino$|^iban$|^vat|licen[cs]e[-_ ]?(no|number)",
        ),
        (
            FieldKind.NAME,
            r"^name$|full[-_ ]?name|(customer|client|contact|person|patient|member|employee|user|account|company|organi[sz]ation|org|business|vendor|supplier|partner|product|item|brand|entity|legal)[-_ ]?name$|^title$|product[-_ ]?title|^(company|organi[sz]ation|vendor|supplier|business)$",
        ),
    )
)
_EMAIL_VALUE = re.compile(r"^\s*[\w.+'-]+@[\w-]+(\.[\w-]+)+\s*$")
_NOT_ENTITY = re.compile(
    r"(^|_)(file|path|url|uri|host|domain|table|column|field|sheet|event|job|task|status|type|category|class|label)(_|$)",
    re.I,
)


@dataclass(frozen=True)
class Field:
    column: str
    kind: FieldKind
    parts: tuple[str, ...] = ()
    """Columns read together as this one field, in this order (an address in several lines);
    ``column`` is one of them and names the field. Empty: the field is ``column`` alone."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The frame columns this field reads."""
        return self.parts or (self.column,)


def field_values(frame: Any, f: Field) -> Any:
    """The field's values: its column, or its parts joined by blanks (missing parts left out)."""
    if not f.parts:
        return frame[f.column]
    import pandas as pd

    joined = None
    for c in f.parts:
        text = _text(frame[c])
        joined = text if joined is None else (joined + " " + text)
    assert joined is not None
    joined = joined.str.split().str.join(" ")
    return joined.where(joined != "", None).reset_index(drop=True).astype(pd.ArrowDtype(_string()))


def _string() -> Any:
    import pyarrow as pa

    return pa.string()


def _text(series: Any) -> Any:
    """Values as text, "" where missing; whole numbers without a trailing ".0"."""
    import pandas as pd

    if pd.api.types.is_float_dtype(series) or pd.api.types.is_integer_dtype(series):
        numbers = pd.to_numeric(series, errors="coerce")
        whole = numbers.dropna()
        if (whole == whole.round()).all():
            return numbers.astype("Int64").astype(str).replace("<NA>", "").astype(object)
    return series.astype(object).where(series.notna(), "").astype(str).str.strip()


def kind_from_name(column: str) -> FieldKind | None:
    if _NOT_ENTITY.search(column):
        return None
    for kind, pattern in _NAME_PATTERNS:
        if pattern.search(column):
            return kind
    return None


def looks_like_emails(values: Iterable[Any], *, share: float = 0.8) -> bool:
    seen = hits = 0
    for value in values:
        if (
            value is None
            or (isinstance(value, float) and value != value)
            or str(value).strip() == ""
        ):
            continue
        seen += 1
        hits += bool(_EMAIL_VALUE.match(str(value)))
        if seen >= 200:
            break
    return seen >= 5 and hits >= share * seen


MIN_DISTINCT_SHARE = {
    FieldKind.GIVEN_NAME: 0.0005,
    FieldKind.SURNAME: 0.0005,
    FieldKind.MIDDLE_NAME: 0.0,
    FieldKind.NAME: 0.2,
    FieldKind.EMAIL: 0.2,
    FieldKind.PHONE: 0.2,
    FieldKind.ADDRESS: 0.1,
    FieldKind.IDENTIFIER: 0.2,
    FieldKind.DATE: 0.0,
    FieldKind.CITY: 0.0,
    FieldKind.REGION: 0.0,
    FieldKind.POSTCODE: 0.0,
    FieldKind.TEXT: 0.2,
}
"""A column whose values repeat more than this allows is a category (a salutation, a status), not
an attribute that tells entities apart: it is left out of the comparison."""

MIN_FILLED_SHARE = 0.1


def infer_fields(
    frame: Any, declared: Mapping[str, str | FieldKind | None] | Sequence[str] | None = None
) -> tuple[Field, ...]:
    """The columns to compare, with their kinds.

    ``declared`` is either a list of columns (kinds inferred from their names, else compared as
    text) or a mapping column → kind. Without it, columns are chosen by name (names, e-mail,
    phone, address, birth date, identifiers, titles) and by content (e-mail addresses), leaving
    out near-constant and mostly empty columns.
    """
    columns = [str(c) for c in frame.columns]
    if declared:
        out = []
        items = declared.items() if isinstance(declared, Mapping) else ((c, None) for c in declared)
        for column, kind in items:
            if column not in columns:
                raise KeyError(column)
            resolved = (
                FieldKind(kind)
                if kind
                else (kind_from_name(column) or _content_kind(frame[column]) or FieldKind.TEXT)
            )
            out.append(Field(column, resolved))
        return tuple(out)
    fields = []
    address_parts = []
    for column in columns:
        kind = kind_from_name(column)
        series = frame[column]
        if kind is None:
            kind = _content_kind(series)
        if kind is FieldKind.ADDRESS and _filled(series):
            address_parts.append(column)
        if kind is None or not _informative(series, kind):
            continue
        fields.append(Field(column, kind))
    return _one_address(tuple(fields), address_parts)


def _one_address(fields: tuple[Field, ...], parts: Sequence[str]) -> tuple[Field, ...]:
    """Address lines (and a house number in its own column) read as one address: people write
    the same address over two lines in either order, or with the building name on the first line,
    so line-by-line comparison would call one address two. A house number alone repeats too often
    to count as a field of its own, but it tells neighbours apart within an address."""
    addresses = [f for f in fields if f.kind is FieldKind.ADDRESS]
    if not addresses or len(parts) < 2:
        return fields
    first = addresses[0]
    out = []
    for f in fields:
        if f is first:
            out.append(Field(f.column, FieldKind.ADDRESS, tuple(parts)))
        elif f.kind is not FieldKind.ADDRESS:
            out.append(f)
    return tuple(out)


def _filled(series: Any) -> bool:
    head = series.head(20_000).dropna()
    head = head[head.astype(str).str.strip() != ""]
    return len(head) >= max(2, MIN_FILLED_SHARE * min(len(series), 20_000))


def _content_kind(series: Any) -> FieldKind | None:
    """The kind a column's values show when its name says nothing: e-mail addresses, birth
    dates (any common format), phone numbers, identifiers."""
    import pandas as pd

    textual = series.dtype == object or pd.api.types.is_string_dtype(series)
    if not textual and not pd.api.types.is_integer_dtype(series):
        return None
    head = series.head(1000)
    if textual and looks_like_emails(head):
        return FieldKind.EMAIL
    filled = head.dropna().astype(str).str.strip()
    filled = filled[filled != ""]
    if len(filled) < 20:
        return None
    if looks_like_birth_dates(filled):
        return FieldKind.DATE
    if textual and looks_like_phones(filled):
        return FieldKind.PHONE
    if looks_like_identifiers(series.dropna().astype(str).str.strip().head(20_000)):
        return FieldKind.IDENTIFIER
    return None


_PHONE_VALUE = re.compile(r"^\+?[\d(][\d\s().-]{7,20}\d$")
_SEPARATOR = re.compile(r"[\s().-]")


def looks_like_birth_dates(values: Any, *, share: float = 0.9, span: int = 15) -> bool:
    """Most values read as calendar dates (ISO, compact ``19560409``, day/month/year, written
    months) and the years spread over decades, as birth dates do; order and event dates crowd
    into a few recent years."""
    import pyarrow.compute as pc

    from dataready.dedupe.normalise import normalise

    dates = normalise(values.reset_index(drop=True), FieldKind.DATE)
    parsed = pc.filter(dates, pc.not_equal(dates, ""))
    if len(parsed) < share * len(values):
        return False
    years = pc.cast(pc.utf8_slice_codeunits(parsed, 0, 4), "int32")
    low, high = pc.quantile(years, q=[0.05, 0.95]).to_pylist()
    return bool(high - low >= span)


def looks_like_phones(values: Any, *, share: float = 0.9) -> bool:
    """Digits written in groups (``+61 2 9876 5432``, ``(02) 9876-5432``), nine to fifteen of them."""
    matched = values.str.match(_PHONE_VALUE)
    digits = values.str.count(r"\d")
    grouped = values.str.contains(_SEPARATOR)
    hits = matched & grouped & (digits >= 9) & (digits <= 15)
    return bool(hits.mean() >= share)


def looks_like_identifiers(values: Any, *, share: float = 0.95) -> bool:
    """An identifier of the entity (a national id, a member number): digit strings of one length
    (five to twenty digits), nearly one per entity, sparse over their range, and repeated at
    least once. A dense run of numbers is a row counter; a column where nothing repeats tells
    records apart, not entities (and a one-digit change would read as a typo)."""
    import numpy as np

    if len(values) < 20:
        return False
    digits = values.str.replace(r"[\s-]", "", regex=True)
    numeric = digits.str.fullmatch(r"\d{5,20}")
    if numeric.mean() < share:
        return False
    lengths = digits[numeric].str.len()
    if lengths.value_counts(normalize=True).iloc[0] < 0.8:
        return False
    distinct = digits[numeric].nunique()
    if distinct < 0.3 * len(digits) or distinct == int(numeric.sum()):
        return False
    numbers = digits[numeric].str[-15:].astype(np.int64)
    return bool((numbers.max() - numbers.min() + 1) > 10 * distinct)


def _informative(series: Any, kind: FieldKind) -> bool:
    import pandas as pd

    if kind is not FieldKind.DATE and not (
        series.dtype == object
        or pd.api.types.is_string_dtype(series)
        or kind in (FieldKind.PHONE, FieldKind.POSTCODE, FieldKind.IDENTIFIER)
    ):
        return False  # a number or timestamp named like a name is not one
    head = series.head(20_000)
    filled = head.dropna()
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        filled = filled[filled.astype(str).str.strip() != ""]
    if len(filled) < max(2, MIN_FILLED_SHARE * len(head)):
        return False
    return filled.nunique() >= max(2, MIN_DISTINCT_SHARE[kind] * len(filled))
