"""The JSON scorecard: a versioned document described by ``schema/scorecard.schema.json``."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from dataready.model import Scorecard


def render(card: Scorecard) -> str:
    return json.dumps(card.to_dict(), indent=2, ensure_ascii=False) + "\n"


def schema() -> dict[str, Any]:
    """The published JSON Schema of :func:`render`'s output."""
    text = (
        resources.files("dataready")
        .joinpath("schema/scorecard.schema.json")
        .read_text(encoding="utf-8")
    )
    result: dict[str, Any] = json.loads(text)
    return result
