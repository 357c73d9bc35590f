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
from scipy.special import digamma, ndtri, polygamma
from scipy.stats import gamma

FloatArray = npt.NDArray[np.float64]

_LN2 = float(np.log(2.0))


@dataclass(frozen=True)
class InformationComponent:
    """IC point estimate and the lower/upper credibility bounds (log2 scale), arrays of shape ``(k,)``."""

    ic: FloatArray
    ic025: FloatArray
    ic975: FloatArray


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
    ic025 = np.log2(gamma.ppf(0.025, o, scale=1.0 / e))
    ic975 = np.log2(gamma.ppf(0.975, o, scale=1.0 / e))
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
    trigamma = polygamma(1, np.stack([r1, r1 + r2b, p1, p1 + p2, q1, q1 + q2]))
    variance = (trigamma[0] - trigamma[1] + trigamma[2] - trigamma[3] + trigamma[4] - trigamma[5]) / _LN2**2
    half = float(ndtri(0.975)) * np.sqrt(variance)
    return InformationComponent(np.asarray(mean), np.asarray(mean - half), np.asarray(mean + half))
