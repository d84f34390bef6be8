"""Regions: where a location says its data lives, and whether a region is one a use case allows.

Only what the location itself states is read (no service is asked): an AWS host
(``bucket.s3.eu-west-1.amazonaws.com``, ``db.x.eu-central-1.rds.amazonaws.com``), a
``location=``/``region=`` parameter (BigQuery, S3 URLs) or a Snowflake account identifier
(``xy12345.eu-central-1``, ``xy12345.west-europe.azure``; a bare locator is US West, Oregon).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qs, urlsplit

_AWS_REGION = re.compile(
    r"(?<![a-z0-9])((?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-"
    r"(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d)(?![0-9])"
)
_REGION_PARAMETERS = ("region", "location", "s3_region", "aws_region")
_SNOWFLAKE_CLOUDS = ("aws", "azure", "gcp")
_SNOWFLAKE_LOCATOR = re.compile(r"[a-z]{2}\d{5}")
_FAMILIES = {"eu": ("eu", "europe"), "us": ("us",), "asia": ("asia", "ap")}
"""Region prefixes that name one area across clouds: ``eu`` allows ``eu-west-1`` and ``europe-west4``."""


def region_of_location(location: str) -> str | None:
    """The region a location states, lower-case, or None when it does not say."""
    if "://" not in location:
        return None
    try:
        parts = urlsplit(location)
    except ValueError:
        return None
    for name, values in parse_qs(parts.query).items():
        if name.lower() in _REGION_PARAMETERS and values and values[0].strip():
            return values[0].strip().lower()
    host = (parts.hostname or "").lower()
    scheme = parts.scheme.lower().split("+")[0]
    if scheme == "snowflake":
        return _snowflake_region(host)
    if host.endswith(".amazonaws.com"):
        found = _AWS_REGION.search(host)
        if found:
            return found.group(1)
        if re.search(r"(?:^|\.)s3(?:-external-1)?\.amazonaws\.com$", host):
            return "us-east-1"  # S3's global endpoint is in US East (N. Virginia)
    return None


def _snowflake_region(host: str) -> str | None:
    host = host.removesuffix(".snowflakecomputing.com").removesuffix(".privatelink")
    labels = host.split(".")
    if len(labels) >= 2 and labels[1]:
        return labels[1]
    if _SNOWFLAKE_LOCATOR.fullmatch(labels[0]):
        return "us-west-2"  # a bare account locator is an account in US West (Oregon)
    return None  # an organisation-account name does not say where the account is


def region_allowed(region: str, allowed: Sequence[str]) -> bool:
    """Whether ``region`` is one of ``allowed`` or inside one of them (``eu`` holds ``eu-west-1``)."""
    region = region.lower()
    for area in allowed:
        area = area.lower()
        for prefix in _FAMILIES.get(area, (area,)):
            if region == prefix or region.startswith(prefix + "-"):
                return True
    return False


def same_region(declared: str, found: str) -> bool:
    """Whether a declared region agrees with the one a location states (a declared area may hold it)."""
    return region_allowed(found, [declared])
