"""The masking layer: no report shows personal data unless values are asked for (``--show-values``).

What is masked:

- values from *personal columns*: columns classified as holding personal data as whole values
  (a column of e-mail addresses or of names), columns declared ``personal`` or ``special`` in
  dataready.yml (every column when a source is declared ``special``), and columns whose names mark
  personal data (``email``, ``phone``, ``dob`` …). Each such value is masked as a whole;
- personal data inside any other text (free-text examples, messages, measured values, error
  messages): each detected e-mail, phone number, card number, IBAN … is masked in place and the
  rest stays readable.

Masks keep just enough to recognise a value: ``j***@e***.com``, ``**** **** **** 4242``,
``+** **** ****23``, ``GB** **** **** **** **54 32``, ``***-**-6789``, ``J*** S***``.
Heavy work (detection) is imported lazily: importing this module costs nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dataready.model import FailedRows, Finding, Measurement, Source, SourceScorecard
    from dataready.pii.detectors import Detector

_PERSONAL_NAME = re.compile(
    r"e[-_]?mail|phone|mobile|tel(ephone)?$|fax|(first|last|full|given|family|sur|middle|maiden)[-_]?name|^name$|"
    r"customer[-_]?name|contact[-_]?name|address|street|postcode|post[-_]?code|zip|ssn|social[-_]?security|"
    r"national[-_]?id|passport|licen[cs]e|iban|account[-_]?(no|number)|card[-_]?(no|number)|credit[-_]?card|"
    r"birth|dob|ip[-_]?addr|^ip$|salary|tax[-_]?id|nino|gender|ethnic|religion|health|diagnos",
    re.I,
)
PERSONAL_SENSITIVITY = ("personal", "special")
# A date or timestamp is not personal in itself, though its digits run long.
_ISO_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_ARROW = " → "


def is_personal_column(name: str, declared: str | None = None) -> bool:
    """Whether a column's *name* (or a ``special`` declaration of its source) marks it as personal.

    A source declared ``special`` (special-category data) is masked throughout; otherwise the
    column's name decides, so that a country or status column of a personal table stays readable.
    """
    return declared == "special" or bool(_PERSONAL_NAME.search(name))


# --- masking one value ---------------------------------------------------------------------------


def mask_span(kind: str, text: str) -> str:
    """One detected value of ``kind``, masked so that it can be recognised but not read."""
    if kind == "email" and "@" in text:
        local, _, domain = text.rpartition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}***@{domain[:1]}***" + (f".{tld}" if tld else "")
    digits = [ch for ch in text if ch.isdigit()]
    if kind == "payment_card" and len(digits) >= 12:
        return "**** " * ((len(digits) - 4 + 3) // 4) + "".join(digits[-4:])
    if kind == "iban":
        compact = re.sub(r"\s", "", text)
        hidden = compact[:2] + "*" * (len(compact) - 6) + compact[-4:]
        return " ".join(hidden[i : i + 4] for i in range(0, len(hidden), 4))
    if kind == "us_ssn" and len(digits) == 9:
        return "***-**-" + "".join(digits[-4:])
    if kind == "phone":
        return _hide_characters(text, keep_last=2, keep=lambda ch: not ch.isdigit())
    if kind == "ip_address":
        if "." in text and ":" not in text:
            return text.split(".", 1)[0] + ".*.*.*"
        return text.split(":", 1)[0] + ":****"
    if kind == "date_of_birth":
        return _hide_characters(text, keep_last=0, keep=lambda ch: not ch.isalnum())
    if kind in ("uk_nino", "postcode"):
        return _hide_characters(
            text,
            keep_last=1 if kind == "uk_nino" else 0,
            keep=lambda ch: not ch.isalnum(),
            keep_first=1 if kind == "postcode" else 0,
        )
    if kind == "person_name":
        return " ".join(_initial(word) for word in text.split())
    return _initial(text)


def _initial(text: str) -> str:
    return "*" if len(text) <= 1 else text[0] + "***"


def _hide_characters(text: str, *, keep_last: int, keep: Any, keep_first: int = 0) -> str:
    """Replace letters and digits by ``*``, except separators and the first/last few."""
    positions = [i for i, ch in enumerate(text) if not keep(ch)]
    shown = set(positions[:keep_first]) | (set(positions[-keep_last:]) if keep_last else set())
    if len(shown) >= len(positions):
        shown = set()
    return "".join(ch if keep(ch) or i in shown else "*" for i, ch in enumerate(text))


def _placeholders() -> frozenset[str]:
    from dataready.vocabulary.values import DISGUISED_MISSING

    return frozenset(DISGUISED_MISSING)


_PLACEHOLDERS = _placeholders()


def mask_value(
    value: Any, kinds: Iterable[str] = (), detectors: Sequence[Detector] | None = None
) -> str:
    """A value from a personal column, masked as a whole.

    When the value *is* a detected kind (``jane@example.com``), it gets that kind's mask
    (``j***@e***.com``); otherwise only its first character shows (``N/A`` → ``N***``). An example
    written as a mapping (``'Jon' → 'John'``) has each side masked.
    """
    text = str(value)
    if _ARROW in text:
        return _ARROW.join(
            _quoted(mask_value, part, kinds, detectors) for part in text.split(_ARROW)
        )
    if text.strip().lower() in _PLACEHOLDERS:
        return text  # "N/A" or "unknown" identifies nobody, and the expectation needs it verbatim
    hits = _scan(text, detectors, hinted=tuple(kinds))
    if hits and _covers(text, hits):
        return _replace(text, hits)
    if "person_name" in kinds and text.strip():
        return mask_span("person_name", text.strip())
    return _initial(text)


def mask(value: Any) -> str:
    """``jane.doe@example.com`` → ``j***@e***.com``; other values keep their first character only."""
    return mask_value(value)


# A file name that is an e-mail address plus an extension: the detector leaves ``x@y.com.md``
# alone (``logo@2x.png`` is not an address), so the name is masked without its extension.
_FILE_NAMED_BY_ADDRESS = re.compile(
    r"([^\s/\\\"'<>@]+@[^\s/\\\"'<>@]+?)"
    r"(\.(?:md|markdown|txt|text|rst|html?|pdf|docx?|csv|tsv|json|jsonl|ndjson|xlsx?|xlsm|parquet|pq))"
    r"(?=$|[\s\"',;:)\]}|])",
    re.IGNORECASE,
)


def mask_text(text: str, detectors: Sequence[Detector] | None = None) -> str:
    """Personal data inside free text masked in place; the rest of the text stays readable."""
    if not text:
        return text
    if "@" in text:
        text = _FILE_NAMED_BY_ADDRESS.sub(
            lambda m: mask_text(m.group(1), detectors) + m.group(2), text
        )
    if detectors is None:
        return _mask_text_cached(text)
    hits = _scan(text, detectors)
    return _replace(text, hits) if hits else text


@lru_cache(maxsize=65_536)
def _mask_text_cached(text: str) -> str:
    hits = _scan(text, None)
    return _replace(text, hits) if hits else text


def mask_texts(texts: Sequence[str], detectors: Sequence[Detector] | None = None) -> list[str]:
    """:func:`mask_text` for many values at once: one scan of the whole batch (for tables and frames)."""
    from dataready.pii.detectors import BUILTIN_DETECTORS
    from dataready.pii.scan import scan_values

    hits_by_row: dict[int, list[Any]] = {}
    for h in scan_values(texts, detectors if detectors is not None else BUILTIN_DETECTORS):
        hits_by_row.setdefault(h.row, []).append(h)
    return [_replace(t, hits_by_row[i]) if i in hits_by_row else t for i, t in enumerate(texts)]


def _scan(
    text: str, detectors: Sequence[Detector] | None, hinted: tuple[str, ...] = ()
) -> list[Any]:
    from dataready.pii.detectors import BUILTIN_DETECTORS
    from dataready.pii.scan import scan_text

    return scan_text(text, detectors if detectors is not None else BUILTIN_DETECTORS, hinted=hinted)


def _covers(text: str, hits: Sequence[Any]) -> bool:
    """The detections are the value: what is left over is punctuation and blanks."""
    rest = list(text)
    for h in hits:
        rest[h.start : h.end] = [" "] * (h.end - h.start)
    return not any(ch.isalnum() for ch in rest)


def _replace(text: str, hits: Sequence[Any]) -> str:
    out, last = [], 0
    for h in sorted(hits, key=lambda h: h.start):
        out += [text[last : h.start], mask_span(h.kind, text[h.start : h.end])]
        last = h.end
    out.append(text[last:])
    return "".join(out)


def _quoted(fn: Any, part: str, *args: Any) -> str:
    for q in ("'", '"'):
        if len(part) >= 2 and part[0] == q and part[-1] == q:
            return q + fn(part[1:-1], *args) + q
    return str(fn(part, *args))


# --- which columns are personal ----------------------------------------------------------------------


def personal_columns(m: Measurement) -> dict[str, tuple[str, ...]]:
    """Columns whose values are masked whole, each with the kinds found in it (may be none).

    Classified as holding personal data as whole values, declared personal or special (per column,
    or the whole source as special), or named like personal data. Free-text columns are not listed:
    the personal data inside them is masked in place.
    """
    from dataready.pii.classify import classify_measurement

    out: dict[str, tuple[str, ...]] = {}
    try:
        classified = classify_measurement(m)
    except Exception:  # data no detector expected: mask every column rather than risk showing it
        return {c.name: () for c in m.columns}
    for name, c in classified.items():
        if c.structured or not c.free_text:
            out[name] = tuple(k.kind for k in c.kinds)
    for column in m.columns:
        declared = m.source.column_sensitivity.get(column.name)
        if column.name not in out and (
            declared in PERSONAL_SENSITIVITY
            or (declared is None and is_personal_column(column.name, m.source.sensitivity))
        ):
            out[column.name] = ()
    return out


def declared_sensitivity(source: Source, column: str) -> str | None:
    """The column's own declaration, else its source's."""
    return source.column_sensitivity.get(column) or source.sensitivity


# --- masking results ----------------------------------------------------------------------------------


def mask_findings(
    findings: Sequence[Finding], m: Measurement | None = None, *, source: Source | None = None
) -> list[Finding]:
    """Findings as reports may show them: values of personal columns and personal data in text masked."""
    from dataready.model import Dimension
    from dataready.pii.classify import detectors_for

    src = m.source if m is not None else source
    detectors = detectors_for(src.detectors) if src is not None else None
    personal = personal_columns(m) if m is not None else {}
    out = []
    for f in findings:
        involved = [c for c in f.columns if c in personal]
        kinds = tuple(dict.fromkeys(k for c in involved for k in personal[c]))
        if f.dimension is Dimension.PRIVACY:
            # The privacy checks quote detected values only as examples; their messages and
            # measurements name kinds and shares, never values.
            f = dataclasses.replace(
                f, examples=tuple(mask_value(e, kinds, detectors) for e in f.examples)
            )
            out.append(_mask_finding(f, False, kinds, detectors))
        else:
            out.append(_mask_finding(f, bool(involved), kinds, detectors))
        if f.failed_rows is not None and f.failed_rows.cells:
            out[-1] = dataclasses.replace(
                out[-1], failed_rows=_mask_failed_rows(f.failed_rows, personal, detectors)
            )
        rows = out[-1].failed_rows
        if rows is not None and rows.predicate:
            # A predicate names its columns, and a column header can be personal data itself.
            out[-1] = dataclasses.replace(
                out[-1], failed_rows=dataclasses.replace(rows, predicate=mask_text(rows.predicate))
            )
    return out


def _mask_failed_rows(
    rows: FailedRows,
    personal: Mapping[str, tuple[str, ...]],
    detectors: Sequence[Detector] | None,
) -> FailedRows:
    """Cells as reports may list them: values of personal columns masked whole, others in place.

    A key from a personal column (an e-mail address as the key) is masked like its values.
    """
    texts = sorted(
        {v for _i, c, v in rows.cells if isinstance(v, str) and c not in personal}
        | {
            v
            for ids, _c, _v in rows.cells
            for name, v in zip(rows.identity, ids, strict=False)
            if isinstance(v, str) and name not in personal
        }
    )
    in_place = dict(zip(texts, mask_texts(texts, detectors), strict=True)) if texts else {}

    def shown(column: str, value: Any) -> Any:
        if value is None or (not isinstance(value, str) and column not in personal):
            return value
        if column in personal:
            return mask_value(value, personal[column], detectors)
        return in_place.get(value, value)

    cells = tuple(
        (
            tuple(shown(name, v) for name, v in zip(rows.identity, ids, strict=False)),
            column,
            shown(column, value),
        )
        for ids, column, value in rows.cells
    )
    return dataclasses.replace(rows, cells=cells)


def _mask_finding(
    f: Finding, whole: bool, kinds: tuple[str, ...], detectors: Sequence[Detector] | None
) -> Finding:
    def one(value: Any) -> Any:
        if isinstance(value, str):
            return mask_value(value, kinds, detectors) if whole else mask_text(value, detectors)
        return value

    def deep(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {
                k if k in STRUCTURE_KEYS else one(k): v if k in NOT_DATA_KEYS else deep(v)
                for k, v in value.items()
            }
        if isinstance(value, (list, tuple)):
            return type(value)(deep(v) for v in value)
        return one(value)

    replacements: dict[str, str] = {}
    if whole:
        for raw in _strings(f.examples, f.measured, _value_sets(f)):
            if len(raw) >= 3 and _ARROW not in raw:
                replacements[raw] = one(raw)
    message = _mask_prose(f.message, replacements, detectors)
    remediation = f.remediation
    if remediation is not None:
        expectation = remediation.expectation
        if expectation is not None and isinstance(expectation.get("kwargs"), Mapping):
            kwargs = {
                k: deep(v)
                if k in ("value_set", "values")
                else (_mask_names(v, detectors) if k in _COLUMN_ARGUMENTS else v)
                for k, v in expectation["kwargs"].items()
            }
            expectation = {**expectation, "kwargs": kwargs}
        remediation = dataclasses.replace(
            remediation,
            action=_mask_prose(remediation.action, replacements, detectors),
            expectation=expectation,
        )
    return dataclasses.replace(
        f,
        message=message,
        columns=tuple(mask_text(c, detectors) for c in f.columns),
        examples=tuple(
            one(e) if isinstance(e, str) else (one(str(e)) if whole else e) for e in f.examples
        ),
        measured=deep(f.measured),
        remediation=remediation,
    )


_COLUMN_ARGUMENTS = frozenset({"column", "column_A", "column_B", "column_list", "column_set"})
"""Expectation arguments holding column names: a header can be an e-mail address too."""


def _mask_names(value: Any, detectors: Sequence[Detector] | None) -> Any:
    if isinstance(value, str):
        return mask_text(value, detectors)
    if isinstance(value, (list, tuple)):
        return type(value)(_mask_names(v, detectors) for v in value)
    return value


def _value_sets(f: Finding) -> list[Any]:
    expectation = f.remediation.expectation if f.remediation else None
    kwargs = expectation.get("kwargs", {}) if expectation else {}
    return [kwargs.get("value_set"), kwargs.get("values")]


STRUCTURE_KEYS = frozenset(
    {
        "domain",
        "values",
        "intended",
        "system",
        "sample_rows",
        "violations",
        "value",
        "expected",
        "found",
        "rows",
        "range",
        "holds",
    }
)
"""Keys that name the parts of a structured measured value (the value-shape, code-system, number
and dependency findings), not values of the data: kept as they are, and never masked in prose."""
NOT_DATA_KEYS = frozenset({"domain", "system", "sample_rows", "range", "holds"})
"""Of those, the parts that hold no value of the data (shapes such as ``A999AA``, a code system's
name, sample positions, a range, a share): shown as they are."""


def _strings(*values: Any) -> Iterable[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, Mapping):
            for k, v in value.items():
                if k in NOT_DATA_KEYS:
                    continue
                yield from _strings(v) if k in STRUCTURE_KEYS else _strings(k, v)
        elif isinstance(value, (list, tuple)):
            yield from _strings(*value)


def _mask_prose(
    text: str, replacements: Mapping[str, str], detectors: Sequence[Detector] | None
) -> str:
    for raw in sorted(replacements, key=len, reverse=True):
        text = re.sub(
            rf"(?<!\w){re.escape(raw)}(?!\w)", replacements[raw].replace("\\", "\\\\"), text
        )
    return mask_text(text, detectors)


def mask_rows(
    rows: Iterable[Mapping[str, Any]],
    personal: Mapping[str, Sequence[str]],
    detectors: Sequence[Detector] | None = None,
) -> tuple[dict[str, Any], ...]:
    """Example rows: cells of personal columns masked whole, personal data in other text masked in place."""

    def cell(column: str, value: Any) -> Any:
        if value is None:
            return None
        if column in personal:
            return mask_value(value, personal[column], detectors)
        if isinstance(value, str) and not _ISO_TIMESTAMP.match(value):
            return mask_text(value, detectors)
        return value

    return tuple({mask_text(k, detectors): cell(k, v) for k, v in row.items()} for row in rows)


def mask_card(card: SourceScorecard, m: Measurement | None = None) -> SourceScorecard:
    """A source's scorecard as reports may show it (its findings are expected to be masked already)."""
    from dataready.pii.classify import detectors_for

    detectors = detectors_for(card.source.detectors)
    changes: dict[str, Any] = {}
    if card.error:
        changes["error"] = mask_text(card.error, detectors)
    rows = getattr(card, "example_rows", ())
    if rows:
        personal = (
            personal_columns(m)
            if m is not None
            else {c: () for c in rows[0] if is_personal_column(c, card.source.sensitivity)}
        )
        changes["example_rows"] = mask_rows(rows, personal, detectors)
    return dataclasses.replace(card, **changes) if changes else card
