"""The detectors: a cheap regex finds candidates, then validation rules out look-alikes.

A detector sees a candidate with the words before it in its own sentence (its *context*) and
whether the column's name already says what the column holds (*hinted*). Checksums (Luhn,
mod 97), numbering plans and issuing rules come first; context settles shapes a checksum cannot
(a bare ten-digit number is a phone number only where someone wrote "call" or the column is
``phone``; a date is a birth date only next to "born" or in a ``date_of_birth`` column).

Speed: Python's regex engine skips quickly to the first character of a pattern that starts with a
literal or a character class, and crawls through patterns that start with a look-behind or a
backtracking group. So patterns here start with their rarest character (``@``, ``.``, ``-``, a
capital, a street type) and the checks around them (word boundaries, what comes before) run in
Python on the few candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dataready.pii import validators as v
from dataready.pii.phones import is_formatted, valid_phone

if TYPE_CHECKING:
    from dataready.pii.scan import Corpus

CONTEXT_CHARS = 48
"""How far back a detector looks for words like "born", "call" or "order number"."""

# Words that make a number a reference to a business object rather than a person's identifier.
_REFERENCE = re.compile(
    r"\b(order|invoice|inv|ref|reference|tracking|ticket|case|booking|confirmation|transaction|txn|serial|"
    r"sku|part|policy|claim|isbn|issn|shipment|parcel|consignment|batch|lot|model|build|version|ver|release)s?\b"
    r"(?:\s*(?:no|nr|num|number|id|code|#))?\.?\s*(?:is|was|:|#|=)?\s*$",
    re.I,
)
_PHONE_CONTEXT = re.compile(
    r"\b(phone|tel|telephone|mobile|cell|fax|call|calling|ring|text|sms|whats ?app|contact|reach|dial)\b",
    re.I,
)
_SSN_CONTEXT = re.compile(r"\b(ssn|ss#|social security|soc\.? ?sec)", re.I)
_BIRTH_CONTEXT = re.compile(
    r"\b(born|birth|d\.?o\.?b\.?|birthday|bday|geboren|née?|naissance|nacimiento)\b", re.I
)
_VERSION_CONTEXT = re.compile(r"\b(v|ver|version|release|build|firmware|os)\s*[:.]?\s*$", re.I)
_CLAUSE_BREAK = re.compile(r"[!?;\n]\s*|\.\s+(?=[A-Z])")

# Asset names such as logo@2x.png look like addresses; no address ends in a common file extension.
_FILE_EXTENSIONS = frozenset(
    (
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "ico",
        "tif",
        "tiff",
        "heic",
        "css",
        "js",
        "mjs",
        "ts",
        "tsx",
        "jsx",
        "py",
        "rb",
        "java",
        "go",
        "rs",
        "php",
        "html",
        "htm",
        "json",
        "xml",
        "yaml",
        "yml",
        "txt",
        "md",
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "csv",
        "zip",
        "gz",
        "tar",
        "mp3",
        "mp4",
        "wav",
        "avi",
        "mkv",
        "woff",
        "woff2",
        "ttf",
    )
)


_CODE_BEFORE = re.compile(r"(?<![\w])(?=[A-Z0-9 \-]*\d[A-Z0-9 \-]*$)(?:[A-Z0-9]+[ \-])+$")


def clause(before: str) -> str:
    """The part of ``before`` in the candidate's own sentence: "born" in the previous one does not count."""
    return _CLAUSE_BREAK.split(before)[-1]


