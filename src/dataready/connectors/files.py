"""Files (CSV/TSV, Parquet, JSON, JSON Lines, Excel) read through an in-memory DuckDB.

Parquet is queried in place; row-oriented formats are loaded once into a DuckDB table so that
the measurement's several statements do not each re-parse the file. The file itself is only
ever opened for reading.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import glob
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
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
from dataready.model import LineProblem, ReadProblems, Source

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
            files = folder_data_files(pattern)
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
                    read_problems=self._read_problems,
                    numbered=sa.table("src_rows"),
                )
        finally:
            engine.dispose()

    def _files(self) -> list[Path]:
        location = self.secret_location
        path = Path(location)
        if path.is_dir():
            files = folder_data_files(path)
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
    _read_problems: ReadProblems = ReadProblems()

    def _load(self, conn: sa.Connection, files: list[Path], fmt: str | None) -> str | None:
        """Load the files as the table ``src``; the encoding CSV text was read in when it was not UTF-8."""
        paths = _sql_list(files)
        options = canonical_read_options(self.source.options)
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
                tokens = MISSING_TOKENS if na_values is None else _token_list(na_values)
                read_as, self._read_problems = _load_csv(conn, files, options)
                if str(options.get("decimal_separator", ".")) == ",":
                    _decimal_comma_numbers(conn, tokens)
                self._read_as_missing = _missing_tokens_to_null(conn, tokens)
            conn.exec_driver_sql("SELECT count(*) FROM src").fetchone()
        except (SourceError, ConfigError):
            raise
        except Exception as exc:  # DuckDB raises one exception type for every malformed input
            reraise_interrupt(exc)
            raise SourceError(
                f"{files[0]}: cannot read it as {fmt or 'a table'}: {first_line(exc)}"
            ) from exc
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


# --- CSV -----------------------------------------------------------------------------------------

READ_OPTION_ALIASES = {"delimiter": "delim", "decimal": "decimal_separator", "skip_rows": "skip"}
"""Other names a CSV reading option may be given under (``--delimiter``, ``decimal:``), and DuckDB's."""


def canonical_read_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """A source's reading options under DuckDB's names; an option given under two names must agree."""
    out: dict[str, Any] = {}
    for key, value in options.items():
        name = READ_OPTION_ALIASES.get(key, key)
        if name in out and out[name] != value:
            raise ConfigError(
                f"options.{key}: {value!r} contradicts options.{name} ({out[name]!r}); keep one"
            )
        out[name] = value
    return out


NATIVE_ENCODINGS = {"utf-8": None, "utf-8-sig": None, "utf-16": "utf-16"}
"""Encodings (Python's codec names) DuckDB reads itself; every other one is transcoded to UTF-8 first."""

MAX_SKIPPED_SHARE = 0.5
"""A file where more lines fail to parse than this share is not audited: it is not the CSV it seems."""
FIRST_PROBLEMS = 5
"""Skipped lines listed by number in a finding."""


def codec_name(declared: Any) -> str:
    """Python's name for a declared encoding (``latin-1`` → ``iso8859-1``, ``windows-1252`` → ``cp1252``)."""
    import codecs

    try:
        return codecs.lookup(str(declared).strip()).name
    except LookupError:
        raise ConfigError(
            f"options.encoding: unknown encoding {declared!r}; use e.g. utf-8, utf-16, latin-1, "
            "windows-1252, cp850"
        ) from None


