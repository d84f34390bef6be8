"""What a project leaves undeclared about its sources, reported once for the whole project.

A table audited straight from a database URL, or a file named on the command line, comes with no
owner, purpose or cadence. That is one gap in the project (it has no dataready.yml yet, or the file
leaves these sources out), not an error in every table: reported per source, it would put the
same "declare an owner" step in the plan once per table, above the data's own problems, and no
clean table could ever be ready. So a source that declares nothing about itself is listed in two
project findings, one per checklist item it fails; a source that declares some of it is held to
all of it, source by source (checks.ownership, checks.inventory).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from dataready.model import Basis, Dimension, Finding, Remediation, Severity, Source
from dataready.model.findings import PROJECT

NAME = "undeclared_metadata"
LISTED = 6
"""Sources named in a finding's message; its ``measured`` value lists them all."""


def listed(names: Sequence[str]) -> str:
    """ "3 sources: a, b, c", naming at most LISTED of them."""
    more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
    return f"{len(names)} source{'s' * (len(names) != 1)}: {', '.join(names[:LISTED])}{more}"


def undeclared(
    sources: Sequence[Source], *, commented: Collection[str] = (), project_file: bool
) -> list[Finding]:
    """The project findings for the sources that declare nothing about who owns them and why.

    ``commented`` names the sources whose table carries a comment: it serves as a description.
    """
    silent = [s.name for s in sources if not s.declares_governance]
    if not silent:
        return []
    undescribed = [name for name in silent if name not in commented]
    where = (
        "in dataready.yml"
        if project_file
        else "in a dataready.yml (`dataready init` writes one with a placeholder for each)"
    )

    def finding(dimension: Dimension, message: str, measured: Any, fields: str) -> Finding:
        return Finding(
            check=NAME,
            dimension=dimension,
            severity=Severity.WARNING,
            source=PROJECT,
            message=message,
            measured=measured,
            basis=Basis.METADATA,
            remediation=Remediation(f"Declare {fields} for each {where}", "S"),
        )

    inventory = (
        f"no purpose or description declared for {listed(silent)}"
        if undescribed == silent
        else f"no purpose declared for {listed(silent)}"
        + (
            f"; no description (none declared, no table comment) for {listed(undescribed)}"
            if undescribed
            else ""
        )
    )
    return [
        finding(
            Dimension.OWNERSHIP,
            f"no owner, contact or refresh cadence declared for {listed(silent)}",
            {"owner": silent, "contact": silent, "refresh": silent},
            "'owner' (the accountable person or team), 'contact' and 'refresh' (daily, weekly, static…)",
        ),
        finding(
            Dimension.INVENTORY,
            inventory,
            {"purpose": silent, "description": undescribed},
            "'purpose' (training, evaluation, retrieval, features, reference) and a one-line 'description'",
        ),
    ]
