"""The ydata-profiling side of the benchmark: load a file with pandas, profile it in minimal mode.

Run by ``perf.py`` in its own process so its time and peak memory are measured apart from
dataready's. Prints one JSON object: seconds to import ydata-profiling, to read the file with
pandas and to compute the profile (``get_description()``, which is the whole analysis without the
HTML rendering).

    python benchmarks/profile_ydata.py FILE
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

# Set before the import: ydata-profiling otherwise phones home and draws progress bars.
os.environ.setdefault("YDATA_PROFILING_NO_ANALYTICS", "1")
os.environ.setdefault("TQDM_DISABLE", "1")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python benchmarks/profile_ydata.py FILE", file=sys.stderr)
        return 2
    path = Path(argv[0])

    started = time.perf_counter()
    import pandas as pd
    from ydata_profiling import ProfileReport

    imported = time.perf_counter()
    frame = (
        pd.read_parquet(path) if path.suffix.lower() in (".parquet", ".pq") else pd.read_csv(path)
    )
    read, read_cpu = time.perf_counter(), time.process_time()
    description = ProfileReport(frame, minimal=True, progress_bar=False).get_description()
    profiled, profiled_cpu = time.perf_counter(), time.process_time()

    print(
        json.dumps(
            {
                "import_seconds": round(imported - started, 3),
                "read_seconds": round(read - imported, 3),
                "profile_seconds": round(profiled - read, 3),
                # CPU time of all threads: compares across runs on a busy machine, where wall time does not.
                "profile_cpu_seconds": round(profiled_cpu - read_cpu, 3),
                "rows": int(description.table["n"]),
                "columns": int(description.table["n_var"]),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
