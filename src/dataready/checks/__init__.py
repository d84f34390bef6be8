"""Checks: one module per family; DEFAULT_CHECKS is the order they run in."""

from __future__ import annotations

from dataready.checks import (
    completeness,
    consistency,
    freshness,
    inventory,
    ownership,
    uniqueness,
    validity,
)
from dataready.checks.base import Check

DEFAULT_CHECKS: tuple[Check, ...] = (
    *inventory.CHECKS,
    *ownership.CHECKS,
    *completeness.CHECKS,
    *validity.CHECKS,
    *consistency.CHECKS,
    *uniqueness.CHECKS,
    *freshness.CHECKS,
)

__all__ = ["DEFAULT_CHECKS", "Check"]
