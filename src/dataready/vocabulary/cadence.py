"""Refresh cadences as people write them: ``daily``, ``6h``, ``2 weeks``, ``P1D``, ``static``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_NAMED = {
    "realtime": dt.timedelta(minutes=15),
    "streaming": dt.timedelta(minutes=15),
    "hourly": dt.timedelta(hours=1),
    "daily": dt.timedelta(days=1),
    "weekly": dt.timedelta(weeks=1),
    "monthly": dt.timedelta(days=31),
    "quarterly": dt.timedelta(days=92),
    "yearly": dt.timedelta(days=366),
    "annually": dt.timedelta(days=366),
}
_STATIC = {"static", "never", "none", "ad hoc", "adhoc", "on demand"}
_UNITS = {
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "wk": 604800,
    "week": 604800,
    "weeks": 604800,
}
_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*([a-z]+)$")
_ISO = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")

ALLOWED = "hourly, daily, weekly, monthly, quarterly, yearly, static, an amount such as '6h' or '2 days', or ISO 8601 such as 'P1D'"


def parse_cadence(text: str) -> dt.timedelta | None:
    """The longest time data may go without an update, or None for static data."""
    value = text.strip().lower()
    if value in _STATIC:
        return None
    if value in _NAMED:
        return _NAMED[value]
    amount = _AMOUNT.match(value)
    if amount and amount.group(2) in _UNITS:
        return dt.timedelta(seconds=float(amount.group(1)) * _UNITS[amount.group(2)])
    iso = _ISO.match(text.strip().upper())
    if iso and any(iso.groups()):
        weeks, days, hours, minutes = (int(g or 0) for g in iso.groups())
        return dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
    raise ValueError(f"unknown refresh cadence {text!r}; allowed: {ALLOWED}")


def describe(delta: dt.timedelta) -> str:
    """A short human duration: '3 days', '5 hours', '12 minutes'."""
    seconds = delta.total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if abs(seconds) >= size:
            n = seconds / size
            shown = f"{n:.0f}" if n >= 10 or n == int(n) else f"{n:.1f}"
            return f"{shown} {unit}{'' if shown == '1' else 's'}"
    return f"{seconds:.0f} seconds"


INFER_MIN_TIMESTAMPS = 20
INFER_REGULAR_SHARE = 0.8
"""Share of the gaps between consecutive timestamps within half to one and a half of their median."""
_INFERABLE = (
    ("hourly", dt.timedelta(hours=1)),
    ("daily", dt.timedelta(days=1)),
    ("weekly", dt.timedelta(weeks=1)),
    ("monthly", dt.timedelta(days=30.4)),
    ("quarterly", dt.timedelta(days=91.3)),
    ("yearly", dt.timedelta(days=365.25)),
)


def infer_cadence(timestamps: Any) -> tuple[str, dt.timedelta] | None:
    """The cadence a series of timestamps follows (daily, hourly …), or None when it follows none.

    Rows of a table loaded on a schedule carry timestamps spaced by that schedule: the gaps between
    consecutive distinct timestamps are then nearly all the same. Events (orders, clicks) come at
    random times, their gaps scatter, and they have no cadence to infer.
    """
    import numpy as np

    distinct = np.unique(np.asarray(timestamps, dtype="datetime64[s]"))
    distinct = distinct[~np.isnat(distinct)]
    if len(distinct) < INFER_MIN_TIMESTAMPS:
        return None
    gaps = np.diff(distinct).astype(np.int64).astype(float)
    median = float(np.median(gaps))
    if median <= 0:
        return None
    regular = float(((gaps >= 0.5 * median) & (gaps <= 1.5 * median)).mean())
    if regular < INFER_REGULAR_SHARE:
        return None
    for name, period in _INFERABLE:
        if 0.8 <= median / period.total_seconds() <= 1.2:
            return name, period
    return None
