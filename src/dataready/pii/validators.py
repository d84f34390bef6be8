"""Checksums and structural rules that tell real identifiers from look-alikes.

Every function takes the candidate text as written and answers True or False; none raises. They
are cheap (pure Python over at most a few dozen characters) and run only on regex candidates.
"""

from __future__ import annotations

import datetime as dt
import re

# Issuer identification: the prefixes and lengths card schemes issue (Visa, Mastercard, American
# Express, Discover, Diners Club, JCB, UnionPay, Maestro). A Luhn-valid number outside them is an
# account, order or tracking number, not a card.
_CARD_SCHEMES = re.compile(
    r"4\d{12}(?:\d{3}){0,2}"
    r"|(?:5[1-5]\d\d|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)\d{12}"
    r"|3[47]\d{13}"
    r"|(?:6011|64[4-9]\d|65\d\d)\d{12,15}"
    r"|(?:30[0-5]|3[689]\d)\d{10,15}"
    r"|35(?:2[89]|[3-8]\d)\d{12,15}"
    r"|62\d{14,17}"
    r"|(?:50|5[6-8]|67)\d{11,17}"
)

# ISO 13616 IBAN lengths by country (SWIFT IBAN registry).
IBAN_LENGTHS = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BG": 22,
    "BH": 22,
    "BI": 27,
    "BR": 29,
    "BY": 28,
    "CH": 21,
    "CR": 22,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DJ": 27,
    "DK": 18,
    "DO": 28,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FK": 18,
    "FO": 18,
    "FR": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GR": 27,
    "GT": 28,
    "HN": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "LY": 25,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MK": 19,
    "MN": 20,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "NI": 28,
    "NL": 18,
    "NO": 15,
    "OM": 23,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "RU": 33,
    "SA": 24,
    "SC": 31,
    "SD": 18,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "SO": 23,
    "ST": 25,
    "SV": 28,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
    "YE": 30,
}

# Prefixes HMRC never issues as National Insurance numbers.
_NINO_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_NINO = re.compile(r"^([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])(\d{6})([A-D])$")

# Postcode areas of the United Kingdom and Crown Dependencies: a format-valid code outside them is
# a product or reference code.
UK_POSTCODE_AREAS = frozenset(
    (
        "AB",
        "AL",
        "B",
        "BA",
        "BB",
        "BD",
        "BF",
        "BH",
        "BL",
        "BN",
        "BR",
        "BS",
        "BT",
        "CA",
        "CB",
        "CF",
        "CH",
        "CM",
        "CO",
        "CR",
        "CT",
        "CV",
        "CW",
        "DA",
        "DD",
        "DE",
        "DG",
        "DH",
        "DL",
        "DN",
        "DT",
        "DY",
        "E",
        "EC",
        "EH",
        "EN",
        "EX",
        "FK",
        "FY",
        "G",
        "GL",
        "GU",
        "GY",
        "HA",
        "HD",
        "HG",
        "HP",
        "HR",
        "HS",
        "HU",
        "HX",
        "IG",
        "IM",
        "IP",
        "IV",
        "JE",
        "KA",
        "KT",
        "KW",
        "KY",
        "L",
        "LA",
        "LD",
        "LE",
        "LL",
        "LN",
        "LS",
        "LU",
        "M",
        "ME",
        "MK",
        "ML",
        "N",
        "NE",
        "NG",
        "NN",
        "NP",
        "NR",
        "NW",
        "OL",
        "OX",
        "PA",
        "PE",
        "PH",
        "PL",
        "PO",
        "PR",
        "RG",
        "RH",
        "RM",
        "S",
        "SA",
        "SE",
        "SG",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SP",
        "SR",
        "SS",
        "ST",
        "SW",
        "SY",
        "TA",
        "TD",
        "TF",
        "TN",
        "TQ",
        "TR",
        "TS",
        "TW",
        "UB",
        "W",
        "WA",
        "WC",
        "WD",
        "WF",
        "WN",
        "WR",
        "WS",
        "WV",
        "YO",
        "ZE",
    )
)
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})$")

# Numbers the US Social Security Administration never issued, or that were published as examples.
_SSN_PUBLISHED = {"078051120", "219099999", "123456789"}


def digits(text: str) -> str:
    return text if text.isdigit() else "".join(ch for ch in text if ch.isdigit())


