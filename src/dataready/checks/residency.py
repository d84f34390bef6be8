"""Residency: personal data kept where the use case allows it (``use_case.allowed_regions``).

A source's region is what its location states (an AWS host, a ``location=`` parameter, a
Snowflake account), else what dataready.yml declares (``region:``). ``data_residency`` (blocker):
personal data in a region the use case does not allow. ``region_undeclared`` (warning): the use
case restricts regions and the source declares none. ``region_mismatch`` (warning): the declared
region is not the one the location states.
"""

from __future__ import annotations

from typing import ClassVar

from dataready.checks.access import personal_reason
from dataready.checks.base import Check
from dataready.model import Basis, Dimension, Finding, Measurement, Severity
from dataready.vocabulary.regions import region_allowed, region_of_location, same_region


def _found(m: Measurement) -> str | None:
    return region_of_location(m.source.location)


def _owner(m: Measurement) -> str:
    return m.source.owner or "The owner (none declared yet)"


class _ResidencyCheck(Check):
    dimension: ClassVar[Dimension] = Dimension.PRIVACY

    def applies(self, m: Measurement) -> bool:
        return m.source.allowed_regions is not None or m.source.region is not None


class DataResidency(_ResidencyCheck):
    """Personal data in a region the use case does not allow."""

    name: ClassVar[str] = "data_residency"

    def applies(self, m: Measurement) -> bool:
        return m.source.allowed_regions is not None

    def run(self, m: Measurement) -> list[Finding]:
        allowed = m.source.allowed_regions
        found = _found(m)
        region = found or m.source.region
        if allowed is None or region is None or region_allowed(region, allowed):
            return []
        reason = personal_reason(m)
        if reason is None:
            return []
        how = "its location says" if found else "declared"
        return [
            self.finding(
                m,
                Severity.BLOCKER,
                f"holds personal data ({reason}) in {region} ({how}), outside the regions the use "
                f"case allows: {', '.join(allowed)}",
                measured={"region": region, "from": "location" if found else "declared"},
                threshold={"allowed_regions": list(allowed)},
                basis=Basis.METADATA,
                action=(
                    f"{_owner(m)}: use a copy kept in {' or '.join(allowed)}, or remove the personal "
                    "data before it leaves the region; if the use case may use this region, add it to "
                    "use_case.allowed_regions after a transfer assessment"
                ),
                effort="L",
            )
        ]


class RegionUndeclared(_ResidencyCheck):
    """The use case restricts regions and the source does not say where it lives."""

    name: ClassVar[str] = "region_undeclared"

    def applies(self, m: Measurement) -> bool:
        return m.source.allowed_regions is not None

    def run(self, m: Measurement) -> list[Finding]:
        if m.source.allowed_regions is None or m.source.region is not None:
            return []
        found = _found(m)
        seen = f"; its location says {found}" if found else ""
        return [
            self.finding(
                m,
                Severity.WARNING,
                f"no region declared, and the use case allows only {', '.join(m.source.allowed_regions)}{seen}",
                measured={"region": None, "location_region": found},
                threshold={"allowed_regions": list(m.source.allowed_regions)},
                basis=Basis.METADATA,
                action=f"{_owner(m)}: declare where the data lives (region: {found or 'eu-west-1'}) in dataready.yml",
                effort="S",
            )
        ]


class RegionMismatch(_ResidencyCheck):
    """The declared region is not the one the location states."""

    name: ClassVar[str] = "region_mismatch"

    def run(self, m: Measurement) -> list[Finding]:
        declared, found = m.source.region, _found(m)
        if declared is None or found is None or same_region(declared, found):
            return []
        return [
            self.finding(
                m,
                Severity.WARNING,
                f"declared region {declared}, but its location says {found}",
                measured={"declared": declared, "location_region": found},
                threshold=declared,
                basis=Basis.METADATA,
                action=f"{_owner(m)}: check where the data lives and correct region: in dataready.yml",
                effort="S",
            )
        ]


CHECKS = (DataResidency(), RegionUndeclared(), RegionMismatch())
