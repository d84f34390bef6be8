"""Running the detectors: over one text, or over a whole column at once.

A column is scanned as one string (its values joined by a NUL character that no pattern matches),
so each detector is a single pass of a compiled regex in C over the whole column; only candidates
reach Python, and only candidates that pass the cheap tests reach a checksum or the numbering plan.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate

from dataready.pii.detectors import BUILTIN_DETECTORS, Candidate, Detector

SEPARATOR = "\x00"


@dataclass(frozen=True)
class Hit:
    """One detection: ``kind`` found at ``value[start:end]`` of value number ``row``."""

    row: int
    start: int
    end: int
    kind: str
    priority: int = 0


class Corpus:
    """Values joined into one string, with the offsets to map a position back to its value."""

    def __init__(self, values: Sequence[str]) -> None:
        self.texts = [t.replace(SEPARATOR, " ") if SEPARATOR in t else t for t in values]
        self.big = SEPARATOR.join(self.texts)
        self.starts = list(accumulate((len(t) + 1 for t in self.texts[:-1]), initial=0))
        self._low: str | None = None

    @property
    def low(self) -> str:
        """The corpus in lower case, position for position (for case-blind keyword search)."""
        if self._low is None:
            low = self.big.lower()
            if len(low) != len(
                self.big
            ):  # a few characters (İ) lengthen when lowered; keep positions
                low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in self.big)
            self._low = low
        return self._low

    def row_of(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1

    def value_start(self, position: int) -> int:
        return self.starts[self.row_of(position)]

    def value_end(self, position: int) -> int:
        row = self.row_of(position)
        return self.starts[row] + len(self.texts[row])


def scan_values(
    values: Sequence[str],
    detectors: Sequence[Detector] = BUILTIN_DETECTORS,
    *,
    hinted: Collection[str] = (),
) -> list[Hit]:
    """Every detection in ``values``, overlaps resolved in favour of the stronger detector.

    ``hinted`` names the kinds the column's name announces; those detectors accept shapes they
    would otherwise need context for, and check whole values against their column shapes.
    """
    if not values:
        return []
    corpus = Corpus(values)
    big, starts, texts = corpus.big, corpus.starts, corpus.texts
    hits: list[Hit] = []
    for d in detectors:
        hint = d.kind in hinted
        for s, e in d.find(corpus, hint):
            if s < 0 or e <= s:
                continue
            row = bisect_right(starts, s) - 1
            vstart = starts[row]
            vend = vstart + len(texts[row])
            if e > vend:
                continue
            span = d.accept(Candidate(big, s, e, vstart, vend, hint))
            if span is not None:
                hits.append(Hit(row, span[0] - vstart, span[1] - vstart, d.kind, d.priority))
        if hint and d.whole_value is not None:
            for row, text in enumerate(texts):
                stripped = text.strip()
                if stripped and d.whole_value.fullmatch(stripped):
                    offset = text.index(stripped)
                    hits.append(Hit(row, offset, offset + len(stripped), d.kind, d.priority - 1))
    return resolve_overlaps(hits)


def scan_text(
    text: str, detectors: Sequence[Detector] = BUILTIN_DETECTORS, *, hinted: Collection[str] = ()
) -> list[Hit]:
    """Detections in one text, in reading order."""
    if not text or (detectors is BUILTIN_DETECTORS and not _worth_scanning(text)):
        return []
    return sorted(scan_values([text], detectors, hinted=hinted), key=lambda h: h.start)


def _worth_scanning(text: str) -> bool:
    """Every built-in kind needs a digit, an ``@`` or a capital letter; most labels have none."""
    return any(ch.isdigit() or ch == "@" or ch.isupper() for ch in text)


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep, per value, the highest-priority detection of any overlapping group (then the longer)."""
    if len(hits) < 2:
        return hits
    kept: list[Hit] = []
    by_row: dict[int, list[Hit]] = {}
    for h in sorted(hits, key=lambda h: (h.row, -h.priority, -(h.end - h.start), h.start)):
        taken = by_row.setdefault(h.row, [])
        if all(h.end <= t.start or h.start >= t.end for t in taken):
            taken.append(h)
            kept.append(h)
    return sorted(kept, key=lambda h: (h.row, h.start))