def luhn(number: str) -> bool:
    """The Luhn (mod 10) check every payment card number passes."""
    ds = digits(number)
    if not ds:
        return False
    total = 0
    for i, ch in enumerate(reversed(ds)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_scheme_matches(number: str) -> bool:
    """Whether some card scheme issues numbers with this prefix and length."""
    return bool(_CARD_SCHEMES.fullmatch(digits(number)))


def payment_card(number: str) -> bool:
    ds = digits(number)
    return 13 <= len(ds) <= 19 and len(set(ds)) > 1 and card_scheme_matches(ds) and luhn(ds)


def mod97(text: str) -> bool:
    """ISO 7064 MOD 97-10 over letters (A=10 … Z=35) and digits, as IBANs use it."""
    compact = re.sub(r"[\s-]", "", text).upper()
    if len(compact) < 5 or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    remainder = 0
    for ch in rearranged:
        value = int(ch, 36)
        remainder = (remainder * (100 if value > 9 else 10) + value) % 97
    return remainder == 1


def iban(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    expected = IBAN_LENGTHS.get(compact[:2])
    return (
        expected is not None
        and len(compact) == expected
        and compact[2:4].isdigit()
        and mod97(compact)
    )


def uk_nino(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    match = _NINO.match(compact)
    return bool(match) and match.group(1) not in _NINO_BAD_PREFIXES  # type: ignore[union-attr]


def us_ssn(text: str) -> bool:
    ds = digits(text)
    if len(ds) != 9 or ds in _SSN_PUBLISHED:
        return False
    area, group, serial = ds[:3], ds[3:5], ds[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def uk_postcode(text: str) -> bool:
    match = _UK_POSTCODE.match(text.strip().upper())
    return bool(match) and match.group(1) in UK_POSTCODE_AREAS  # type: ignore[union-attr]


def ipv4(text: str) -> bool:
    parts = text.split(".")
    if len(parts) != 4 or any(not p.isdigit() or (len(p) > 1 and p[0] == "0") for p in parts):
        return False
    octets = [int(p) for p in parts]
    # 0/8 (this network), 127/8 (loopback) and 224+ (multicast, reserved, netmasks) name no device.
    return all(o <= 255 for o in octets) and octets[0] not in (0, 127) and octets[0] < 224


def ipv6(text: str) -> bool:
    import ipaddress

    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return not (address.is_loopback or address.is_unspecified or address.is_multicast)


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def parse_date(text: str) -> dt.date | None:
    """A calendar date from the common written forms (ISO, D/M/Y or M/D/Y, day-month names), else None."""
    t = text.strip().lower().replace(",", " ")
    m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", t)
    candidates: list[tuple[int, int, int]] = []
    if m:
        candidates.append((int(m[1]), int(m[2]), int(m[3])))
    elif m := re.match(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$", t):
        year = int(m[3]) if len(m[3]) == 4 else 1900 + int(m[3])
        candidates += [(year, int(m[2]), int(m[1])), (year, int(m[1]), int(m[2]))]
    elif m := re.match(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?\s+(\d{4})$", t):
        if m[2] in _MONTHS:
            candidates.append((int(m[3]), _MONTHS[m[2]], int(m[1])))
    elif (m := re.match(r"^([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})$", t)) and m[
        1
    ] in _MONTHS:
        candidates.append((int(m[3]), _MONTHS[m[1]], int(m[2])))
    for year, month, day in candidates:
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def birth_date(text: str, today: dt.date | None = None) -> bool:
    """A real date that a living person could have been born on (0 to 120 years ago)."""
    date = parse_date(text)
    if date is None:
        return False
    today = today or dt.date.today()
    return (
        today.replace(year=today.year - 120) <= date <= today
        if not (today.month == 2 and today.day == 29)
        else (dt.date(today.year - 120, 3, 1) <= date <= today)
    )


def phone(text: str, *, national: bool = True) -> bool:
    """A number valid in its numbering plan (international form, or national form in a common region)."""
    from dataready.pii.phones import valid_phone

    return valid_phone(text, national=national)


BUILTIN: dict[str, object] = {
    "luhn": luhn,
    "mod97": mod97,
    "iban": iban,
    "payment_card": payment_card,
    "uk_nino": uk_nino,
    "us_ssn": us_ssn,
    "uk_postcode": uk_postcode,
    "ipv4": ipv4,
    "ipv6": ipv6,
    "date_of_birth": birth_date,
    "phone": phone,
}
"""Validators a custom detector in dataready.yml may name."""
