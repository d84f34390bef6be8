"""The rows behind each finding, written as one CSV file per finding in long form.

``DIR/<source>/<check>[.<column>].csv``: the row's identity (the declared key, else its
``row_number`` in the file or its ``sample_row`` in the sample), then ``column`` and ``value``,
one line per affected cell. Lines starting with ``#`` above the header say which finding the file
belongs to, which rows it lists (all affected rows, or those of the sample), how rows are
identified, the SQL predicate selecting them where there is one, and whether the list was capped.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dataready.atomic import atomic_writer
from dataready.model import Finding, Scorecard


def header_lines(f: Finding) -> list[str]:
    rows = f.failed_rows
    assert rows is not None
    lines = [
        f"finding: {f.check} [{f.severity.value}] on {f.source}"
        + (f" ({', '.join(f.columns)})" if f.columns else "")
        + f": {f.message}",
        "rows: every affected row of the source"
        if rows.scope == "all"
        else f"rows: those of the audit's sample ({f.sample_size or 'every'} rows sampled; "
        f"{f.affected if f.affected is not None else 'an unknown number of'} affected in all)",
        rows.identity_note,
    ]
    if rows.predicate:
        lines.append(f"predicate: {rows.predicate}")
    if rows.capped:
        lines.append(
            f"capped: {len(rows.cells):,} of {rows.found:,} cells listed (--failed-rows-limit)"
        )
    return [f"# {line}" for line in lines]


def render(f: Finding) -> str:
    """One finding's cells as CSV text, with its header lines."""
    rows = f.failed_rows
    assert rows is not None
    out = io.StringIO()
    for line in header_lines(f):
        out.write(line.replace("\n", " ") + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*rows.identity, "column", "value"])
    for ids, column, value in rows.cells:
        writer.writerow(
            [*("" if v is None else v for v in ids), column, "" if value is None else value]
        )
    return out.getvalue()


def write(card: Scorecard, folder: Path) -> list[Path]:
    """Write every finding's rows under ``folder``; the files written."""
    written = []
    for f in card.findings:
        if f.failed_rows is None or f.failed_rows.file is None:
            continue
        path = folder / f.failed_rows.file
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path) as handle:
            handle.write(render(f))
        written.append(path)
    return written
