"""Deep profiles: computed on the sample and saying so, private, offline, quiet, and folded into findings
only where they add something."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import dataready
from dataready.cli import cli
from dataready.model import Basis, Dimension, Finding, Severity
from dataready.profiling import alerts as profile_alerts
from dataready.profiling import profile as profiling

pytestmark = pytest.mark.skipif(
    not profiling.available(), reason="the profile extra is not installed"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dataready.demo import write_demo

    return write_demo(tmp_path_factory.mktemp("profile") / "demo")


@pytest.fixture(scope="module")
def shaped() -> pd.DataFrame:
    """A table with one of each shape a profile notices and the audit's checks do not measure."""
    rng = np.random.default_rng(7)
    n = 4000
    kg = rng.normal(10, 2, n).round(3)
    return pd.DataFrame(
        {
            "order_id": np.arange(1, n + 1),
            "amount": rng.lognormal(3, 1.5, n).round(2),  # long right tail
            "weight_kg": kg,
            "weight_lb": (kg * 2.20462 + rng.normal(0, 0.01, n)).round(
                3
            ),  # the same quantity again
            "channel": rng.choice(["web", "store"], p=[0.985, 0.015], size=n),
            "currency": "EUR",  # one value throughout
            "note": "N/A",  # one placeholder throughout
        }
    )


def test_profile_of_a_project_source_is_written_and_private(demo: Path, tmp_path: Path) -> None:
    result = dataready.profile(demo, "crm.customers", output=tmp_path)
    assert (result.rows, result.rows_profiled, result.sampled) == (1824, 1824, False)
    assert result.summary().startswith("crm.customers: profiled all 1,824 rows, minimal mode, in ")
    assert (
        result.html_path == tmp_path / "crm.customers.html"
        and result.json_path == tmp_path / "crm.customers.json"
    )
    page = result.html_path.read_text(encoding="utf-8")
    document = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert (
        document["rows"] == 1824
        and document["mode"] == "minimal"
        and document["values_masked"] is True
    )
    assert set(document["variables"]) == {
        "customer_id",
        "full_name",
        "email",
        "phone",
        "country",
        "segment",
        "created_at",
        "updated_at",
    }
    assert document["variables"]["customer_id"]["n_distinct"] == 1800  # 24 re-loaded copies
    with sqlite3.connect(demo.parent / "data" / "warehouse.db") as conn:
        emails = [r[0] for r in conn.execute("SELECT email FROM customers WHERE email LIKE '%@%'")]
        distinct = conn.execute("SELECT count(DISTINCT email) FROM customers").fetchone()[0]
        phones = [r[0] for r in conn.execute("SELECT phone FROM customers")]
    # Pseudonyms keep distinct values distinct, so the profile's counts are still the true ones ...
    assert document["variables"]["email"]["n_distinct"] == distinct
    # ... and no address or phone number of the demo appears in the report or its JSON.
    for text in (page, result.json_path.read_text(encoding="utf-8")):
        assert not [e for e in emails if e in text] and not [p for p in phones if p in text]
    assert document["variables"]["country"]["top_values"][0][0] in {
        "United Kingdom",
        "Germany",
        "France",
        "Spain",
        "Ireland",
        "Netherlands",
    }
    assert os.path.getsize(result.json_path) < 200_000


def test_profile_of_a_big_source_reads_only_the_sample_and_says_so(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"id": np.arange(20_000), "value": np.random.default_rng(1).normal(size=20_000)}
    )
    result = dataready.profile(frame, sample_size=5_000, seed=3, output=tmp_path)
    assert (result.rows, result.rows_profiled, result.seed) == (20_000, 5_000, 3)
    assert "a sample of 5,000 of 20,000 rows (seed 3)" in result.summary()
    assert "sample of 5,000 of 20,000 rows" in result.html_path.read_text(
        encoding="utf-8"
    )  # the report's title
    document = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert document["table"]["n"] == 5_000 and document["sampled"] is True
    again = dataready.profile(frame, sample_size=5_000, seed=3)
    assert (
        again.report.df["id"].sort_values().tolist()
        == result.report.df["id"].sort_values().tolist()
    )
    assert (
        '<iframe srcdoc="' in result._repr_html_()
        and "a sample of 5,000 of 20,000 rows" in result._repr_html_()
    )


