"""Grounding: is a document corpus ready for a retriever to index and an assistant to cite?

Runs on sources with purpose ``retrieval``, on folders of documents, and on tables that declare
a ``text_column``. One pass over the sample builds a per-document report (:func:`corpus_report`)
that every check here reads:

- unreadable documents (failed extraction, scanned PDFs, binary files) and empty ones;
- very short documents, and documents that are nothing but boilerplate: lines repeated across
  the corpus (navigation, footers, cookie banners) or placeholders ("lorem ipsum", "coming soon");
- exact duplicates (the same words, whatever the case, spacing or markup) and near duplicates
  (MinHash over word 3-grams with LSH blocking, confirmed by exact Jaccard ≥ 0.8);
- encoding damage: UTF-8 read as Windows-1252 ("Ã©", "â€™"), replacement characters, and files
  not in UTF-8 at all;
- passages longer than the declared chunk size without a line break, with tokens estimated
  locally (about four characters per token, CJK per character);
- identifiers, titles and source links needed to cite an answer;
- documents older than the declared cadence (or ``max_age``), by their own updated-at or
  modification time;
- the languages documents are written in, against the declared ``languages``;
- personal data inside documents, through the privacy detectors.

A document is counted under its most specific defect only: an unreadable file is not also
empty, a boilerplate page is not also a duplicate of the next boilerplate page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from dataready.checks.base import Check, expectation, pct, scale_to_rows, severity_for_share
from dataready.model import Basis, ColumnKind, Dimension, Finding, Measurement, Severity
from dataready.vocabulary.cadence import describe, parse_cadence

DEFAULT_CHUNK_TOKENS = 512
"""The chunk size assumed when none is declared: the default of common retrieval frameworks."""
SHORT_WORDS = 20
"""Documents with fewer words than this (a sentence or two) give a retriever little to ground on."""
NEAR_DUPLICATE_JACCARD = 0.8
SHINGLE_WORDS = 3
"""Two documents sharing at least 80 % of their word 3-grams (Jaccard) are near duplicates."""
BOILERPLATE_LINE_MAX = 200
"""Only short lines (navigation, headers, footers, banners) can be boilerplate; paragraphs are content."""
BOILERPLATE_MIN_DOCUMENTS = 5
BOILERPLATE_MIN_SHARE = 0.02
"""A short line that recurs in this many documents (at least 5, or 2 % of the corpus) is boilerplate."""
GRACE = 1.5
"""As for freshness: a document may be this many cadences old before it counts as stale."""
LONG_TEXT = 200
"""A table's text column, when not declared, is the string column holding the longest values (≥ this)."""

_PLACEHOLDER = re.compile(
    r"lorem ipsum|dolor sit amet|coming soon|under construction|intentionally (left )?blank|"
    r"page (was )?not found|^\W*(404|todo|tbd|tba|wip|draft|placeholder|n/?a)\W*$|"
    r"(content|text|copy) (goes|to come|coming|will be added|to be added|tbd) ?(here)?|insert (text|content|copy) here|"
    r"this (page|article|section|document) (is )?(empty|a stub|being written|under construction|to be written)|"
    r"to be (written|completed|added|updated)|check back (later|soon)",
    re.I,
)
_WEB_CHROME = re.compile(
    r"all rights reserved|^\W*(©|\(c\)|copyright)\s*\d{4}|we use cookies|accept (all )?cookies|"
    r"cookie (settings|preferences|policy|consent|banner)|subscribe to (our|the) newsletter|follow us on|"
    r"share (this|on) (page|article|post|facebook|twitter|linkedin|x)\b|"
    r"^\W*(home|menu|search|contact( us)?|about( us)?|next|previous|print|share|sign in|sign up|sign out|log ?in|"
    r"log ?out|register|skip to (main )?content|back to top|top of page|privacy (policy|notice)|"
    r"terms (of use|and conditions|of service)|imprint|impressum|legal notice|sitemap)\W*$|^(\W*\w+( \w+)?\W*\|){2,}",
    re.I,
)
"""Site chrome: navigation, legal footers, cookie banners. Whole short lines, or phrases only chrome uses."""
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_LOREM = frozenset(
    (
        "lorem",
        "ipsum",
        "dolor",
        "amet",
        "consectetur",
        "adipiscing",
        "elit",
        "eiusmod",
        "tempor",
        "incididunt",
        "labore",
        "dolore",
        "magna",
        "aliqua",
        "veniam",
        "nostrud",
        "exercitation",
        "ullamco",
        "laboris",
        "nisi",
        "aliquip",
        "commodo",
        "consequat",
        "duis",
        "aute",
        "irure",
        "reprehenderit",
        "voluptate",
        "velit",
        "esse",
        "cillum",
        "fugiat",
        "nulla",
        "pariatur",
        "excepteur",
        "sint",
        "occaecat",
        "cupidatat",
        "proident",
        "sunt",
        "culpa",
        "officia",
        "deserunt",
        "mollit",
        "anim",
        "laborum",
    )
)
"""The distinctive words of the "lorem ipsum" filler text."""
_TITLE_NAME = re.compile(r"^(title|subject|heading|headline|name)$|_title$|^title_", re.I)
_URL_NAME = re.compile(r"url|link|href|uri|permalink", re.I)
_ID_NAME = re.compile(r"(^|_)(id|uuid|guid|key|slug)$|^id_|[a-z](Id|ID)$", re.I)


