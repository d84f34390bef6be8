"""Near-duplicate records: normalise → block → compare → weigh → cluster.

``find_duplicates`` works on one table (``crosssource.link`` on two, with the same parts). Both are
plain functions of DataFrames, so the audit's sample, the ``duplicates`` command's full read and a
notebook all use the same code.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dataready.dedupe import blocking as block
from dataready.dedupe import compare
from dataready.dedupe.cluster import connected_components, representatives
from dataready.dedupe.estimate import U_FLOOR, Model, default_model, fit
from dataready.dedupe.fields import Field, FieldKind, field_values, infer_fields

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

DEFAULT_THRESHOLD = 0.5
"""Minimum match probability for a pair to count as the same entity."""

SIMILARITY_WEIGHTS = {
    FieldKind.GIVEN_NAME: 2.0,
    FieldKind.SURNAME: 2.0,
    FieldKind.MIDDLE_NAME: 0.5,
    FieldKind.NAME: 3.0,
    FieldKind.EMAIL: 2.0,
    FieldKind.PHONE: 2.0,
    FieldKind.DATE: 2.0,
    FieldKind.ADDRESS: 1.5,
    FieldKind.CITY: 0.5,
    FieldKind.REGION: 0.25,
    FieldKind.POSTCODE: 1.0,
    FieldKind.IDENTIFIER: 3.0,
    FieldKind.TEXT: 1.0,
}
"""Weights of the displayed similarity (a weighted mean of field similarities); decisions use the bits."""


@dataclass(frozen=True)
class Settings:
    columns: Mapping[str, str | None] | Sequence[str] | None = None
    """Columns to compare (with kinds); inferred from names and values when not given."""
    threshold: float = DEFAULT_THRESHOLD
    blocking: tuple[tuple[str, ...], ...] = ()
    """Extra sort keys (column lists) on top of those built from the fields."""
    window: int = block.DEFAULT_WINDOW


@dataclass
class Prepared:
    fields: tuple[Field, ...]
    n: int
    codes: dict[str, np.ndarray]
    """Value codes per column (-1 = missing); person-name columns share one code space."""
    vocabularies: dict[str, compare.Vocabulary]
    tf: dict[str, np.ndarray]
    """Frequency of each record's value among the filled values of its column."""
    filled: np.ndarray
    """How many compared fields each record has."""
    name_key: Any
    """The record's name with its words in alphabetical order ("" without a name), as Arrow."""
    model: Model
    """The weights pairs are scored with: documented defaults until ``estimate.fit`` learns them."""
    name_codes: Any = None
    """A code per record for its whole name (``name_key``); -1 without a name."""
    tf_within_name: dict[str, np.ndarray] = field(default_factory=dict)
    """For e-mail addresses: the value's frequency among the records of the same name."""

    def text(self, column: str) -> Any:
        """The normalised values of a column as an Arrow array ("" where missing)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        codes = self.codes[column]
        vocabulary = pa.concat_arrays(
            [self.vocabularies[column].arrow, pa.array([""], type=pa.string())]
        )
        return pc.take(vocabulary, np.where(codes >= 0, codes, len(vocabulary) - 1))


@dataclass
class Pairs:
    """Compared pairs (i < j) with their evidence."""

    i: np.ndarray
    j: np.ndarray
    weight: np.ndarray
    probability: np.ndarray
    similarity: np.ndarray
    levels: dict[str, np.ndarray]

    def take(self, mask: np.ndarray) -> Pairs:
        return Pairs(
            self.i[mask],
            self.j[mask],
            self.weight[mask],
            self.probability[mask],
            self.similarity[mask],
            {k: v[mask] for k, v in self.levels.items()},
        )

    def __len__(self) -> int:
        return len(self.i)


@dataclass
class DuplicateResult:
    fields: tuple[Field, ...]
    rows: int
    candidates: int
    """Pairs blocking put forward for comparison."""
    pairs: Pairs
    """Pairs at or above the threshold."""
    label: np.ndarray
    """Cluster label per record (the smallest member's position); singletons label themselves."""
    representative: dict[int, int]
    threshold: float
    timings: dict[str, float] = field(default_factory=dict)
    prepared: Prepared | None = field(default=None, repr=False)
    population: int = 0
    candidate_i: np.ndarray | None = field(default=None, repr=False)
    candidate_j: np.ndarray | None = field(default=None, repr=False)
    """The candidate pairs themselves, when asked for (to measure blocking recall)."""

    @property
    def model(self) -> Model | None:
        return self.prepared.model if self.prepared is not None else None

    @property
    def clusters(self) -> int:
        return len(self.representative)

    @property
    def records_in_clusters(self) -> int:
        import numpy as np

        sizes = np.bincount(self.label, minlength=len(self.label))
        return int((sizes[self.label] > 1).sum())

    @property
    def redundant_records(self) -> int:
        """Records a merge would remove: every cluster member but its representative."""
        return self.records_in_clusters - self.clusters

    def cluster_members(self) -> dict[int, list[int]]:
        import numpy as np

        sizes = np.bincount(self.label, minlength=len(self.label))
        out: dict[int, list[int]] = {}
        for r in np.nonzero(sizes[self.label] > 1)[0]:
            out.setdefault(int(self.label[r]), []).append(int(r))
        return out


def prepare(frame: pd.DataFrame, fields: Sequence[Field]) -> Prepared:
    """Value codes, vocabularies and value frequencies per field; nothing per record but integers."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from dataready.dedupe.normalise import normalise

    n = len(frame)
    codes: dict[str, np.ndarray] = {}
    vocabularies: dict[str, compare.Vocabulary] = {}
    tf: dict[str, np.ndarray] = {}
    filled = np.zeros(n, dtype=np.int32)
    names = [f for f in fields if f.kind in PERSON_PARTS]
    normalised = {f.column: normalise(field_values(frame, f), f.kind) for f in names}
    if names:  # one code space, so a given name can be compared with a surname ("Smith John")
        encoded = pc.dictionary_encode(pa.concat_arrays([normalised[f.column] for f in names]))
        shared = compare.Vocabulary(FieldKind.GIVEN_NAME, encoded.dictionary)
        indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)
        for k, f in enumerate(names):
            codes[f.column], vocabularies[f.column] = indices[k * n : (k + 1) * n], shared
    for f in fields:
        if f.column not in codes:
            encoded = pc.dictionary_encode(normalise(field_values(frame, f), f.kind))
            codes[f.column] = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)
            vocabularies[f.column] = compare.Vocabulary(f.kind, encoded.dictionary)
        vocabulary = vocabularies[f.column]
        empty = (
            np.nonzero(vocabulary.values == "")[0]
            if len(vocabulary) < 50_000
            else np.nonzero(pc.equal(vocabulary.arrow, "").to_numpy(zero_copy_only=False))[0]
        )
        c = codes[f.column]
        present = ~np.isin(c, empty) if len(empty) else np.ones(n, dtype=bool)
        c = np.where(present, c, -1).astype(np.int32)
        codes[f.column] = c
        counts = np.bincount(c[present], minlength=len(vocabulary)).astype(np.float64)
        total = max(int(present.sum()), 1)
        tf[f.column] = np.where(present, counts[np.maximum(c, 0)] / total, 0).astype(np.float32)
        filled += present
    prep = Prepared(tuple(fields), n, codes, vocabularies, tf, filled, None, None)  # type: ignore[arg-type]
    prep.name_key = block.name_key(prep)
    _within_name(prep)
    prep.model = default_model(prep, n)
    return prep


def _within_name(prep: Prepared) -> None:
    """How common each record's e-mail address is among the records of its name.

    An address is often built from the name (``john.smith71@``), so namesakes share one far more
    often than strangers do: once two records' names agree, an agreeing address is as telling as
    it is rare among that name's records, not among all records (``pair_tf``).
    """
    import numpy as np
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(prep.name_key)
    names = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    empty = np.nonzero(pc.equal(encoded.dictionary, "").to_numpy(zero_copy_only=False))[0]
    if len(empty):
        names = np.where(np.isin(names, empty), -1, names)
    prep.name_codes = names
    per_name = np.bincount(names[names >= 0], minlength=len(encoded.dictionary))
    for f in prep.fields:
        if f.kind is not FieldKind.EMAIL:
            continue
        codes = prep.codes[f.column].astype(np.int64)
        both = (codes >= 0) & (names >= 0)
        key = names[both] * (len(prep.vocabularies[f.column]) + 1) + codes[both]
        _values, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        within = np.zeros(prep.n, dtype=np.float32)
        within[both] = counts[inverse] / per_name[names[both]]
        prep.tf_within_name[f.column] = within


def pair_tf(prep: Prepared, column: str, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The value frequency an exact agreement is weighed by: the value's share of the column, or,
    for an e-mail address of two records with the same name, its share among that name's records."""
    import numpy as np

    tf = prep.tf[column][i]
    within = prep.tf_within_name.get(column)
    if within is None:
        return tf
    names = prep.name_codes
    same = (names[i] == names[j]) & (names[i] >= 0)
    return np.where(same, np.maximum(tf, within[i]), tf)


PERSON_PARTS = (FieldKind.GIVEN_NAME, FieldKind.MIDDLE_NAME, FieldKind.SURNAME)
PERSONAL_IDS = (FieldKind.IDENTIFIER, FieldKind.EMAIL)
"""Identifiers one person does not share with the family: e-mail addresses, national ids."""


def compare_all(prep: Prepared, i: np.ndarray, j: np.ndarray) -> dict[str, np.ndarray]:
    """The level of every field for every pair, with swapped given name and surname compared
    crossed: what the model is fitted on (no pair is dropped early)."""
    import numpy as np

    levels: dict[str, np.ndarray] = {}
    for f in prep.fields:
        levels[f.column], _ = compare.compare(
            prep.vocabularies[f.column], prep.codes[f.column][i], prep.codes[f.column][j], f.kind
        )
    given, surname = _name_parts(prep)
    if given is not None and surname is not None:
        _uncross(prep, i, j, np.arange(len(i)), given, surname, levels)
    return levels


def _name_parts(prep: Prepared) -> tuple[Field | None, Field | None]:
    given = next((f for f in prep.fields if f.kind is FieldKind.GIVEN_NAME), None)
    surname = next((f for f in prep.fields if f.kind is FieldKind.SURNAME), None)
    return given, surname


def _primary(prep: Prepared) -> Field | None:
    given, _surname = _name_parts(prep)
    return given or next((f for f in prep.fields if f.kind is FieldKind.NAME), None)


PERSONAL = (FieldKind.GIVEN_NAME, FieldKind.NAME, FieldKind.DATE, *PERSONAL_IDS)
"""Attributes of the person rather than the family or household: a given (or whole) name, a
birth date, an e-mail address, a national id. Surname, address, phone and city are shared."""


def vetoed(
    prep: Prepared, levels: Mapping[str, np.ndarray], *, names_only: bool = False
) -> np.ndarray | None:
    """Pairs that only a family or household holds together: different people whatever else agrees.

    Family members and twins share surname, birthday, address and phone; one person's name rarely
    changes beyond a typo, an initial or a nickname, and a national id or e-mail address is not
    shared with the family. So a pair whose given (or whole) names clearly differ needs a
    personal identifier that agrees; and a pair in which no personal attribute agrees at all
    (given name missing, birth date and e-mail different) is a household, not a person.
    """
    import numpy as np

    primary = _primary(prep)
    personal = [] if names_only else [f for f in prep.fields if f.kind in PERSONAL]
    if primary is None and not personal:
        return None
    n = len(next(iter(levels.values())))
    veto = np.zeros(n, dtype=bool)
    if primary is not None:
        differ = levels[primary.column] == compare.DIFFERENT
        for f in prep.fields:
            if f.kind in PERSONAL_IDS:
                differ &= ~np.isin(levels[f.column], (compare.EXACT, compare.CLOSE))
        veto |= differ
    if personal:
        agrees = np.zeros(n, dtype=bool)
        for f in personal:
            agrees |= np.isin(levels[f.column], (compare.EXACT, compare.CLOSE, compare.PARTIAL))
        veto |= ~agrees
    return veto


def weigh(
    prep: Prepared,
    model: Model,
    i: np.ndarray,
    j: np.ndarray,
    levels: Mapping[str, np.ndarray],
) -> np.ndarray:
    """Total evidence in bits (prior included) for fully compared pairs: fields add up, except the
    attributes a household shares, which count once (``compare.HOUSEHOLD``)."""
    import numpy as np

    total = np.full(len(i), model.prior, dtype=np.float32)
    household = [f for f in prep.fields if f.kind in compare.HOUSEHOLD]
    for f in prep.fields:
        if f not in household:
            total += model.bits(f.column, levels[f.column], pair_tf(prep, f.column, i, j))
    if household:
        bits_by_field = {
            f.column: model.bits(f.column, levels[f.column], pair_tf(prep, f.column, i, j))
            for f in household
        }
        total += _household(household, levels, bits_by_field)
    veto = vetoed(prep, levels)
    if veto is not None:
        total[veto] = -60
    return total


def score_pairs(
    prep: Prepared, i: np.ndarray, j: np.ndarray, *, threshold: float | None = None
) -> Pairs:
    """Evidence for each pair under the table's model (``prep.model``).

    With a ``threshold``, pairs that can no longer reach it (too little evidence left to gain from
    the fields not yet compared) are dropped as soon as that is certain, so most candidate pairs
    cost one or two field comparisons: names that clearly differ weigh heavily against a pair.
    """
    import numpy as np

    model = prep.model
    needed = (
        None
        if threshold is None
        else math.log2(threshold / (1 - threshold))
        if threshold < 1
        else math.inf
    )
    given, surname = _name_parts(prep)
    primary = _primary(prep)
    household = [f for f in prep.fields if f.kind in compare.HOUSEHOLD]
    others = [
        f
        for f in prep.fields
        if f.kind not in compare.HOUSEHOLD and f is not primary and f is not surname
    ]
    # Cheap, decisive fields first: names rule out most candidates; identifiers and e-mails settle many.
    order = [f for f in (primary, surname) if f is not None] + sorted(
        others, key=lambda f: _COST[f.kind]
    )

    keep = np.arange(len(i))
    levels: dict[str, np.ndarray] = {f.column: np.zeros(len(i), np.int8) for f in prep.fields}
    sims: dict[str, np.ndarray] = {f.column: np.zeros(len(i), np.uint8) for f in prep.fields}
    total = np.full(len(i), model.prior, dtype=np.float32)
    best = {f.column: _max_bits(prep, f, i, j) for f in prep.fields} if needed is not None else {}

    def evaluate(f: Field, rows: np.ndarray) -> None:
        lv, sm = compare.compare(
            prep.vocabularies[f.column],
            prep.codes[f.column][i[rows]],
            prep.codes[f.column][j[rows]],
            f.kind,
        )
        levels[f.column][rows], sims[f.column][rows] = lv, sm

    def bits(f: Field, rows: np.ndarray) -> np.ndarray:
        return model.bits(
            f.column, levels[f.column][rows], pair_tf(prep, f.column, i[rows], j[rows])
        )

    personal = [f for f in order if f.kind in PERSONAL_IDS]
    names_settled = surname if (given is not None and surname is not None) else primary
    veto_after = personal[-1] if personal else names_settled
    done: set[str] = set()
    for f in order:
        evaluate(f, keep)
        done.add(f.column)
        if f is surname and given is not None:
            _uncross(prep, i, j, keep, given, surname, levels)
            # Only the two name parts are compared so far: their bits are recounted, crossed or not.
            total[keep] = model.prior + bits(given, keep) + bits(surname, keep)
        else:
            total[keep] += bits(f, keep)
        if f is veto_after and primary is not None:
            # Before the birth date is compared only the names rule applies; weigh() applies both.
            veto = vetoed(prep, {c: lv[keep] for c, lv in levels.items()}, names_only=True)
            if veto is not None:
                keep = keep[~veto]
        if (
            f is not primary or names_settled is primary
        ):  # a swap can still turn a given name around
            keep = _prune(keep, total, best, done, prep, needed, household)
    for f in household:
        evaluate(f, keep)
    weight = np.full(len(i), -60, dtype=np.float32)
    if len(keep):
        weight[keep] = weigh(
            prep, model, i[keep], j[keep], {c: lv[keep] for c, lv in levels.items()}
        )
    probability = (1 / (1 + np.exp2(-np.clip(weight, -60, 60)))).astype(np.float32)
    sim_sum = np.zeros(len(i), dtype=np.float32)
    sim_weight = np.zeros(len(i), dtype=np.float32)
    for f in prep.fields:
        present = levels[f.column] != compare.MISSING
        w = SIMILARITY_WEIGHTS[f.kind]
        sim_sum += np.where(present, sims[f.column].astype(np.float32) * w, 0)
        sim_weight += np.where(present, w, 0)
    similarity = (
        np.where(sim_weight > 0, sim_sum / np.maximum(sim_weight, 1e-9), 0).round().astype(np.uint8)
    )
    # Pairs dropped early stay below the threshold: their probability is 0.
    return Pairs(i, j, weight, probability, similarity, levels)


_COST = {
    FieldKind.IDENTIFIER: 0,
    FieldKind.EMAIL: 1,
    FieldKind.DATE: 2,
    FieldKind.MIDDLE_NAME: 3,
    FieldKind.NAME: 4,
    FieldKind.TEXT: 5,
    FieldKind.GIVEN_NAME: 3,
    FieldKind.SURNAME: 3,
}


def _max_bits(prep: Prepared, f: Field, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The most one field could still add for each pair (0 when either value is missing)."""
    import numpy as np

    model = prep.model
    ci, cj = prep.codes[f.column][i], prep.codes[f.column][j]
    fuzzy = model.best_fuzzy(f.column)
    exact = np.log2(
        model.exact_m(f.column)
        / np.maximum(np.minimum(prep.tf[f.column][i], prep.tf[f.column][j]), U_FLOOR)
    )
    best = np.maximum(np.where(ci == cj, exact, fuzzy), 0)
    if f.kind in PERSON_PARTS:
        best = np.maximum(best, exact)  # a crossed name can still agree exactly
    return np.where((ci >= 0) & (cj >= 0), best, 0).astype(np.float32)


def _prune(
    keep: np.ndarray,
    total: np.ndarray,
    best: dict[str, np.ndarray],
    done: set[str],
    prep: Prepared,
    needed: float | None,
    household: Sequence[Field],
) -> np.ndarray:
    """Drop pairs that cannot reach the threshold even if every field still to compare agreed exactly."""
    import numpy as np

    if needed is None or not len(keep):
        return keep
    bound = total[keep].copy()
    household_best = np.zeros(len(keep), dtype=np.float32)
    for f in prep.fields:
        if f.column in done:
            continue
        if f in household:
            household_best = np.maximum(household_best, best[f.column][keep])
        else:
            bound += best[f.column][keep]
    bound += household_best
    return keep[bound >= needed]


def _household(
    fields: Sequence[Field],
    levels: Mapping[str, np.ndarray],
    bits_by_field: Mapping[str, np.ndarray],
) -> np.ndarray:
    """One piece of evidence for the attributes a household shares (see ``compare.HOUSEHOLD``)."""
    import numpy as np

    n = len(next(iter(bits_by_field.values())))
    location = sorted(
        (f for f in fields if f.kind in compare.LOCATION),
        key=lambda f: compare.LOCATION.index(f.kind),
    )
    place = np.full(
        n, np.nan, dtype=np.float32
    )  # the most precise location field both records have
    disagree = np.full(n, np.nan, dtype=np.float32)  # the strongest clear disagreement among them
    # A postcode that agrees vouches for the town and region: a postcode names one area, so the
    # same postcode under two spellings of a suburb is one place. Street addresses and town names
    # repeat elsewhere (Portland, Oregon is not Portland, Maine): their agreement vouches for nothing.
    vouched = np.zeros(n, dtype=bool)
    for f in location:
        level, b = levels[f.column], bits_by_field[f.column]
        place = np.where(np.isnan(place) & (level != compare.MISSING), b, place)
        clash = (level == compare.DIFFERENT) & ~vouched
        disagree = np.where(clash & (np.isnan(disagree) | (b < disagree)), b, disagree)
        if f.kind is FieldKind.POSTCODE:
            vouched |= np.isin(level, (compare.EXACT, compare.CLOSE))
    place = np.where(np.isnan(disagree), place, disagree)
    phone = next((f for f in fields if f.kind is FieldKind.PHONE), None)
    heard = (
        np.where(levels[phone.column] != compare.MISSING, bits_by_field[phone.column], np.nan)
        if phone
        else np.full(n, np.nan)
    )
    both = ~np.isnan(place) & ~np.isnan(heard)
    out = np.where(both, np.maximum(place, heard), np.where(np.isnan(place), heard, place))
    return np.nan_to_num(out, nan=0.0).astype(np.float32)


def _uncross(
    prep: Prepared,
    i: np.ndarray,
    j: np.ndarray,
    rows: np.ndarray,
    given: Field,
    surname: Field,
    levels: dict[str, np.ndarray],
) -> None:
    """Given and surname swapped in one record ("Smith", "John" / "John", "Smith"): compare them crossed.

    Pairs whose straight comparison falls short are re-compared crossed (names share one code
    space, so crossed codes compare; each distinct pair of names is scored once); the crossed
    levels replace the straight ones when they are closer, so a swap with a typo in each part is
    found too.
    """
    import numpy as np

    g, s = prep.codes[given.column], prep.codes[surname.column]
    gi, gj, si, sj = g[i[rows]], g[j[rows]], s[i[rows]], s[j[rows]]
    short = (levels[given.column][rows] >= compare.PARTIAL) | (
        levels[surname.column][rows] >= compare.PARTIAL
    )
    vocabulary = prep.vocabularies[given.column]
    first = vocabulary.features["first"]
    present = (gi >= 0) & (gj >= 0) & (si >= 0) & (sj >= 0)
    gi0, gj0, si0, sj0 = (np.maximum(c, 0) for c in (gi, gj, si, sj))
    # Worth comparing crossed: one crossed part agrees, or both crossed parts start alike.
    crossed = (gi == sj) | (si == gj) | ((first[gi0] == first[sj0]) & (first[si0] == first[gj0]))
    idx = rows[short & present & crossed]
    if not len(idx):
        return
    # Crossed: record i's given name against record j's surname slot, and the other way round.
    given_level, _ = compare.compare(vocabulary, g[i[idx]], s[j[idx]], FieldKind.GIVEN_NAME)
    surname_level, _ = compare.compare(vocabulary, s[i[idx]], g[j[idx]], FieldKind.SURNAME)
    straight = levels[given.column][idx].astype(int) + levels[surname.column][idx]
    better = given_level.astype(int) + surname_level < straight
    take = idx[better]
    # Which record is swapped is unknown, so which crossed part is the surname is too: the closer
    # one counts as the surname and the other as the given name. A surname that turns up in the
    # other record's given-name slot beside two different given names ("Berer Robert" / "Mary
    # Berer") is then a family, as it would be unswapped, and only a personal identifier pairs it.
    closer = np.minimum(given_level, surname_level)[better]
    further = np.maximum(given_level, surname_level)[better]
    levels[given.column][take] = further
    levels[surname.column][take] = closer


def _take(arrow: Any, rows: np.ndarray) -> np.ndarray:
    import pyarrow.compute as pc

    return pc.take(arrow, rows).to_numpy(zero_copy_only=False)


def resolve_fields(frame: pd.DataFrame, settings: Settings) -> tuple[Field, ...]:
    return infer_fields(frame, settings.columns)


CHUNK = 250_000
"""Candidate pairs scored at a time: bounds memory whatever the number of candidates."""


def accepted_pairs(prep: Prepared, i: np.ndarray, j: np.ndarray, threshold: float) -> Pairs:
    """Pairs at or above the threshold, scored a chunk at a time."""
    parts = []
    for start in range(0, max(len(i), 1), CHUNK):
        pairs = score_pairs(
            prep, i[start : start + CHUNK], j[start : start + CHUNK], threshold=threshold
        )
        parts.append(pairs.take(pairs.probability >= threshold))
    return concat_pairs(parts)


def concat_pairs(parts: Sequence[Pairs]) -> Pairs:
    import numpy as np

    return Pairs(
        np.concatenate([p.i for p in parts]),
        np.concatenate([p.j for p in parts]),
        np.concatenate([p.weight for p in parts]),
        np.concatenate([p.probability for p in parts]),
        np.concatenate([p.similarity for p in parts]),
        {k: np.concatenate([p.levels[k] for p in parts]) for k in parts[0].levels},
    )


def find_duplicates(
    frame: pd.DataFrame,
    settings: Settings | None = None,
    *,
    population: int | None = None,
    fields: Sequence[Field] | None = None,
    exclude: np.ndarray | None = None,
    keep_candidates: bool = False,
) -> DuplicateResult:
    """Clusters of records that describe the same entity.

    ``population`` is the number of rows in the whole table when ``frame`` is a sample (it scales
    the estimate of duplicates; the model's prior is learned from the frame, and the share of
    matching pairs is the same in a uniform sample as in the whole). ``exclude`` is a label per
    row (a hash of the whole row, say): pairs of rows with equal labels are not reported, e.g.
    exact copies that another check already counts.
    """
    import numpy as np

    settings = settings or Settings()
    chosen = tuple(fields) if fields is not None else resolve_fields(frame, settings)
    return (
        match(
            frame,
            chosen,
            settings,
            population=population,
            exclude=exclude,
            keep_candidates=keep_candidates,
            group=None,
            n_left=None,
        )
        if chosen and len(frame) >= 2
        else _nothing(chosen, len(frame), settings, np)
    )


def _nothing(chosen: tuple[Field, ...], n: int, settings: Settings, np: Any) -> DuplicateResult:
    empty = np.array([], dtype=np.int64)
    no_pairs = Pairs(
        empty, empty, np.array([], np.float32), np.array([], np.float32), np.array([], np.uint8), {}
    )
    return DuplicateResult(chosen, n, 0, no_pairs, np.arange(n), {}, settings.threshold, {})


def match(
    frame: pd.DataFrame,
    chosen: tuple[Field, ...],
    settings: Settings,
    *,
    population: int | None,
    exclude: np.ndarray | None,
    keep_candidates: bool,
    group: np.ndarray | None,
    n_left: int | None,
) -> DuplicateResult:
    """Normalise, block, fit the model, score, cluster. With ``group``/``n_left`` (rows of the
    left source first) only pairs across the two sources are compared: a linkage."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    n = len(frame)
    prep = prepare(frame, chosen)
    timings["normalise"] = time.perf_counter() - started
    t = time.perf_counter()
    keys = block.sort_keys(prep, settings.blocking)
    i, j = block.candidate_pairs(keys, n, settings.window, group=group)
    timings["blocking"] = time.perf_counter() - t
    t = time.perf_counter()
    if exclude is not None and len(i):
        keep = exclude[i] != exclude[j]
        i, j = i[keep], j[keep]
    total_pairs = n * (n - 1) / 2 if n_left is None else n_left * (n - n_left)
    prep.model = fit(prep, i, j, total_pairs=total_pairs, population=population or n, n_left=n_left)
    timings["fitting"] = time.perf_counter() - t
    t = time.perf_counter()
    accepted = accepted_pairs(prep, i, j, settings.threshold)
    timings["scoring"] = time.perf_counter() - t
    t = time.perf_counter()
    label = connected_components(n, accepted.i, accepted.j)
    reps = representatives(label, prep.filled)
    timings["clustering"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    return DuplicateResult(
        chosen,
        n,
        len(i),
        accepted,
        label,
        reps,
        settings.threshold,
        timings,
        prep,
        population or n,
        i if keep_candidates else None,
        j if keep_candidates else None,
    )
