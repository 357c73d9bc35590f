"""MGPS against openEBGM's published CAERS numbers (vignettes 03 and 04, openEBGM 0.9.1, cran/openEBGM @6e6885cc).

The CAERS counts are made here with plain Python sets (unique report ids per pair, per margin and in total —
openEBGM ``processRaw``), independently of stimsafe's DuckDB counting.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import gamma, nbinom

from stimsafe.signals.stats import Hyperparameters, ebgm, fit_prior, neg_log_likelihood, posterior_quantile, qn, squash

# vignette03 autoHyper(processed, squashed = FALSE): estimates and minimum
FULL_THETA = (3.25596685, 0.39998994, 2.02376139, 1.90614108, 0.06530755)
FULL_NLL = 4162.456
OPENEBGM_SECONDS = 20.75
# vignette04: autoHyper(squashed2, theta_init = 5 starts)
SQUASHED_THETA = (3.25379356, 0.39988854, 2.02612692, 1.90807970, 0.06534557)
SQUASHED_NLL = 4161.93
VIGNETTE_STARTS = ((0.2, 0.1, 2.0, 4.0, 1 / 3), (0.1, 0.2, 10.0, 10.0, 0.2), (0.3, 0.5, 6.0, 6.0, 0.5))
# vignette04 printed rows: (N, E, EB05, EBGM, EB95), printed to 2 decimals
POSTERIOR_ROWS = [
    (1, 0.0360548272, 0.49, 2.23, 13.85),
    (1, 0.0038736591, 0.52, 2.58, 15.78),
    (1, 0.0002979738, 0.52, 2.63, 16.02),
    (1, 0.0765792610, 0.47, 1.92, 11.77),
    (1, 0.0527413588, 0.48, 2.09, 12.95),
    (16, 0.40643623, 15.68, 23.26, 33.48),
    (19, 0.89690107, 11.65, 16.78, 23.55),
    (6, 0.07866508, 10.16, 18.28, 30.83),
    (8, 0.30482718, 9.00, 15.25, 24.52),
    (11, 0.56317044, 8.98, 14.28, 21.78),
]
QN_HEAD = (0.2819737, 0.3409653, 0.3482317, 0.2819737, 0.2226356, 0.2556670)


@pytest.fixture(scope="module")
def caers(shared_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    pairs: dict[tuple[str, str], set[str]] = {}
    by_product: dict[str, set[str]] = {}
    by_event: dict[str, set[str]] = {}
    ids: set[str] = set()
    with (shared_dir / "data" / "caers.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pairs.setdefault((row["var1"], row["var2"]), set()).add(row["id"])
            by_product.setdefault(row["var1"], set()).add(row["id"])
            by_event.setdefault(row["var2"], set()).add(row["id"])
            ids.add(row["id"])
    n = np.array([len(v) for v in pairs.values()], dtype=float)
    e = np.array([len(by_product[p]) * len(by_event[q]) / len(ids) for p, q in pairs], dtype=float)
    return n, e


def _same_sig(x: float, ref: float, digits: int) -> bool:
    """x agrees with ref to ``digits`` significant figures (half a unit of the last digit)."""
    unit = 10 ** (math.floor(math.log10(abs(ref))) - digits + 1)
    return abs(x - ref) <= 0.5 * unit


def test_caers_counts(caers: tuple[np.ndarray, np.ndarray]) -> None:
    n, _ = caers
    assert n.size == 17_189


def test_likelihood_at_published_optimum(caers: tuple[np.ndarray, np.ndarray]) -> None:
    n, e = caers
    assert neg_log_likelihood(FULL_THETA, n, e, n_star=1) == pytest.approx(FULL_NLL, abs=5e-4)


def test_likelihood_matches_scipy_negative_binomials(caers: tuple[np.ndarray, np.ndarray]) -> None:
    n, e = caers
    a1, b1, a2, b2, p = FULL_THETA
    f1, f2 = nbinom.pmf(n, a1, b1 / (b1 + e)), nbinom.pmf(n, a2, b2 / (b2 + e))
    t1, t2 = nbinom.sf(0, a1, b1 / (b1 + e)), nbinom.sf(0, a2, b2 / (b2 + e))
    per_component = -np.sum(np.log(p * f1 / t1 + (1 - p) * f2 / t2))
    assert neg_log_likelihood(FULL_THETA, n, e) == pytest.approx(per_component, rel=1e-12)
    # the mis-truncated form (mixture over 1 - mixture CDF; old PhViD, vigipy) is a different likelihood
    mixture = -np.sum(np.log((p * f1 + (1 - p) * f2) / (p * t1 + (1 - p) * t2)))
    assert abs(neg_log_likelihood(FULL_THETA, n, e) - mixture) > 1.0


def test_unsquashed_fit_reproduces_openebgm(caers: tuple[np.ndarray, np.ndarray]) -> None:
    n, e = caers
    fit = fit_prior(n, e, n_star=1, starts=VIGNETTE_STARTS)
    assert fit, fit.reason
    assert fit.theta is not None
    for got, ref in zip(fit.theta.as_array(), FULL_THETA, strict=True):
        assert _same_sig(float(got), ref, 4), (got, ref)
    assert fit.nll == pytest.approx(FULL_NLL, abs=5e-4)
    assert fit.num_close >= 2
    assert fit.seconds < OPENEBGM_SECONDS


def test_squashing_and_squashed_fit(caers: tuple[np.ndarray, np.ndarray]) -> None:
    n, e = caers
    n1, e1, w1 = squash(n, e)  # squashData(processed) defaults
    assert n1.size == 1568 and w1.sum() == 17_189
    n2, e2, w2 = squash(n1, e1, w1, count=2, bin_size=10, keep_pts=50)
    fit = fit_prior(n2, e2, w2)
    assert fit and fit.theta is not None
    for got, ref in zip(fit.theta.as_array(), SQUASHED_THETA, strict=True):
        assert _same_sig(float(got), ref, 4), (got, ref)
    assert fit.nll == pytest.approx(SQUASHED_NLL, abs=5e-3)


def test_posterior_scores_reproduce_vignette04() -> None:
    theta = Hyperparameters(*SQUASHED_THETA)
    n = np.array([r[0] for r in POSTERIOR_ROWS], dtype=float)
    e = np.array([r[1] for r in POSTERIOR_ROWS])
    scores = (posterior_quantile(theta, n, e, 0.05), ebgm(theta, n, e), posterior_quantile(theta, n, e, 0.95))
    for i, row in enumerate(POSTERIOR_ROWS):
        for got, ref in zip((s[i] for s in scores), row[2:], strict=True):
            # 3 significant figures; or, for quantiles, openEBGM's own precision: quantBisect stops when the bracket
            # half-width is below 0.005 and then rounds to 2 decimals, so its printed value can be 0.01 off the root
            assert _same_sig(float(got), ref, 3) or abs(float(got) - ref) <= 0.0101, (row, got, ref)
    q = qn(
        theta,
        np.ones(6),
        np.array([0.0360548272, 0.0038736591, 0.0002979738, 0.0360548272, 0.0765792610, 0.0527413588]),
    )
    assert q == pytest.approx(np.array(QN_HEAD), abs=1e-7)


def test_eb05_signal_count_matches_vignette04(caers: tuple[np.ndarray, np.ndarray]) -> None:
    n, e = caers
    eb05 = posterior_quantile(Hyperparameters(*SQUASHED_THETA), n, e, 0.05)
    assert int(np.sum(eb05 >= 2)) == 131  # "131" of 17189 pairs with QUANT_05 >= 2


def test_quantile_is_the_root_of_the_mixture_cdf() -> None:
    theta = Hyperparameters(*FULL_THETA)
    for n_, e_ in [(1, 0.01), (3, 0.5), (40, 2.0)]:
        w = float(qn(theta, [n_], [e_])[0])

        def cdf(x: float, n_: int = n_, e_: float = e_, w: float = w) -> float:
            return float(
                w * gamma.cdf(x, theta.alpha1 + n_, scale=1 / (theta.beta1 + e_))
                + (1 - w) * gamma.cdf(x, theta.alpha2 + n_, scale=1 / (theta.beta2 + e_))
            )

        for prob in (0.05, 0.95):
            root = brentq(lambda x, prob=prob: cdf(x) - prob, 1e-9, 1e4, xtol=1e-14, rtol=1e-13)
            tight = posterior_quantile(theta, [n_], [e_], prob, rel_tol=1e-10)
            assert float(tight[0]) == pytest.approx(root, rel=1e-8)
            # the default tolerance stops earlier, still far below the 3 significant figures shown
            assert float(posterior_quantile(theta, [n_], [e_], prob)[0]) == pytest.approx(root, rel=1e-6)


def test_failed_fit_is_falsy_with_reason() -> None:
    too_few = fit_prior([1, 2, 3], [0.1, 0.2, 0.3])
    assert not too_few and "at least 5" in too_few.reason
    below = fit_prior([0, 1, 2, 3, 4, 5], [0.1] * 6, n_star=1)
    assert not below and "N < N*" in below.reason


def test_single_start_cannot_pass_consensus(caers: tuple[np.ndarray, np.ndarray]) -> None:
    n, e = caers
    fit = fit_prior(*squash(n, e)[:2], squash(n, e)[2], starts=VIGNETTE_STARTS[:1])
    assert not fit and "consensus" in fit.reason