def is_corpus(m: Measurement) -> bool:
    """Whether the grounding checks apply: retrieval sources, document folders, declared text columns."""
    s = m.source
    return s.purpose == "retrieval" or s.connector == "documents" or bool(s.text_column)


@dataclass
class CorpusReport:
    """Per-document findings on the sampled documents, in sample order."""

    text_column: str | None
    problem: str | None = None
    """Why the corpus could not be read as documents (no text column), else None."""
    names: list[str] = field(default_factory=list)
    """How each document is shown: its path, identifier or row number."""
    words: list[int] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)
    longest_passage: list[int] = field(default_factory=list)
    unreadable: list[str | None] = field(default_factory=list)
    """The extraction note of documents whose text could not be extracted."""
    legacy_encoding: list[str | None] = field(default_factory=list)
    empty: list[bool] = field(default_factory=list)
    boilerplate: list[bool] = field(default_factory=list)
    short: list[bool] = field(default_factory=list)
    duplicate_of: dict[int, int] = field(default_factory=dict)
    """Exact copies: document → the document kept."""
    near_duplicate_of: dict[int, tuple[int, float]] = field(default_factory=dict)
    """Near copies: document → (the document kept, Jaccard similarity)."""
    damaged: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    """Encoding damage: document → (damaged sequence, repair); repair '' for replacement characters."""
    languages: list[str | None] = field(default_factory=list)
    updated: list[dt.datetime | None] = field(default_factory=list)
    updated_from: str | None = None
    id_column: str | None = None
    title_column: str | None = None
    url_column: str | None = None
    missing_id: list[bool] = field(default_factory=list)
    missing_title: list[bool] = field(default_factory=list)
    missing_url: list[bool] = field(default_factory=list)
    near_duplicate_candidates: int = 0
    boilerplate_lines: int = 0

    @property
    def size(self) -> int:
        return len(self.names)

    def to_drop(self, i: int) -> bool:
        """Documents that should leave the corpus (unreadable, empty, boilerplate, copies): not judged further."""
        return bool(
            self.unreadable[i]
            or self.empty[i]
            or self.boilerplate[i]
            or i in self.duplicate_of
            or i in self.near_duplicate_of
        )

    def flagged(self, kind: str) -> list[int]:
        """Indexes of the documents with one planted-style defect kind (used by tests and benchmarks)."""
        n = self.size
        if kind == "unreadable":
            return [i for i in range(n) if self.unreadable[i]]
        if kind in ("empty", "boilerplate", "short"):
            values = getattr(self, kind)
            return [i for i in range(n) if values[i]]
        if kind == "duplicate":
            return sorted(self.duplicate_of)
        if kind == "near_duplicate":
            return sorted(self.near_duplicate_of)
        if kind == "encoding":
            return sorted(self.damaged)
        raise ValueError(f"unknown kind {kind!r}")


def corpus_report(m: Measurement) -> CorpusReport:
    """The per-document report the grounding checks share, computed once per measurement."""
    report: CorpusReport = m.cached("grounding_report", lambda: _build_report(m))
    return report


def _text_column(m: Measurement) -> tuple[str | None, str | None]:
    names = {c.name: c for c in m.columns}
    declared = m.source.text_column
    if declared:
        if declared not in names:
            return (
                None,
                f"the declared text_column {declared!r} does not exist (columns: {', '.join(list(names)[:8])})",
            )
        return declared, None
    prose = [
        c.name
        for c in m.columns
        if c.kind is ColumnKind.STRING
        and (m.stats[c.name].max_length or 0) >= LONG_TEXT
        and c.name in m.sample.columns
    ]
    if not prose:
        return (
            None,
            "no text column: no string column holds document-length text; declare text_column",
        )
    lengths = {c: m.sample[c].dropna().astype(str).str.len().mean() for c in prose}
    return max(prose, key=lambda c: lengths[c]), None


def _column(
    m: Measurement, declared: str | None, pattern: re.Pattern[str], *, exclude: set[str]
) -> str | None:
    names = [c.name for c in m.columns]
    if declared:
        return declared if declared in names else None
    for c in m.columns:
        if c.name not in exclude and c.kind is ColumnKind.STRING and pattern.search(c.name):
            return c.name
    return None


def _id_column(m: Measurement, text: str) -> str | None:
    s = m.source
    names = {c.name for c in m.columns}
    if s.id_column:
        return s.id_column if s.id_column in names else None
    if s.connector == "documents":
        return "path"
    if len(s.key) == 1 and s.key[0] in names:
        return s.key[0]
    for key in m.duplicate_keys:
        if len(key) == 1 and key[0] != text:
            return key[0]
    for c in m.columns:
        st = m.stats[c.name]
        if (
            c.name != text
            and _ID_NAME.search(c.name)
            and st.distinct
            and st.distinct >= 0.95 * max(st.non_null, 1)
        ):
            return c.name
    return None


