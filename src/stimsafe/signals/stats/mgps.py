"""MGPS (DuMouchel 1999) under openEBGM's conventions: the marginal likelihood and the posterior scores.

The prior of the relative reporting ratio λ of every cell is a two-component gamma mixture with
hyperparameters θ = (α1, β1, α2, β2, P); given the expected count E the observed count N is then a mixture of two
negative binomials NB(size=α, prob=β/(β+E)). Only cells with N ≥ N* enter the fit, so each component is truncated
at N* separately (openEBGM ``negLL``; PhViD ≥ 1.0.8)::

    L(n) = P·f1(n)/(1 − F1(N*−1)) + (1−P)·f2(n)/(1 − F2(N*−1))

— not the mixture-truncated P·f1 + (1−P)·f2 over 1 − F_mix(N*−1) that older PhViD and vigipy use
(facts/surveillance.md §4.2, §4.4). Posterior: Qn = P f1(n) / [P f1(n) + (1−P) f2(n)] (untruncated),
EBGM = exp{Qn[ψ(α1+n) − ln(β1+E)] + (1−Qn)[ψ(α2+n) − ln(β2+E)]}, quantiles of the posterior gamma mixture.

All arrays have shape ``(k,)``; ``weights`` are the multiplicities of squashed or de-duplicated points.

References
----------
DuMouchel W (1999). Bayesian data mining in large frequency tables, with an application to the FDA spontaneous
reporting system. Am Stat 53(3):177-190. doi:10.1080/00031305.1999.10474456
Canida T, Ihrie J (2017). openEBGM: An R implementation of the Gamma-Poisson Shrinker data mining model.
R Journal 9(2):499-519. doi:10.32614/RJ-2017-063
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import digamma, gammainc, gammaln, logsumexp

from stimsafe.signals.stats.ic import gamma_quantile

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Hyperparameters:
    """θ = (α1, β1, α2, β2, P) of the gamma-mixture prior; P is the weight of component 1.

    Examples
    --------
    >>> Hyperparameters(0.2, 0.1, 2.0, 4.0, 1 / 3).as_array().round(3).tolist()
    [0.2, 0.1, 2.0, 4.0, 0.333]
    """

    alpha1: float
    beta1: float
    alpha2: float
    beta2: float
    p: float

    def as_array(self) -> FloatArray:
        """The five values in openEBGM's order."""
        return np.array([self.alpha1, self.beta1, self.alpha2, self.beta2, self.p], dtype=np.float64)

    @classmethod
    def from_array(cls, theta: npt.ArrayLike) -> Hyperparameters:
        """Build from a length-5 vector (α1, β1, α2, β2, P)."""
        t = np.asarray(theta, dtype=np.float64)
        return cls(float(t[0]), float(t[1]), float(t[2]), float(t[3]), float(t[4]))

    def canonical(self) -> Hyperparameters:
        """The same prior with component 1 the one of larger prior mean α/β (the components are not identified)."""
        if self.alpha1 / self.beta1 >= self.alpha2 / self.beta2:
            return self
        return Hyperparameters(self.alpha2, self.beta2, self.alpha1, self.beta1, 1.0 - self.p)


def nb_logpmf(n: FloatArray, alpha: float, beta: float, e: FloatArray) -> FloatArray:
    """log NB(n; size=α, prob=β/(β+E)), the marginal of N when λ ~ Gamma(α, rate β) and N|λ ~ Poisson(λE)."""
    log_be = np.log(beta + e)
    return np.asarray(
        gammaln(alpha + n)
        - gammaln(alpha)
        - gammaln(n + 1)
        + alpha * (np.log(beta) - log_be)
        + n * (np.log(e) - log_be)
    )


def _log_tail(alpha: float, beta: float, e: FloatArray, n_star: int) -> FloatArray:
    """log(1 − F(N*−1)): the log probability that a component's count reaches N*."""
    if n_star <= 0:
        return np.zeros_like(e)
    head = np.stack([nb_logpmf(np.full_like(e, j), alpha, beta, e) for j in range(n_star)])
    below = np.exp(logsumexp(head, axis=0))
    return np.asarray(np.log1p(-np.minimum(below, 1.0)))


def neg_log_likelihood(
    theta: npt.ArrayLike, n: npt.ArrayLike, e: npt.ArrayLike, weights: npt.ArrayLike | None = None, *, n_star: int = 1
) -> float:
    """openEBGM's negative log marginal likelihood, truncated at N* per component (``negLL``/``negLLsquash``).

    Parameters
    ----------
    theta
        (α1, β1, α2, β2, P).
    n, e
        Observed and expected counts of the cells used for the fit (all N ≥ N*), shape ``(k,)``.
    weights
        Multiplicity of each point (squashing); ones when omitted.
    n_star
        Truncation point N*; 0 means no truncation (cells with N = 0 included).

    Examples
    --------
    >>> round(neg_log_likelihood([0.2, 0.1, 2, 4, 1/3], [1, 2], [0.5, 1.0]), 6)
    2.005886
    """
    a1, b1, a2, b2, p = (float(x) for x in np.asarray(theta, dtype=np.float64))
    n_ = np.asarray(n, dtype=np.float64)
    e_ = np.asarray(e, dtype=np.float64)
    w = np.ones_like(n_) if weights is None else np.asarray(weights, dtype=np.float64)
    c1 = np.log(p) + nb_logpmf(n_, a1, b1, e_) - _log_tail(a1, b1, e_, n_star)
    c2 = np.log1p(-p) + nb_logpmf(n_, a2, b2, e_) - _log_tail(a2, b2, e_, n_star)
    return float(-np.sum(w * np.logaddexp(c1, c2)))


