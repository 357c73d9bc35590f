"""Signals ingest benchmark: reports/s, MB/s and peak memory for N synthetic reports in both formats.

Usage: python benchmarks/bench_ingest.py [N_REPORTS]   (default 50000; results go in docs/benchmarks.md)
Each format is ingested into its own fresh database file in a child process (so peak RSS is per format).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(fmt: str, folder: str, db: str) -> None:
    from stimsafe.signals.harms import build_cases
    from stimsafe.signals.ingest import ingest_paths
    from stimsafe.signals.store import open_store

    files = sorted(Path(folder, fmt).iterdir())
    size = sum(f.stat().st_size for f in files)
    with open_store(db) as store:
        t0 = time.perf_counter()
        results = ingest_paths(store, files)
        t1 = time.perf_counter()
        build_cases(store)
        t2 = time.perf_counter()
        reports = store.counts()["reports"]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "fmt": fmt,
                "reports": reports,
                "rows": sum(r.rows_loaded for r in results),
                "bytes": size,
                "ingest_s": t1 - t0,
                "cases_s": t2 - t1,
                "peak_rss_mib": peak_mib,
            }
        )
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:5])
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    from stimsafe.signals.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        generate(tmp, n, seed=1, signals={("NFO", "facial_palsy"): 10.0})
        print(f"generated {n} reports in {time.perf_counter() - t0:.1f} s")
        for fmt in ("openfda", "maude"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", fmt, tmp, f"{tmp}/{fmt}.duckdb"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            r = json.loads(out)
            print(
                f"{fmt}: {r['reports']} reports, {r['bytes'] / 1e6:.1f} MB on disk, ingest {r['ingest_s']:.1f} s "
                f"({r['reports'] / r['ingest_s']:.0f} reports/s, {r['bytes'] / 1e6 / r['ingest_s']:.1f} MB/s), "
                f"cases {r['cases_s']:.1f} s, peak RSS {r['peak_rss_mib']:.0f} MiB"
            )


if __name__ == "__main__":
    main()