def _missing(series: Any) -> list[bool]:
    return [bool(v) for v in (series.isna() | (series.astype(str).str.strip() == "")).tolist()]


def _build_report(m: Measurement) -> CorpusReport:
    from dataready.dedupe import neartext as neardup
    from dataready.model.corpus import NOT_UTF8, UNREADABLE
    from dataready.vocabulary import textstats

    text_col, problem = _text_column(m)
    report = CorpusReport(text_column=text_col, problem=problem)
    if text_col is None:
        return report
    sample = m.sample.reset_index(drop=True)
    raw = sample[text_col]
    texts = ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in raw.tolist()]
    n = len(texts)
    notes = (
        sample["extraction_note"].tolist()
        if "extraction_note" in sample.columns and m.source.connector == "documents"
        else [None] * n
    )
    notes = [x if isinstance(x, str) else None for x in notes]
    report.unreadable = [x if x and x.startswith(UNREADABLE) else None for x in notes]
    report.legacy_encoding = [x if x and x.startswith(NOT_UTF8) else None for x in notes]

    id_col = _id_column(m, text_col)
    report.id_column = id_col
    report.names = (
        [str(v) for v in sample[id_col].tolist()]
        if id_col and id_col in sample.columns
        else [f"row {i + 1}" for i in range(n)]
    )
    if id_col is None:
        report.missing_id = [True] * n
    elif id_col in sample.columns:
        report.missing_id = _missing(sample[id_col])
    report.title_column = (
        "title"
        if m.source.connector == "documents" and not m.source.title_column
        else _column(m, m.source.title_column, _TITLE_NAME, exclude={text_col})
    )
    report.url_column = (
        "url"
        if m.source.connector == "documents" and "url" in sample.columns and not m.source.url_column
        else _column(m, m.source.url_column, _URL_NAME, exclude={text_col})
    )
    report.missing_title = (
        _missing(sample[report.title_column])
        if report.title_column in sample.columns
        else [True] * n
    )
    report.missing_url = (
        _missing(sample[report.url_column]) if report.url_column in sample.columns else [True] * n
    )

    token_lists = [neardup.tokens(t) for t in texts]
    report.words = [len(t) for t in token_lists]
    report.tokens = [textstats.estimate_tokens(t) for t in texts]
    report.longest_passage = [
        -(-textstats.longest_unbroken(t) // textstats.CHARS_PER_TOKEN)
        if t.isascii()
        else max((textstats.estimate_tokens(line) for line in t.split("\n")), default=0)
        for t in texts
    ]
    report.empty = [not report.unreadable[i] and report.words[i] == 0 for i in range(n)]

    # The same words in the same order, whatever the case, spacing, punctuation or markup.
    word_keys = [" ".join(t) for t in token_lists]
    content_words, report.boilerplate_lines = _content_words(texts, token_lists, word_keys, report)
    report.boilerplate = [False] * n
    report.short = [False] * n
    for i in range(n):
        if report.unreadable[i] or report.empty[i]:
            continue
        w, c = report.words[i], content_words[i]
        if c < SHORT_WORDS and w - c >= max(c, 1):
            report.boilerplate[i] = True
        elif w < SHORT_WORDS:
            report.short[i] = True

    eligible = [
        i
        for i in range(n)
        if not (report.unreadable[i] or report.empty[i] or report.boilerplate[i] or report.short[i])
    ]
    report.updated = _updated(m, sample, report)
    by_words: dict[str, list[int]] = {}
    for i in eligible:
        by_words.setdefault(word_keys[i], []).append(i)
    representatives = []
    for group in by_words.values():
        kept = max(group, key=lambda i: _keep_priority(report, i))
        representatives.append(kept)
        report.duplicate_of.update({i: kept for i in group if i != kept})
    found = neardup.near_duplicates(
        token_lists, threshold=NEAR_DUPLICATE_JACCARD, width=SHINGLE_WORDS, active=representatives
    )
    report.near_duplicate_candidates = found.candidates
    similarity = {(i, j): s for i, j, s in found.pairs}
    best: dict[int, float] = {}
    for i, j, sim in found.pairs:
        best[i], best[j] = max(best.get(i, 0.0), sim), max(best.get(j, 0.0), sim)
    for cluster in found.clusters:
        kept = max(cluster, key=lambda i: _keep_priority(report, i))
        for other in cluster:
            if other == kept:
                continue
            pair = (min(kept, other), max(kept, other))
            sim = similarity.get(pair) or best.get(other, 0.0)
            report.near_duplicate_of[other] = (kept, sim)

    for i, t in enumerate(texts):
        damage = textstats.mojibake(t)
        if textstats.REPLACEMENT in t:
            damage.append((textstats.REPLACEMENT, ""))
        if damage:
            report.damaged[i] = damage

    report.languages = [
        textstats.detect_language(t, toks) for t, toks in zip(texts, token_lists, strict=True)
    ]
    return report


def _keep_priority(r: CorpusReport, i: int) -> tuple[bool, bool, float, int]:
    """Of several copies, keep the citable one, then the most recently updated, then the first."""
    updated = r.updated[i]
    stamp = updated.timestamp() if updated is not None else float("-inf")
    return (not r.missing_url[i], not r.missing_title[i], stamp, -i)


def _updated(m: Measurement, sample: Any, report: CorpusReport) -> list[dt.datetime | None]:
    """Each document's last update: its updated-at field, else (documents) its modification time."""
    import pandas as pd

    column = _updated_column(m)
    report.updated_from = column
    if not column or column not in sample.columns:
        return [None] * len(sample)
    values = pd.to_datetime(sample[column], errors="coerce", utc=True)
    stamps: list[dt.datetime | None] = [None if pd.isna(v) else v.to_pydatetime() for v in values]
    if (
        column == "updated_at"
        and "modified_at" in sample.columns
        and m.source.connector == "documents"
    ):
        fallback = pd.to_datetime(sample["modified_at"], errors="coerce", utc=True)
        stamps = [
            s if s is not None else (None if pd.isna(f) else f.to_pydatetime())
            for s, f in zip(stamps, fallback, strict=True)
        ]
    return stamps


def _updated_column(m: Measurement) -> str | None:
    from dataready.checks.freshness import timestamp_column

    names = {c.name for c in m.columns}
    if m.source.connector == "documents":
        return "updated_at" if "updated_at" in names else "modified_at"
    column = timestamp_column(m)
    return column.name if column else None


def _normalised_line(line: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("0", line.strip().lower()))


def _content_words(
    texts: list[str], token_lists: list[list[str]], word_keys: list[str], report: CorpusReport
) -> tuple[list[int], int]:
    """Words of each document outside boilerplate lines, and how many distinct lines are boilerplate."""
    from dataready.dedupe import neartext as neardup

    n = len(texts)
    line_docs: Counter[str] = Counter()
    short_lines: list[list[str]] = []
    seen_texts: set[str] = set()
    for i, t in enumerate(texts):
        # Paragraphs are long lines and never boilerplate: only short lines are looked at.
        lines = (
            [x.strip() for x in t.split("\n") if len(x) <= BOILERPLATE_LINE_MAX + 20]
            if report.words[i]
            else []
        )
        lines = [x for x in lines if x and len(x) <= BOILERPLATE_LINE_MAX]
        short_lines.append(lines)
        # Each distinct text votes once, so a document copied ten times does not make its own lines boilerplate.
        if word_keys[i] in seen_texts:
            continue
        seen_texts.add(word_keys[i])
        line_docs.update({_normalised_line(x) for x in lines})
    floor = max(BOILERPLATE_MIN_DOCUMENTS, int(BOILERPLATE_MIN_SHARE * n + 0.999))
    recurring = {x for x, c in line_docs.items() if c >= floor}
    content: list[int] = []
    for i, lines in enumerate(short_lines):
        # Content is every word less those on boilerplate lines; only those lines are tokenised again.
        words = report.words[i]
        dropped = set()
        for line in lines:
            if (
                _normalised_line(line) in recurring
                or _PLACEHOLDER.search(line)
                or _WEB_CHROME.search(line)
            ):
                words -= len(neardup.tokens(line))
                dropped.add(line)
        if words and not _LOREM.isdisjoint(token_lists[i]):
            for line in texts[i].split("\n"):
                toks = neardup.tokens(line)
                if (
                    toks
                    and line.strip() not in dropped
                    and sum(t in _LOREM for t in toks) >= max(3, 0.4 * len(toks))
                ):
                    words -= len(toks)
        content.append(max(words, 0))
    return content, len(recurring)


# --- checks ----------------------------------------------------------------------------------


class _GroundingCheck(Check):
    dimension: ClassVar[Dimension] = Dimension.GROUNDING

    def applies(self, m: Measurement) -> bool:
        return m.row_count > 0 and is_corpus(m)

    def report(self, m: Measurement) -> CorpusReport | None:
        r = corpus_report(m)
        return r if r.text_column is not None else None

    def documents_finding(
        self,
        m: Measurement,
        r: CorpusReport,
        hits: list[int],
        what: str,
        *,
        warning: float = 0.0,
        error: float = 0.1,
        severity: Severity | None = None,
        examples: tuple[Any, ...] | None = None,
        **kwargs: Any,
    ) -> Finding:
        """A finding about some documents: "N documents (x %) <what>", counted on the sample, named by path."""
        count = len(hits)
        share = count / max(r.size, 1)
        shown = examples if examples is not None else tuple(r.names[i] for i in hits[:5])
        columns = kwargs.pop("columns", (r.text_column,) if r.text_column else ())
        if count == 1:
            verb, _, rest = what.partition(" ")
            what = f"{_SINGULAR.get(verb, verb)} {rest}"
        return self.finding(
            m,
            severity or severity_for_share(share, warning=warning, error=error),
            f"{count:,} document{'' if count == 1 else 's'} ({pct(share)}) {what}",
            columns=columns,
            measured=round(share, 6),
            threshold=0.0,
            affected=scale_to_rows(m, count),
            total=m.row_count,
            basis=m.sample_basis,
            examples=shown,
            **kwargs,
        )


_SINGULAR = {
    "are": "is",
    "have": "has",
    "hold": "holds",
    "repeat": "repeats",
    "contain": "contains",
    "were": "was",
}


class CorpusProfile(_GroundingCheck):
    """The corpus at a glance (informational), or why it cannot be read as documents at all."""

    name: ClassVar[str] = "corpus_profile"

    def run(self, m: Measurement) -> list[Finding]:
        import numpy as np

        r = corpus_report(m)
        if r.text_column is None:
            return [
                self.finding(
                    m,
                    Severity.ERROR,
                    f"not usable for retrieval: {r.problem}",
                    basis=Basis.METADATA,
                    action=f"Declare text_column (the column with each document's text) for {m.source.name} in dataready.yml",
                    effort="S",
                )
            ]
        chunk = m.source.chunk_tokens or DEFAULT_CHUNK_TOKENS
        usable = [i for i in range(r.size) if r.tokens[i] and not r.unreadable[i]]
        tokens = np.array([r.tokens[i] for i in usable] or [0])
        chunks = int(sum(-(-t // chunk) for t in tokens.tolist()))
        fit = float(np.mean(tokens <= chunk)) if usable else 0.0
        langs = Counter(x for x in r.languages if x)
        lang_text = (
            ", ".join(
                f"{k} {pct(v / max(sum(langs.values()), 1))}" for k, v in langs.most_common(4)
            )
            or "undetermined"
        )
        citable = sum(
            1
            for i in range(r.size)
            if not (r.missing_id[i] or r.missing_title[i] or r.missing_url[i])
        )
        declared = "" if m.source.chunk_tokens else " (assumed; declare chunk_tokens)"
        message = (
            f"{r.size:,} document{'' if r.size == 1 else 's'}, ≈{int(tokens.sum()):,} tokens: median {int(np.median(tokens)):,}, "
            f"90th percentile {int(np.percentile(tokens, 90)):,}, largest {int(tokens.max()):,} per document; "
            f"≈{chunks:,} chunks of {chunk} tokens{declared}, {pct(fit)} of documents fit in one; "
            f"languages: {lang_text}; {pct(citable / max(r.size, 1))} citable (identifier, title and link)"
        )
        measured = {
            "documents": r.size,
            "tokens": int(tokens.sum()),
            "median_tokens": int(np.median(tokens)),
            "p90_tokens": int(np.percentile(tokens, 90)),
            "max_tokens": int(tokens.max()),
            "chunk_tokens": chunk,
            "chunks": chunks,
            "single_chunk_share": round(fit, 4),
            "languages": dict(langs),
            "citable_share": round(citable / max(r.size, 1), 4),
        }
        return [
            self.finding(
                m,
                Severity.INFO,
                message,
                columns=(r.text_column,),
                measured=measured,
                total=m.row_count,
                basis=m.sample_basis,
            )
        ]


class UnreadableDocuments(_GroundingCheck):
    name: ClassVar[str] = "unreadable_documents"

    def run(self, m: Measurement) -> list[Finding]:
        r = self.report(m)
        if r is None:
            return []
        hits = [i for i in range(r.size) if r.unreadable[i]]
        out = []
        if hits:
            reasons = Counter((r.unreadable[i] or "").split(": ", 1)[-1] for i in hits)
            why = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common(3))
            out.append(
                self.documents_finding(
                    m,
                    r,
                    hits,
                    f"could not be read: {why}",
                    examples=tuple(
                        f"{r.names[i]}: {(r.unreadable[i] or '').split(': ', 1)[-1]}"
                        for i in hits[:5]
                    ),
                    action="Convert or re-export the unreadable files (OCR scanned PDFs, repair damaged ones, "
                    "install dataready-audit[documents] for PDF and Word) so the retriever can index them",
                    effort="M",
                )
            )
        empty = [i for i in range(r.size) if r.empty[i]]
        if empty:
            out.append(
                self.documents_finding(
                    m,
                    r,
                    empty,
                    "are empty: no text to retrieve",
                    problem="missing",
                    action="Write or remove the empty documents (drafts, placeholders) and keep empty files out of the corpus",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_not_be_null", column=r.text_column
                    ),
                )
            )
        return out


class ThinDocuments(_GroundingCheck):
    """Very short documents, and documents that are only boilerplate or placeholders."""

    name: ClassVar[str] = "thin_documents"

    def run(self, m: Measurement) -> list[Finding]:
        r = self.report(m)
        if r is None:
            return []
        out = []
        boiler = [i for i in range(r.size) if r.boilerplate[i]]
        if boiler:
            out.append(
                self.documents_finding(
                    m,
                    r,
                    boiler,
                    "hold only boilerplate (navigation, footers, placeholders) and no content",
                    error=0.2,
                    action="Remove pages that are only navigation, legal footers or placeholders, and strip repeated "
                    "headers and footers from the rest before chunking",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_not_match_regex",
                        column=r.text_column,
                        regex=r"(?i)lorem ipsum|coming soon|under construction|intentionally left blank",
                    ),
                )
            )
        short = [i for i in range(r.size) if r.short[i]]
        if short:
            out.append(
                self.documents_finding(
                    m,
                    r,
                    short,
                    f"are very short (under {SHORT_WORDS} words): too little to ground an answer",
                    error=0.3,
                    action="Complete the stub documents or merge them into the articles they belong to",
                    effort="M",
                    expectation=expectation(
                        "expect_column_value_lengths_to_be_between",
                        column=r.text_column,
                        min_value=SHORT_WORDS * 5,
                    ),
                )
            )
        return out


class DuplicateDocuments(_GroundingCheck):
    """Exact copies (same words) and near copies (MinHash/LSH, Jaccard of word 3-grams ≥ 0.8)."""

    name: ClassVar[str] = "duplicate_documents"

    def run(self, m: Measurement) -> list[Finding]:
        r = self.report(m)
        if r is None:
            return []
        out = []
        if r.duplicate_of:
            hits = sorted(r.duplicate_of)
            out.append(
                self.documents_finding(
                    m,
                    r,
                    hits,
                    "repeat another document word for word",
                    problem="duplicate",
                    examples=tuple(
                        f"{r.names[i]} = {r.names[r.duplicate_of[i]]}" for i in hits[:5]
                    ),
                    action="Keep one copy of each duplicated document (the canonical one) and drop the others; "
                    "copies crowd the top results and skew answers towards them",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_be_unique", column=r.text_column
                    ),
                )
            )
        if r.near_duplicate_of:
            hits = sorted(r.near_duplicate_of)
            out.append(
                self.documents_finding(
                    m,
                    r,
                    hits,
                    f"repeat another document almost word for word (≥ {NEAR_DUPLICATE_JACCARD:.0%} of their word {SHINGLE_WORDS}-grams shared)",
                    error=0.2,
                    examples=tuple(
                        f"{r.names[i]} ≈ {r.names[r.near_duplicate_of[i][0]]} ({r.near_duplicate_of[i][1]:.0%})"
                        for i in hits[:5]
                    ),
                    action="Merge near-duplicate versions into one current document and retire the outdated ones; "
                    "conflicting versions make answers contradict each other",
                    effort="M",
                )
            )
        return out


