"""Rendering: one module per output format. Nothing outside this package formats results."""

from __future__ import annotations

FORMATS = ("terminal", "json", "markdown", "html")
