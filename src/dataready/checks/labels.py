"""Labels: is the column a model learns from ready to learn from?

Runs on sources that declare ``label:`` (training and evaluation data). On the declared column:

- coverage: rows without a label (null, blank or a placeholder such as "unknown"), exact;
- spelling variants: one class written several ways ("Billing", "billing ", "biling"), which a
  model learns as separate classes;
- class balance: the imbalance ratio (largest class / smallest) and the classes too small to learn;
- conflicting labels: the same record, or the same or nearly the same text, labelled differently;
- leakage: a column that predicts the label almost perfectly (an identifier assigned per class, a
  code of the label, or a field filled in after the outcome), which makes offline scores lie.

Classes are compared after folding case, spacing, punctuation and rare misspellings, so a
variant is reported once (as a variant) and not again as a conflict or a tiny class.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, ClassVar

from dataready.checks.base import (
    Check,
    expectation,
    failed_rows,
    in_values,
    masked,
    pct,
    scale_to_rows,
    severity_for_share,
    sql_predicate,
)
from dataready.checks.consistency import likely_intended, normalise
from dataready.model import (
    Basis,
    ColumnKind,
    Dimension,
    FailedRows,
    Finding,
    Measurement,
    Severity,
)
from dataready.vocabulary.values import DISGUISED_MISSING, id_like

IMBALANCE_WARNING = 10.0
IMBALANCE_ERROR = 100.0
"""Imbalance ratios (largest class / smallest) from which a model needs re-weighting, then more data."""
MIN_CLASS_SHARE = 0.01
MIN_CLASS_EXAMPLES = 20
"""A class under 1 % of labelled rows, or with fewer than 20 examples, is too small to learn reliably."""
MAX_CLASSES = 1_000
"""A label with more distinct values than this (and many per row) is a number to predict, not a class."""
LEAK_ACCURACY = 0.98
"""A column predicting the label at least this accurately (and far better than the majority class) leaks it."""
LEAK_COVERAGE = 0.5
"""Only values shared by several rows count: a unique id "predicts" its row's label without leaking anything."""
LEAK_BINS = 20
NEAR_SAME_JACCARD = 0.8
"""Texts sharing this share of their word 3-grams are the same text for labelling purposes."""
PROSE = 80
MIN_RECORD_COLUMNS = 3
"""Records are compared whole only when at least this many columns describe them."""

_POST_OUTCOME = re.compile(
    r"resol|outcome|result|closed|close_|final|decision|decided|approv|reject|refund|escalat|dispos|verdict|"
    r"settle|status|after|post_|_post|handled|assigned|team|queue",
    re.I,
)
_NUMBER_RUN = re.compile(r"\d+")
_NON_WORD = re.compile(r"[\W_]+")


def _is_missing(value: Any) -> bool:
    if value is None or (isinstance(value, float) and value != value):
        return True
    text = str(value).strip()
    return not text or text.lower() in DISGUISED_MISSING or text in ("NaT", "<NA>")


@dataclass(frozen=True)
class LabelData:
    """The label column of the sample, with each row's class after folding spelling variants."""

    column: str
    classes: Any
    """Series of canonical classes (None where unlabelled), aligned with the sample."""
    variants: dict[str, list[tuple[str, int]]]
    """Canonical class → spellings seen with their counts (most frequent first)."""
    counts: Counter[str]
    """Rows per canonical class: over all rows when the engine counted them, else in the sample."""
    exact_counts: bool
    regression: bool


def label_data(m: Measurement) -> LabelData | None:
    """The declared label column, folded; None when it is not declared or does not exist."""
    column = m.source.label
    if not column or column not in m.sample.columns:
        return None
    data: LabelData = m.cached(("label_data", column), lambda: _label_data(m, column))
    return data