class EncodingDamage(_GroundingCheck):
    name: ClassVar[str] = "encoding_damage"

    def run(self, m: Measurement) -> list[Finding]:
        r = self.report(m)
        if r is None:
            return []
        out = []
        if r.damaged:
            hits = sorted(r.damaged)
            pairs = Counter(
                f"{bad!r} → {good!r}" if good else "replacement character '\ufffd'"
                for i in hits
                for bad, good in r.damaged[i]
            )
            out.append(
                self.documents_finding(
                    m,
                    r,
                    hits,
                    "have damaged characters (UTF-8 read as another encoding)",
                    error=0.05,
                    examples=tuple(
                        f"{r.names[i]}: {p}"
                        for i, p in zip(
                            hits[:5], [_first(r.damaged[i]) for i in hits[:5]], strict=True
                        )
                    ),
                    action="Re-extract the damaged documents from their originals reading them as UTF-8 (or repair them with "
                    "a mojibake fixer such as ftfy); damaged words neither match queries nor read well when cited. "
                    f"Most frequent: {', '.join(p for p, _n in pairs.most_common(3))}",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_not_match_regex",
                        column=r.text_column,
                        regex="Ã[\u0080-\u00bf]|â€|\ufffd",
                    ),
                )
            )
        legacy = [i for i in range(r.size) if r.legacy_encoding[i]]
        if legacy:
            out.append(
                self.documents_finding(
                    m,
                    r,
                    legacy,
                    "are not UTF-8 (read as a legacy encoding)",
                    examples=tuple(
                        f"{r.names[i]}: {(r.legacy_encoding[i] or '').split(': ', 1)[-1]}"
                        for i in legacy[:5]
                    ),
                    action="Re-save these files as UTF-8 so every loader reads them the same way",
                    effort="S",
                )
            )
        return out


