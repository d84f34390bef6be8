"""Clusters: connected components of the accepted pairs, each with a representative record."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def connected_components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """A component label per record: the smallest record index in its component.

    Label propagation with pointer jumping, all in numpy: each round every edge pulls both ends to
    the smaller label, then labels follow their own label; a few rounds settle even long chains.
    """
    import numpy as np

    label = np.arange(n, dtype=np.int64)
    if len(i) == 0:
        return label
    while True:
        low = np.minimum(label[i], label[j])
        before = label.copy()
        np.minimum.at(label, i, low)
        np.minimum.at(label, j, low)
        while True:  # pointer jumping: follow labels to their root
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            return label


def representatives(label: np.ndarray, filled: np.ndarray) -> dict[int, int]:
    """For each cluster (label with two or more records) the most complete record, earliest on ties."""
    import numpy as np

    sizes = np.bincount(label, minlength=len(label))
    members = np.nonzero(sizes[label] > 1)[0]
    if not len(members):
        return {}
    # Sort by cluster, then most fields filled, then position: the first of each cluster wins.
    order = np.lexsort((members, -filled[members], label[members]))
    ordered = members[order]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = label[ordered][1:] != label[ordered][:-1]
    return {int(label[r]): int(r) for r in ordered[first]}
