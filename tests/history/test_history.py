"""Recorded audits: drift between two runs of a changed CSV, the run list, the hash chain, the store."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import dataready
from dataready.cli import cli
from dataready.errors import ConfigError
from dataready.history.drift import psi
from dataready.model import Scorecard
from dataready.reporting.json import schema
from tests.conftest import FULLY_DECLARED, assert_finding, findings

STORE = Path(".dataready") / "history.sqlite"


def _customers(path: Path, *, changed: bool = False) -> list[str]:
    """1,000 customers; ``changed``: 700 rows, no amount, text in age, a third of countries missing.

    Returns the personal values written (e-mail addresses and names).
    """
    rng = random.Random(2 if changed else 1)
    header = "id,full_name,email,age,country" + ("" if changed else ",amount")
    lines, personal = [header], []
    for i in range(700 if changed else 1000):
        name, email = f"Jeanne Quimper{i:04d}", f"jeanne.quimper{i:04d}@example.org"
        personal += [name, email]
        age: object = rng.randint(18, 80)
        country = rng.choice(["DE", "FR", "NL"])
        if changed:
            age = "unknown" if i % 10 == 0 else age
            country = "" if i % 3 == 0 else country
            lines.append(f"{i},{name},{email},{age},{country}")
        else:
            lines.append(f"{i},{name},{email},{age},{country},{rng.random() * 100:.2f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return personal


@pytest.fixture
def project(tmp_path: Path, project_file) -> Path:
    _customers(tmp_path / "customers.csv")
    return project_file(
        {
            "name": "customers",
            "location": "customers.csv",
            "key": ["id"],
            "personal_columns": ["full_name", "email"],
            **FULLY_DECLARED,
        }
    )


def drift_findings(card: Scorecard) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((f.check, f.columns) for f in card.findings if f.check.startswith("drift"))


def test_a_changed_csv_drifts_and_an_unchanged_one_does_not(project: Path) -> None:
    first = dataready.audit(project, record=True)
    assert first.recorded is not None and first.recorded.run_id == 1
    assert first.recorded.compared == {}
    # Read again (not reused): measured and compared, and nothing drifted.
    again = dataready.audit(project, record=True, fresh=True)
    assert again.recorded is not None and again.recorded.compared == {"customers": 1}
    assert again.recorded.reused == {}
    assert drift_findings(again) == []

    _customers(project.parent / "customers.csv", changed=True)
    changed = dataready.audit(project, record=True)
    assert changed.recorded is not None and changed.recorded.run_id == 3
    removed = assert_finding(
        changed, "consistency", check="drift_column_removed", column="amount", severity="warning"
    )
    assert removed.measured["previous_run"] == 2 and removed.measured["run"] == 3
    assert "between run 2 (" in removed.message and "and run 3" in removed.message
    retyped = assert_finding(
        changed, "consistency", check="drift_column_retyped", column="age", severity="warning"
    )
    assert "from BIGINT (number) to VARCHAR (string)" in retyped.message
    rows = assert_finding(changed, "completeness", check="drift_row_count", severity="warning")
    assert rows.measured["rows"] == 700 and rows.measured["baseline"] == 1000
    nulls = assert_finding(
        changed, "completeness", check="drift_null_rate", column="country", severity="warning"
    )
    assert nulls.measured["before"] == 0.0 and nulls.measured["now"] == pytest.approx(234 / 700)
    # Each drift counts on its own: none is folded into another finding on its column.
    assert [f.check for f in changed.findings if f.check.startswith("drift") and f.counted_in] == []
    # The key's values moved with the rows dropped: a key has no distribution to drift.
    assert findings(changed, check="drift_distribution", column="id") == []
    # The drift counts in the score: the unchanged run scored higher.
    assert changed["customers"].score is not None and again["customers"].score is not None
    assert changed["customers"].score < again["customers"].score


def test_an_unchanged_file_reuses_its_recorded_results(project: Path) -> None:
    import os

    first = dataready.audit(project, record=True)
    second = dataready.audit(project, record=True)
    assert second.recorded is not None
    assert second.recorded.reused == {"customers": 1}
    assert second.recorded.saved_seconds > 0
    note = assert_finding(second, "inventory", check="reused_results", severity="info")
    assert "unchanged since run 1" in note.message and "--fresh" in note.message
    # The same verdict, scores and findings as the run it reuses.
    assert second.score == first.score and second.level is first.level
    assert [d.score for d in second["customers"].dimensions] == [
        d.score for d in first["customers"].dimensions
    ]
    assert sorted((f.check, f.columns, f.message) for f in first.findings) == sorted(
        (f.check, f.columns, f.message) for f in second.findings if f.check != "reused_results"
    )
    # A reused run is reused again, and says which run it stands on.
    third = dataready.audit(project, record=True)
    assert third.recorded is not None and third.recorded.reused == {"customers": 1}
    assert len(findings(third, check="reused_results")) == 1
    # A new modification time, a new project setting or --fresh: read again.
    data = project.parent / "customers.csv"
    os.utime(data, ns=(data.stat().st_atime_ns, data.stat().st_mtime_ns + 10**9))
    touched = dataready.audit(project, record=True)
    assert touched.recorded is not None and touched.recorded.reused == {}
    assert touched.recorded.compared == {"customers": 3}
    assert drift_findings(touched) == []
    assert dataready.audit(project, record=True, sample_size=500).recorded.reused == {}  # type: ignore[union-attr]
    fresh = dataready.audit(project, record=True, fresh=True)
    assert fresh.recorded is not None and fresh.recorded.reused == {}


def test_history_lists_runs_with_who_when_level_and_score(project: Path) -> None:
    dataready.audit(project, record=True)
    _customers(project.parent / "customers.csv", changed=True)
    dataready.audit(project, record=True)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["history", "--project", str(project), "--format", "json", "--source", "customers"]
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert listed["store"] == str((project.parent / STORE).resolve())
    runs = listed["runs"]
    assert [r["id"] for r in runs] == [1, 2]
    assert runs[0]["drift_findings"] == 0 and runs[1]["drift_findings"] >= 4
    assert all(r["user"] and r["host"] and r["recorded_at"] for r in runs)
    assert all(len(r["record_hash"]) == 64 for r in runs)
    assert runs[0]["config_hash"] == runs[1]["config_hash"]
    assert [s["rows"] for r in runs for s in r["sources"]] == [1000, 700]
    assert runs[0]["sources"][0]["score"] > runs[1]["sources"][0]["score"]
    table = runner.invoke(cli, ["history", "--project", str(project)])
    assert table.exit_code == 0 and "customers" in table.output
    none = runner.invoke(
        cli, ["history", "--project", str(project), "--source", "nope", "-f", "json"]
    )
    assert json.loads(none.output)["runs"] == []


def test_audit_record_from_the_command_line_says_where(project: Path, tmp_path: Path) -> None:
    store = tmp_path / "elsewhere" / "runs.sqlite"
    result = CliRunner().invoke(
        cli, ["audit", str(project), "--record", "--history", str(store), "-f", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    assert f"recorded as run 1 in {store}" in result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema())
    assert document["history"] == {
        "run": 1,
        "store": str(store),
        "compared_with": {},
        "reused": {},
        "saved_seconds": 0.0,
    }
    assert store.is_file()


def test_an_edited_record_fails_verification(project: Path) -> None:
    for _ in range(3):
        dataready.audit(project, record=True)
    runner = CliRunner()
    intact = runner.invoke(cli, ["history", "--project", str(project), "--verify"])
    assert intact.exit_code == 0, intact.output
    assert "3 recorded run(s), hash chain intact" in intact.output

    with sqlite3.connect(project.parent / STORE) as db:
        db.execute("UPDATE dataready_history_runs SET score = 99.9 WHERE id = 2")
    edited = runner.invoke(cli, ["history", "--project", str(project), "--verify"])
    assert edited.exit_code == 1
    assert "run 2 fails verification" in edited.output and "edited" in edited.output


def test_a_removed_record_fails_verification(project: Path) -> None:
    for _ in range(3):
        dataready.audit(project, record=True)
    with sqlite3.connect(project.parent / STORE) as db:
        for table in ("runs", "sources", "findings"):
            column = "id" if table == "runs" else "run_id"
            db.execute(f"DELETE FROM dataready_history_{table} WHERE {column} = 2")
    result = CliRunner().invoke(cli, ["history", "--project", str(project), "--verify"])
    assert result.exit_code == 1
    assert "run 3 fails verification: run 2 is missing" in result.output


def test_no_raw_personal_value_is_in_the_store(tmp_path: Path, project_file) -> None:
    personal = _customers(tmp_path / "customers.csv")
    project = project_file({"name": "customers", "location": "customers.csv"})
    dataready.audit(project, record=True)
    stored = (tmp_path / STORE).read_bytes()
    leaked = [v for v in personal if v.encode() in stored]
    assert leaked == []
    assert b"example.org" not in stored and b"Quimper" not in stored


def test_the_store_is_never_a_source(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    _customers(folder / "customers.csv")
    with pytest.raises(ConfigError, match=r"history .*inside .*which this run reads"):
        dataready.audit(folder, record=True, history=str(folder / "runs.sqlite"))
    assert not (folder / "runs.sqlite").exists()


def test_history_without_a_store_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["history", "--history", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "no history at" in result.stderr


def test_recording_refuses_raw_values(project: Path) -> None:
    with pytest.raises(ConfigError, match="--record keeps no raw values"):
        dataready.audit(project, record=True, show_values=True)


@pytest.mark.postgres
def test_postgresql_as_the_team_store(tmp_path: Path, project_file) -> None:
    from tests.dbutil import database

    _customers(tmp_path / "customers.csv")
    with database("postgresql", tmp_path, "history") as db:
        project = project_file(
            {"name": "customers", "location": "customers.csv", "key": ["id"]},
            history={"url": db.url, "schema": "audit_history"},
        )
        dataready.audit(project, record=True)
        _customers(tmp_path / "customers.csv", changed=True)
        card = dataready.audit(project, record=True)
        assert card.recorded is not None and card.recorded.compared == {"customers": 1}
        assert findings(card, check="drift_column_removed", column="amount")
        assert not (tmp_path / STORE).exists()
        runner = CliRunner()
        listed = runner.invoke(cli, ["history", "--project", str(project), "-f", "json"])
        assert [r["id"] for r in json.loads(listed.output)["runs"]] == [1, 2]
        assert runner.invoke(cli, ["history", "--project", str(project), "--verify"]).exit_code == 0
        db.execute("UPDATE audit_history.dataready_history_findings SET message = 'fine'")
        tampered = runner.invoke(cli, ["history", "--project", str(project), "--verify"])
        assert tampered.exit_code == 1 and "run 1 fails verification" in tampered.output


def test_population_stability_index_of_quantile_summaries() -> None:
    same = [float(i) for i in range(21)]
    assert psi(same, same) == pytest.approx(0.0, abs=1e-9)
    shifted = [v + 5 for v in same]
    index = psi(same, shifted)
    assert index is not None and index > 0.25
    small = [v + 0.2 for v in same]
    small_index = psi(same, small)
    assert small_index is not None and small_index < 0.1


def test_a_shifted_number_and_a_new_category_drift(tmp_path: Path, project_file) -> None:
    def write(shift: float, countries: list[str]) -> None:
        rng = random.Random(7)
        lines = ["id,amount,country"] + [
            f"{i},{rng.gauss(100, 10) + shift:.2f},{countries[i % len(countries)]}"
            for i in range(2000)
        ]
        (tmp_path / "orders.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    project = project_file({"name": "orders", "location": "orders.csv", "key": ["id"]})
    write(0, ["DE", "FR", "NL"])
    dataready.audit(project, record=True)
    write(15, ["DE", "FR", "NL", "BE"])
    card = dataready.audit(project, record=True)
    shifted = assert_finding(
        card, "consistency", check="drift_distribution", column="amount", severity="warning"
    )
    assert shifted.measured["psi"] > 0.25
    assert shifted.measured["mean_now"] - shifted.measured["mean_before"] == pytest.approx(15, 0.1)
    new = assert_finding(card, "consistency", check="drift_new_categories", column="country")
    assert new.measured["categories"] == 1 and new.measured["affected"] == 500
    assert "BE" not in new.message  # counted, never quoted
    assert drift_findings(card) == [
        ("drift_distribution", ("amount",)),
        ("drift_new_categories", ("country",)),
    ]


@pytest.mark.postgres
def test_the_tables_of_a_server_store_are_never_audited(tmp_path: Path) -> None:
    from tests.dbutil import database

    _customers(tmp_path / "customers.csv")
    with database("postgresql", tmp_path, "store") as db:
        db.execute(
            "CREATE TABLE orders (id INTEGER, amount NUMERIC)", "INSERT INTO orders VALUES (1, 2.5)"
        )
        dataready.audit(tmp_path / "customers.csv", record=True, history=db.url)
        with pytest.raises(ConfigError, match="is a table of the history store"):
            dataready.audit(db.url, record=True, history=db.url)
        # The database's own tables, named, are audited and recorded beside the store.
        card = dataready.audit(db.url, table="orders", record=True, history=db.url)
        assert card.recorded is not None and card.recorded.run_id == 2