def _first(damage: list[tuple[str, str]]) -> str:
    bad, good = damage[0]
    return f"{bad!r} → {good!r}" if good else "replacement character '\ufffd'"


class ChunkFit(_GroundingCheck):
    """Passages longer than a chunk with no line break: a splitter has to cut them mid-thought."""

    name: ClassVar[str] = "chunk_fit"

    def run(self, m: Measurement) -> list[Finding]:
        r = self.report(m)
        if r is None:
            return []
        chunk = m.source.chunk_tokens or DEFAULT_CHUNK_TOKENS
        hits = [i for i in range(r.size) if r.longest_passage[i] > chunk and not r.unreadable[i]]
        if not hits:
            return []
        assumed = "" if m.source.chunk_tokens else " (assumed; declare chunk_tokens)"
        return [
            self.documents_finding(
                m,
                r,
                hits,
                f"contain a passage longer than one chunk ({chunk} tokens{assumed}) "
                "without a line break: splitters will cut it mid-sentence",
                error=0.3,
                examples=tuple(f"{r.names[i]}: ≈{r.longest_passage[i]:,} tokens" for i in hits[:5]),
                action="Restore paragraph breaks lost in extraction (PDF and HTML exports often flatten them), "
                "or split these documents on sentences before chunking",
                effort="M",
            )
        ]


