"""A folder of documents (Markdown, text, HTML, PDF, Word) as a table: one row per document.

Grounding corpora are folders, not tables. Seen as rows (path, title, text, size, modified time)
the ordinary checks already answer the first questions: empty documents are blank values,
copies are repeated text, and the newest modification time is the freshness. The grounding
checks read the same rows for what a retriever needs beyond that (citable, readable, fresh
document by document).

Per-document metadata comes from where authors put it: YAML front matter in Markdown and text
(``title``, ``id``, ``url``, ``updated``), ``<title>``, ``<link rel="canonical">`` and ``<meta>``
tags in HTML, the document properties of PDF and Word files. Columns that no document fills
(``id``, ``url``, ``updated_at``, ``extraction_note``) are left out. Languages are not read from
tags (few documents carry one, and a half-filled column is noise): the grounding checks tell each
document's language from its text.

PDF and Word files need the ``documents`` extra (pypdf, python-docx); without it they are listed
as unreadable with that advice, never silently skipped.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dataready.connectors.base import Connector, OpenedSource
from dataready.connectors.dialects import dialect_for
from dataready.connectors.duckdb import duckdb_columns
from dataready.errors import ConfigError, SourceError
from dataready.model import Source
from dataready.model.corpus import NOT_UTF8, UNREADABLE

if TYPE_CHECKING:
    from dataready.config import SourceConfig

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".rst", ".html", ".htm"}
BINARY_SUFFIXES = {".pdf", ".docx"}
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | BINARY_SUFFIXES
TABULAR_SUFFIXES = {
    ".csv",
    ".tsv",
    ".parquet",
    ".pq",
    ".json",
    ".jsonl",
    ".ndjson",
    ".xlsx",
    ".xls",
}

NOTE_NO_PARSER = UNREADABLE + "install dataready-audit[documents] to read PDF and Word files"
NOTE_BAD_PDF = UNREADABLE + "not a valid PDF"
NOTE_ENCRYPTED = UNREADABLE + "encrypted PDF"
NOTE_NO_TEXT_LAYER = UNREADABLE + "no text layer (scanned pages?)"
NOTE_BAD_DOCX = UNREADABLE + "not a valid Word document"
NOTE_BINARY = UNREADABLE + "binary data, not text"
NOTE_IO = UNREADABLE + "cannot be opened"
# Notes are a small fixed vocabulary (no file-specific detail), so they group and count cleanly.

_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_FM_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_MD_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_RST_HEADING = re.compile(r"^(\S.{0,150})\r?\n([=\-~^\"#*])\2{2,}[ \t]*$", re.M)
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_HTML_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)
_HTML_DROP = re.compile(
    r"<(script|style|head|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S
)
_HTML_BREAK = re.compile(r"<br\b[^>]*>|</(?:li|tr|dt|dd)\s*>", re.I)
_HTML_BLOCK = re.compile(
    r"</?(?:p|div|h[1-6]|ul|ol|dl|table|section|article|header|footer|nav|aside|blockquote|pre|main)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
_TAG_OPEN = re.compile(r"<(link|meta)\b([^>]*)>", re.I)
_BLANK_RUNS = re.compile(r"[ \t\r\f\v]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")

FRONT_MATTER_KEYS = {
    "title": ("title",),
    "id": ("id", "doc_id", "document_id", "uid", "slug"),
    "url": (
        "url",
        "link",
        "source_url",
        "canonical",
        "canonical_url",
        "permalink",
        "href",
        "source",
    ),
    "updated_at": (
        "updated",
        "updated_at",
        "last_updated",
        "modified",
        "last_modified",
        "lastmod",
        "date_modified",
        "reviewed",
        "last_reviewed",
        "date",
    ),
}
_META_KEYS = {
    "url": ("og:url", "dc.identifier", "dcterms.identifier", "citation_public_url"),
    "updated_at": (
        "last-modified",
        "dcterms.modified",
        "dc.date.modified",
        "article:modified_time",
        "og:updated_time",
        "date",
    ),
    "id": ("dc.identifier", "dcterms.identifier"),
}
OPTIONAL_COLUMNS = ("id", "url", "updated_at", "extraction_note")


def _documents(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
    )


class DocumentsConnector(Connector):
    kind: ClassVar[str] = "documents"

    @classmethod
    def accepts(cls, location: str) -> bool:
        if "://" in location:
            return False
        folder = Path(location).expanduser()
        if not folder.is_dir():
            return False
        files = [p for p in folder.rglob("*") if p.is_file()]
        return any(p.suffix.lower() in DOCUMENT_SUFFIXES for p in files) and not any(
            p.suffix.lower() in TABULAR_SUFFIXES for p in files
        )

    @classmethod
    def expand(cls, config: SourceConfig, root: Path) -> list[tuple[Source, str]]:
        folder = Path(config.location).expanduser()
        folder = folder if folder.is_absolute() else root / folder
        if config.text_column not in (None, "text"):
            raise ConfigError(
                f"sources[{config.name}].text_column: a folder of documents has its text in 'text'; "
                "text_column applies to tables"
            )
        declared = {
            **config.source_fields(),
            "timestamp": config.timestamp or "modified_at",
            "text_column": "text",
        }
        source = Source(name=config.name, connector=cls.kind, location=str(folder), **declared)
        return [(source, str(folder))]

    @contextmanager
    def open(self) -> Iterator[OpenedSource]:
        import sqlalchemy as sa

        from dataready.connectors.files import new_duckdb_engine

        folder = Path(self.secret_location)
        files = _documents(folder)
        if not files:
            raise SourceError(
                f"{folder}: no documents ({', '.join(sorted(DOCUMENT_SUFFIXES))}) found"
            )
        frame = documents_frame(files, folder)
        engine = new_duckdb_engine()
        try:
            with engine.connect() as conn:
                raw = conn.connection.driver_connection
                raw.register("documents", frame)  # type: ignore[union-attr]
                conn.exec_driver_sql("CREATE TABLE src AS SELECT * FROM documents")
                raw.unregister("documents")  # type: ignore[union-attr]
                stats = [p.stat() for p in files]
                yield OpenedSource(
                    conn,
                    sa.table("src"),
                    duckdb_columns(conn, "src"),
                    dialect_for("duckdb"),
                    modified_at=dt.datetime.fromtimestamp(
                        max(s.st_mtime for s in stats), tz=dt.timezone.utc
                    ),
                    size_bytes=sum(s.st_size for s in stats),
                )
        finally:
            engine.dispose()


def documents_frame(files: list[Path], folder: Path) -> Any:
    """One row per document; optional columns only where some document fills them."""
    import pandas as pd

    rows = [read_document(p, folder) for p in files]
    frame = pd.DataFrame(rows)
    for column in OPTIONAL_COLUMNS:
        if column in frame.columns and frame[column].isna().all():
            frame = frame.drop(columns=column)
    if "updated_at" in frame.columns:
        frame["updated_at"] = pd.to_datetime(frame["updated_at"])
    return frame


def read_document(path: Path, folder: Path) -> dict[str, object]:
    """Text and metadata of one document; problems become an extraction note, never an exception."""
    import pandas as pd

    suffix = path.suffix.lower()
    meta: dict[str, Any] = {}
    note: str | None = None
    try:
        data = path.read_bytes()
        stat = path.stat()
    except OSError:
        data, stat, note = b"", None, NOTE_IO
    text: str | None = None
    if note is None:
        if suffix == ".pdf":
            text, meta, note = _read_pdf(path)
        elif suffix == ".docx":
            text, meta, note = _read_docx(path)
        else:
            text, note = _decode(data)
            if text is not None:
                text, meta = _text_metadata(text, suffix)
    text = text.strip() if text is not None else None
    modified = dt.datetime.fromtimestamp(int(stat.st_mtime)) if stat is not None else None
    return {
        "path": path.relative_to(folder).as_posix(),
        "id": _clean(meta.get("id")),
        "title": _clean(meta.get("title")),
        "url": _clean(meta.get("url")),
        "text": text,
        "chars": len(text) if text is not None else 0,
        "bytes": len(data),
        "modified_at": pd.Timestamp(modified) if modified is not None else pd.NaT,
        "updated_at": _timestamp(meta.get("updated_at")),
        "extraction_note": note,
    }


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = (
        _BLANK_RUNS.sub(" ", html.unescape(_TAG.sub(" ", str(value)))).strip().strip("\"'").strip()
    )
    return text or None


def _timestamp(value: Any) -> Any:
    """A naive UTC timestamp from what authors write (ISO dates, RFC dates, datetimes); None if unparseable."""
    import pandas as pd

    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        stamp = pd.Timestamp(value)
    else:
        try:
            stamp = pd.Timestamp(str(value).strip().strip("\"'"))
        except (ValueError, TypeError, OverflowError):
            return None
    if stamp is pd.NaT:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """The text of a text file, and a note when it is not UTF-8 (or not text at all)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), NOT_UTF8 + "read as UTF-16"
        except UnicodeDecodeError:
            return None, NOTE_BINARY
    if b"\x00" in data[:8192]:
        return None, NOTE_BINARY
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), NOT_UTF8 + "read as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), NOT_UTF8 + "read as Latin-1"


