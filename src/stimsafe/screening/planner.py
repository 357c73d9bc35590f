"""The session planner: from a device, the planned zones and the screening findings to a plan a person can follow.

Zone by zone: *excluded* (a DO NOT USE finding covers it), *on hold* (a clinician must agree first, or a question
must be answered first) or *allowed*. Every allowed zone starts at the lowest level; zones with a ``cap_lowest``
finding (eyes, ears, neck) stay there. Times come from the device's labelling, or are reported as not found.
Other engines may add per-zone current caps through ``zone_caps`` (the dose engine's margins).
"""

from __future__ import annotations

from collections.abc import Mapping

from stimsafe.domain.device import Device
from stimsafe.domain.plan import Plan, ZoneCap
from stimsafe.domain.rule import Tier
from stimsafe.errors import InputError
from stimsafe.screening.model import Screening, ScreeningFinding, SessionPlan, ZonePlan, ZoneStatus
from stimsafe.screening.schedule import schedule_rows

_BLOCK, _ASK = 0, 1


def check_plan_fits(plan: Plan, device: Device) -> None:
    """Refuse a plan the device cannot deliver: a level above its top level, a current above its labelled maximum.

    Raises
    ------
    InputError
        The plan names an impossible value for this device.
    """
    if plan.level is not None and device.levels is not None and plan.level > device.levels:
        raise InputError(
            f"{device.name} has {device.levels} levels; level {plan.level} does not exist.",
            field="plan.level",
            value=plan.level,
            hint=f"Use a level from 1 to {device.levels}.",
        )
    if plan.amplitude_a is not None and device.current_max_a is not None and plan.amplitude_a > device.current_max_a:
        raise InputError(
            f"{device.name} is labelled up to {device.current_max_a * 1e6:.0f} uA; the plan asks for more.",
            field="plan.amplitude",
            value=f"{plan.amplitude_a * 1e6:.0f} uA",
            hint=f"Use at most '{device.current_max_a * 1e6:.0f} uA', or leave the amplitude out and give a level.",
        )


def _covers(finding: ScreeningFinding, zone: str) -> bool:
    return finding.whole_plan or zone in finding.zones


def _zone_status(zone: str, screening: Screening) -> tuple[ZoneStatus, tuple[str, ...]]:
    relevant = [f for f in screening.findings if f.rank <= _ASK and _covers(f, zone)]
    blocking = [f for f in relevant if f.status == "fires" and f.rank == _BLOCK]
    if blocking:
        return "excluded", tuple(f.title for f in blocking)
    if relevant:
        return "on hold", tuple(("Unanswered: " if f.status == "unknown" else "") + f.title for f in relevant)
    return "allowed", ()


def _level(
    zone: str, status: ZoneStatus, plan: Plan, device: Device, screening: Screening, *, cap: ZoneCap | None
) -> str:
    if status == "excluded":
        return "none"
    capped = any(f.cap_lowest and f.status == "fires" and zone in f.zones for f in screening.findings)
    if cap is not None and cap.level_text:
        return f"lowest only (level 1); {cap.level_text}" if capped else cap.level_text
    if capped:
        return "lowest only (level 1)"
    top = plan.level or device.levels
    if cap is not None and cap.max_level is not None:
        top = min(top or cap.max_level, cap.max_level, device.levels or cap.max_level)
        if top == 1:
            return "level 1 only (the dose cap)"
    return f"start at level 1, then up to {top} if comfortable" if top and top > 1 else "start at the lowest level"


def _timing(device: Device, plan: Plan) -> tuple[list[str], str]:
    times, steps = device.times, []
    basis = "labelled" if times.verified else "unverified source"
    if times.per_zone_s:
        steps.append(f"Time per zone: at most {times.per_zone_s / 60:g} min ({basis}).")
    if times.per_session_s:
        steps.append(f"Time per session: at most {times.per_session_s / 60:g} min ({basis}).")
    if times.auto_off_s:
        steps.append(f"The device switches itself off after {times.auto_off_s / 60:g} min ({basis}).")
    if times.sessions_per_week:
        steps.append(f"Sessions per week: at most {times.sessions_per_week:g} ({basis}).")
    note = times.note or ""
    if not (times.per_zone_s or times.per_session_s or times.sessions_per_week):
        what = (
            "Time per zone and per session were"
            if times.schedule
            else "Time per zone, per session and sessions per week were"
        )
        note = (note + " " if note else "") + (
            f"{what} not found in this device's public labelling: follow the instructions that came with it."
        )
    return steps, note


