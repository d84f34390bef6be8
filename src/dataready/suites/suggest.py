"""A starter suite from a measurement: not-null columns, unique keys, value sets, ranges with a margin,
formats and row-count bounds, each with the measured figure that suggested it in its meta.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dataready.model import (
    Column,
    ColumnKind,
    Measurement,
)
from dataready.suites.files import suite_from_dict
from dataready.suites.gx import gx_context, gx_suite

ROW_COUNT_MARGIN = 0.1
"""Suggested row-count bounds: the measured count ±10 %."""

RANGE_MARGIN = 0.1
"""Suggested value ranges: the measured min/max widened by 10 % of the span."""

NULL_MARGIN = 0.01
"""A column with some nulls gets ``mostly`` one percentage point under its measured completeness."""

VALUE_SET_MAX = 50
"""Text columns with at most this many distinct values (each repeated at least 5 times) get a value set."""

FORMAT_SHARE = 0.9
"""A format is suggested when at least this share of the sampled values has it."""

SAMPLE_MOSTLY = 0.999
"""``mostly`` for a format seen on every sampled value when the sample does not hold every row."""

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

ISO_DATE = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

URL_PATTERN = r"^https?://\S+$"

TRIMMED = r"(?s)^\S(?:.*\S)?$"

FORMATS = (
    ("an e-mail address", EMAIL),
    ("an ISO 8601 date", ISO_DATE),
    ("a UUID", UUID_PATTERN),
    ("an http(s) URL", URL_PATTERN),
)


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


COUNTRY_ALPHA2 = _codes("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO
FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE
JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO
MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM
TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""")
"""ISO 3166-1 alpha-2 country codes."""

COUNTRY_ALPHA3 = _codes("""
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM
BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR
CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB
GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA
JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA
MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS
SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON
TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
""")
"""ISO 3166-1 alpha-3 country codes."""

