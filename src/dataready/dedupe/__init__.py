"""Duplicates and entity consistency: near-duplicate records, cross-source matching, category variants.

Nothing heavy is imported here; rapidfuzz, numpy and pyarrow load when a function runs.
"""

from __future__ import annotations

from dataready.dedupe.fields import Field, FieldKind, infer_fields

__all__ = ["Field", "FieldKind", "infer_fields"]