def test_full_mode_keeps_interactions_off_and_finds_more(shaped: pd.DataFrame) -> None:
    minimal = dataready.profile(shaped)
    full = dataready.profile(shaped, full=True)
    assert (
        full.report.config.interactions.continuous is False
        and full.report.config.interactions.targets == []
    )
    kinds = lambda p: {(a.kind, a.column) for a in p.alerts}  # noqa: E731
    assert {("skewed", "amount"), ("constant", "currency")} <= kinds(minimal)
    assert ("high_correlation", "weight_kg") not in kinds(
        minimal
    )  # minimal mode computes no correlations
    assert {
        ("high_correlation", "weight_kg"),
        ("high_correlation", "weight_lb"),
        ("imbalance", "channel"),
    } <= kinds(full)


def test_alerts_fold_into_findings_once_and_only_where_new(shaped: pd.DataFrame) -> None:
    card = dataready.audit(shaped)
    folded = profile_alerts.fold_alerts(card, [dataready.profile(shaped, full=True)])
    added = [f for f in folded.findings if f.check.startswith("profile.")]
    assert sorted((f.check, f.columns) for f in added) == [
        ("profile.constant", ("currency",)),  # 'note' is all 'N/A': the placeholder finding says it
        (
            "profile.high_correlation",
            ("weight_kg", "weight_lb"),
        ),  # one finding for the pair, not two
        ("profile.imbalance", ("channel",)),
        ("profile.skewed", ("amount",)),
    ]
    assert {f.severity for f in added} == {Severity.INFO}
    assert all(f.basis is Basis.EXACT for f in added)  # 4,000 rows: the sample is the whole table
    # Notes, not defects: scores, levels and the plan stay as the audit made them.
    assert (folded.level, folded.score, folded.plan) == (card.level, card.score, card.plan)
    assert [d.score for d in folded.sources[0].dimensions] == [
        d.score for d in card.sources[0].dimensions
    ]


def _finding(
    check: str, dimension: Dimension, column: str, affected: int, total: int = 100
) -> Finding:
    return Finding(
        check=check,
        dimension=dimension,
        severity=Severity.WARNING,
        source="t",
        message=check,
        columns=(column,),
        affected=affected,
        total=total,
    )


def test_alerts_already_explained_by_a_finding_are_not_repeated() -> None:
    alerts = (
        profiling.ProfileAlert("skewed", "price", "[price] is highly skewed", 40.0),
        profiling.ProfileAlert("skewed", "weight", "[weight] is highly skewed", 12.0),
        profiling.ProfileAlert("constant", "status", "[status] has a constant value"),
        profiling.ProfileAlert("constant", "flag", "[flag] has a constant value"),
        profiling.ProfileAlert("imbalance", "label", "[label] is highly imbalanced", 0.9),
        profiling.ProfileAlert("missing", "price", "[price] has 3 missing values"),
    )
    result = profiling.Profile(
        "t",
        rows=1000,
        rows_profiled=100,
        seed=42,
        full=True,
        seconds=1.0,
        alerts=alerts,
        masked=True,
    )
    existing = [
        _finding("sentinel_values", Dimension.COMPLETENESS, "price", 5),  # 999s explain the tail
        _finding("missing_values", Dimension.COMPLETENESS, "status", 60),
        _finding("disguised_missing", Dimension.COMPLETENESS, "status", 40),  # the rest are 'N/A'
        _finding(
            "missing_values", Dimension.COMPLETENESS, "flag", 50
        ),  # half missing, half one value
        _finding("label_balance", Dimension.LABELS, "label", 90),
    ]
    added = profile_alerts.alert_findings(result, existing)
    assert [(f.check, f.columns) for f in added] == [
        ("profile.skewed", ("weight",)),
        ("profile.constant", ("flag",)),
    ]
    assert all(f.basis is Basis.SAMPLE and f.sample_size == 100 for f in added)


