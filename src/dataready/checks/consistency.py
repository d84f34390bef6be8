"""Consistency: one thing written several ways (case, spacing, punctuation, typos)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from dataready.checks.base import (
    Check,
    expectation,
    failed_rows,
    in_values,
    masked,
    pct,
    scale_to_rows,
    severity_for_share,
)
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
        return spelling(value)
    return "nan" if number != number else repr(number)


def spelling(value: str) -> str:
    """A value with case, accents, spacing and punctuation folded, numbers left as written."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode() or value
    return _PUNCTUATION.sub(" ", text.casefold()).strip()


def is_categorical(s: ColumnStats) -> bool:
    """Few distinct values relative to rows: a category, not free text or an identifier."""
    if s.top_values is None or not s.non_null or s.distinct is None:
        return False
    return s.distinct <= 50 or s.distinct <= 0.2 * s.non_null


class CategoryVariants(Check):
    """Values that differ only by case, whitespace or punctuation ("FEMALE", "female ", "Female")."""

    name: ClassVar[str] = "category_variants"
    dimension: ClassVar[Dimension] = Dimension.CONSISTENCY
    problem: ClassVar[str | None] = "value_set"

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
    """Rare values a keystroke or two away from a far more frequent value of the same column.

    A column whose values repeat is a vocabulary (categories, names, addresses, codes, phrases):
    a value used once or twice beside one used ten times as often, and nearly spelled like it, is
    that value mistyped. The allowed edits grow with the length of the value. What is never a
    typo: two numbers (a different number is a different value), a number within a code changed
    for another number, a digit where the common value has a letter (``4wd`` beside ``fwd``),
    and a letter suffix after a number inside a code family (``737-76Q`` and
    ``737-76N``, ``EMB-145`` and ``EMB-145LR``). Very short values (``al``/``ak``, ``yes``) are
    one keystroke from many real codes, so there the row must also say it: the other columns of
    the rows holding the rare value point, in the rest of the table, to the frequent value (and
    both must not be members of a standard code system the column holds).
    """

    name: ClassVar[str] = "misspelled_categories"
    dimension: ClassVar[Dimension] = Dimension.CONSISTENCY
    problem: ClassVar[str | None] = "value_set"

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        for c in m.columns:
            s = m.stats[c.name]
            if c.kind is not ColumnKind.STRING or not is_categorical(s) or not s.top_values:
                continue
            mapping, raw = likely_typos(m, c.name, s.top_values)
            if not mapping:
                continue
            affected = sum(n for v, n in s.top_values if spelling(str(v)) in mapping)
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
                    rows=in_values(m, c.name, raw),
                )
            )
        return out


MIN_COMMON = 10
"""A value used at least this often is an established member of the column's vocabulary."""
DOMINANCE = 10
"""The intended value is used at least this many times as often as its misspelling."""
SHORT = 4
"""Values this short are one keystroke from many real codes: a typo needs the row's support."""
SHORT_WORD = 3
"""A word this short inside a longer value is a code (``ak`` in ``ak_hf-1``): as ambiguous."""
CORROBORATION = 0.9
"""Share of the other rows sharing a row's value in another column that hold the intended value."""


LONG_EDIT_SHARE = 0.16
"""In a longer value (a phrase, an address), a misspelling may differ in this share of characters."""


def edit_budget(length: int) -> int:
    """Keystrokes a misspelling may be away from its value: one in a word, more in a phrase."""
    if length <= 7:
        return 1
    return max(2, round(length * LONG_EDIT_SHARE))


