"""Near-duplicate records within a source, and the same entities kept in two sources.

Both run on the sample with the ``dataready.dedupe`` engine (rapidfuzz scorers per column kind,
multi-key sorted-neighbourhood blocking, evidence weighed per field, clusters as connected
components). ``dataready duplicates SOURCE`` runs the same engine over every row and exports the
clusters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dataready.checks.base import Check, expectation, masked, pct, plain, severity_for_share
from dataready.checks.project import ProjectCheck
from dataready.model import (
    Basis,
    Dimension,
    DuplicateSettings,
    Finding,
    Measurement,
    Severity,
    Source,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from dataready.dedupe.engine import DuplicateResult
    from dataready.dedupe.fields import Field

ENTITY_WORDS = (
    ("customer", "customers"),
    ("client", "clients"),
    ("patient", "patients"),
    ("member", "members"),
    ("employee", "employees"),
    ("supplier", "suppliers"),
    ("vendor", "vendors"),
    ("product", "products"),
    ("contact", "contacts"),
    ("user", "users"),
    ("person", "people"),
    ("people", "people"),
)


def settings_of(source: Source) -> DuplicateSettings:
    return source.duplicates or DuplicateSettings()


def entity_fields(frame: pd.DataFrame, settings: DuplicateSettings) -> tuple[Field, ...]:
    """The compared fields: declared, else inferred; raises KeyError for a declared column that is missing."""
    from dataready.dedupe.fields import infer_fields

    return infer_fields(frame, dict(settings.columns) if settings.columns else None)


def engine_settings(settings: DuplicateSettings) -> Any:
    from dataready.dedupe.blocking import DEFAULT_WINDOW
    from dataready.dedupe.engine import DEFAULT_THRESHOLD, Settings

    return Settings(
        columns=dict(settings.columns) or None,
        threshold=settings.threshold or DEFAULT_THRESHOLD,
        blocking=settings.blocking,
        window=settings.window or DEFAULT_WINDOW,
    )


def row_labels(frame: pd.DataFrame) -> np.ndarray:
    """A hash per row over every column: equal hashes are exact copies, reported by duplicate_rows."""
    import numpy as np
    import pandas as pd

    try:
        return pd.util.hash_pandas_object(frame, index=False).to_numpy()
    except (TypeError, ValueError):
        return np.asarray(pd.util.hash_pandas_object(frame.astype(str), index=False))


def entity_noun(source: Source) -> str:
    text = f"{source.name} {source.table or ''} {source.description or ''}".lower()
    for word, plural in ENTITY_WORDS:
        if word in text:
            return plural
    return "entities"


class NearDuplicates(Check):
    """Records that describe the same entity with small differences: typos, formats, missing fields."""

    name: ClassVar[str] = "near_duplicates"
    dimension: ClassVar[Dimension] = Dimension.UNIQUENESS
    MIN_FIELDS: ClassVar[int] = 2

    def applies(self, m: Measurement) -> bool:
        if m.row_count < 2 or not settings_of(m.source).enabled:
            return False
        try:
            fields = self._fields(m)
        except KeyError:
            return True  # reported by run()
        return len(fields) >= (1 if settings_of(m.source).columns else self.MIN_FIELDS)

    @staticmethod
    def _fields(m: Measurement) -> tuple[Field, ...]:
        """The sample's entity fields, inferred once for applies() and run()."""
        return m.cached(("entity_fields",), lambda: entity_fields(m.sample, settings_of(m.source)))

    def run(self, m: Measurement) -> list[Finding]:
        from dataready.dedupe.engine import find_duplicates

        settings = settings_of(m.source)
        try:
            fields = self._fields(m)
        except KeyError as exc:
            return [
                self.finding(
                    m,
                    Severity.ERROR,
                    f"duplicates.columns names {exc.args[0]!r}, which this source does not have",
                    basis=Basis.METADATA,
                    action="Fix duplicates.columns in dataready.yml",
                    effort="S",
                )
            ]
        sample = m.sample.reset_index(drop=True)
        result = find_duplicates(
            sample,
            engine_settings(settings),
            population=m.row_count,
            fields=fields,
            exclude=row_labels(sample),
        )
        if not result.clusters:
            return []
        return [self._finding(m, sample, result)]

    def _finding(self, m: Measurement, sample: pd.DataFrame, result: DuplicateResult) -> Finding:
        columns = tuple(f.column for f in result.fields)
        redundant, _pairs = estimate_redundant(
            result, m.sample_size, m.row_count, m.sample_is_complete
        )
        share = min(redundant / m.row_count, 1.0)
        where = "" if m.sample_is_complete else f" of {m.sample_size:,} sampled rows"
        scale = (
            ""
            if m.sample_is_complete
            else f"; about {redundant:,} redundant rows ({pct(share)}) estimated for the whole table"
        )
        noun = entity_noun(m.source)
        message = (
            f"{result.records_in_clusters:,} records{where} form {result.clusters:,} clusters of near-duplicate "
            f"{noun} (same entity, written differently){scale}"
        )
        keys = "dataready duplicates " + m.source.name + " --output clusters.csv"
        return self.finding(
            m,
            severity_for_share(share, warning=0.005, error=0.1),
            message,
            columns=columns,
            measured=round(share, 6),
            threshold=result.threshold,
            affected=redundant,
            total=m.row_count,
            basis=m.sample_basis,
            examples=examples(sample, result),
            action=(
                f"Merge each cluster of {noun} into one golden record (export them with `{keys}`), "
                "repoint references to the survivor, and match new records against existing ones at entry"
            ),
            effort="M",
            expectation=expectation(
                "expect_compound_columns_to_be_unique", column_list=list(columns)
            ),
        )


