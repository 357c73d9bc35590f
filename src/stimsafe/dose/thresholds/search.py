"""Threshold search over a predicate ``is_excited(amplitude) -> bool``.

The search knows nothing about fibres: it brackets the threshold by geometric expansion from a starting guess,
then bisects geometrically until the bracket's ratio is within ``rel_tol`` and returns the upper (excitatory)
bound, as PyFibers does (Marshall et al. 2025, https://doi.org/10.1371/journal.pcbi.1013764). A search that
cannot bracket returns a falsy :class:`Threshold` carrying the reason; it never raises for that.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from stimsafe.errors import InputError


@dataclass(frozen=True)
class Threshold:
    """The result of a search: ``amplitude`` (upper bound) within ``[lower, upper]``; falsy when not found."""

    amplitude: float | None
    lower: float | None
    upper: float | None
    evaluations: int
    reason: str = ""

    def __bool__(self) -> bool:
        return self.amplitude is not None


def find_threshold(
    is_excited: Callable[[float], bool],
    guess: float,
    *,
    rel_tol: float = 0.01,
    step: float = 1.25,
    max_amplitude: float = math.inf,
    max_evaluations: int = 60,
) -> Threshold:
    """Smallest amplitude that excites, to a relative tolerance, assuming excitation is monotone in amplitude.

    Parameters
    ----------
    is_excited
        Predicate: does this (positive) amplitude excite?
    guess
        Starting amplitude (> 0); a good guess (e.g. from the linear predictor) saves evaluations.
    rel_tol
        Stop when ``upper / lower - 1 <= rel_tol``.
    step
        Ratio of the geometric expansion while bracketing (> 1).
    max_amplitude
        Give up (falsy result) when no amplitude up to this one excites.
    max_evaluations
        Give up after this many predicate calls.

    Returns
    -------
    Threshold
        Truthy with ``amplitude = upper`` on success.

    Examples
    --------
    >>> t = find_threshold(lambda a: a >= 0.3771, 1.0, rel_tol=1e-3)
    >>> round(t.amplitude, 3), t.upper / t.lower - 1 <= 1e-3
    (0.377, True)
    >>> bool(find_threshold(lambda a: False, 1.0, max_amplitude=10.0))
    False
    """
    if not (guess > 0 and math.isfinite(guess)):
        raise InputError("Threshold search needs a positive starting amplitude.", field="guess", value=guess)
    if not (rel_tol > 0 and step > 1):
        raise InputError("rel_tol must be > 0 and step > 1.", field="rel_tol", value=(rel_tol, step))
    calls = 0

    def probe(a: float) -> bool:
        nonlocal calls
        calls += 1
        return is_excited(a)

    lower: float | None = None
    upper: float | None = None
    a = min(guess, max_amplitude)
    if probe(a):
        upper = a
        while lower is None:
            if calls >= max_evaluations:
                return Threshold(None, None, upper, calls, "no sub-threshold amplitude found")
            a /= step
            if probe(a):
                upper = a
            else:
                lower = a
    else:
        lower = a
        while upper is None:
            if a >= max_amplitude:
                return Threshold(None, lower, None, calls, f"not excited at the largest amplitude {max_amplitude:g}")
            if calls >= max_evaluations:
                return Threshold(None, lower, None, calls, "no excitatory amplitude within the evaluation budget")
            a = min(a * step, max_amplitude)
            if probe(a):
                upper = a
            else:
                lower = a
    while upper / lower - 1 > rel_tol:
        if calls >= max_evaluations:
            return Threshold(None, lower, upper, calls, "bisection did not converge within the evaluation budget")
        mid = math.sqrt(lower * upper)
        if probe(mid):
            upper = mid
        else:
            lower = mid
    return Threshold(upper, lower, upper, calls)