def _load_csv(
    conn: sa.Connection, files: list[Path], options: dict[str, Any]
) -> tuple[str | None, ReadProblems]:
    """Load CSV files as ``src``: (the encoding they were read in where it was guessed, what was skipped)."""
    if "delim" not in options and files[0].suffix.lower() in (".tsv", ".tab"):
        options["delim"] = "\t"
    declared = options.pop("encoding", None)
    read_as = None
    with tempfile.TemporaryDirectory(prefix="utf8-", dir=spill_folder()) as folder:
        texts = files
        if declared is not None:
            codec = codec_name(declared)
            if codec not in NATIVE_ENCODINGS:
                # DuckDB reads UTF-8, UTF-16 and (strictly) Latin-1 only: any other encoding is
                # decoded here into a private UTF-8 copy, streamed, and the copy is read.
                texts = [
                    _transcode(f, Path(folder) / f"{i}.csv", codec, declared)
                    for i, f in enumerate(files)
                ]
            elif NATIVE_ENCODINGS[codec]:
                for f in files:
                    _check_utf16(f, declared)
                options["encoding"] = NATIVE_ENCODINGS[codec]
        elif _text_encoding(files[0]) == "utf-16":
            # A byte-order mark says UTF-16 (Excel's "Unicode text"): read as such, not as
            # UTF-8 with a NUL after every character.
            options["encoding"] = "utf-16"
            read_as = "UTF-16"
        try:
            problems = _read_csv(conn, files, texts, options)
        except _NotUtf8 as exc:
            if declared is not None:
                where = _undecodable(files[0], "utf-8")
                raise SourceError(
                    f"{files[0]}: not {declared} text as declared ({where or exc}); "
                    "declare the encoding it was written in, e.g. --encoding windows-1252"
                ) from None
            conn.rollback()  # the failed statement aborted the transaction
            # Not UTF-8 and no encoding declared: most such files come from Windows in Western
            # Europe and the Americas. Read them as Windows-1252 (Latin-1 where a byte has no
            # Windows-1252 character); the audit reports it, so nobody mistakes it for clean UTF-8.
            copies, encodings = [], set()
            for i, f in enumerate(files):
                copy, encoding = _as_utf8(f, Path(folder) / f"{i}.csv")
                copies.append(copy)
                encodings.add(encoding)
            read_as = (
                ", ".join(
                    FALLBACK_ENCODINGS[e] for e in FALLBACK_ENCODINGS if e in encodings - {"utf-8"}
                )
                or None
            )
            try:
                problems = _read_csv(conn, files, copies, options)
            except _NotUtf8 as again:
                raise SourceError(f"{files[0]}: malformed CSV: {again}") from None
            texts = copies
        quote = _unclosed_quote_in_values(conn, files, texts, options)
    if quote is not None:
        problems = dataclasses.replace(problems, unclosed_quote=quote)
    return read_as, problems


class _NotUtf8(Exception):
    """DuckDB found bytes that are not UTF-8."""


def _read_csv(
    conn: sa.Connection, files: list[Path], texts: list[Path], options: dict[str, Any]
) -> ReadProblems:
    """Read ``texts`` (``files``, or their UTF-8 copies) into ``src``.

    Read strictly first; a file whose rows do not all parse is read again with DuckDB's rejects
    tables, which skip and record the lines that do not parse, unless most of them do not.
    """

    def read(extra: str = "") -> None:
        conn.exec_driver_sql(
            f"CREATE TABLE src AS SELECT * FROM read_csv({_sql_list(texts)}{_options_sql(options)}{extra})"
        )

    _options_sql(options)  # an unknown option is the configuration's fault, not the file's
    try:
        try:
            read()
        except Exception as exc:
            reraise_interrupt(exc)
            if "conversion error" not in str(exc).lower() or "sample_size" in options:
                raise
            # The sniffer guessed column types from the first rows, and a later value does not
            # fit (one text value in a numeric column after row 20,000): read again with every
            # row sniffed, so the column is read as text and the mixed-type check reports it.
            conn.rollback()
            options["sample_size"] = -1
            read()
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
        if "not utf-8" in text or "invalid unicode" in text:
            raise _NotUtf8(first_line(exc)) from exc
        if "does not support the encoding" in text or "is not utf-16 encoded" in text:
            raise SourceError(
                f"{files[0]}: not {options.get('encoding')} text as declared; "
                "declare the encoding it was written in, e.g. --encoding windows-1252"
            ) from None
        conn.rollback()
        return _read_csv_skipping(conn, files, texts, options, read, exc)
    if not _fields_match_header(conn, texts[0], options):
        # DuckDB's sniffer falls back to one column (or no header) when rows disagree.
        conn.exec_driver_sql("DROP TABLE src")
        return _read_csv_skipping(conn, files, texts, options, read, None)
    return ReadProblems()


