"""The few exceptions dataready raises.

Data problems are never exceptions: they become findings. Only configuration and connection
problems raise, and each message says what is wrong and what to do about it.
"""

from __future__ import annotations

from dataready.exit_codes import ExitCode


class DatareadyError(Exception):
    """Base class: a one-line, user-facing message and the exit code the CLI maps it to."""

    exit_code: ExitCode = ExitCode.USAGE_ERROR


class ConfigError(DatareadyError):
    """The project file or the command line asks for something invalid."""

    exit_code = ExitCode.USAGE_ERROR


class SourceError(DatareadyError):
    """A source could not be reached or read."""

    exit_code = ExitCode.SOURCE_ERROR