def plan_sessions(
    device: Device,
    plan: Plan,
    screening: Screening,
    *,
    zone_names: Mapping[str, str] | None = None,
    zone_caps: Mapping[str, ZoneCap] | None = None,
) -> SessionPlan:
    """Build the session plan from the screening findings (and optional per-zone caps from other engines)."""
    names, caps = zone_names or {}, zone_caps or {}
    rows = []
    for zone in plan.zones:
        status, reasons = _zone_status(zone, screening)
        cap = caps.get(zone)
        used = cap if cap is not None and status != "excluded" else None
        rows.append(
            ZonePlan(
                zone=zone,
                name=names.get(zone, zone),
                status=status,
                level=_level(zone, status, plan, device, screening, cap=used),
                max_amplitude_a=used.max_amplitude_a if used else None,
                cap_shown=used.shown if used else None,
                warning=used.level_text if used else None,
                plan_over_cap=bool(used and used.plan_over),
                time_per_zone_s=device.times.per_zone_s if status != "excluded" else None,
                reasons=reasons + ((used.reason,) if used else ()),
            )
        )
    timing, note = _timing(device, plan)
    checked = schedule_rows(device, plan)
    timing += [f"{r.item}: your plan's {r.plan} is {r.check}." for r in checked if r.over]
    can_start = any(r.status == "allowed" for r in rows)
    serious = [f for f in screening.findings if f.rank <= _ASK]
    held = [r.zone for r in rows if r.status == "on hold"]
    awaiting = bool(held) and all(f.status == "unknown" for f in serious if any(_covers(f, z) for z in held))
    return SessionPlan(
        verdict=_verdict(rows, screening, over=any(r.over for r in checked)),
        can_start=can_start,
        steps=tuple(_steps(rows, screening, can_start, plan.level) + (timing if can_start else [])),
        zones=tuple(rows),
        per_session_s=device.times.per_session_s,
        sessions_per_week=device.times.sessions_per_week,
        timing_note=note,
        schedule=tuple((r.item, r.plan, r.labelled, r.check) for r in checked),
        awaiting_answers_only=awaiting,
    )


def _verdict(rows: list[ZonePlan], screening: Screening, *, over: bool = False) -> Tier:
    """Whole-plan findings set the verdict; zone findings limit zones, so they make it USE WITH CARE at most,
    unless no zone is left (then the most serious zone status decides). A zone with a stop sign from a dose cap,
    or a plan above its labelled times (``over``), is USE WITH CARE too: never "nothing stands in the way"."""
    whole = [f for f in screening.firing() if f.whole_plan and f.rank <= _ASK]
    if whole:
        return min(whole, key=lambda f: f.rank).tier
    if not any(r.status == "allowed" for r in rows):
        return "DO NOT USE" if all(r.status == "excluded" for r in rows) else "ASK A CLINICIAN FIRST"
    limited = over or any(r.status != "allowed" or r.warning or r.plan_over_cap for r in rows)
    return "USE WITH CARE" if limited or any(f.rank <= 2 for f in screening.firing()) else "INFO"


def _steps(rows: list[ZonePlan], screening: Screening, can_start: bool, asked: int | None = None) -> list[str]:
    blocking = [f for f in screening.firing() if f.whole_plan and f.rank == _BLOCK]
    if blocking:
        return ["Do not use this device: " + "; ".join(f.title for f in blocking) + "."]
    steps = []
    held = [r for r in rows if r.status == "on hold"]
    if held:
        steps.append("On hold until answered or cleared by a clinician: " + ", ".join(r.name for r in held) + ".")
    if not can_start:
        return steps or ["No zone can be used with this plan."]
    steps.append("Patch test first: use the device briefly on a small area, then wait a day for any reaction.")
    allowed = [r for r in rows if r.status == "allowed"]
    if any("then up to" in r.level for r in allowed):
        steps.append("Start every zone at the lowest level; go up one level at a time only if it feels comfortable.")
    else:
        steps.append("Start every zone at the lowest level, and do not go up: no zone in this plan allows more.")
    capped = [r.name for r in allowed if not r.warning and r.level.startswith(("lowest", "level 1 only"))]
    if capped:
        steps.append("Stay at the lowest level on: " + ", ".join(capped) + ".")
    steps += [f"{r.name}: {r.warning}." for r in allowed if r.warning]
    over = [r.name for r in allowed if r.plan_over_cap]
    if over:
        where = "every allowed zone" if len(over) == len(allowed) else ", ".join(over)
        what = f"level {asked}" if asked else "current"
        steps.append(f"Your plan's {what} is above the dose cap on {where}: see each zone's level below.")
    excluded = [r for r in rows if r.status == "excluded"]
    for row in excluded:
        steps.append(f"Skip {row.name}: {'; '.join(row.reasons)}.")
    return steps
