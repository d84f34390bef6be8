"""Fellegi–Sunter weights learned from the table itself, without labels.

Each compared field lands on a level (exact, close, partial, different, or missing). A level
weighs log2(m / u) bits: m is how often two records of one entity land there, u how often two
unrelated records do. Both are estimated from the data being matched, every run:

- u from random pairs: two records drawn at random are nearly always different entities, so the
  share of random pairs at each level is u. An exact agreement weighs by the value's own frequency
  instead (term-frequency adjustment): two records sharing "smith" is far likelier by chance than
  two sharing "okonkwo-baptiste", so the shared rare value counts for more.
- m by expectation–maximisation on the pairs blocking put forward: the candidates are a mixture
  of matches and non-matches; with u fixed, each round scores every pair with the current m, then
  re-estimates m (and the share of matches) from the pairs, weighted by how likely each is a match.
  A pair counts towards a field's m only when the other fields make it more likely a match than
  not, and never when the model's rules reject it (``engine.vetoed``: twins, households). Without
  that, the soft tail of millions of candidates that are each a little likely (namesakes,
  households, twins, whom only the given name tells apart) piles up in the disagreement levels:
  a differing birth date then weighs a few bits instead of nine, which lets more namesakes
  through, which inflates it further. The tail grows with the table (candidates per true match
  grow with the number of namesakes), so precision fell as tables grew.
- λ, the probability that two records drawn at random are one entity, follows: the share of
  matches among candidates times candidates over all pairs (blocking keeps nearly every match).

The fitted m values are pulled gently towards documented defaults (a Dirichlet prior worth a few
dozen pairs), so a tiny table or one without duplicates keeps sensible weights instead of
whatever a handful of pairs would make of them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dataready.dedupe import compare

if TYPE_CHECKING:
    import numpy as np

    from dataready.dedupe.engine import Prepared

LEVELS = 5
"""Levels are indices into the m and u tables: missing, exact, close, partial, different."""

RANDOM_PAIRS = 200_000
"""Random pairs drawn to measure u: enough to see levels that one pair in 10⁴ reaches."""
FIT_PAIRS = 300_000
"""Candidate pairs the expectation–maximisation runs on (a random subset beyond that)."""
PRIOR_PAIRS = 30.0
"""Weight of the default m values, in pairs: a few dozen duplicates already outweigh them."""
PRIOR_MATCHES = 0.05
"""Pseudo-matches per record added to λ's estimate (one pair per twenty records): with few pairs
to learn from, a low λ would make every pair look unlikely, which lowers λ again, until nothing
matches; this weak prior stops that spiral and is negligible when duplicates abound."""
MAX_ITERATIONS = 40
TOLERANCE = 1e-4
U_FLOOR = 1e-7
MIN_CANDIDATES = 20
"""Fewer candidate pairs than this: the defaults are kept, there is nothing to learn from."""


@dataclass(frozen=True)
class FieldWeights:
    m: tuple[float, ...]
    """Per level (index = level; missing unused): share of true pairs at that level."""
    u: tuple[float, ...]
    """Per level: share of random pairs at that level; exact agreement uses the value frequency."""

    def table(self) -> np.ndarray:
        """Bits per level (missing = 0); the exact level's entry is the average, unadjusted."""
        import numpy as np

        out = np.zeros(LEVELS, dtype=np.float32)
        for level in range(1, LEVELS):
            out[level] = math.log2(max(self.m[level], U_FLOOR) / max(self.u[level], U_FLOOR))
        return out


@dataclass(frozen=True)
class Model:
    fields: Mapping[str, FieldWeights]
    prior: float
    """log2 of the odds that two records drawn at random are the same entity."""
    fitted: bool = False
    iterations: int = 0
    converged: bool = False
    match_share: float = 0.0
    """Share of candidate pairs the fit judged to be matches."""

    def bits(self, column: str, level: np.ndarray, tf: np.ndarray) -> np.ndarray:
        """Evidence in bits for each pair: log2(m/u) by level; exact agreement weighs by the
        value's frequency (m_exact / tf)."""
        import numpy as np

        w = self.fields[column]
        out = w.table()[level.astype(np.intp)]
        exact = level == compare.EXACT
        if exact.any():
            out[exact] = np.log2(max(w.m[compare.EXACT], U_FLOOR) / np.maximum(tf[exact], U_FLOOR))
        return out

    def best_fuzzy(self, column: str) -> float:
        """The most a non-exact level can add (0 if none adds anything)."""
        table = self.fields[column].table()
        return float(max(table[compare.CLOSE], table[compare.PARTIAL], table[compare.DIFFERENT], 0))

    def exact_m(self, column: str) -> float:
        return max(self.fields[column].m[compare.EXACT], U_FLOOR)


def default_weights(kind: compare.FieldKind) -> FieldWeights:
    w = compare.WEIGHTS[kind]
    different = max(1 - w.u_close - w.u_partial, U_FLOOR)
    return FieldWeights((0.0, *w.m), (0.0, 0.01, w.u_close, w.u_partial, different))