def _read_csv_skipping(
    conn: sa.Connection,
    files: list[Path],
    texts: list[Path],
    options: dict[str, Any],
    read: Any,
    strict_error: Exception | None,
) -> ReadProblems:
    """Read again, skipping the lines that do not parse; a file mostly made of them is an error."""

    def malformed(problem: str | None) -> SourceError:
        quote = _unclosed_quote(texts[0], _delimiter(texts[0], options), _skip(options))
        detail = (
            f"line {quote.line} {quote.reason}"
            if quote
            else problem
            or _csv_problem(texts[0], options.get("delim"), skip=_skip(options))
            or (first_line(strict_error) if strict_error else None)
            or "rows do not have the header's number of fields"
        )
        fix = "fix the file" if quote else "fix the file or set the delimiter (--delimiter)"
        return SourceError(f"{files[0]}: malformed CSV: {detail}; {fix}")

    try:
        read(", store_rejects = true")
    except Exception as exc:
        reraise_interrupt(exc)
        raise malformed(None) from exc
    rows = int(conn.exec_driver_sql("SELECT count(*) FROM src").scalar() or 0)
    lines = _rejected_lines(conn, files, texts)
    if not _fields_match_header(conn, texts[0], options):
        raise malformed(None)
    if lines and (rows == 0 or len(lines) > MAX_SKIPPED_SHARE * (rows + len(lines))):
        first = lines[0]
        raise malformed(
            f"line {first.line} {first.reason} ({len(lines):,} of the {rows + len(lines):,} rows do not parse)"
        )
    return ReadProblems(skipped=len(lines), first_skipped=tuple(lines[:FIRST_PROBLEMS]))


_FIELDS = re.compile(r"expected number of columns: (\d+) found: (\d+)", re.IGNORECASE)
_CONVERSION = re.compile(r"to '(\w+)'", re.IGNORECASE)


def _rejected_lines(conn: sa.Connection, files: list[Path], texts: list[Path]) -> list[LineProblem]:
    """The lines DuckDB's last read skipped, each once with its reason, in file order."""
    rows = conn.exec_driver_sql(
        "SELECT s.file_path, e.line, e.error_type, e.column_name, e.error_message "
        "FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id) "
        "WHERE e.scan_id = (SELECT max(scan_id) FROM reject_scans)"
    ).fetchall()
    index = {str(t): i for i, t in enumerate(texts)}
    reasons: dict[tuple[int, int], list[tuple[str, str | None, str]]] = {}
    for path, line, kind, column, message in rows:
        key = (index.get(str(path), 0), int(line))
        reasons.setdefault(key, []).append((str(kind), column, str(message)))
    several = len(files) > 1
    return [
        LineProblem(line, _reject_reason(reasons[(i, line)]), str(files[i]) if several else None)
        for i, line in sorted(reasons)
    ]


def _reject_reason(errors: list[tuple[str, str | None, str]]) -> str:
    """Why DuckDB skipped a line, in words; the field count first, as it explains the rest."""
    counts = [
        _FIELDS.search(m) for k, _c, m in errors if k in ("TOO MANY COLUMNS", "MISSING COLUMNS")
    ]
    found = [(int(c.group(1)), int(c.group(2))) for c in counts if c]
    if found:
        expected = found[0][0]
        fields = (
            max(f for _e, f in found)
            if any(f > expected for _e, f in found)
            else min(f for _e, f in found)
        )
        return f"has {fields} field{'s' if fields != 1 else ''} where the header has {expected}"
    kind, column, message = errors[0]
    if kind == "CAST":
        target = _CONVERSION.search(message)
        kind_of = f" ({target.group(1)})" if target else ""
        return f"holds a value column {column}{kind_of} cannot hold"
    if kind == "UNQUOTED VALUE":
        return "has a quote inside a field that is not quoted"
    if kind == "INVALID ENCODING":
        return "is not valid text in the file's encoding"
    if kind == "LINE SIZE OVER MAXIMUM":
        return "is longer than max_line_size"
    return kind.lower()