class CitationMetadata(_GroundingCheck):
    """What an answer needs to cite a document: a stable identifier, a title and a link."""

    name: ClassVar[str] = "citation_metadata"

    def run(self, m: Measurement) -> list[Finding]:
        r = self.report(m)
        if r is None:
            return []
        out = []
        names = {c.name for c in m.columns}
        for setting in ("id_column", "title_column", "url_column"):
            declared = getattr(m.source, setting)
            if declared and declared not in names:
                out.append(
                    self.finding(
                        m,
                        Severity.ERROR,
                        f"the declared {setting} {declared!r} does not exist",
                        columns=(declared,),
                        basis=Basis.METADATA,
                        effort="S",
                        action=f"Fix '{setting}' for {m.source.name} in dataready.yml (columns: {', '.join(list(names)[:8])})",
                    )
                )
        ids = [i for i in range(r.size) if r.missing_id[i] and not r.to_drop(i)]
        if r.id_column is None and not m.source.id_column:
            out.append(
                self.finding(
                    m,
                    Severity.ERROR,
                    "no identifier column: documents cannot be cited, updated or removed in the index",
                    affected=m.row_count,
                    total=m.row_count,
                    basis=Basis.METADATA,
                    action=f"Add a stable document id and declare it as id_column for {m.source.name}",
                    effort="M",
                )
            )
        elif ids and r.id_column:
            out.append(
                self.documents_finding(
                    m,
                    r,
                    ids,
                    "have no identifier",
                    problem="missing",
                    severity=Severity.ERROR,
                    columns=(r.id_column,),
                    action=f"Give every document an id in {r.id_column}",
                    effort="S",
                    expectation=expectation(
                        "expect_column_values_to_not_be_null", column=r.id_column
                    ),
                )
            )
        for what, column, missing, fix, declared in (
            (
                "title",
                r.title_column,
                r.missing_title,
                "a title (front matter 'title:', a first heading, or a title column)",
                m.source.title_column,
            ),
            (
                "source link",
                r.url_column,
                r.missing_url,
                "the link users can open (front matter 'url:', a canonical link, or a url column)",
                m.source.url_column,
            ),
        ):
            hits = [i for i in range(r.size) if missing[i] and not r.to_drop(i)]
            if not hits or (declared and declared not in names):
                continue
            where = f" in {column}" if column and column not in ("title", "url") else ""
            out.append(
                self.documents_finding(
                    m,
                    r,
                    hits,
                    f"have no {what}{where}: answers cannot cite them properly",
                    problem="missing",
                    severity=Severity.WARNING,
                    columns=(column,) if column else (),
                    action=f"Give every document {fix}"
                    + (
                        ""
                        if column
                        else f" and declare {'title' if what == 'title' else 'url'}_column"
                    ),
                    effort="M",
                    expectation=expectation("expect_column_values_to_not_be_null", column=column)
                    if column
                    else None,
                )
            )
        return out


