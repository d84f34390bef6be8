"""One resolver for every command: the same target grammar, sample rules and error text everywhere."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dataready.cli import cli
from dataready.errors import ConfigError, SourceError
from dataready.pipeline.targets import resolve, sample_spec, source_or_target
from tests.conftest import FULLY_DECLARED, digest


@pytest.fixture
def project(tmp_path: Path, project_file) -> Path:
    pd.DataFrame({"id": range(30), "amount": [i * 1.5 for i in range(30)]}).to_csv(
        tmp_path / "orders.csv", index=False
    )
    pd.DataFrame({"id": range(5)}).to_csv(tmp_path / "customers.csv", index=False)
    return project_file(
        {"name": "orders", "location": "orders.csv", **FULLY_DECLARED},
        {"name": "customers", "location": "customers.csv", **FULLY_DECLARED},
        defaults={"sample_size": 20, "seed": 7},
    )


def test_a_project_resolves_to_its_sources_with_its_sample_rule(project: Path) -> None:
    targets = resolve(project)

    assert [p.source.name for p in targets.planned] == ["orders", "customers"]
    assert not targets.ad_hoc
    assert (targets.spec.size, targets.spec.seed) == (20, 7)
    assert resolve(project, sample_size=5, seed=1).spec == sample_spec(targets.project, 5, 1)
    assert [s.name for s, _c in resolve(project, names=["customers"]).readable] == ["customers"]


def test_a_file_a_dataframe_and_an_unreadable_source(tmp_path: Path, project: Path) -> None:
    assert resolve(tmp_path / "orders.csv").ad_hoc
    assert [p.source.connector for p in resolve(pd.DataFrame({"a": [1]})).planned] == ["dataframe"]

    (tmp_path / "orders.csv").unlink()
    kept = resolve(project, on_unreadable="keep")
    assert set(kept.unreadable) == {"orders"}
    assert "orders.csv" in kept.unreadable["orders"]
    with pytest.raises(SourceError, match=r"orders\.csv"):
        resolve(project, on_unreadable="raise")


def test_a_single_name_that_is_a_path_is_the_target_itself(
    tmp_path: Path, project: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)

    assert source_or_target(["orders"], None) == (Path("dataready.yml"), ("orders",))
    assert source_or_target([str(tmp_path / "orders.csv")], None) == (
        str(tmp_path / "orders.csv"),
        (),
    )
    with pytest.raises(
        ConfigError, match=r"no source named 'orders\.csv'; the project has: customers, orders"
    ):
        source_or_target(["orders.csv"], project)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--project", "{p}", "nope"],
        ["suggest", "--project", "{p}", "nope"],
        ["profile", "--project", "{p}", "nope"],
        ["duplicates", "--project", "{p}", "nope", "-o", "{d}/clusters.csv"],
    ],
    ids=["validate", "suggest", "profile", "duplicates"],
)
def test_every_command_names_an_unknown_source_the_same_way(project: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, [a.format(p=project, d=project.parent) for a in args])

    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"dataready: error: {project}: no source named 'nope'; the project has: customers, orders\n"
    )


def test_a_database_file_named_by_its_path_is_audited_as_the_database(tmp_path: Path) -> None:
    """`dataready audit shop.db` audits the tables in it, whatever the file's suffix."""
    import sqlite3

    import duckdb

    import dataready

    with sqlite3.connect(tmp_path / "shop.db") as conn:
        conn.execute("CREATE TABLE orders (id INTEGER, amount REAL)")
        conn.executemany("INSERT INTO orders VALUES (?, ?)", [(i, i * 1.5) for i in range(30)])
    conn.close()
    warehouse = duckdb.connect(str(tmp_path / "warehouse.data"))
    warehouse.execute("CREATE TABLE events AS SELECT range AS id FROM range(12)")
    warehouse.close()
    before = digest([tmp_path / "shop.db", tmp_path / "warehouse.data"])

    shop = dataready.audit(str(tmp_path / "shop.db"))
    assert [(s.source.name, s.row_count) for s in shop.sources] == [("shop.orders", 30)]
    assert shop.sources[0].source.location.startswith("sqlite:///")
    events = dataready.audit(str(tmp_path / "warehouse.data"))
    assert [(s.source.name, s.row_count) for s in events.sources] == [("warehouse.events", 12)]
    assert digest([tmp_path / "shop.db", tmp_path / "warehouse.data"]) == before