def estimate_redundant(
    result: DuplicateResult, sample_size: int, rows: int, complete: bool
) -> tuple[int, int]:
    """(redundant rows, duplicate pairs) for the whole table.

    A pair of duplicates lands in a uniform sample with probability (n/N)², so pairs found in the
    sample scale by (N/n)²; the sample's ratio of redundant rows to pairs turns pairs into rows.
    """
    import numpy as np

    sizes = np.bincount(np.bincount(result.label))[2:] if len(result.label) else np.array([])
    pairs = int(sum(count * k * (k + 1) // 2 for k, count in enumerate(sizes, start=1)))
    redundant = result.redundant_records
    if complete or not sample_size:
        return redundant, pairs
    factor = (rows / sample_size) ** 2
    estimated_pairs = round(pairs * factor)
    return min(round(estimated_pairs * redundant / max(pairs, 1)), rows - 1), estimated_pairs


def examples(sample: pd.DataFrame, result: DuplicateResult, limit: int = 5) -> tuple[str, ...]:
    """One "member → representative" example per cluster (largest first), on the first field where
    the two records differ once normalised, else where they differ as written."""
    from dataready.dedupe.normalise import normalise_values

    out: list[str] = []
    members = result.cluster_members()
    for label, rep in sorted(
        result.representative.items(), key=lambda kv: (-len(members[kv[0]]), kv[0])
    )[: limit * 3]:
        other = next((r for r in members[label] if r != rep), None)
        if other is None:
            continue
        written, normalised = None, None
        for f in result.fields:
            a, b = plain(sample[f.column].iloc[other]), plain(sample[f.column].iloc[rep])
            if _missing(a) or _missing(b) or str(a) == str(b):
                continue
            written = written or (a, b)
            na, nb = normalise_values([a, b], f.kind)
            if na != nb:
                normalised = (a, b)
                break
        pick = normalised or written
        if pick:
            out.append(f"{masked(pick[0])!r} → {masked(pick[1])!r}")
        if len(out) >= limit:
            break
    return tuple(out)


def _missing(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and value != value)
        or str(value).strip() in ("", "nan", "<NA>", "None")
    )


@dataclass
class PeerSample:
    """What the cross-source check keeps of a source it has seen: its entity fields on the sample."""

    source: Source
    entry: str
    frame: pd.DataFrame
    fields: tuple[Field, ...]
    rows: int
    complete: bool


class CrossSourceOverlap(ProjectCheck):
    """The same entities in two sources: match rate, records on one side only, conflicting attributes.

    Runs when two sources of a project share fields that identify an entity (an e-mail, phone or
    identifier plus another field, or a name plus two more), or when ``match_with:`` names the other
    source; reported on the later of the two in the project's order.
    """

    name: ClassVar[str] = "cross_source_overlap"
    dimension: ClassVar[Dimension] = Dimension.CONSISTENCY

    def keep(self, m: Measurement) -> PeerSample | None:
        if not settings_of(m.source).enabled or m.row_count == 0:
            return None
        try:
            fields = entity_fields(m.sample, settings_of(m.source))
        except KeyError:
            return None
        if not fields:
            return None
        kept = m.sample[[f.column for f in fields]].reset_index(drop=True)
        # Kept until the audit ends: Arrow strings take a fraction of the memory of Python ones.
        kept = kept.astype({c: "string[pyarrow]" for c in kept.columns if kept[c].dtype == object})
        entry = m.source.entry or m.source.name
        return PeerSample(m.source, entry, kept, fields, m.row_count, m.sample_is_complete)

    def run(self, m: Measurement, earlier: Sequence[Any]) -> list[Finding]:
        this = self.keep(m)
        if this is None:
            return []
        out = []
        for peer in earlier:
            if peer.entry == this.entry:
                continue  # files of one folder or glob are parts of one dataset, not two systems
            finding = self._compare(m, this.entry, this.fields, peer)
            if finding is not None:
                out.append(finding)
        return out

    def _compare(
        self, m: Measurement, entry: str, fields: tuple[Field, ...], peer: PeerSample
    ) -> Finding | None:
        from dataready.dedupe.crosssource import describe_same_entities, link, shared_fields

        declared = entry in peer.source.match_with or peer.entry in m.source.match_with
        if not declared and (m.source.match_with or peer.source.match_with):
            return None  # explicit pairings replace automatic detection
        shared = shared_fields(fields, peer.fields)
        if not shared or not (declared or describe_same_entities(shared)):
            return None
        threshold = settings_of(m.source).threshold or settings_of(peer.source).threshold
        from dataready.dedupe.engine import DEFAULT_THRESHOLD

        found = link(
            m.sample.reset_index(drop=True),
            peer.frame,
            shared,
            left_population=m.row_count,
            right_population=peer.rows,
            threshold=threshold or DEFAULT_THRESHOLD,
        )
        if not found.matched_left:
            return None
        return self._finding(m, peer, found)

    def _finding(self, m: Measurement, peer: PeerSample, found: Any) -> Finding:
        here, there = m.source.name, peer.source.name
        complete = m.sample_is_complete and peer.complete
        # A record of this sample can only be matched if its twin was sampled on the other side.
        seen_there = peer.frame.shape[0] / max(peer.rows, 1)
        rate = min(found.matched_left / max(found.left_rows, 1) / max(seen_there, 1e-9), 1.0)
        matched_rows = round(rate * m.row_count)
        only_here = m.row_count - matched_rows
        only_there = max(
            peer.rows
            - round(
                min(
                    found.matched_right
                    / max(peer.frame.shape[0], 1)
                    / max(found.left_rows / max(m.row_count, 1), 1e-9),
                    1.0,
                )
                * peer.rows
            ),
            0,
        )
        conflicts = {c: n for c, n in found.conflicts.items() if n}
        conflict_share = max(conflicts.values(), default=0) / max(found.matched_left, 1)
        severity = (
            Severity.INFO
            if not conflicts
            else severity_for_share(conflict_share, warning=0.0, error=0.2)
        )
        basis = Basis.EXACT if complete else Basis.SAMPLE
        estimated = "" if complete else "about "
        parts = [
            f"{estimated}{matched_rows:,} of {m.row_count:,} records ({pct(rate)}) of {here} are also in {there}",
            f"{estimated}{only_here:,} only in {here}",
            f"{estimated}{only_there:,} only in {there}",
        ]
        if conflicts:
            listed = ", ".join(
                f"{c} ({pct(n / found.matched_left)})"
                for c, n in sorted(conflicts.items(), key=lambda kv: -kv[1])
            )
            parts.append(f"matched records disagree on {listed}")
        record = _system_of_record(m.source, peer.source)
        other = there if record == here else here
        if record:
            action = f"Consolidate the silo: {record} is the system of record; sync {other} from it (or retire the copy)"
        else:
            action = f"Consolidate the silo: declare which of {here} and {there} is the system of record (system_of_record: true) and sync the other from it"
        if conflicts:
            action += f", and resolve the conflicting {', '.join(sorted(conflicts))} values there"
        shared_columns = tuple(s.left for s in found.shared if s.left in m.sample.columns)
        return self.finding(
            m,
            severity,
            "; ".join(parts),
            columns=shared_columns,
            measured=round(rate, 6),
            affected=matched_rows,
            total=m.row_count,
            basis=basis,
            examples=_conflict_examples(m.sample, peer.frame, found),
            action=action,
            effort="L",
        )


def _system_of_record(a: Source, b: Source) -> str | None:
    if a.system_of_record and not b.system_of_record:
        return a.name
    if b.system_of_record and not a.system_of_record:
        return b.name
    return None


def _conflict_examples(
    here: pd.DataFrame, there: pd.DataFrame, found: Any, limit: int = 5
) -> tuple[str, ...]:
    from dataready.dedupe import compare

    out = []
    frame = here.reset_index(drop=True)
    for k, s in enumerate(found.shared):
        if s.left not in frame.columns or s.right not in there.columns:
            continue
        level = found.pairs.levels[f"f{k}"]
        for row in (level == compare.DIFFERENT).nonzero()[0][:2]:
            a, b = frame[s.left].iloc[found.pairs.i[row]], there[s.right].iloc[found.pairs.j[row]]
            out.append(f"{masked(plain(a))!r} → {masked(plain(b))!r}")
            if len(out) >= limit:
                return tuple(out)
    return tuple(out)


CHECKS = (NearDuplicates(),)
PROJECT_CHECKS = (CrossSourceOverlap(),)
