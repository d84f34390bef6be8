"""``dataready init``: a CSV folder, a SQLite file and a PostgreSQL schema, drafted and then audited."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dataready.cli import cli
from dataready.config import load_project
from tests.dbutil import database

PASSWORD = "Hunter2-Canary"


def init(*args: str) -> object:
    return CliRunner().invoke(cli, ["init", *args])


def write_orders(folder: Path) -> None:
    """60 orders loaded daily (the last today), an id and a SKU both unique; notes with no key."""
    folder.mkdir(parents=True, exist_ok=True)
    today = dt.datetime.now().replace(hour=2, minute=0, second=0, microsecond=0)
    n = 60
    pd.DataFrame(
        {
            "order_id": range(1, n + 1),
            "sku": [f"SKU-{i:04d}" for i in range(n)],
            "customer": [f"c{i % 7}" for i in range(n)],
            "amount": [i * 1.5 for i in range(n)],
            "loaded_at": [today - dt.timedelta(days=n - 1 - i) for i in range(n)],
        }
    ).to_csv(folder / "orders.csv", index=False)
    pd.DataFrame({"note": ["a b", "c d", "a b"], "x": [1, 2, 3]}).to_csv(
        folder / "notes.csv", index=False
    )


def test_init_on_a_csv_folder_writes_a_project_the_audit_runs_on(tmp_path, monkeypatch) -> None:
    write_orders(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    result = init("data")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "dataready.yml").read_text()
    project = load_project(tmp_path / "dataready.yml")
    sources = {s.name: s for s in project.sources}
    assert set(sources) == {"data/orders", "data/notes"}
    orders = sources["data/orders"]
    assert orders.location == "data/orders.csv"  # relative to the project file
    assert orders.key == ["order_id"] and "also unique: sku" in text
    assert orders.timestamp == "loaded_at" and orders.refresh is None
    assert "    # refresh: daily   # inferred from the spacing of loaded_at" in text
    assert sources["data/notes"].key == [] and sources["data/notes"].refresh is None
    # What only people know stays undeclared, as placeholders to fill in.
    for s in project.sources:
        assert (s.owner, s.contact, s.purpose, s.sensitivity) == (None, None, None, None)
    for placeholder in ("# owner:", "# contact:", "# purpose:", "# sensitivity:"):
        assert text.count(f"    {placeholder}") == 2

    audit = CliRunner().invoke(cli, ["audit", "-f", "json"])
    assert audit.exit_code == 0, audit.output  # ready with conditions: nobody owns the data yet
    import json

    card = json.loads(audit.stdout)
    assert card["level"] == "ready with conditions"
    unowned = next(f for f in card["findings"] if f["check"] == "undeclared_metadata")
    assert unowned["source"] == "(project)"
    assert unowned["message"].startswith(
        "no owner, contact or refresh cadence declared for 2 sources"
    )
    assert sorted(unowned["measured"]["owner"]) == ["data/notes", "data/orders"]
    assert not any(f["check"] == "staleness_inferred" for f in card["findings"])


def test_init_refuses_to_replace_an_existing_file_unless_forced(tmp_path, monkeypatch) -> None:
    write_orders(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dataready.yml").write_text("# mine\n")
    result = init("data")
    assert result.exit_code == 2
    assert result.stderr == (
        "dataready: error: dataready.yml: already exists; keep it, choose another file with -o, "
        "or add --force to replace it\n"
    )
    assert (tmp_path / "dataready.yml").read_text() == "# mine\n"
    assert init("data", "-o", "other.yml").exit_code == 0
    assert init("data", "--force").exit_code == 0
    assert "data/orders" in (tmp_path / "dataready.yml").read_text()


def test_init_on_a_sqlite_file(tmp_path, monkeypatch) -> None:
    db = tmp_path / "shop.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE events (event_id INTEGER, code TEXT, recorded_at TIMESTAMP)")
        start = dt.datetime(2024, 1, 1)
        conn.executemany(
            "INSERT INTO events VALUES (?, ?, ?)",
            [(i, f"E{i}", (start + dt.timedelta(hours=i)).isoformat(" ")) for i in range(50)],
        )
        conn.execute("CREATE TABLE tags (tag TEXT, weight REAL)")
        conn.executemany("INSERT INTO tags VALUES (?, ?)", [("a", 1.0), ("a", 2.0)])
    conn.close()
    monkeypatch.chdir(tmp_path)
    assert init("shop.sqlite").exit_code == 0
    project = load_project(tmp_path / "dataready.yml")
    sources = {s.name: s for s in project.sources}
    events = sources["shop.events"]
    assert events.location == "sqlite:///shop.sqlite" and events.table == "events"
    assert events.key == ["event_id"]
    text = (tmp_path / "dataready.yml").read_text()
    assert events.timestamp == "recorded_at" and "# refresh: hourly" in text
    assert sources["shop.tags"].key == [] and sources["shop.tags"].timestamp is None
    audit = CliRunner().invoke(cli, ["audit", "-f", "json"])
    assert audit.exit_code == 0 and '"name": "shop.events"' in audit.stdout


@pytest.mark.postgres
def test_init_on_postgresql_writes_no_password(tmp_path, monkeypatch) -> None:
    with database("postgresql", tmp_path) as db:
        today = dt.datetime.now().replace(minute=0, second=0, microsecond=0)
        rows = ", ".join(
            f"({i}, 'R-{i}', TIMESTAMP '{today - dt.timedelta(weeks=29 - i)}')" for i in range(30)
        )
        db.execute(
            "CREATE SCHEMA sales",
            "CREATE TABLE sales.reports (report_id INTEGER, ref TEXT, loaded_at TIMESTAMP)",
            f"INSERT INTO sales.reports VALUES {rows}",
            "CREATE TABLE public.misc (a INTEGER)",
        )
        # The local server trusts connections, so the password is not needed, only never written.
        url = db.url.replace("postgres@", f"postgres:{PASSWORD}@")
        monkeypatch.chdir(tmp_path)
        result = init(url, "--schema", "sales")
        assert result.exit_code == 0, result.output
        text = (tmp_path / "dataready.yml").read_text()
        assert PASSWORD not in text and PASSWORD not in result.output
        variable = f"{db.name.upper()}_PASSWORD"
        assert f"postgres:${{{variable}}}@127.0.0.1" in text
        assert f"export {variable}" in result.stderr

        monkeypatch.setenv(variable, PASSWORD)
        project = load_project(tmp_path / "dataready.yml")
        [reports] = project.sources
        assert (reports.name, reports.schema_, reports.table) == (
            f"{db.name}.reports",
            "sales",
            "reports",
        )
        assert reports.key == ["report_id"]
        assert reports.timestamp == "loaded_at" and "# refresh: weekly" in text
        audit = CliRunner().invoke(cli, ["audit", "-f", "json"])
        assert audit.exit_code == 0, audit.output
        assert f'"name": "{db.name}.reports"' in audit.stdout and PASSWORD not in audit.output

        # --all-schemas: every schema's tables, each entry naming its schema.
        assert init(url, "--all-schemas", "-o", "all.yml").exit_code == 0
        everything = load_project(tmp_path / "all.yml")
        assert sorted((s.schema_, s.table) for s in everything.sources) == [
            ("public", "misc"),
            ("sales", "reports"),
        ]


def test_init_on_a_project_folder_finds_its_files_databases_and_documents(
    tmp_path, monkeypatch
) -> None:
    """The demo's layout: a CSV export, a SQLite warehouse, a folder of articles and suites."""
    import json
    import sqlite3

    write_orders(tmp_path / "data")
    with sqlite3.connect(tmp_path / "data" / "warehouse.db") as conn:
        conn.execute("CREATE TABLE customers (customer_id INTEGER, name TEXT)")
        conn.executemany("INSERT INTO customers VALUES (?, ?)", [(i, f"n{i}") for i in range(20)])
    conn.close()
    (tmp_path / "kb").mkdir()
    for i in range(3):
        (tmp_path / "kb" / f"article-{i}.md").write_text(f"# Article {i}\n\nHow to do thing {i}.\n")
    (tmp_path / "expectations").mkdir()
    (tmp_path / "expectations" / "x.json").write_text(json.dumps({"name": "x", "expectations": []}))
    monkeypatch.chdir(tmp_path)

    assert init(".").exit_code == 0
    project = load_project(tmp_path / "dataready.yml")
    locations = {s.name: (s.location, s.table) for s in project.sources}
    assert locations == {
        f"{tmp_path.name}/data/orders": ("data/orders.csv", None),
        f"{tmp_path.name}/data/notes": ("data/notes.csv", None),
        "warehouse.customers": ("sqlite:///data/warehouse.db", "customers"),
        "kb": ("kb", None),
    }
    audit = CliRunner().invoke(cli, ["audit", "-f", "json"])
    import json as json_module

    card = json_module.loads(audit.stdout)
    assert {s["name"] for s in card["sources"]} == {
        f"{tmp_path.name}/data/orders",
        f"{tmp_path.name}/data/notes",
        "warehouse.customers",
        "kb",
    }
