"""The version and the distribution name, in one place: package metadata, reports and hints read them."""

__version__ = "0.1.0"

DISTRIBUTION = "dataready-audit"
"""The name to install from the package index. The import package and the command are both
``dataready``; the index's ``dataready`` is an unrelated project and must never be suggested."""


def install_hint(extra: str) -> str:
    """What to run to install an optional part, e.g. ``pip install 'dataready-audit[profile]'``."""
    return f"pip install '{DISTRIBUTION}[{extra}]'"
