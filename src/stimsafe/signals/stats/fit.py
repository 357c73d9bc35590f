"""Maximum marginal likelihood fit of the MGPS gamma-mixture prior, with several starts and a consensus check.

The likelihood is openEBGM's, truncated at N* per component (:mod:`stimsafe.signals.stats.mgps`). The optimiser
works on the unconstrained scale (log α, log β, logit P) with the analytic gradient, from several starting points;
a fit is accepted only when at least ``min_close`` convergent solutions agree with the best one (openEBGM
``autoHyper``'s verification idea). A failed fit is a falsy :class:`FitResult` that says why — never an exception.

Identical (N, E) points are merged into weighted points before fitting; that is exact (the likelihood is a sum over
points), unlike squashing (:mod:`stimsafe.signals.stats.squash`), which averages neighbouring E values.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from scipy.special import digamma, expit, logit

from stimsafe.signals.stats.mgps import Hyperparameters, nb_logpmf, neg_log_likelihood

FloatArray = npt.NDArray[np.float64]

#: openEBGM vignette 03 starting points, DuMouchel's (1999) published prior, and hyperEM's vignette start
DEFAULT_STARTS: tuple[tuple[float, float, float, float, float], ...] = (
    (0.2, 0.1, 2.0, 4.0, 1 / 3),
    (0.1, 0.2, 10.0, 10.0, 0.2),
    (0.3, 0.5, 6.0, 6.0, 0.5),
    (0.2041, 0.05816, 1.415, 1.838, 0.0969),
    (1.0, 1.0, 2.0, 2.0, 0.3),
)
_MAX_SHAPE_RATE = 1e4  # a fit that wanders past this is reported as out of bounds


@dataclass(frozen=True)
class StartResult:
    """What one starting point gave."""

    start: tuple[float, ...]
    theta: Hyperparameters | None
    nll: float
    converged: bool
    message: str


@dataclass(frozen=True)
class FitResult:
    """The fitted prior, or (falsy) the reason the fit failed.

    Attributes
    ----------
    theta
        Canonical hyperparameters (component 1 has the larger prior mean), ``None`` on failure.
    nll
        Negative log-likelihood at ``theta`` (openEBGM's ``minimum``).
    num_close
        How many convergent starts agree with the best one (itself included).
    """

    ok: bool
    reason: str
    theta: Hyperparameters | None = None
    nll: float = float("nan")
    num_close: int = 0
    n_points: int = 0
    n_star: int = 1
    seconds: float = 0.0
    starts: tuple[StartResult, ...] = field(default=())

    def __bool__(self) -> bool:
        return self.ok


def _pack(theta: npt.ArrayLike) -> FloatArray:
    t = np.asarray(theta, dtype=np.float64)
    return np.concatenate([np.log(t[:4]), [logit(t[4])]])


def _unpack(u: FloatArray) -> FloatArray:
    return np.concatenate([np.exp(u[:4]), [expit(u[4])]])


def _component_terms(
    n: FloatArray, e: FloatArray, alpha: float, beta: float, n_star: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """log f(n) − log(1 − F(N*−1)) and its derivatives with respect to log α and log β."""
    log_be = np.log(beta + e)
    logf = nb_logpmf(n, alpha, beta, e)
    d_alpha = digamma(alpha + n) - digamma(alpha) + np.log(beta) - log_be
    d_beta = alpha / beta - (alpha + n) / (beta + e)
    below = np.zeros_like(e)
    below_da = np.zeros_like(e)
    below_db = np.zeros_like(e)
    for j in range(n_star):
        fj = np.exp(nb_logpmf(np.full_like(e, j), alpha, beta, e))
        below += fj
        below_da += fj * (digamma(alpha + j) - digamma(alpha) + np.log(beta) - log_be)
        below_db += fj * (alpha / beta - (alpha + j) / (beta + e))
    tail = 1.0 - below
    term = logf - np.log(tail)
    return term, alpha * (d_alpha + below_da / tail), beta * (d_beta + below_db / tail)


def _objective(u: FloatArray, n: FloatArray, e: FloatArray, w: FloatArray, n_star: int) -> tuple[float, FloatArray]:
    a1, b1, a2, b2, p = _unpack(u)
    t1, g_a1, g_b1 = _component_terms(n, e, a1, b1, n_star)
    t2, g_a2, g_b2 = _component_terms(n, e, a2, b2, n_star)
    c1 = np.log(p) + t1
    c2 = np.log1p(-p) + t2
    ll = np.logaddexp(c1, c2)
    r1 = np.exp(c1 - ll)
    r2 = 1.0 - r1
    grad = np.array(
        [
            np.sum(w * r1 * g_a1),
            np.sum(w * r1 * g_b1),
            np.sum(w * r2 * g_a2),
            np.sum(w * r2 * g_b2),
            np.sum(w * (r1 - p)),
        ]
    )
    value = -float(np.sum(w * ll))
    if not np.isfinite(value):
        return float("inf"), np.zeros(5)
    return value, -grad


def merge_identical(
    n: npt.ArrayLike, e: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Merge points with identical (N, E) into one point whose weight is the sum (lossless).

    >>> merge_identical([1, 1, 2], [0.5, 0.5, 0.5])
    (array([1., 2.]), array([0.5, 0.5]), array([2., 1.]))
    """
    n_ = np.asarray(n, dtype=np.float64)
    e_ = np.asarray(e, dtype=np.float64)
    w_ = np.ones_like(n_) if weights is None else np.asarray(weights, dtype=np.float64)
    keys, inverse = np.unique(np.stack([n_, e_], axis=1), axis=0, return_inverse=True)
    merged = np.bincount(inverse.ravel(), weights=w_, minlength=len(keys))
    return keys[:, 0].copy(), keys[:, 1].copy(), np.asarray(merged, dtype=np.float64)


def _one_start(
    start: tuple[float, ...], data: tuple[FloatArray, FloatArray, FloatArray], n_star: int, method: str
) -> StartResult:
    n, e, w = data
    with np.errstate(all="ignore"):
        res = minimize(
            _objective, _pack(start), args=(n, e, w, n_star), jac=True, method=method, options={"maxiter": 2000}
        )
    theta_vec = _unpack(np.asarray(res.x))
    in_bounds = bool(np.all(theta_vec[:4] < _MAX_SHAPE_RATE) and 1e-10 < theta_vec[4] < 1 - 1e-10)
    finite = bool(np.isfinite(res.fun))
    # BFGS's "precision loss" at a point with a vanishing gradient is a converged optimum, not a failure
    flat = res.jac is not None and float(np.max(np.abs(res.jac))) <= 1e-3
    converged = (bool(res.success) or flat) and finite and in_bounds
    message = str(res.message) if in_bounds else "estimate out of bounds"
    theta = Hyperparameters.from_array(theta_vec).canonical() if finite else None
    return StartResult(tuple(start), theta, float(res.fun), converged, message)


def _hessian(u: FloatArray, data: tuple[FloatArray, FloatArray, FloatArray], n_star: int) -> FloatArray:
    """Central differences of the analytic gradient in the packed coordinates; shape ``(5, 5)``, symmetrised."""
    n, e, w = data
    h = 1e-6 * np.maximum(1.0, np.abs(u))
    cols = []
    for i in range(u.size):
        du = np.zeros_like(u)
        du[i] = h[i]
        cols.append((_objective(u + du, n, e, w, n_star)[1] - _objective(u - du, n, e, w, n_star)[1]) / (2 * h[i]))
    hess = np.stack(cols, axis=1)
    return np.asarray((hess + hess.T) / 2)


def polish(
    theta: Hyperparameters, data: tuple[FloatArray, FloatArray, FloatArray], n_star: int, *, steps: int = 20
) -> Hyperparameters:
    """Newton steps from a converged optimum until the gradient vanishes to rounding.

    BFGS stops once its gradient falls below ``gtol`` (1e-5), so two fits of the same counts that differ only in
    the last bits of E (Spark vs DuckDB sums) can stop 1e-5 apart. Newton's method converges quadratically from
    there, so the polished θ depends on the data alone, not on the optimiser's path. A step is taken only when it
    does not raise the negative log-likelihood beyond rounding.
    """
    n, e, w = data
    u = _pack(theta.as_array())
    f, g = _objective(u, n, e, w, n_star)
    for _ in range(steps):
        try:
            step = np.linalg.solve(_hessian(u, data, n_star), g)
        except np.linalg.LinAlgError:
            break
        t = 1.0
        while t >= 1.0 / 64:
            u_new = u - t * step
            f_new, g_new = _objective(u_new, n, e, w, n_star)
            if np.isfinite(f_new) and f_new <= f + 1e-13 * abs(f):
                break
            t /= 2
        else:
            break
        moved = float(np.max(np.abs(u_new - u)))
        u, f, g = u_new, f_new, g_new
        if moved <= 1e-14:
            break
    return Hyperparameters.from_array(_unpack(u)).canonical()


def _close(a: Hyperparameters, b: Hyperparameters, rel_tol: float) -> bool:
    x, y = a.as_array(), b.as_array()
    return bool(np.all(np.abs(x - y) <= rel_tol * np.maximum(np.abs(x), np.abs(y))))


def _validate(n: FloatArray, e: FloatArray, w: FloatArray, n_star: int) -> str | None:
    if n.shape != e.shape or n.shape != w.shape or n.ndim != 1:
        return "N, E and weights must be 1-D arrays of the same length"
    if n.size < 5:
        return f"only {n.size} cells with N >= N* = {n_star}; at least 5 are needed to fit 5 hyperparameters"
    if np.any(n < n_star):
        return f"cells with N < N* = {n_star} were passed; filter them out or lower N*"
    if not np.all(np.isfinite(e)) or np.any(e <= 0):
        return "every expected count E must be finite and > 0"
    return None


def fit_prior(
    n: npt.ArrayLike,
    e: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    *,
    n_star: int = 1,
    starts: tuple[tuple[float, float, float, float, float], ...] = DEFAULT_STARTS,
    min_close: int = 2,
    close_rel_tol: float = 0.05,
    methods: tuple[str, ...] = ("BFGS", "L-BFGS-B"),
) -> FitResult:
    """Fit θ = (α1, β1, α2, β2, P) by maximum marginal likelihood from several starts, openEBGM-style.

    Parameters
    ----------
    n, e
        Observed and expected counts of the cells with N ≥ N* (shape ``(k,)``); filter them first.
    weights
        Multiplicities (from squashing), ones when omitted.
    n_star
        The truncation point N* of the likelihood.
    starts
        Starting points (α1, β1, α2, β2, P).
    min_close
        The fit is accepted when at least this many convergent solutions (the best included) agree.
    close_rel_tol
        Two solutions agree when every hyperparameter differs by at most this fraction.
    methods
        scipy optimisers tried in turn until the consensus check passes.

    Returns
    -------
    FitResult
        Truthy with ``theta`` and ``nll`` when the fit passes the consensus check, falsy with ``reason`` otherwise.
    """
    t0 = time.perf_counter()
    n_, e_, w_ = merge_identical(n, e, weights)
    problem = _validate(n_, e_, w_, n_star)
    if problem:
        return FitResult(False, problem, n_points=int(n_.size), n_star=n_star)
    tried: list[StartResult] = []
    for method in methods:
        results = [_one_start(s, (n_, e_, w_), n_star, method) for s in starts]
        tried += results
        good = sorted(((r.nll, r.theta) for r in results if r.converged and r.theta is not None), key=lambda t: t[0])
        if not good:
            continue
        theta = good[0][1]
        num_close = sum(1 for _, other in good if _close(theta, other, close_rel_tol))
        if num_close >= min_close:
            theta = polish(theta, (n_, e_, w_), n_star)
            nll = neg_log_likelihood(theta.as_array(), n_, e_, w_, n_star=n_star)
            seconds = time.perf_counter() - t0
            reason = f"{method}: {num_close} of {len(starts)} starts agree"
            return FitResult(True, reason, theta, nll, num_close, int(n_.size), n_star, seconds, tuple(tried))
    seconds = time.perf_counter() - t0
    converged = sum(r.converged for r in tried)
    reason = (
        f"no consensus: {converged} of {len(tried)} optimiser runs converged in bounds, fewer than {min_close} agree "
        f"within {close_rel_tol:.0%}; try other starting points, squashing, or a larger N*"
    )
    return FitResult(False, reason, n_points=int(n_.size), n_star=n_star, seconds=seconds, starts=tuple(tried))