class Candidate:
    """A span of the corpus that a detector's regex found, with lazy access to its surroundings."""

    __slots__ = ("_before", "big", "end", "hinted", "start", "vend", "vstart")

    def __init__(
        self, big: str, start: int, end: int, vstart: int, vend: int, hinted: bool
    ) -> None:
        self.big, self.start, self.end, self.vstart, self.vend, self.hinted = (
            big,
            start,
            end,
            vstart,
            vend,
            hinted,
        )
        self._before: str | None = None

    @property
    def text(self) -> str:
        return self.big[self.start : self.end]

    @property
    def before(self) -> str:
        """The words before the candidate in its own sentence (at most CONTEXT_CHARS characters)."""
        if self._before is None:
            self._before = clause(
                self.big[max(self.vstart, self.start - CONTEXT_CHARS) : self.start]
            )
        return self._before

    @property
    def char_before(self) -> str:
        """The character before the candidate; a space at the start of its value."""
        return self.big[self.start - 1] if self.start > self.vstart else " "

    @property
    def char_after(self) -> str:
        """The character after the candidate; a space at the end of its value."""
        return self.big[self.end] if self.end < self.vend else " "

    def bounded(self, inside: str) -> bool:
        """Neither neighbour makes the candidate part of a longer token.

        Letters and digits always do; the characters in ``inside`` (``.`` or ``-`` in a number) do
        when a letter or digit follows them, so a full stop ending the sentence does not.
        """
        big, before, after = self.big, self.char_before, self.char_after
        if before.isalnum() or after.isalnum():
            return False
        if before in inside and self.start - 2 >= self.vstart and big[self.start - 2].isalnum():
            return False
        return not (after in inside and self.end + 1 < self.vend and big[self.end + 1].isalnum())

    def inside_code(self) -> bool:
        """The candidate continues a longer code or number written in groups (``GB82 WEST 1234 …``)."""
        return bool(_CODE_BEFORE.search(self.big, max(self.vstart, self.start - 40), self.start))


@dataclass(frozen=True)
class Detector:
    """Finds one kind of personal data. Subclasses refine :meth:`find` and :meth:`accept`."""

    kind: str
    pattern: re.Pattern[str]
    priority: int = 50
    """Where two detections overlap, the higher priority keeps the span."""
    hint: re.Pattern[str] | None = None
    """Column names that announce this kind (``e_mail``, ``phone_number``)."""
    whole_value: re.Pattern[str] | None = None
    """Shapes accepted as a whole value in a hinted column only (a bare ``94105`` in ``zip``)."""
    strong: bool = True
    """Validated by a checksum, numbering plan or a distinctive format, not by context alone."""
    validate: Callable[[str], bool] | None = field(default=None, compare=False)

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        """Candidate spans in the whole corpus."""
        for m in self.pattern.finditer(corpus.big):
            yield m.span()

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        """The span to report for a candidate, or None for a look-alike."""
        if self.validate is None or self.validate(c.text):
            return c.start, c.end
        return None

    def hinted_by(self, column: str) -> bool:
        return bool(self.hint and self.hint.search(column))


# --- e-mail --------------------------------------------------------------------------------------

_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-'")
_DOMAIN = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w\-])"
)


class EmailDetector(Detector):
    """Found from each ``@``: the local part read backwards, the domain matched forwards."""

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        big = corpus.big
        at = big.find("@")
        while at != -1:
            start = at
            while start > 0 and at - start < 64 and big[start - 1] in _LOCAL_CHARS:
                start -= 1
            while start < at and big[start] in ".'":
                start += 1
            domain = _DOMAIN.match(big, at + 1)
            if domain and start < at:
                yield start, domain.end()
            at = big.find("@", at + 1)

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        local, _, domain = c.text.rpartition("@")
        tld = domain.rsplit(".", 1)[-1].lower()
        if ".." in local or local.endswith(".") or tld in _FILE_EXTENSIONS:
            return None
        return c.start, c.end


# --- phone numbers -------------------------------------------------------------------------------

_SSN_SHAPE = re.compile(r"^\d{3}-\d{2}-\d{4}$")
_NANP_SHAPE = re.compile(r"^\(?[2-9]\d{2}\)?[ .\-]?\d{3}[ .\-]?\d{4}$")