CURRENCIES = _codes("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF
CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP
LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS
TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD
XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL
""")
"""ISO 4217 currency codes (current, plus a few recently withdrawn that old rows still carry)."""

_CODE_LISTS = (
    (
        "ISO 3166-1 alpha-2 country code",
        COUNTRY_ALPHA2,
        re.compile(r"countr|nation|ctry|iso_?2", re.I),
    ),
    (
        "ISO 3166-1 alpha-3 country code",
        COUNTRY_ALPHA3,
        re.compile(r"countr|nation|ctry|iso_?3", re.I),
    ),
    ("ISO 4217 currency code", CURRENCIES, re.compile(r"curr|ccy", re.I)),
)


def suggest(m: Measurement) -> dict[str, Any]:
    """A starter suite (GX 1.x JSON) from a measurement, each expectation explaining itself in ``meta``.

    Every bound is taken from the data as it is today with a margin, so the suite passes on the
    data it was suggested from and fails when a later load breaks what held: a column that had
    no nulls gets some, a key repeats, a category gains an unknown value, a number or date leaves
    its range, a format changes. It is a starting point for a review, not a verdict on the data.
    """
    from dataready.measure import candidate_keys
    from dataready.vocabulary.values import id_like

    rows = m.row_count
    exact = "all rows" if rows else "no rows"
    sampled = "all rows" if m.sample_is_complete else f"a sample of {m.sample_size:,} rows"
    out: list[dict[str, Any]] = []

    def add(
        kind: str, reason: str, measured: Mapping[str, Any], basis: str = exact, **kwargs: Any
    ) -> None:
        out.append(
            {
                "type": kind,
                "kwargs": kwargs,
                "meta": {
                    "dataready": {"reason": reason, "measured": dict(measured), "basis": basis}
                },
            }
        )

    names = [c.name for c in m.columns]
    add(
        "expect_table_columns_to_match_set",
        f"the source has these {len(names)} columns",
        {"columns": len(names)},
        column_set=names,
        exact_match=True,
    )
    if rows:
        low, high = (
            math.floor(rows * (1 - ROW_COUNT_MARGIN)),
            math.ceil(rows * (1 + ROW_COUNT_MARGIN)),
        )
        add(
            "expect_table_row_count_to_be_between",
            f"{rows:,} rows today; ±{ROW_COUNT_MARGIN:.0%} (widen the upper bound if the table grows)",
            {"rows": rows},
            min_value=low,
            max_value=high,
        )

    keys = [k for k in candidate_keys(m.source, m.columns, dict(m.stats), rows) if k]
    key_columns = {k[0] for k in keys if len(k) == 1}
    for key in keys:
        _suggest_key(add, m, key)
    if not keys and m.duplicate_rows == 0 and rows > 1 and len(names) > 1:
        add(
            "expect_compound_columns_to_be_unique",
            f"no two of the {rows:,} rows are identical",
            {"duplicate_rows": 0},
            column_list=names,
        )

    for c in m.columns:
        s = m.stats[c.name]
        if not rows or c.kind is ColumnKind.OTHER:
            continue
        _suggest_completeness(add, c.name, s.non_null, rows)
        if not s.non_null:
            continue
        if c.kind is ColumnKind.STRING:
            _suggest_text(add, m, c, sampled)
        elif c.kind is ColumnKind.NUMBER and c.name not in key_columns and not id_like(c.name):
            _suggest_range(add, c.name, s.min_value, s.max_value)
        elif c.kind.is_temporal:
            _suggest_dates(add, c.name, s.min_value, s.max_value, m.measured_at)
    out = _formats_for_personal_columns(out, m)
    return {
        "name": m.source.name,
        "expectations": out,
        "meta": {
            "dataready": {
                "source": m.source.name,
                "rows": rows,
                "suggested_at": m.measured_at.replace(microsecond=0).isoformat(),
                "note": "A starter suite suggested from the data as it was measured; review each expectation "
                "(meta.dataready.reason) before relying on it.",
            }
        },
    }


Add = Callable[..., None]


_VALUE_EXPECTATIONS = frozenset(
    {"expect_column_values_to_be_in_set", "expect_column_values_to_be_between"}
)
"""Suggested expectations that write values of the data into the suite (sets, min and max)."""


def _formats_for_personal_columns(
    out: list[dict[str, Any]], m: Measurement
) -> list[dict[str, Any]]:
    """The suite without values of personal columns: their formats (regex, lengths) instead.

    Suites are committed to git and shared; a value set of e-mail addresses or the smallest and
    largest card number is personal data. Personal means what masking uses for every report.
    """
    from dataready.pii.masking import personal_columns

    personal = personal_columns(m)
    kept: list[dict[str, Any]] = []
    replaced: set[str] = set()
    for e in out:
        column = e["kwargs"].get("column")
        if column not in personal or e["type"] not in _VALUE_EXPECTATIONS:
            kept.append(e)
            continue
        if column in replaced:
            continue
        replaced.add(column)
        kinds = ", ".join(personal[column]) or "personal data"
        reason = f"{kinds}: the suite checks the format, never values of a personal column"
        s = m.stats[column]
        recognised = (
            _format_of(_sample_text(m, column)) if s.column.kind is ColumnKind.STRING else None
        )
        if recognised is not None:
            label, pattern, share, _measured = recognised
            kept.append(
                {
                    "type": "expect_column_values_to_match_regex",
                    "kwargs": {
                        "column": column,
                        "regex": pattern,
                        **({"mostly": _floor(share - NULL_MARGIN)} if share < 1 else {}),
                    },
                    "meta": {
                        "dataready": {
                            "reason": f"{reason}: {share:.1%} are {label}",
                            "measured": {"matching_share": round(share, 6)},
                            "basis": "sample",
                        }
                    },
                }
            )
        elif s.column.kind is ColumnKind.STRING and s.min_length and s.max_length:
            kept.append(
                {
                    "type": "expect_column_value_lengths_to_be_between",
                    "kwargs": {
                        "column": column,
                        "min_value": s.min_length,
                        "max_value": s.max_length,
                    },
                    "meta": {
                        "dataready": {
                            "reason": f"{reason}: values are {s.min_length} to {s.max_length} characters long",
                            "measured": {"min_length": s.min_length, "max_length": s.max_length},
                            "basis": "all rows",
                        }
                    },
                }
            )
    return [e for e in kept if not _repeats(e, kept)]


def _repeats(e: dict[str, Any], suite: list[dict[str, Any]]) -> bool:
    """Whether an earlier expectation of ``suite`` is the same type on the same column."""
    for other in suite:
        if other is e:
            return False
        if (
            other["type"] == e["type"]
            and other["kwargs"].get("column") == e["kwargs"].get("column")
            and other["kwargs"] == e["kwargs"]
        ):
            return True
    return False


def _suggest_key(add: Add, m: Measurement, key: tuple[str, ...]) -> None:
    extra = m.duplicate_keys.get(key, 0)
    label = "+".join(key)
    declared = "declared key" if key == m.source.key else "identifier"
    non_null = min(m.stats[k].non_null for k in key)
    kind, kwargs = (
        ("expect_column_values_to_be_unique", {"column": key[0]})
        if len(key) == 1
        else ("expect_compound_columns_to_be_unique", {"column_list": list(key)})
    )
    if not extra:
        add(
            kind,
            f"{label} is the {declared} and every value is unique",
            {"duplicates": 0},
            **kwargs,
        )
        return
    # GX counts every row of a repeated value; that is at most twice the surplus rows measured.
    mostly = _floor(1 - 2 * extra / max(non_null, 1))
    if mostly <= 0.5:
        return
    add(
        kind,
        f"{label} is the {declared} but {extra:,} rows repeat a value today; mostly {mostly} keeps today's "
        "state: raise it to 1 once the duplicates are removed",
        {"duplicates": extra},
        mostly=mostly,
        **kwargs,
    )


def _suggest_completeness(add: Add, column: str, non_null: int, rows: int) -> None:
    share = non_null / rows
    if non_null == rows:
        add(
            "expect_column_values_to_not_be_null",
            f"no nulls in {rows:,} rows",
            {"nulls": 0},
            column=column,
        )
    elif share >= 0.5:
        mostly = _floor(share - NULL_MARGIN)
        add(
            "expect_column_values_to_not_be_null",
            f"{share:.1%} of values are present ({rows - non_null:,} nulls); mostly {mostly} keeps a margin",
            {"nulls": rows - non_null, "present_share": round(share, 6)},
            column=column,
            mostly=mostly,
        )


def _suggest_text(add: Add, m: Measurement, c: Column, sampled: str) -> None:
    s = m.stats[c.name]
    top = s.top_values
    if (
        top is not None
        and s.distinct is not None
        and s.distinct <= VALUE_SET_MAX
        and s.non_null >= 5 * s.distinct
    ):
        values = [str(v) for v, _n in top]
        listed = _code_list(c.name, values)
        if listed is not None:
            label, codes = listed
            add(
                "expect_column_values_to_be_in_set",
                f"every value is a valid {label} ({len(values)} distinct)",
                {"distinct": len(values)},
                column=c.name,
                value_set=sorted(codes),
            )
            return
        rare = [
            f"{v!r} ({n:,})"
            for v, n in sorted(top, key=lambda p: p[1])[:3]
            if n <= max(2, 0.005 * s.non_null)
        ]
        note = f"; rare values to review: {', '.join(rare)}" if rare else ""
        add(
            "expect_column_values_to_be_in_set",
            f"{len(values)} distinct values, each repeated{note}",
            {"distinct": len(values), "counts": {str(v): n for v, n in top}},
            column=c.name,
            value_set=sorted(values),
        )
        return
    if top is not None and s.distinct:
        listed = _code_list(c.name, [str(v) for v, _n in top])
        if listed is not None:
            label, codes = listed
            add(
                "expect_column_values_to_be_in_set",
                f"every value is a valid {label} ({s.distinct} distinct)",
                {"distinct": s.distinct},
                column=c.name,
                value_set=sorted(codes),
            )
            return
    values = _sample_text(m, c.name)
    recognised = _format_of(values)
    if recognised is not None:
        label, pattern, share, measured = recognised
        mostly = (
            (1.0 if m.sample_is_complete else SAMPLE_MOSTLY)
            if share == 1
            else _floor(share - NULL_MARGIN)
        )
        add(
            "expect_column_values_to_match_regex",
            f"{share:.1%} of {len(values):,} values are {label}"
            + ("" if m.sample_is_complete else f" ({sampled})"),
            {"matching_share": round(share, 6), "values": len(values), **measured},
            basis=sampled,
            column=c.name,
            regex=pattern,
            **({"mostly": mostly} if mostly < 1 else {}),
        )
        return
    if (
        s.min_length is not None
        and s.min_length == s.max_length
        and s.min_length > 0
        and (s.distinct or 0) > 1
    ):
        add(
            "expect_column_value_lengths_to_be_between",
            f"every value is {s.min_length} characters long",
            {"length": s.min_length},
            column=c.name,
            min_value=s.min_length,
            max_value=s.max_length,
        )
    if not s.untrimmed and not s.blank:
        add(
            "expect_column_values_to_match_regex",
            "no value is blank or has leading or trailing blanks",
            {"untrimmed": 0, "blank": 0},
            column=c.name,
            regex=TRIMMED,
        )
    if not s.disguised_missing:
        add(
            "expect_column_values_to_not_be_in_set",
            "no value is a placeholder for a missing value ('N/A', 'unknown', '-' ...)",
            {"placeholders": 0},
            column=c.name,
            value_set=placeholder_spellings(),
        )


def placeholder_spellings() -> list[str]:
    """The placeholders the audit counts (compared lower-cased there), as people write them."""
    from dataready.vocabulary.values import DISGUISED_MISSING

    return sorted({v for token in DISGUISED_MISSING for v in (token, token.upper(), token.title())})


def _code_list(column: str, values: Sequence[str]) -> tuple[str, frozenset[str]] | None:
    """The standard code list every value belongs to, if the column is named for it or has 5+ codes."""
    if not values:
        return None
    for label, codes, hint in _CODE_LISTS:
        if all(v in codes for v in values) and (hint.search(column) or len(values) >= 5):
            return label, codes
    return None


def _format_of(values: Any) -> tuple[str, str, float, dict[str, str]] | None:
    """(description, regex, share, extra meta) of the format most values have, if one does.

    The formats of FORMATS first, then dates written one way other than ISO 8601, with the regex
    the validity checks recognise that way by: case-insensitive where it names months, written
    with ``(?i)`` in front, which Python, PostgreSQL and ICU all read.
    """
    from dataready.checks.validity import DATE_FORMATS, date_formats

    if not len(values):
        return None
    for label, pattern in FORMATS:
        share = float(values.str.match(pattern).mean())
        if share >= FORMAT_SHARE:
            return label, pattern, share, {}
    spellings = date_formats(values).value_counts(dropna=True)
    if spellings.empty or spellings.iloc[0] / len(values) < FORMAT_SHARE:
        return None
    spelling = str(spellings.index[0])
    compiled = next(pattern for name, pattern, _ in DATE_FORMATS if name == spelling)
    regex = ("(?i)" if compiled.flags & re.IGNORECASE else "") + compiled.pattern
    return (
        f"dates written {spelling}",
        regex,
        float(spellings.iloc[0] / len(values)),
        {"date_format": spelling},
    )


def _sample_text(m: Measurement, column: str) -> Any:
    series = m.sample[column].dropna().astype(str) if column in m.sample.columns else None
    if series is None:
        import pandas as pd

        return pd.Series([], dtype=object)
    return series[series.str.strip() != ""]


def _suggest_range(add: Add, column: str, low: Any, high: Any) -> None:
    if low is None or high is None or isinstance(low, bool):
        return
    try:
        lo, hi = float(low), float(high)
    except (TypeError, ValueError):
        return
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return
    integral = _is_integral(low) and _is_integral(high)
    span = hi - lo
    margin = RANGE_MARGIN * span if span > 0 else max(abs(hi) * RANGE_MARGIN, 1.0)
    bottom, top = lo - margin, hi + margin
    if lo >= 0 > bottom:
        bottom = 0.0  # never suggest negatives for a column that has none
    if integral:
        bounds: tuple[Any, Any] = (math.floor(bottom), math.ceil(top))
    else:
        step = 10 ** math.floor(math.log10(margin)) if margin > 0 else 1.0
        digits = max(0, -math.floor(math.log10(step)))
        bounds = (
            round(math.floor(bottom / step) * step, digits),
            round(math.ceil(top / step) * step, digits),
        )
    add(
        "expect_column_values_to_be_between",
        f"values range from {_number(lo)} to {_number(hi)}; the bounds add {RANGE_MARGIN:.0%} of that span"
        + (" and stay at 0 or above" if bounds[0] == 0 and lo >= 0 else ""),
        {"min": _number(lo), "max": _number(hi)},
        column=column,
        min_value=bounds[0],
        max_value=bounds[1],
    )


def _is_integral(value: Any) -> bool:
    import numpy as np

    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _number(value: float) -> Any:
    return int(value) if float(value).is_integer() else round(value, 6)


def _suggest_dates(add: Add, column: str, low: Any, high: Any, now: dt.datetime) -> None:
    first, last = _as_datetime(low), _as_datetime(high)
    if first is None or last is None:
        return
    span = last - first
    margin = max(span * RANGE_MARGIN, dt.timedelta(days=1))
    bottom = (first - margin).replace(hour=0, minute=0, second=0, microsecond=0)
    aware = first.tzinfo is not None
    reference = now if aware else now.astimezone().replace(tzinfo=None)
    kwargs: dict[str, Any] = {"column": column, "min_value": bottom.isoformat()}
    if last <= reference:
        # Events in the past: any future value is wrong, and new rows must keep passing.
        kwargs["max_value"] = {"$PARAMETER": "now() + timedelta(days=1)"}
        reason = (
            f"values range from {first.isoformat()} to {last.isoformat()}; none is in the future"
        )
    else:
        top = (last + margin).replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(
            days=1
        )
        kwargs["max_value"] = top.isoformat()
        reason = f"values range from {first.isoformat()} to {last.isoformat()} (some in the future)"
    if aware:
        # GX evaluates now() without a time zone, which a zoned column cannot be compared with.
        kwargs["max_value"] = ((last if last > reference else reference) + margin).isoformat()
    add(
        "expect_column_values_to_be_between",
        reason + f"; the lower bound adds {RANGE_MARGIN:.0%} of the span",
        {"min": first.isoformat(), "max": last.isoformat()},
        **kwargs,
    )


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    to_py = getattr(value, "to_pydatetime", None)
    if callable(to_py):
        result = to_py()
        return result if isinstance(result, dt.datetime) else None
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _floor(share: float) -> float:
    """Down to two decimals, so the bound sits under the measured share."""
    return max(0.0, math.floor(share * 100) / 100)


def suite_json(document: Mapping[str, Any]) -> dict[str, Any]:
    """The suite exactly as GX serialises it (ids, severity, GX version), after a load check."""
    path = Path(f"{document.get('name', 'suite')}.json")
    suite = suite_from_dict(dict(document), path=path)
    context = gx_context()
    name = f"dataready_{uuid.uuid4().hex[:12]}"
    added = context.suites.add(gx_suite(dataclasses.replace(suite, name=name)))
    try:
        result: dict[str, Any] = added.to_json_dict()
    finally:
        with contextlib.suppress(Exception):
            context.suites.delete(name)
    result["name"] = suite.name
    result.pop("id", None)  # GX assigns a new suite id on every load
    return json.loads(json.dumps(result, default=str))