def likely_typos(
    m: Measurement, column: str, top_values: Sequence[tuple[Any, int]]
) -> tuple[dict[str, str], list[Any]]:
    """{misspelled form: intended form} of a column's values, and the raw values misspelled."""
    counts: dict[str, int] = defaultdict(int)
    spellings: dict[str, list[Any]] = defaultdict(list)
    for value, n in top_values:
        key = spelling(str(value))
        if key:
            counts[key] += n
            spellings[key].append(value)
    common = [k for k, n in counts.items() if n >= MIN_COMMON]
    if not common:
        return {}, []
    words: dict[str, int] = defaultdict(int)
    for key, n in counts.items():
        for word in set(key.split()):
            words[word] += n
    # Edits between two established values used about as often are a naming pattern; a value
    # used a tenth as often as its neighbour is not established, however often it occurs.
    legitimate = _edits_between_common_values(common, counts)
    members = _code_members(m, column)
    mapping: dict[str, str] = {}
    for key, target in _nearest_dominant(counts, common).items():
        if not _may_be_typo(key, target) or _edit_signature(key, target) in legitimate:
            continue
        if _swaps_a_known_word(key, target, words):
            continue
        if _short_change(key, target):
            if members and key.upper() in members and target.upper() in members:
                continue  # two codes of one standard system ("AK" beside "AL")
            if not _rows_point_to(m, column, spellings[key], spellings[target]):
                continue
        mapping[key] = target
    raw = [v for k in mapping for v in spellings[k]]
    return mapping, raw


CELLS_PER_BLOCK = 4_000_000
"""Distances computed at once (values × common values) when looking for the nearest common value."""


