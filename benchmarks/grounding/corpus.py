"""A labelled document corpus with planted defects, for the grounding benchmark.

    python benchmarks/grounding/corpus.py --out DIR [--documents 10000] [--seed 7]

Writes a folder of Markdown help articles (front matter with title, url and, for some, an
``updated`` date), a ``dataready.yml`` declaring it as a retrieval source, and ``truth.json``
naming every planted defect. Seeded: the same arguments write the same corpus.

Clean articles are generated prose: English function words at their usual rates between words
from a generated vocabulary, in paragraphs of 40-140 words, with the footer lines a help centre
repeats on every page and a share of legitimate non-ASCII text (café, naïve, “quotes”, 5 €,
Größe) so that encoding checks have something to be wrong about. Hard negatives sit among the clean
articles: one in 50 shares half its paragraphs with an earlier article (related, not a copy), one
in 50 is brief (25-40 words under the usual footer). Each planted document carries exactly one
defect:

- ``duplicate``: a copy of a clean article under another name (same words; case and spacing may
  differ), without a url;
- ``near_duplicate``: an older version of a clean article: 1-2 % of its words replaced and one
  sentence added or removed, without a url;
- ``empty``: an empty file, blanks only, or front matter and nothing else;
- ``boilerplate``: only navigation, cookie banner and legal footer lines, or a placeholder
  ("Coming soon", "lorem ipsum" filler) under a heading;
- ``short``: a stub of 3-15 words;
- ``encoding``: a clean article with non-ASCII text written as UTF-8 read as Windows-1252
  ("cafÃ©", "â€™");
- ``stale``: a clean article last modified 2-4 years ago (by file time, or by its ``updated``
  field), where the declared refresh is yearly and clean articles are under a year old;
- ``unreadable``: a damaged PDF.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
from pathlib import Path

FUNCTION_WORDS = (
    "the",
    "the",
    "the",
    "of",
    "of",
    "and",
    "and",
    "to",
    "to",
    "a",
    "a",
    "in",
    "is",
    "that",
    "it",
    "for",
    "you",
    "with",
    "on",
    "are",
    "this",
    "be",
    "as",
    "can",
    "your",
    "will",
    "by",
    "from",
    "at",
    "or",
    "if",
    "not",
    "when",
    "which",
    "have",
    "an",
    "do",
)
SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ren",
    "sta",
    "vor",
    "pel",
    "dra",
    "tin",
    "qua",
    "bre",
    "sol",
    "nu",
    "fen",
    "gar",
    "lis",
    "mon",
    "tra",
    "vel",
    "zor",
    "ha",
    "ki",
    "po",
    "sen",
    "ul",
    "ex",
    "an",
    "ter",
    "dol",
    "ris",
)
NON_ASCII = (
    "café",
    "naïve",
    "“settings”",
    "it’s",
    "5 €",
    "Größe",
    "résumé",
    "déjà vu",
    "–",
    "façade",
    "São Paulo",
)
FOOTER = (
    "Was this article helpful? Yes / No",
    "© 2025 Example Help Centre. All rights reserved.",
    "Home | Help | Contact us",
)
BOILERPLATE_PAGES = (
    "Home | Shop | Help | Contact us\n\nWe use cookies to improve your experience.\n\nAccept all cookies\n\n"
    "Cookie settings\n\n© 2025 Example Help Centre. All rights reserved.\n\nPrivacy policy\n\nTerms of use",
    "# {title}\n\nComing soon.\n\nThis page is under construction, check back later.\n\n"
    "Was this article helpful? Yes / No\n\nHome | Help | Contact us",
    "# {title}\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua.\n\nUt enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi "
    "ut aliquip ex ea commodo consequat.\n\n© 2025 Example Help Centre. All rights reserved.",
    "Skip to main content\n\nMenu\n\nSearch\n\nSign in\n\nHome | Help | Contact us\n\nBack to top\n\n"
    "Subscribe to our newsletter\n\nFollow us on social media\n\n© 2025 Example Help Centre. All rights reserved.",
)
KINDS = (
    "duplicate",
    "near_duplicate",
    "empty",
    "boilerplate",
    "short",
    "encoding",
    "stale",
    "unreadable",
)
PLANTED_SHARE = {
    "duplicate": 0.02,
    "near_duplicate": 0.02,
    "empty": 0.01,
    "boilerplate": 0.01,
    "short": 0.01,
    "encoding": 0.015,
    "stale": 0.015,
    "unreadable": 0.003,
}

PROJECT = """\
use_case: {{name: grounding benchmark}}
defaults: {{sample_size: {sample}}}
sources:
  - name: help.articles
    location: articles
    purpose: retrieval
    description: Generated help-centre articles with planted defects.
    system_of_record: true
    owner: Benchmark
    contact: bench@example.com
    refresh: yearly
    chunk_tokens: 512
    languages: [en]