class StaleDocuments(_GroundingCheck):
    """Documents not updated within the declared cadence (or ``max_age``), one by one."""

    name: ClassVar[str] = "stale_documents"

    def applies(self, m: Measurement) -> bool:
        return super().applies(m) and _age_limit(m) is not None

    def run(self, m: Measurement) -> list[Finding]:
        r = self.report(m)
        limit = _age_limit(m)
        if r is None or limit is None or not r.updated_from:
            return []
        now = m.measured_at
        ages = {i: now - u for i, u in enumerate(r.updated) if u is not None}
        hits = sorted(
            (i for i, age in ages.items() if age > limit and not r.unreadable[i]),
            key=lambda i: -ages[i],
        )
        if not hits:
            return []
        declared = (
            f"max_age {m.source.max_age}" if m.source.max_age else f"the {m.source.refresh} cadence"
        )
        oldest = describe(ages[hits[0]])
        return [
            self.documents_finding(
                m,
                r,
                hits,
                f"were last updated more than {describe(limit)} ago "
                f"({declared}; the oldest {oldest} ago, by {r.updated_from})",
                error=0.3,
                columns=(r.updated_from,),
                examples=tuple(f"{r.names[i]}: {describe(ages[i])} old" for i in hits[:5]),
                action="Review the stale documents with their owners: update, confirm (and record the review date) or retire them",
                effort="M",
                # now() is evaluated by GX at every run (a fixed, zoned date neither keeps catching nor compares with naive times).
                expectation=expectation(
                    "expect_column_min_to_be_between",
                    column=r.updated_from,
                    min_value={
                        "$PARAMETER": f"now() - timedelta(hours={limit.total_seconds() / 3600:g})"
                    },
                ),
            )
        ]