def _label_data(m: Measurement, column: str) -> LabelData:
    import pandas as pd

    stats = m.stats[column]
    kind = stats.column.kind
    series = m.sample[column]
    distinct = stats.distinct or series.nunique()
    regression = (
        kind is ColumnKind.NUMBER and distinct > 20 and distinct > 0.05 * max(stats.non_null, 1)
    )
    if kind is ColumnKind.NUMBER and not regression:
        # Integer class codes arrive as floats where nulls are present: 1.0 and 1 are one class.
        series = series.map(
            lambda v: v if _is_missing(v) else (str(int(v)) if float(v).is_integer() else str(v))
        )
    if regression:
        return LabelData(column, series, {}, Counter(), False, True)
    # Spellings and their counts: exact from the engine's value counts when it made them.
    if stats.top_values is not None:
        spelled = [(str(v), int(n)) for v, n in stats.top_values if not _is_missing(v)]
        exact = True
    else:
        spelled = [
            (str(v), int(n))
            for v, n in series[~series.map(_is_missing)].astype(str).value_counts().items()
        ]
        exact = m.sample_is_complete
    mapping, variants = fold_spellings(spelled)
    counts: Counter[str] = Counter()
    for value, n in spelled:
        counts[mapping[value]] += n
    classes = series.map(
        lambda v: None if _is_missing(v) else mapping.get(str(v), normalise(str(v)) or str(v))
    )
    return LabelData(
        column,
        pd.Series(classes.values, index=series.index, dtype=object),
        variants,
        counts,
        exact,
        False,
    )


def fold_spellings(
    spelled: list[tuple[str, int]],
) -> tuple[dict[str, str], dict[str, list[tuple[str, int]]]]:
    """Map every spelling to its class's dominant spelling.

    Spellings that differ in case, spacing or punctuation are one class; a rare spelling one or
    two keystrokes from a class at least ten times as frequent is a misspelling of it (unless
    the two differ in a number: "level 2" and "level 3" are two classes).
    """

    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for value, n in spelled:
        groups[normalise(value) or value].append((value, n))
    totals = {k: sum(n for _v, n in g) for k, g in groups.items()}
    merged: dict[str, str] = {k: k for k in groups}
    common = [k for k, n in totals.items() if len(k) >= 4]
    if len(groups) <= MAX_CLASSES:
        for key, n in sorted(totals.items(), key=lambda kv: kv[1]):
            if len(key) < 4:
                continue
            choices = [k for k in common if k != key and totals[k] >= 10 * n and merged[k] == k]
            if not choices:
                continue
            target = likely_intended(key, choices)
            if target is not None and _NUMBER_RUN.findall(key) == _NUMBER_RUN.findall(target):
                merged[key] = target
    classes: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, group in groups.items():
        classes[merged[key]].extend(group)
    mapping: dict[str, str] = {}
    variants: dict[str, list[tuple[str, int]]] = {}
    for spellings in classes.values():
        ordered = sorted(spellings, key=lambda p: -p[1])
        for value, _n in ordered:
            mapping[value] = ordered[0][0]
        variants[ordered[0][0]] = ordered
    return mapping, variants


class _LabelCheck(Check):
    dimension: ClassVar[Dimension] = Dimension.LABELS

    def applies(self, m: Measurement) -> bool:
        return m.row_count > 0 and bool(m.source.label)


class LabelCoverage(Check):
    """Rows without a label, counted by the engine over every row (and a missing label column)."""

    name: ClassVar[str] = "label_coverage"
    dimension: ClassVar[Dimension] = Dimension.LABELS
    problem: ClassVar[str | None] = "missing"

    def applies(self, m: Measurement) -> bool:
        return bool(m.source.label)

    def run(self, m: Measurement) -> list[Finding]:
        column = m.source.label or ""
        if column not in m.stats:
            return [
                self.finding(
                    m,
                    Severity.ERROR,
                    f"the declared label column {column!r} does not exist",
                    basis=Basis.METADATA,
                    columns=(column,),
                    action=f"Fix 'label' for {m.source.name} in dataready.yml (columns: {', '.join(c.name for c in m.columns[:8])})",
                    effort="S",
                )
            ]
        if m.row_count == 0:
            return []
        s = m.stats[column]
        missing = (m.row_count - s.non_null) + s.blank + s.disguised_missing
        if not missing:
            return []
        share = missing / m.row_count
        if missing == m.row_count:
            severity, what = Severity.BLOCKER, "no row has a label: there is nothing to learn from"
        else:
            severity = severity_for_share(share, warning=0.01, error=0.2)
            parts = [f"{m.row_count - s.non_null:,} null"] + [f"{s.blank:,} blank"] * bool(s.blank)
            parts += [f"{s.disguised_missing:,} placeholders"] * bool(s.disguised_missing)
            what = f"{missing:,} rows ({pct(share)}) have no label ({', '.join(parts)})"
        return [
            self.finding(
                m,
                severity,
                what,
                columns=(column,),
                measured=round(share, 6),
                threshold=0.0,
                affected=missing,
                total=m.row_count,
                action=f"Label the {missing:,} unlabelled rows (or exclude them from training and evaluation explicitly)",
                effort="M" if share < 0.2 else "L",
                expectation=expectation(
                    "expect_column_values_to_not_be_null",
                    column=column,
                    mostly=round(max(0.0, 1 - share), 3) if share < 1 else 1.0,
                ),
                rows=_unlabelled_rows(m, column),
            )
        ]