def _text_metadata(text: str, suffix: str) -> tuple[str, dict[str, Any]]:
    """The body (front matter removed, HTML reduced to text) and the metadata found on the way."""
    meta: dict[str, Any] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        meta.update(_front_matter(front.group(1)))
        text = text[front.end() :]
    if suffix in (".html", ".htm"):
        head = _html_metadata(text)
        for key, value in head.items():
            meta.setdefault(key, value)
        text = _html_text(text)
    elif "title" not in meta:
        heading = _MD_H1.search(text) or _MD_HEADING.search(text)
        if heading is None and suffix == ".rst":
            heading = _RST_HEADING.search(text)
        if heading is not None:
            meta["title"] = heading.group(1)
        elif suffix == ".txt":
            meta["title"] = _standalone_first_line(text)
    return text, meta


def _front_matter(block: str) -> dict[str, Any]:
    """Flat ``key: value`` pairs of a YAML front matter block (nested values are ignored)."""
    pairs: dict[str, str] = {}
    for line in block.splitlines():
        match = _FM_LINE.match(line)
        if match and match.group(2) and not match.group(2).startswith(("|", ">")):
            pairs.setdefault(match.group(1).lower(), match.group(2))
    meta: dict[str, Any] = {}
    for field, keys in FRONT_MATTER_KEYS.items():
        for key in keys:
            if key in pairs:
                meta[field] = pairs[key]
                break
    return meta


