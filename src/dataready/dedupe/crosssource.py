"""The same entities in two sources: which records match, which exist on one side only, and where
matched records disagree (same customer, another e-mail address)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dataready.dedupe import blocking as block
from dataready.dedupe import compare
from dataready.dedupe.engine import DEFAULT_THRESHOLD, DuplicateResult, Pairs, Settings, match
from dataready.dedupe.fields import Field, FieldKind, field_values, infer_fields

if TYPE_CHECKING:
    import pandas as pd

STRONG = (FieldKind.EMAIL, FieldKind.PHONE, FieldKind.IDENTIFIER)
NAMES = (FieldKind.NAME, FieldKind.GIVEN_NAME, FieldKind.SURNAME)
FULL_NAME = "full name"


@dataclass(frozen=True)
class Shared:
    """A field both sources have: its kind and the column on each side."""

    kind: FieldKind
    left: str
    right: str
    left_parts: tuple[str, ...] = ()
    right_parts: tuple[str, ...] = ()
    """Columns joined into the field: given name and surname into the whole name (``left``/``right``
    is then ``full name``), address lines into one address."""


def shared_fields(left: Sequence[Field], right: Sequence[Field]) -> list[Shared]:
    """Fields of the same kind on both sides, paired in order. A whole name on one side pairs
    with given name + surname on the other (joined as ``full name``)."""
    out: list[Shared] = []
    kinds = {f.kind for f in left} | {f.kind for f in right}
    for kind in kinds:
        a = [f for f in left if f.kind is kind]
        b = [f for f in right if f.kind is kind]
        out.extend(
            Shared(kind, x.column, y.column, x.parts, y.parts) for x, y in zip(a, b, strict=False)
        )
    has = lambda fields, kind: any(f.kind is kind for f in fields)  # noqa: E731
    split_left = has(left, FieldKind.GIVEN_NAME) and has(left, FieldKind.SURNAME)
    split_right = has(right, FieldKind.GIVEN_NAME) and has(right, FieldKind.SURNAME)

    def parts(fields: Any) -> tuple[str, ...]:
        return tuple(
            next(f.column for f in fields if f.kind is k)
            for k in (FieldKind.GIVEN_NAME, FieldKind.SURNAME)
        )

    if has(left, FieldKind.NAME) and not has(right, FieldKind.NAME) and split_right:
        out.append(
            Shared(
                FieldKind.NAME,
                next(f.column for f in left if f.kind is FieldKind.NAME),
                FULL_NAME,
                right_parts=parts(right),
            )
        )
    elif has(right, FieldKind.NAME) and not has(left, FieldKind.NAME) and split_left:
        out.append(
            Shared(
                FieldKind.NAME,
                FULL_NAME,
                next(f.column for f in right if f.kind is FieldKind.NAME),
                left_parts=parts(left),
            )
        )
    return sorted(out, key=lambda s: (list(FieldKind).index(s.kind), s.left))


def describe_same_entities(shared: Sequence[Shared]) -> bool:
    """Whether the shared fields identify an entity: an e-mail, phone or identifier plus one more
    field, or a name plus two more (a name and a city alone match too many strangers)."""
    kinds = {s.kind for s in shared}
    if kinds & set(STRONG) and len(kinds) >= 2:
        return True
    return bool(kinds & set(NAMES)) and len(kinds) >= 3


@dataclass
class Link:
    left_rows: int
    right_rows: int
    matched_left: int
    """Records of the left sample with a match on the right."""
    matched_right: int
    pairs: Pairs
    """The best match of each matched left record."""
    shared: list[Shared]
    conflicts: dict[str, int] = field(default_factory=dict)
    """Per left column: matched pairs whose values differ (both filled)."""


def _side(frame: pd.DataFrame, shared: Sequence[Shared], which: str) -> pd.DataFrame:
    import pandas as pd

    out = {}
    for k, s in enumerate(shared):
        column, parts = (s.left, s.left_parts) if which == "left" else (s.right, s.right_parts)
        if parts:  # given name + surname as a whole name, or address lines as one address
            out[f"f{k}"] = field_values(frame, Field(column, s.kind, tuple(parts)))
        else:
            out[f"f{k}"] = frame[column].reset_index(drop=True)
    return pd.DataFrame(out)


def combined(
    left: pd.DataFrame, right: pd.DataFrame, shared: Sequence[Shared], names: Sequence[str]
) -> tuple[pd.DataFrame, tuple[Field, ...]]:
    """The shared fields of both frames stacked (left rows first) under ``names``."""
    import pandas as pd

    frame = pd.concat(
        [_side(left, shared, "left"), _side(right, shared, "right")], ignore_index=True
    )
    frame.columns = list(names)
    return frame, tuple(Field(name, s.kind) for name, s in zip(names, shared, strict=True))


def link_frames(
    left: pd.DataFrame,
    right: pd.DataFrame,
    settings: Settings | None = None,
    *,
    shared: Sequence[Shared] | None = None,
    population: int | None = None,
    keep_candidates: bool = False,
) -> DuplicateResult:
    """Records of two frames that describe the same entity, as one result over both (left rows
    first, then right rows): pairs cross the two sides, clusters may hold several records of each.
    The fields are those both frames have (inferred from each, paired by kind); each is named after
    the left frame's column."""
    import numpy as np

    settings = settings or Settings()
    if shared is None:
        shared = shared_fields(*infer_both(left, right, settings))
    frame, fields = combined(left, right, shared, _unique([s.left for s in shared]))
    n_left = len(left)
    group = np.concatenate(
        [np.zeros(n_left, dtype=np.int8), np.ones(len(frame) - n_left, dtype=np.int8)]
    )
    return match(
        frame,
        fields,
        settings,
        population=population,
        exclude=None,
        keep_candidates=keep_candidates,
        group=group,
        n_left=n_left,
    )