class PhoneDetector(Detector):
    """International (``+``/``00``) and trunk-prefixed (``0…``) forms, plus North American ten digits."""

    nanp: re.Pattern[str] = re.compile(
        r"(?:\(|[2-9](?<![\d.][2-9]))\d{2}\)?[ .\-]?\d{3}[ .\-]?\d{4}(?!\d)"
    )
    anything: re.Pattern[str] = re.compile(r"[+(\d][\d \t.\-/()]{5,24}\d")

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        if hinted:  # a phone column: every digit run is a candidate
            for m in self.anything.finditer(corpus.big):
                yield m.span()
            return
        seen: set[int] = set()
        for m in self.pattern.finditer(corpus.big):
            seen.add(m.start())
            yield m.span()
        for m in self.nanp.finditer(corpus.big):
            if m.start() not in seen:
                yield m.span()

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        start, text = c.start, c.text
        if c.char_before == "(" and text[:1] != "(" and ")" in text:
            start, text = start - 1, "(" + text
        before = c.big[start - 1] if start > c.vstart else " "
        if before.isalnum() or before in "+.-/_" or c.char_after.isalnum() or c.char_after in "-_":
            return None
        if not c.hinted and (
            _SSN_SHAPE.match(text)
            or c.inside_code()
            or _REFERENCE.search(c.before)
            or _VERSION_CONTEXT.search(c.before)
        ):
            return None
        international = text.lstrip("(").startswith(("+", "00"))
        # A bare digit run is an order or account number as often as a phone number: it needs the
        # column's name or a word such as "call" before it. Written with separators, it stands alone.
        if not international and not (
            c.hinted or is_formatted(text) or _PHONE_CONTEXT.search(c.before)
        ):
            return None
        if valid_phone(text, national=True, assume_international=c.hinted):
            return start, c.end
        return None


# --- payment cards, IBANs, national identifiers, IP addresses ---------------------------------------


class CardDetector(Detector):
    def accept(self, c: Candidate) -> tuple[int, int] | None:
        text = c.text
        if text.isdigit() and not (13 <= len(text) <= 19 and v.card_scheme_matches(text)):
            return None  # most long numbers in text are references: no scheme issues their prefix
        if c.char_before == "+" or not c.bounded(".-/_"):
            return None
        spans = [(c.start, c.end)]
        groups = re.split(r"([ \-])", text)
        if (
            len(groups) > 3
        ):  # a grouped number may run into the next number: try the leading groups too
            offset = 0
            for i in range(0, len(groups) - 2, 2):
                offset += len(groups[i]) + len(groups[i + 1])
                spans.append((c.start, c.start + offset - 1))
        for start, end in spans:
            candidate = c.big[start:end]
            if len({ch for ch in candidate if not ch.isdigit()}) <= 1 and v.payment_card(candidate):
                return None if c.inside_code() or _REFERENCE.search(c.before) else (start, end)
        return None


class IbanDetector(Detector):
    """The regex over-reaches into following capitals; the country's IBAN length says where it ends."""

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        if c.char_before.isalnum():
            return None
        text = c.text
        expected = v.IBAN_LENGTHS.get(text[:2])
        if expected is None:
            return None
        count, end = 0, 0
        for i, ch in enumerate(text):
            if ch.isalnum():
                count += 1
                if count == expected:
                    end = i + 1
                    break
        if not end or (end < len(text) and text[end].isalnum()):
            return None
        after = c.big[c.start + end] if c.start + end < c.vend else " "
        if after.isalnum():  # an unbroken run longer than the country's IBAN: not one
            return None
        return (c.start, c.start + end) if v.iban(text[:end]) else None


class BoundedDetector(Detector):
    """A format that must stand as its own token (NINO, postcode), then its validator."""

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        if not c.bounded(""):
            return None
        return super().accept(c)


class SsnDetector(Detector):
    """``123-45-6789`` stands alone; ``123456789`` or ``123 45 6789`` needs "SSN" nearby or an ssn column."""

    spaced: re.Pattern[str] = re.compile(r"\d{3}( ?)\d{2}\1\d{4}")

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        for m in self.pattern.finditer(corpus.big):
            yield m.start() - 3, m.end()
        if hinted:
            for m in self.spaced.finditer(corpus.big):
                yield m.span()
            return
        for k in _SSN_KEYWORDS.finditer(corpus.low):
            vend = corpus.value_end(k.start())
            near = self.spaced.search(corpus.big, k.end(), min(vend, k.end() + 24))
            if near:
                yield near.span()

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        if c.start < c.vstart or not c.bounded(".-+/_"):
            return None
        text = c.text
        if not (
            text[:3].isdigit() and (text[3] == "-" or c.hinted or _SSN_CONTEXT.search(c.before))
        ):
            return None
        if _REFERENCE.search(c.before):
            return None
        return (c.start, c.end) if v.us_ssn(text) else None


_SSN_KEYWORDS = re.compile(r"ssn|ss#|social security|soc\.? ?sec")


