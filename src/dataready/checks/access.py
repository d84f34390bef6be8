"""Access: who may read a table holding personal data, and whether dataready itself could write.

The grants come from the engine's catalog when the source is measured (PostgreSQL's ``relacl``,
MariaDB's ``information_schema`` privilege tables); engines without grants (SQLite, DuckDB,
files) and query sources have none, and these checks do not apply to them.

``personal_data_open_access`` (error): a table holding personal data that every user of the
server can read (PUBLIC; MariaDB's anonymous ``''@'%'``). ``undeclared_readers`` (warning): roles
reading it beyond the ``readers:`` the source declares. ``writable_connection`` (warning, once per
dataready.yml entry): the role dataready connects as could change the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from dataready.checks.base import Check
from dataready.checks.privacy import GOVERNED, label
from dataready.checks.project import ProjectCheck
from dataready.model import Access, Basis, Dimension, Finding, Grant, Measurement, Severity

PERSONAL = ("personal", "special")


def personal_reason(m: Measurement) -> str | None:
    """Why the source counts as personal data (declared or found), or None when it does not."""
    if m.source.sensitivity in PERSONAL:
        return f"declared {m.source.sensitivity}"
    declared = [c for c, s in m.source.column_sensitivity.items() if s in PERSONAL]
    if declared:
        return f"personal columns declared: {', '.join(declared[:5])}"
    if m.row_count == 0:
        return None
    from dataready.pii.classify import classify_measurement

    found = {col: c for col, c in classify_measurement(m).items() if c.confidence in GOVERNED}
    if not found:
        return None
    described = ", ".join(
        f"{col} ({', '.join(label(k.kind) for k in c.kinds[:2])})"
        for col, c in list(found.items())[:4]
    )
    return f"personal data found in {described}"


def _evidence(access: Access, grants: Sequence[Grant]) -> dict[str, Any]:
    return {
        "grants": [str(g) for g in grants],
        # Administrators' global privileges reach every table of the server: left out here.
        "readers": sorted({g.grantee for g in access.readers if g.everyone or g.scope != "global"}),
        "owner": access.owner,
    }


def _account_names(grantee: str) -> set[str]:
    """The ways dataready.yml may name a grantee: ``analyst``; MariaDB's ``app``, ``app@%``, ``'app'@'%'``."""
    names = {grantee}
    user, at, host = grantee.rpartition("@")
    if at and user.startswith("'"):
        names |= {user.strip("'"), f"{user.strip(chr(39))}@{host.strip(chr(39))}"}
    return names


class _AccessCheck(Check):
    dimension: ClassVar[Dimension] = Dimension.PRIVACY

    def applies(self, m: Measurement) -> bool:
        return m.access is not None


class OpenAccess(_AccessCheck):
    """Personal data every user of the server can read: a grant to PUBLIC or to any account."""

    name: ClassVar[str] = "personal_data_open_access"

    def run(self, m: Measurement) -> list[Finding]:
        access = m.access
        if access is None:
            return []
        everyone = [g for g in access.readers if g.everyone]
        if not everyone:
            return []
        reason = personal_reason(m)
        if reason is None:
            return []
        shown = ", ".join(str(g) for g in everyone)
        owner = m.source.owner or "The owner (none declared yet)"
        return [
            self.finding(
                m,
                Severity.ERROR,
                f"holds personal data ({reason}) and every user of the server can read it: {shown}",
                measured=_evidence(access, everyone),
                threshold="no grant to every user",
                basis=Basis.METADATA,
                action=(
                    f"{owner}: revoke the grant ({_revoke(everyone[0], m)}) and grant SELECT to the "
                    "roles that need the data; declare them as readers: in dataready.yml"
                ),
                effort="S",
            )
        ]


def _revoke(grant: Grant, m: Measurement) -> str:
    table = ".".join(p for p in (m.source.schema, m.source.table) if p)
    if grant.scope == "schema":
        table = f"{m.source.schema or 'db'}.*"
    elif grant.scope == "global":
        table = "*.*"
    return f"REVOKE {grant.privilege} ON {table} FROM {grant.grantee}"


class UndeclaredReaders(_AccessCheck):
    """Roles that can read a table holding personal data beyond the readers the source declares."""

    name: ClassVar[str] = "undeclared_readers"

    def applies(self, m: Measurement) -> bool:
        return m.access is not None and m.source.readers is not None

    def run(self, m: Measurement) -> list[Finding]:
        access, declared = m.access, m.source.readers
        if access is None or declared is None:
            return []
        # The owner and dataready's own role read by necessity; administrators with global
        # privileges read every table of the server and are not the source's readers.
        extra = [
            g
            for g in access.readers
            if not g.everyone
            and g.grantee != "PUBLIC"  # PUBLIC not reaching the table (no USAGE on its schema)
            and g.scope != "global"
            and g.grantee not in (access.owner, access.connected_as)
            and not _account_names(g.grantee) & set(declared)
        ]
        if not extra:
            return []
        reason = personal_reason(m)
        if reason is None:
            return []
        roles = sorted({g.grantee for g in extra})
        owner = m.source.owner or "The owner (none declared yet)"
        return [
            self.finding(
                m,
                Severity.WARNING,
                f"holds personal data ({reason}) and {len(roles)} role(s) not declared as readers "
                f"can read it: {', '.join(str(g) for g in extra[:8])}"
                + (f" and {len(extra) - 8} more" if len(extra) > 8 else ""),
                measured=_evidence(access, extra),
                threshold={"readers": list(declared)},
                affected=len(roles),
                basis=Basis.METADATA,
                action=(
                    f"{owner}: revoke SELECT from {', '.join(roles)} if they do not need the data; "
                    f"otherwise add them to readers: in dataready.yml"
                ),
                effort="S",
            )
        ]


class WritableConnection(ProjectCheck):
    """dataready connects as a role that could change the table: said once per dataready.yml entry."""

    name: ClassVar[str] = "writable_connection"
    dimension: ClassVar[Dimension] = Dimension.INVENTORY

    def keep(self, m: Measurement) -> Any | None:
        if m.access is None or not m.access.connected_writes:
            return None
        return m.source.entry or m.source.name

    def run(self, m: Measurement, earlier: Sequence[Any]) -> list[Finding]:
        access = m.access
        if access is None or not access.connected_writes:
            return []
        if (m.source.entry or m.source.name) in earlier:
            return []
        could = ", ".join(access.connected_writes)
        return [
            self.finding(
                m,
                Severity.WARNING,
                f"dataready connects as {access.connected_as}, a role that can write ({could}); "
                "it opens read-only sessions, but give it a read-only role",
                measured={"role": access.connected_as, "can": list(access.connected_writes)},
                threshold="SELECT only",
                basis=Basis.METADATA,
                action=(
                    "Create a role with SELECT only on the audited tables (and USAGE on their schema) "
                    "and put it in the source's URL"
                ),
                effort="S",
            )
        ]


CHECKS = (OpenAccess(), UndeclaredReaders())
PROJECT_CHECKS = (WritableConnection(),)
