"""A small, total, three-valued interpreter for screening-rule conditions.

Values are ``True`` (fires), ``False`` (does not fire) and ``None`` (unknown: a question was not answered, a
device figure was not found). The connectives follow Kleene's strong three-valued logic, so an unknown answer
never silently becomes "no": ``all`` is False if any part is False, else unknown if any part is unknown;
``any`` is True if any part is True, else unknown if any part is unknown; ``not`` keeps unknown unknown.

The interpreter is total: on any valid profile, plan and device it returns a value and never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

from stimsafe.domain.device import Device
from stimsafe.domain.person import Profile
from stimsafe.domain.plan import Plan
from stimsafe.domain.rule import (
    AgeBelow,
    AllOf,
    Always,
    AmplitudeAbove,
    AnyOf,
    ClearedForNeck,
    ConditionAtZone,
    DeviceIs,
    Expr,
    FdaStatusIs,
    HasCondition,
    LevelAbove,
    ModalityIs,
    Not,
    ZoneIn,
)

Truth = bool | None


@dataclass(frozen=True)
class Context:
    """What a condition is evaluated against; ``zone`` is set for per-zone rules and ``None`` otherwise."""

    profile: Profile
    device: Device
    plan: Plan
    zone: str | None = None


def kleene_all(values: list[Truth]) -> Truth:
    """Three-valued AND.

    >>> kleene_all([True, None]), kleene_all([False, None]), kleene_all([True, True])
    (None, False, True)
    """
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def kleene_any(values: list[Truth]) -> Truth:
    """Three-valued OR.

    >>> kleene_any([False, None]), kleene_any([True, None]), kleene_any([False, False])
    (None, True, False)
    """
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def kleene_not(value: Truth) -> Truth:
    """Three-valued NOT: unknown stays unknown."""
    return None if value is None else not value


def _answer(profile: Profile, condition_id: str) -> Truth:
    answer = profile.answer(condition_id)
    return None if answer == "unknown" else answer == "yes"


def _at_zone(ctx: Context, condition_id: str) -> Truth:
    has = _answer(ctx.profile, condition_id)
    if has is not True or ctx.zone is None:
        return has  # no / unknown anywhere; or "yes, somewhere" for a whole-plan rule
    zones = ctx.profile.zones_of(condition_id)  # empty: not limited to zones, so every zone
    return not zones or ctx.zone in zones


def _amplitude_a(ctx: Context) -> float | None:
    return ctx.plan.amplitude_a if ctx.plan.amplitude_a is not None else ctx.device.current_max_a


def _compare(value: float | None, limit: float) -> Truth:
    return None if value is None else value > limit


def evaluate(expr: Expr, ctx: Context) -> Truth:
    """The truth value of a rule condition in a context: True, False or None (unknown)."""
    if isinstance(expr, AllOf):
        return kleene_all([evaluate(e, ctx) for e in expr.all])
    if isinstance(expr, AnyOf):
        return kleene_any([evaluate(e, ctx) for e in expr.any])
    if isinstance(expr, Not):
        return kleene_not(evaluate(expr.not_, ctx))
    if isinstance(expr, Always):
        return expr.always
    if isinstance(expr, HasCondition):
        return _answer(ctx.profile, expr.has_condition)
    if isinstance(expr, ConditionAtZone):
        return _at_zone(ctx, expr.condition_at_zone)
    if isinstance(expr, AgeBelow):
        return ctx.profile.is_below(expr.age_below)
    if isinstance(expr, ZoneIn):
        return ctx.zone is not None and ctx.zone in expr.zone_in
    if isinstance(expr, LevelAbove):
        return _compare(None if ctx.plan.level is None else float(ctx.plan.level), float(expr.level_above))
    if isinstance(expr, AmplitudeAbove):
        return _compare(_amplitude_a(ctx), expr.amplitude_above)
    if isinstance(expr, DeviceIs):
        return ctx.device.id in expr.device_is
    if isinstance(expr, ModalityIs):
        modality = ctx.device.modality
        return None if modality == "unknown" and "unknown" not in expr.modality_is else modality in expr.modality_is
    if isinstance(expr, FdaStatusIs):
        return ctx.device.regulatory.fda_status in expr.fda_status_is
    if isinstance(expr, ClearedForNeck):
        cleared = ctx.device.cleared_for_neck
        return None if cleared is None else cleared == expr.cleared_for_neck
    return None  # an operator this interpreter does not know is "unknown", never a crash
