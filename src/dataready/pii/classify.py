"""Column classification: which kinds of personal data a column holds, in what share, how surely.

Runs the detectors over a column's sampled values (each distinct value once, weighted by its
count), then decides per kind: the share of values holding it, whether it is the whole value (a
column *of* e-mail addresses) or mentioned in text (a ticket body *with* an address in it), and a
confidence level from that evidence.
"""

from __future__ import annotations

import importlib
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dataready.pii.detectors import BUILTIN_DETECTORS, Detector, custom_detector
from dataready.pii.names import PEOPLE_TABLE, person_name_share
from dataready.pii.scan import Hit, scan_values
from dataready.vocabulary.textstats import stripped_column

if TYPE_CHECKING:
    import pandas as pd

    from dataready.model import Column, DetectorSpec, Measurement

HIGH, MEDIUM, LOW = "high", "medium", "low"
CONFIDENCE_RANK = {LOW: 0, MEDIUM: 1, HIGH: 2}

WHOLE_VALUE_SHARE = 0.5
"""A kind that is the whole value in at least this share of the values it appears in makes a column *of* it."""
FREE_TEXT_WORDS = 4
"""Columns whose typical value has at least this many words are free text."""
CHECKSUM_MIN_SHAPED = 10
"""With this many card- or IBAN-shaped values and fewer than half passing the checksum, a column holds
other codes: random numbers pass Luhn one time in ten and mod 97 one time in 97."""
MAX_EXAMPLES = 3