class Ipv4Detector(Detector):
    """Found from the inner ``.d.d.`` of a dotted quad, then widened to the whole address."""

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        big = corpus.big
        last_end = -1
        for m in self.pattern.finditer(big):
            start, end = m.start(), m.end()
            while start > 0 and start > m.start() - 3 and big[start - 1].isdigit():
                start -= 1
            while end < len(big) and end < m.end() + 3 and big[end].isdigit():
                end += 1
            if start >= last_end:
                last_end = end
                yield start, end

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        before, after = c.char_before, c.char_after
        if before.isalnum() or before in "._" or after.isalnum() or after == "_":
            return None
        if after == "." and c.big[c.end + 1 : c.end + 2].isdigit():
            return None
        if _VERSION_CONTEXT.search(c.before):
            return None
        return (c.start, c.end) if v.ipv4(c.text) else None


class Ipv6Detector(Detector):
    """Found from a ``:hex:`` run, widened over hex digits and colons, then parsed."""

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        big = corpus.big
        last_end = -1
        for m in self.pattern.finditer(big):
            if m.start() < last_end:
                continue
            start, end = m.start(), m.end()
            while start > 0 and (big[start - 1] in _HEX_COLON):
                start -= 1
            while end < len(big) and big[end] in _HEX_COLON:
                end += 1
            last_end = end
            yield start, end

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        if c.char_before.isalnum() or c.char_before in "_." or c.char_after.isalnum():
            return None
        return (c.start, c.end) if v.ipv6(c.text) else None


_HEX_COLON = frozenset("0123456789abcdefABCDEF:")


# --- dates of birth, addresses, postcodes, names in text ------------------------------------------

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_BIRTH_KEYWORDS = re.compile(r"b(?:orn|irth|day)|dob|d\.o\.b|geboren|née|naissance|nacimiento")


class BirthDateDetector(Detector):
    """A real date (0-120 years ago) after a word such as "born" or "DOB", or in a birth-date column."""

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        if hinted:
            for m in self.pattern.finditer(corpus.big):
                yield m.span()
            return
        last = -1
        for k in _BIRTH_KEYWORDS.finditer(corpus.low):
            vend = corpus.value_end(k.start())
            date = self.pattern.search(
                corpus.big, max(k.end(), last), min(vend, k.end() + CONTEXT_CHARS)
            )
            if date:
                last = date.end()
                yield date.span()

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        if (
            c.char_before.isalnum()
            or c.char_before in "/.-"
            or c.char_after.isalnum()
            or c.char_after in "/-"
        ):
            return None
        if not (c.hinted or _BIRTH_CONTEXT.search(c.before)):
            return None
        return (c.start, c.end) if v.birth_date(c.text) else None


_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Close|Court|Ct|Place|Pl|Terrace|Crescent|"
    r"Square|Sq|Gardens|Grove|Parkway|Pkwy|Highway|Hwy|Mews|Row|Walk|Hill|Rise|Circle|Cir|Trail|Alley"
)
_NAME_WORD = r"(?:(?:[A-ZÀ-Þ]\.){1,3}(?=\s)|[A-ZÀ-Þ][a-zß-ÿ]*(?:['’\-]?[A-ZÀ-Þ]?[a-zß-ÿ]+)*)"
_PARTICLE = r"(?:van|von|de|der|den|da|di|du|del|della|la|le|bin|ibn|al|ten|ter)"
_ENGLISH_STREET = re.compile(
    rf"\d{{1,5}}[A-Za-z]?,?\s+(?:block\s+of\s+)?(?:(?:[NSEW]|North|South|East|West|N[EW]|S[EW])\.?\s+)?"
    rf"(?:(?:{_NAME_WORD}|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,4}}(?:{_STREET_TYPES})\.?\Z"
)
_FRENCH_STREET = re.compile(
    r"\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|place|chemin|allée|impasse|quai)\s+"
    r"(?:(?:de\s+la|de\s+l['’]|des|du|de|d['’]|la|le|l['’])\s*)?[A-ZÀ-Ý][\w'’\-]+(?:[ \-][A-ZÀ-Ý][\w'’\-]+){0,3}"
)
_GERMAN_STREET = re.compile(
    r"[A-ZÄÖÜ][a-zäöüß]*(?:straße|strasse|weg|gasse|platz|allee|damm|ring)\s+\d{1,4}[a-z]?\b"
)