def default_model(prep: Prepared, population: int) -> Model:
    """The documented weights, with prior odds of 1 : population (one duplicate per record at most)."""
    return Model(
        {f.column: default_weights(f.kind) for f in prep.fields},
        math.log2(1 / max(population - 1, 1)),
    )


def random_pairs(
    n: int, size: int, seed: int, n_left: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Random pairs of distinct records (across the two sides when ``n_left`` is given)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    if n_left is not None:
        a = rng.integers(0, n_left, size)
        b = rng.integers(n_left, n, size)
        return a, b
    a = rng.integers(0, n, size)
    b = rng.integers(0, n, size)
    keep = a != b
    return np.minimum(a, b)[keep], np.maximum(a, b)[keep]


def estimate_u(prep: Prepared, i: np.ndarray, j: np.ndarray) -> dict[str, FieldWeights]:
    """u per field and level from random pairs (a pseudo-count of the defaults keeps unseen levels
    finite); m left at the defaults."""
    import numpy as np

    from dataready.dedupe.engine import compare_all

    levels = compare_all(prep, i, j)
    out = {}
    for f in prep.fields:
        default = default_weights(f.kind)
        counts = np.bincount(levels[f.column], minlength=LEVELS).astype(np.float64)[1:]
        seen = counts.sum()
        prior = np.asarray(default.u[1:]) / sum(default.u[1:])
        u = (counts + prior) / (seen + 1)
        out[f.column] = FieldWeights(default.m, (0.0, *(float(x) for x in u)))
    return out


def fit(
    prep: Prepared,
    i: np.ndarray,
    j: np.ndarray,
    *,
    total_pairs: float,
    population: int,
    n_left: int | None = None,
    seed: int = 0,
) -> Model:
    """m, u and λ for ``prep``'s fields from its candidate pairs (i, j): see the module notes."""
    import numpy as np

    from dataready.dedupe.engine import compare_all, vetoed, weigh

    base = default_model(prep, population)
    if len(i) < MIN_CANDIDATES or prep.n < 3:
        return base
    ri, rj = random_pairs(prep.n, RANDOM_PAIRS, seed, n_left)
    if not len(ri):
        return base
    weights = estimate_u(prep, ri, rj)
    rng = np.random.default_rng(seed + 1)
    pick = (
        np.sort(rng.choice(len(i), FIT_PAIRS, replace=False)) if len(i) > FIT_PAIRS else slice(None)
    )
    fi, fj = i[pick], j[pick]
    levels = compare_all(prep, fi, fj)
    present = {c: lv != compare.MISSING for c, lv in levels.items()}
    onehot = {c: [lv == level for level in range(1, LEVELS)] for c, lv in levels.items()}
    # Pairs are weighed as if drawn at random (u comes from random pairs): the prior is λ, the
    # share of all pairs that match, which starts at one duplicate per record and is re-estimated
    # as the expected matches among the candidates (blocking keeps nearly all) over all pairs.
    scale = len(i) / len(fi)
    share = min(max(1 / max(population - 1, 1), 1e-12), 0.5)
    model = Model(weights, _log_odds(share))
    converged = False
    iterations = 0
    unknown = np.zeros(len(fi), dtype=np.int8)
    # The pairs the model's rules reject on all their fields (twins, households: see
    # ``engine.vetoed``) are not matches, whichever field is left out to learn its m.
    rejected = vetoed(prep, levels)
    while iterations < MAX_ITERATIONS:
        iterations += 1
        weight = weigh(prep, model, fi, fj, levels)
        p = 1 / (1 + np.exp2(-np.clip(weight, -60, 60)))
        matches = float(p.sum()) * scale + PRIOR_MATCHES * prep.n
        new_share = min(max(matches / max(total_pairs, 1.0), 1e-12), 0.5)
        fields = {}
        change = abs(_log_odds(new_share) - _log_odds(share)) / 100
        for f in prep.fields:
            # Each field's m is learned from how likely each pair is a match on the evidence of
            # the other fields: the candidates came together because some fields are alike
            # (blocking), and a field must not vote for its own agreement.
            others = weigh(prep, model, fi, fj, {**levels, f.column: unknown})
            q = 1 / (1 + np.exp2(-np.clip(others, -60, 60)))
            q = np.where(q >= 0.5, q, 0.0)  # see the module notes: the tail of unlikely pairs
            if rejected is not None:
                q[rejected] = 0.0
            default = default_weights(f.kind)
            mass = float(q[present[f.column]].sum())
            m = [
                (float(q[hit].sum()) + PRIOR_PAIRS * default.m[level + 1]) / (mass + PRIOR_PAIRS)
                for level, hit in enumerate(onehot[f.column])
            ]
            old = model.fields[f.column].m
            change = max(change, *(abs(a - b) for a, b in zip(m, old[1:], strict=True)))
            fields[f.column] = FieldWeights((0.0, *m), model.fields[f.column].u)
        share = new_share
        model = Model(fields, _log_odds(share))
        if change < TOLERANCE:
            converged = True
            break
    return Model(
        model.fields,
        _log_odds(share),
        fitted=True,
        iterations=iterations,
        converged=converged,
        match_share=min(share * total_pairs / len(i), 1.0),
    )


def _log_odds(p: float) -> float:
    return math.log2(p / (1 - p))
