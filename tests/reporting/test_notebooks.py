"""The notebook experience: DataFrames, the plot, rich displays, and the example notebooks run end to end."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import dataready
from dataready.model import Findings, Plan, Severity

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def _emails(project: Path) -> list[str]:
    with sqlite3.connect(project.parent / "data" / "warehouse.db") as conn:
        return [r[0] for r in conn.execute("SELECT email FROM customers WHERE email LIKE '%@%'")]


def test_findings_are_typed_results_and_a_dataframe(demo) -> None:
    _project, card = demo
    assert isinstance(card.findings, Findings) and all(
        isinstance(f, dataready.Finding) for f in card.findings
    )
    frame = card.findings.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(card.findings)
    assert {
        "source",
        "dimension",
        "check",
        "severity",
        "column",
        "message",
        "affected",
        "total",
        "share",
        "basis",
        "action",
        "expectation",
    } <= set(frame.columns)
    copies = frame[(frame.source == "crm.customers") & (frame.check == "duplicate_rows")].iloc[0]
    assert (copies.affected, copies.total, copies.basis, copies.dimension) == (
        24,
        1824,
        "exact",
        "uniqueness",
    )
    placeholders = frame[
        (frame.source == "crm.customers") & (frame.check == "disguised_missing")
    ].iloc[0]
    assert (placeholders.column, placeholders.affected, placeholders.examples) == (
        "email",
        46,
        ["N/A"],
    )
    assert placeholders.expectation["kwargs"]["column"] == "email"
    future = frame[(frame.source == "sales.orders") & (frame.check == "future_dates")].iloc[0]
    assert (future.column, future.affected, future.severity) == ("ordered_at", 12, "warning")
    # Severity is ordered, so "warning and worse" is one comparison.
    serious = frame[frame.severity >= "error"]
    assert len(serious) == sum(f.severity.rank >= Severity.ERROR.rank for f in card.findings) > 0
    assert card["kb.articles"].findings.to_frame()["source"].unique().tolist() == ["kb.articles"]


def test_plan_is_a_dataframe_ranked_by_impact(demo) -> None:
    _project, card = demo
    assert isinstance(card.plan, Plan)
    frame = card.plan.to_frame()
    assert frame.index.tolist() == list(range(1, len(card.plan) + 1))
    # The three steps that matter most first, then the rest grouped by owner, then source.
    assert frame["impact"].head(3).is_monotonic_decreasing
    rest = frame.iloc[3:]
    owners = rest["owner"].tolist()
    assert all(o not in owners[: i - 1] for i, o in enumerate(owners) if i and owners[i - 1] != o)
    assert (frame.loc[frame.source == "sales.orders", "owner"] == "unassigned").all()
    assert (
        frame.loc[frame.source == "crm.customers", "owner"]
        .str.startswith("CRM Platform Team")
        .all()
    )
    top = card.plan[:3]
    assert isinstance(top, Plan) and top.to_frame().index.tolist() == [1, 2, 3]
    assert card.plan[0].rank == 1  # indexing still gives a PlanStep
    assert "<table" in card.plan._repr_html_() and "<table" in card.findings._repr_html_()


def test_source_card_has_its_findings_and_masked_example_rows(demo) -> None:
    project, card = demo
    customers = card["crm.customers"]
    rows = customers.examples
    assert list(rows.columns) == [
        "customer_id",
        "full_name",
        "email",
        "phone",
        "country",
        "segment",
        "created_at",
        "updated_at",
    ]
    assert len(rows) == 5
    with sqlite3.connect(project.parent / "data" / "warehouse.db") as conn:
        raw_rows = conn.execute(
            "SELECT full_name, email, phone FROM customers ORDER BY rowid LIMIT 5"
        ).fetchall()
    for column, raw in zip(
        ("full_name", "email", "phone"), zip(*raw_rows, strict=True), strict=True
    ):
        shown = rows[column].tolist()
        assert all("*" in v for v in shown), shown  # masked ...
        assert not set(shown) & set(raw) and not any(
            r in v for r in raw for v in shown
        )  # ... and not the raw value
    assert (
        sum(ch.isdigit() for ch in rows["phone"][0]) <= 4
    )  # at most the last digits of a phone number
    assert (
        rows["country"]
        .isin(["United Kingdom", "Germany", "France", "Spain", "Ireland", "Netherlands"])
        .all()
    )
    assert rows["created_at"].str.match(r"\d{4}-\d{2}-\d{2} ").all()  # dates stay readable
    view = customers._repr_html_()
    assert (
        "crm.customers" in view
        and "Example rows" in view
        and "placeholders for missing data" in view
    )
    assert not [e for e in _emails(project) if e in view]
    raw = dataready.audit(project, show_values=True)["crm.customers"].examples
    assert raw["email"].str.contains("@example.com").all()


def test_scorecard_notebook_view(demo) -> None:
    project, card = demo
    view = card._repr_html_()
    assert card.level.value in view and "Customer-support assistant" in view
    assert all(item.title in view for item in card.checklist)
    assert (
        "<svg" in view and "<script" not in view
    )  # notebooks may not run scripts; nothing needs them
    assert f"top {min(5, len(card.plan))} of {len(card.plan)}" in view
    assert not [e for e in _emails(project) if e in view]


def test_plot_without_matplotlib_says_which_extra_to_install(demo, monkeypatch) -> None:
    import sys

    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    _project, card = demo
    with pytest.raises(ModuleNotFoundError) as caught:
        card.plot()
    assert str(caught.value) == (
        "card.plot() draws with matplotlib, which is not installed: "
        "pip install 'dataready-audit[notebook]'"
    )


@pytest.mark.filterwarnings(
    "ignore::DeprecationWarning"
)  # matplotlib's font parser on newer pyparsing
def test_plot_draws_every_score(demo) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _project, card = demo
    ax = card.plot()
    try:
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == [s.source.name for s in card.sources]
        dims = [t.get_text() for t in ax.get_xticklabels()]
        assert "completeness" in dims and "ownership" in dims
        cells = [t.get_text() for t in ax.texts]
        assert len(cells) == len(labels) * len(dims)
        orders = card["sales.orders"]
        row = labels.index("sales.orders")
        shown = cells[row * len(dims) : (row + 1) * len(dims)]
        assert shown == [
            ("n/a" if orders.dimension(d).score is None else f"{orders.dimension(d).score:.0f}")
            for d in dims
        ]
    finally:
        plt.close(ax.get_figure())


def test_there_are_example_notebooks() -> None:
    assert len(NOTEBOOKS) >= 2
    for path in NOTEBOOKS:
        book = json.loads(path.read_text(encoding="utf-8"))
        # Stored without outputs: the test suite executes them, and diffs stay readable.
        assert all(not c.get("outputs") for c in book["cells"] if c["cell_type"] == "code"), (
            path.name
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_end_to_end(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nbformat
    from nbclient import NotebookClient

    cwd, scratch = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    scratch.mkdir()
    monkeypatch.setenv(
        "TMPDIR", str(scratch)
    )  # the kernel inherits it: what the notebook writes is cleaned up
    book = nbformat.read(path, as_version=4)
    client = NotebookClient(
        book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()  # raises CellExecutionError on the first cell that fails
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(
        o.get("data", {}).get("text/html", "")
        for o in outputs
        if o.output_type in ("display_data", "execute_result")
    )
    printed = "".join(
        o.get("text", "")
        for o in outputs
        if o.output_type == "stream" and o.get("name") == "stdout"
    )
    assert "<table" in html
    assert not re.search(
        r"[a-z]+\.[a-z]+\d+@example\.com", html + printed
    )  # no demo customer's address anywhere
    assert not list(
        cwd.iterdir()
    )  # the notebooks write into a folder of their own, not where they run
    if path.stem.startswith("01"):
        assert (
            "Data readiness report" in html and "<iframe srcdoc=" in html
        )  # the scorecard and the profile
        assert any(o.get("data", {}).get("image/png") for o in outputs)  # card.plot()
        assert "crm.customers: profiled all 1,824 rows, minimal mode" in printed
        found = re.search(r"open file://(\S+)", printed)
        assert found is not None, printed
        report = Path(found.group(1))
        assert report.is_relative_to(scratch)
        assert report.is_file() and (report.parent / "profiles" / "crm.customers.html").is_file()
        assert 'href="profiles/crm.customers.html"' in report.read_text(encoding="utf-8")
    if path.stem.startswith("02"):
        assert "expectations written to expectations/sales.orders.json" in printed
        assert "expect_column_values_to_be_between" in html
