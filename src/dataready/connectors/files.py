"""Files (CSV/TSV, Parquet, JSON, JSON Lines, Excel) read through an in-memory DuckDB.

Parquet is queried in place; row-oriented formats are loaded once into a DuckDB table so that
the measurement's several statements do not each re-parse the file. The file itself is only
ever opened for reading.
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dataready.connectors.base import (
    Connector,
    OpenedSource,
    first_line,
    reraise_interrupt,
    spill_folder,
)
from dataready.connectors.dialects import dialect_for
from dataready.connectors.duckdb import duckdb_columns, lock_duckdb
from dataready.errors import ConfigError, SourceError
from dataready.model import Source

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dataready.config import SourceConfig

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
}

# DuckDB's buffer manager is bounded so a 10M-row audit stays well under the machine's memory.
DUCKDB_MEMORY_LIMIT = os.environ.get("DATAREADY_DUCKDB_MEMORY", "768MB")
DUCKDB_THREADS = os.environ.get("DATAREADY_DUCKDB_THREADS", str(os.cpu_count() or 2))


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_list(paths: list[Path]) -> str:
    """A DuckDB list literal of file paths: ['a.csv', 'b.csv']."""
    return "[" + ", ".join(_sql_string(str(p)) for p in paths) + "]"


def new_duckdb_engine() -> sa.Engine:
    """A private in-memory DuckDB with bounded memory and spilling to a temporary folder."""
    import sqlalchemy as sa

    engine = sa.create_engine("duckdb:///:memory:")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SET memory_limit = {_sql_string(DUCKDB_MEMORY_LIMIT)}")
        conn.exec_driver_sql(f"SET threads = {int(DUCKDB_THREADS)}")
        conn.exec_driver_sql(f"SET temp_directory = {_sql_string(str(spill_folder()))}")
        conn.exec_driver_sql("SET enable_progress_bar = false")
    return engine


class FileConnector(Connector):
    kind: ClassVar[str] = "file"

    @classmethod
    def accepts(cls, location: str) -> bool:
        return "://" not in location

    @classmethod
    def expand(cls, config: SourceConfig, root: Path) -> list[tuple[Source, str]]:
        pattern = Path(config.location).expanduser()
        if not pattern.is_absolute():
            pattern = root / pattern
        text = str(pattern)
        if pattern.is_dir():
            files = sorted(
                p for p in pattern.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS
            )
        elif glob.has_magic(text) and not pattern.exists():
            files = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        else:
            if not pattern.exists():
                raise SourceError(
                    f"{config.location}: no such file or folder; check the path (relative paths start at {root})"
                )
            files = [pattern]
        if not files:
            raise SourceError(
                f"{config.location}: no CSV, Parquet, JSON or Excel files found there"
            )
        for f in files:
            if _format_of(f, config.options) is None:
                raise SourceError(
                    f"{f}: unknown file type {f.suffix!r}; supported: {', '.join(sorted(FORMATS))} "
                    "(or set options.format)"
                )
        if config.one_table or len(files) == 1:
            location = text if len(files) > 1 else str(files[0])
            return [(_source(config, config.name, location), location)]
        base = pattern if pattern.is_dir() else Path(os.path.commonpath(files))
        relative = [f.relative_to(base) for f in files]
        stems = [r.with_suffix("").as_posix() for r in relative]
        sources = []
        for f, rel, stem in zip(files, relative, stems, strict=True):
            # The suffix stays in the name only where two files would otherwise share it.
            name = f"{config.name}/{stem if stems.count(stem) == 1 else rel.as_posix()}"
            sources.append((_source(config, name, str(f)), str(f)))
        return sources

    @contextmanager
    def open(self) -> Iterator[OpenedSource]:
        files = self._files()
        fmt = _format_of(files[0], self.source.options)
        engine = new_duckdb_engine()
        try:
            with engine.connect() as conn:
                read_as = self._load(conn, files, fmt)
                _number_rows(conn, files, fmt)
                lock_duckdb(conn, readable=files)
                import sqlalchemy as sa

                stats = [f.stat() for f in files]
                yield OpenedSource(
                    connection=conn,
                    relation=sa.table("src"),
                    columns=duckdb_columns(conn, "src"),
                    traits=dialect_for("duckdb"),
                    modified_at=dt.datetime.fromtimestamp(
                        max(s.st_mtime for s in stats), tz=dt.timezone.utc
                    ),
                    size_bytes=sum(s.st_size for s in stats),
                    read_as=read_as,
                    read_as_missing=self._read_as_missing,
                    numbered=sa.table("src_rows"),
                )
        finally:
            engine.dispose()

    def _files(self) -> list[Path]:
        location = self.secret_location
        path = Path(location)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS
            )
        elif glob.has_magic(location) and not path.exists():
            files = [Path(p) for p in sorted(glob.glob(location, recursive=True))]
        else:
            files = [path]
        for f in files:
            if not f.is_file():
                raise SourceError(f"{f}: no such file; check the path in the source's location")
            if not os.access(f, os.R_OK):
                raise SourceError(
                    f"{f}: permission denied; grant read access to the user running dataready"
                )
        if not files:
            raise SourceError(f"{location}: no files match")
        return files

    _read_as_missing: dict[str, dict[str, int]] = {}  # noqa: RUF012 (replaced per load, never mutated)

    def _load(self, conn: sa.Connection, files: list[Path], fmt: str | None) -> str | None:
        """Load the files as the table ``src``; the encoding CSV text was read in when it was not UTF-8."""
        paths = _sql_list(files)
        options = dict(self.source.options)
        options.pop("format", None)
        na_values = options.pop("na_values", None)
        read_as = None
        try:
            if fmt == "parquet":
                conn.exec_driver_sql(f"CREATE VIEW src AS SELECT * FROM read_parquet({paths})")
            elif fmt == "json":
                for f in files:
                    _check_json_records(f)
                conn.exec_driver_sql(
                    f"CREATE TABLE src AS SELECT * FROM read_json_auto({paths}{_options_sql(options)})"
                )
            elif fmt == "excel":
                self._load_excel(conn, files, options)
            else:
                read_as = self._load_csv(conn, files, options)
                self._read_as_missing = _missing_tokens_to_null(
                    conn, MISSING_TOKENS if na_values is None else _token_list(na_values)
                )
            conn.exec_driver_sql("SELECT count(*) FROM src").fetchone()
        except SourceError:
            raise
        except Exception as exc:  # DuckDB raises one exception type for every malformed input
            reraise_interrupt(exc)
            raise SourceError(
                f"{files[0]}: cannot read it as {fmt or 'a table'}: {first_line(exc)}"
            ) from exc
        return read_as

    def _load_csv(
        self, conn: sa.Connection, files: list[Path], options: dict[str, Any]
    ) -> str | None:
        if (
            "delim" not in options
            and "delimiter" not in options
            and files[0].suffix.lower() in (".tsv", ".tab")
        ):
            options["delim"] = "\t"

        def read(texts: list[Path]) -> None:
            conn.exec_driver_sql(
                f"CREATE TABLE src AS SELECT * FROM read_csv({_sql_list(texts)}{_options_sql(options)})"
            )

        read_as = None
        if "encoding" not in options and _text_encoding(files[0]) == "utf-16":
            # A byte-order mark says UTF-16 (Excel's "Unicode text"): read as such, not as
            # UTF-8 with a NUL after every character.
            options["encoding"] = "utf-16"
            read_as = "UTF-16"
        try:
            try:
                read(files)
            except Exception as exc:
                reraise_interrupt(exc)
                if "conversion error" not in str(exc).lower() or "sample_size" in options:
                    raise
                # The sniffer guessed column types from the first rows, and a later value does not
                # fit (one text value in a numeric column after row 20,000): read again with every
                # row sniffed, so the column is read as text and the mixed-type check reports it.
                conn.rollback()
                options["sample_size"] = -1
                read(files)
        except Exception as exc:
            reraise_interrupt(exc)
            text = str(exc).lower()
            too_long = re.search(
                r"maximum line size of (\d+) bytes exceeded\. actual size:\s*(\d+)", text
            )
            if too_long and "max_line_size" not in options:
                limit, actual = (int(n) for n in too_long.groups())
                raise SourceError(
                    f"{files[0]}: a line holds {actual:,} bytes, more than the {limit:,} read per line; "
                    f"if that is intended, set options.max_line_size to at least {actual + 2:,} in dataready.yml"
                ) from None
            if ("not utf-8" not in text and "invalid unicode" not in text) or "encoding" in options:
                raise SourceError(
                    f"{files[0]}: malformed CSV: {_csv_problem(files[0]) or first_line(exc)}"
                ) from exc
            conn.rollback()  # the failed statement aborted the transaction
            # Not UTF-8 and no encoding declared: most such files come from Windows in Western
            # Europe and the Americas. Read them as Windows-1252 (Latin-1 where a byte has no
            # Windows-1252 character); the audit reports it, so nobody mistakes it for clean UTF-8.
            with tempfile.TemporaryDirectory(prefix="utf8-", dir=spill_folder()) as folder:
                copies, encodings = [], set()
                for i, f in enumerate(files):
                    copy, encoding = _as_utf8(f, Path(folder) / f"{i}.csv")
                    copies.append(copy)
                    encodings.add(encoding)
                read_as = (
                    ", ".join(
                        FALLBACK_ENCODINGS[e]
                        for e in FALLBACK_ENCODINGS
                        if e in encodings - {"utf-8"}
                    )
                    or None
                )
                try:
                    read(copies)
                except Exception as again:
                    reraise_interrupt(again)
                    raise SourceError(
                        f"{files[0]}: malformed CSV: {_csv_problem(files[0]) or first_line(again)}"
                    ) from again
        columns = duckdb_columns(conn, "src")
        header_delimiter = _likely_delimiter(files[0])
        header_fields = _header_fields(files[0], header_delimiter) if header_delimiter else 1
        if header_delimiter and "delim" not in options and len(columns) != header_fields:
            # DuckDB's sniffer falls back to one column when rows disagree; that is a malformed file.
            problem = (
                _csv_problem(files[0], header_delimiter)
                or "rows do not have the header's number of fields"
            )
            raise SourceError(
                f"{files[0]}: malformed CSV: {problem}; fix the file or set options.delim"
            )
        return read_as

    def _load_excel(self, conn: sa.Connection, files: list[Path], options: dict[str, Any]) -> None:
        import pandas as pd

        for f in files:
            _check_sheet_size(f, options.get("sheet", 0))
        frames = [pd.read_excel(f, sheet_name=options.get("sheet", 0)) for f in files]
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        raw = conn.connection.driver_connection
        raw.register("excel_frame", frame)  # type: ignore[union-attr]
        conn.exec_driver_sql("CREATE TABLE src AS SELECT * FROM excel_frame")
        raw.unregister("excel_frame")  # type: ignore[union-attr]


MISSING_TOKENS = (
    "NA",
    "N/A",
    "n/a",
    "NaN",
    "nan",
    "NULL",
    "null",
    "None",
    "#N/A",
    "#NA",
    "-",
    ".",
    "?",
)
"""Text that spreadsheets and statistics tools write for a missing value. Read as missing only in
a column whose every other value is a number or a date, so a text column keeps its words (and
its placeholders are reported by the disguised-missing check instead)."""
_TOKEN_COLUMNS_PER_STATEMENT = 200  # a statement per 200 text columns keeps wide files in bounds


def _token_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(
        "options.na_values: expected a list of strings read as missing, e.g. [NA, '-']"
    )


def _missing_tokens_to_null(
    conn: sa.Connection, tokens: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Turn the text columns of ``src`` that are numbers or dates but for missing-value tokens into
    typed columns with NULLs; return, per column, which tokens were read as missing and how often."""
    if not tokens:
        return {}
    columns = [
        str(name)
        for name, kind in conn.exec_driver_sql(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'src' ORDER BY ordinal_position"
        ).fetchall()
        if str(kind).upper() == "VARCHAR"
    ]
    if not columns:
        return {}
    token_list = "[" + ", ".join(_sql_string(t) for t in tokens) + "]"
    plans: dict[str, str] = {}
    for start in range(0, len(columns), _TOKEN_COLUMNS_PER_STATEMENT):
        part = columns[start : start + _TOKEN_COLUMNS_PER_STATEMENT]
        selects = []
        for c in part:
            q = _quoted(c)
            is_token = f"list_contains({token_list}, trim({q}))"
            other = f"{q} IS NOT NULL AND trim({q}) <> '' AND NOT {is_token}"
            selects += [
                f"count(*) FILTER (WHERE {is_token})",
                f"count(*) FILTER (WHERE {other})",
                f"count(*) FILTER (WHERE {other} AND TRY_CAST(trim({q}) AS BIGINT) IS NOT NULL)",
                f"count(*) FILTER (WHERE {other} AND TRY_CAST(trim({q}) AS DOUBLE) IS NOT NULL)",
                f"count(*) FILTER (WHERE {other} AND TRY_CAST(trim({q}) AS DATE) IS NOT NULL)",
            ]
        row = conn.exec_driver_sql(f"SELECT {', '.join(selects)} FROM src").fetchone() or ()
        for i, c in enumerate(part):
            found, others, integers, numbers, dates = row[5 * i : 5 * i + 5]
            if not found or not others:
                continue
            if integers == others:
                plans[c] = "BIGINT"
            elif numbers == others:
                plans[c] = "DOUBLE"
            elif dates == others:
                plans[c] = "DATE"
    if not plans:
        return {}
    counts: dict[str, dict[str, int]] = {}
    for c in plans:
        q = _quoted(c)
        rows = conn.exec_driver_sql(
            f"SELECT trim({q}), count(*) FROM src WHERE list_contains({token_list}, trim({q})) "
            "GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        counts[c] = {str(token): int(n) for token, n in rows}
    replaced = ", ".join(
        f"TRY_CAST(CASE WHEN list_contains({token_list}, trim({_quoted(c)})) THEN NULL "
        f"ELSE trim({_quoted(c)}) END AS {kind}) AS {_quoted(c)}"
        for c, kind in plans.items()
    )
    conn.exec_driver_sql(f"CREATE TABLE src_typed AS SELECT * REPLACE ({replaced}) FROM src")
    conn.exec_driver_sql("DROP TABLE src")
    conn.exec_driver_sql("ALTER TABLE src_typed RENAME TO src")
    return counts


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_json_records(path: Path) -> None:
    """Refuse a JSON file holding one bare value: DuckDB would audit ``42`` as a one-row table."""
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head and head[:1] not in (b"{", b"["):
        kind = "a string" if head[:1] == b'"' else "a single value"
        raise SourceError(
            f"{path}: holds {kind} ({head[:20].decode('utf-8', 'replace').strip()}…), not records; "
            "dataready reads a JSON array of objects or one object per line"
        )


MAX_SHEET_CELLS = 20_000_000
"""The largest sheet (rows × columns, as the workbook declares them) read into memory: a full-height
sheet of 19 columns. One stray cell at XFD1048576 would otherwise ask for 17 billion cells."""


def _check_sheet_size(path: Path, sheet: int | str) -> None:
    """Refuse, before loading it, a sheet whose declared grid is too large to hold."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return  # .xls has no declared dimension; its format caps it at 65,536 rows
    import zipfile

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        detail = "not a zip file" if isinstance(exc, zipfile.BadZipFile) else first_line(exc)
        raise SourceError(
            f"{path}: not an Excel workbook ({detail}); save it from Excel as .xlsx or export it as CSV"
        ) from None
    try:
        names = workbook.sheetnames
        if isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                return  # pandas names the missing sheet
            sheet = names[sheet]
        if sheet not in names:
            return
        ws = workbook[sheet]
        rows, cols = ws.max_row, ws.max_column
    finally:
        workbook.close()
    if rows and cols and rows * cols > MAX_SHEET_CELLS:
        from openpyxl.utils import get_column_letter

        raise SourceError(
            f"{path}: sheet {sheet!r} spans A1:{get_column_letter(cols)}{rows} ({rows:,} rows × {cols:,} columns), "
            f"more than the {MAX_SHEET_CELLS:,} cells dataready reads from a sheet; delete the stray cells "
            "beyond the data (Ctrl-End shows the last one) or export the sheet as CSV"
        )


POSITION = "dataready_row"


def _number_rows(conn: sa.Connection, files: list[Path], fmt: str | None) -> None:
    """The view ``src_rows``: ``src`` with each row's 0-based position in the file(s).

    Tables loaded from CSV, JSON or Excel keep the files' order (DuckDB preserves insertion
    order), so a row's ``rowid`` is its position. Parquet stays a view over the file: its
    positions come from the reader, numbered on from one file to the next.
    """
    if fmt != "parquet":
        # Rows of a table created in the open transaction are numbered from an offset of DuckDB's.
        first = conn.exec_driver_sql("SELECT min(rowid) FROM src").scalar() or 0
        conn.exec_driver_sql(
            f"CREATE VIEW src_rows AS SELECT rowid - {int(first)} AS {POSITION}, * FROM src"
        )
        return
    reader = f"read_parquet({_sql_list(files)}, file_row_number = true, filename = true)"
    position = (
        "file_row_number"
        if len(files) == 1
        else "row_number() OVER (ORDER BY list_position("
        f"{_sql_list(files)}, filename), file_row_number) - 1"
    )
    conn.exec_driver_sql(
        f"CREATE VIEW src_rows AS SELECT {position} AS {POSITION}, "
        f"* EXCLUDE (file_row_number, filename) FROM {reader}"
    )


FALLBACK_ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "latin-1": "Latin-1"}
"""Tried in order on a text file that is not UTF-8 (with the names reports use); Latin-1 maps every
byte, so the last never fails."""


def _as_utf8(path: Path, copy: Path) -> tuple[Path, str]:
    """A UTF-8 copy of a text file, decoded with the first encoding that reads all of it (streamed)."""
    import codecs

    for encoding in FALLBACK_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as raw, copy.open("w", encoding="utf-8", newline="") as out:
                while chunk := raw.read(1 << 20):
                    out.write(decoder.decode(chunk))
                out.write(decoder.decode(b"", final=True))
        except UnicodeDecodeError:
            continue
        return copy, encoding
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _source(config: SourceConfig, name: str, location: str) -> Source:
    return Source(
        name=name, connector=FileConnector.kind, location=location, **config.source_fields()
    )


def _format_of(path: Path, options: Any) -> str | None:
    declared = options.get("format") if options else None
    return declared or FORMATS.get(path.suffix.lower())


_ALLOWED_OPTIONS = {
    "delim",
    "delimiter",
    "header",
    "quote",
    "escape",
    "encoding",
    "skip",
    "nullstr",
    "dateformat",
    "timestampformat",
    "decimal_separator",
    "sample_size",
    "max_line_size",
    "all_varchar",
    "format",
    "sheet",
}


def _options_sql(options: dict[str, Any]) -> str:
    parts = []
    for key, value in options.items():
        if key not in _ALLOWED_OPTIONS:
            raise ConfigError(
                f"options.{key}: unknown file option; allowed: {', '.join(sorted(_ALLOWED_OPTIONS))}"
            )
        if key == "sheet":
            continue
        literal = (
            ("true" if value else "false")
            if isinstance(value, bool)
            else (str(int(value)) if isinstance(value, int) else _sql_string(str(value)))
        )
        parts.append(f"{key} = {literal}")
    return "".join(", " + p for p in parts)


def _text_encoding(path: Path) -> str:
    """utf-16 where a byte-order mark says so, else utf-8 (what the line helpers below decode)."""
    try:
        with path.open("rb") as fh:
            start = fh.read(2)
    except OSError:
        return "utf-8"
    return "utf-16" if start in (b"\xff\xfe", b"\xfe\xff") else "utf-8"


def _likely_delimiter(path: Path) -> str | None:
    try:
        with path.open(encoding=_text_encoding(path), errors="replace") as fh:
            header = fh.readline()
    except OSError:
        return None
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else None


def _header_fields(path: Path, delimiter: str) -> int:
    with path.open(encoding=_text_encoding(path), errors="replace", newline="") as fh:
        return len(next(csv.reader(fh, delimiter=delimiter), []))


def _csv_problem(
    path: Path, delimiter: str | None = None, max_lines: int = 1_000_000
) -> str | None:
    """Locate the first row whose field count differs from the header's, for a precise message."""
    delimiter = delimiter or _likely_delimiter(path) or ","
    try:
        with path.open(encoding=_text_encoding(path), errors="replace", newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            header = next(reader, None)
            if header is None:
                return "the file is empty"
            for reader_line, row in enumerate(reader, start=2):
                if reader_line > max_lines:
                    break
                if row and len(row) != len(header):
                    return f"line {reader.line_num} has {len(row)} fields where the header has {len(header)}"
    except csv.Error as exc:
        return f"{exc}"
    return None
