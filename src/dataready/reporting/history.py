"""``dataready history``: recorded runs as a table or JSON, and the outcome of ``--verify``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dataready.model.history import RunSummary, Verification

if TYPE_CHECKING:
    from rich.console import Console


def to_json(runs: Sequence[RunSummary], store: str) -> str:
    return (
        json.dumps(
            {"store": store, "runs": [r.to_dict() for r in runs]}, indent=2, ensure_ascii=False
        )
        + "\n"
    )


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def render(runs: Sequence[RunSummary], console: Console, store: str) -> None:
    from rich.table import Table

    if not runs:
        console.print(f"no recorded runs in {store}", markup=False)
        return
    table = Table(title=f"Recorded audits ({store})", title_justify="left")
    for name in ("run", "when (UTC)", "who", "level", "score", "sources", "drift"):
        table.add_column(name, justify="right" if name in ("run", "score", "drift") else "left")
    for r in runs:
        sources = "\n".join(
            f"{s.name}: {s.level} {_score(s.score)}" + (" (reused)" if s.reused else "")
            for s in r.sources
        )
        table.add_row(
            str(r.run_id),
            f"{r.recorded_at:%Y-%m-%d %H:%M:%S}",
            f"{r.user}@{r.host}",
            r.level,
            _score(r.score),
            sources,
            str(r.drift),
        )
    console.print(table)


def verification_text(result: Verification, store: str) -> str:
    if result.ok:
        return f"{store}: {result.checked} recorded run(s), hash chain intact"
    return (
        f"{store}: run {result.broken_run} fails verification: {result.reason} "
        f"({result.checked} run(s) before it verified)"
    )
