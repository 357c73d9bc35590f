"""Disproportionality statistics as pure, vectorised functions over counts (no DataFrames, no I/O).

One implementation, shared by the DuckDB path and any later engine: every function takes NumPy arrays of counts
(the 2×2 cells a, b, c, d, or N and E) of shape ``(k,)`` and returns arrays of the same shape.

- :mod:`~stimsafe.signals.stats.frequentist`: PRR and ROR with 95 % CIs, χ² (Yates), expected counts.
- :mod:`~stimsafe.signals.stats.ic`: UMC shrinkage IC / IC025 and BCPNN (Gould) IC025.
- :mod:`~stimsafe.signals.stats.mgps`: openEBGM's truncated marginal likelihood, Qn, EBGM, EB05/EB95.
- :mod:`~stimsafe.signals.stats.fit`: the multi-start, consensus-checked hyperparameter fit.
- :mod:`~stimsafe.signals.stats.squash`: DuMouchel–Pregibon data squashing.
- :mod:`~stimsafe.signals.stats.flags`: the documented signal criteria.
"""

from __future__ import annotations

from stimsafe.signals.stats.fit import FitResult, fit_prior
from stimsafe.signals.stats.frequentist import RatioEstimate, chi2, expected_count, prr, ror, undefined_reason
from stimsafe.signals.stats.ic import InformationComponent, bcpnn_ic, shrinkage_ic
from stimsafe.signals.stats.mgps import Hyperparameters, ebgm, neg_log_likelihood, posterior_quantile, qn
from stimsafe.signals.stats.squash import squash

__all__ = [
    "FitResult",
    "Hyperparameters",
    "InformationComponent",
    "RatioEstimate",
    "bcpnn_ic",
    "chi2",
    "ebgm",
    "expected_count",
    "fit_prior",
    "neg_log_likelihood",
    "posterior_quantile",
    "prr",
    "qn",
    "ror",
    "shrinkage_ic",
    "squash",
    "undefined_reason",
]