def _unlabelled_rows(m: Measurement, column: str) -> FailedRows | None:
    """Sampled rows whose label is null, blank or a placeholder, and the predicate selecting them."""
    import sqlalchemy as sa

    if column not in m.sample.columns:
        return None
    values = m.sample[column]
    placeholders = set(DISGUISED_MISSING)
    text = values.map(lambda v: v.strip().lower() if isinstance(v, str) else None)
    mask = values.isna() | text.eq("").fillna(False) | text.isin(placeholders)
    text_column = m.stats[column].column.kind is ColumnKind.STRING
    predicate = sql_predicate(
        m,
        (
            lambda col: (
                col.is_(None)
                | (sa.func.trim(col) == "")
                | sa.func.lower(sa.func.trim(col)).in_(DISGUISED_MISSING)
            )
        )
        if text_column
        else (lambda col: col.is_(None)),
        column,
    )
    return failed_rows(m, mask.astype(bool), column, predicate=predicate)


class LabelVariants(_LabelCheck):
    """One class written several ways; a model would learn each spelling as its own class."""

    name: ClassVar[str] = "label_variants"
    problem: ClassVar[str | None] = "value_set"

    def run(self, m: Measurement) -> list[Finding]:
        data = label_data(m)
        if data is None or data.regression:
            return []
        split = {c: v for c, v in data.variants.items() if len(v) > 1}
        if not split:
            return []
        affected = sum(n for v in split.values() for _value, n in v[1:])
        labelled = sum(data.counts.values()) or 1
        mapping = {value: v[0][0] for v in split.values() for value, _n in v[1:]}
        basis = Basis.EXACT if data.exact_counts else m.sample_basis
        if not data.exact_counts:
            affected = scale_to_rows(m, affected)
        share = affected / m.row_count
        return [
            self.finding(
                m,
                severity_for_share(
                    sum(n for v in split.values() for _v, n in v[1:]) / labelled,
                    warning=0.0,
                    error=0.05,
                ),
                f"{len(split)} class{'es are' if len(split) > 1 else ' is'} spelled several ways; "
                f"{affected:,} rows ({pct(share)}) use a minority spelling and would train as separate classes",
                columns=(data.column,),
                measured=mapping,
                affected=affected,
                total=m.row_count,
                basis=basis,
                examples=tuple(
                    f"{masked(a)!r} → {masked(b)!r}" for a, b in list(mapping.items())[:5]
                ),
                action=f"Merge the spellings of {data.column} into one per class (mapping in the finding) and "
                "label from a fixed list of classes",
                effort="S",
                expectation=expectation(
                    "expect_column_values_to_be_in_set",
                    column=data.column,
                    value_set=sorted(data.variants)[:100],
                ),
                rows=in_values(m, data.column, list(mapping)),
            )
        ]


