"""Which connector handles a location. A new kind of source is one module plus one line here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dataready.connectors.base import Connector
from dataready.connectors.documents import DocumentsConnector
from dataready.connectors.files import FileConnector
from dataready.connectors.sql import SqlConnector

if TYPE_CHECKING:
    from dataready.config import SourceConfig
    from dataready.model import Source

# Tried in order; the first that accepts a location handles it.
CONNECTORS: tuple[type[Connector], ...] = (SqlConnector, DocumentsConnector, FileConnector)


def connector_class(location: str) -> type[Connector]:
    for cls in CONNECTORS:
        if cls.accepts(location):
            return cls
    raise LookupError(location)  # FileConnector accepts everything without a scheme


def expand(config: SourceConfig, root: Path) -> list[tuple[Source, Connector]]:
    """The concrete sources one configured entry stands for, each with its connector."""
    location = config.location
    if "://" not in location and not Path(location).expanduser().is_absolute():
        location = str(root / location)
    cls = connector_class(location)
    return [(source, cls(source, secret)) for source, secret in cls.expand(config, root)]
