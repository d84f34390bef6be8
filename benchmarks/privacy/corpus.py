"""A labelled corpus of personal data and look-alikes, generated from a seed.

    python benchmarks/privacy/corpus.py --values 2000 --out corpus.jsonl   # writes it, for inspection

Two parts:

- **free text**: sentences such as support tickets, notes and messages, each with zero to two
  planted personal values and their exact spans, in several national formats (UK, US, German,
  French, Irish, Dutch phone numbers; six IBAN countries; four card schemes; ISO, European and
  written dates …), and sentences holding only **look-alikes** that no detector may flag: 16-digit
  order numbers that fail the Luhn check, IBAN-shaped references with a wrong checksum, dates that
  are not birth dates, version and build numbers, ISBNs, tracking numbers, invalid SSN and NINO
  shapes, asset names with ``@2x``, generic salutations;
- **structured columns**: a customer table (e-mail, phone, card, IBAN, IP, NINO, SSN, birth date,
  postcode, address, first/last/full name) and columns of look-alikes (order numbers, references,
  event dates, product names, cities, versions, SKUs, amounts), each labelled with the kinds it holds.

Values are drawn the way the real ones are made: cards and IBANs get correct check digits, phone
numbers come from each country's numbering plan (a drawn number is kept when the plan allocates it,
as libphonenumber's metadata records), names and streets from lists of common ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import json
import random
import string
from dataclasses import asdict, dataclass, field
from pathlib import Path

FIRST = [
    "Anna",
    "James",
    "Olivia",
    "Mohammed",
    "Sophie",
    "Lukas",
    "Camille",
    "Mateo",
    "Aoife",
    "Priya",
    "Wei",
    "Emma",
    "Noah",
    "Chloé",
    "Jörg",
    "Siobhan",
    "Kwame",
    "Elena",
    "Tomás",
    "Yuki",
    "Fatima",
    "Daniel",
    "Hannah",
    "Pierre",
    "Ingrid",
    "Rahul",
    "Grace",
    "Liam",
    "Zoë",
    "Omar",
]
LAST = [
    "Smith",
    "Jones",
    "Müller",
    "Dubois",
    "García",
    "O'Brien",
    "Patel",
    "Nguyen",
    "Schmidt",
    "Rossi",
    "Kowalski",
    "Johnson",
    "Martin",
    "Byrne",
    "van der Berg",
    "Williams",
    "Okafor",
    "Fischer",
    "Lefèvre",
    "Murphy",
    "Khan",
    "Andersson",
    "McDonald",
    "Brown",
    "Taylor",
    "Wilson",
    "Moreau",
    "Weber",
    "Silva",
    "Lee",
]
DOMAINS = [
    "gmail.com",
    "outlook.com",
    "yahoo.co.uk",
    "web.de",
    "orange.fr",
    "acme-corp.com",
    "mail.example.org",
    "uni-heidelberg.de",
    "proton.me",
    "company.ie",
    "btinternet.com",
    "icloud.com",
]
STREETS = [
    "Baker",
    "High",
    "Church",
    "Station",
    "Victoria",
    "Green",
    "Park",
    "Mill",
    "King",
    "Queen",
    "Oak",
    "Maple",
    "Elm",
    "Washington",
    "Lincoln",
    "Castle",
]
STREET_TYPES = [
    "Street",
    "Road",
    "Avenue",
    "Lane",
    "Drive",
    "Close",
    "Way",
    "Court",
    "Place",
    "Terrace",
]
DE_STREETS = ["Haupt", "Bahnhof", "Schiller", "Goethe", "Linden", "Berliner", "Garten", "Kirch"]
FR_STREETS = ["de la Paix", "du Commerce", "des Lilas", "Victor Hugo", "de Rivoli", "Saint-Honoré"]
CITIES = [
    "London",
    "Manchester",
    "Berlin",
    "Paris",
    "Dublin",
    "Amsterdam",
    "New York",
    "Toronto",
    "Madrid",
    "Leeds",
]
UK_AREAS = [
    "SW",
    "NW",
    "E",
    "EC",
    "W",
    "M",
    "B",
    "LS",
    "G",
    "EH",
    "CF",
    "BS",
    "OX",
    "CB",
    "NE",
    "L",
    "S",
    "BT",
]
US_STATES = [
    ("NY", "100"),
    ("CA", "941"),
    ("TX", "750"),
    ("IL", "606"),
    ("MA", "021"),
    ("WA", "981"),
]
US_AREA_CODES = [
    "212",
    "213",
    "310",
    "312",
    "415",
    "617",
    "646",
    "702",
    "713",
    "206",
    "303",
    "404",
    "305",
    "503",
    "602",
]
PRODUCTS = [
    "Blue Widget",
    "Deluxe Kettle",
    "Garden Hose",
    "Travel Mug",
    "Desk Lamp",
    "Office Chair",
    "Winter Jacket",
    "Yoga Mat",
    "Coffee Grinder",
    "Phone Case",
]

KINDS = (
    "email",
    "phone",
    "payment_card",
    "iban",
    "ip_address",
    "uk_nino",
    "us_ssn",
    "date_of_birth",
    "postcode",
    "street_address",
    "person_name",
)


@dataclass
class Sample:
    """One free-text value: its text, the planted personal data, and whether it holds a look-alike."""

    text: str
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    lookalike: str | None = None
    """The look-alike family planted in it, if any: nothing in it may be flagged but ``spans``."""


@dataclass
class Column:
    name: str
    kinds: tuple[str, ...]
    """The personal-data kinds the column holds (empty for a look-alike column)."""
    values: list[str]


# --- values ---------------------------------------------------------------------------------------


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    brand = rng.choice(["visa", "mastercard", "amex", "discover", "mastercard2"])
    if brand == "amex":
        body = rng.choice(["34", "37"]) + _digits(rng, 12)
        number = body + luhn_digit(body)
        return rng.choice(
            [
                f"{number[:4]} {number[4:10]} {number[10:]}",
                number,
                f"{number[:4]}-{number[4:10]}-{number[10:]}",
            ]
        )
    prefix = {
        "visa": "4",
        "mastercard": f"5{rng.randint(1, 5)}",
        "discover": "6011",
        "mastercard2": str(rng.randint(2221, 2720)),
    }[brand]
    body = prefix + _digits(rng, 15 - len(prefix))
    number = body + luhn_digit(body)
    groups = [number[i : i + 4] for i in range(0, 16, 4)]
    return rng.choice([" ".join(groups), "-".join(groups), number])


def order_number_failing_luhn(rng: random.Random) -> str:
    """16 digits with a card-like prefix whose check digit is wrong: the classic false alarm."""
    body = rng.choice(["4", "5", "6011", "37"]) + _digits(rng, 13)
    body = body[:15]
    wrong = str((int(luhn_digit(body)) + rng.randint(1, 9)) % 10)
    number = body + wrong
    return rng.choice([number, " ".join(number[i : i + 4] for i in range(0, 16, 4))])


def _mod97(text: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in text)) % 97


IBAN_FORMATS = {
    "GB": "4L14D",
    "DE": "18D",
    "FR": "10D11A2D",
    "NL": "4L10D",
    "ES": "20D",
    "IT": "1L10D12A",
    "IE": "4L14D",
}


def _bban(rng: random.Random, country: str) -> str:
    out, fmt, i = [], IBAN_FORMATS[country], 0
    while i < len(fmt):
        j = i
        while fmt[j].isdigit():
            j += 1
        count, kind = int(fmt[i:j]), fmt[j]
        alphabet = {
            "L": string.ascii_uppercase,
            "D": string.digits,
            "A": string.ascii_uppercase + string.digits,
        }[kind]
        out.append("".join(rng.choice(alphabet) for _ in range(count)))
        i = j + 1
    return "".join(out)


def iban(rng: random.Random, *, valid: bool = True) -> str:
    country = rng.choice(list(IBAN_FORMATS))
    bban = _bban(rng, country)
    check = 98 - _mod97(bban + country + "00")
    if not valid:
        check = (check + rng.randint(1, 50)) % 97 + 2
        check = check if check <= 98 else 2
    compact = f"{country}{check:02d}{bban}"
    if (
        not valid and _mod97(compact[4:] + compact[:4]) == 1
    ):  # the nudge landed on a valid one: move again
        return iban(rng, valid=False)
    return rng.choice([compact, " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))])


def phone(rng: random.Random) -> str:
    import phonenumbers

    while True:
        country = rng.choice(["GB", "GB", "US", "US", "DE", "FR", "IE", "NL"])
        text = _phone_text(rng, country)
        region = None if text.startswith("+") else country
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(text, region)):
                return text
        except phonenumbers.NumberParseException:
            continue


def _phone_text(rng: random.Random, country: str) -> str:
    d = lambda n: _digits(rng, n)  # noqa: E731
    if country == "GB":
        mobile = f"7{rng.randint(4, 9)}{d(2)}"
        return rng.choice(
            [
                f"0{mobile} {d(6)}",
                f"+44 {mobile} {d(6)}",
                f"+44 (0){mobile} {d(6)}",
                f"020 {rng.randint(3, 8)}{d(3)} {d(4)}",
                f"+44 20 {rng.randint(3, 8)}{d(3)} {d(4)}",
                f"0161 {rng.randint(2, 8)}{d(2)} {d(4)}",
            ]
        )
    if country == "US":
        npa, nxx = rng.choice(US_AREA_CODES), f"{rng.randint(2, 9)}{d(2)}"
        if nxx[1:] == "11" or nxx == "555":
            nxx = "734"
        return rng.choice(
            [
                f"({npa}) {nxx}-{d(4)}",
                f"{npa}-{nxx}-{d(4)}",
                f"+1 {npa} {nxx} {d(4)}",
                f"{npa}.{nxx}.{d(4)}",
            ]
        )
    if country == "DE":
        return rng.choice(
            [
                f"+49 30 {rng.randint(2, 9)}{d(7)}",
                f"030 {rng.randint(2, 9)}{d(7)}",
                f"+49 151 {d(8)}",
                f"0151 {d(8)}",
                f"089 {rng.randint(2, 9)}{d(6)}",
            ]
        )
    if country == "FR":
        pairs = " ".join(d(2) for _ in range(4))
        return rng.choice([f"+33 6 {pairs}", f"06 {pairs}", f"01 {pairs}", f"+33 1 {pairs}"])
    if country == "IE":
        return rng.choice(
            [f"+353 87 {d(3)} {d(4)}", f"087 {d(3)} {d(4)}", f"01 {rng.randint(2, 9)}{d(2)} {d(4)}"]
        )
    return rng.choice([f"+31 6 {d(8)}", f"06-{d(8)}", f"020 {rng.randint(2, 8)}{d(2)} {d(4)}"])


def email(rng: random.Random) -> str:
    first, last = (
        _ascii(rng.choice(FIRST)).lower(),
        _ascii(rng.choice(LAST)).lower().replace(" ", ""),
    )
    local = rng.choice(
        [
            f"{first}.{last}",
            f"{first[0]}{last}{rng.randint(1, 99)}",
            f"{first}_{last}",
            f"{first}+{rng.choice(['shop', 'news', 'work'])}",
            f"{last}.{first}{rng.randint(1970, 2005)}",
        ]
    )
    address = f"{local}@{rng.choice(DOMAINS)}"
    return address if rng.random() < 0.9 else address.capitalize()


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(
        ch
        for ch in unicodedata.normalize("NFKD", text)
        if ch.isascii() and (ch.isalnum() or ch == " ")
    )


def ip_address(rng: random.Random) -> str:
    if rng.random() < 0.7:
        while True:
            first = rng.randint(1, 223)
            if first not in (10, 127):
                return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(8)]
    groups[0] = rng.choice(["2001", "2a02", "2600", "fe80"])
    address = ipaddress.IPv6Address(":".join(groups))
    if rng.random() < 0.5:
        groups[3:6] = ["0", "0", "0"]
        address = ipaddress.IPv6Address(":".join(groups))
        return address.compressed
    return address.exploded if rng.random() < 0.3 else str(address)


_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def uk_nino(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    digits, suffix = _digits(rng, 6), rng.choice("ABCD")
    return rng.choice(
        [f"{prefix}{digits}{suffix}", f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"]
    )


def us_ssn(rng: random.Random) -> str:
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def birth_date(rng: random.Random) -> str:
    day = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randint(0, 70 * 365))
    return day.strftime(rng.choice(["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %B %Y", "%B %d, %Y"]))


def other_date(rng: random.Random) -> str:
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
    return day.strftime(rng.choice(["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %B %Y", "%B %d, %Y"]))


def uk_postcode(rng: random.Random) -> str:
    area = rng.choice(UK_AREAS)
    district = (
        str(rng.randint(1, 20))
        if len(area) == 2
        else str(rng.randint(1, 9)) + rng.choice(["", "A", "W"])
    )
    inward = str(rng.randint(0, 9)) + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
    return f"{area}{district} {inward}"


def postcode(rng: random.Random) -> tuple[str, str]:
    """(address line ending in a postcode, the postcode)."""
    style = rng.choice(["uk", "uk", "us", "ca"])
    if style == "uk":
        code = uk_postcode(rng)
        return f"{rng.choice([*CITIES[:2], 'Leeds', 'Bristol'])} {code}", code
    if style == "us":
        state, prefix = rng.choice(US_STATES)
        code = prefix + _digits(rng, 2)
        return (
            f"{rng.choice(['New York', 'San Francisco', 'Dallas', 'Chicago', 'Boston', 'Seattle'])}, {state} {code}",
            code,
        )
    letters = "ABCEGHJKLMNPRSTVXY"
    code = f"{rng.choice(letters)}{rng.randint(0, 9)}{rng.choice(letters)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"
    return f"Toronto, ON {code}", code


def street_address(rng: random.Random) -> str:
    style = rng.choice(["en", "en", "en", "de", "fr"])
    if style == "de":
        return f"{rng.choice(DE_STREETS)}straße {rng.randint(1, 120)}"
    if style == "fr":
        return f"{rng.randint(1, 90)} rue {rng.choice(FR_STREETS)}"
    number = str(rng.randint(1, 999)) + (rng.choice(["", "", "A", "B"]))
    return f"{number} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


# --- free text ------------------------------------------------------------------------------------

TEMPLATES: dict[str, list[str]] = {
    "email": [
        "Please send the invoice to {x} instead.",
        "Contact: {x}",
        "I changed my email to {x} last week, update it please.",
        "Reply to {x} or to this thread.",
        "Customer wrote from {x} about a refund.",
    ],
    "phone": [
        "Call me back on {x} after 5pm.",
        "My number is {x}.",
        "You can reach me at {x}, thanks.",
        "Tel: {x}",
        "Customer left a voicemail, callback {x}.",
        "Mobile {x} (evenings only).",
    ],
    "payment_card": [
        "I paid with card {x} but was charged twice.",
        "Card number {x} expired, use the new one.",
        "Charged to {x} on the 3rd.",
    ],
    "iban": [
        "Please refund to IBAN {x}.",
        "Bank details: {x}, account holder as on file.",
        "Transfer the deposit to {x} today.",
    ],
    "ip_address": [
        "Login attempt from {x} was blocked.",
        "The customer's device had IP {x} during checkout.",
        "Requests from {x} hit the rate limit.",
    ],
    "uk_nino": [
        "My National Insurance number is {x}.",
        "NI number {x} on the payslip is wrong.",
        "NINO: {x}",
    ],
    "us_ssn": [
        "SSN {x} was entered on the form.",
        "Her social security number is {x}.",
        "Applicant provided {x} as SSN.",
    ],
    "date_of_birth": [
        "I was born on {x} and the form says otherwise.",
        "DOB: {x}",
        "Date of birth {x}, please correct the record.",
        "The patient, born {x}, was seen today.",
    ],
    "postcode": [
        "Please deliver to the depot in {x}.",
        "New address is near {x}, same building.",
        "Ship to {x} please.",
    ],
    "street_address": [
        "I moved to {x} last month.",
        "Please deliver to {x}, round the back.",
        "Our office is at {x}, second floor.",
    ],
    "person_name": [
        "Mr {x} called about his order.",
        "My name is {x} and I need help.",
        "Dear {x}, thank you for your message.",
        "Dr {x} approved the request.",
        "Mrs {x} asked for a callback.",
    ],
}

LOOKALIKES: dict[str, list[str]] = {
    "order_number": [
        "My order number is {x}.",
        "Order {x} has not arrived.",
        "Where is {x}? It was due Monday.",
        "Reference {x} in your system is wrong.",
    ],
    "iban_bad_checksum": [
        "Payment reference {x} does not match.",
        "Quote {x} when you pay.",
        "Code {x} was rejected.",
    ],
    "date": [
        "The meeting is on {x}.",
        "Invoice dated {x} is overdue.",
        "Delivered on {x}, left at reception.",
        "Since {x} the app crashes.",
    ],
    "version": [
        "Running build {x} on the laptop.",
        "The app crashes since {x}.",
        "Firmware {x} fixed it.",
    ],
    "isbn": ["Book ISBN {x} is out of stock.", "Please reorder {x}."],
    "tracking": ["Tracking number {x} shows no movement.", "Parcel {x} is stuck in customs."],
    "amount": [
        "Total due: {x} EUR.",
        "We refunded {x} yesterday.",
        "Balance is {x} after the fee.",
    ],
    "ssn_invalid": ["Form code {x} was rejected.", "Batch {x} failed to load."],
    "nino_invalid": [
        "Sample code {x} is only an example.",
        "Template value {x} was left in the form.",
    ],
    "asset": ["The file {x} is missing from the release.", "Upload {x} to the CDN."],
    "salutation": ["Dear {x}, your ticket has been closed.", "Regards, {x}"],
    "short_number": ["Ticket #{x} was merged.", "Room {x} is booked.", "Case {x} escalated."],
}


def lookalike_value(rng: random.Random, family: str) -> str:
    if family == "order_number":
        return order_number_failing_luhn(rng)
    if family == "iban_bad_checksum":
        return iban(rng, valid=False)
    if family == "date":
        return other_date(rng)
    if family == "version":
        return rng.choice(
            [
                f"10.0.{rng.randint(17000, 22631)}.{rng.randint(100, 3000)}",
                f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
                f"{rng.randint(1, 5)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}",
            ]
        )
    if family == "isbn":
        return f"978-{rng.randint(0, 9)}-{rng.randint(10, 99)}-{rng.randint(100000, 999999)}-{rng.randint(0, 9)}"
    if family == "tracking":
        return "1Z" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(16))
    if family == "amount":
        return rng.choice(
            [
                f"{rng.randint(1, 999)},{rng.randint(100, 999)}.{rng.randint(10, 99)}",
                f"{rng.randint(1, 9)}.{rng.randint(100, 999)}.{rng.randint(100, 999)},{rng.randint(10, 99)}",
            ]
        )
    if family == "ssn_invalid":
        return (
            rng.choice(["000", "666", str(rng.randint(900, 999))])
            + f"-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        )
    if family == "nino_invalid":
        return rng.choice(["QQ", "GB", "DF", "ZZ"]) + _digits(rng, 6) + rng.choice("ABCD")
    if family == "asset":
        return f"{rng.choice(['logo', 'icon', 'banner', 'avatar'])}@{rng.choice(['2x', '3x'])}.{rng.choice(['png', 'jpg', 'webp'])}"
    if family == "salutation":
        return rng.choice(["Customer", "Sir or Madam", "Support Team", "Valued Customer", "Team"])
    return _digits(rng, rng.randint(4, 8))


def _kind_value(rng: random.Random, kind: str) -> tuple[str, str]:
    """(text to plant, the span of personal data in it)."""
    if kind == "postcode":
        return postcode(rng)
    value = {
        "email": email,
        "phone": phone,
        "payment_card": card,
        "iban": iban,
        "ip_address": ip_address,
        "uk_nino": uk_nino,
        "us_ssn": us_ssn,
        "date_of_birth": birth_date,
        "street_address": street_address,
        "person_name": person_name,
    }[kind](rng)
    return value, value


def free_text(n: int, seed: int = 7, lookalike_share: float = 0.35) -> list[Sample]:
    """``n`` free-text values: about a third hold only look-alikes, the rest one or two planted values."""
    rng = random.Random(seed)
    out: list[Sample] = []
    for i in range(n):
        if rng.random() < lookalike_share:
            family = rng.choice(list(LOOKALIKES))
            text = rng.choice(LOOKALIKES[family]).format(x=lookalike_value(rng, family))
            out.append(Sample(text, [], family))
            continue
        parts: list[str] = []
        spans: list[tuple[str, int, int]] = []
        for _ in range(1 if rng.random() < 0.8 else 2):
            kind = KINDS[(i + rng.randint(0, len(KINDS) - 1)) % len(KINDS)]
            planted, span_text = _kind_value(rng, kind)
            template = rng.choice(TEMPLATES[kind])
            prefix = " ".join(parts) + (" " if parts else "")
            before, _, after = template.partition("{x}")
            sentence = before + planted + after
            offset = len(prefix) + len(before) + planted.index(span_text)
            spans.append((kind, offset, offset + len(span_text)))
            parts.append(sentence)
        out.append(Sample(" ".join(parts), spans))
    return out


# --- structured columns ---------------------------------------------------------------------------


def structured(rows: int, seed: int = 11) -> list[Column]:
    """A customer table's columns (each of one kind) and look-alike columns (no personal data)."""
    rng = random.Random(seed)

    def col(name: str, kinds: tuple[str, ...], make: object) -> Column:
        return Column(name, kinds, [make() for _ in range(rows)])  # type: ignore[operator]

    return [
        col("email", ("email",), lambda: email(rng)),
        col("phone_number", ("phone",), lambda: phone(rng)),
        col("card_number", ("payment_card",), lambda: card(rng)),
        col("iban", ("iban",), lambda: iban(rng)),
        col("last_login_ip", ("ip_address",), lambda: ip_address(rng)),
        col("ni_number", ("uk_nino",), lambda: uk_nino(rng)),
        col("ssn", ("us_ssn",), lambda: us_ssn(rng)),
        col("date_of_birth", ("date_of_birth",), lambda: birth_date(rng)),
        col("postcode", ("postcode",), lambda: uk_postcode(rng)),
        col("address_line_1", ("street_address",), lambda: street_address(rng)),
        col("first_name", ("person_name",), lambda: rng.choice(FIRST)),
        col("last_name", ("person_name",), lambda: rng.choice(LAST)),
        col("customer_name", ("person_name",), lambda: person_name(rng)),
        # Look-alikes: the shapes above without the personal data.
        col("order_number", (), lambda: _digits(rng, 16)),
        col("payment_reference", (), lambda: iban(rng, valid=False)),
        col("event_date", (), lambda: other_date(rng)),
        col("product_name", (), lambda: rng.choice(PRODUCTS)),
        col("city", (), lambda: rng.choice(CITIES)),
        col("app_version", (), lambda: lookalike_value(rng, "version")),
        col("sku", (), lambda: f"SKU-{_digits(rng, 6)}"),
        col("amount", (), lambda: f"{rng.randint(1, 5000)}.{rng.randint(0, 99):02d}"),
        col("tracking_code", (), lambda: lookalike_value(rng, "tracking")),
        col("status_note", (), lambda: rng.choice(LOOKALIKES["date"]).format(x=other_date(rng))),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=Path("privacy-corpus.jsonl"))
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as fh:
        for sample in free_text(args.values):
            fh.write(json.dumps(asdict(sample), ensure_ascii=False) + "\n")
    print(f"wrote {args.values} labelled values to {args.out}")


if __name__ == "__main__":
    main()
