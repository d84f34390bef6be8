"""Inventory: is the source described well enough for someone new to find and trust it?"""

from __future__ import annotations

from typing import ClassVar

from dataready.checks.base import Check
from dataready.models import Basis, Dimension, Finding, Measurement, Severity


class SourceDescribed(Check):
    name: ClassVar[str] = "inventory"
    dimension: ClassVar[Dimension] = Dimension.INVENTORY

    def applies(self, m: Measurement) -> bool:
        return True

    def run(self, m: Measurement) -> list[Finding]:
        s = m.source
        where = f"for {s.name} in dataready.yml"
        out = []
        if not s.purpose:
            out.append(self.finding(
                m, Severity.WARNING, "no purpose declared (training, evaluation, retrieval, features, reference)",
                basis=Basis.METADATA, action=f"Declare why the use case needs this source as 'purpose' {where}", effort="S",
            ))  # fmt: skip
        if not s.description and not m.table_comment:
            out.append(self.finding(
                m, Severity.WARNING, "no description (none declared, no table comment)",
                basis=Basis.METADATA, action=f"Add a one-line 'description' {where} or a comment on the table", effort="S",
            ))  # fmt: skip
        if s.system_of_record is None:
            out.append(self.finding(
                m, Severity.INFO, "not stated whether this is the system of record or a copy",
                basis=Basis.METADATA, action=f"Set 'system_of_record: true|false' {where}", effort="S",
            ))  # fmt: skip
        return out


CHECKS = (SourceDescribed(),)