def test_profiling_makes_no_network_call_and_runs_no_program(tmp_path: Path) -> None:
    """ydata-profiling reports usage over HTTP and runs nvidia-smi unless told not to; we tell it."""
    script = tmp_path / "probe.py"
    script.write_text(
        textwrap.dedent("""
        import socket, subprocess, sys
        attempts = []
        def refuse(kind):
            def call(*args, **kwargs):
                attempts.append(kind)
                raise OSError("refused by the test")
            return call
        socket.socket.connect = refuse("connect")
        socket.getaddrinfo = refuse("dns")
        subprocess.check_output = refuse("exec")
        import pandas as pd
        frame = pd.DataFrame({"a": range(200), "b": ["x", "y"] * 100})
        if sys.argv[1] == "dataready":
            import dataready
            dataready.profile(frame)
        else:  # the library on its own, as a control: the probe must see its calls
            from ydata_profiling import ProfileReport
            ProfileReport(frame, minimal=True, progress_bar=False).get_description()
        print(sorted(set(attempts)))
    """)
    )
    env = {k: v for k, v in os.environ.items() if k != "YDATA_PROFILING_NO_ANALYTICS"}

    def run(who):
        done = subprocess.run(
            [sys.executable, str(script), who],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1]

    assert run("dataready") == "[]"
    assert run("ydata") != "[]"


def test_cli_profile_command_names_a_project_source(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(demo.parent)
    result = CliRunner().invoke(
        cli, ["profile", "sales.orders", "--output", str(tmp_path), "--sample", "1000"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith(
        "sales.orders: profiled a sample of 1,000 of 5,015 rows (seed 42), minimal mode"
    )
    assert (
        "%|" not in result.output + result.stderr
    )  # no progress bar when nobody watches a terminal
    assert (tmp_path / "sales.orders.html").exists() and (tmp_path / "sales.orders.json").exists()
    unknown = CliRunner().invoke(cli, ["profile", "sales.order"])
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(
        "dataready: error: dataready.yml: no source named 'sales.order'"
    )


def test_cli_profile_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, demo: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ydata_profiling", None)  # as if it were not installed
    result = CliRunner().invoke(cli, ["profile", str(demo)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "dataready: error: deep profiles need ydata-profiling, which is not installed: pip install 'dataready-audit[profile]'\n"
    )
    with pytest.raises(profiling.ProfileUnavailable, match=r"dataready-audit\[profile\]"):
        dataready.profile(pd.DataFrame({"a": [1, 2]}))


def test_audit_with_profiles_links_them_from_the_html_report(demo: Path, tmp_path: Path) -> None:
    report = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(
        cli, ["audit", str(demo), "--format", "html", "--output", str(report), "--profile"]
    )
    assert result.exit_code == 1 and "not ready" in result.stderr, (
        result.output
    )  # the demo is not ready
    text = report.read_text(encoding="utf-8")
    for source in dataready.load_project(demo).sources:
        link = f"report_profiles/{profiling.file_stem(source.name)}.html"
        assert f'href="{link}"' in text
        assert (report.parent / link).is_file()
    assert "profiled all 1,824 rows" in result.stderr


def test_progress_bar_only_for_a_person_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    assert profiling.show_progress() is True
    monkeypatch.setenv("CI", "true")
    assert profiling.show_progress() is False
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    monkeypatch.delenv("CI")
    assert profiling.show_progress() is False


def test_audit_with_profiles_skips_an_unreadable_source(tmp_path: Path, project_file) -> None:
    (tmp_path / "ok.csv").write_text("id,amount\n1,10\n2,12\n3,11\n")
    project = project_file(
        {"name": "gone", "location": "missing.csv"}, {"name": "ok", "location": "ok.csv"}
    )
    report = tmp_path / "report.html"
    result = CliRunner().invoke(
        cli, ["audit", str(project), "-f", "html", "-o", str(report), "--profile"]
    )
    assert result.exit_code == 3  # a source could not be read; the report is written all the same
    text = report.read_text(encoding="utf-8")
    assert 'href="report_profiles/ok.html"' in text and "report_profiles/gone" not in text
    assert "Could not be read" in text
