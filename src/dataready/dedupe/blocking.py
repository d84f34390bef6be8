"""Blocking: which pairs of records are worth comparing at all.

Multi-key sorted neighbourhood. Records are sorted by several keys, each led by a different field
(the name with its words in alphabetical order, the same name spelt backwards so typos in the first
letters do not scatter it, then the e-mail, the phone, the birth date, the postcode or address, any
identifier, each followed by the name); each record is paired with the next ``window`` records in
every order, and a pair is kept when its two keys are alike (rapidfuzz ``ratio`` over the whole
key). Work grows as rows × keys × window, so a million rows cost about ten times a hundred
thousand, not a hundred times; keys are built and dropped one at a time to bound memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dataready.dedupe.fields import FieldKind

if TYPE_CHECKING:
    import numpy as np

    from dataready.dedupe.engine import Prepared

DEFAULT_WINDOW = 6
KEY_CUTOFF = 70
"""Neighbours whose keys share less than this (rapidfuzz ratio, 0-100) are not compared."""

LEADING_KINDS = (
    FieldKind.EMAIL,
    FieldKind.PHONE,
    FieldKind.IDENTIFIER,
    FieldKind.DATE,
    FieldKind.POSTCODE,
    FieldKind.ADDRESS,
)
"""Each of these fields leads one sort key, followed by the name."""

NAME_KINDS = (FieldKind.GIVEN_NAME, FieldKind.SURNAME, FieldKind.NAME)

REVERSED_UNLESS = 3
"""The reversed name catches typos in the first letters when nothing else brings a pair together;
with this many other leading fields (e-mail, phone, birth date ...) one of them nearly always does."""


@dataclass(frozen=True)
class Key:
    label: str
    values: Any
    """Arrow string array, one key per record."""
    lead: np.ndarray
    """True where the key's leading field is filled; records without it sit this order out."""
    lead_codes: np.ndarray | None = None
    """The leading field's value code per record: neighbours whose leading values are equal are
    compared whatever follows (the same identifier or birth date under two different names)."""


def name_key(prep: Prepared) -> Any:
    """The record's name with its words in alphabetical order, so swapped parts agree."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [f for f in prep.fields if f.kind in NAME_KINDS] or [
        f for f in prep.fields if f.kind is FieldKind.TEXT
    ][:1]
    if not parts:
        return pa.array(np.full(prep.n, "", dtype=object), type=pa.string())
    joined = prep.text(parts[0].column)
    for f in parts[1:]:
        joined = pc.binary_join_element_wise(joined, prep.text(f.column), " ")
    encoded = pc.dictionary_encode(pc.utf8_trim_whitespace(joined))
    words = [" ".join(sorted(v.split())) for v in encoded.dictionary.to_pylist()]
    return pc.take(pa.array(words, type=pa.string()), encoded.indices)


def sort_keys(prep: Prepared, extra: Sequence[Sequence[str]] = ()) -> Iterator[Key]:
    import pyarrow.compute as pc

    names = prep.name_key
    has_name = pc.not_equal(names, "").to_numpy(zero_copy_only=False)
    date = next((f for f in prep.fields if f.kind is FieldKind.DATE), None)
    leading = [f for f in prep.fields if f.kind in LEADING_KINDS]
    if has_name.any():
        forward = (
            names
            if date is None
            else pc.binary_join_element_wise(names, prep.text(date.column), " ")
        )
        yield Key("name", forward, has_name)
        if len(leading) < REVERSED_UNLESS:
            yield Key("name reversed", pc.utf8_reverse(names), has_name)
    for f in leading:
        yield Key(
            f.column,
            pc.binary_join_element_wise(prep.text(f.column), names, " "),
            prep.codes[f.column] >= 0,
            prep.codes[f.column],
        )
    known = {f.column for f in prep.fields}
    for columns in extra:
        used = [c for c in columns if c in known]
        if not used:
            continue
        joined = prep.text(used[0])
        for c in used[1:]:
            joined = pc.binary_join_element_wise(joined, prep.text(c), " ")
        yield Key(
            "+".join(used),
            pc.binary_join_element_wise(joined, names, " "),
            prep.codes[used[0]] >= 0,
        )
    if not has_name.any() and not any(f.kind in LEADING_KINDS for f in prep.fields):
        joined = prep.text(prep.fields[0].column)
        for f in prep.fields[1:]:
            joined = pc.binary_join_element_wise(joined, prep.text(f.column), " ")
        yield Key(
            "all",
            joined,
            pc.not_equal(pc.utf8_trim_whitespace(joined), "").to_numpy(zero_copy_only=False),
        )


def candidate_pairs(
    keys: Iterator[Key] | Sequence[Key],
    n: int,
    window: int = DEFAULT_WINDOW,
    cutoff: int = KEY_CUTOFF,
    group: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Unique (i, j) pairs with i < j. With ``group`` (a label per record) only pairs across groups."""
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc
    from rapidfuzz import fuzz, process

    found: list[np.ndarray] = []
    for key in keys:
        idx = np.nonzero(key.lead)[0]
        if len(idx) < 2:
            continue
        subset = pc.take(key.values, idx)
        ranks = pc.sort_indices(subset).to_numpy()
        order = idx[ranks]
        # Fresh strings laid out in sort order: rapidfuzz reads them several times faster than
        # strings scattered over the heap.
        ordered = pc.take(subset, ranks).to_numpy(zero_copy_only=False)
        del subset
        for k in range(1, min(window, len(order) - 1) + 1):
            left, right = order[:-k], order[k:]
            a, b = ordered[:-k], ordered[k:]
            if group is not None:
                across = group[left] != group[right]
                left, right, a, b = left[across], right[across], a[across], b[across]
            if not len(left):
                continue
            scores = process.cpdist(
                a, b, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1, dtype=np.uint8
            )
            alike = scores > 0
            if key.lead_codes is not None:
                alike |= key.lead_codes[left] == key.lead_codes[right]
            hit = np.nonzero(alike)[0]
            lo = np.minimum(left[hit], right[hit]).astype(np.int64)
            hi = np.maximum(left[hit], right[hit]).astype(np.int64)
            found.append(lo * n + hi)
        del ordered
    if not found:
        empty = np.array([], dtype=np.int64)
        return empty, empty
    codes = np.sort(pd.unique(np.concatenate(found)))
    return codes // n, codes % n
