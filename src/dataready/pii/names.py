"""Person-name columns, recognised from the column's name and the shape of its values.

A value such as "Anna Smith" has the shape of a name, but so do "Blue Widget" and "New York". The
column's name decides which question is asked: ``first_name`` or ``customer_name`` need only the
shape; a bare ``name`` needs the table to be about people too (its name, or other personal data in
it), and most values to be two or more capitalised words without digits or company suffixes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PERSON_COLUMN = re.compile(
    r"(^|_)(first|last|given|family|middle|maiden|full|sur|fore|nick|legal|display|birth)[-_ ]?name($|_)"
    r"|^(surname|forename|firstname|lastname|fullname|givenname|familyname|vorname|nachname|prenom|nom)$"
    r"|(^|_)(customer|contact|client|person|patient|employee|user|member|student|applicant|candidate|cardholder|"
    r"card_holder|account_holder|holder|recipient|sender|guest|passenger|traveller|traveler|buyer|driver|"
    r"parent|guardian|spouse|beneficiary|insured|subscriber|visitor|tenant|resident|signatory|author)[-_ ]?name($|_)",
    re.I,
)
GENERIC_NAME_COLUMN = re.compile(r"^(name|names|full name|person|person name|contact)$", re.I)
PEOPLE_TABLE = re.compile(
    r"customer|client|user|member|employee|staff|person|people|patient|contact|student|applicant|candidate|"
    r"subscriber|passenger|guest|lead|citizen|voter|donor|volunteer|tenant|resident|crm|payroll|hr\b|signup",
    re.I,
)

_PARTICLES = frozenset(
    (
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "du",
        "del",
        "della",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "ten",
        "ter",
        "y",
        "e",
        "st",
    )
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:['’\-][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)*|[A-ZÀ-ÖØ-Þ]\.?|(?:Mc|Mac|O['’])[A-Z][a-z]+)$"
)
_ORGANISATION = re.compile(
    r"\b(ltd|limited|inc|llc|llp|plc|gmbh|ag|s\.?a|sarl|bv|nv|corp|corporation|company|co|group|holdings|bank|"
    r"university|college|school|hospital|clinic|council|department|dept|team|services|solutions|systems|store|"
    r"shop|trust|foundation|association|club|hotel|restaurant|cafe|partners|international)\b\.?",
    re.I,
)

MIN_SHARE = 0.8
"""Share of values that must have a name's shape for the column to hold names."""


def name_shaped(value: str) -> bool:
    """One to five capitalised words (particles such as *van* or *de* allowed), no digits, no company words."""
    text = value.strip()
    if not text or len(text) > 80 or any(ch.isdigit() for ch in text) or "@" in text:
        return False
    if text.isupper():
        text = text.title()
    tokens = text.replace(",", " ").split()
    if not 1 <= len(tokens) <= 5 or _ORGANISATION.search(text):
        return False
    words = 0
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        if not _NAME_TOKEN.match(token):
            return False
        words += 1
    return words >= 1


def person_name_share(
    column: str, values: Sequence[str], weights: Sequence[int], *, people_context: bool
) -> float | None:
    """The share of values that are person names, if this is a column of person names; else None."""
    strong = bool(PERSON_COLUMN.search(column))
    if not strong and not (GENERIC_NAME_COLUMN.match(column.strip()) and people_context):
        return None
    total = sum(weights)
    if not total:
        return None
    shaped = [(v, w) for v, w in zip(values, weights, strict=True) if name_shaped(v)]
    share = sum(w for _v, w in shaped) / total
    if share < MIN_SHARE:
        return None
    if not strong:
        # "name" in a table of people: most names are first and last name, not one word.
        several = sum(w for v, w in shaped if len(v.split()) >= 2) / total
        if several < 0.5:
            return None
    return share