def _age_limit(m: Measurement) -> dt.timedelta | None:
    s = m.source
    try:
        if s.max_age:
            return parse_cadence(s.max_age)
        cadence = parse_cadence(s.refresh) if s.refresh else None
    except ValueError:
        return None
    return cadence * GRACE if cadence is not None else None


class LanguageMix(_GroundingCheck):
    name: ClassVar[str] = "language_mix"

    def run(self, m: Measurement) -> list[Finding]:
        r = self.report(m)
        if r is None:
            return []
        known = [(i, lang) for i, lang in enumerate(r.languages) if lang]
        if not known:
            return []
        counts = Counter(lang for _i, lang in known)
        mix = ", ".join(f"{k} {n:,}" for k, n in counts.most_common(6))
        out = []
        expected = set(m.source.languages)
        if expected:
            hits = [i for i, lang in known if lang not in expected]
            if hits:
                out.append(
                    self.documents_finding(
                        m,
                        r,
                        hits,
                        f"are not in the declared language{'s' if len(expected) > 1 else ''} "
                        f"({', '.join(sorted(expected))}); found: {mix}",
                        error=0.3,
                        examples=tuple(f"{r.names[i]}: {r.languages[i]}" for i in hits[:5]),
                        action="Translate these documents, move them to a corpus of their language, or declare the languages "
                        "the assistant must serve (and use a multilingual embedding model)",
                        effort="M",
                    )
                )
        elif len(counts) > 1:
            main = counts.most_common(1)[0][0]
            others = [i for i, lang in known if lang != main]
            share = len(others) / len(known)
            # Undeclared, a small minority is a note; a tenth or more is a mixed corpus to plan for.
            out.append(
                self.documents_finding(
                    m,
                    r,
                    others,
                    f"are not in the corpus's main language {main} (languages: {mix})",
                    severity=Severity.WARNING if share >= 0.1 else Severity.INFO,
                    examples=tuple(f"{r.names[i]}: {r.languages[i]}" for i in others[:5]),
                    action=f"Declare the languages the corpus should hold (languages: [{main}]) so off-language documents are "
                    "reported, or use a multilingual embedding model",
                    effort="S",
                )
            )
        return out


class PersonalDataInDocuments(_GroundingCheck):
    """Personal data inside the text (e-mails, phones, cards, IBANs, names …), from the privacy detectors.

    Reuses the privacy capability's classification of the text column (computed once per audit
    and shared with the privacy checks), so the documents are scanned only once.
    """

    name: ClassVar[str] = "personal_data_in_documents"

    def run(self, m: Measurement) -> list[Finding]:
        r = self.report(m)
        if r is None or r.text_column is None:
            return []
        found = personal_data(m, r.text_column)
        if found is None:
            return []
        with_personal, scanned, kinds = found
        if not with_personal:
            return []
        share = with_personal / max(scanned, 1)
        what = ", ".join(
            f"{kind.replace('_', ' ')} in {pct(k_share)}" for kind, k_share in kinds[:5]
        )
        return [
            self.finding(
                m,
                severity_for_share(share, warning=0.0, error=0.2),
                f"{with_personal:,} of {scanned:,} documents ({pct(share)}) contain personal data ({what}): "
                "an assistant may repeat it to anyone who asks",
                columns=(r.text_column,),
                measured={kind: round(k_share, 6) for kind, k_share in kinds},
                affected=scale_to_rows(m, with_personal),
                total=m.row_count,
                basis=m.sample_basis,
                examples=tuple(kind for kind, _s in kinds[:5]),
                action="Redact personal data from the documents before indexing (or restrict the index to users allowed "
                "to see it), and record the lawful basis for what must stay",
                effort="M",
            )
        ]


def personal_data(m: Measurement, column: str) -> tuple[int, int, list[tuple[str, float]]] | None:
    """(documents with personal data, documents scanned, [(kind, share)]) from the privacy capability.

    None where the privacy detectors are not installed: the hook between grounding and privacy.
    """
    try:
        from dataready.pii.classify import classify_measurement
    except ImportError:
        return None
    found = classify_measurement(m).get(column)
    if found is None:
        return 0, 0, []
    return found.with_personal, found.scanned, [(k.kind, k.share) for k in found.kinds]


CHECKS: tuple[Check, ...] = (
    CorpusProfile(),
    UnreadableDocuments(),
    ThinDocuments(),
    DuplicateDocuments(),
    EncodingDamage(),
    ChunkFit(),
    CitationMetadata(),
    StaleDocuments(),
    LanguageMix(),
    PersonalDataInDocuments(),
)
