"""Signals at scale: DuckDB vs Spark on the same synthetic Parquet tables, end to end, with peak memory.

For each size (reports), the seeded generator (stimsafe.signals.spark.synthetic, the demo's planted signals)
writes reports/devices/cases Parquet once; then each engine runs in a fresh child process:

    count the device groups (NFO, NUH) x harm tables      (the report's cells)
    count every product code x harm                       (the MGPS prior's cells)
    fit the MGPS prior and score the cells                (shared numpy code, identical for both engines)

with strata year x sex. The parent samples the resident memory (RSS) of the child and all its descendants
(Spark's JVM) every 0.2 s and reports the peak. Wall times include starting the engine (Spark's JVM).

Run:  .venv/bin/python benchmarks/bench_scale.py --sizes 1e6,5e6,20e6 [--master local[2]] [--engines duckdb,spark]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

GROUPS = {"NFO": ["NFO"], "NUH": ["NUH"]}
STRATA = ("year", "sex")


def _child(engine: str, source: str, master: str, driver_memory: str) -> None:
    """Run one engine end to end; print one JSON line of phase timings and results."""
    import numpy as np

    from stimsafe.signals.spark.engine import count_pairs
    from stimsafe.signals.stats import fit_prior
    from stimsafe.signals.stats.score import score_cells

    conf = {"spark.driver.memory": driver_memory}
    t = {"start": time.perf_counter()}
    if engine == "spark":
        from stimsafe.signals.spark.session import spark_session

        spark_session(master, config=conf)
        t["session"] = time.perf_counter()
    kw = {"engine": engine, "master": master, "strata": STRATA, "spark_config": conf}
    table = count_pairs(source, GROUPS, **kw)
    t["groups"] = time.perf_counter()
    every = count_pairs(source, None, **kw)
    t["every"] = time.perf_counter()
    keep = every.n >= 1
    fit = fit_prior(every.n[keep], every.expected[keep], n_star=1)
    scores = score_cells(*table.cells(), table.expected, theta=fit.theta if fit else None)
    t["stats"] = time.perf_counter()
    i = table.index("NFO", "facial_palsy")
    out = {
        "engine": engine,
        "n_total": table.n_total,
        "cells_groups": len(table.n),
        "cells_every": len(every.n),
        "fit_ok": bool(fit),
        "nfo_palsy_n": None if i is None else float(table.n[i]),
        "nfo_palsy_prr": None if i is None else float(scores.prr[i]),
        "sum_n": float(np.sum(every.n)),
        "sum_e": float(np.sum(every.expected)),
        "phases_s": {k: round(v - t["start"], 2) for k, v in t.items() if k != "start"},
    }
    print("RESULT " + json.dumps(out), flush=True)


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of ``root`` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    family, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p not in family]
        family.update(kids)
        frontier.extend(kids)
    total = 0
    for pid in family:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def _measure(engine: str, source: Path, master: str, driver_memory: str) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--child", engine, "--source", str(source), "--master", master]
    cmd += ["--driver-memory", driver_memory]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_bytes(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.join()
    lines = [ln for ln in stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        return {"engine": engine, "error": f"exit {proc.returncode}", "wall_s": round(wall, 1)}
    result: dict[str, object] = json.loads(lines[-1][len("RESULT ") :])
    result |= {"wall_s": round(wall, 1), "peak_rss_gib": round(peak[0] / 2**30, 2)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e6,5e6,20e6", help="report counts, comma-separated")
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--data-dir", default=None, help="keep the generated Parquet here (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--source", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.source, args.master, args.driver_memory)
        return

    from stimsafe.signals.spark.synthetic import write_synthetic_parquet

    print(
        f"# machine: {platform.node()} {os.cpu_count()} cores, load {os.getloadavg()}, python {platform.python_version()}"
    )
    root = Path(args.data_dir or tempfile.mkdtemp(prefix="stimsafe_scale_"))
    for size in [int(float(s)) for s in args.sizes.split(",")]:
        folder = root / f"n{size}"
        t0 = time.perf_counter()
        if not (folder / "cases.parquet").exists():
            rows = write_synthetic_parquet(folder, size, seed=args.seed)
        else:
            rows = {"reused": True}
        mib = sum(p.stat().st_size for p in folder.glob("*.parquet")) / 2**20
        print(
            json.dumps(
                {
                    "size": size,
                    "generate_s": round(time.perf_counter() - t0, 1),
                    "rows": rows,
                    "parquet_mib": round(mib, 1),
                }
            ),
            flush=True,
        )
        for engine in args.engines.split(","):
            result = _measure(engine, folder, args.master, args.driver_memory)
            print(json.dumps({"size": size, "load": os.getloadavg()[0], **result}), flush=True)


if __name__ == "__main__":
    main()
