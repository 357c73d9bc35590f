"""Signals ingest benchmark: stimsafe ingest against DuckDB's own raw read of the same files, in one run.

Usage: python benchmarks/bench_ingest.py [N_REPORTS]   (default 100000; results go in docs/benchmarks.md)

Both formats come from :func:`stimsafe.signals.synth.generate` (seed 1). The openFDA zip is unpacked first, so
stimsafe and DuckDB read the very same ``.json`` bytes (DuckDB cannot read a zip). Baselines: DuckDB
``read_json`` unnesting ``results``, and ``read_csv`` of every raw MAUDE pipe file (``quote=''``, all VARCHAR,
lenient: no quirk repair, no types, no keys). Each measurement runs in a child process, so peak RSS is its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def _files(folder: str, fmt: str) -> list[Path]:
    return sorted(p for p in Path(folder, fmt).iterdir() if p.suffix in (".json", ".txt", ".csv"))


def _stimsafe(fmt: str, folder: str, db: str) -> dict[str, float]:
    from stimsafe.signals.ingest import ingest_paths
    from stimsafe.signals.store import open_store

    files = _files(folder, fmt)
    with open_store(db) as store:
        t0 = time.perf_counter()
        ingest_paths(store, files)
        seconds = time.perf_counter() - t0
        reports = store.counts()["reports"]
    return {"seconds": seconds, "reports": reports, "bytes": sum(f.stat().st_size for f in files)}


def _duckdb(fmt: str, folder: str, _db: str) -> dict[str, float]:
    import duckdb

    files = _files(folder, fmt)
    con = duckdb.connect()
    t0 = time.perf_counter()
    rows = 0
    for f in files:
        if fmt == "openfda":
            sql = f"SELECT count(*) FROM (SELECT unnest(results) FROM read_json('{f}', maximum_object_size=2000000000))"
        else:
            sql = (
                f"SELECT count(*) FROM read_csv('{f}', delim='{',' if f.suffix == '.csv' else '|'}', quote='', "
                "escape='', header=true, all_varchar=true, strict_mode=false, null_padding=true, ignore_errors=true)"
            )
        row = con.execute(sql).fetchone()
        rows += int(row[0]) if row else 0
    return {"seconds": time.perf_counter() - t0, "rows": rows, "bytes": sum(f.stat().st_size for f in files)}


def _child(what: str, fmt: str, folder: str, db: str) -> None:
    out = (_stimsafe if what == "stimsafe" else _duckdb)(fmt, folder, db)
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def _run(what: str, fmt: str, folder: str) -> dict[str, float]:
    args = [sys.executable, __file__, "--child", what, fmt, folder, f"{folder}/{fmt}-{what}.duckdb"]
    return dict(json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:6])
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    from stimsafe.signals.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        generate(tmp, n, seed=1, signals={("NFO", "facial_palsy"): 10.0})
        for archive in Path(tmp, "openfda").glob("*.zip"):
            with zipfile.ZipFile(archive) as z:
                z.extractall(archive.parent)
            archive.unlink()
        print(f"{n} synthetic reports; same files for both readers")
        for fmt in ("openfda", "maude"):
            ours, raw = _run("stimsafe", fmt, tmp), _run("duckdb", fmt, tmp)
            mb = ours["bytes"] / 1e6
            print(
                f"{fmt}: {mb:.0f} MB; stimsafe ingest {ours['seconds']:.1f} s ({mb / ours['seconds']:.1f} MB/s, "
                f"{ours['reports'] / ours['seconds']:.0f} reports/s, peak RSS {ours['peak_rss_mib']:.0f} MiB); "
                f"DuckDB raw read {raw['seconds']:.2f} s ({mb / raw['seconds']:.1f} MB/s, peak RSS "
                f"{raw['peak_rss_mib']:.0f} MiB); stimsafe/DuckDB throughput {raw['seconds'] / ours['seconds']:.0%}"
            )


if __name__ == "__main__":
    main()
