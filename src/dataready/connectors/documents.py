"""A folder of documents (Markdown, text, HTML) as a table: one row per document.

Grounding corpora are folders, not tables. Seen as rows (path, title, text, size, modified time)
the ordinary checks already answer the first questions: empty documents are blank values,
copies are repeated text, and the newest modification time is the freshness.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from dataready.connectors.base import Connector, OpenedSource, duckdb_columns, traits_for
from dataready.errors import SourceError
from dataready.models import Source

if TYPE_CHECKING:
    from dataready.config import SourceConfig

DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt", ".rst", ".html", ".htm"}
TABULAR_SUFFIXES = {".csv", ".tsv", ".parquet", ".pq", ".json", ".jsonl", ".ndjson", ".xlsx", ".xls"}
_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*$|<(?:h1|title)[^>]*>(.+?)</(?:h1|title)>", re.I | re.M)


def _documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)


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
        source = Source(
            name=config.name, connector=cls.kind, location=str(folder), purpose=config.purpose,
            description=config.description, system_of_record=config.system_of_record,
            key=tuple(config.key), timestamp=config.timestamp or "modified_at",
            owner=config.owner, steward=config.steward, contact=config.contact, refresh=config.refresh,
            sensitivity=config.sensitivity, options=dict(config.options),
        )  # fmt: skip
        return [(source, str(folder))]

    @contextmanager
    def open(self) -> Iterator[OpenedSource]:
        import pandas as pd
        import sqlalchemy as sa

        from dataready.connectors.files import new_duckdb_engine

        folder = Path(self.secret_location)
        files = _documents(folder)
        if not files:
            raise SourceError(f"{folder}: no documents ({', '.join(sorted(DOCUMENT_SUFFIXES))}) found")
        rows = [_read(p, folder) for p in files]
        frame = pd.DataFrame(rows)
        engine = new_duckdb_engine()
        try:
            with engine.connect() as conn:
                raw = conn.connection.driver_connection
                raw.register("documents", frame)  # type: ignore[union-attr]
                conn.exec_driver_sql("CREATE TABLE src AS SELECT * FROM documents")
                raw.unregister("documents")  # type: ignore[union-attr]
                yield OpenedSource(
                    conn, sa.table("src"), duckdb_columns(conn, "src"), traits_for("duckdb"),
                    modified_at=dt.datetime.fromtimestamp(max(p.stat().st_mtime for p in files), tz=dt.timezone.utc),
                    size_bytes=sum(p.stat().st_size for p in files),
                )  # fmt: skip
        finally:
            engine.dispose()


def _read(path: Path, folder: Path) -> dict[str, object]:
    import pandas as pd

    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    heading = _HEADING.search(text)
    if path.suffix.lower() in (".html", ".htm"):
        text = html.unescape(_TAG.sub(" ", text))
    stat = path.stat()
    return {
        "path": path.relative_to(folder).as_posix(),
        "title": (heading.group(1) or heading.group(2)).strip() if heading else None,
        "text": text.strip(),
        "chars": len(text.strip()),
        "bytes": len(data),
        "modified_at": pd.Timestamp(dt.datetime.fromtimestamp(int(stat.st_mtime))),
    }

