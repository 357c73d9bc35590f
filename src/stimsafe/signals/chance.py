"""How many onsets would follow a session by coincidence alone: the observed-vs-expected method of vaccine safety.

Expected coincidental onsets = person-time inside the risk windows after sessions x background incidence rate
(Black et al., Lancet 2009; facts: ../shared/facts/wave2_addendum.md §3.2). Windows after frequent sessions
overlap, so a person's time at risk is the length of the *union* of the windows inside the observation period,
never the sum. The range of counts chance alone gives is the central 95 % of a Poisson distribution with that mean;
an observed count is compared as the standardised incidence ratio O/E with its exact (Garwood) interval.

>>> round(expected_onsets(1_000_000, at_risk_days(1, 3.0, 7.0), 37.7), 1)
3.1
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DAYS_PER_YEAR = 365.25


def session_times_days(sessions: int, period_days: float) -> list[float]:
    """Start times of ``sessions`` sessions spread evenly over the period, the first at day 0.

    >>> session_times_days(3, 7.0)
    [0.0, 2.3333333333333335, 4.666666666666667]
    """
    if sessions <= 0:
        return []
    gap = period_days / sessions
    return [i * gap for i in range(sessions)]


def at_risk_days(sessions: int, window_days: float, period_days: float) -> float:
    """Days of one person's period that lie inside at least one risk window ``[session, session + window)``.

    Overlapping windows count once, and time after the period ends does not count.

    >>> at_risk_days(1, 3.0, 7.0), at_risk_days(365, 3.0, 365.0), at_risk_days(3, 1.0, 7.0)
    (3.0, 365.0, 3.0)
    """
    covered = 0.0
    reach = 0.0  # end of the union so far
    for start in session_times_days(sessions, period_days):
        end = min(start + window_days, period_days)
        covered += max(0.0, end - max(start, reach))
        reach = max(reach, end)
    return covered


def expected_onsets(users: float, days_at_risk_per_user: float, rate_per_100k_py: float) -> float:
    """Expected onsets = person-years at risk x rate (rate as new cases per 100,000 person-years).

    >>> round(expected_onsets(1_000_000, DAYS_PER_YEAR, 37.7))
    377
    """
    return users * days_at_risk_per_user / DAYS_PER_YEAR * rate_per_100k_py / 1e5


def poisson_range(mean: float, level: float = 0.95) -> tuple[int, int]:
    """The central ``level`` range of counts of a Poisson distribution with ``mean``.

    >>> poisson_range(3.1)
    (0, 7)
    """
    from scipy.stats import poisson

    tail = (1.0 - level) / 2.0
    return int(poisson.ppf(tail, mean)), int(poisson.ppf(1.0 - tail, mean))


def ratio_interval(observed: int, expected: float, level: float = 0.95) -> tuple[float, float, float]:
    """Observed/expected (SIR) with its exact Poisson (Garwood) interval.

    >>> [round(x, 2) for x in ratio_interval(117, 164.5)]
    [0.71, 0.59, 0.85]
    """
    from scipy.stats import chi2

    tail = (1.0 - level) / 2.0
    low = 0.0 if observed == 0 else float(chi2.ppf(tail, 2 * observed)) / 2.0
    high = float(chi2.ppf(1.0 - tail, 2 * observed + 2)) / 2.0
    return observed / expected, low / expected, high / expected


@dataclass(frozen=True)
class ChanceResult:
    """Expected coincidental onsets for one use pattern, and the comparison with an observed count if given."""

    users: int
    sessions_per_user: int
    window_days: float
    period_days: float
    rate_per_100k_py: float
    days_at_risk_per_user: float
    expected: float
    chance_range: tuple[int, int]
    observed: int | None = None
    ratio: tuple[float, float, float] | None = None

    @property
    def person_years_at_risk(self) -> float:
        """Person-years inside the windows, all users together."""
        return self.users * self.days_at_risk_per_user / DAYS_PER_YEAR


def chance(
    users: int,
    sessions_per_user: int,
    window_days: float,
    rate_per_100k_py: float,
    *,
    period_days: float = DAYS_PER_YEAR,
    observed: int | None = None,
) -> ChanceResult:
    """Expected onsets by coincidence within ``window_days`` after any of ``sessions_per_user`` sessions.

    >>> r = chance(1_000_000, 365, 3.0, 37.7, period_days=DAYS_PER_YEAR)
    >>> round(r.expected), r.days_at_risk_per_user == DAYS_PER_YEAR
    (377, True)
    """
    at_risk = at_risk_days(sessions_per_user, window_days, period_days)
    expected = expected_onsets(users, at_risk, rate_per_100k_py)
    ratio = ratio_interval(observed, expected) if observed is not None and expected > 0 else None
    return ChanceResult(
        users,
        sessions_per_user,
        window_days,
        period_days,
        rate_per_100k_py,
        at_risk,
        expected,
        poisson_range(expected) if expected > 0 else (0, 0),
        observed,
        ratio,
    )


def sessions_in(sessions_per_week: float, period_days: float) -> int:
    """Whole sessions in the period at a weekly frequency (at least one when the frequency is positive).

    >>> sessions_in(3, 7), sessions_in(7, 365.25), sessions_in(1, 7)
    (3, 365, 1)
    """
    if sessions_per_week <= 0:
        return 0
    return max(1, math.floor(sessions_per_week * period_days / 7.0 + 1e-9))
