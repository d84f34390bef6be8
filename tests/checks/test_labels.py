"""Label readiness: coverage, spelling variants, balance, conflicts and leakage on planted label
tables, and no findings on a clean one."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import dataready
from dataready.errors import ConfigError
from tests.conftest import FULLY_DECLARED, assert_finding, findings

CLASSES = {"billing": 0.4, "delivery": 0.3, "returns": 0.2, "account": 0.1}
TEAMS = {
    "billing": "Payments",
    "delivery": "Logistics",
    "returns": "Returns desk",
    "account": "Identity",
    "fraud": "Risk",
}
WORDS = [a + b + c for a in "bdfgklmnprstv" for b in "aeiou" for c in ("n", "r", "s", "l", "")]


def tickets(n: int = 2000, seed: int = 1) -> pd.DataFrame:
    """A clean ticket table: every text its own, labels from a fixed list, no column that gives the label away."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = rng.choices(list(CLASSES), weights=list(CLASSES.values()))[0]
        text = (
            f"about my {label} question "
            + " ".join(rng.choice(WORDS) for _ in range(14))
            + f" order {rng.randint(10**6, 10**7)}"
        )
        rows.append(
            {
                "ticket_id": i + 1,
                "text": text,
                "channel": rng.choice(["email", "chat", "phone"]),
                "amount": round(rng.uniform(5, 500), 2),
                "created_at": dt.datetime(2025, 1, 1)
                + dt.timedelta(minutes=rng.randint(0, 500_000)),
                "label": label,
            }
        )
    return pd.DataFrame(rows).sample(frac=1, random_state=seed).reset_index(drop=True)


def audit(
    project_file, tmp_path: Path, frame: pd.DataFrame, **extra: object
) -> dataready.Scorecard:
    frame.to_parquet(tmp_path / "tickets.parquet", index=False)
    return dataready.audit(
        project_file(
            {
                "name": "tickets",
                "location": "tickets.parquet",
                **FULLY_DECLARED,
                "label": "label",
                **extra,
            }
        )
    )


def label_findings(card: dataready.Scorecard) -> list[tuple[str, str, str]]:
    return [
        (f.check, f.severity.value, f.message)
        for f in findings(card, "labels")
        if f.severity.value != "info"
    ]


def test_a_clean_label_column_has_no_findings(project_file, tmp_path: Path) -> None:
    card = audit(project_file, tmp_path, tickets())
    assert label_findings(card) == []
    assert card["tickets"].dimension("labels").score == 100
    balance = assert_finding(card, "labels", check="class_balance", severity="info")
    assert (
        set(balance.measured["classes"]) == set(CLASSES)
        and balance.measured["imbalance_ratio"] < 10
    )


def test_each_planted_label_defect_is_reported(project_file, tmp_path: Path) -> None:
    frame = tickets()
    rng = random.Random(5)
    rows = list(frame.index)
    rng.shuffle(rows)
    unlabelled, placeholders, cased = rows[:40], rows[40:50], rows[50:80]
    frame.loc[unlabelled, "label"] = None
    frame.loc[placeholders, "label"] = "unknown"
    frame.loc[[r for r in cased if frame.loc[r, "label"] == "billing"], "label"] = "Billing"
    billing = [r for r in rows[100:400] if frame.loc[r, "label"] == "billing"][:5]
    frame.loc[billing, "label"] = "biling"
    # 12 fraud tickets: a class too small to learn.
    fraud = frame.sample(12, random_state=3).assign(
        label="fraud", ticket_id=lambda d: d.ticket_id + 10_000
    )
    fraud["text"] = [
        f"about my fraud case {i} " + " ".join(rng.choice(WORDS) for _ in range(14))
        for i in range(12)
    ]
    # 15 texts labelled twice, differently (the second copy has another order number).
    sources = frame[frame.label.isin(list(CLASSES))].sample(15, random_state=4)
    conflicts = sources.assign(
        ticket_id=lambda d: d.ticket_id + 20_000,
        text=lambda d: d.text.str.replace(r"\d+$", "4242", regex=True),
        label=lambda d: d.label.map(
            {
                "billing": "delivery",
                "delivery": "returns",
                "returns": "account",
                "account": "billing",
            }
        ),
    )
    frame = pd.concat([frame, fraud, conflicts], ignore_index=True)
    # Filled in by the team that resolved the ticket: known only after the outcome.
    frame["resolved_by"] = frame["label"].map(
        lambda v: TEAMS.get(str(v).strip().lower().replace("biling", "billing"))
    )
    card = audit(project_file, tmp_path, frame)

    coverage = assert_finding(
        card, "labels", check="label_coverage", column="label", affected=50, severity="warning"
    )
    assert "40 null" in coverage.message and "10 placeholders" in coverage.message
    variants = assert_finding(
        card, "labels", check="label_variants", affected=len(frame.query("label == 'Billing'")) + 5
    )
    assert variants.measured == {"Billing": "billing", "biling": "billing"}
    balance = assert_finding(card, "labels", check="class_balance", severity="warning")
    assert balance.examples == ("fraud",) and balance.affected == 12
    conflict = assert_finding(
        card, "labels", check="conflicting_labels", column="text", affected=15
    )
    assert conflict.message.startswith("15 groups")
    leak = assert_finding(
        card, "labels", check="label_leakage", column="resolved_by", severity="error"
    )
    assert "after the outcome" in leak.message
    assert not findings(card, "labels", check="label_leakage", column="amount")
    assert card["tickets"].dimension("labels").score < 80
    steps = [p for p in card.plan if p.dimension.value == "labels"]
    assert {p.columns[0] for p in steps} >= {"label", "resolved_by"}


