"""The HTML report of the demo project: self-contained, masked, and working in a real browser.

The browser tests open the report in Debian's headless Chromium over the DevTools protocol, so
they see what a reader sees: console errors, requests the page makes, the rendered elements and
the filtering and sorting script at work. They skip, saying why, only when Chromium is missing.
"""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import dataready
from dataready.cli import cli
from dataready.model import Severity, Status
from tests import chromium

needs_chromium = pytest.mark.skipif(not chromium.available(), reason=chromium.SKIP_REASON)


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dataready.Scorecard]:
    """(demo project file, report.html written by the CLI, the scorecard of the same audit)."""
    from dataready.demo import write_demo

    root = tmp_path_factory.mktemp("html")
    project = write_demo(root / "demo")
    report = root / "out" / "report.html"
    result = CliRunner().invoke(
        cli, ["audit", str(project), "--format", "html", "--output", str(report)]
    )
    # The demo is not ready (see test_demo_paints_a_mixed_believable_picture): audit exits 1.
    assert result.exit_code == 1 and "not ready" in result.stderr, result.output
    return project, report, dataready.audit(project)


def _personal_values(project: Path) -> dict[str, list[str]]:
    with sqlite3.connect(project.parent / "data" / "warehouse.db") as conn:
        rows = conn.execute("SELECT email, phone, full_name FROM customers").fetchall()
    return {
        "email": [r[0] for r in rows if r[0] and "@" in r[0]],
        "phone": [r[1] for r in rows if r[1]],
        "full_name": [r[2] for r in rows if r[2]],
    }


def test_report_is_one_small_self_contained_file(demo_report) -> None:
    _project, report, card = demo_report
    text = report.read_text(encoding="utf-8")
    assert report.stat().st_size < 2 * 1024 * 1024
    assert text.startswith("<!doctype html>")
    # Nothing to fetch: no external scripts, stylesheets, fonts or images.
    assert not re.search(
        r"""<(script|img|iframe)[^>]+src=|<link[^>]+href=|@import|url\(\s*['"]?https?:""",
        text,
        re.I,
    )
    assert "<style>" in text and "<script>" in text and "<svg" in text
    # The verdict, the checklist, the plan and every finding are in the file itself.
    assert f'data-level="{card.level.value}"' in text
    assert text.count('class="dr-check ') == len(card.checklist) == 4
    assert len(re.findall(r"<tr class=\"dr-step\" data-severity=", text)) == len(card.plan)
    assert len(re.findall(r'<tr data-source="', text)) == len(card.findings)


def test_report_shows_no_raw_personal_data_from_the_demo(demo_report) -> None:
    project, report, card = demo_report
    text = report.read_text(encoding="utf-8")
    values = _personal_values(project)
    assert len(values["email"]) > 1000  # the check below has something to find
    leaked = {kind: [v for v in found if v in text] for kind, found in values.items()}
    assert leaked == {"email": [], "phone": [], "full_name": []}
    # The masked forms are there instead, e.g. in the example rows of crm.customers.
    masked = card["crm.customers"].examples["email"].tolist()
    assert masked and all("*" in m and html.escape(m) in text for m in masked)


def test_show_values_puts_raw_values_back(demo_report, tmp_path: Path) -> None:
    project, _report, _card = demo_report
    out = tmp_path / "raw.html"
    result = CliRunner().invoke(
        cli, ["audit", str(project), "--show-values", "-f", "html", "-o", str(out)]
    )
    assert result.exit_code == 1 and out.exists(), result.output  # the demo is not ready
    emails = _personal_values(project)["email"]
    assert any(e in out.read_text(encoding="utf-8") for e in emails[:5])


