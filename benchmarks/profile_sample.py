"""Deep profile of a 1,000,000-row source: ``dataready profile`` (the sample) against ydata-profiling on every row.

    python benchmarks/profile_sample.py [--rows 1000000] [--repeat 3] [--skip-full-frame]

Generates benchmarks/data/wide_1m.parquet (20 mixed columns) when it is missing, then measures,
each command in a fresh process of its own:

* ``dataready profile FILE --output TMP``: the 100,000-row seeded sample, minimal mode, HTML and
  JSON written: what a user waits for, import and sampling included (median of --repeat runs);
* the same with ``--full`` (correlations, duplicates, type inference; interactions off), once;
* the alternative: pandas reads the whole file and ydata-profiling (minimal) profiles every row
  and writes its HTML, once.

Prints wall seconds, peak memory and the ratio, says whether the 15 s target is met, and writes
benchmarks/results/profile.json. It asserts nothing: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results" / "profile.json"
TARGET_SECONDS = 15.0

# A fresh interpreter per command, so RUSAGE_CHILDREN's peak is that command's alone.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
                  "returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}))
"""

_WHOLE_FRAME = r"""
import os, sys, time, warnings
os.environ.setdefault("YDATA_PROFILING_NO_ANALYTICS", "1")
os.environ.setdefault("TQDM_DISABLE", "1")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import pandas as pd
    from ydata_profiling import ProfileReport
frame = pd.read_parquet(sys.argv[1])
report = ProfileReport(frame, minimal=True, progress_bar=False, title="every row")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    report.to_file(sys.argv[2])
print(len(frame))
"""


def run(command: list[str]) -> dict[str, Any]:
    env = {**os.environ, "CI": "1"}  # no progress bars: they cost time and clutter the capture
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    if result["returncode"] != 0:
        raise SystemExit(
            f"{' '.join(command)} failed: {result['stderr'].strip().splitlines()[-1:]}"
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--skip-full-frame", action="store_true", help="skip ydata-profiling on every row"
    )
    args = parser.parse_args(argv)

    label = f"{args.rows // 1_000_000}m" if args.rows % 1_000_000 == 0 else str(args.rows)
    data = DATA / f"wide_{label}.parquet"
    if not data.exists():
        print(f"generating {data} ...", file=sys.stderr)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--rows",
                str(args.rows),
                "--out",
                str(data),
            ],
            check=True,
        )

    load_before = os.getloadavg()[0]
    results: dict[str, Any] = {
        "rows": args.rows,
        "file": data.name,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        runs = [
            run(["dataready", "profile", str(data), "--output", str(out / f"s{i}")])
            for i in range(args.repeat)
        ]
        median = statistics.median(r["seconds"] for r in runs)
        html = next((out / "s0").glob("*.html"))
        results["dataready_minimal"] = {
            "seconds_median": round(median, 2),
            "seconds": [round(r["seconds"], 2) for r in runs],
            "cpu_seconds_median": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
            "peak_mb": round(max(r["peak_mb"] for r in runs)),
            "says": runs[0]["stdout"].strip().split(" → ")[0],
            "html_mb": round(html.stat().st_size / 2**20, 2),
        }
        full = run(["dataready", "profile", str(data), "--full", "--output", str(out / "full")])
        results["dataready_full"] = {
            "seconds": round(full["seconds"], 2),
            "cpu_seconds": round(full["cpu_seconds"], 2),
            "peak_mb": round(full["peak_mb"]),
            "says": full["stdout"].strip().split(" → ")[0],
        }
        if not args.skip_full_frame:
            whole = run([sys.executable, "-c", _WHOLE_FRAME, str(data), str(out / "whole.html")])
            results["ydata_every_row_minimal"] = {
                "seconds": round(whole["seconds"], 2),
                "cpu_seconds": round(whole["cpu_seconds"], 2),
                "peak_mb": round(whole["peak_mb"]),
            }
    results["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]

    minimal = results["dataready_minimal"]
    print(
        f"profile of {args.rows:,} rows × 20 columns ({data.name}); load average {load_before:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"  dataready profile (sample, minimal):     {median:6.1f} s wall (median of {args.repeat}), "
        f"{minimal['cpu_seconds_median']:5.1f} s CPU, peak {minimal['peak_mb']} MB, HTML {minimal['html_mb']} MB"
    )
    print(f"    says: {minimal['says']}")
    print(
        f"  dataready profile --full (sample):       {full['seconds']:6.1f} s wall, {full['cpu_seconds']:5.1f} s CPU, "
        f"peak {results['dataready_full']['peak_mb']} MB"
    )
    if "ydata_every_row_minimal" in results:
        every = results["ydata_every_row_minimal"]
        results["speedup_wall"] = round(every["seconds"] / median, 1)
        results["speedup_cpu"] = round(every["cpu_seconds"] / minimal["cpu_seconds_median"], 1)
        print(
            f"  ydata-profiling minimal on every row:    {every['seconds']:6.1f} s wall, {every['cpu_seconds']:5.1f} s CPU, "
            f"peak {every['peak_mb']} MB"
        )
        print(
            f"  → profiling the sample is {results['speedup_wall']}× faster (wall), {results['speedup_cpu']}× less CPU"
        )
    met = median < TARGET_SECONDS
    results["target_seconds"], results["target_met"] = TARGET_SECONDS, met
    print(
        f"  target: under {TARGET_SECONDS:.0f} s wall: {'met' if met else 'NOT met'}"
        + (
            ""
            if load_before < (os.cpu_count() or 1)
            else " (the machine was busy: compare CPU seconds)"
        )
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