def _skip(options: Mapping[str, Any]) -> int:
    try:
        return max(int(options.get("skip") or 0), 0)
    except (TypeError, ValueError):
        return 0


def _delimiter(text: Path, options: Mapping[str, Any]) -> str:
    declared = options.get("delim")
    return str(declared) if declared else _likely_delimiter(text, _skip(options)) or ","


def _fields_match_header(conn: sa.Connection, text: Path, options: Mapping[str, Any]) -> bool:
    """Whether the table read has as many columns as the header line has fields."""
    if "delim" in options or options.get("header") is False:
        return True
    delimiter = _likely_delimiter(text, _skip(options))
    if not delimiter:
        return True
    return len(duckdb_columns(conn, "src")) == _header_fields(text, delimiter, _skip(options))


def _unclosed_quote_in_values(
    conn: sa.Connection, files: list[Path], texts: list[Path], options: Mapping[str, Any]
) -> LineProblem | None:
    """Where a quote opens and never closes, when values read from the file begin with a quote.

    DuckDB reads a file whose quotes do not pair up with its quotes as plain text: the values
    that start with one are the sign; the file itself says on which line the quote opened.
    """
    quote = str(options.get("quote") or '"')
    text_columns = [
        str(name)
        for name, kind in conn.exec_driver_sql(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'src' ORDER BY ordinal_position"
        ).fetchall()
        if str(kind).upper() == "VARCHAR"
    ]
    if not text_columns or len(quote) != 1:
        return None
    starts = " OR ".join(f"starts_with({_quoted(c)}, {_sql_string(quote)})" for c in text_columns)
    if not conn.exec_driver_sql(f"SELECT count(*) FROM src WHERE {starts}").scalar():
        return None
    for f, text in zip(files, texts, strict=True):
        found = _unclosed_quote(text, _delimiter(text, options), _skip(options), quote)
        if found is not None:
            return dataclasses.replace(found, file=str(f) if len(files) > 1 else None)
    return None


MAX_QUOTE_SCAN_LINES = 5_000_000
"""Lines searched for a quote that never closes; the sign of one in the values starts the search."""


def _unclosed_quote(
    text: Path, delimiter: str, skip: int = 0, quote: str = '"'
) -> LineProblem | None:
    """The line where a quoted field opens and does not close where a field ends (RFC 4180)."""
    opened = 0  # the line the open quoted field started on; 0: outside quotes
    try:
        with text.open(encoding=_text_encoding(text), errors="replace", newline="") as fh:
            for number, raw in enumerate(fh, start=1):
                if number > MAX_QUOTE_SCAN_LINES:
                    return None
                if number <= skip or (not opened and quote not in raw):
                    continue
                line = raw.rstrip("\r\n")
                i, at_field_start = 0, not opened
                while i <= len(line):
                    if opened:
                        j = line.find(quote, i)
                        if j < 0:
                            break  # the quoted field goes on to the next line
                        after = line[j + 1 : j + 2]
                        if after == quote:
                            i = j + 2  # a doubled quote inside the field
                        elif after in ("", delimiter):
                            opened, i, at_field_start = 0, j + 2, True
                        elif opened < number:
                            return LineProblem(opened, _QUOTE_NEVER_CLOSED)
                        else:  # "Bob" Smith: a stray quote, not one left open
                            opened, at_field_start = 0, False
                            i = j + 1
                    elif at_field_start and line[i : i + 1] == quote:
                        opened, i = number, i + 1
                    else:
                        j = line.find(delimiter, i)
                        if j < 0:
                            break
                        i, at_field_start = j + 1, True
    except OSError:
        return None
    return LineProblem(opened, _QUOTE_NEVER_CLOSED) if opened else None


