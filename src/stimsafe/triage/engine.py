"""The triage engine: answers -> the fired rules, the tier, and the 72-hour window. Pure: no I/O, no clock.

The tier is the most serious tier among fired rules (the fallback when none fires), and never milder than the
"unanswered" tier while a warning sign is unknown. Because every rule condition is positive (see
:mod:`stimsafe.triage.model`), adding a sign can only keep or raise the tier.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict

from stimsafe.errors import InputError
from stimsafe.triage.model import Rule, RuleSet, SymptomAnswers, Tier


class Window(BaseModel):
    """A time window from onset (the 72-hour steroid window): when it ends and whether it has passed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    hours: float
    onset: AwareDatetime | None
    deadline: AwareDatetime | None
    hours_left: float | None  # negative once passed; None when the onset is unknown

    @property
    def passed(self) -> bool | None:
        """True once the deadline is behind ``now``; None when the onset is unknown."""
        return None if self.hours_left is None else self.hours_left <= 0

    def statement(self) -> str:
        """The window in one sentence: times only, no instruction (the tier carries what to do).

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> t = datetime(2026, 11, 25, 8, tzinfo=timezone.utc)
        >>> window_from(72, t, t + timedelta(hours=10)).statement()
        'The 72-hour window from onset (2026-11-25 08:00 UTC) ends 2026-11-28 08:00 UTC: 62 hours left.'
        """
        hours = f"{self.hours:g}-hour window"
        if self.onset is None or self.deadline is None or self.hours_left is None:
            return f"The onset time was not given, so the {hours} cannot be computed."
        start, end = format_time(self.onset), format_time(self.deadline)
        if self.hours_left <= 0:
            return f"The {hours} from onset ({start}) ended {end}, {-self.hours_left:.0f} hours ago."
        return f"The {hours} from onset ({start}) ends {end}: {self.hours_left:.0f} hours left."


def format_time(moment: datetime) -> str:
    """A moment as a person reads it: date, minutes and the zone's name, never an ISO offset like ``+00:00``.

    Examples
    --------
    >>> from datetime import UTC
    >>> format_time(datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC))
    '2026-11-25 08:00 UTC'
    """
    name = moment.tzname() or ""
    return moment.strftime("%Y-%m-%d %H:%M") + (f" {name}" if name else "")


def window_from(hours: float, onset: datetime | None, now: datetime) -> Window:
    """The window of ``hours`` from ``onset`` as seen at ``now`` (both timezone-aware)."""
    if onset is None:
        return Window(hours=hours, onset=None, deadline=None, hours_left=None)
    deadline = onset + timedelta(hours=hours)
    left = (deadline - now).total_seconds() / 3600.0
    return Window(hours=hours, onset=onset, deadline=deadline, hours_left=left)


class TriageResult(BaseModel):
    """The engine's answer: the tier, the fired rules (most serious first), the window, defaults applied."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tier: Tier
    fired: tuple[Rule, ...]
    signs: frozenset[str]
    unsure: frozenset[str] = frozenset()  # answered "not sure" (and not "yes"): counted as "yes" in ``signs``
    unknown: frozenset[str] = frozenset()  # warning signs left unanswered: never "no"; the tier is never SELF-CARE
    defaults_applied: tuple[str, ...]
    window: Window | None
    now: AwareDatetime


def apply_defaults(signs: frozenset[str], rules: RuleSet) -> tuple[frozenset[str], tuple[str, ...]]:
    """Fill cautious defaults for missing answers; returns the signs and the reasons of defaults applied."""
    out, reasons = set(signs), []
    for default in rules.defaults:
        if any(s in signs for s in default.when_any) and not any(s in signs for s in default.unless_any):
            out.add(default.add)
            reasons.append(default.reason)
    return frozenset(out), tuple(reasons)


def evaluate(answers: SymptomAnswers, rules: RuleSet, now: datetime) -> TriageResult:
    """Triage one symptom episode.

    Parameters
    ----------
    answers
        The signs answered "yes", the onset time and side.
    rules
        The validated rule set (:func:`stimsafe.knowledge.triage.load_triage_rules`).
    now
        The current time, timezone-aware (injected so results are reproducible).

    Raises
    ------
    InputError
        If a sign id is unknown or ``now`` is naive.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError("The current time has no timezone.", field="now", value=str(now), hint="Pass an aware time.")
    known = {s.id for s in rules.signs}
    for field, given in (("signs", answers.signs), ("unsure", answers.unsure), ("unknown", answers.unknown)):
        for sign in sorted(given):
            if sign not in known:
                raise InputError(
                    "Unknown sign.", field=field, value=sign, hint=f"Use one of: {', '.join(sorted(known))}."
                )
    unsure = answers.unsure - answers.signs
    signs, reasons = apply_defaults(answers.signs | unsure, rules)  # "not sure" reads as "yes", never "no"
    fired = tuple(sorted((r for r in rules.rules if r.fires(signs)), key=lambda r: r.tier))
    tier = fired[0].tier if fired else rules.fallback.tier
    unknown = answers.unknown - signs
    if unknown:  # an unanswered warning sign is not a "no": at least the unanswered tier, never SELF-CARE
        tier = min(tier, rules.unanswered.tier)
    windows = [r.window_hours for r in fired if r.window_hours is not None]
    window = window_from(min(windows), answers.onset, now) if windows else None
    return TriageResult(
        tier=tier,
        fired=fired,
        signs=signs,
        unsure=unsure,
        unknown=unknown,
        defaults_applied=reasons,
        window=window,
        now=now,
    )