class StreetAddressDetector(Detector):
    """House number and street: found from the street type (Street, Rd, rue, -straße), read around it."""

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        big = corpus.big
        for m in self.pattern.finditer(
            big
        ):  # English: number and name words come before the street type
            lo = max(corpus.value_start(m.start()), m.start() - 80)
            window = big[lo : m.end() + (1 if big[m.end() : m.end() + 1] == "." else 0)]
            for start in _starts_of_numbers(window):
                english = _ENGLISH_STREET.match(window, start)
                if english:
                    yield lo + start, lo + english.end()
                    break
        for m in _FRENCH_TYPES.finditer(big):
            lo = max(corpus.value_start(m.start()), m.start() - 12)
            french = _FRENCH_STREET.search(big, lo, corpus.value_end(m.start()))
            if french and french.start() <= m.start():
                yield french.span()
        for m in _GERMAN_TYPES.finditer(big):
            lo = max(corpus.value_start(m.start()), m.start() - 40)
            german = _GERMAN_STREET.search(big, lo, corpus.value_end(m.start()))
            if german and german.start() <= m.start() < german.end():
                yield german.span()

    def accept(self, c: Candidate) -> tuple[int, int] | None:
        if c.char_before.isalnum() or c.char_after.isalnum():
            return None
        return c.start, c.end


_FRENCH_TYPES = re.compile(
    r"(?:rue|avenue|boulevard|place|chemin|allée|impasse|quai)\s+(?:d|l|[A-ZÀ-Ý])"
)
_GERMAN_TYPES = re.compile(r"(?:straße|strasse|weg|gasse|platz|allee|damm|ring)\s+\d")


def _starts_of_numbers(window: str) -> Iterator[int]:
    for m in re.finditer(r"(?<!\w)\d", window):
        yield m.start()