_QUOTE_NEVER_CLOSED = "opens a quote that is never closed"


def _transcode(path: Path, copy: Path, codec: str, declared: Any) -> Path:
    """A UTF-8 copy of a text file in the declared encoding (streamed); one clear line if it is not."""
    import codecs

    decoder = codecs.getincrementaldecoder(codec)()
    done = 0
    try:
        with path.open("rb") as raw, copy.open("w", encoding="utf-8", newline="") as out:
            while chunk := raw.read(1 << 20):
                out.write(decoder.decode(chunk))
                done += len(chunk)
            out.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        where = _undecodable(path, codec) or f"byte {done + exc.start + 1:,}"
        raise SourceError(
            f"{path}: not {declared} text as declared ({where}); declare the encoding it was "
            "written in, e.g. --encoding windows-1252"
        ) from None
    return copy


def _check_utf16(path: Path, declared: Any) -> None:
    """UTF-16 text starts with a byte-order mark or has NUL bytes beside its ASCII characters."""
    with path.open("rb") as fh:
        start = fh.read(4096)
    if start and start[:2] not in (b"\xff\xfe", b"\xfe\xff") and b"\x00" not in start:
        raise SourceError(
            f"{path}: not {declared} text as declared (no byte-order mark, no UTF-16 characters); "
            "declare the encoding it was written in, e.g. --encoding utf-8"
        )


def _undecodable(path: Path, codec: str) -> str | None:
    """Where a file stops being text in ``codec``: 'line 3 has byte 0xe9'."""
    import codecs

    decoder = codecs.getincrementaldecoder(codec)()
    try:
        with path.open("rb") as fh:
            for number, line in enumerate(fh, start=1):
                try:
                    decoder.decode(line)
                except UnicodeDecodeError as exc:
                    return f"line {number} has byte 0x{line[exc.start]:02x}"
    except OSError:
        return None
    return None


DECIMAL_COMMA_NUMBER = r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?"
"""A number written with a decimal comma and, optionally, points between thousands: 1.234,56."""
CURRENCY_SIGNS = r"€|\$|£|¥|₹|CHF|EUR|USD|GBP|JPY|SEK|NOK|DKK|kr"


def _text_columns(conn: sa.Connection) -> list[str]:
    """The columns of ``src`` DuckDB read as text, in order."""
    return [
        str(name)
        for name, kind in conn.exec_driver_sql(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'src' ORDER BY ordinal_position"
        ).fetchall()
        if str(kind).upper() == "VARCHAR"
    ]


