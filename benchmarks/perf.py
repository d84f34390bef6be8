"""Performance benchmark: dataready against ydata-profiling (minimal), and dataready on 10M rows.

    python benchmarks/perf.py [--rows 1000000] [--big-rows 10000000] [--skip-ydata] [--skip-big]

Generates the Parquet files into benchmarks/data/ when they are missing, then measures, each
command in a fresh process of its own:

* ``dataready audit FILE --format json --output TMP`` on N rows × 20 columns: wall seconds, CPU
  seconds and peak resident memory;
* ydata-profiling ``ProfileReport(df, minimal=True).get_description()`` on the same file read with
  pandas (``profile_ydata.py``): profile seconds, pandas read seconds, peak memory;
* ``dataready audit`` on the big file (10M rows): seconds and peak memory;
* ``dataready --help``: median of 5 runs.

Prints a table, says whether each target is met and writes everything to
benchmarks/results/perf.json. It asserts nothing: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
RESULTS_FILE = HERE / "results" / "perf.json"
MB = 2**20
COLUMNS = 20  # of the generated files; see generate.py

TARGET_SPEEDUP = 5.0
"""dataready at least this many times faster than ydata-profiling minimal on N rows."""
TARGET_PEAK_MB = 1024.0
"""dataready's peak memory on N rows × 20 columns."""
TARGET_BIG_PEAK_MB = 1536.0
"""dataready's peak memory on the big file."""
TARGET_HELP_SECONDS = 0.5
"""``dataready --help``, median of HELP_RUNS: the CLI must feel instant."""
HELP_RUNS = 5
BUSY_SHARE = 0.1
"""Other processes using more than this share of the CPUs during a measurement make it unreliable."""

# Runs one command and reports its wall time, CPU time and peak RSS as JSON. It runs in a fresh
# interpreter because RUSAGE_CHILDREN is the maximum over *all* children a process ever waited
# for: a new wrapper per command makes it the peak of that command (and its own children) alone.
_WRAPPER = r"""
import json, subprocess, sys, time
try:
    import resource
except ImportError:  # Windows: no getrusage, so no peak memory
    resource = None
started = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
peak = cpu = None
if resource is not None:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_bytes": peak, "returncode": proc.returncode,
                  "stdout": proc.stdout, "stderr": proc.stderr}))
"""


@dataclass
class Run:
    """One measured command."""

    command: list[str]
    seconds: float
    cpu_seconds: float | None
    """User + system CPU time: unlike wall time, barely moved by other processes on the machine."""
    peak_mb: float | None
    returncode: int
    other_cpu: float | None
    """Share (0-1) of the machine's CPU time that *other* processes used while the command ran."""
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)

    @property
    def error(self) -> str:
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        return lines[-1] if lines else f"exit code {self.returncode}"


def measure(command: list[str], env: dict[str, str] | None = None) -> Run:
    busy_before = _busy_cpu_seconds()
    wrapper = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    busy_after = _busy_cpu_seconds()
    out = json.loads(wrapper.stdout)
    peak, cpu = out["peak_bytes"], out["cpu_seconds"]
    other = None
    if (
        busy_before is not None
        and busy_after is not None
        and cpu is not None
        and out["seconds"] > 0
    ):
        other = max(0.0, busy_after - busy_before - cpu) / (out["seconds"] * (os.cpu_count() or 1))
    return Run(
        command,
        out["seconds"],
        cpu,
        None if peak is None else peak / MB,
        out["returncode"],
        other,
        out["stdout"],
        out["stderr"],
    )