class ClassBalance(_LabelCheck):
    """Imbalance ratio and classes too small to learn (after merging spelling variants)."""

    name: ClassVar[str] = "class_balance"

    def run(self, m: Measurement) -> list[Finding]:
        data = label_data(m)
        if data is None or data.regression or not data.counts:
            return []
        counts = data.counts
        labelled = sum(counts.values())
        basis = Basis.EXACT if data.exact_counts else m.sample_basis
        column = (data.column,)
        if len(counts) == 1:
            only = next(iter(counts))
            return [
                self.finding(
                    m,
                    Severity.ERROR,
                    f"every labelled row has the same class {masked(only)!r}: there is nothing to discriminate",
                    columns=column,
                    measured={only: labelled},
                    basis=basis,
                    action=f"Collect and label examples of the other classes of {data.column}",
                    effort="L",
                )
            ]
        ordered = counts.most_common()
        (top, top_n), (low, low_n) = ordered[0], ordered[-1]
        ratio = top_n / max(low_n, 1)
        scale = 1.0 if data.exact_counts else m.row_count / max(m.sample_size, 1)
        small = [
            (c, n)
            for c, n in ordered
            if n / labelled < MIN_CLASS_SHARE or n * scale < MIN_CLASS_EXAMPLES
        ]
        measured = {"imbalance_ratio": round(ratio, 2), "classes": dict(ordered[:50])}
        distribution = ", ".join(f"{masked(c, 24)} {pct(n / labelled)}" for c, n in ordered[:6])
        if ratio < IMBALANCE_WARNING and not small:
            return [
                self.finding(
                    m,
                    Severity.INFO,
                    f"{len(counts)} classes, imbalance ratio {ratio:.1f}:1 ({distribution})",
                    columns=column,
                    measured=measured,
                    basis=basis,
                )
            ]
        severity = Severity.ERROR if ratio >= IMBALANCE_ERROR else Severity.WARNING
        parts = [
            f"imbalance ratio {ratio:,.0f}:1 ({masked(top, 24)!r} {top_n * scale:,.0f} rows vs {masked(low, 24)!r} {low_n * scale:,.0f})"
        ]
        if small:
            listed = ", ".join(f"{masked(c, 24)!r} ({n * scale:,.0f})" for c, n in small[:5])
            parts.append(
                f"{len(small)} class{'es' if len(small) > 1 else ''} under {MIN_CLASS_SHARE:.0%} "
                f"or {MIN_CLASS_EXAMPLES} examples: {listed}"
            )
        affected = sum(n for _c, n in small)
        return [
            self.finding(
                m,
                severity,
                "; ".join(parts),
                columns=column,
                measured=measured,
                threshold={
                    "imbalance_ratio": IMBALANCE_WARNING,
                    "min_class_share": MIN_CLASS_SHARE,
                    "min_class_examples": MIN_CLASS_EXAMPLES,
                },
                affected=round(affected * scale) if small else None,
                total=m.row_count if small else None,
                basis=basis,
                examples=tuple(str(c) for c, _n in small[:5]),
                action=f"Collect or label more examples of the small classes of {data.column} "
                f"({', '.join(repr(masked(c, 24)) for c, _n in (small or [(low, low_n)])[:3])}); until then weight classes "
                "or resample, and report per-class metrics rather than accuracy",
                effort="L",
            )
        ]


def _fold_text(value: Any) -> str:
    """Text as labellers see it: case, spacing, punctuation and numbers (order ids, amounts) folded."""
    return _NON_WORD.sub(" ", _NUMBER_RUN.sub("0", str(value).lower())).strip()


