"""Consistency: one thing written several ways (case, spacing, punctuation, typos)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, ClassVar

from dataready.checks.base import Check, expectation, in_values, masked, pct, severity_for_share
from dataready.model import ColumnKind, ColumnStats, Dimension, Finding, Measurement

_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


def normalise(value: str) -> str:
    """The spelling-insensitive form of a category: case, accents, spacing and punctuation folded.

    A number is folded to its value instead: "-1" and "1", or "1.5" and "15", are different
    categories however alike they look; "1.0" and "1" are one spelled two ways.
    """
    try:
        number = float(value)
    except ValueError:
        text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode() or value
        return _PUNCTUATION.sub(" ", text.casefold()).strip()
    return "nan" if number != number else repr(number)


def is_categorical(s: ColumnStats) -> bool:
    """Few distinct values relative to rows: a category, not free text or an identifier."""
    if s.top_values is None or not s.non_null or s.distinct is None:
        return False
    return s.distinct <= 50 or s.distinct <= 0.2 * s.non_null


class CategoryVariants(Check):
    """Values that differ only by case, whitespace or punctuation ("FEMALE", "female ", "Female")."""

    name: ClassVar[str] = "category_variants"
    dimension: ClassVar[Dimension] = Dimension.CONSISTENCY

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            s = m.stats[c.name]
            if c.kind is not ColumnKind.STRING or not is_categorical(s):
                continue
            groups: dict[str, list[tuple[Any, int]]] = defaultdict(list)
            for value, n in s.top_values or ():
                key = normalise(str(value))
                if key:
                    groups[key].append((value, n))
            variants = {k: sorted(v, key=lambda p: -p[1]) for k, v in groups.items() if len(v) > 1}
            if not variants:
                continue
            affected = sum(n for v in variants.values() for _value, n in v[1:])
            share = affected / m.row_count
            mapping = {str(value): str(v[0][0]) for v in variants.values() for value, _n in v[1:]}
            examples = tuple(f"{masked(a)!r} → {masked(b)!r}" for a, b in list(mapping.items())[:5])
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.1),
                    f"{len(variants)} categories are spelled several ways (case, spacing or punctuation); {affected:,} rows use a minority spelling",
                    columns=(c.name,),
                    measured=mapping,
                    affected=affected,
                    total=m.row_count,
                    examples=examples,
                    action=f"Map the variants of {c.name} to one spelling (mapping in the finding) and constrain the values at entry",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_in_set",
                        column=c.name,
                        value_set=sorted(
                            str(max(v, key=lambda p: p[1])[0]) for v in groups.values()
                        ),
                    ),
                    rows=in_values(
                        m, c.name, [value for v in variants.values() for value, _n in v[1:]]
                    ),
                )
            )
        return out


class Misspellings(Check):
    """Rare values one or two keystrokes away from a common value of the same column."""

    name: ClassVar[str] = "misspelled_categories"
    dimension: ClassVar[Dimension] = Dimension.CONSISTENCY

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            s = m.stats[c.name]
            if c.kind is not ColumnKind.STRING or not is_categorical(s) or not s.top_values:
                continue
            counts: dict[str, int] = defaultdict(int)
            for value, n in s.top_values:
                key = normalise(str(value))
                if key:
                    counts[key] += n
            common = [k for k, n in counts.items() if n >= 10 and len(k) >= 4]
            if not common:
                continue
            mapping: dict[str, str] = {}
            affected = 0
            legitimate = _edits_between_common_values([k for k, n in counts.items() if n >= 10])
            for key, n in counts.items():
                if len(key) < 4:
                    continue
                choices = [k for k in common if k != key and counts[k] >= 10 * n]
                if not choices:
                    continue
                target = likely_intended(key, choices)
                if target is None:
                    continue
                if _digits(key) != _digits(target):
                    continue  # they differ in a number ("Model 2021" / "Model 2022"): two real values
                if _edit_signature(key, target) in legitimate:
                    continue  # the same edit separates two common values ("dohc"/"ohc"): a naming pattern
                mapping[key] = target
                affected += n
            if not mapping:
                continue
            share = affected / m.row_count
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.1),
                    f"{len(mapping)} rare values look like misspellings of common ones; {affected:,} rows affected",
                    columns=(c.name,),
                    measured=mapping,
                    affected=affected,
                    total=m.row_count,
                    examples=tuple(
                        f"{masked(a)!r} → {masked(b)!r}" for a, b in list(mapping.items())[:5]
                    ),
                    action=f"Correct the misspelled values of {c.name} (proposed mapping in the finding) and offer a pick-list at entry",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_not_be_in_set",
                        column=c.name,
                        value_set=sorted(mapping)[:20],
                    ),
                    rows=in_values(
                        m,
                        c.name,
                        [v for v, _n in s.top_values if normalise(str(v)) in mapping],
                    ),
                )
            )
        return out


def _edit_signature(a: str, b: str) -> tuple[tuple[str, str], ...]:
    """What turning ``a`` into ``b`` does, independent of where: (("delete", "d"),) for dohcv → ohcv."""
    from rapidfuzz.distance import Levenshtein

    ops: list[tuple[str, str]] = []
    for op in Levenshtein.editops(a, b):
        if op.tag == "replace":
            ops.append((op.tag, a[op.src_pos] + b[op.dest_pos]))
        else:
            ops.append((op.tag, a[op.src_pos] if op.tag == "delete" else b[op.dest_pos]))
    return tuple(ops)


def _edits_between_common_values(common: list[str]) -> set[tuple[tuple[str, str], ...]]:
    """Single edits that already separate two frequent values; the same edit elsewhere is no typo."""
    from rapidfuzz.distance import Levenshtein

    signatures: set[tuple[tuple[str, str], ...]] = set()
    if len(common) > 500:
        return signatures
    for i, a in enumerate(common):
        for b in common[i + 1 :]:
            if Levenshtein.distance(a, b, score_cutoff=1) == 1:
                signatures.add(_edit_signature(a, b))
                signatures.add(_edit_signature(b, a))
    return signatures


def likely_intended(value: str, common: Sequence[str]) -> str | None:
    """The common spelling ``value`` is most likely a slip of: similar (ratio ≥ 85), or one keystroke away.

    Callers keep ``common`` to spellings far more frequent than ``value``, and of 4+ characters.
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    best = process.extractOne(value, common, scorer=fuzz.ratio, score_cutoff=85)
    if best is None and len(value) >= 5:
        # One keystroke (a transposition counts as one) in a short word scores below 85.
        near = process.extractOne(value, common, scorer=OSA.distance, score_cutoff=1)
        best = near if near is not None and near[1] == 1 else None
    return None if best is None else str(best[0])


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class UntrimmedText(Check):
    """Leading or trailing blanks in free text (categories are covered by CategoryVariants)."""

    name: ClassVar[str] = "untrimmed_text"
    dimension: ClassVar[Dimension] = Dimension.CONSISTENCY

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            s = m.stats[c.name]
            if c.kind is not ColumnKind.STRING or not s.untrimmed or is_categorical(s):
                continue
            share = s.untrimmed / m.row_count
            out.append(
                self.finding(
                    m,
                    severity_for_share(share, warning=0.0, error=0.2),
                    f"{s.untrimmed:,} values ({pct(share)}) have leading or trailing blanks",
                    columns=(c.name,),
                    measured=round(share, 6),
                    affected=s.untrimmed,
                    total=m.row_count,
                    action=f"Trim {c.name} in the load step; blanks break joins and de-duplication",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_match_regex", column=c.name, regex=r"^\S(.*\S)?$"
                    ),
                )
            )
        return out


CHECKS = (CategoryVariants(), Misspellings(), UntrimmedText())