def qn(theta: Hyperparameters, n: npt.ArrayLike, e: npt.ArrayLike) -> FloatArray:
    """Posterior probability that λ comes from component 1, given N = n (untruncated densities)."""
    n_ = np.asarray(n, dtype=np.float64)
    e_ = np.asarray(e, dtype=np.float64)
    l1 = np.log(theta.p) + nb_logpmf(n_, theta.alpha1, theta.beta1, e_)
    l2 = np.log1p(-theta.p) + nb_logpmf(n_, theta.alpha2, theta.beta2, e_)
    return np.asarray(np.exp(l1 - np.logaddexp(l1, l2)))


def ebgm(theta: Hyperparameters, n: npt.ArrayLike, e: npt.ArrayLike) -> FloatArray:
    """Empirical Bayes geometric mean: exp of the posterior mean of ln λ."""
    n_ = np.asarray(n, dtype=np.float64)
    e_ = np.asarray(e, dtype=np.float64)
    q = qn(theta, n_, e_)
    m1 = digamma(theta.alpha1 + n_) - np.log(theta.beta1 + e_)
    m2 = digamma(theta.alpha2 + n_) - np.log(theta.beta2 + e_)
    return np.asarray(np.exp(q * m1 + (1 - q) * m2))


def posterior_quantile(
    theta: Hyperparameters, n: npt.ArrayLike, e: npt.ArrayLike, prob: float, *, rel_tol: float = 1e-7
) -> FloatArray:
    """The ``prob`` quantile of the posterior gamma mixture of λ (EB05: prob = 0.05; EB95: 0.95), by bisection.

    The mixture quantile lies between the two component quantiles (exact, from ``gammaincinv``), which bracket the
    vectorised search: Newton steps on the mixture CDF, falling back to bisection whenever a step would leave the
    bracket. It stops when a step moves less than ``rel_tol`` relative (1e-7: far below the 3 significant figures
    shown; openEBGM's ``quantBisect`` stops at 4 decimal places).
    """
    if not 0.0 < prob < 1.0:
        raise ValueError(f"prob must lie in (0, 1), got {prob!r}")
    shape = np.broadcast(np.asarray(n), np.asarray(e)).shape
    n_, e_ = (np.broadcast_to(np.asarray(v, dtype=np.float64), shape).ravel() for v in (n, e))
    q = qn(theta, n_, e_)
    s1, r1 = theta.alpha1 + n_, theta.beta1 + e_
    s2, r2 = theta.alpha2 + n_, theta.beta2 + e_
    x1, x2 = gamma_quantile(prob, s1, r1), gamma_quantile(prob, s2, r2)
    lo, hi = np.minimum(x1, x2), np.maximum(x1, x2)
    x = q * x1 + (1 - q) * x2  # inside the bracket
    log_g1, log_g2 = -gammaln(s1) + np.log(r1), -gammaln(s2) + np.log(r2)
    todo = np.flatnonzero(hi - lo > rel_tol * hi)  # only the cells not yet converged are iterated
    for _ in range(100):  # Newton steps, bisection whenever a step would leave the bracket
        if todo.size == 0:
            break
        a1, b1, a2, b2, w, xt = s1[todo], r1[todo], s2[todo], r2[todo], q[todo], x[todo]
        cdf = w * gammainc(a1, b1 * xt) + (1 - w) * gammainc(a2, b2 * xt)
        below = cdf < prob
        lo_t = np.where(below, xt, lo[todo])
        hi_t = np.where(below, hi[todo], xt)
        pdf = w * np.exp(log_g1[todo] + (a1 - 1) * np.log(b1 * xt) - b1 * xt) + (1 - w) * np.exp(
            log_g2[todo] + (a2 - 1) * np.log(b2 * xt) - b2 * xt
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            step = xt - (cdf - prob) / pdf
        step = np.where(np.isfinite(step) & (step >= lo_t) & (step <= hi_t), step, 0.5 * (lo_t + hi_t))
        lo[todo], hi[todo], x[todo] = lo_t, hi_t, step
        done = (np.abs(step - xt) <= rel_tol * step) | (hi_t - lo_t <= rel_tol * hi_t)
        todo = todo[~done]
    return np.asarray(x).reshape(shape)
