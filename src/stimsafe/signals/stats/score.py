"""Every disproportionality measure for a set of cells at once: one call, arrays of shape ``(k,)`` in and out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stimsafe.signals.stats.flags import Flags, flag
from stimsafe.signals.stats.frequentist import chi2, prr, ror
from stimsafe.signals.stats.ic import bcpnn_ic, shrinkage_ic
from stimsafe.signals.stats.mgps import Hyperparameters, ebgm, posterior_quantile

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CellScores:
    """The statistics of ``k`` cells; MGPS columns are ``nan`` when no prior could be fitted."""

    a: FloatArray
    expected: FloatArray
    prr: FloatArray
    prr_lower: FloatArray
    prr_upper: FloatArray
    ror: FloatArray
    ror_lower: FloatArray
    ror_upper: FloatArray
    chi2_yates: FloatArray
    ic: FloatArray
    ic025: FloatArray
    bcpnn_ic025: FloatArray
    ebgm: FloatArray
    eb05: FloatArray
    eb95: FloatArray
    flags: Flags


def score_cells(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    c: npt.ArrayLike,
    d: npt.ArrayLike,
    expected: npt.ArrayLike,
    *,
    theta: Hyperparameters | None,
) -> CellScores:
    """PRR, ROR, χ², IC, BCPNN, EBGM/EB05/EB95 and the flags of each cell.

    ``expected`` is E (stratified or not) used by IC and MGPS; PRR, ROR and χ² use the 2×2 cells.

    Examples
    --------
    >>> s = score_cells([5], [95], [45], [99_855], [0.05], theta=None)
    >>> round(float(s.prr[0]), 1), bool(s.flags.evans[0]), bool(np.isnan(s.ebgm[0]))
    (111.0, True, True)
    """
    a_, b_, c_, d_, e_ = (np.atleast_1d(np.asarray(x, dtype=np.float64)) for x in (a, b, c, d, expected))
    p, r = prr(a_, b_, c_, d_), ror(a_, b_, c_, d_)
    x2 = chi2(a_, b_, c_, d_)
    ic = shrinkage_ic(a_, e_)
    nan = np.full_like(a_, np.nan)
    if theta is None:
        g, lo, hi = nan, nan, nan
    else:
        g = ebgm(theta, a_, e_)
        lo = posterior_quantile(theta, a_, e_, 0.05)
        hi = posterior_quantile(theta, a_, e_, 0.95)
    return CellScores(
        a=a_,
        expected=e_,
        prr=np.atleast_1d(p.estimate),
        prr_lower=np.atleast_1d(p.lower),
        prr_upper=np.atleast_1d(p.upper),
        ror=np.atleast_1d(r.estimate),
        ror_lower=np.atleast_1d(r.lower),
        ror_upper=np.atleast_1d(r.upper),
        chi2_yates=np.atleast_1d(x2),
        ic=ic.ic,
        ic025=ic.ic025,
        bcpnn_ic025=bcpnn_ic(a_, b_, c_, d_).ic025,
        ebgm=g,
        eb05=lo,
        eb95=hi,
        flags=flag(a_, p.estimate, x2, ic.ic025, lo),
    )
