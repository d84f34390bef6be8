"""Near-duplicate texts at corpus scale: word shingles, MinHash signatures and LSH banding.

Comparing every pair of documents is quadratic (10,000 documents are 50 million pairs). Instead
each text becomes the set of its overlapping word n-grams (shingles); a MinHash signature of
that set is cut into bands, and only texts that share a whole band with another text are
compared. Candidates are then confirmed with the exact Jaccard similarity of their shingle sets,
so the banding decides only what is compared, never what is reported.

Everything is vectorised with numpy over the whole corpus at once: one hash per token, one per
shingle, and one pass per permutation with ``minimum.reduceat`` over the documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

WORD = re.compile(r"\w+")

_MASK64 = (1 << 64) - 1
_PAD = 0x9E3779B97F4A7C15
"""The hash of the padding after each text's last token, so shingles never span two texts."""


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens: case, whitespace, punctuation and markup do not matter."""
    return WORD.findall(text.lower())


@dataclass(frozen=True)
class Shingles:
    """Every text's shingle hashes, concatenated: text ``i`` owns ``hashes[starts[i]:starts[i] + counts[i]]``."""

    hashes: np.ndarray
    starts: np.ndarray
    counts: np.ndarray

    def of(self, i: int) -> np.ndarray:
        return self.hashes[self.starts[i] : self.starts[i] + self.counts[i]]


def _splitmix(x: np.ndarray) -> np.ndarray:
    """A strong 64-bit finaliser: nearby inputs give unrelated outputs."""
    import numpy as np

    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def shingle(token_lists: Sequence[Sequence[str]], width: int = 5) -> Shingles:
    """Hashes of every run of ``width`` consecutive tokens of each text.

    A text shorter than ``width`` still gets shingles (padded), so short texts can match too.
    Hashes depend only on the tokens, not on the corpus: the same text hashes the same anywhere.
    """
    import numpy as np
    import pandas as pd

    counts = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
    flat = [tok for t in token_lists for tok in t]
    if not flat:
        empty = np.zeros(0, dtype=np.uint64)
        return Shingles(empty, np.zeros(len(token_lists), dtype=np.int64), counts)
    # Hash each distinct token once: a corpus repeats a vocabulary far smaller than its length.
    codes, vocabulary = pd.factorize(np.asarray(flat, dtype=object))
    token_hash = pd.util.hash_array(np.asarray(vocabulary, dtype=object), categorize=False)[codes]
    # Lay the texts end to end with width-1 padding tokens after each one.
    padded_len = counts + (width - 1)
    padded_starts = np.concatenate(([0], np.cumsum(padded_len)[:-1]))
    total = int(padded_len.sum())
    seq = np.full(total, _PAD, dtype=np.uint64)
    positions = np.repeat(
        padded_starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts
    ) + np.arange(len(flat))
    seq[positions] = token_hash
    # Combine each window with odd per-position multipliers, then mix.
    window = len(seq) - width + 1
    combined = np.zeros(max(window, 0), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            combined = combined * np.uint64(0x100000001B3) + seq[j : j + window]
    mixed = _splitmix(combined)
    # Keep the windows that start on one of the text's own tokens.
    hashes = mixed[positions]
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    return Shingles(hashes, starts, counts)


def signatures(sh: Shingles, permutations: int = 32, seed: int = 1) -> np.ndarray:
    """MinHash signatures (texts × permutations); rows of texts without tokens stay at the maximum.

    Computed on the upper 32 bits of the (already mixed) shingle hashes: half the memory traffic
    of 64-bit arithmetic, and collisions among a document's shingles stay negligible.
    """
    import numpy as np

    n = len(sh.counts)
    sig = np.full((n, permutations), np.iinfo(np.uint32).max, dtype=np.uint32)
    filled = np.nonzero(sh.counts > 0)[0]
    if not len(filled):
        return sig
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**32, size=permutations, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 2**32, size=permutations, dtype=np.uint64).astype(np.uint32)
    values = (sh.hashes >> np.uint64(32)).astype(np.uint32)
    offsets = sh.starts[filled]
    permuted = np.empty_like(values)
    with np.errstate(over="ignore"):
        for p in range(permutations):
            np.multiply(values, a[p], out=permuted)
            permuted += b[p]
            permuted ^= permuted >> np.uint32(15)
            sig[filled, p] = np.minimum.reduceat(permuted, offsets)
    return sig


