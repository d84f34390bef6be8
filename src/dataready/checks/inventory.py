"""Inventory: is the source described well enough for someone new to find and trust it?"""

from __future__ import annotations

from typing import ClassVar

from dataready.checks.base import Check
from dataready.model import Basis, Dimension, Finding, Measurement, Severity


class SourceDescribed(Check):
    name: ClassVar[str] = "inventory"
    dimension: ClassVar[Dimension] = Dimension.INVENTORY

    def applies(self, m: Measurement) -> bool:
        # A source that declares nothing is listed once in the project's findings instead.
        return m.source.declares_governance

    def run(self, m: Measurement) -> list[Finding]:
        s = m.source
        where = f"for {s.name} in dataready.yml"
        out = []
        if not s.purpose:
            out.append(
                self.finding(
                    m,
                    Severity.WARNING,
                    "no purpose declared (training, evaluation, retrieval, features, reference)",
                    basis=Basis.METADATA,
                    action=f"Declare why the use case needs this source as 'purpose' {where}",
                    effort="S",
                )
            )
        if not s.description and not m.table_comment:
            out.append(
                self.finding(
                    m,
                    Severity.WARNING,
                    "no description (none declared, no table comment)",
                    basis=Basis.METADATA,
                    action=f"Add a one-line 'description' {where} or a comment on the table",
                    effort="S",
                )
            )
        if s.system_of_record is None:
            out.append(
                self.finding(
                    m,
                    Severity.INFO,
                    "not stated whether this is the system of record or a copy",
                    basis=Basis.METADATA,
                    action=f"Set 'system_of_record: true|false' {where}",
                    effort="S",
                )
            )
        return out


class DeclaredColumns(Check):
    """Columns that dataready.yml names but the source does not have: renamed or dropped upstream.

    A declaration drives checks (a key's uniqueness, a label's balance, a column's sensitivity);
    naming a column that is not there would switch them off without a word. The timestamp and
    text columns have findings of their own (freshness, grounding).
    """

    name: ClassVar[str] = "declared_columns"
    dimension: ClassVar[Dimension] = Dimension.INVENTORY

    def applies(self, m: Measurement) -> bool:
        return bool(m.columns) and m.source.declares_columns

    def run(self, m: Measurement) -> list[Finding]:
        s = m.source
        declared = [(f"key {k!r}", k) for k in s.key]
        declared += [
            (f"{field} {value!r}", value)
            for field, value in (
                ("label", s.label),
                ("id_column", s.id_column),
                ("title_column", s.title_column),
                ("url_column", s.url_column),
            )
            if value
        ]
        declared += [(f"columns.{c} (sensitivity)", c) for c in s.column_sensitivity]
        present = {c.name for c in m.columns}
        missing = [(what, column) for what, column in declared if column not in present]
        if not missing:
            return []
        columns = tuple(dict.fromkeys(column for _what, column in missing))
        return [
            self.finding(
                m,
                Severity.ERROR,
                f"dataready.yml names {len(columns)} column(s) this source does not have: "
                + ", ".join(what for what, _c in missing)
                + "; the checks they drive cannot run",
                columns=columns,
                basis=Basis.METADATA,
                effort="S",
                action=f"Fix the names for {s.name} in dataready.yml, or restore the renamed or dropped columns upstream",
            )
        ]


class LeftOut(Check):
    """Tables the audit did not read although the target holds them (other schemas of a database).

    Said on the first source of the database, so that a use case's tables in another schema are
    not missed without a word.
    """

    name: ClassVar[str] = "left_out"
    dimension: ClassVar[Dimension] = Dimension.INVENTORY

    def applies(self, m: Measurement) -> bool:
        return bool(m.source.discovery_notes)

    def run(self, m: Measurement) -> list[Finding]:
        return [
            self.finding(
                m,
                Severity.INFO,
                note,
                basis=Basis.METADATA,
                action="Audit the other schemas too if the use case needs their tables "
                "(--schema NAME, --all-schemas, or schema:/all_schemas: in dataready.yml)",
                effort="S",
            )
            for note in m.source.discovery_notes
        ]


CHECKS = (SourceDescribed(), DeclaredColumns(), LeftOut())
