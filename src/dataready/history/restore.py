"""A source's card rebuilt from its recorded JSON, for a repeat audit of data that has not changed.

What a report shows is rebuilt: levels, scores and their explanations, findings with their
evidence and remedies. The cells behind findings and the example rows are not recorded (they hold
values), so a reused card lists none; ``--fresh`` audits the source again to get them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dataready.model import (
    Basis,
    Dimension,
    DimensionScore,
    FailedRows,
    Finding,
    Level,
    Remediation,
    Severity,
    Source,
    SourceScorecard,
)


def finding_from_dict(d: Mapping[str, Any]) -> Finding:
    remedy = d.get("remediation")
    rows = d.get("failed_rows")
    return Finding(
        check=d["check"],
        dimension=Dimension(d["dimension"]),
        severity=Severity(d["severity"]),
        source=d["source"],
        message=d["message"],
        columns=tuple(d.get("columns") or ()),
        measured=d.get("measured"),
        threshold=d.get("threshold"),
        affected=d.get("affected"),
        total=d.get("total"),
        basis=Basis(d.get("basis", Basis.EXACT.value)),
        sample_size=d.get("sample_size"),
        examples=tuple(d.get("examples") or ()),
        remediation=None
        if remedy is None
        else Remediation(remedy["action"], remedy.get("effort", "M"), remedy.get("expectation")),
        failed_rows=None
        if rows is None
        else FailedRows(
            identity=tuple(rows.get("identity") or ()),
            scope=rows.get("rows", "sample"),
            found=rows.get("found"),
            predicate=rows.get("predicate"),
            file=rows.get("file"),
        ),
        problem=d.get("problem"),
        counted_in=d.get("counted_in"),
    )


def source_card(source: Source, recorded: Mapping[str, Any]) -> SourceScorecard:
    """``source`` (as declared now) with the results recorded for it."""
    card = recorded["source"]
    modified = card.get("modified_at")
    return SourceScorecard(
        source=source,
        level=Level(card["level"]),
        score=card.get("score"),
        dimensions=tuple(
            DimensionScore(
                Dimension(name), d.get("score"), d.get("explanation", ""), d.get("findings", 0)
            )
            # in the order of the dimensions (the stored JSON sorts its keys)
            for name, d in sorted(
                card["dimensions"].items(),
                key=lambda item: list(Dimension).index(Dimension(item[0])),
            )
        ),
        findings=tuple(finding_from_dict(f) for f in recorded.get("findings", ())),
        row_count=card.get("rows"),
        column_count=card.get("columns"),
        reachable=card.get("reachable", True),
        error=card.get("error"),
        seconds=card.get("seconds", 0.0),
        sample_size=card.get("sample_size"),
        modified_at=None if modified is None else dt.datetime.fromisoformat(modified),
        size_bytes=card.get("size_bytes"),
    )
