"""Frequentist disproportionality measures over 2×2 counts: PRR, ROR (95 % CIs) and χ² (Yates).

Every function takes the four cells of the 2×2 table as arrays of equal shape ``(k,)`` (or scalars)::

                  harm    not harm
    group          a         b
    comparator     c         d

and returns arrays of the same shape. No continuity correction is ever added: where a measure or its
interval is undefined (a zero in a denominator or in a log-variance term), the value is ``nan`` (or ``inf``
for a ratio whose denominator alone is zero, as openEBGM does) and :func:`undefined_reason` says why in words.

References
----------
Evans SJW, Waller PC, Davis S (2001). Use of proportional reporting ratios (PRRs) for signal generation from
spontaneous adverse drug reaction reports. Pharmacoepidemiol Drug Saf 10:483-486. doi:10.1002/pds.677
Rothman KJ, Lanes S, Sacks ST (2004). The reporting odds ratio and its advantages over the proportional
reporting ratio. Pharmacoepidemiol Drug Saf 13:519-523. doi:10.1002/pds.1001
PhViD R package 1.0.8, ``R/PRR.R`` and ``R/ROR.R`` (variance formulas), https://github.com/cran/PhViD
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import ndtri

FloatArray = npt.NDArray[np.float64]
ArrayLike = npt.ArrayLike

#: two-sided 95 % normal quantile used by every interval in this module
Z_95 = float(ndtri(0.975))


@dataclass(frozen=True)
class RatioEstimate:
    """A ratio measure with its two-sided 95 % Wald interval on the log scale.

    Attributes
    ----------
    estimate, lower, upper
        Arrays of shape ``(k,)``; ``nan`` where undefined (see :func:`undefined_reason`).
    """

    estimate: FloatArray
    lower: FloatArray
    upper: FloatArray


def _cells(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> tuple[FloatArray, ...]:
    cells = tuple(np.asarray(x, dtype=np.float64) for x in (a, b, c, d))
    return tuple(np.broadcast_arrays(*cells))


def _wald(log_estimate: FloatArray, variance: FloatArray) -> tuple[FloatArray, FloatArray]:
    with np.errstate(invalid="ignore", over="ignore"):
        half = Z_95 * np.sqrt(variance)
        ok = np.isfinite(log_estimate) & np.isfinite(half)
        lower = np.where(ok, np.exp(log_estimate - half), np.nan)
        upper = np.where(ok, np.exp(log_estimate + half), np.nan)
    return lower, upper


def prr(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> RatioEstimate:
    """Proportional reporting ratio [a/(a+b)] / [c/(c+d)] with its 95 % CI.

    var(ln PRR) = 1/a − 1/(a+b) + 1/c − 1/(c+d). ``inf`` when c = 0 < a (openEBGM's convention),
    ``nan`` when a+b = 0 or c+d = 0; the interval is ``nan`` whenever a or c is 0.

    Examples
    --------
    >>> r = prr(5, 95, 45, 99_855)  # facts/surveillance.md §5.3
    >>> round(float(r.estimate), 4), round(float(r.lower), 4), round(float(r.upper), 4)
    (111.0, 44.9991, 273.8052)
    """
    a_, b_, c_, d_ = _cells(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = (a_ / (a_ + b_)) / (c_ / (c_ + d_))
        variance = 1 / a_ - 1 / (a_ + b_) + 1 / c_ - 1 / (c_ + d_)
        variance = np.where((a_ > 0) & (c_ > 0), variance, np.nan)
        lower, upper = _wald(np.log(estimate), variance)
    return RatioEstimate(estimate, lower, upper)


def ror(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> RatioEstimate:
    """Reporting odds ratio ad/(bc) with Woolf's 95 % CI, var(ln ROR) = 1/a + 1/b + 1/c + 1/d.

    Examples
    --------
    >>> r = ror(5, 95, 45, 99_855)
    >>> round(float(r.estimate), 4), round(float(r.lower), 4), round(float(r.upper), 4)
    (116.7895, 45.3671, 300.6536)
    """
    a_, b_, c_, d_ = _cells(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = (a_ * d_) / (b_ * c_)
        estimate = np.where((b_ * c_ == 0) & (a_ * d_ == 0), np.nan, estimate)
        variance = np.where((a_ > 0) & (b_ > 0) & (c_ > 0) & (d_ > 0), 1 / a_ + 1 / b_ + 1 / c_ + 1 / d_, np.nan)
        lower, upper = _wald(np.log(estimate), variance)
    return RatioEstimate(estimate, lower, upper)


def chi2(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *, yates: bool = True) -> FloatArray:
    """Pearson χ² of the 2×2 table, with Yates' continuity correction by default.

    χ² = N (|ad − bc| − N/2)² / [(a+b)(c+d)(a+c)(b+d)]; the correction is capped so that it never exceeds
    |ad − bc| (as in ``scipy.stats.chi2_contingency``). ``nan`` when a margin is zero.

    Examples
    --------
    >>> round(float(chi2(5, 95, 45, 99_855)), 3), round(float(chi2(5, 95, 45, 99_855, yates=False)), 3)
    (396.645, 490.786)
    """
    a_, b_, c_, d_ = _cells(a, b, c, d)
    n = a_ + b_ + c_ + d_
    diff = np.abs(a_ * d_ - b_ * c_)
    if yates:
        diff = np.maximum(diff - n / 2, 0.0)
    denominator = (a_ + b_) * (c_ + d_) * (a_ + c_) * (b_ + d_)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, n * diff**2 / denominator, np.nan)


def expected_count(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> FloatArray:
    """E = (a+b)(a+c)/N, the count expected under independence of group and harm.

    >>> float(expected_count(5, 95, 45, 99_855))
    0.05
    """
    a_, b_, c_, d_ = _cells(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (a_ + b_) * (a_ + c_) / (a_ + b_ + c_ + d_)


def undefined_reason(a: int, b: int, c: int, d: int) -> dict[str, str]:
    """Why each measure is undefined or infinite for one table, in words; empty when all are defined.

    >>> undefined_reason(1, 0, 0, 16)["prr"]
    'PRR is infinite: the comparator has no report of this harm (c = 0); no continuity correction is applied'
    >>> undefined_reason(0, 10, 0, 16)["prr"]
    'PRR is undefined (0/0): no report of this harm in the group or the comparator (a = c = 0)'
    >>> undefined_reason(5, 95, 45, 99_855)
    {}
    """
    out: dict[str, str] = {}
    if a + b == 0 or c + d == 0:
        out["prr"] = "PRR is undefined: the group or the comparator has no reports (a+b = 0 or c+d = 0)"
    elif a == 0 and c == 0:
        out["prr"] = "PRR is undefined (0/0): no report of this harm in the group or the comparator (a = c = 0)"
    elif c == 0:
        out["prr"] = (
            "PRR is infinite: the comparator has no report of this harm (c = 0); no continuity correction is applied"
        )
    elif a == 0:
        out["prr_ci"] = "PRR interval undefined: no report of this harm in the group (a = 0)"
    if b * c == 0:
        out["ror"] = f"ROR is undefined or infinite: b·c = 0 (b = {b}, c = {c}); no continuity correction is applied"
    elif a * d == 0:
        out["ror_ci"] = f"ROR interval undefined: a·d = 0 (a = {a}, d = {d})"
    if min(a + b, c + d, a + c, b + d) == 0:
        out["chi2"] = "χ² is undefined: a margin of the 2×2 table is zero"
    return out
