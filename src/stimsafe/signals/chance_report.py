"""The ``signals chance`` report: expected coincidental onsets in words, with the assumptions named where used."""

from __future__ import annotations

from stimsafe.domain.source import Source
from stimsafe.report.model import Report, Section, Table
from stimsafe.signals.chance import DAYS_PER_YEAR, ChanceResult

METHOD_SOURCE = Source(
    id="black-2009",
    title="Black et al. 2009, Importance of background rates of disease in assessment of vaccine safety (Lancet)",
    url="https://digital.library.adelaide.edu.au/dspace/handle/2440/57252",
)

_DISCLAIMER = (
    "This counts coincidences: onsets the background rate alone would place within the window after a session. "
    "It does not show that a device causes or cannot cause any condition."
)


def sig3(value: float) -> str:
    """A number at 3 significant figures with thousands separators.

    >>> sig3(3.0965), sig3(376.99), sig3(1234567), sig3(0.0)
    ('3.1', '377', '1,230,000', '0')
    """
    rounded = float(f"{value:.3g}")
    return f"{rounded:,.0f}" if abs(rounded) >= 100 else f"{rounded:g}"


def chance_sentence(result: ChanceResult, condition: str) -> str:
    """One sentence: how many onsets of ``condition`` chance alone puts within the window after a session."""
    low, high = result.chance_range
    return (
        f"Among {result.users:,} users with {result.sessions_per_user:,} session(s) each over "
        f"{sig3(result.period_days)} days, about {sig3(result.expected)} onsets of {condition} would fall within "
        f"{sig3(result.window_days)} day(s) after a session by coincidence alone (95 % of the time between {low} "
        f"and {high}), at a background rate of {sig3(result.rate_per_100k_py)} per 100,000 person-years "
        "(assumption: the users have the background risk of the population the rate comes from, and sessions are "
        "spread evenly)."
    )


def _ratio_lines(result: ChanceResult) -> list[str]:
    if result.observed is None or result.ratio is None:
        return []
    ratio, low, high = result.ratio
    reading = (
        "more than chance alone would give"
        if low > 1
        else "fewer than chance alone would give"
        if high < 1
        else "within what chance alone gives"
    )
    return [
        f"Observed {result.observed:,} against {sig3(result.expected)} expected: observed/expected "
        f"{sig3(ratio)} (95 % exact interval {sig3(low)} to {sig3(high)}), {reading}. Reports and diagnoses may be "
        "missed or double-counted, so the observed count is itself uncertain."
    ]


def chance_report(result: ChanceResult, condition: str, sources: tuple[Source, ...]) -> Report:
    """The report of one calculation; ``condition`` names the condition (or says the rate was typed in)."""
    table = Table(
        title="Calculation",
        columns=("quantity", "value"),
        rows=(
            ("users", f"{result.users:,}"),
            ("sessions per user in the period", f"{result.sessions_per_user:,}"),
            ("period", f"{sig3(result.period_days)} days"),
            ("risk window after each session", f"{sig3(result.window_days)} days"),
            ("days inside a window per user (overlaps once)", f"{sig3(result.days_at_risk_per_user)} days"),
            ("person-years at risk", sig3(result.person_years_at_risk)),
            ("background rate", f"{sig3(result.rate_per_100k_py)} per 100,000 person-years"),
            ("expected coincidental onsets", sig3(result.expected)),
            ("95 % range by chance (Poisson)", f"{result.chance_range[0]} to {result.chance_range[1]}"),
        ),
        note=f"A year is {DAYS_PER_YEAR} days. Expected = person-years at risk x rate (Black et al. 2009).",
    )
    lines = [chance_sentence(result, condition), *_ratio_lines(result)]
    data = {
        "users": result.users,
        "sessions_per_user": result.sessions_per_user,
        "window_days": result.window_days,
        "period_days": result.period_days,
        "rate_per_100k_py": result.rate_per_100k_py,
        "days_at_risk_per_user": result.days_at_risk_per_user,
        "person_years_at_risk": result.person_years_at_risk,
        "expected": result.expected,
        "chance_range_95": list(result.chance_range),
        "observed": result.observed,
        "observed_expected": None if result.ratio is None else list(result.ratio),
        "condition": condition,
    }
    return Report(
        kind="signals-chance",
        title="How many onsets would follow a session by chance?",
        summary=tuple(lines),
        sections=(Section(title="Expected by chance", tables=(table,)),),
        sources=(*sources, METHOD_SOURCE),
        disclaimers=(_DISCLAIMER,),
        data=data,
    )


def coincidence_reading(users: int = 1_000_000, sessions_per_week: float = 3.0, window_days: float = 3.0) -> str:
    """The signal report's paragraph: one story of palsy after a session is what chance alone produces.

    Uses the cited adult Bell's palsy rate (``bells_palsy`` in the packaged background rates).
    """
    from stimsafe.knowledge.background import background_rate
    from stimsafe.signals.chance import chance, sessions_in

    row = background_rate("bells_palsy")
    result = chance(users, sessions_in(sessions_per_week, DAYS_PER_YEAR), window_days, row.rate_per_100k_py)
    one = chance(users, 1, window_days, row.rate_per_100k_py)
    return (
        "A single story of facial palsy after a session is one case, not a rate. By coincidence alone, among "
        f"{users:,} users with {sig3(sessions_per_week)} sessions a week, about {sig3(result.expected)} Bell's palsy "
        f"onsets a year would fall within {sig3(window_days)} days after a session (even with one session each, "
        f"about {sig3(one.expected)}), at the adult background rate of {sig3(row.rate_per_100k_py)} per 100,000 "
        "person-years (assumption: users have the population's background risk). Compare reports with "
        "`stimsafe signals chance`."
    )


def coincidence_sources() -> tuple[Source, ...]:
    """The sources :func:`coincidence_reading` cites: the background rate and the method."""
    from stimsafe.knowledge.background import background_rate, rate_sources

    return (*rate_sources(background_rate("bells_palsy")), METHOD_SOURCE)
