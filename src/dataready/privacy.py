"""Masking of personal data in everything dataready shows.

Columns are treated as personal when declared so (sensitivity: personal/special) or when their
name says so; examples from them are masked unless the user asks for values explicitly.
"""

from __future__ import annotations

import re
from typing import Any

_PERSONAL_NAME = re.compile(
    r"e[-_]?mail|phone|mobile|tel(ephone)?$|fax|(first|last|full|given|family|sur|middle|maiden)[-_]?name|^name$|"
    r"customer[-_]?name|contact[-_]?name|address|street|postcode|post[-_]?code|zip|ssn|social[-_]?security|"
    r"national[-_]?id|passport|licen[cs]e|iban|account[-_]?(no|number)|card[-_]?(no|number)|credit[-_]?card|"
    r"birth|dob|ip[-_]?addr|^ip$|salary|tax[-_]?id|nino|gender|ethnic|religion|health|diagnos",
    re.I,
)
_EMAIL = re.compile(r"([\w.+-])[\w.+-]*@([\w-])[\w.-]*\.(\w+)")
_LONG_DIGITS = re.compile(r"\+?\d[\d ()-]{7,}\d")
MIN_MASKED_DIGITS = 9
"""Digit runs this long (cards, phones, IBAN tails, national ids) are masked; dates are not."""


def is_personal_column(name: str, declared: str | None = None) -> bool:
    """Whether examples from this column must be masked.

    A source declared ``special`` (special-category data) is masked throughout; otherwise the
    column's name decides, so that a country or status column of a personal table stays readable.
    """
    return declared == "special" or bool(_PERSONAL_NAME.search(name))


def mask(value: Any) -> str:
    """``jane.doe@example.com`` → ``j***@e***.com``; digits kept only at the end; other text by initials."""
    text = str(value)
    if _EMAIL.search(text):
        return _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}***.{m.group(3)}", text)
    if any(_is_number_run(m.group()) for m in _LONG_DIGITS.finditer(text)):
        return _mask_digits(text)
    if len(text) <= 1:
        return "*"
    return text[0] + "***"


def mask_text(text: str) -> str:
    """Mask e-mail addresses and long digit runs inside free text, leaving the rest readable."""
    text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}***.{m.group(3)}", text)
    return _mask_digits(text)


def _is_number_run(run: str) -> bool:
    return sum(ch.isdigit() for ch in run) >= MIN_MASKED_DIGITS


def _mask_digits(text: str) -> str:
    def hide(match: re.Match[str]) -> str:
        run = match.group()
        return "*" * (len(run) - 4) + run[-4:] if _is_number_run(run) else run

    return _LONG_DIGITS.sub(hide, text)