class ConflictingLabels(_LabelCheck):
    """The same record, or the same or nearly the same text, carrying different labels."""

    name: ClassVar[str] = "conflicting_labels"

    def run(self, m: Measurement) -> list[Finding]:
        data = label_data(m)
        if data is None or data.regression:
            return []
        sample = m.sample
        labelled = data.classes.notna()
        if labelled.sum() < 2:
            return []
        classes = data.classes[labelled].reset_index(drop=True)
        rows = sample[labelled.values].reset_index(drop=True)
        n = len(rows)
        pairs: list[tuple[int, int]] = []

        def join(members: list[int]) -> None:
            pairs.extend((members[0], other) for other in members[1:])

        compared: list[str] = []
        prose = [
            c.name
            for c in m.columns
            if c.name != data.column
            and c.kind is ColumnKind.STRING
            and c.name in rows.columns
            and (m.stats[c.name].max_length or 0) >= PROSE
            and (m.stats[c.name].distinct or 0)
            >= 0.5 * max(m.stats[c.name].non_null - m.stats[c.name].blank, 1)
        ]
        for column in prose:
            folded = rows[column].map(lambda v: None if _is_missing(v) else _fold_text(v))
            for _key, index in folded.dropna().groupby(folded.dropna()).groups.items():
                if len(index) > 1:
                    join(list(index))
            _join_near_same(folded, join)
            compared.append(f"the same or nearly the same {column}")
        features = _record_columns(m, data.column)
        if len(features) >= MIN_RECORD_COLUMNS:
            keys = rows[features].astype(str).agg("\x1f".join, axis=1)
            # Identical records conflict only where records are nearly unique and described by
            # several columns; two coarse features can coincide by chance, and labels may rightly differ.
            if keys.nunique() >= 0.9 * n:
                for _key, index in keys.groupby(keys).groups.items():
                    if len(index) > 1:
                        join(list(index))
                compared.append("identical records")
        if not compared:
            return []
        from dataready.dedupe.neartext import clusters

        conflicting = 0
        disagreeing = 0
        examples: list[str] = []
        for group in clusters(n, pairs):  # rows alike, joined through any of the comparisons
            members = list(group)
            votes = Counter(classes.iloc[members].tolist())
            if len(votes) < 2:
                continue
            conflicting += 1
            disagreeing += len(members) - votes.most_common(1)[0][1]
            if len(examples) < 5:
                shown = ", ".join(f"{masked(c, 20)!r}×{k}" for c, k in votes.most_common(3))
                examples.append(f"{len(members)} rows alike: {shown}")
        if not conflicting:
            return []
        affected = scale_to_rows(m, disagreeing)
        share = disagreeing / n
        return [
            self.finding(
                m,
                severity_for_share(share, warning=0.0, error=0.05),
                f"{conflicting:,} groups of rows with {' or '.join(compared)} carry different labels; "
                f"{affected:,} rows ({pct(share)}) disagree with their group's majority",
                columns=(data.column, *prose),
                measured=round(share, 6),
                threshold=0.0,
                affected=affected,
                total=m.row_count,
                basis=m.sample_basis,
                examples=tuple(examples),
                action=f"Re-label the conflicting rows of {data.column} with an adjudicator (or a second annotator), "
                "and tighten the labelling guideline where the groups show it is ambiguous",
                effort="M",
            )
        ]


def _join_near_same(folded: Any, join: Any) -> None:
    """Join texts that are nearly the same (Jaccard of word 3-grams ≥ 0.8), with MinHash blocking."""
    from dataready.dedupe import neartext as neardup

    values = folded.dropna()
    if len(values) < 2:
        return
    # One representative per identical text: exact groups are joined already.
    first: dict[str, int] = {}
    for i, text in values.items():
        first.setdefault(text, int(i))
    reps = list(first.items())
    if len(reps) < 2:
        return
    tokens = [t.split() for t, _i in reps]
    found = neardup.near_duplicates(tokens, threshold=NEAR_SAME_JACCARD, width=3)
    for cluster in found.clusters:
        join([reps[k][1] for k in cluster])


def _record_columns(m: Measurement, label: str) -> list[str]:
    """Columns describing a record: all but the label, identifiers and timestamps."""
    out = []
    keys = {k for key in m.duplicate_keys for k in key} | set(m.source.key)
    for c in m.columns:
        if c.name == label or c.name in keys or c.kind.is_temporal or c.kind is ColumnKind.OTHER:
            continue
        if id_like(c.name) or c.name not in m.sample.columns:
            continue
        out.append(c.name)
    return out


