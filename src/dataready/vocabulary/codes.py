"""Standard code systems a column may hold, recognised from its values (lists from ``pycountry``).

A column of codes is recognised by what its values are, never by its name: when nearly all of
its values (weighted by how often they occur) are members of one system, the rest are codes
outside that system. ISO 3166-1 alpha-2, alpha-3 and numeric, ISO 4217 currencies, ISO 639-1
and ISO 639-2 languages (the languages with a two-letter code), and US state postal codes
(states, the District of Columbia and the outlying areas such as PR and GU).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

RECOGNISED_SHARE = 0.9
"""Share of a column's values (by count) that must belong to a system for it to be that system."""
RECOGNISED_MIN_MEMBERS = 5
"""Distinct members needed: three country codes are not yet evidence of a country-code column."""

# ISO 3166 "exceptionally reserved" codes people still type for a country (the standard reserves
# them so that they never name anything else): UK for the United Kingdom, EL for Greece.
_RESERVED = {"UK": "GB", "EL": "GR"}


@dataclass(frozen=True)
class CodeSystem:
    name: str
    members: frozenset[str]

    def intended(self, value: str) -> str | None:
        """The member ``value`` most likely stands for, where one is clear."""
        return _intended(self.name, value)


@lru_cache(maxsize=1)
def code_systems() -> tuple[CodeSystem, ...]:
    import pycountry

    countries = list(pycountry.countries)
    languages = [lang for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    states = [
        s.code.split("-", 1)[1]
        for s in pycountry.subdivisions.get(country_code="US") or ()
        if s.type in ("State", "District", "Outlying area")
    ]
    return (
        CodeSystem("ISO 3166-1 alpha-3 country code", frozenset(c.alpha_3 for c in countries)),
        CodeSystem("ISO 3166-1 alpha-2 country code", frozenset(c.alpha_2 for c in countries)),
        CodeSystem("ISO 3166-1 numeric country code", frozenset(c.numeric for c in countries)),
        CodeSystem("ISO 4217 currency code", frozenset(c.alpha_3 for c in pycountry.currencies)),
        CodeSystem("US state code", frozenset(states)),
        CodeSystem("ISO 639-1 language code", frozenset(lang.alpha_2 for lang in languages)),
        CodeSystem(
            "ISO 639-2 language code",
            frozenset(
                code
                for lang in languages
                for code in (lang.alpha_3, getattr(lang, "bibliographic", None))
                if code
            ),
        ),
    )


def recognise(counts: Sequence[tuple[str, int]]) -> CodeSystem | None:
    """The code system a column's values (with their counts) belong to, if one is clear.

    Several systems share short codes (``CA`` is a country, a state and a language): the one
    holding the largest share wins, and a tie goes to the first listed (countries before states
    before languages, the order of how often each is met in tables).
    """
    total = sum(n for _v, n in counts)
    if not total:
        return None
    best: tuple[float, CodeSystem] | None = None
    for system in code_systems():
        inside = [(v, n) for v, n in counts if v in system.members]
        share = sum(n for _v, n in inside) / total
        recognised = share >= RECOGNISED_SHARE and len(inside) >= RECOGNISED_MIN_MEMBERS
        if recognised and (best is None or share > best[0]):
            best = (share, system)
    return None if best is None else best[1]


def outside(system: CodeSystem, values: Iterable[str]) -> list[str]:
    return [v for v in values if v not in system.members]


def _intended(system: str, value: str) -> str | None:
    import pycountry

    cleaned = value.strip().upper()
    if "alpha-2" in system or "alpha-3" in system or "numeric" in system:
        cleaned = _RESERVED.get(cleaned, cleaned)
        try:
            country = pycountry.countries.lookup(cleaned)
        except LookupError:
            return None
        if "alpha-3" in system:
            return str(country.alpha_3)
        if "alpha-2" in system:
            return str(country.alpha_2)
        return str(country.numeric)
    for s in code_systems():
        if s.name == system and cleaned in s.members:
            return cleaned
        if s.name == system and value.strip().lower() in s.members:
            return value.strip().lower()
    return None
