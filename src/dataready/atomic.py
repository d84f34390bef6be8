"""Files written whole or not at all: a report, a suite or a profile replaces the old one only once complete.

Each is written into a temporary file in the same folder and renamed over the target, so an
interrupted or killed run leaves the previous file intact (and no half-written one).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_writer(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file handle whose content replaces ``path`` only once the block completes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        fh: IO[Any] = (
            os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8")
        )
        with fh:
            yield fh
        # mkstemp creates the file readable by its owner only; a report keeps the usual mode.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_writer(path) as fh:
        fh.write(text)
