"""Side-by-side: stimsafe's statistics vs vigipy (benchmark-only dependency) on the same CAERS counts.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_vigipy.py [path/to/shared]

Both tools get the same unique-report pair counts (openEBGM ``processRaw`` on ../shared/data/caers.csv). vigipy
computes its own margins from the contingency table it builds (N = sum of pair counts), so its E differs from
openEBGM's unique-report E; every prior is therefore also scored under openEBGM's likelihood on openEBGM's
(N, E), where a lower negative log-likelihood is a better fit. vigipy is never imported by src/.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from stimsafe.signals.counting import count_tidy
from stimsafe.signals.stats import fit_prior
from stimsafe.signals.stats.frequentist import prr
from stimsafe.signals.stats.mgps import Hyperparameters, ebgm, neg_log_likelihood


def _caers(shared: Path) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    con = duckdb.connect()
    path = str(shared / "data" / "caers.csv").replace("'", "''")
    con.execute(f"CREATE VIEW caers AS SELECT * FROM read_csv('{path}', header=true, all_varchar=true)")
    pairs = con.execute("SELECT var1 AS name, var2 AS AE, count(DISTINCT id) AS count FROM caers GROUP BY 1, 2").df()
    return con, pairs


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared"
    import vigipy
    from vigipy import convert, gps
    from vigipy import prr as vigi_prr

    con, pairs = _caers(shared)
    table = count_tidy(con, "caers")
    n, e = table.n, table.expected
    print(
        f"CAERS: {len(n)} product-event pairs; vigipy {vigipy.__version__ if hasattr(vigipy, '__version__') else '?'}"
    )

    t0 = time.perf_counter()
    fit = fit_prior(n, e)
    t_ours = time.perf_counter() - t0
    assert fit.theta is not None
    print(
        f"stimsafe fit_prior: {t_ours:.3f} s, theta={np.round(fit.theta.as_array(), 5).tolist()}, -logL={fit.nll:.3f}"
    )

    container = convert(pairs, product_label="name", count_label="count", ae_label="AE")
    for method in ("Nelder-Mead", "L-BFGS-B", "Powell"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            result = gps(container, min_events=1, minimization_method=method)
            elapsed = time.perf_counter() - t0
        priors = np.asarray(result.params["prior_param"], dtype=float)
        nll = neg_log_likelihood(priors, n, e)
        top = Hyperparameters.from_array(priors)
        k = int(np.argmax(n / e))
        ratio = float(ebgm(top, n[k : k + 1], e[k : k + 1])[0] / ebgm(fit.theta, n[k : k + 1], e[k : k + 1])[0])
        print(
            f"vigipy gps ({method}): {elapsed:.2f} s, priors={np.round(priors, 3).tolist()}, "
            f"openEBGM -logL of these priors={nll:.3f} (stimsafe {fit.nll:.3f}); "
            f"EBGM of the top-N/E pair vs stimsafe: x{ratio:.2f}; convergence: {result.params.get('convergence')}"
        )

    a, b, c, d = table.cells()
    t0 = time.perf_counter()
    for _ in range(20):
        prr(a, b, c, d)
    t_prr = (time.perf_counter() - t0) / 20
    t0 = time.perf_counter()
    vigi_prr(container, min_events=1)
    t_vprr = time.perf_counter() - t0
    print(f"PRR for all pairs: stimsafe {t_prr * 1e3:.2f} ms, vigipy {t_vprr * 1e3:.1f} ms (includes its FDR ranking)")


if __name__ == "__main__":
    main()