def _standalone_first_line(text: str) -> str | None:
    """A plain-text title: a short first line that stands alone above a blank line."""
    lines = text.lstrip().splitlines()
    if (
        len(lines) >= 2
        and lines[0].strip()
        and len(lines[0].strip()) <= 120
        and not lines[1].strip()
    ):
        return lines[0].strip()
    return None


def _html_metadata(source: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    title = _HTML_TITLE.search(source) or _HTML_H1.search(source)
    if title:
        meta["title"] = title.group(1)
    for tag, attrs_text in _TAG_OPEN.findall(source):
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTR.finditer(attrs_text)
        }
        if (
            tag.lower() == "link"
            and "canonical" in attrs.get("rel", "").lower().split()
            and attrs.get("href")
        ):
            meta.setdefault("url", attrs["href"])
            continue
        name = (attrs.get("property") or attrs.get("name") or attrs.get("http-equiv") or "").lower()
        content = attrs.get("content")
        if not name or not content:
            continue
        for field, names in _META_KEYS.items():
            if name in names:
                meta.setdefault(field, content)
    return meta


def _html_text(source: str) -> str:
    body = _HTML_DROP.sub(" ", source)
    # Blocks become paragraphs (a blank line), line breaks and list items lines: splitters cut there.
    body = _HTML_BREAK.sub("\n", _HTML_BLOCK.sub("\n\n", body))
    body = html.unescape(_TAG.sub(" ", body))
    lines = (_BLANK_RUNS.sub(" ", line).strip() for line in body.splitlines())
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def _read_pdf(path: Path) -> tuple[str | None, dict[str, Any], str | None]:
    try:
        import pypdf
    except ImportError:
        return None, {}, NOTE_NO_PARSER
    meta: dict[str, Any] = {}
    # pypdf logs every repair it attempts on a damaged file; the extraction note says it once.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            return None, {}, NOTE_ENCRYPTED
        pages = [page.extract_text() or "" for page in reader.pages]
        try:
            info = reader.metadata
            if info is not None:
                meta["title"] = info.title
                meta["updated_at"] = info.modification_date
        except Exception:  # a malformed Info dictionary costs the metadata, not the text
            pass
    except Exception:  # pypdf raises many types for damaged files; all mean the same here
        return None, {}, NOTE_BAD_PDF
    finally:
        log.setLevel(level)
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if pages and not text:
        return None, meta, NOTE_NO_TEXT_LAYER
    return text, meta, None


def _read_docx(path: Path) -> tuple[str | None, dict[str, Any], str | None]:
    try:
        import docx
    except ImportError:
        return None, {}, NOTE_NO_PARSER
    meta: dict[str, Any] = {}
    try:
        document = docx.Document(str(path))
        parts: list[str] = []
        for paragraph in document.paragraphs:
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            if (
                "title" not in meta
                and paragraph.text.strip()
                and style.lower() in ("title", "heading 1")
            ):
                meta["title"] = paragraph.text
            parts.append(paragraph.text)
        for table in document.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        props = document.core_properties
        if props.title:
            meta["title"] = props.title
        if props.identifier:
            meta["id"] = props.identifier
        if props.modified:
            meta["updated_at"] = props.modified
    except Exception:  # python-docx raises zip, XML and key errors for damaged files
        return None, {}, NOTE_BAD_DOCX
    return "\n".join(parts), meta, None
