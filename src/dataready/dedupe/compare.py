"""Comparing two records field by field, and weighing the evidence.

Each field comparison lands on one of four levels (exact, close, partial, different) using the
rapidfuzz scorer that suits its kind. Each level carries evidence in bits, Fellegi–Sunter style:
log2(m / u), where m is how often true duplicates land there and u how often unrelated records
do. m and the fuzzy levels' u are fixed, documented values (no training step); for an exact
agreement u is the value's own frequency in the data, so sharing "smith" counts for little and
sharing a rare surname for a lot. The record's match probability adds the fields' bits to prior
odds of 1 : rows (about one duplicate per record at most).

Two rules encode what independence cannot: the attributes a household shares (address, postcode,
phone, city) are one piece of evidence, not four; and records whose given (or whole) names clearly
differ are paired only when a personal identifier (an e-mail address, a national id) agrees too,
and then against about nine bits of evidence: family members share surname, address, phone and
even a birthday, while one person's name rarely changes beyond a typo, an initial or a nickname.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dataready.dedupe.fields import FieldKind

if TYPE_CHECKING:
    import numpy as np

MISSING, EXACT, CLOSE, PARTIAL, DIFFERENT = 0, 1, 2, 3, 4
LEVEL_NAMES = ("missing", "exact", "close", "partial", "different")


@dataclass(frozen=True)
class Weights:
    """m probabilities for exact, close, partial and different; u for close and partial."""

    m: tuple[float, float, float, float]
    u_close: float
    u_partial: float


WEIGHTS: dict[FieldKind, Weights] = {
    FieldKind.GIVEN_NAME: Weights((0.80, 0.12, 0.078, 0.002), 0.010, 0.03),
    FieldKind.MIDDLE_NAME: Weights((0.60, 0.10, 0.20, 0.10), 0.020, 0.10),
    FieldKind.SURNAME: Weights((0.85, 0.09, 0.03, 0.03), 0.005, 0.02),
    FieldKind.NAME: Weights((0.78, 0.14, 0.078, 0.002), 0.002, 0.01),
    FieldKind.EMAIL: Weights((0.78, 0.08, 0.04, 0.10), 0.0005, 0.002),
    FieldKind.PHONE: Weights((0.80, 0.08, 0.02, 0.10), 0.0005, 0.002),
    FieldKind.DATE: Weights((0.87, 0.11, 0.01, 0.01), 0.002, 0.01),
    FieldKind.ADDRESS: Weights((0.70, 0.16, 0.06, 0.08), 0.001, 0.005),
    FieldKind.CITY: Weights((0.85, 0.06, 0.01, 0.08), 0.010, 0.05),
    FieldKind.REGION: Weights((0.90, 0.04, 0.01, 0.05), 0.010, 0.05),
    FieldKind.POSTCODE: Weights((0.82, 0.08, 0.02, 0.08), 0.002, 0.01),
    FieldKind.IDENTIFIER: Weights((0.92, 0.05, 0.01, 0.02), 0.0001, 0.001),
    FieldKind.TEXT: Weights((0.70, 0.15, 0.08, 0.07), 0.003, 0.02),
}
"""m: share of true duplicates at each level (typos, formatting, missing parts, changed values);
u: share of unrelated records that still come this close. Tables with known behaviour of real
registers (birth dates spread over decades, a few dozen thousand common surnames) set them."""

HOUSEHOLD = (
    FieldKind.ADDRESS,
    FieldKind.POSTCODE,
    FieldKind.PHONE,
    FieldKind.CITY,
    FieldKind.REGION,
)
"""Attributes a whole household (or office) shares: one piece of evidence, not five. The location
(address, postcode, city, region) speaks through its most precise field both records have, unless
a field clearly disagrees (Portland, Oregon is not Portland, Maine); the phone stands beside it,
and the stronger of the two counts."""
LOCATION = (FieldKind.ADDRESS, FieldKind.POSTCODE, FieldKind.CITY, FieldKind.REGION)

U_FLOOR = 1e-7


def bits(kind: FieldKind, level: np.ndarray, tf: np.ndarray) -> np.ndarray:
    """Evidence in bits for each compared pair: log2(m/u) by level; exact agreement uses the value's frequency."""
    import numpy as np

    w = WEIGHTS[kind]
    out = np.zeros(len(level), dtype=np.float32)
    exact = level == EXACT
    out[exact] = np.log2(w.m[0] / np.maximum(tf[exact], U_FLOOR))
    out[level == CLOSE] = math.log2(w.m[1] / w.u_close)
    out[level == PARTIAL] = math.log2(w.m[2] / w.u_partial)
    out[level == DIFFERENT] = math.log2(w.m[3] / (1 - w.u_close - w.u_partial))
    return out


