"""Category variants: spellings of one value ("Torgersen", "Torgerson", "torgersen ") clustered,
with a proposed mapping of every variant to the dominant spelling.

Two passes over a column's value counts: values equal once case, accents, spacing and punctuation
are folded form one group; then a rare group joins a common one it is a keystroke or two away from
(rapidfuzz ``ratio``), when the common one is used at least ``dominance`` times as often and both
carry the same digits ("Model 2021" and "Model 2022" stay apart).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)

SCORE_CUTOFF = 85
DOMINANCE = 10
MIN_COMMON = 10
MIN_LENGTH = 4
"""Words shorter than this are codes ("ohc", "dohc"), where one keystroke is a different value."""


def fold(value: str) -> str:
    """Case, accents, spacing and punctuation folded: "  Zoë-Ann " → "zoe ann"."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode() or value
    return _PUNCTUATION.sub(" ", text.casefold()).strip()


@dataclass(frozen=True)
class VariantGroup:
    canonical: str
    """The dominant spelling: the most used raw value of the group's most used form."""
    variants: tuple[tuple[str, int], ...]
    """Every other raw spelling, with its row count, most used first."""

    @property
    def rows(self) -> int:
        """Rows that use a variant (and would change under the mapping)."""
        return sum(n for _v, n in self.variants)

    @property
    def mapping(self) -> dict[str, str]:
        return {v: self.canonical for v, _n in self.variants}


def variant_groups(
    value_counts: Iterable[tuple[Any, int]],
    *,
    score_cutoff: int = SCORE_CUTOFF,
    dominance: int = DOMINANCE,
    min_common: int = MIN_COMMON,
) -> list[VariantGroup]:
    """Groups of spellings of one value, largest first; values without variants are left out."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    # The audit's misspelling rules, so this clustering and the misspelled_categories finding agree.
    from dataready.checks.consistency import _edit_signature, _edits_between_common_values

    spellings: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for value, n in value_counts:
        if value is None:
            continue
        key = fold(str(value))
        if key:
            spellings[key].append((str(value), int(n)))
    counts = {k: sum(n for _v, n in v) for k, v in spellings.items()}
    common = [k for k, n in counts.items() if n >= min_common and len(k) >= MIN_LENGTH]
    legitimate = _edits_between_common_values([k for k, n in counts.items() if n >= min_common])
    parent = {k: k for k in counts}
    for key, n in counts.items():
        if len(key) < MIN_LENGTH:
            continue
        choices = [c for c in common if c != key and counts[c] >= dominance * n]
        if not choices:
            continue
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=score_cutoff)
        if best is None and len(key) >= 5:
            # One keystroke (a transposition counts as one) in a short word scores below the cutoff.
            near = process.extractOne(key, choices, scorer=OSA.distance, score_cutoff=1)
            best = near if near is not None and near[1] == 1 else None
        if (
            best is None
            or _digits(best[0]) != _digits(key)
            or _edit_signature(key, best[0]) in legitimate
        ):
            continue
        parent[key] = best[0]
    members: dict[str, list[str]] = defaultdict(list)
    for key in counts:
        root = key
        while parent[root] != root:
            root = parent[root]
        members[root].append(key)
    groups = []
    for root, keys in members.items():
        raw = sorted((p for k in keys for p in spellings[k]), key=lambda p: (-p[1], p[0]))
        if len(raw) < 2:
            continue
        canonical = max(spellings[root], key=lambda p: (p[1], p[0]))[0]
        groups.append(VariantGroup(canonical, tuple(p for p in raw if p[0] != canonical)))
    return sorted(groups, key=lambda g: (-g.rows, g.canonical))


def mapping_table(groups: Iterable[VariantGroup]) -> list[dict[str, Any]]:
    """Rows of the proposed mapping: value, canonical spelling, rows affected."""
    return [
        {"value": v, "canonical": g.canonical, "rows": n} for g in groups for v, n in g.variants
    ]


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
