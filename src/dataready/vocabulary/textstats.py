"""Text measurements the checks share: stripped values, tokens, languages, encoding damage.

All local and deterministic: token counts are estimated from characters (no tokenizer is
downloaded), languages from the function words each language uses most (no model is loaded).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from dataready.model import Measurement

CHARS_PER_TOKEN = 4
"""BPE tokenisers (GPT, Llama, most embedding models) average about four characters of English per token."""
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
"""Kana, CJK ideographs and Hangul: roughly one token per character."""


def stripped_text(values: pd.Series) -> pd.Series:
    """The non-null values as stripped ``str``, on the same index.

    Each distinct value is converted once: a sampled column repeats a few values many times
    (categories, codes), and per-element string methods are what checks spend their time on.
    """
    import pandas as pd

    present = values.dropna()
    try:
        codes, distinct = pd.factorize(present)
    except TypeError:  # dicts or lists (a JSON column) are compared by their text
        codes, distinct = pd.factorize(present.astype(str))
    text = pd.Series(distinct, dtype=object).astype(str).str.strip().to_numpy(dtype=object)
    return pd.Series(text[codes], index=present.index, dtype=object)


def stripped_column(m: Measurement, column: str) -> pd.Series:
    """:func:`stripped_text` of a sampled column, computed once per measurement for every check."""
    return m.cached(("stripped_text", column), lambda: stripped_text(m.sample[column]))


def estimate_tokens(text: str) -> int:
    """Tokens a BPE tokenizer would produce, estimated: ⌈chars / 4⌉, CJK counted per character."""
    if not text:
        return 0
    if text.isascii():
        return -(-len(text) // CHARS_PER_TOKEN)
    wide = len(_WIDE.findall(text))
    return wide + -(-(len(text) - wide) // CHARS_PER_TOKEN)


def longest_unbroken(text: str) -> int:
    """Characters in the longest stretch without a line break: what a splitter must cut inside."""
    if not text:
        return 0
    return max(len(line) for line in text.split("\n"))


# --- encoding damage -------------------------------------------------------------------------


def _continuation_chars() -> str:
    """What the bytes 0x80-0xBF (UTF-8 continuation bytes) look like when read as Windows-1252."""
    chars = []
    for b in range(0x80, 0xC0):
        try:
            chars.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(bytes([b]).decode("latin-1"))
    return "".join(chars)


_CONT = re.escape(_continuation_chars())
MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CONT}]{{1,3}}")
"""UTF-8 lead byte + continuation bytes, read as Windows-1252 or Latin-1 ("Ã©" for "é", "â€™" for "’")."""
REPLACEMENT = "\ufffd"


def _as_bytes(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            try:
                out += ch.encode("latin-1")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def mojibake(text: str) -> list[tuple[str, str]]:
    """Damaged sequences with their repair: text that was UTF-8, decoded as Windows-1252 or Latin-1.

    A candidate counts only when its bytes decode as UTF-8 again, so ordinary accented text
    ("café", "Ça va", "Größe") is never taken for damage.
    """
    if text.isascii():
        return []
    found = []
    for match in MOJIBAKE.finditer(text):
        raw = _as_bytes(match.group())
        if raw is None:
            continue
        # The greedy match may swallow a following character that belongs to the text: try shorter.
        for end in range(len(raw), 1, -1):
            try:
                repaired = raw[:end].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if not repaired.isascii():
                found.append((match.group()[:end], repaired))
            break
    return found


# --- languages -------------------------------------------------------------------------------

# The most frequent function words of each language; a document's language is the one whose
# words it uses most. Enough to tell a corpus's languages apart, not to identify dialects.
_FUNCTION_WORDS = {
    "en": "the and of to is in that it for you with on are this be as was have not or can your will by from at an if we they which there",
    "de": "der die und das ist nicht ein eine zu den mit sich des auf für dem im von sie es auch wird wir ich oder aber werden bei nach kann sind ihr ihre ihrem ihnen wenn dass zum zur",
    "fr": "le la les et des est une un du pour que qui dans pas sur au avec ce vous nous sont plus par ou mais cette aux leur être à votre vos ne son sa ses tout très comme elle",
    "es": "el la los las de que y en es un una por con para del se no su al lo como más pero sus este está son también hay desde sin sobre entre muy ya usted",
    "it": "il di che e la per un una non sono con del della le si gli da al è nel come anche più questo ma alla dei",
    "pt": "o a de que e do da em um uma para com não os no na se por mais as dos das ao seu sua é está você",
    "nl": "de het een en van is dat niet op te in zijn voor met die je er maar ook aan bij wordt kan u naar dan",
    "sv": "och att det som en är på för med av inte den till har jag de om ett kan du var men vi så från",
    "da": "og at det er en til på de med for ikke den af som har jeg et kan du vi men så fra være også",
    "no": "og i det er en til på som med for ikke den av har jeg et kan du vi men så fra være også å",
    "fi": "ja on ei se että hän oli ovat mutta kun tai myös kuin niin jos ole sen joka vain jo mukaan voi",
    "pl": "i w nie na się z do to że jest jak o ale po co tak za od przez dla są jego już może",
    "cs": "a je se na v že to s z do o ve jako by ale pro jsou jsem není také k od po tak",
    "tr": "ve bir bu da de için ile çok ne daha gibi olarak olan ama kadar var en sonra her değil",
    "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke ada bisa atau saya kami",
    "ro": "și în de la să că nu cu pe o un este din pentru mai sunt care ce se fi",
    "hu": "a az és hogy nem egy is van meg ez de csak már mint volt ki el azt vagy még",
}
_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_NON_LATIN = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
)
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
LANGUAGE_SAMPLE_WORDS = 120
"""Words read per document to tell its language."""
MIN_LANGUAGE_WORDS = 8


@lru_cache(maxsize=1)
def _word_languages() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for lang, words in _FUNCTION_WORDS.items():
        for w in words.split():
            table.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in table.items()}


def detect_language(text: str, words: Sequence[str]) -> str | None:
    """An ISO 639-1 code, or None when the text is too short or matches no profile clearly."""
    if not text:
        return None
    head = text[:2000]
    if not head.isascii() and len(_NON_LATIN.findall(head)) >= 0.2 * len(head):
        letters = sum(ch.isalpha() for ch in head) or 1
        for lang, script in _SCRIPTS:
            # Kana is tried before Han, since Japanese mixes both.
            if len(script.findall(head)) >= 0.3 * letters:
                if lang == "ru" and len(_UKRAINIAN.findall(head)) >= 0.01 * letters:
                    return "uk"
                return lang
    sample = words[:LANGUAGE_SAMPLE_WORDS]
    if len(sample) < MIN_LANGUAGE_WORDS:
        return None
    table = _word_languages()
    scores: dict[str, float] = {}
    for w in sample:
        langs = table.get(w)
        if langs:
            share = 1.0 / len(langs)
            for lang in langs:
                scores[lang] = scores.get(lang, 0.0) + share
    if not scores:
        return None
    best = max(scores, key=lambda k: scores[k])
    # Function words are a fifth or more of running prose; far fewer means code, lists or tables.
    if scores[best] < max(3.0, 0.05 * len(sample)):
        return None
    return best
