"""The plan for sources nobody has declared yet: data problems lead, missing metadata is one step."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import dataready
from dataready.model import Level
from dataready.model.findings import PROJECT


def write_tables(folder: Path) -> None:
    """Seven tables as a warehouse export would give them: no dataready.yml, one with gaps."""
    folder.mkdir()
    for i in range(6):
        pd.DataFrame(
            {
                "id": range(200),
                "amount": [float(j % 50) for j in range(200)],
                "kind": ["a", "b"] * 100,
            }
        ).to_csv(folder / f"clean_{i}.csv", index=False)
    pd.DataFrame(
        {
            "id": range(200),
            "email": [None if j % 4 == 0 else f"user{j}@example.com" for j in range(200)],
            "country": [
                "france " if j % 40 == 0 else ("France", "Spain")[j % 2] for j in range(200)
            ],
        }
    ).to_csv(folder / "customers.csv", index=False)


def test_an_undeclared_warehouse_leads_with_its_data_and_asks_for_metadata_once(
    tmp_path: Path,
) -> None:
    write_tables(tmp_path / "export")
    card = dataready.audit(str(tmp_path / "export"))

    # Missing metadata: two project findings naming all seven sources, none per source.
    assert [(f.source, f.dimension.value) for f in card.project_findings] == [
        (PROJECT, "ownership"),
        (PROJECT, "inventory"),
    ]
    assert all("7 sources" in f.message for f in card.project_findings)
    assert not [f for f in card.findings if f.check in ("ownership", "inventory")]
    # A clean table is ready on its own; the use case waits for the declarations.
    levels = {s.source.name: s.level for s in card.sources}
    assert levels["export/clean_0"] is Level.READY
    assert card["export/customers"].level is Level.CONDITIONAL
    assert card.level is Level.CONDITIONAL  # no error among the checklist's items
    # The plan opens with the data's problems; the metadata steps are two, at the end.
    governance = [p for p in card.plan if p.dimension.value in ("ownership", "inventory")]
    assert len(governance) == 2 and card.plan[-2:] == tuple(governance)
    assert card.plan[0].source == "export/customers"
    assert {p.columns for p in card.plan.head} >= {("email",), ("country",)}
    assert all(p.owner == "unassigned" for p in card.plan)