def _busy_cpu_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (psutil is optional)."""
    try:
        import psutil
    except ImportError:
        return None
    times = psutil.cpu_times()
    busy: float = sum(times) - times.idle - getattr(times, "iowait", 0.0)
    return busy


def measure_repeated(
    make_command: Callable[[int], list[str]],
    repeat: int,
    ok: Callable[[int], bool],
    env: dict[str, str] | None = None,
) -> tuple[list[Run], int]:
    """Every run, and the index of the one of median wall time, or of the first failed one."""
    runs: list[Run] = []
    for i in range(repeat):
        runs.append(measure(make_command(i), env))
        if not ok(runs[-1].returncode):
            return runs, i
    by_time = sorted(range(len(runs)), key=lambda i: runs[i].seconds)
    return runs, by_time[(len(by_time) - 1) // 2]


def _figures(runs: list[Run], chosen: int) -> dict[str, Any]:
    """Median wall time (and its run's CPU time), best time, and the highest peak of all runs."""
    run = runs[chosen]
    peaks = [r.peak_mb for r in runs if r.peak_mb is not None]
    others = [r.other_cpu for r in runs if r.other_cpu is not None]
    return {
        "seconds": round(run.seconds, 3),
        "best_seconds": round(min(r.seconds for r in runs), 3),
        "cpu_seconds": _round(run.cpu_seconds, 2),
        "peak_mb": _round(max(peaks) if peaks else None),
        "runs_seconds": [round(r.seconds, 3) for r in runs],
        "other_cpu_share": _round(max(others) if others else None, 2),
        "returncode": run.returncode,
    }


def label(rows: int) -> str:
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def dataset(rows: int) -> Path:
    """The benchmark file of ``rows`` rows, generated (in its own process) when missing."""
    path = DATA_DIR / f"wide_{label(rows).lower()}.parquet"
    if not path.exists():
        print(
            f"generating {path.relative_to(HERE.parent)} ({rows:,} rows)...",
            file=sys.stderr,
            flush=True,
        )
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--out", str(path)],
            check=True,
        )
    warm_cache(path)
    return path


def warm_cache(path: Path) -> None:
    """Read the file once so that whichever tool runs first does not alone pay for the disk."""
    with path.open("rb") as fh:
        while fh.read(16 * MB):
            pass


def dataready_command() -> list[str]:
    exe = shutil.which("dataready")
    # Without the console script on PATH (e.g. a venv not activated), run the module directly.
    return [exe] if exe else [sys.executable, "-m", "dataready.cli"]


def audit(path: Path, rows: int, repeat: int) -> dict[str, Any]:
    env = {**os.environ, "CI": "1"}  # no progress spinner, whatever the terminal
    with tempfile.TemporaryDirectory(prefix="dataready-bench-") as tmp:
        reports = [Path(tmp) / f"report-{i}.json" for i in range(repeat)]
        base = [*dataready_command(), "audit", str(path), "--format", "json", "--output"]
        # 0 is "ready", 1 "not ready": both are finished audits; 2 and 3 are failures.
        runs, chosen = measure_repeated(
            lambda i: [*base, str(reports[i])], repeat, lambda code: code in (0, 1), env
        )
        result: dict[str, Any] = {
            "file": str(path.relative_to(HERE.parent)),
            "rows": rows,
            "size_mb": round(path.stat().st_size / MB, 1),
            "command": " ".join([*base, "TMP"]),
            **_figures(runs, chosen),
            "ok": False,
        }
        if runs[chosen].returncode not in (0, 1):
            result["error"] = runs[chosen].error
            return result
        card = json.loads(reports[chosen].read_text(encoding="utf-8"))
    source = card["sources"][0]
    result.update(
        audited_rows=source["rows"],
        sample_size=source["sample_size"],
        score=card["score"],
        level=card["level"],
        report_seconds=card["seconds"],
    )
    result["ok"] = bool(source["reachable"]) and source["rows"] == rows
    if not result["ok"]:
        result["error"] = f"audited {source['rows']} rows of {rows}: {source.get('error')}"
    return result


def ydata(path: Path, repeat: int) -> dict[str, Any]:
    env = {**os.environ, "YDATA_PROFILING_NO_ANALYTICS": "1", "TQDM_DISABLE": "1"}
    command = [sys.executable, str(HERE / "profile_ydata.py"), str(path)]
    runs, chosen = measure_repeated(lambda _i: command, repeat, lambda code: code == 0, env)
    # "seconds" here is the whole process (import + read + profile); its parts follow.
    result: dict[str, Any] = {"command": " ".join(command), **_figures(runs, chosen), "ok": False}
    if runs[chosen].returncode != 0:
        result["error"] = runs[chosen].error
        return result
    inner = [json.loads(r.stdout) for r in runs]
    for key in ("import_seconds", "read_seconds", "profile_seconds", "profile_cpu_seconds"):
        result[key] = round(statistics.median(i[key] for i in inner), 3)
    result["best_profile_seconds"] = min(i["profile_seconds"] for i in inner)
    result["runs_profile_seconds"] = [i["profile_seconds"] for i in inner]
    result["ok"] = all(i["rows"] > 0 for i in inner)
    return result


