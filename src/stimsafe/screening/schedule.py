"""The plan's time and frequency against the device's labelling: minutes per zone, minutes per session, sessions
per week. Each row shows the plan's figure, the labelled one (or "not found") and the check; a plan figure above a
labelled one says so. A schedule given in phases ("5 a week for the first 60 days, then 2-3") is checked against
each phase. Unverified or press-reported figures are named as such, never as "labelled".
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from stimsafe.domain.device import Device, LabelledTimes, SchedulePhase
from stimsafe.domain.plan import Plan

NOT_GIVEN = "not in your plan"
NOT_FOUND = "not found"
FOLLOW = "follow the instructions that came with the device"


class ScheduleRow(BaseModel):
    """One line of the check: what, the plan's figure, the labelled figure, the outcome, and whether it is over."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str
    plan: str
    labelled: str
    check: str
    over: bool = False


def _basis(times: LabelledTimes) -> str:
    return "labelled" if times.verified else "from a source not verified for this device"


def _minutes(
    item: str,
    planned: float | None,
    limit_s: float | None,
    times: LabelledTimes,
    auto_off_s: float | None = None,
    *,
    shown: str | None = None,
) -> ScheduleRow:
    plan = shown or (NOT_GIVEN if planned is None else f"{planned:.3g} min")
    if limit_s is None:
        labelled = NOT_FOUND if auto_off_s is None else f"switches off after {auto_off_s / 60:.3g} min"
        check = FOLLOW
        return ScheduleRow(item=item, plan=plan, labelled=labelled, check=check)
    labelled = f"at most {limit_s / 60:.3g} min ({_basis(times)})"
    if planned is None:
        return ScheduleRow(item=item, plan=plan, labelled=labelled, check=f"keep to {limit_s / 60:.3g} min")
    over = planned * 60 > limit_s * (1 + 1e-9)
    check = f"above it: keep to {limit_s / 60:.3g} min" if over else "within it"
    return ScheduleRow(item=item, plan=plan, labelled=labelled, check=check, over=over)


def _when(phases: tuple[SchedulePhase, ...], i: int) -> str:
    """ "for the first 60 days", "after that", or "" (one ongoing phase): from the phase's days, not its label."""
    p = phases[i]
    if p.days is not None:
        return f"for the first {p.days:.3g} days" if i == 0 else f"for the next {p.days:.3g} days"
    return "after that" if i > 0 else ""


def _phase(phases: tuple[SchedulePhase, ...], i: int, times: LabelledTimes) -> str:
    p = phases[i]
    low, high = p.sessions_per_week_min, p.sessions_per_week_max
    count = f"{high:.3g}" if low == high else f"{low:.3g}-{high:.3g}"
    when = _when(phases, i)
    by = f"reported by {p.reported_by}" if p.reported_by else _basis(times)
    return f"{count} a week{' ' + when if when else ''} ({by})"


def _sessions(planned: float | None, times: LabelledTimes) -> ScheduleRow:
    item, plan = "Sessions per week", NOT_GIVEN if planned is None else f"{planned:.3g}"
    if times.sessions_per_week is not None:
        limits: tuple[tuple[str, float], ...] = (("", times.sessions_per_week),)
        labelled = f"at most {times.sessions_per_week:.3g} ({_basis(times)})"
    elif times.schedule:
        phases = times.schedule
        limits = tuple((_when(phases, i), p.sessions_per_week_max) for i, p in enumerate(phases))
        labelled = "; ".join(_phase(phases, i, times) for i in range(len(phases)))
    else:
        return ScheduleRow(item=item, plan=plan, labelled=NOT_FOUND, check=FOLLOW)
    if planned is None:
        return ScheduleRow(item=item, plan=plan, labelled=labelled, check="keep to it")
    over = [(when, most) for when, most in limits if planned > most * (1 + 1e-9)]
    if not over:
        return ScheduleRow(item=item, plan=plan, labelled=labelled, check="within it")
    if len(over) == len(limits):
        most = max(m for _, m in limits)
        return ScheduleRow(item=item, plan=plan, labelled=labelled, check=f"above it: at most {most:.3g}", over=True)
    where = ", ".join(f"{m:.3g} {when}".strip() for when, m in over)
    return ScheduleRow(item=item, plan=plan, labelled=labelled, check=f"above it in part: at most {where}", over=True)


def session_minutes(plan: Plan) -> tuple[float | None, str | None]:
    """The plan's minutes per session: as given, else its minutes per zone times its zones (said so), else None.

    >>> session_minutes(Plan(zones=("cheek", "forehead"), minutes_per_zone=5))
    (10.0, '10 min (2 zones x 5 min)')
    """
    if plan.minutes_per_session is not None or plan.minutes_per_zone is None:
        return plan.minutes_per_session, None
    count = len(plan.zones)
    total = plan.minutes_per_zone * count
    return total, f"{total:.3g} min ({count} zone{'s' if count > 1 else ''} x {plan.minutes_per_zone:.3g} min)"


def schedule_rows(device: Device, plan: Plan) -> tuple[ScheduleRow, ...]:
    """The plan's minutes per zone, minutes per session and sessions per week against ``device``'s labelling.

    A plan that gives minutes per zone but not per session is checked per session too, as zones x minutes.
    """
    times = device.times
    per_session, shown = session_minutes(plan)
    return (
        _minutes("Minutes per zone", plan.minutes_per_zone, times.per_zone_s, times),
        _minutes("Minutes per session", per_session, times.per_session_s, times, times.auto_off_s, shown=shown),
        _sessions(plan.sessions_per_week, times),
    )