NICKNAMES = {
    "robert": ("bob", "rob", "bobby", "robbie", "bert"),
    "william": ("bill", "will", "billy", "willy", "liam"),
    "james": ("jim", "jimmy", "jamie"),
    "john": ("jack", "johnny", "jon"),
    "michael": ("mike", "mick", "mickey"),
    "richard": ("rick", "dick", "rich", "richie"),
    "thomas": ("tom", "tommy"),
    "charles": ("charlie", "chuck", "chas"),
    "joseph": ("joe", "joey"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davy"),
    "edward": ("ed", "eddie", "ted", "ned"),
    "anthony": ("tony",),
    "christopher": ("chris", "kit"),
    "matthew": ("matt",),
    "andrew": ("andy", "drew"),
    "nicholas": ("nick", "nicky"),
    "alexander": ("alex", "sandy", "xander"),
    "benjamin": ("ben", "benny"),
    "samuel": ("sam", "sammy"),
    "jonathan": ("jon", "jonny"),
    "peter": ("pete",),
    "stephen": ("steve", "steph"),
    "steven": ("steve",),
    "timothy": ("tim", "timmy"),
    "patrick": ("pat", "paddy"),
    "gregory": ("greg",),
    "elizabeth": ("liz", "beth", "betty", "lizzie", "eliza", "libby"),
    "katherine": ("kate", "katie", "kathy", "kat"),
    "catherine": ("cathy", "kate", "katie", "cat"),
    "margaret": ("maggie", "meg", "peggy", "marge"),
    "jennifer": ("jen", "jenny"),
    "rebecca": ("becky", "becca"),
    "susan": ("sue", "susie"),
    "deborah": ("debbie", "deb"),
    "patricia": ("pat", "patty", "trish"),
    "victoria": ("vicky", "tori"),
    "alexandra": ("alex", "sasha", "lexi"),
    "samantha": ("sam", "sammy"),
    "christine": ("chris", "tina"),
    "jessica": ("jess", "jessie"),
    "abigail": ("abby",),
    "dorothy": ("dot", "dolly"),
    "frances": ("fran", "frankie"),
    "francis": ("frank",),
    "henry": ("harry", "hank"),
    "lawrence": ("larry",),
    "leonard": ("leo", "len", "lenny"),
    "raymond": ("ray",),
    "ronald": ("ron", "ronnie"),
    "donald": ("don", "donny"),
    "kenneth": ("ken", "kenny"),
    "gerald": ("gerry", "jerry"),
    "jacob": ("jake",),
    "zachary": ("zach", "zack"),
    "joshua": ("josh",),
    "nathan": ("nate",),
    "nathaniel": ("nate", "nat"),
    "eleanor": ("ellie", "nell", "nora"),
    "isabella": ("bella", "izzy"),
    "isabel": ("izzy", "bel"),
    "emily": ("em", "emmy"),
}
"""Common English short forms; a nickname agrees partially with its full name."""

_CANONICAL: dict[str, str] = {}
for _full, _short in NICKNAMES.items():
    for _s in _short:
        _CANONICAL.setdefault(_s, _full)


class Vocabulary:
    """The distinct normalised values of a field, with per-value features computed once.

    Record pairs are compared through value codes: equal codes are exact agreements for free, and
    each distinct pair of different values is scored once however many record pairs share it.
    """

    def __init__(self, kind: FieldKind, arrow: Any) -> None:
        self.kind = kind
        self.arrow = arrow
        """The values as an Arrow string array."""
        self._values: np.ndarray | None = None
        self._features: dict[str, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.arrow)

    @property
    def values(self) -> np.ndarray:
        if self._values is None:
            self._values = self.arrow.to_numpy(zero_copy_only=False)
        return self._values

    def take(self, codes: np.ndarray) -> np.ndarray:
        """Values for codes as fresh Python strings, laid out in order (rapidfuzz reads them much
        faster than strings scattered over the heap)."""
        import pyarrow.compute as pc

        return pc.take(self.arrow, codes).to_numpy(zero_copy_only=False)

    @property
    def features(self) -> dict[str, np.ndarray]:
        if self._features is None:
            self._features = _FEATURES.get(self.kind, _no_features)(self.values)
        return self._features


def compare(
    vocabulary: Vocabulary, ci: np.ndarray, cj: np.ndarray, kind: FieldKind | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(level, similarity 0-100) for pairs of value codes (-1 = missing), compared as ``kind``
    (the vocabulary's own kind by default; a given name may be compared as a surname)."""
    import numpy as np
    import pandas as pd

    kind = kind or vocabulary.kind
    n = len(ci)
    level = np.full(n, MISSING, dtype=np.int8)
    sim = np.zeros(n, dtype=np.uint8)
    present = (ci >= 0) & (cj >= 0)
    exact = present & (ci == cj)
    level[exact] = EXACT
    sim[exact] = 100
    rest = np.nonzero(present & ~exact)[0]
    if len(rest):
        size = np.int64(len(vocabulary))
        lo = np.minimum(ci[rest], cj[rest]).astype(np.int64)
        hi = np.maximum(ci[rest], cj[rest]).astype(np.int64)
        if size * 4 < len(
            rest
        ):  # few distinct values (names, cities, dates): score each pair of values once
            inverse, distinct = pd.factorize(lo * size + hi)
            a, b = distinct // size, distinct % size
        else:  # nearly unique values (e-mails, phones): pairs of values rarely repeat
            a, b, inverse = lo, hi, slice(None)
        feats = vocabulary.features
        lv, sc = _COMPARERS[kind](
            vocabulary.take(a),
            vocabulary.take(b),
            {k: v[a] for k, v in feats.items()},
            {k: v[b] for k, v in feats.items()},
        )
        level[rest] = lv[inverse]
        sim[rest] = sc[inverse]
    return level, sim


def compare_values(kind: FieldKind, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``compare`` for two arrays of normalised strings ("" = missing)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    both = np.concatenate([a, b])
    codes, uniques = pd.factorize(both)
    codes = np.where(both == "", -1, codes)
    return compare(
        Vocabulary(kind, pa.array(uniques, type=pa.string())), codes[: len(a)], codes[len(a) :]
    )


Features = dict[str, "np.ndarray"]


def _no_features(values: np.ndarray) -> Features:
    return {}


def _codes(values: Any) -> np.ndarray:
    import pandas as pd

    return pd.factorize(values)[0]


def _arrow(values: np.ndarray) -> Any:
    import pyarrow as pa

    return pa.array(values, type=pa.string())


def _name_features(values: np.ndarray) -> Features:
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc

    arr = _arrow(values)
    head = pd.Series(values, dtype=object).str.split(" ", n=1).str[0].fillna("")
    return {
        "length": pc.utf8_length(arr).to_numpy(zero_copy_only=False).astype(np.int32),
        "first": _codes(pc.utf8_slice_codeunits(arr, 0, 1).to_numpy(zero_copy_only=False)),
        "canonical": _codes(head.map(_CANONICAL).fillna(head).to_numpy()),
        "spaced": pc.match_substring(arr, " ").to_numpy(zero_copy_only=False),
        "initial": pc.match_substring_regex(arr, r"(^| )\w( |$)").to_numpy(zero_copy_only=False),
        "digits": _codes(
            pc.replace_substring_regex(arr, r"\D+", "").to_numpy(zero_copy_only=False)
        ),
    }


def _email_features(values: np.ndarray) -> Features:
    import numpy as np
    import pyarrow.compute as pc

    arr = _arrow(values)
    local = pc.replace_substring_regex(arr, "@.*$", "")
    return {
        "local": _codes(local.to_numpy(zero_copy_only=False)),
        "local_length": pc.utf8_length(local).to_numpy(zero_copy_only=False).astype(np.int32),
        "digits": _codes(
            pc.replace_substring_regex(arr, r"\D+", "").to_numpy(zero_copy_only=False)
        ),
    }


def _date_features(values: np.ndarray) -> Features:
    import pyarrow.compute as pc

    arr = _arrow(values)
    return {
        part: _codes(pc.utf8_slice_codeunits(arr, a, b).to_numpy(zero_copy_only=False))
        for part, (a, b) in (("year", (0, 4)), ("month", (5, 7)), ("day", (8, 10)))
    } | {
        "month_as_day": _codes_in(
            pc.utf8_slice_codeunits(arr, 5, 7), pc.utf8_slice_codeunits(arr, 8, 10)
        )
    }


def _codes_in(a: Any, b: Any) -> np.ndarray:
    """Codes of ``a`` in the code space of ``b`` (so a month can be compared with a day)."""
    import numpy as np
    import pandas as pd

    av, bv = a.to_numpy(zero_copy_only=False), b.to_numpy(zero_copy_only=False)
    codes = pd.factorize(np.concatenate([bv, av]))[0]
    return codes[len(bv) :]


def _digit_features(values: np.ndarray) -> Features:
    import pyarrow.compute as pc

    return {
        "digits": _codes(
            pc.replace_substring_regex(_arrow(values), r"\D+", "").to_numpy(zero_copy_only=False)
        )
    }


def _levels(score: np.ndarray, exact: np.ndarray, close: float, partial: float) -> np.ndarray:
    import numpy as np

    return np.where(
        exact,
        EXACT,
        np.where(score >= close, CLOSE, np.where(score >= partial, PARTIAL, DIFFERENT)),
    ).astype(np.int8)


def _cpdist(x: np.ndarray, y: np.ndarray, scorer: Any) -> np.ndarray:
    import numpy as np
    from rapidfuzz import process

    return process.cpdist(x, y, scorer=scorer, workers=-1, dtype=np.uint8)


def _edits(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    import numpy as np
    from rapidfuzz import distance, process

    return process.cpdist(x, y, scorer=distance.OSA.distance, workers=-1, dtype=np.int32)


def _scaled(x: np.ndarray, y: np.ndarray, scorer: Any) -> np.ndarray:
    import numpy as np
    from rapidfuzz import process

    return (process.cpdist(x, y, scorer=scorer, workers=-1, dtype=np.float32) * 100).round()


def _python(
    mask: np.ndarray, x: np.ndarray, y: np.ndarray, test: Callable[[str, str], bool]
) -> np.ndarray:
    """``test`` on the pairs where ``mask`` holds: a Python loop, so only where it can change the level."""
    import numpy as np

    out = np.zeros(len(x), dtype=bool)
    idx = np.nonzero(mask)[0]
    if len(idx):
        out[idx] = np.fromiter(
            (test(p, q) for p, q in zip(x[idx], y[idx], strict=True)), dtype=bool, count=len(idx)
        )
    return out


Comparer = Callable[
    ["np.ndarray", "np.ndarray", Features, Features], tuple["np.ndarray", "np.ndarray"]
]


def _person_name(
    x: np.ndarray, y: np.ndarray, fx: Features, fy: Features
) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np
    from rapidfuzz import distance

    score = _scaled(x, y, distance.JaroWinkler.normalized_similarity)
    lv = _levels(score, np.zeros(len(x), bool), 92, 85)
    different = lv == DIFFERENT
    # Short names lose a lot of Jaro-Winkler to one typo ("leo" / "lev"): one edit is a partial agreement.
    lv[different] = np.where(_edits(x[different], y[different]) <= 1, PARTIAL, DIFFERENT)
    # An initial ("j" / "john") or a nickname ("bob" / "robert").
    initial = ((fx["length"] == 1) | (fy["length"] == 1)) & (fx["first"] == fy["first"])
    nickname = fx["canonical"] == fy["canonical"]
    lv[(lv == DIFFERENT) & (initial | nickname)] = PARTIAL
    # One part of a double name ("smith" / "smith jones").
    double = _python(
        (lv == DIFFERENT) & (fx["spaced"] | fy["spaced"]),
        x,
        y,
        lambda p, q: len(p) > 2 and len(q) > 2 and (f" {p} " in f" {q} " or f" {q} " in f" {p} "),
    )
    lv[double] = PARTIAL
    return lv, score.astype(np.uint8)


def _whole_name(
    x: np.ndarray, y: np.ndarray, fx: Features, fy: Features
) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np
    from rapidfuzz import fuzz

    score = _cpdist(x, y, fuzz.token_sort_ratio)
    subset = _cpdist(x, y, fuzz.token_set_ratio)
    lv = _levels(score, np.zeros(len(x), bool), 90, 80)
    # "john smith" / "john michael smith": one name inside the other; "j smith" / "john smith": initials.
    inside = _python(
        (lv == DIFFERENT) & (subset == 100),
        x,
        y,
        lambda p, q: len(set(p.split()) & set(q.split())) >= 2,
    )
    initials = _python(
        (lv == DIFFERENT) & ~inside & (fx["initial"] | fy["initial"]), x, y, _initials_agree
    )
    lv[inside | initials] = PARTIAL
    # "customer 1" / "customer 7", "Model 2021" / "Model 2022": numbers in a name tell entities apart.
    lv[fx["digits"] != fy["digits"]] = DIFFERENT
    return lv, np.maximum(score, (subset.astype(np.int32) * 9 // 10).astype(np.uint8))


def _initials_agree(p: str, q: str) -> bool:
    """ "j smith" and "john smith": the same surname, and each other token an initial of the other's."""
    a, b = p.split(), q.split()
    if len(a) != len(b) or len(a) < 2 or not any(len(t) == 1 for t in a + b):
        return False
    a, b = sorted(a, key=len, reverse=True), sorted(b, key=len, reverse=True)
    return a[0] == b[0] and all(
        s[0] == t[0] for s, t in zip(sorted(a[1:]), sorted(b[1:]), strict=True)
    )


def _email(
    x: np.ndarray, y: np.ndarray, fx: Features, fy: Features
) -> tuple[np.ndarray, np.ndarray]:
    from rapidfuzz import fuzz

    score = _cpdist(x, y, fuzz.ratio)
    lv = _levels(score, x == y, 92, 200)
    # "bryan32smi@" and "bryan65smi@" belong to two people: numbers in an address are chosen, not mistyped.
    lv[(lv == CLOSE) & (fx["digits"] != fy["digits"])] = DIFFERENT
    # The same mailbox name at another provider.
    lv[(lv == DIFFERENT) & (fx["local"] == fy["local"]) & (fx["local_length"] >= 4)] = PARTIAL
    return lv, score


def _one_edit(
    x: np.ndarray, y: np.ndarray, fx: Features, fy: Features
) -> tuple[np.ndarray, np.ndarray]:
    """Phones, postcodes and identifiers: equal, or one keystroke apart (a typo or a transposition)."""
    import numpy as np
    from rapidfuzz import fuzz

    edits = _edits(x, y)
    lv = np.where(x == y, EXACT, np.where(edits <= 1, CLOSE, DIFFERENT)).astype(np.int8)
    return lv, _cpdist(x, y, fuzz.ratio)


def _date(
    x: np.ndarray, y: np.ndarray, fx: Features, fy: Features
) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    edits = _edits(x, y)
    swapped = (
        (fx["year"] == fy["year"])
        & (fx["month_as_day"] == fy["day"])
        & (fy["month_as_day"] == fx["day"])
    )
    lv = np.where(x == y, EXACT, np.where((edits <= 1) | swapped, CLOSE, DIFFERENT)).astype(np.int8)
    sim = np.where(
        lv == EXACT, 100, np.where(lv == CLOSE, 90, np.clip(100 - 15 * edits, 0, 100))
    ).astype(np.uint8)
    return lv, sim


def _address(
    x: np.ndarray, y: np.ndarray, fx: Features, fy: Features
) -> tuple[np.ndarray, np.ndarray]:
    from rapidfuzz import fuzz

    score = _cpdist(x, y, fuzz.token_sort_ratio)
    subset = _cpdist(x, y, fuzz.token_set_ratio)
    lv = _levels(score, x == y, 90, 80)
    lv[(lv >= PARTIAL) & (subset == 100)] = CLOSE
    # 12 High St and 14 High St are neighbours, not the same place.
    fuzzy = ((lv == CLOSE) | (lv == PARTIAL)) & (fx["digits"] != fy["digits"])
    lv[_python(fuzzy, x, y, lambda p, q: not _numbers_compatible(p, q))] = DIFFERENT
    return lv, score


def _numbers_compatible(p: str, q: str) -> bool:
    """The numbers of one address are all in the other ("flat 3 146 regent cl" / "146 regent cl");
    an address written without its number does not contradict one written with it."""
    a = {t for t in p.split() if t[:1].isdigit()}
    b = {t for t in q.split() if t[:1].isdigit()}
    return a <= b or b <= a


def _city(
    x: np.ndarray, y: np.ndarray, fx: Features, fy: Features
) -> tuple[np.ndarray, np.ndarray]:
    from rapidfuzz import fuzz

    score = _cpdist(x, y, fuzz.ratio)
    return _levels(score, x == y, 90, 200), score


def _text(
    x: np.ndarray, y: np.ndarray, fx: Features, fy: Features
) -> tuple[np.ndarray, np.ndarray]:
    from rapidfuzz import fuzz

    score = _cpdist(x, y, fuzz.token_sort_ratio)
    lv = _levels(score, x == y, 90, 80)
    lv[fx["digits"] != fy["digits"]] = DIFFERENT
    return lv, score


_COMPARERS: dict[FieldKind, Comparer] = {
    FieldKind.GIVEN_NAME: _person_name,
    FieldKind.MIDDLE_NAME: _person_name,
    FieldKind.SURNAME: _person_name,
    FieldKind.NAME: _whole_name,
    FieldKind.EMAIL: _email,
    FieldKind.PHONE: _one_edit,
    FieldKind.POSTCODE: _one_edit,
    FieldKind.IDENTIFIER: _one_edit,
    FieldKind.DATE: _date,
    FieldKind.ADDRESS: _address,
    FieldKind.CITY: _city,
    FieldKind.REGION: _city,
    FieldKind.TEXT: _text,
}

_FEATURES: dict[FieldKind, Callable[[np.ndarray], Features]] = {
    FieldKind.GIVEN_NAME: _name_features,
    FieldKind.MIDDLE_NAME: _name_features,
    FieldKind.SURNAME: _name_features,
    FieldKind.NAME: _name_features,
    FieldKind.EMAIL: _email_features,
    FieldKind.DATE: _date_features,
    FieldKind.ADDRESS: _digit_features,
    FieldKind.TEXT: _digit_features,
}