def _nearest_dominant(counts: Mapping[str, int], common: Sequence[str]) -> dict[str, str]:
    """{value: the nearest common value used DOMINANCE times as often, within its edit budget}.

    The nearest by OSA distance (a transposition is one keystroke); of several as near, the first
    in ``common``'s order. One distance matrix per edit budget, computed by rapidfuzz in blocks
    of values: the Python work grows with the number of values, not with values × common values.
    """
    # One worker: on two shared cores more threads were no faster (0.29 s against 0.31 s for
    # 5,000 × 2,600 values), and checks may run side by side.
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    if not common:
        return {}
    common_counts = np.fromiter((counts[k] for k in common), dtype=np.int64, count=len(common))
    highest = int(common_counts.max())
    position = {k: i for i, k in enumerate(common)}
    by_budget: dict[int, list[str]] = defaultdict(list)
    for key, n in counts.items():
        if DOMINANCE * n <= highest:  # some common value is used often enough to be intended
            by_budget[edit_budget(len(key))].append(key)
    found: dict[str, str] = {}
    step = max(1, CELLS_PER_BLOCK // len(common))
    for budget, keys in by_budget.items():
        for start in range(0, len(keys), step):
            block = keys[start : start + step]
            distances = process.cdist(
                block,
                common,
                scorer=OSA.distance,
                score_cutoff=budget,
                dtype=np.int32,
                workers=1,
            )
            used = np.fromiter((counts[k] for k in block), dtype=np.int64, count=len(block))
            allowed = common_counts[None, :] >= DOMINANCE * used[:, None]
            for row, key in enumerate(block):
                if key in position:
                    allowed[row, position[key]] = False
            distances[~allowed] = budget + 1
            best = distances.argmin(axis=1)  # the first of the nearest, in common's order
            hit = distances[np.arange(len(block)), best] <= budget
            for row in np.flatnonzero(hit):
                found[block[row]] = common[best[row]]
    # In counts' order, as the values are then examined.
    return {key: found[key] for key in counts if key in found}


def _short_change(value: str, target: str) -> bool:
    """Whether the change is to a short word: the whole value, or one short word of a phrase
    (``ak hf 1`` / ``al hf 1``): as ambiguous as a short value on its own."""
    if min(len(value), len(target)) <= SHORT:
        return True
    words, intended = value.split(), target.split()
    if len(words) != len(intended):
        return False
    changed = [(a, b) for a, b in zip(words, intended, strict=True) if a != b]
    return len(changed) == 1 and min(len(changed[0][0]), len(changed[0][1])) <= SHORT_WORD


_NUMBER_WITH_UNIT = re.compile(r"^[+-]?\d+([.,]\d+)?\s*(%|[^\W\d_]{1,12}\.?)?$")


def _may_be_typo(value: str, target: str) -> bool:
    """Whether the edits from ``target`` to ``value`` could be a slip rather than another value."""
    number, intended = _NUMBER_WITH_UNIT.match(value), _NUMBER_WITH_UNIT.match(target)
    if number and intended and _unit(number) == _unit(intended):
        return False  # two numbers with the same unit: different values, not spellings
    for op in _editops(value, target):
        a = value[op.src_pos] if op.tag != "insert" and op.src_pos < len(value) else ""
        b = target[op.dest_pos] if op.tag != "delete" and op.dest_pos < len(target) else ""
        if (a.isdigit() and b.isdigit()) or (op.tag != "replace" and (a + b).isdigit()):
            return False  # a number changed for another ("Model 2021" / "Model 2022")
        if a.isdigit() and b.isalpha():
            return False  # a digit for a letter makes another code ("4wd" / "fwd"); the reverse
            # (a letter inside a number) is a number mistyped
    return not _family_members(value, target)


def _swaps_a_known_word(value: str, target: str, words: Mapping[str, int]) -> bool:
    """Whether a phrase differs by a word the column uses often elsewhere ("american dark wheat
    ale" / "american pale wheat ale", "ak hf 1" / "al hf 1"): a word of its vocabulary, put there
    on purpose; a slip makes a word the column hardly uses ("xox profit")."""
    mine, intended = value.split(), target.split()
    if len(mine) < 2 or len(mine) != len(intended):
        return False
    return any(words.get(a, 0) >= MIN_COMMON for a, b in zip(mine, intended, strict=True) if a != b)


def _unit(number: re.Match[str]) -> str:
    return (number.group(2) or "").casefold().rstrip(".")


def _editops(a: str, b: str) -> Any:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.editops(a, b)


_TOKEN = re.compile(r"[^\W_]+")


def _family_members(a: str, b: str) -> bool:
    """Two codes of one family: they differ in a letter suffix right after a number (``EMB-145`` /
    ``EMB-145LR``, ``737-76Q`` / ``737-76N``), or inside a token mixing letters and digits."""
    if not (any(ch.isdigit() for ch in a) and any(ch.isdigit() for ch in b)):
        return False
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    rest_a, rest_b = a[prefix:], b[prefix:]
    if prefix and a[prefix - 1].isdigit() and all(r.isalpha() or not r for r in (rest_a, rest_b)):
        return True
    for token in _TOKEN.finditer(b):
        if token.start() <= prefix < token.end() or (prefix == token.end() and not rest_b):
            text = token.group()
            return any(ch.isdigit() for ch in text) and any(ch.isalpha() for ch in text)
    return False


def _code_members(m: Measurement, column: str) -> frozenset[str]:
    """Members of the standard code system the column holds (upper case), if it holds one."""
    try:
        from dataready.checks.shapes import recognised_system
    except ImportError:  # pragma: no cover - code systems are an optional part of the checks
        return frozenset()
    system = recognised_system(m, column)
    return frozenset(v.upper() for v in system.members) if system is not None else frozenset()


DETERMINES = 0.95
"""Share of rows whose value follows from another column's value for that column to vouch for it."""


@dataclass(frozen=True)
class _Dependency:
    """How one other column's values group the rows of a column (read once per column)."""

    other: str
    groups: Any
    """The other column's value of each sampled row (index aligned with the sample)."""
    repeated: Any
    """Rows whose value in the other column is shared with at least one other row."""
    leading: Any
    """Rows holding the most common value of their group."""
    pairs: Mapping[tuple[Any, Any], int]
    """Rows per (other value, value)."""
    sizes: Mapping[Any, int]
    """Rows per other value."""
    most_common: int
    """Rows holding the most common value, among the repeated rows."""


def _dependencies(m: Measurement, column: str) -> list[_Dependency]:
    def compute() -> list[_Dependency]:
        sample = m.sample
        out = []
        for other in sample.columns:
            stats = m.stats.get(other)
            if other == column or stats is None or not stats.non_null:
                continue
            try:
                both = sample[[other, column]].dropna()
                if both.empty:
                    continue
                sizes = both.groupby(other, sort=False)[column].transform("size")
                pairs = both.groupby([other, column], sort=False)[column].transform("size")
                leading = pairs == both.assign(n=pairs).groupby(other, sort=False)["n"].transform(
                    "max"
                )
                repeated = sizes >= 2
                counted = both.value_counts(sort=False)
                most_common = both[column][repeated].value_counts()
            except TypeError:  # unhashable values (lists): no dependency can be read
                continue
            out.append(
                _Dependency(
                    other=other,
                    groups=both[other],
                    repeated=repeated,
                    leading=leading,
                    pairs={(k[0], k[1]): int(n) for k, n in counted.items()},
                    sizes={k: int(n) for k, n in both[other].value_counts(sort=False).items()},
                    most_common=int(most_common.iloc[0]) if len(most_common) else 0,
                )
            )
        return out

    result: list[_Dependency] = m.cached(("dependencies", column), compute)
    return result


def _determines(d: _Dependency, rare: Any) -> bool:
    """Whether ``d.other`` nearly determines the column once the ``rare`` rows are left out.

    An approximate functional dependency (a hospital's id gives its state): among rows whose
    value in the other column repeats, the most common value of their group is theirs for
    DETERMINES of them, leaving at most half the errors of always guessing the column's most
    common value. Read without the rows in question, so that they do not vouch for themselves.
    """
    rare = rare.reindex(d.repeated.index, fill_value=False)
    in_play = d.repeated & ~rare
    rows = int(in_play.sum())
    if not rows:
        return False
    errors = int((in_play & ~d.leading).sum())
    baseline = rows - d.most_common
    return rows - errors >= DETERMINES * rows and errors <= 0.5 * baseline


def _rows_point_to(
    m: Measurement, column: str, rare: Sequence[Any], intended: Sequence[Any]
) -> bool:
    """Whether the rows holding a rare value belong with the intended value, by their other columns.

    For most rows holding ``rare`` in the sample, a column that determines this one (see
    :func:`_determines`) has a value shared by at least three other rows, at least 90 % of those
    hold ``intended``, and they hold something else at most half as often as the rest of the
    table does: the row is one of theirs.
    """
    sample = m.sample
    if column not in sample.columns:
        return False
    here = sample[column].isin(list(rare))
    if not here.any():
        return False
    rare_set, wanted = set(rare), set(intended)
    total = int(sample[column].notna().sum()) - int(here.sum())
    holding = int(sample[column].isin(list(wanted)).sum())
    elsewhere = 1.0 - holding / total if total else 0.0
    positions = sample.index[here.to_numpy()]
    supported = dict.fromkeys(positions, False)
    for d in _dependencies(m, column):
        if not _determines(d, here):
            continue
        for position in positions:
            if supported[position] or position not in d.groups.index:
                continue
            group = d.groups.loc[position]
            size = d.sizes.get(group, 0) - sum(d.pairs.get((group, v), 0) for v in rare_set)
            share = sum(d.pairs.get((group, v), 0) for v in wanted) / size if size else 0.0
            supported[position] = (
                size >= 3 and share >= CORROBORATION and 1.0 - share <= 0.5 * elsewhere
            )
        if all(supported.values()):
            break
    return sum(supported.values()) * 2 > len(supported)


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


def _edits_between_common_values(
    common: list[str], counts: Mapping[str, int] | None = None
) -> set[tuple[tuple[str, str], ...]]:
    """Single edits that already separate two frequent values; the same edit elsewhere is no typo.

    With ``counts``, only pairs used about as often (neither DOMINANCE times the other) count.
    """
    from rapidfuzz.distance import Levenshtein

    signatures: set[tuple[tuple[str, str], ...]] = set()
    if len(common) > 500:
        return signatures
    if len(common) < 2:
        return signatures
    import numpy as np
    from rapidfuzz import process

    one_edit = process.cdist(
        common, common, scorer=Levenshtein.distance, score_cutoff=1, dtype=np.int32, workers=1
    )
    for i, j in zip(*np.nonzero(np.triu(one_edit == 1, 1)), strict=True):
        a, b = common[i], common[j]
        if counts is not None and (
            counts[a] >= DOMINANCE * counts[b] or counts[b] >= DOMINANCE * counts[a]
        ):
            continue
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


class RunTogether(Check):
    """Two columns' values written into one: ``San Diego CA`` in the city column, the state empty.

    A value whose last word is a value of another column of short codes, in a row where that
    column is empty or holds the same word, carries the other column's value with its own. The
    pattern must hold for the row itself (the other column missing or repeating the word), or
    what remains must be a value the column already holds (``San Diego`` elsewhere).
    """

    name: ClassVar[str] = "values_run_together"
    dimension: ClassVar[Dimension] = Dimension.CONSISTENCY

    def run(self, m: Measurement) -> list[Finding]:
        out = []
        codes = [c.name for c in m.columns if _short_codes(m, c.name)]
        every_code = {f" {v}" for other in codes for v, _n in m.stats[other].top_values or ()}
        for c in m.columns:
            s = m.stats[c.name]
            if (
                c.kind is not ColumnKind.STRING
                or not s.with_space
                or c.name not in m.sample.columns
                or c.name in codes
                or not _ends_with(
                    [v for v, _n in s.top_values] if s.top_values else m.sample[c.name], every_code
                )
            ):
                continue
            for other in codes:
                found = _run_together(m, c.name, other)
                if found is not None:
                    out.append(self._finding(m, c.name, other, found))
                    break
        return out

    def _finding(self, m: Measurement, column: str, other: str, rows: Any) -> Finding:
        count = len(rows)
        share = count / max(len(m.sample), 1)
        values = m.sample.loc[rows, column]
        return self.finding(
            m,
            severity_for_share(share, warning=0.0, error=0.1),
            f"{count:,} values ({pct(share)}) of {column} end with a value of {other} "
            f"(e.g. {masked(values.iloc[0])!r}): two columns written into one",
            columns=(column, other),
            measured=round(share, 6),
            affected=scale_to_rows(m, count),
            total=m.row_count,
            basis=m.sample_basis,
            examples=tuple(masked(v) for v in values.value_counts().index[:5]),
            action=f"Split the trailing {other} out of {column} into {other} and correct the load that joins them",
            effort="S",
            rows=failed_rows(m, rows, column),
        )


CODE_MAX_LENGTH = 3
"""Codes written after a name (states, countries, units) are short and hold no blank."""


def _short_codes(m: Measurement, column: str) -> bool:
    """A column of short codes without blanks, used over and over (``CA``, ``NY``)."""
    s = m.stats[column]
    return bool(
        s.top_values
        and not s.with_space
        and 0 < (s.max_length or 0) <= CODE_MAX_LENGTH
        and (s.distinct or 0) * 5 <= s.non_null
    )


def _ends_with(values: Any, ends: set[str]) -> bool:
    """Whether any text value ends with one of ``ends`` (a blank and a short code)."""
    if not ends:
        return False
    suffixes = tuple(ends)
    return any(isinstance(v, str) and v.endswith(suffixes) for v in values)


def _run_together(m: Measurement, column: str, other: str) -> Any:
    """Sampled rows whose ``column`` ends in a blank and a value of ``other`` (see RunTogether)."""
    stats = m.stats[other]
    codes = {str(v) for v, n in stats.top_values or () if n >= 2}
    if not codes:
        return None
    values = m.sample[column]
    text = values  # .str yields NaN (never a match) for anything but text
    # Slicing the last few characters is cheap; only values ending in a blank and a code go on.
    ends = {f" {code}" for code in codes}
    candidate = text.str[-(CODE_MAX_LENGTH + 1) :].isin(ends)
    for length in range(1, CODE_MAX_LENGTH):
        candidate |= text.str[-(length + 1) :].isin(ends)
    if not candidate.any():
        return None
    text = text.where(candidate, "").astype(str)
    split = text.str.rsplit(" ", n=1)
    head = split.map(lambda parts: parts[0].strip() if len(parts) == 2 else "")
    tail = split.map(lambda parts: parts[1] if len(parts) == 2 else "")
    ends_with_code = tail.isin(codes) & (head != "")
    if not ends_with_code.any():
        return None
    there = m.sample[other]
    missing = there.isna() | there.map(lambda v: isinstance(v, str) and not v.strip())
    same = there.astype(str) == tail
    known = head.isin(set(values[~ends_with_code].dropna().astype(str)))
    rows = ends_with_code & (missing | same | known)
    # Names that end with a code by nature ("Kansas City MO" as a brand) do so in most rows;
    # a run-together value is the exception, or the other column would not exist.
    if not rows.any() or rows.sum() > 0.5 * values.notna().sum():
        return None
    return rows.index[rows.to_numpy()]


CHECKS = (CategoryVariants(), Misspellings(), UntrimmedText(), RunTogether())
