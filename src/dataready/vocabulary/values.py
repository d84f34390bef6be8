"""What values and column names conventionally mean: placeholders for "no value", identifier names."""

from __future__ import annotations

import re

# Placeholders people type when they have no value. Compared after lower() and trim().
DISGUISED_MISSING = (
    "n/a",
    "na",
    "n.a.",
    "nan",
    "null",
    "none",
    "nil",
    "-",
    "--",
    "---",
    "?",
    "??",
    "unknown",
    "unk",
    "missing",
    "not available",
    "not applicable",
    "undefined",
    "tbd",
    "tba",
    "#n/a",
    "empty",
    ".",
    "no data",
    "(blank)",
    "blank",
    "x",
    "xx",
    "xxx",
    "0000-00-00",
)

_ID_LIKE = re.compile(r"(^|_)(id|uuid|guid|key|identifier|code|no)$|^id_|[a-z](Id|ID|Key|Code)$")
# Codes that many records share by nature (where someone lives, how to call them) are never keys.
_SHARED_CODE = re.compile(
    r"zip|post|postal|area|phone|tel|fax|country|region|state|city|currency|lang|status|type|class",
    re.I,
)
_SEPARATORS = re.compile(r"[\s\-.]+")


def id_like(name: str) -> bool:
    """Column names that conventionally hold identifiers (``id``, ``customer_id``, ``orderId``, ``Country Code``)."""
    if _SHARED_CODE.search(name) and not re.search(r"(^|_)id$", name, re.I):
        return False
    return bool(_ID_LIKE.search(name)) or bool(
        _ID_LIKE.search(_SEPARATORS.sub("_", name.strip()).lower())
    )