@dataclass(frozen=True)
class KindShare:
    kind: str
    values: int
    """Sampled values holding this kind (each counted once, however many times it appears in it)."""
    share: float
    """Of the column's non-empty sampled values."""
    whole: bool
    """It is the whole value (a column of this kind) rather than mentioned inside text."""
    confidence: str
    """high, medium or low; see :func:`confidence`."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "share": round(self.share, 6),
            "values": self.values,
            "whole": self.whole,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class ColumnClassification:
    column: str
    scanned: int
    """Non-empty sampled values scanned."""
    kinds: tuple[KindShare, ...]
    """Kinds found, most frequent first."""
    with_personal: int
    """Sampled values holding at least one kind."""
    free_text: bool
    examples: tuple[str, ...] = ()
    """A few detected values, raw: reports mask them unless values were asked for."""

    @property
    def personal(self) -> bool:
        return bool(self.kinds)

    @property
    def confidence(self) -> str:
        return max((k.confidence for k in self.kinds), key=CONFIDENCE_RANK.__getitem__, default=LOW)

    @property
    def structured(self) -> bool:
        """Holds personal data as whole values (rather than inside free text)."""
        return any(k.whole for k in self.kinds)

    @property
    def share(self) -> float:
        return self.with_personal / self.scanned if self.scanned else 0.0

    def kind(self, name: str) -> KindShare | None:
        return next((k for k in self.kinds if k.kind == name), None)


def confidence(*, whole: bool, hinted: bool, strong: bool, values: int) -> str:
    """How sure the classification is.

    high: a column of the kind (whole values), or one whose name says so, or a checksum- or
    plan-validated kind seen at least 3 times; medium: a validated kind seen once or twice, or a
    context-based kind (birth date, address, name in text) seen 3 times or more; low otherwise.
    """
    if whole or hinted or (strong and values >= 3):
        return HIGH
    if strong or values >= 3:
        return MEDIUM
    return LOW


def classify_values(
    column: str,
    values: Sequence[str],
    weights: Sequence[int] | None = None,
    detectors: Sequence[Detector] = BUILTIN_DETECTORS,
    *,
    people_context: bool = False,
) -> ColumnClassification:
    """Classify one column from its distinct values (and how often each occurs)."""
    weights = list(weights) if weights is not None else [1] * len(values)
    total = sum(weights)
    hinted = {d.kind for d in detectors if d.hinted_by(column)}
    hits = scan_values(values, detectors, hinted=hinted)
    strong = {d.kind: d.strong for d in detectors}
    by_kind: dict[str, dict[int, bool]] = {}
    for h in hits:
        rows = by_kind.setdefault(h.kind, {})
        rows[h.row] = rows.get(h.row, False) or _is_whole(values[h.row], h)
    rows_with_any: set[int] = set()
    kinds: list[KindShare] = []
    for kind, rows in by_kind.items():
        if kind in _CHECKSUM_SHAPES and _checksums_are_chance(kind, values, rows):
            continue
        if (
            kind == "postcode"
            and kind not in hinted
            and _postcodes_are_one_code_family(values, rows)
        ):
            continue
        count = sum(weights[r] for r in rows)
        whole_count = sum(weights[r] for r, whole in rows.items() if whole)
        whole = whole_count >= WHOLE_VALUE_SHARE * count and count >= WHOLE_VALUE_SHARE * total
        kinds.append(
            KindShare(
                kind,
                count,
                count / total if total else 0.0,
                whole,
                confidence(
                    whole=whole, hinted=kind in hinted, strong=strong.get(kind, False), values=count
                ),
            )
        )
        rows_with_any.update(rows)
    if "person_name" not in by_kind:
        share = person_name_share(column, values, weights, people_context=people_context)
        if share is not None:
            named = [i for i, v in enumerate(values) if v.strip()]
            count = round(share * total)
            kinds.append(KindShare("person_name", count, share, True, HIGH))
            rows_with_any.update(named)
    kinds.sort(key=lambda k: (-k.share, k.kind))
    with_personal = min(total, sum(weights[r] for r in rows_with_any))
    kept = {k.kind for k in kinds}
    examples = tuple(dict.fromkeys(values[h.row][h.start : h.end] for h in hits if h.kind in kept))[
        :MAX_EXAMPLES
    ]
    if not examples and any(k.kind == "person_name" for k in kinds):
        examples = tuple(v for v in values[:MAX_EXAMPLES])
    return ColumnClassification(
        column, total, tuple(kinds), with_personal, _free_text(values, weights), examples
    )


def _is_whole(value: str, hit: Hit) -> bool:
    return not value[: hit.start].strip(" \t\"'<(") and not value[hit.end :].strip(" \t\"'>).,;")


_CHECKSUM_SHAPES = {
    "payment_card": re.compile(
        r"\d{13,19}|\d{4}([ \-])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ \-])\d{6}\2\d{4,5}"
    ),
    "iban": re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,32}"),
}


def _checksums_are_chance(kind: str, values: Sequence[str], rows: Mapping[int, bool]) -> bool:
    """A column of checksum-shaped codes where most fail the checksum holds account, order or
    reference numbers; the few that pass do so by chance and are not cards or IBANs."""
    shape = _CHECKSUM_SHAPES[kind]
    shaped = [i for i, v in enumerate(values) if shape.fullmatch(v.strip())]
    if len(shaped) < CHECKSUM_MIN_SHAPED:
        return False
    valid = sum(1 for i in shaped if rows.get(i))
    return valid < 0.5 * len(shaped)


POSTCODE_FAMILY_MIN = 10
"""Postcode-shaped values needed before their spread can tell addresses from a family of codes."""
POSTCODE_FAMILY_SHARE = 0.8


def _postcodes_are_one_code_family(values: Sequence[str], rows: Mapping[int, bool]) -> bool:
    """Postcode-shaped whole values that are one family of codes, not places people live.

    Addresses spread over many postcode areas and are usually written with the space between the
    outward and inward codes. Values that nearly all begin with the same letters and are never
    written with that space (US aircraft tail numbers ``N102UW``, product codes ``AB12CD``) share one
    rigid shape with a fixed prefix: a code system of its own, whatever a postcode regex says.
    """
    shaped = [values[r].strip() for r, whole in rows.items() if whole]
    if len(shaped) < POSTCODE_FAMILY_MIN or any(" " in v for v in shaped):
        return False
    areas: dict[str, int] = {}
    for v in shaped:
        area = v[: len(v) - len(v.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))]
        areas[area] = areas.get(area, 0) + 1
    return max(areas.values()) >= POSTCODE_FAMILY_SHARE * len(shaped)


def _free_text(values: Sequence[str], weights: Sequence[int]) -> bool:
    if not values:
        return False
    counts = sorted((len(v.split()), w) for v, w in zip(values, weights, strict=True))
    half, seen = sum(weights) / 2, 0
    for words, w in counts:
        seen += w
        if seen >= half:
            return words >= FREE_TEXT_WORDS
    return False


# --- a whole measurement -------------------------------------------------------------------------

_CACHE: OrderedDict[int, tuple[Any, dict[str, ColumnClassification]]] = OrderedDict()
_CACHE_SIZE = 8


def classify_measurement(m: Measurement) -> dict[str, ColumnClassification]:
    """Every scannable column of a measurement's sample, classified (computed once per measurement)."""
    cached = _CACHE.get(id(m))
    if cached is not None and cached[0] is m:
        return cached[1]
    result = _classify(m)
    _CACHE[id(m)] = (m, result)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def detectors_for(specs: Sequence[DetectorSpec]) -> tuple[Detector, ...]:
    """The built-in detectors plus the custom ones a project declares."""
    return (*(compile_spec(s) for s in specs), *BUILTIN_DETECTORS)


