"""Grounding corpora: each defect planted in a small corpus is reported on the right documents;
a clean corpus gets none; PDF, Word, HTML and front matter are read; tables can be corpora too."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pandas as pd
import pytest

import dataready
from dataready.errors import ConfigError
from dataready.model import Status
from tests.conftest import FULLY_DECLARED, assert_finding, findings

FUNCTION = (
    "the",
    "the",
    "of",
    "and",
    "and",
    "to",
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
    "or",
)


def prose(rng: random.Random, words: int) -> str:
    """English-looking text: function words at their usual rate between made-up content words."""
    out = []
    for _ in range(words):
        out.append(
            rng.choice(FUNCTION)
            if rng.random() < 0.45
            else "".join(
                rng.choice("bcdfgklmnprstv") + rng.choice("aeiou") for _ in range(rng.randint(1, 3))
            )
        )
    return " ".join(out).capitalize() + "."


def article(title: str, body: str, url: str | None = "auto", updated: str | None = None) -> str:
    link = f"https://help.example.com/{title.lower().replace(' ', '-')}" if url == "auto" else url
    head = (
        ["---", f"title: {title}"]
        + ([f"url: {link}"] if link else [])
        + ([f"updated: {updated}"] if updated else [])
    )
    return "\n".join([*head, "---", f"# {title}", "", body, ""])


def write(folder: Path, name: str, text: str | bytes, age_days: float = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    stamp = (dt.datetime.now() - dt.timedelta(days=age_days)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def clean_corpus(folder: Path, count: int = 12, seed: int = 3) -> dict[str, str]:
    rng = random.Random(seed)
    bodies = {}
    for i in range(count):
        body = "\n\n".join(prose(rng, rng.randint(60, 120)) for _ in range(3))
        bodies[f"doc-{i:02d}.md"] = body
        write(folder, f"doc-{i:02d}.md", article(f"Topic {i}", body))
    return bodies


def project(project_file, **extra: object) -> Path:
    return project_file(
        {"name": "kb", "location": "kb", **FULLY_DECLARED, "purpose": "retrieval", **extra}
    )


def grounding(
    card: dataready.Scorecard, severity_at_least: str = "warning"
) -> list[tuple[str, str]]:
    rank = {"info": 0, "warning": 1, "error": 2, "blocker": 3}
    return [
        (f.check, f.message)
        for f in findings(card, "grounding")
        if rank[f.severity.value] >= rank[severity_at_least]
    ]


def test_a_clean_corpus_has_no_grounding_findings(project_file, tmp_path: Path) -> None:
    clean_corpus(tmp_path / "kb")
    card = dataready.audit(project(project_file, refresh="monthly", languages=["en"]))
    assert grounding(card) == []
    assert card["kb"].dimension("grounding").score == 100
    profile = assert_finding(card, "grounding", check="corpus_profile", severity="info")
    assert profile.measured["documents"] == 12 and profile.measured["languages"] == {"en": 12}
    item = next(c for c in card.checklist if c.key == "retrieval_grounding")
    assert item.status is Status.PASS
    assert item.evidence[0].startswith("kb: 12 documents")


def test_each_planted_defect_is_reported_on_its_documents(project_file, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    bodies = clean_corpus(kb)
    rng = random.Random(11)
    write(kb, "copy-of-doc-01.md", article("Topic 1", bodies["doc-01.md"].upper(), url=None))
    words = bodies["doc-02.md"].split(" ")
    words[10] = "changed"
    write(kb, "doc-02-old.md", article("Topic 2", " ".join(words), url=None))
    write(kb, "empty.md", "")
    write(kb, "blank.txt", "   \n\n")
    write(
        kb,
        "cookies.html",
        "<html><head><title>Cookies</title></head><body><nav>Home | Shop | Help</nav>"
        "<p>We use cookies to improve your experience.</p><p>Accept all cookies</p>"
        "<footer>© 2025 Example Ltd. All rights reserved.</footer></body></html>",
    )
    write(
        kb,
        "coming-soon.md",
        "# Shipping abroad\n\nComing soon.\n\nThis page is under construction.\n",
    )
    write(kb, "stub.md", article("Opening hours", "We open at nine."))
    write(
        kb,
        "mojibake.md",
        article("Payments", prose(rng, 80) + " Weâ€™re happy to help at the cafÃ© counter."),
    )
    write(kb, "ancient.md", article("Old news", prose(rng, 80)), age_days=400)
    write(kb, "frontmatter-old.md", article("Old policy", prose(rng, 80), updated="2019-05-01"))
    write(kb, "no-link.md", article("Unlinked", prose(rng, 80), url=None))
    write(
        kb,
        "german.md",
        article(
            "Rückgabe",
            "Sie können jeden Artikel innerhalb von 30 Tagen zurückgeben. Die Erstattung "
            "ist nach fünf Tagen auf Ihrem Konto, und wir senden Ihnen eine Bestätigung. Das ist für Sie kostenlos, "
            "wenn die Ware nicht beschädigt ist und Sie das Etikett von uns verwenden.",
        ),
    )
    card = dataready.audit(project(project_file, refresh="monthly", languages=["en"]))

    def one(check: str, *, contains: str = "", affected: int | None = None) -> tuple[str, ...]:
        matches = [f for f in findings(card, "grounding", check=check) if contains in f.message]
        assert len(matches) == 1, (check, contains, grounding(card, "info"))
        if affected is not None:
            assert matches[0].affected == affected, matches[0].message
        return matches[0].examples

    exact = [
        f
        for f in findings(card, "grounding", check="duplicate_documents")
        if "almost" not in f.message
    ]
    assert (
        len(exact) == 1
        and exact[0].affected == 1
        and exact[0].examples == ("copy-of-doc-01.md = doc-01.md",)
    )
    assert one("duplicate_documents", contains="almost", affected=1)[0].startswith(
        "doc-02-old.md ≈ doc-02.md"
    )
    assert one("unreadable_documents", contains="empty", affected=2) == ("blank.txt", "empty.md")
    assert one("thin_documents", contains="boilerplate", affected=2) == (
        "coming-soon.md",
        "cookies.html",
    )
    assert one("thin_documents", contains="very short", affected=1) == ("stub.md",)
    assert one("encoding_damage", affected=1) == ("mojibake.md: 'â€™' → '’'",)
    stale = one("stale_documents", affected=2)
    assert {e.split(":")[0] for e in stale} == {"ancient.md", "frontmatter-old.md"}
    assert one("language_mix", affected=1) == ("german.md: de",)
    # Copies, empty and boilerplate pages are reported as such, not again for their missing links.
    assert one("citation_metadata", contains="source link", affected=1) == ("no-link.md",)
    assert card["kb"].dimension("grounding").score < 80
    item = next(c for c in card.checklist if c.key == "retrieval_grounding")
    assert item.status is Status.FAIL
    assert any("are empty" in e for e in item.evidence)


def test_long_unbroken_passages_against_the_declared_chunk_size(
    project_file, tmp_path: Path
) -> None:
    kb = tmp_path / "kb"
    clean_corpus(kb, count=6)
    rng = random.Random(5)
    write(
        kb, "wall.md", article("Wall of text", " ".join(prose(rng, 40) for _ in range(12)))
    )  # ~480 words, one line
    card = dataready.audit(project(project_file, chunk_tokens=256))
    found = assert_finding(card, "grounding", check="chunk_fit", affected=1)
    assert "256 tokens" in found.message and found.examples[0].startswith("wall.md: ≈")
    assert not findings(
        dataready.audit(project(project_file, chunk_tokens=4096)), "grounding", check="chunk_fit"
    )


def test_documents_of_every_format_are_read_with_their_metadata(tmp_path: Path) -> None:
    from dataready.connectors.documents import NOT_UTF8, NOTE_BAD_PDF, NOTE_BINARY, documents_frame

    pytest.importorskip("pypdf")
    docx = pytest.importorskip("docx")
    kb = tmp_path / "kb"
    write(
        kb,
        "a.md",
        '---\ntitle: "Returns"\nid: KB-1\nurl: https://x.example/returns\nupdated: 2024-03-01\n---\n# Other\n\nBody text.',
    )
    write(
        kb,
        "b.html",
        '<html lang="en"><head><title>Contact &amp; help</title><link rel="canonical" href="https://x.example/contact">'
        '<meta name="last-modified" content="2024-02-01T10:00:00Z"><script>var x = 1;</script></head>'
        "<body><h1>Contact</h1><p>Call us.</p><p>Or write.</p></body></html>",
    )
    write(kb, "c.txt", "Plain title\n\nThe body of a plain text file.")
    write(kb, "d.txt", "Caf\xe9 cr\xe8me in Windows-1252".encode("cp1252"))
    write(kb, "e.txt", b"\x00\x01\x02binary")
    write(kb, "f.pdf", _pdf(["Refund policy", "Refunds take five days."], title="Refunds"))
    write(kb, "g.pdf", b"%PDF-1.4\nnot really a pdf")
    document = docx.Document()
    document.core_properties.title = "Warranty"
    document.add_heading("Warranty terms", level=1)
    document.add_paragraph("Every product has a two-year warranty.")
    document.save(kb / "h.docx")
    frame = documents_frame(sorted(kb.iterdir()), kb).set_index("path")
    assert frame.loc["a.md", ["id", "title", "url"]].tolist() == [
        "KB-1",
        "Returns",
        "https://x.example/returns",
    ]
    assert frame.loc["a.md", "text"] == "# Other\n\nBody text." and frame.loc[
        "a.md", "updated_at"
    ] == pd.Timestamp("2024-03-01")
    assert frame.loc["b.html", ["title", "url"]].tolist() == [
        "Contact & help",
        "https://x.example/contact",
    ]
    assert frame.loc["b.html", "text"] == "Contact\n\nCall us.\n\nOr write." and frame.loc[
        "b.html", "updated_at"
    ] == pd.Timestamp("2024-02-01 10:00")
    assert frame.loc["c.txt", "title"] == "Plain title"
    assert frame.loc["d.txt", "text"] == "Café crème in Windows-1252" and frame.loc[
        "d.txt", "extraction_note"
    ].startswith(NOT_UTF8)
    assert (
        pd.isna(frame.loc["e.txt", "text"]) and frame.loc["e.txt", "extraction_note"] == NOTE_BINARY
    )
    assert (
        frame.loc["f.pdf", "title"] == "Refunds"
        and "Refunds take five days." in frame.loc["f.pdf", "text"]
    )
    assert (
        pd.isna(frame.loc["g.pdf", "text"])
        and frame.loc["g.pdf", "extraction_note"] == NOTE_BAD_PDF
    )
    assert (
        frame.loc["h.docx", "title"] == "Warranty"
        and "two-year warranty" in frame.loc["h.docx", "text"]
    )


def test_unreadable_files_are_reported_with_their_reason(project_file, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    clean_corpus(kb, count=5)
    write(kb, "scan.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4)
    found = assert_finding(
        dataready.audit(project(project_file)),
        "grounding",
        check="unreadable_documents",
        affected=1,
    )
    assert found.severity.value == "error" and found.examples[0].startswith("scan.pdf: ")


def test_a_table_with_a_text_column_is_a_corpus(project_file, tmp_path: Path) -> None:
    rng = random.Random(9)
    rows = [{"doc_id": f"D{i}", "heading": f"Topic {i}", "body": prose(rng, 70)} for i in range(30)]
    rows[3]["body"] = rows[4]["body"]
    rows[7]["doc_id"] = None
    pd.DataFrame(rows).to_csv(tmp_path / "articles.csv", index=False)
    card = dataready.audit(
        project_file(
            {
                "name": "articles",
                "location": "articles.csv",
                **FULLY_DECLARED,
                "purpose": "retrieval",
                "text_column": "body",
                "id_column": "doc_id",
                "title_column": "heading",
            }
        )
    )
    assert_finding(card, "grounding", check="duplicate_documents", affected=1, column="body")
    ids = assert_finding(card, "grounding", check="citation_metadata", column="doc_id", affected=1)
    assert ids.severity.value == "error"
    links = [
        f
        for f in findings(card, "grounding", check="citation_metadata")
        if "source link" in f.message
    ]
    assert links[0].affected == 29 and "declare url_column" in links[0].remediation.action


def test_a_declared_text_column_that_does_not_exist_is_an_error(
    project_file, tmp_path: Path
) -> None:
    pd.DataFrame({"id": [1, 2], "body": ["a b c", "d e f"]}).to_csv(tmp_path / "t.csv", index=False)
    card = dataready.audit(
        project_file(
            {"name": "t", "location": "t.csv", "purpose": "retrieval", "text_column": "content"}
        )
    )
    found = assert_finding(card, "grounding", check="corpus_profile", severity="error")
    assert "'content' does not exist" in found.message
    assert next(c for c in card.checklist if c.key == "retrieval_grounding").status is Status.FAIL


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "chunk_tokens",
            0,
            "sources[kb].chunk_tokens: Input should be greater than or equal to 16",
        ),
        ("languages", ["english"], "sources[kb].languages: expected ISO 639-1 language codes"),
        ("max_age", "sometimes", "sources[kb].max_age: unknown refresh cadence 'sometimes'"),
        (
            "text_column",
            "body",
            "sources[kb].text_column: a folder of documents has its text in 'text'",
        ),
    ],
)
def test_config_errors_name_the_field(
    project_file, tmp_path: Path, field: str, value: object, expected: str
) -> None:
    clean_corpus(tmp_path / "kb", count=2)
    with pytest.raises(ConfigError) as err:
        dataready.audit(project(project_file, **{field: value}))
    assert expected in str(err.value)


def test_max_age_overrides_the_cadence_for_single_documents(project_file, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    clean_corpus(kb, count=4)
    write(kb, "doc-00.md", (kb / "doc-00.md").read_text(), age_days=40)
    assert not findings(
        dataready.audit(project(project_file, refresh="daily", max_age="yearly")),
        "grounding",
        check="stale_documents",
    )
    stale = assert_finding(
        dataready.audit(project(project_file, max_age="30 days")),
        "grounding",
        check="stale_documents",
        affected=1,
    )
    assert "max_age 30 days" in stale.message


def test_personal_data_inside_documents(project_file, tmp_path: Path) -> None:
    pytest.importorskip("dataready.pii.classify")
    kb = tmp_path / "kb"
    clean_corpus(kb, count=5)
    rng = random.Random(1)
    write(
        kb,
        "complaints.md",
        article(
            "Complaints", prose(rng, 60) + " Write to jane.doe@example.org with your order number."
        ),
    )
    card = dataready.audit(project(project_file))
    found = assert_finding(card, "grounding", check="personal_data_in_documents", affected=1)
    assert found.examples == ("email",)
    assert "jane.doe" not in str(card.to_dict())


# --- the building blocks -----------------------------------------------------------------------


def test_near_duplicates_found_by_blocking_match_exhaustive_comparison() -> None:
    import numpy as np

    from dataready.dedupe import neartext as neardup

    rng = random.Random(2)
    texts = [prose(rng, 200) for _ in range(300)]
    for k in range(20):  # near copies: 2 % of the words replaced
        words = texts[k].split()
        for _ in range(4):
            words[rng.randrange(len(words))] = "edited"
        texts.append(" ".join(words))
    tokens = [neardup.tokens(t) for t in texts]
    found = neardup.near_duplicates(tokens, threshold=0.8, width=3)
    sh = neardup.shingle(tokens, 3)
    sets = [np.unique(sh.of(i)) for i in range(len(texts))]
    exhaustive = {
        (i, j)
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if neardup.jaccard(sets[i], sets[j]) >= 0.8
    }
    assert exhaustive == {(k, 300 + k) for k in range(20)}
    assert {(i, j) for i, j, _s in found.pairs} == exhaustive
    assert (
        found.candidates < len(texts) * (len(texts) - 1) // 2 / 100
    )  # blocking compared under 1 % of the pairs


def test_mojibake_is_told_from_ordinary_accented_text() -> None:
    from dataready.vocabulary.textstats import mojibake

    assert (
        mojibake("Café crème, naïve façade, Größe, Ça va, São Paulo, 5 €, “quoted” — it’s fine")
        == []
    )
    assert mojibake("CafÃ© crÃ¨me, itâ€™s") == [("Ã©", "é"), ("Ã¨", "è"), ("â€™", "’")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The parcel will arrive on Monday and you can track it from your account at any time.",
            "en",
        ),
        (
            "Das Paket wird am Montag geliefert und Sie können es jederzeit in Ihrem Konto verfolgen.",
            "de",
        ),
        (
            "Le colis arrivera lundi et vous pouvez le suivre à tout moment depuis votre compte.",
            "fr",
        ),
        (
            "El paquete llegará el lunes y puede seguirlo en cualquier momento desde su cuenta.",
            "es",
        ),
        ("Посылка прибудет в понедельник, и вы можете отслеживать её в своём аккаунте.", "ru"),
        ("荷物は月曜日に届きます。アカウントからいつでも追跡できます。", "ja"),
        ("Ok.", None),
    ],
)
def test_language_of_a_document(text: str, language: str | None) -> None:
    from dataready.dedupe.neartext import tokens
    from dataready.vocabulary.textstats import detect_language

    assert detect_language(text, tokens(text)) == language


def test_token_estimate_needs_no_tokenizer() -> None:
    from dataready.vocabulary.textstats import estimate_tokens

    assert estimate_tokens("") == 0
    assert estimate_tokens("x" * 400) == 100
    assert estimate_tokens("日本語のテキスト") == 8


def _pdf(lines: list[str], title: str) -> bytes:
    """A minimal valid PDF with one page of Helvetica text and a document title."""
    content = (
        "BT /F1 12 Tf 72 720 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_declared_citation_columns_that_do_not_exist(project_file, tmp_path: Path) -> None:
    rng = random.Random(4)
    pd.DataFrame({"doc_id": range(10), "body": [prose(rng, 60) for _ in range(10)]}).to_csv(
        tmp_path / "t.csv", index=False
    )
    card = dataready.audit(
        project_file(
            {
                "name": "t",
                "location": "t.csv",
                **FULLY_DECLARED,
                "purpose": "retrieval",
                "id_column": "uid",
                "url_column": "link",
            }
        )
    )
    messages = sorted(
        f.message
        for f in findings(card, "grounding", check="citation_metadata")
        if f.severity.value == "error"
    )
    assert messages == [
        "the declared id_column 'uid' does not exist",
        "the declared url_column 'link' does not exist",
    ]