class LabelLeakage(_LabelCheck):
    """Columns that predict the label almost perfectly: identifiers assigned per class, codes of
    the label, or fields filled in after the outcome.

    For each column, the accuracy of predicting the class from the column's value (numbers and
    dates in 20 quantile bins, missing as a value of its own), on values that several rows share.
    """

    name: ClassVar[str] = "label_leakage"

    def run(self, m: Measurement) -> list[Finding]:
        import pandas as pd

        data = label_data(m)
        if data is None:
            return []
        labelled = data.classes.notna() if not data.regression else m.sample[data.column].notna()
        if labelled.sum() < 30:
            return []
        rows = m.sample[labelled.values]
        out = []
        if data.regression:
            target = pd.to_numeric(rows[data.column], errors="coerce")
            for c in m.columns:
                if (
                    c.name == data.column
                    or c.kind is not ColumnKind.NUMBER
                    or c.name not in rows.columns
                ):
                    continue
                corr = target.corr(pd.to_numeric(rows[c.name], errors="coerce"))
                if corr == corr and abs(corr) >= 0.99:
                    out.append(
                        self._leak(
                            m,
                            data.column,
                            c.name,
                            abs(corr),
                            None,
                            f"correlates with it at {corr:+.3f}",
                        )
                    )
            return out
        y = data.classes[labelled].astype(str).reset_index(drop=True)
        baseline = y.value_counts(normalize=True).iloc[0]
        prose = {
            c.name
            for c in m.columns
            if c.kind is ColumnKind.STRING and (m.stats[c.name].max_length or 0) >= PROSE
        }
        for c in m.columns:
            if (
                c.name == data.column
                or c.name not in rows.columns
                or c.name in prose
                or c.kind is ColumnKind.OTHER
            ):
                continue
            x = _as_groups(rows[c.name].reset_index(drop=True), c.kind)
            if x is None:
                continue
            sizes = x.map(x.value_counts())
            shared = sizes > 1
            if shared.mean() < LEAK_COVERAGE:
                continue
            table = pd.crosstab(x[shared], y[shared])
            accuracy = float(table.max(axis=1).sum() / shared.sum())
            # Far better than always guessing the largest class: at most a tenth of its errors.
            if accuracy < LEAK_ACCURACY or (1 - accuracy) > 0.1 * (1 - baseline):
                continue
            bijective = (table > 0).sum(axis=0).max() == 1 and (table > 0).sum(axis=1).max() == 1
            out.append(
                self._leak(
                    m,
                    data.column,
                    c.name,
                    accuracy,
                    baseline,
                    "encodes it one to one (a copy or code of the label)" if bijective else None,
                )
            )
        return out

    def _leak(
        self,
        m: Measurement,
        label: str,
        column: str,
        accuracy: float,
        baseline: float | None,
        how: str | None,
    ) -> Finding:
        identifier = id_like(column) or column in m.source.key
        if how is None:
            how = f"predicts it for {pct(accuracy)} of rows (the largest class alone: {pct(baseline or 0)})"
        if identifier:
            why = "an identifier should carry no information about the class: ids assigned per class or rows sorted by label"
            action = f"Drop {column} from the features and shuffle or re-key the data before splitting it"
        elif _POST_OUTCOME.search(column):
            why = "its name suggests it is filled in after the outcome, so it will not exist when the model predicts"
            action = f"Drop {column} from the features unless it is known at prediction time"
        else:
            why = "check that it is known at prediction time and is not derived from the label"
            action = f"Confirm {column} is available before the outcome; if it is recorded after it, drop it from the features"
        named = identifier or bool(_POST_OUTCOME.search(column))
        severity = Severity.ERROR if accuracy >= 0.995 or named else Severity.WARNING
        return self.finding(
            m,
            severity,
            f"{column} leaks the label ({label}): it {how}; {why}",
            columns=(column, label),
            measured=round(accuracy, 4),
            threshold=LEAK_ACCURACY,
            basis=m.sample_basis,
            action=action,
            effort="S",
        )


def _as_groups(series: Any, kind: ColumnKind) -> Any:
    """Values as groups: numbers and dates binned by quantile, missing values a group of their own."""
    import pandas as pd

    if kind is ColumnKind.NUMBER or kind.is_temporal:
        if kind is ColumnKind.NUMBER:
            values = pd.to_numeric(series, errors="coerce")
        else:
            stamps = pd.to_datetime(series, errors="coerce", utc=True)
            values = (stamps - pd.Timestamp(0, tz="UTC")).dt.total_seconds()
        if values.nunique() > LEAK_BINS:
            try:
                binned = pd.qcut(values, LEAK_BINS, labels=False, duplicates="drop")
            except (ValueError, TypeError):
                return None
            return binned.astype("float64").fillna(-1).astype(str)
        return values.astype(str)
    if kind is ColumnKind.BOOLEAN:
        return series.astype(str)
    return series.map(lambda v: "\x00missing" if _is_missing(v) else str(v).strip().lower())


CHECKS: tuple[Check, ...] = (
    LabelCoverage(),
    LabelVariants(),
    ClassBalance(),
    ConflictingLabels(),
    LabelLeakage(),
)