def help_time() -> dict[str, Any]:
    command = [*dataready_command(), "--help"]
    runs = [measure(command) for _ in range(HELP_RUNS)]
    cpu = [r.cpu_seconds for r in runs if r.cpu_seconds is not None]
    return {
        "command": " ".join(command),
        "median_seconds": round(statistics.median(r.seconds for r in runs), 3),
        "median_cpu_seconds": round(statistics.median(cpu), 3) if cpu else None,
        "runs_seconds": [round(r.seconds, 3) for r in runs],
        "peak_mb": _round(max(r.peak_mb or 0 for r in runs)),
    }


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in (
        "dataready",
        "duckdb",
        "pandas",
        "pyarrow",
        "numpy",
        "sqlalchemy",
        "ydata-profiling",
    ):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _revision() -> dict[str, Any]:
    """The commit measured, and whether src/ had uncommitted changes: figures move with the code."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args], cwd=HERE.parent, capture_output=True, text=True, check=True
            )
        except (OSError, subprocess.CalledProcessError):
            return None
        return done.stdout.strip()

    status = git("status", "--porcelain", "--", "src")
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "src_modified": None if status is None else bool(status),
    }


def _memory_total_mb() -> float | None:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / MB)
    except (ValueError, OSError, AttributeError):
        return None


def targets(results: dict[str, Any], rows: int, big_rows: int) -> list[dict[str, Any]]:
    """Each target with its measured value and whether it is met (None: not measured)."""
    out = []
    small, yd, big, hlp = (results.get(k) for k in ("audit", "ydata", "audit_big", "help"))

    def add(
        name: str,
        goal: str,
        value: float | None,
        met: bool | None,
        note: str = "",
        cpu: float | None = None,
    ) -> None:
        # "cpu": the same figure from CPU seconds, which other load on the machine barely moves.
        out.append(
            {
                "target": name,
                "goal": goal,
                "value": value,
                "met": met,
                "note": note,
                "cpu_value": cpu,
            }
        )

    def failed(run: dict[str, Any] | None) -> str:
        return "" if run is None or run.get("ok") else f"failed: {run.get('error')}"

    speedup = speedup_cpu = None
    if small is not None and small["ok"] and yd is not None and yd["ok"]:
        speedup = round(yd["profile_seconds"] / small["seconds"], 2)
        if small["cpu_seconds"]:
            speedup_cpu = round(yd["profile_cpu_seconds"] / small["cpu_seconds"], 2)
    add(
        f"speed vs ydata-profiling minimal, {label(rows)} rows",
        f">= {TARGET_SPEEDUP:g}x (ydata get_description() s / dataready audit process s)",
        speedup,
        None if speedup is None else speedup >= TARGET_SPEEDUP,
        failed(small) or failed(yd),
        speedup_cpu,
    )
    peak = small["peak_mb"] if small is not None and small["ok"] else None
    add(
        f"dataready peak memory, {label(rows)} rows",
        f"< {TARGET_PEAK_MB:g} MB",
        peak,
        None if peak is None else peak < TARGET_PEAK_MB,
        failed(small),
    )
    big_peak = big["peak_mb"] if big is not None and big["ok"] else None
    add(
        f"dataready peak memory, {label(big_rows)} rows",
        f"< {TARGET_BIG_PEAK_MB:g} MB",
        big_peak,
        None if big_peak is None else big_peak < TARGET_BIG_PEAK_MB,
        failed(big),
    )
    help_s = hlp["median_seconds"] if hlp else None
    add(
        "dataready --help",
        f"< {TARGET_HELP_SECONDS:g} s (median of {HELP_RUNS})",
        help_s,
        None if help_s is None else help_s < TARGET_HELP_SECONDS,
        cpu=hlp["median_cpu_seconds"] if hlp else None,
    )
    return out


def print_report(
    results: dict[str, Any], goals: list[dict[str, Any]], rows: int, big_rows: int
) -> None:
    def fmt(value: float | None, spec: str) -> str:
        return "-" if value is None else format(value, spec)

    small, yd, big, hlp = (results.get(k) for k in ("audit", "ydata", "audit_big", "help"))
    lines = [("measurement", "seconds", "best s", "CPU s", "peak MB")]
    if small:
        lines.append(
            (
                f"dataready audit, {label(rows)} × {COLUMNS}",
                fmt(small["seconds"], ".2f"),
                fmt(small["best_seconds"], ".2f"),
                fmt(small["cpu_seconds"], ".1f"),
                fmt(small["peak_mb"], ".0f"),
            )
        )
    if yd and yd["ok"]:
        lines += [
            (
                f"ydata-profiling minimal, {label(rows)} × {COLUMNS}: get_description()",
                fmt(yd["profile_seconds"], ".2f"),
                fmt(yd["best_profile_seconds"], ".2f"),
                "",
                "",
            ),
            ("  pandas read_parquet", fmt(yd["read_seconds"], ".2f"), "", "", ""),
            (
                "  whole process (import + read + profile)",
                fmt(yd["seconds"], ".2f"),
                fmt(yd["best_seconds"], ".2f"),
                fmt(yd["cpu_seconds"], ".1f"),
                fmt(yd["peak_mb"], ".0f"),
            ),
        ]
    elif yd:
        lines.append((f"ydata-profiling minimal, {label(rows)} × {COLUMNS}", "failed", "", "", ""))
    if big:
        lines.append(
            (
                f"dataready audit, {label(big_rows)} × {COLUMNS}",
                fmt(big["seconds"], ".2f"),
                fmt(big["best_seconds"], ".2f"),
                fmt(big["cpu_seconds"], ".1f"),
                fmt(big["peak_mb"], ".0f"),
            )
        )
    if hlp:
        lines.append(
            (
                f"dataready --help (median of {HELP_RUNS})",
                fmt(hlp["median_seconds"], ".3f"),
                "",
                "",
                "",
            )
        )
    width = max(len(line[0]) for line in lines)
    print()
    for name, *figures in lines:
        print(f"{name:<{width}}" + "".join(f"  {f:>8}" for f in figures))
    for run in (small, yd, big):
        if run is not None and not run["ok"]:
            print(f"\nFAILED: {run['command']}\n  {run.get('error')}")
    busy = [
        r["other_cpu_share"]
        for r in (small, yd, big)
        if r and (r.get("other_cpu_share") or 0) > BUSY_SHARE
    ]
    if busy:
        print(
            f"\nwarning: other processes used up to {max(busy):.0%} of the CPUs during a measurement; wall "
            "times are inflated (CPU times much less); rerun on a quiet machine or with --repeat"
        )
    print("\ntargets:")
    for g in goals:
        verdict = {True: "MET", False: "NOT MET", None: "not measured"}[g["met"]]
        value = (
            ""
            if g["value"] is None
            else f" (measured {g['value']:g}"
            + (f"; from CPU seconds {g['cpu_value']:g})" if g["cpu_value"] is not None else ")")
        )
        print(
            f"  {verdict:<12} {g['target']}: {g['goal']}{value}"
            + (f" - {g['note']}" if g["note"] else "")
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="dataready performance benchmark (prints figures; asserts nothing)"
    )
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="rows of the comparison file [default: 1000000]"
    )
    parser.add_argument(
        "--big-rows", type=int, default=10_000_000, help="rows of the big file [default: 10000000]"
    )
    parser.add_argument("--skip-ydata", action="store_true", help="do not run ydata-profiling")
    parser.add_argument("--skip-big", action="store_true", help="do not audit the big file")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each measurement; the median time is kept [default: 1]",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=RESULTS_FILE,
        help=f"JSON results [default: {RESULTS_FILE.relative_to(HERE.parent)}]",
    )
    args = parser.parse_args(argv)
    if args.rows < 1 or args.big_rows < 1 or args.repeat < 1:
        parser.error("--rows, --big-rows and --repeat must be at least 1")

    results: dict[str, Any] = {}
    small_file = dataset(args.rows)
    print(f"dataready audit {small_file.name}...", file=sys.stderr, flush=True)
    results["audit"] = audit(small_file, args.rows, args.repeat)
    if not args.skip_ydata:
        print(f"ydata-profiling minimal on {small_file.name}...", file=sys.stderr, flush=True)
        results["ydata"] = ydata(small_file, args.repeat)
    if not args.skip_big:
        big_file = dataset(args.big_rows)
        print(f"dataready audit {big_file.name}...", file=sys.stderr, flush=True)
        results["audit_big"] = audit(big_file, args.big_rows, args.repeat)
    results["help"] = help_time()

    goals = targets(results, args.rows, args.big_rows)
    print_report(results, goals, args.rows, args.big_rows)
    document = {
        "date": dt.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_mb": _memory_total_mb(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "versions": _versions(),
        "revision": _revision(),
        "settings": {
            "rows": args.rows,
            "big_rows": args.big_rows,
            "columns": COLUMNS,
            "repeat": args.repeat,
            "duckdb_memory_limit": os.environ.get("DATAREADY_DUCKDB_MEMORY", "768MB (default)"),
        },
        "results": results,
        "targets": goals,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {args.output}")
    # A failed command is not a figure: say so through the exit code (slowness never does).
    measured = (results.get("audit"), results.get("ydata"), results.get("audit_big"))
    return 1 if any(run is not None and not run["ok"] for run in measured) else 0


if __name__ == "__main__":
    sys.exit(main())
