"""Every exit code the ``dataready`` command can return, in one place.

The library never exits; only ``cli.py`` maps results and errors to these codes.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    READY = 0
    """The audit ran and the data is ready (or ready with conditions) and above ``--fail-under``."""
    NOT_READY = 1
    """The audit ran and the data is not ready, or its score is below ``--fail-under``."""
    USAGE_ERROR = 2
    """Bad command-line usage or an invalid ``dataready.yml``: nothing was audited."""
    SOURCE_ERROR = 3
    """A source could not be read (missing file, malformed data, unreachable database, ...)."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C (SIGINT); statements still running in PostgreSQL were cancelled."""
    TERMINATED = 143
    """Stopped by SIGTERM (a cancelled CI job, ``kill``): handled like Ctrl-C, statements cancelled.

    No report is written by an interrupted or terminated run; an earlier report stays as it was.
    """
