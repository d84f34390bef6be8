"""Value shapes: the character classes and lengths of a value (``N102UW`` → ``A999AA``).

Codes, identifiers, postcodes, phone numbers and times written as text follow a few rigid
shapes; a value of another shape in such a column is a typo, a truncation, a lost leading zero
or a value from another system. These functions know nothing of findings: they take values with
their counts and say which shapes dominate and which values stray from them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

DOMINANT_COVER = 0.97
"""The dominant shapes together hold at least this share of the values."""
MAX_DOMINANT_SHAPES = 3
MIN_DOMAIN_VALUES = 10
"""Distinct values the dominant shapes must hold: a few category labels are not a code system."""
MAX_STRAY_SHARE = 0.03
MAX_SHAPE_LENGTH = 24
"""Longer values are text, not codes."""

_RUNS = re.compile(r"(.)\1*")


_ASCII_CLASSES = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "A" * 26 + "a" * 26 + "9" * 10,
)


def shape(value: str) -> str:
    """Upper-case letters become ``A``, lower-case ``a``, digits ``9``; everything else stays."""
    if value.isascii():
        return value.translate(_ASCII_CLASSES)  # one C call: columns have 100,000s of values
    out = []
    for ch in value:
        if ch.isdigit():
            out.append("9")
        elif ch.isalpha():
            out.append("A" if ch.isupper() else "a")
        else:
            out.append(ch)
    return "".join(out)


_CAPITAL_WORD = re.compile(r"AAA.* |.* .*AAA")


def is_wordlike(signature: str) -> bool:
    """A shape of words (``Aaaa``, ``AAAA AAAAA``), whose lengths vary at will, rather than of a
    formatted code (``(999) 999-9999``, ``A9A 9AA``): a run of lower-case letters, or capitals
    three or more in a row beside a blank."""
    return "aa" in signature or bool(_CAPITAL_WORD.search(signature))


def family(signature: str) -> str:
    """A shape with its runs collapsed (``A999AA`` → ``A9A``): the same kind of code, any length."""
    return _RUNS.sub(r"\1", signature)


def regex_of(signature: str) -> str:
    """A regular expression matching exactly the values of one shape."""
    parts = []
    for run in _RUNS.finditer(signature):
        ch, n = run.group(1), len(run.group(0))
        cls = {"A": "[A-Z]", "a": "[a-z]", "9": "[0-9]"}.get(ch, re.escape(ch))
        parts.append(cls if n == 1 else f"{cls}{{{n}}}")
    return "".join(parts)


@dataclass(frozen=True)
class ShapeDomain:
    dominant: tuple[str, ...]
    """The shapes most values have, most frequent first."""
    strays: tuple[tuple[str, int], ...]
    """Values of other shapes with their counts, most frequent first."""
    values: int
    """Values (by count) looked at."""

    @property
    def stray_count(self) -> int:
        return sum(n for _v, n in self.strays)

    @property
    def regex(self) -> str:
        return "^(" + "|".join(regex_of(s) for s in self.dominant) + ")$"


def may_have_domain(shape_counts: Sequence[tuple[str, int]]) -> bool:
    """Whether shapes with these counts leave room for a domain with strays: a cheap first test on
    shape counts alone, before any value is looked at (see :func:`shape_domain`)."""
    total = sum(n for _s, n in shape_counts)
    ranked = sorted((n for _s, n in shape_counts), reverse=True)
    covered = sum(ranked[:MAX_DOMINANT_SHAPES])
    return bool(total) and covered >= DOMINANT_COVER * total and len(ranked) > 1


def shape_domain(counts: Sequence[tuple[str, int]]) -> ShapeDomain | None:
    """The dominant shapes of a column and the values that stray from them, or None.

    None when the column has no rigid shape: free text, words (a run of lower-case letters is
    language, whose lengths vary at will), long values, too few distinct values in the dominant
    shapes, or no small minority outside them. A stray of a family whose length already varies
    among the dominant shapes (``C12`` beside ``C1234`` and ``C123``) is a shorter member of the
    same kind of identifier, not a stray; so is a letter-and-digit code of another composition
    in a column whose dominant codes already vary in composition.
    """
    total = sum(n for _v, n in counts)
    if not total:
        return None
    by_shape: Counter[str] = Counter()
    distinct: Counter[str] = Counter()
    shape_of: dict[str, str] = {}
    for value, n in counts:
        if len(value) > MAX_SHAPE_LENGTH:
            return None
        s = shape(value)
        shape_of[value] = s
        by_shape[s] += n
        distinct[s] += 1
    ranked = by_shape.most_common()
    dominant: list[str] = []
    covered = 0
    for s, n in ranked:
        if covered >= DOMINANT_COVER * total:
            break
        if len(dominant) == MAX_DOMINANT_SHAPES:
            return None
        dominant.append(s)
        covered += n
    if covered == total or sum(distinct[s] for s in dominant) < MIN_DOMAIN_VALUES:
        return None
    if any(is_wordlike(s) for s in dominant):
        return None  # words: language, not codes
    variable = {f for f in map(family, dominant) if sum(family(d) == f for d in dominant) > 1}
    # Dominant shapes of one length that put letters and digits in different places are codes of
    # free composition (FAA identifiers AAA/9A9/A99, tail numbers A999AA/A9999A): their length and
    # composition vary at will, so only a character of a class none of them uses strays.
    lengths = [len(d) for d in dominant]
    free = len(set(lengths)) < len(lengths)
    used = set("".join(dominant))
    strays = [
        (v, n)
        for v, n in counts
        if shape_of[v] not in dominant
        and family(shape_of[v]) not in variable
        and not (free and set(shape_of[v]) <= used)
    ]
    stray_count = sum(n for _v, n in strays)
    if not strays or stray_count > MAX_STRAY_SHARE * total:
        return None
    strays.sort(key=lambda vn: -vn[1])
    return ShapeDomain(tuple(dominant), tuple(strays), total)