def _decimal_comma_numbers(conn: sa.Connection, tokens: Sequence[str]) -> None:
    """With the decimal declared as a comma: text columns of numbers written ``1.234,56`` or
    ``87,75 €`` (points between thousands, a currency sign) become number columns."""
    columns = _text_columns(conn)
    if not columns:
        return
    token_list = "[" + ", ".join(_sql_string(t) for t in tokens) + "]" if tokens else "[]"
    currency = _sql_string(rf"^({CURRENCY_SIGNS})\s*|\s*({CURRENCY_SIGNS})$")
    number = _sql_string(DECIMAL_COMMA_NUMBER)

    def bare(q: str) -> str:
        return f"regexp_replace(trim({q}), {currency}, '', 'g')"

    selects = []
    for c in columns:
        q = _quoted(c)
        other = (
            f"{q} IS NOT NULL AND trim({q}) <> '' AND NOT list_contains({token_list}, trim({q}))"
        )
        selects += [
            f"count(*) FILTER (WHERE {other})",
            f"count(*) FILTER (WHERE {other} AND regexp_full_match({bare(q)}, {number}))",
            f"count(*) FILTER (WHERE {other} AND contains({q}, ','))",
            f"count(*) FILTER (WHERE list_contains({token_list}, trim({q})))",
            f"count(*) FILTER (WHERE {other} AND {bare(q)} <> trim({q}))",
        ]
    row = conn.exec_driver_sql(f"SELECT {', '.join(selects)} FROM src").fetchone() or ()
    replaced = []
    for i, c in enumerate(columns):
        others, numbers, decimals, found_tokens, with_sign = row[5 * i : 5 * i + 5]
        if not others or numbers != others or not (decimals or with_sign):
            continue  # codes such as 01234 stay text: nothing says they are amounts
        q = _quoted(c)
        normal = f"replace(replace({bare(q)}, '.', ''), ',', '.')"
        if found_tokens:  # the missing-value step reads the tokens and types the column
            replaced.append(
                f"CASE WHEN regexp_full_match({bare(q)}, {number}) THEN {normal} ELSE {q} END AS {q}"
            )
        else:
            kind = "DOUBLE" if decimals else "BIGINT"
            replaced.append(f"TRY_CAST(NULLIF({normal}, '') AS {kind}) AS {q}")
    if replaced:
        conn.exec_driver_sql(
            f"CREATE TABLE src_numbers AS SELECT * REPLACE ({', '.join(replaced)}) FROM src"
        )
        conn.exec_driver_sql("DROP TABLE src")
        conn.exec_driver_sql("ALTER TABLE src_numbers RENAME TO src")


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
    columns = _text_columns(conn)
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


def folder_data_files(folder: Path) -> list[Path]:
    """The data files below ``folder``: every file of a known format, except what is not data.

    Hidden folders (``.git``, ``.dataready``) and the JSON files dataready itself reads or writes
    beside the data (expectation suites, scorecards) are left out: auditing a project's folder
    must not audit its suites as tables.
    """
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in FORMATS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and not _dataready_json(p)
    )


OWN_JSON_BYTES = 4 << 20
"""Suites and scorecards are small; a larger JSON file is data and is not opened to check."""


def _dataready_json(path: Path) -> bool:
    """Whether ``path`` is an expectation suite or a scorecard rather than data."""
    if path.suffix.lower() != ".json" or path.stat().st_size > OWN_JSON_BYTES:
        return False
    import json

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(document, dict) and (
        isinstance(document.get("expectations"), list)  # a Great Expectations suite
        or {"schema_version", "dataready_version", "checklist"} <= document.keys()  # a scorecard
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


def _lines_after(fh: Any, skip: int) -> Any:
    for _ in range(skip):
        fh.readline()
    return fh


def _likely_delimiter(path: Path, skip: int = 0) -> str | None:
    try:
        with path.open(encoding=_text_encoding(path), errors="replace") as fh:
            header = _lines_after(fh, skip).readline()
    except OSError:
        return None
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else None


def _header_fields(path: Path, delimiter: str, skip: int = 0) -> int:
    with path.open(encoding=_text_encoding(path), errors="replace", newline="") as fh:
        return len(next(csv.reader(_lines_after(fh, skip), delimiter=delimiter), []))


def _csv_problem(
    path: Path, delimiter: str | None = None, max_lines: int = 1_000_000, skip: int = 0
) -> str | None:
    """Locate the first row whose field count differs from the header's, for a precise message."""
    delimiter = delimiter or _likely_delimiter(path, skip) or ","
    try:
        with path.open(encoding=_text_encoding(path), errors="replace", newline="") as fh:
            reader = csv.reader(_lines_after(fh, skip), delimiter=delimiter)
            header = next(reader, None)
            if header is None:
                return "the file is empty"
            for reader_line, row in enumerate(reader, start=2):
                if reader_line > max_lines:
                    break
                if row and len(row) != len(header):
                    return f"line {reader.line_num + skip} has {len(row)} fields where the header has {len(header)}"
    except csv.Error as exc:
        return f"{exc}"
    return None