_US_STATES = frozenset(
    (
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    )
)
_US_ZIP = re.compile(r"([A-Z]{2}),?\s+(\d{5}(?:-\d{4})?)")
_CA_POSTCODE = re.compile(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d")


class PostcodeDetector(BoundedDetector):
    """UK postcodes (checked against the postcode areas), Canadian codes, and US ZIP codes after a state."""

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        big = corpus.big
        for m in self.pattern.finditer(big):
            if v.uk_postcode(m.group()):
                yield m.span()
        for m in _CA_POSTCODE.finditer(big):
            yield m.span()
        for m in _US_ZIP.finditer(big):
            if m.group(1) in _US_STATES and (m.start() == 0 or not big[m.start() - 1].isalnum()):
                yield m.span(2)


_GENERIC_SALUTATIONS = frozenset(
    (
        "Sir",
        "Madam",
        "Madame",
        "Customer",
        "Customers",
        "Team",
        "Support",
        "All",
        "Colleague",
        "Colleagues",
        "Friend",
        "Friends",
        "Valued",
        "Member",
        "Members",
        "User",
        "Users",
        "Client",
        "Clients",
        "Partner",
        "Partners",
        "Manager",
        "Hiring",
        "Recruiter",
        "Reader",
        "Readers",
        "Everyone",
        "There",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Dr",
    )
)
_NAME_AFTER_CUE = re.compile(
    rf"\.?\s+({_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_NAME_WORD}){{0,3}})"
)


class NameInTextDetector(Detector):
    """Names in prose need a cue (an honorific, "my name is", a salutation): without a language model
    a capitalised word is as often a place, a product or the start of a sentence."""

    def find(self, corpus: Corpus, hinted: bool) -> Iterator[tuple[int, int]]:
        big = corpus.big
        for m in self.pattern.finditer(big):
            if m.start() > 0 and big[m.start() - 1].isalnum():
                continue
            name = _NAME_AFTER_CUE.match(big, m.end())
            if not name:
                continue
            if name.group(1).split()[0] not in _GENERIC_SALUTATIONS:
                yield name.span(1)


# --- the built-in set -----------------------------------------------------------------------------

EMAIL = EmailDetector(
    "email", re.compile("@"), priority=100, hint=re.compile(r"e[-_ ]?mail|^mail$", re.I)
)
IBAN = IbanDetector(
    "iban",
    re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,32}"),
    priority=90,
    hint=re.compile(r"iban|bank[-_ ]?account|account[-_ ]?(no|num)", re.I),
)
PAYMENT_CARD = CardDetector(
    "payment_card",
    re.compile(r"\d[\d \-]{11,22}\d"),
    priority=85,
    hint=re.compile(r"card|^pan$|cc[-_ ]?(num|no)", re.I),
)
UK_NINO = BoundedDetector(
    "uk_nino",
    re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]"),
    priority=80,
    hint=re.compile(r"nino|national[-_ ]?insurance|(^|_)ni[-_ ]?(no|num)", re.I),
    validate=v.uk_nino,
)
US_SSN = SsnDetector(
    "us_ssn",
    re.compile(r"-\d{2}-\d{4}"),
    priority=75,
    hint=re.compile(r"ssn|social[-_ ]?security", re.I),
)
IPV4 = Ipv4Detector(
    "ip_address",
    re.compile(r"\.\d{1,3}\.\d{1,3}\."),
    priority=70,
    hint=re.compile(r"(^|_)ip($|_)|ip[-_ ]?addr|remote[-_ ]?addr|client[-_ ]?ip", re.I),
)
IPV6 = Ipv6Detector("ip_address", re.compile(r":[0-9A-Fa-f]{0,4}:"), priority=70, hint=IPV4.hint)
PHONE = PhoneDetector(
    "phone",
    re.compile(r"(?:\+|\(\+?|\(?0(?<![\d.]0))\d[\d \t.\-/()]{4,24}\d"),
    priority=60,
    hint=re.compile(
        r"phone|mobile|(^|_)(tel|cell|fax|msisdn)($|_)|telephone|contact[-_ ]?number", re.I
    ),
)
DATE_OF_BIRTH = BirthDateDetector(
    "date_of_birth",
    re.compile(
        rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})(?!\d)"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",
        re.I,
    ),
    priority=50,
    hint=re.compile(r"birth|(^|_)dob($|_)|bday|geburt", re.I),
    strong=False,
)
STREET_ADDRESS = StreetAddressDetector(
    "street_address",
    re.compile(rf"(?:{_STREET_TYPES})\b"),
    priority=40,
    hint=re.compile(r"address|street|(^|_)addr($|_)", re.I),
    strong=False,
)
POSTCODE = PostcodeDetector(
    "postcode",
    re.compile(r"[A-Z][A-Z]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}"),
    priority=35,
    hint=re.compile(r"post[-_ ]?code|postal|(^|_)zip|plz", re.I),
    whole_value=re.compile(
        r"\d{4,5}(?:-\d{4})?|\d{4} ?[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
        re.I,
    ),
    strong=False,
)
PERSON_NAME_IN_TEXT = NameInTextDetector(
    "person_name",
    re.compile(
        r"(?:M(?:rs?|s|iss|x|me|lle)|D(?:r|ame|ear)|Prof|Sir|Herr|Frau|[Mm]y name is|[Nn]ame:|[Rr]egards,|[Ss]incerely,)(?!\w)"
    ),
    priority=30,
    strong=False,
)

BUILTIN_DETECTORS: tuple[Detector, ...] = (
    EMAIL,
    IBAN,
    PAYMENT_CARD,
    UK_NINO,
    US_SSN,
    IPV4,
    IPV6,
    PHONE,
    DATE_OF_BIRTH,
    STREET_ADDRESS,
    POSTCODE,
    PERSON_NAME_IN_TEXT,
)
"""In order of priority; person-name *columns* are recognised from names and value shapes (names.py)."""

KINDS: tuple[str, ...] = tuple(dict.fromkeys(d.kind for d in BUILTIN_DETECTORS))


def custom_detector(
    name: str,
    pattern: str,
    validator: Callable[[str], bool] | None = None,
    *,
    ignore_case: bool = False,
) -> Detector:
    """A detector declared in dataready.yml: a name, a regex and an optional validator."""
    return Detector(
        name,
        re.compile(pattern, re.I if ignore_case else 0),
        priority=95,
        strong=validator is not None,
        validate=validator,
    )