def test_identifiers_assigned_per_class_leak_the_label(project_file, tmp_path: Path) -> None:
    frame = tickets().sort_values("label", kind="stable").reset_index(drop=True)
    frame["ticket_id"] = range(1, len(frame) + 1)  # numbered after sorting by class
    leak = assert_finding(
        audit(project_file, tmp_path, frame), "labels", check="label_leakage", column="ticket_id"
    )
    assert leak.severity.value == "error" and "identifier" in leak.message


def test_a_code_of_the_label_is_reported_as_a_copy(project_file, tmp_path: Path) -> None:
    frame = tickets()
    frame["label_code"] = frame["label"].map({c: i for i, c in enumerate(CLASSES)})
    leak = assert_finding(
        audit(project_file, tmp_path, frame), "labels", check="label_leakage", column="label_code"
    )
    assert "one to one" in leak.message and leak.measured == 1.0


def test_a_single_class_and_an_empty_label_column(project_file, tmp_path: Path) -> None:
    frame = tickets(300).assign(label="billing")
    assert_finding(
        audit(project_file, tmp_path, frame), "labels", check="class_balance", severity="error"
    )
    frame = tickets(300).assign(label=None)
    assert_finding(
        audit(project_file, tmp_path, frame),
        "labels",
        check="label_coverage",
        severity="blocker",
        affected=300,
    )


def test_a_numeric_target_is_checked_for_leaks_not_for_balance(
    project_file, tmp_path: Path
) -> None:
    frame = tickets(500).assign(label=lambda d: d.amount * 1.1 + 3)
    frame["amount_with_tax"] = frame["label"] * 1.2
    card = audit(project_file, tmp_path, frame.drop(columns=["amount"]))
    assert not findings(card, "labels", check="class_balance") and not findings(
        card, "labels", check="label_variants"
    )
    assert_finding(card, "labels", check="label_leakage", column="amount_with_tax")


def test_a_declared_label_column_that_does_not_exist(project_file, tmp_path: Path) -> None:
    card = audit(project_file, tmp_path, tickets(100).rename(columns={"label": "topic"}))
    found = assert_finding(card, "labels", check="label_coverage", severity="error")
    assert "'label' does not exist" in found.message and "topic" in found.remediation.action


def test_labels_on_a_sql_table(project_file, tmp_path: Path) -> None:
    frame = tickets(400)
    frame.loc[:19, "label"] = None
    with sqlite3.connect(tmp_path / "warehouse.db") as conn:
        frame.assign(created_at=frame.created_at.astype(str)).to_sql("tickets", conn, index=False)
    card = dataready.audit(
        project_file(
            {
                "name": "tickets",
                "location": "sqlite:///warehouse.db",
                "table": "tickets",
                **FULLY_DECLARED,
                "label": "label",
            }
        )
    )
    assert_finding(card, "labels", check="label_coverage", affected=20)


def test_an_empty_label_name_is_a_config_error(project_file, tmp_path: Path) -> None:
    tickets(10).to_parquet(tmp_path / "tickets.parquet")
    with pytest.raises(
        ConfigError, match=r"sources\[tickets\]\.label: String should have at least 1 character"
    ):
        dataready.audit(
            project_file({"name": "tickets", "location": "tickets.parquet", "label": ""})
        )


def test_identical_records_with_different_labels(project_file, tmp_path: Path) -> None:
    rng = random.Random(8)
    rows = [
        {
            "id": i,
            "length": round(rng.uniform(30, 60), 1),
            "depth": round(rng.uniform(13, 22), 1),
            "mass": rng.randint(2700, 6300),
            "island": rng.choice(["Biscoe", "Dream", "Torgersen"]),
            "label": rng.choice(["adelie", "gentoo", "chinstrap"]),
        }
        for i in range(600)
    ]
    copies = [
        {
            **rows[k],
            "id": 1000 + k,
            "label": {"adelie": "gentoo", "gentoo": "chinstrap", "chinstrap": "adelie"}[
                rows[k]["label"]
            ],
        }
        for k in range(6)
    ]
    card = audit(project_file, tmp_path, pd.DataFrame(rows + copies))
    conflict = assert_finding(card, "labels", check="conflicting_labels", affected=6)
    assert "identical records" in conflict.message
