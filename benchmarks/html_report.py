"""How heavy the demo's HTML report is, and how fast it opens in headless Chromium.

    python benchmarks/html_report.py [--repeat 5]

Writes the demo project and its report (``dataready audit --format html --profile``) into a
temporary folder, then opens, --repeat times, each in a fresh headless Chromium (Debian's
``chromium``, driven over the DevTools protocol as the browser tests do):

* the report itself;
* for comparison, the ydata-profiling report of one source (crm.customers) that it links to.

For each page: file size, wall time from navigation to the load event, and the browser's own
navigation timing (DOMContentLoaded, load, first contentful paint). Prints medians, says whether
the targets (under 1 s, under 2 MB) are met and writes benchmarks/results/html_report.json. It
asserts nothing: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the browser driver the tests use

from tests import chromium  # noqa: E402

RESULTS = HERE / "results" / "html_report.json"
TARGET_SECONDS = 1.0
TARGET_MB = 2.0

# The first contentful paint is recorded when the frame is presented, after the load event: wait for it.
TIMING = """new Promise(done => {
  let finished = false;
  const finish = () => {
    if (finished) { return; }
    finished = true;
    const nav = performance.getEntriesByType("navigation")[0];
    const paint = performance.getEntriesByType("paint").find(p => p.name === "first-contentful-paint");
    done({dom_ms: nav.domContentLoadedEventEnd, load_ms: nav.loadEventEnd, fcp_ms: paint ? paint.startTime : null});
  };
  new PerformanceObserver(list => {
    if (list.getEntries().some(e => e.name === "first-contentful-paint")) { finish(); }
  }).observe({type: "paint", buffered: true});
  setTimeout(finish, 3000);
})"""


def open_page(page: Path, repeat: int, work: Path) -> dict[str, Any]:
    walls, doms, loads, paints = [], [], [], []
    for i in range(repeat):
        with chromium.Browser(work / f"{page.stem}-{i}") as browser:
            walls.append(browser.open(page.resolve().as_uri()))
            timing = browser.evaluate(TIMING)
            errors = browser.errors()
        doms.append(timing["dom_ms"] / 1000)
        loads.append(timing["load_ms"] / 1000)
        if timing["fcp_ms"] is not None:
            paints.append(timing["fcp_ms"] / 1000)
    return {
        "bytes": page.stat().st_size,
        "mb": round(page.stat().st_size / 2**20, 3),
        "wall_s": round(statistics.median(walls), 3),
        "dom_content_loaded_s": round(statistics.median(doms), 3),
        "load_s": round(statistics.median(loads), 3),
        "first_contentful_paint_s": round(statistics.median(paints), 3) if paints else None,
        "console_errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not chromium.available():
        print(chromium.SKIP_REASON, file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = work / "out" / "report.html"
        env = {**os.environ, "CI": "1"}
        subprocess.run(
            ["dataready", "demo", "--path", str(work / "demo"), "--no-audit"],
            check=True,
            env=env,
            capture_output=True,
        )
        done = subprocess.run(
            [
                "dataready",
                "-q",
                "audit",
                str(work / "demo"),
                "--format",
                "html",
                "--output",
                str(report),
                "--profile",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode not in (0, 1):
            raise SystemExit(f"the audit failed: {done.stderr.strip()}")
        profile = report.parent / "report_profiles" / "crm.customers.html"
        results = {
            "report": open_page(report, args.repeat, work),
            "ydata_profile_crm_customers": open_page(profile, args.repeat, work),
            "repeat": args.repeat,
            "load_average": round(os.getloadavg()[0], 2),
        }

    ours, theirs = results["report"], results["ydata_profile_crm_customers"]
    print(
        f"HTML report of the demo project (median of {args.repeat} opens, each in a fresh headless Chromium)"
    )
    for label, r in (
        ("dataready report", ours),
        ("ydata-profiling profile (crm.customers)", theirs),
    ):
        print(
            f"  {label:42} {r['mb']:6.2f} MB  load event {r['load_s']:.3f} s  "
            f"(DOMContentLoaded {r['dom_content_loaded_s']:.3f} s, first paint {r['first_contentful_paint_s']} s, "
            f"navigation wall {r['wall_s']:.3f} s)  console errors: {len(r['console_errors'])}"
        )
    print(
        f"  → the report is {theirs['bytes'] / ours['bytes']:.0f}× smaller and loads "
        f"{theirs['load_s'] / max(ours['load_s'], 1e-3):.1f}× faster than one ydata-profiling page"
    )
    met_time, met_size = ours["wall_s"] < TARGET_SECONDS, ours["mb"] < TARGET_MB
    results["targets"] = {"open_under_1s": met_time, "under_2mb": met_size}
    print(
        f"  targets: opens in under {TARGET_SECONDS:.0f} s: {'met' if met_time else 'NOT met'}; "
        f"under {TARGET_MB:.0f} MB: {'met' if met_size else 'NOT met'}"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