@lru_cache(maxsize=256)
def compile_spec(spec: DetectorSpec) -> Detector:
    return custom_detector(
        spec.name, spec.pattern, resolve_validator(spec.validator), ignore_case=spec.ignore_case
    )


def resolve_validator(name: str | None) -> Callable[[str], bool] | None:
    """A built-in validator by name (``luhn``, ``mod97`` …) or a function as ``package.module:function``."""
    if name is None:
        return None
    from dataready.pii.validators import BUILTIN

    if name in BUILTIN:
        return BUILTIN[name]  # type: ignore[return-value]
    module, _, function = name.partition(":")
    if not module or not function:
        raise ValueError(
            f"unknown validator {name!r}; use one of {', '.join(sorted(BUILTIN))} or 'package.module:function'"
        )
    try:
        found = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"cannot load the validator {name!r}: {exc}") from None
    if not callable(found):
        raise ValueError(f"the validator {name!r} is not a function")
    return found


CLASSIFY_MAX_VALUES = 20_000
"""Values per column scanned to classify it; the share found is an estimate for the column."""


def _classify(m: Measurement) -> dict[str, ColumnClassification]:
    from dataready.model import ColumnKind

    detectors = detectors_for(m.source.detectors)
    sample = m.sample
    prepared: dict[str, tuple[list[str], list[int]]] = {}
    for c in m.columns:
        if c.name not in sample.columns or c.kind is ColumnKind.BOOLEAN:
            continue
        texts = _as_text(m, c, detectors)
        if texts is not None and len(texts) > CLASSIFY_MAX_VALUES:
            # A column's kinds and their shares are settled long before 100,000 values; scanning
            # a seeded subset keeps the audit fast on wide tables of free text.
            texts = texts.sample(n=CLASSIFY_MAX_VALUES, random_state=0)
        if texts is not None and len(texts):
            counts = texts.value_counts(sort=False)
            prepared[c.name] = ([str(v) for v in counts.index], [int(n) for n in counts.to_numpy()])
    out: dict[str, ColumnClassification] = {}
    for name, (values, weights) in prepared.items():
        out[name] = classify_values(name, values, weights, detectors)
    # A bare "name" column is a person's name when the table is about people: its name says so, or
    # other columns in it hold personal data.
    people = bool(PEOPLE_TABLE.search(f"{m.source.name} {m.source.table or ''}")) or any(
        k.kind in ("email", "phone", "date_of_birth", "uk_nino", "us_ssn", "street_address")
        for c in out.values()
        for k in c.kinds
        if k.whole
    )
    if people:
        for name, (values, weights) in prepared.items():
            # Only the person-name test depends on the context: ask it first, rescan only on a yes.
            if not out[name].kind("person_name") and person_name_share(
                name, values, weights, people_context=True
            ):
                redone = classify_values(name, values, weights, detectors, people_context=True)
                if redone.kind("person_name"):
                    out[name] = redone
    return {name: c for name, c in out.items() if c.personal}


def _as_text(m: Measurement, column: Column, detectors: Sequence[Detector]) -> pd.Series | None:
    """The sampled column's non-empty values as text, or None when its type cannot hold personal data here."""
    import pandas as pd

    from dataready.model import ColumnKind

    kind, name = column.kind, column.name
    values = m.sample[name].dropna()
    if not len(values):
        return None
    if kind.is_temporal:
        # Dates are personal only as birth dates: scanned only in a column whose name says so.
        if not any(d.kind == "date_of_birth" and d.hinted_by(name) for d in detectors):
            return None
        return pd.to_datetime(values, errors="coerce").dropna().dt.strftime("%Y-%m-%d")
    if kind is ColumnKind.NUMBER:
        # Card, phone and identifier numbers stored as integers; measurements and amounts are not.
        numeric = pd.to_numeric(values, errors="coerce").dropna()
        integral = numeric[(numeric == numeric.round()) & (numeric.abs() >= 1_000_000)]
        if len(integral) < 0.5 * len(values):
            return None
        return integral.map(lambda x: str(int(x)))
    text = stripped_column(m, name)
    return text[text != ""]