def test_demo_command_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "demo.html"
    result = CliRunner().invoke(
        cli, ["demo", "--path", str(tmp_path / "d"), "--format", "html", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Customer-support assistant" in out.read_text(encoding="utf-8")
    assert "report written to" in result.output


@needs_chromium
def test_report_renders_in_chromium_without_errors(demo_report, tmp_path: Path) -> None:
    _project, report, card = demo_report
    url = report.resolve().as_uri()
    with chromium.Browser(tmp_path / "profile") as browser:
        browser.open(url)
        assert browser.errors() == []
        assert browser.requests() == [url]  # the page fetched nothing but itself
        level = browser.evaluate("document.getElementById('level').textContent")
        assert level == card.level.value
        statuses = browser.evaluate(
            "Array.from(document.querySelectorAll('#checklist .dr-check')).map(e => [e.dataset.key, e.dataset.status])"
        )
        assert dict(statuses) == {c.key: c.status.value for c in card.checklist}
        assert Status.FAIL.value in dict(statuses).values()
        plan = browser.evaluate("document.querySelectorAll('#plan-table tr.dr-step').length")
        assert plan == len(card.plan) > 0
        owners = browser.evaluate(
            "Array.from(document.querySelectorAll('#plan-table tr.dr-step')).map(r => r.dataset.owner)"
        )
        assert owners == [p.owner for p in card.plan]
        # After the opening steps, each owner and source has one heading, never one per step.
        headings = browser.evaluate(
            "Array.from(document.querySelectorAll('#plan-table tr.dr-group')).map(r => r.textContent)"
        )
        groups = card.plan.groups()
        assert len(headings) == len(groups) == len(set(headings))
        assert "no owner declared · sales.orders" in headings
        chart_cells = browser.evaluate("document.querySelectorAll('#scores svg .dr-cell').length")
        assert chart_cells == len(card.sources) * (
            len({d.dimension for s in card.sources for d in s.dimensions if d.score is not None})
            + 1
        )
        visible = "Array.from(document.querySelectorAll('#findings-table tbody tr')).filter(r => !r.hidden)"
        assert browser.evaluate(f"{visible}.length") == len(card.findings)
        assert (
            browser.evaluate("document.getElementById('f-count').textContent")
            == f"{len(card.findings)} of {len(card.findings)} findings"
        )
        assert browser.errors() == []


@needs_chromium
def test_findings_table_filters_and_sorts_in_the_browser(demo_report, tmp_path: Path) -> None:
    _project, report, card = demo_report
    visible = (
        "Array.from(document.querySelectorAll('#findings-table tbody tr')).filter(r => !r.hidden)"
    )
    with chromium.Browser(tmp_path / "profile") as browser:
        browser.open(report.resolve().as_uri())

        def choose(control: str, value: str) -> None:
            browser.evaluate(
                f"(() => {{ const c = document.getElementById('{control}'); c.value = {value!r};"
                " c.dispatchEvent(new Event('change')); })()"
            )

        choose("f-severity", str(Severity.ERROR.rank))
        serious = [f for f in card.findings if f.severity.rank >= Severity.ERROR.rank]
        assert browser.evaluate(f"{visible}.length") == len(serious) > 0
        choose("f-severity", "0")
        choose("f-source", "crm.customers")
        shown = browser.evaluate(f"{visible}.map(r => r.dataset.source)")
        assert shown == ["crm.customers"] * len(
            [f for f in card.findings if f.source == "crm.customers"]
        )
        choose("f-source", "")
        browser.evaluate(
            "(() => { const s = document.getElementById('f-search'); s.value = 'placeholders';"
            " s.dispatchEvent(new Event('input')); })()"
        )

        def shown_text(f):
            return " ".join(
                [
                    f.message,
                    f.source,
                    f.dimension.value,
                    *f.columns,
                    f.basis_text,
                    *map(str, f.examples),
                ]
            )

        matching = [f for f in card.findings if "placeholders" in shown_text(f).lower()]
        assert browser.evaluate(f"{visible}.length") == len(matching) > 0
        browser.evaluate(
            "(() => { const s = document.getElementById('f-search'); s.value = '';"
            " s.dispatchEvent(new Event('input')); })()"
        )
        # Sort by the number of affected rows, then the other way round.
        header = "document.querySelectorAll('#findings-table thead th')[5]"
        browser.evaluate(f"{header}.click()")
        keys = browser.evaluate(f"{visible}.map(r => Number(r.cells[5].dataset.sort))")
        assert keys == sorted(keys) and len(keys) == len(card.findings)
        browser.evaluate(f"{header}.click()")
        keys = browser.evaluate(f"{visible}.map(r => Number(r.cells[5].dataset.sort))")
        assert keys == sorted(keys, reverse=True)
        assert keys[0] == max(f.affected or -1 for f in card.findings)
        assert browser.evaluate(f"{header}.getAttribute('aria-sort')") == "descending"
        assert browser.errors() == []


@needs_chromium
def test_screenshot_of_the_report_is_not_blank(demo_report, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    _project, report, _card = demo_report

    def spread(page: Path) -> float:
        shot = chromium.screenshot(
            page.resolve().as_uri(), tmp_path / f"{page.stem}.png", tmp_path / f"p-{page.stem}"
        )
        with Image.open(shot) as image:
            gray = image.convert("L")
            assert gray.size == (1280, 2000)
            return float(ImageStat.Stat(gray).stddev[0])

    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><html><body></body></html>")
    assert spread(blank) < 1.0  # the measure tells a blank page from a drawn one
    assert spread(report) > 20.0


@needs_chromium
def test_findings_fit_a_laptop_screen_with_their_examples_in_view(demo_report, tmp_path) -> None:
    """At 1280 pixels the findings table fits its section: no column, examples included, is cut off."""
    _project, report, _card = demo_report
    with chromium.Browser(tmp_path / "profile", width=1280) as browser:
        browser.open(report.resolve().as_uri())
        table, box, examples_right = browser.evaluate(
            "(() => { const t = document.getElementById('findings-table');"
            " const cells = [...t.querySelectorAll('td.dr-examples-cell')];"
            " return [t.scrollWidth, t.parentElement.clientWidth,"
            " Math.max(...cells.map(c => c.getBoundingClientRect().right))]; })()"
        )
        assert table <= box
        assert examples_right <= browser.evaluate("document.documentElement.clientWidth")


def test_heatmap_cells_take_the_colour_of_the_legend_band_they_fall_in(demo_report) -> None:
    from dataready.reporting import html as html_report

    _project, _report, card = demo_report
    chart = html_report.score_chart(card)
    legend = {
        label: colour.replace(",", ", ")
        for colour, label in re.findall(r'<i style="background:hsl\(([^)]+)\)"></i>([^<]+)<', chart)
    }
    band = {
        "below 60: not ready": lambda s: s < 60,
        "60–80: conditions": lambda s: 60 <= s < 80,
        "80 and above: ready": lambda s: s >= 80,
    }
    assert set(legend) == set(band)
    cells = re.findall(
        r"<title>([^<]+?) · (\w+): [^<]*</title><rect [^>]*fill=\"hsl\(([^)]+)\)\"", chart
    )
    scored = [
        (card[name].dimension(dim).score, fill) for name, dim, fill in cells if dim != "overall"
    ]
    assert {
        label for score, _f in scored for label, inside in band.items() if inside(score)
    } == set(band)  # the demo has cells in every band
    for score, fill in scored:
        (label,) = [label for label, inside in band.items() if inside(score)]
        assert fill == legend[label], (score, fill, label)