def candidate_pairs(
    sig: np.ndarray, bands: int, active: np.ndarray | None = None, max_star: int = 32
) -> np.ndarray:
    """Pairs (i < j) that agree on every row of at least one band: the blocking step.

    A bucket of many texts (boilerplate everyone shares) is not expanded into all its pairs:
    small buckets give every pair, large ones a chain plus a star, which union-find still joins.
    """
    import numpy as np

    n, k = sig.shape
    rows = k // bands
    idx = np.arange(n) if active is None else np.asarray(active)
    found: list[np.ndarray] = []
    if len(idx) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    for band in range(bands):
        part = sig[idx, band * rows : (band + 1) * rows].astype(np.uint64)
        key = np.zeros(len(idx), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for r in range(rows):
                key = _splitmix(key ^ part[:, r])
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        # Only runs of equal keys matter, and most texts share no bucket: find the runs directly.
        same = sorted_key[1:] == sorted_key[:-1]
        if not same.any():
            continue
        starts = np.nonzero(same & ~np.concatenate(([False], same[:-1])))[0]
        ends = np.nonzero(same & ~np.concatenate((same[1:], [False])))[0] + 2
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            members = idx[order[start:end]]
            if len(members) <= max_star:
                ii, jj = np.triu_indices(len(members), 1)
                found.append(np.stack([members[ii], members[jj]], axis=1))
            else:
                chain = np.stack([members[:-1], members[1:]], axis=1)
                star = np.stack([np.repeat(members[0], len(members) - 1), members[1:]], axis=1)
                found.extend((chain, star))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    pairs = np.sort(pairs, axis=1)
    return np.unique(pairs, axis=0)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sets of unique, sorted shingle hashes."""
    import numpy as np

    if not len(a) and not len(b):
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


@dataclass(frozen=True)
class NearDuplicates:
    pairs: tuple[tuple[int, int, float], ...]
    """Confirmed pairs (i, j, Jaccard similarity)."""
    clusters: tuple[tuple[int, ...], ...]
    """Groups of two or more texts joined by confirmed pairs, each sorted; the first is kept."""
    candidates: int
    """Pairs the banding proposed (the comparisons actually made)."""


def near_duplicates(
    token_lists: Sequence[Sequence[str]],
    *,
    threshold: float = 0.8,
    width: int = 5,
    permutations: int = 32,
    bands: int = 8,
    active: Sequence[int] | None = None,
    seed: int = 1,
) -> NearDuplicates:
    """Texts whose shingle sets overlap by at least ``threshold`` (Jaccard), found with LSH blocking.

    With 32 permutations in 8 bands of 4, a pair at similarity 0.8 becomes a candidate with
    probability 1 − (1 − 0.8⁴)⁸ ≈ 0.985, at 0.9 ≈ 0.9999; pairs below 0.3 almost never do.
    ``active`` limits the search to some texts (the others are neither compared nor reported).
    """
    import numpy as np

    sh = shingle(token_lists, width)
    sig = signatures(sh, permutations, seed)
    chosen = np.array(
        [
            i
            for i in (active if active is not None else range(len(token_lists)))
            if sh.counts[i] > 0
        ],
        dtype=np.int64,
    )
    cands = candidate_pairs(sig, bands, chosen)
    unique_sets: dict[int, np.ndarray] = {}

    def shingle_set(i: int) -> np.ndarray:
        if i not in unique_sets:
            unique_sets[i] = np.unique(sh.of(i))
        return unique_sets[i]

    confirmed: list[tuple[int, int, float]] = []
    for i, j in cands.tolist():
        a, b = shingle_set(i), shingle_set(j)
        # Sizes alone can rule a pair out: |A ∩ B| / |A ∪ B| ≤ min / max.
        if min(len(a), len(b)) < threshold * max(len(a), len(b)):
            continue
        sim = jaccard(a, b)
        if sim >= threshold:
            confirmed.append((i, j, round(sim, 4)))
    return NearDuplicates(
        tuple(confirmed), clusters(len(token_lists), [(i, j) for i, j, _s in confirmed]), len(cands)
    )


def clusters(n: int, pairs: Sequence[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    """Connected groups (union-find) of two or more members, each sorted, in order of first member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    joined = {x for pair in pairs for x in pair}
    groups: dict[int, list[int]] = {}
    for x in sorted(joined):
        groups.setdefault(find(x), []).append(x)
    return tuple(tuple(sorted(g)) for _root, g in sorted(groups.items()) if len(g) > 1)