"""


class Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = sorted({self._word() for _ in range(6000)})

    def _word(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 4)))

    def sentence(self) -> str:
        words = []
        for _ in range(self.rng.randint(8, 22)):
            words.append(
                self.rng.choice(FUNCTION_WORDS)
                if self.rng.random() < 0.45
                else self.rng.choice(self.vocabulary)
            )
        if self.rng.random() < 0.08:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(NON_ASCII))
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice(".....?!")

    def paragraph(self) -> str:
        sentences = []
        while sum(len(s.split()) for s in sentences) < self.rng.randint(40, 140):
            sentences.append(self.sentence())
        return " ".join(sentences)

    def article(self, paragraphs: int) -> list[str]:
        return [self.paragraph() for _ in range(paragraphs)]


def _front_matter(title: str, url: str | None, updated: dt.date | None) -> str:
    lines = ["---", f"title: {title}"]
    if url:
        lines.append(f"url: {url}")
    if updated:
        lines.append(f"updated: {updated.isoformat()}")
    return "\n".join([*lines, "---", ""])


def _body(title: str, paragraphs: list[str]) -> str:
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n\n".join(FOOTER) + "\n"


def _mojibake(text: str) -> str:
    """Non-ASCII characters written as UTF-8 and read back as Windows-1252 (as a bad export does)."""
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
            continue
        try:
            out.append(ch.encode("utf-8").decode("cp1252"))
        except UnicodeDecodeError:
            out.append(ch)
    return "".join(out)


def _edit(writer: Writer, paragraphs: list[str]) -> list[str]:
    """Another version of an article: 1-2 % of its words replaced, one sentence added or removed."""
    rng = writer.rng
    words = "\n\n".join(paragraphs).split(" ")
    for _ in range(max(1, int(len(words) * rng.uniform(0.01, 0.02)))):
        i = rng.randrange(len(words))
        if "\n" not in words[i]:
            words[i] = rng.choice(writer.vocabulary)
    edited = " ".join(words).split("\n\n")
    k = rng.randrange(len(edited))
    if rng.random() < 0.5:
        edited[k] = edited[k] + " " + writer.sentence()
    else:
        sentences = edited[k].split(". ")
        if len(sentences) > 2:
            sentences.pop(rng.randrange(len(sentences)))
        edited[k] = ". ".join(sentences)
    return edited


def build(out: Path, documents: int = 10_000, seed: int = 7) -> dict[str, object]:
    """Write the corpus to ``out``; return the truth (also written to ``out/truth.json``)."""
    writer = Writer(seed)
    rng = writer.rng
    folder = out / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    now = dt.datetime.now()
    planted = {kind: max(1, round(documents * share)) for kind, share in PLANTED_SHARE.items()}
    # Encoding damage and staleness are planted into clean articles; the other kinds are files of their own.
    clean_count = documents - sum(
        n for kind, n in planted.items() if kind not in ("encoding", "stale")
    )
    truth: dict[str, object] = {"documents": documents, "seed": seed, "planted": {}, "pairs": {}}
    pairs: dict[str, list[list[str]]] = {"duplicate": [], "near_duplicate": []}
    flagged: dict[str, list[str]] = {k: [] for k in KINDS}

    def write(name: str, text: str | bytes, age_days: float) -> None:
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        stamp = (now - dt.timedelta(days=age_days)).timestamp()
        os.utime(path, (stamp, stamp))

    clean: list[tuple[str, str, list[str]]] = []
    for i in range(clean_count):
        title = f"Article {i:05d} " + " ".join(rng.choice(writer.vocabulary) for _ in range(3))
        if i % 50 == 1 and i > 100:
            # Hard negatives: an article sharing half its paragraphs with an earlier one (related, not a copy).
            shared = clean[rng.randrange(i - 100, i - 1)][2]
            paragraphs = shared[: len(shared) // 2] + writer.article(
                max(2, len(shared) - len(shared) // 2)
            )
        elif i % 50 == 2:
            # Hard negatives: a brief article (25-40 words of content) under the same footer as every page.
            paragraphs = [" ".join(writer.sentence() for _ in range(2))]
            while len(paragraphs[0].split()) < 25:
                paragraphs[0] += " " + writer.sentence()
        else:
            paragraphs = writer.article(rng.randint(5, 12))
        name = f"a{i:05d}.md"
        updated = (
            (now - dt.timedelta(days=rng.randint(1, 300))).date() if rng.random() < 0.5 else None
        )
        write(
            name,
            _front_matter(title, f"https://help.example.com/{name[:-3]}", updated)
            + _body(title, paragraphs),
            rng.uniform(1, 300),
        )
        clean.append((name, title, paragraphs))

    # Defects are planted into regular articles: an edited version of a 30-word brief (one of its two
    # sentences gone) is another text, not a near duplicate.
    regular = [i for i in range(len(clean)) if i % 50 not in (1, 2)]
    sources = rng.sample(
        regular,
        planted["duplicate"] + planted["near_duplicate"] + planted["encoding"] + planted["stale"],
    )
    cursor = 0

    def take(n: int) -> list[int]:
        nonlocal cursor
        chosen = sources[cursor : cursor + n]
        cursor += n
        return chosen

    for k, src in enumerate(take(planted["duplicate"])):
        name, title, paragraphs = clean[src]
        copy = f"copy-{k:04d}.md"
        body = _body(title, paragraphs)
        if k % 3 == 1:
            body = body.lower()
        elif k % 3 == 2:
            body = body.replace(". ", ".   ").replace(", ", " , ")
        write(copy, _front_matter(title, None, None) + body, rng.uniform(1, 300))
        pairs["duplicate"].append([copy, name])
        flagged["duplicate"].append(copy)
    for k, src in enumerate(take(planted["near_duplicate"])):
        name, title, paragraphs = clean[src]
        version = f"version-{k:04d}.md"
        write(
            version,
            _front_matter(title, None, None) + _body(title, _edit(writer, paragraphs)),
            rng.uniform(1, 300),
        )
        pairs["near_duplicate"].append([version, name])
        flagged["near_duplicate"].append(version)
    for src in take(planted["encoding"]):
        name, title, paragraphs = clean[src]
        damaged = [
            p if j else p + " " + " ".join(rng.sample(NON_ASCII, 3))
            for j, p in enumerate(paragraphs)
        ]
        write(
            name,
            _front_matter(title, f"https://help.example.com/{name[:-3]}", None)
            + _mojibake(_body(title, damaged)),
            rng.uniform(1, 300),
        )
        flagged["encoding"].append(name)
    for j, src in enumerate(take(planted["stale"])):
        name, title, paragraphs = clean[src]
        age = rng.uniform(730, 1460)
        if j % 2:  # the front matter says how old it is; the file itself was touched recently
            updated = (now - dt.timedelta(days=age)).date()
            write(
                name,
                _front_matter(title, f"https://help.example.com/{name[:-3]}", updated)
                + _body(title, paragraphs),
                3,
            )
        else:
            write(
                name,
                _front_matter(title, f"https://help.example.com/{name[:-3]}", None)
                + _body(title, paragraphs),
                age,
            )
        flagged["stale"].append(name)

    for k in range(planted["empty"]):
        name = f"empty-{k:04d}.md"
        write(
            name,
            ("", "   \n\n", _front_matter(f"Draft {k}", None, None))[k % 3],
            rng.uniform(1, 300),
        )
        flagged["empty"].append(name)
    for k in range(planted["boilerplate"]):
        name = f"page-{k:04d}.md"
        write(
            name,
            BOILERPLATE_PAGES[k % len(BOILERPLATE_PAGES)].format(title=f"Topic {k}") + "\n",
            rng.uniform(1, 300),
        )
        flagged["boilerplate"].append(name)
    for k in range(planted["short"]):
        name = f"stub-{k:04d}.md"
        words = " ".join(rng.choice(writer.vocabulary) for _ in range(rng.randint(3, 15)))
        write(name, f"{words.capitalize()}.\n", rng.uniform(1, 300))
        flagged["short"].append(name)
    for k in range(planted["unreadable"]):
        name = f"scan-{k:04d}.pdf"
        write(
            name,
            b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(2000)),
            rng.uniform(1, 300),
        )
        flagged["unreadable"].append(name)

    truth["planted"] = flagged
    truth["pairs"] = pairs
    (out / "truth.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    (out / "dataready.yml").write_text(
        PROJECT.format(sample=max(100_000, documents)), encoding="utf-8"
    )
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    truth = build(args.out, args.documents, args.seed)
    planted = truth["planted"]
    assert isinstance(planted, dict)
    print(
        f"wrote {args.documents:,} documents to {args.out / 'articles'}; planted: "
        + ", ".join(f"{k} {len(v)}" for k, v in planted.items())
    )


if __name__ == "__main__":
    main()
