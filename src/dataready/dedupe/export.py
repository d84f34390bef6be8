"""Clusters as a table for the people who fix the data: one row per record in a cluster."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready.dedupe import compare
from dataready.dedupe.fields import FieldKind

if TYPE_CHECKING:
    import pandas as pd

    from dataready.dedupe.engine import DuplicateResult
    from dataready.model import Source

FORMATS = (".csv", ".parquet")
PERSONAL_KINDS = (
    FieldKind.GIVEN_NAME,
    FieldKind.MIDDLE_NAME,
    FieldKind.SURNAME,
    FieldKind.EMAIL,
    FieldKind.PHONE,
    FieldKind.DATE,
    FieldKind.ADDRESS,
    FieldKind.POSTCODE,
    FieldKind.IDENTIFIER,
)
"""Roles whose values are personal data: masked in the export unless values are to be shown."""


def cluster_table(
    frame: pd.DataFrame,
    result: DuplicateResult,
    *,
    keys: Sequence[str] = (),
    source: Source | None = None,
    show_values: bool = False,
    origin: str | None = None,
) -> pd.DataFrame:
    """cluster_id (largest cluster first), cluster_size, record (key values, or the row number),
    representative, similarity and match_probability against the representative, differing_fields,
    then the compared columns. Personal values are masked unless ``show_values``. ``origin``: a
    column of ``frame`` saying where each record comes from (a linkage of two sources), shown
    before ``record``."""
    import numpy as np
    import pandas as pd

    from dataready.dedupe.engine import score_pairs
    from dataready.pii.masking import PERSONAL_SENSITIVITY, is_personal_column, mask

    members = result.cluster_members()
    ordered = sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    columns = list(dict.fromkeys(c for f in result.fields for c in f.columns))
    if not ordered or result.prepared is None:
        return pd.DataFrame(
            columns=[
                "cluster_id",
                "cluster_size",
                *([origin] if origin else []),
                "record",
                "representative",
                "similarity",
                "match_probability",
                "differing_fields",
                *columns,
            ]
        )
    rows: list[int] = []
    cluster_ids: list[int] = []
    reps: list[int] = []
    for number, (label, records) in enumerate(ordered, start=1):
        rep = result.representative[label]
        for r in [rep, *sorted(r for r in records if r != rep)]:
            rows.append(r)
            cluster_ids.append(number)
            reps.append(rep)
    row_index, rep_index = np.asarray(rows, dtype=np.int64), np.asarray(reps, dtype=np.int64)
    # Each member against its representative (whether or not blocking compared them directly).
    pairs = score_pairs(result.prepared, rep_index, row_index)
    sizes = pd.Series(cluster_ids).map(pd.Series(cluster_ids).value_counts())
    differing = []
    for k in range(len(rows)):
        if rows[k] == reps[k]:
            differing.append("")
            continue
        names: list[str] = []
        for f in result.fields:
            level = pairs.levels[f.column][k]
            title = " + ".join(f.columns)
            if level in (compare.CLOSE, compare.PARTIAL, compare.DIFFERENT):
                names.append(title)
            elif level == compare.MISSING and (result.prepared.codes[f.column][rows[k]] >= 0) != (
                result.prepared.codes[f.column][reps[k]] >= 0
            ):
                names.append(f"{title} (missing in one)")
        differing.append(", ".join(names))
    is_rep = row_index == rep_index
    sensitivity = source.sensitivity if source is not None else None
    declared = source.column_sensitivity if source is not None else {}

    # A column the engine read as a person's attribute by its values (an identifier or a birth
    # date under a name that says nothing) is personal whatever its name.
    by_role = {c for f in result.fields if f.kind in PERSONAL_KINDS for c in f.columns}

    def shown(column: str, values: pd.Series) -> pd.Series:
        explicit = declared.get(column)
        personal = is_personal_column(column, explicit or sensitivity) or (
            column in by_role and (explicit is None or explicit in PERSONAL_SENSITIVITY)
        )
        if show_values or not personal:
            return values.reset_index(drop=True)
        return values.map(lambda v: None if _missing(v) else mask(v)).reset_index(drop=True)

    picked = frame.iloc[row_index]
    if keys:
        record = (
            picked[list(keys)].astype(str).agg(" | ".join, axis=1)
            if len(keys) > 1
            else picked[keys[0]]
        )
        record = shown(keys[0], record) if len(keys) == 1 else record.reset_index(drop=True)
    else:
        record = pd.Series(row_index + 1)
    out = pd.DataFrame(
        {
            "cluster_id": cluster_ids,
            "cluster_size": sizes.to_numpy(),
            **({origin: picked[origin].to_numpy()} if origin else {}),
            "record": record.to_numpy(),
            "representative": is_rep,
            "similarity": np.where(is_rep, 1.0, pairs.similarity / 100).round(3),
            "match_probability": np.where(is_rep, 1.0, pairs.probability).round(4),
            "differing_fields": differing,
        }
    )
    for column in columns:
        out[column] = shown(column, picked[column]).astype(object).to_numpy()
    return out


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def write_table(table: pd.DataFrame, path: str | Path) -> Path:
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        from dataready.errors import ConfigError

        raise ConfigError(f"--output {target}: write .csv or .parquet")
    from dataready.atomic import atomic_writer

    with atomic_writer(target, binary=True) as fh:
        if suffix == ".csv":
            table.to_csv(fh, index=False)
        else:
            table.astype(
                {c: "string" for c in table.columns if table[c].dtype == object}
            ).to_parquet(fh, index=False)
    return target