def linked_frame(left: pd.DataFrame, right: pd.DataFrame, shared: Sequence[Shared]) -> pd.DataFrame:
    """The frame ``link_frames`` compares (left rows first), under the same column names: what a
    cluster export of its result shows."""
    return combined(left, right, shared, _unique([s.left for s in shared]))[0]


def infer_both(
    left: pd.DataFrame, right: pd.DataFrame, settings: Settings
) -> tuple[tuple[Field, ...], tuple[Field, ...]]:
    """Fields of each side. Columns both sides name alike are inferred from their values together:
    an identifier shows itself by values that repeat, and across two sources they repeat between
    the sources, not within one."""
    import pandas as pd

    if settings.columns:
        return infer_fields(left, settings.columns), infer_fields(right, settings.columns)
    common = [c for c in left.columns if c in set(right.columns)]
    together = {
        f.column: f
        for f in infer_fields(pd.concat([left[common], right[common]], ignore_index=True))
    }

    read = {c for f in together.values() for c in f.columns}

    def side(frame: pd.DataFrame) -> tuple[Field, ...]:
        alone = {
            f.column: f for f in infer_fields(frame[[c for c in frame.columns if c not in read]])
        }
        return tuple(
            together.get(c) or alone[c] for c in frame.columns if c in together or c in alone
        )

    return side(left), side(right)


def _unique(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        candidate, k = name, 2
        while candidate in out:
            candidate, k = f"{name}_{k}", k + 1
        out.append(candidate)
    return out


def link(
    left: pd.DataFrame,
    right: pd.DataFrame,
    shared: Sequence[Shared],
    *,
    left_population: int | None = None,
    right_population: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    window: int = block.DEFAULT_WINDOW,
) -> Link:
    """Match the records of two frames on their shared fields: the best match of each left record."""
    import numpy as np

    result = link_frames(
        left,
        right,
        Settings(threshold=threshold, window=window),
        shared=shared,
        population=max(left_population or len(left), right_population or len(right), 2),
    )
    accepted = result.pairs
    accepted.levels = {f"f{k}": accepted.levels[f.column] for k, f in enumerate(result.fields)}
    n_left = len(left)
    # i < j and every pair crosses the two sides, so i is a left row and j a right row.
    order = np.lexsort((-accepted.weight, accepted.i))
    first = np.ones(len(order), dtype=bool)
    first[1:] = accepted.i[order][1:] != accepted.i[order][:-1]
    best = accepted.take(order[first])
    best.j = best.j - n_left
    conflicts = {}
    for k, s in enumerate(shared):
        level = best.levels[f"f{k}"]
        conflicts[s.left] = int(((level != compare.EXACT) & (level != compare.MISSING)).sum())
    return Link(
        len(left), len(right), len(best), len(np.unique(accepted.j)), best, list(shared), conflicts
    )
