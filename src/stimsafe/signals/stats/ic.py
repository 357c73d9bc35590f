"""Information-component measures: the UMC shrinkage IC with IC025, and the BCPNN (Gould) IC with IC025.

The two conventions give different numbers on the same table and must not be mixed (facts/surveillance.md
§4.1): on the 2×2 of §5.3 the shrinkage IC025 is 1.79 and the BCPNN IC025 is 1.11.

References
----------
Norén GN, Hopstadius J, Bate A (2013). Shrinkage observed-to-expected ratios for robust and transparent
large-scale pattern discovery. Stat Methods Med Res 22(1):57-69. doi:10.1177/0962280211403604
(IC = log2((O+0.5)/(E+0.5)); IC025 from the gamma posterior, as in vigicaen ``ic_tail``,
https://rdrr.io/cran/vigicaen/src/R/ic_tail.R)
Gould AL (2003). Practical pharmacovigilance analysis strategies. Pharmacoepidemiol Drug Saf 12:559-574.
doi:10.1002/pds.771 (analytic BCPNN expectation and variance, as in PhViD ``R/BCPNN.R``)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import digamma, gammaincinv, ndtri

FloatArray = npt.NDArray[np.float64]

_LN2 = float(np.log(2.0))


@dataclass(frozen=True)
class InformationComponent:
    """IC point estimate and the lower/upper credibility bounds (log2 scale), arrays of shape ``(k,)``."""

    ic: FloatArray
    ic025: FloatArray
    ic975: FloatArray


def gamma_quantile(prob: float, shape: npt.ArrayLike, rate: npt.ArrayLike) -> FloatArray:
    """Quantile of Gamma(shape, rate), computing ``gammaincinv`` once per distinct shape (counts repeat a lot).

    >>> round(float(gamma_quantile(0.5, 2.0, 1.0)), 6)
    1.678347
    """
    shapes, where = np.unique(np.asarray(shape, dtype=np.float64), return_inverse=True)
    unit = gammaincinv(shapes, prob)[where].reshape(np.shape(shape))
    return np.asarray(unit / np.asarray(rate, dtype=np.float64))


def trigamma(x: npt.ArrayLike) -> FloatArray:
    """ψ1(x) for x > 0: recurrence up to x >= 8, then the asymptotic series (relative error < 1e-13).

    Several times faster than ``scipy.special.polygamma(1, x)`` on large arrays.

    >>> from scipy.special import polygamma
    >>> xs = np.array([0.5, 1.0, 3.7, 12.0, 1e6])
    >>> bool(np.allclose(trigamma(xs), polygamma(1, xs), rtol=1e-12, atol=0))
    True
    """
    x_ = np.array(x, dtype=np.float64, copy=True)
    total = np.zeros_like(x_)
    for _ in range(8):
        small = x_ < 8.0
        if not small.any():
            break
        total[small] += 1.0 / x_[small] ** 2
        x_[small] += 1.0
    inv = 1.0 / x_
    inv2 = inv * inv
    series = inv + inv2 / 2 + inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 * (1 / 30 - inv2 * 5 / 66))))
    return np.asarray(total + series)


def shrinkage_ic(observed: npt.ArrayLike, expected: npt.ArrayLike, *, shrinkage: float = 0.5) -> InformationComponent:
    """UMC shrinkage IC = log2((O+k)/(E+k)) with the 2.5 % and 97.5 % gamma-posterior quantiles (k = 0.5).

    Parameters
    ----------
    observed
        O, the number of reports with the group and the harm (``a``), shape ``(k,)``.
    expected
        E, the count expected under independence, shape ``(k,)``.
    shrinkage
        k, added to O and E (the method's prior, not a continuity correction of the 2×2 table).

    Examples
    --------
    >>> r = shrinkage_ic(12, 5)  # vigicaen ic_tail(n_obs=12, n_exp=5)
    >>> round(float(r.ic), 5), round(float(r.ic025), 5), round(float(r.ic975), 5)
    (1.18442, 0.25423, 1.88563)
    """
    o = np.asarray(observed, dtype=np.float64) + shrinkage
    e = np.asarray(expected, dtype=np.float64) + shrinkage
    ic = np.log2(o / e)
    ic025 = np.log2(gamma_quantile(0.025, o, e))
    ic975 = np.log2(gamma_quantile(0.975, o, e))
    return InformationComponent(np.asarray(ic), np.asarray(ic025), np.asarray(ic975))


def bcpnn_ic(a: npt.ArrayLike, b: npt.ArrayLike, c: npt.ArrayLike, d: npt.ArrayLike) -> InformationComponent:
    """BCPNN IC with Beta priors (Gould's analytic form); IC025/IC975 from the normal approximation.

    Examples
    --------
    >>> round(float(bcpnn_ic(5, 95, 45, 99_855).ic025), 4)  # facts/surveillance.md §5.3
    1.1112
    """
    a_, b_, c_, d_ = (np.asarray(x, dtype=np.float64) for x in (a, b, c, d))
    n = a_ + b_ + c_ + d_
    n1_, n_1 = a_ + b_, a_ + c_
    p1, p2 = 1 + n1_, 1 + n - n1_
    q1, q2 = 1 + n_1, 1 + n - n_1
    r1 = 1 + a_
    r2b = n - a_ - 1 + (2 + n) ** 2 / (q1 * p1)
    mean = (digamma(r1) - digamma(r1 + r2b) - (digamma(p1) - digamma(p1 + p2) + digamma(q1) - digamma(q1 + q2))) / _LN2
    psi1 = [trigamma(x) for x in (r1, r1 + r2b, p1, p1 + p2, q1, q1 + q2)]
    variance = (psi1[0] - psi1[1] + psi1[2] - psi1[3] + psi1[4] - psi1[5]) / _LN2**2
    half = float(ndtri(0.975)) * np.sqrt(variance)
    return InformationComponent(np.asarray(mean), np.asarray(mean - half), np.asarray(mean + half))
