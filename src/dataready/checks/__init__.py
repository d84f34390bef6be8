"""Checks: one module per family; DEFAULT_CHECKS is the order they run in."""

from __future__ import annotations

from collections.abc import Sequence

from dataready.checks import (
    access,
    codes,
    completeness,
    composite,
    consistency,
    dependencies,
    duplicates,
    freshness,
    grounding,
    inventory,
    labels,
    numbers,
    ownership,
    privacy,
    residency,
    shapes,
    uniqueness,
    units,
    validity,
)
from dataready.checks.base import Check
from dataready.checks.project import ProjectCheck

DEFAULT_CHECKS: tuple[Check, ...] = (
    *inventory.CHECKS,
    *ownership.CHECKS,
    *completeness.CHECKS,
    *validity.CHECKS,
    *units.CHECKS,
    *shapes.CHECKS,
    *codes.CHECKS,
    *numbers.CHECKS,
    *composite.CHECKS,
    *consistency.CHECKS,
    *dependencies.CHECKS,
    *uniqueness.CHECKS,
    *duplicates.CHECKS,
    *freshness.CHECKS,
    *labels.CHECKS,
    *grounding.CHECKS,
    *privacy.CHECKS,
    *access.CHECKS,
    *residency.CHECKS,
)

PROJECT_CHECKS: tuple[ProjectCheck, ...] = (*duplicates.PROJECT_CHECKS, *access.PROJECT_CHECKS)
"""Checks over several sources of a project, run on each source against the ones before it."""

__all__ = ["DEFAULT_CHECKS", "PROJECT_CHECKS", "Check", "ProjectCheck", "check_names"]


def check_names(
    checks: Sequence[Check | ProjectCheck] = (*DEFAULT_CHECKS, *PROJECT_CHECKS),
) -> list[tuple[str, str]]:
    """(check, dimension) of each check, for reports that list the checks that found nothing."""
    return [(c.name, c.dimension.value) for c in checks]
