"""Phone numbers, validated against each country's numbering plan by ``phonenumbers``.

A regex finds digit runs; the numbering plan decides. International numbers (``+44 …``,
``0044 …``) are checked in their own country. National numbers need a region: those written with
a trunk prefix (``020 7946 0958``, ``06 12 34 56 78``) are tried in the regions below, and ten-digit
North American numbers in the US and Canada. Dates, IP addresses and decimals are ruled out first.
"""

from __future__ import annotations

import re
from functools import lru_cache

TRUNK_REGIONS = ("GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "IT", "AU", "NZ")
"""Regions whose national numbers start with a trunk 0 (Italy keeps its 0 in the number)."""
NANP_REGIONS = ("US", "CA")

_SEPARATORS = re.compile(r"[\s().\-/]")
_DATE_LIKE = re.compile(
    r"^\(?(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2}))\)?$"
)
_DOTTED_QUAD = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_NANP = re.compile(r"^(?:\+?1[ .\-]?)?\(?[2-9]\d{2}\)?[ .\-]?[2-9]\d{2}[ .\-]?\d{4}$")


def is_formatted(text: str) -> bool:
    """Written the way people write phone numbers: with spaces, dashes, dots or brackets."""
    return bool(_SEPARATORS.search(text.strip()))


def plausible_shape(text: str) -> bool:
    """Cheap tests before the numbering plan: digit count, and not a date or an address."""
    t = text.strip()
    count = sum(ch.isdigit() for ch in t)
    if not 7 <= count <= 15:
        return False
    return not (_DATE_LIKE.match(t) or _DOTTED_QUAD.match(t))


@lru_cache(maxsize=65_536)
def valid_phone(text: str, *, national: bool = True, assume_international: bool = False) -> bool:
    """Whether ``text`` is a valid phone number.

    ``assume_international`` reads a bare digit run (``447700900123``) as if it began with ``+``:
    right for a column of phone numbers, wrong for free text.
    """
    import phonenumbers

    t = text.strip()
    if not plausible_shape(t):
        return False
    compact = _SEPARATORS.sub("", t)
    if compact.startswith("00") and not compact.startswith("000"):
        t, compact = "+" + t.lstrip("( ")[2:], "+" + compact[2:]
    candidates: list[tuple[str, str | None]] = []
    if compact.startswith("+"):
        candidates.append((t, None))
    elif national and compact.startswith("0"):
        candidates.extend((t, region) for region in TRUNK_REGIONS)
    elif national and _NANP.match(t):
        candidates.extend((t, region) for region in NANP_REGIONS)
    elif assume_international and compact.isdigit():
        candidates.append(("+" + compact, None))
    for number, region in candidates:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return True
    return False
