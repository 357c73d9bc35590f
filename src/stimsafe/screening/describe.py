"""Rule conditions in words: the "when" column of the rule table and of docs/rules.md."""

from __future__ import annotations

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


def describe(expr: Expr) -> str:
    """A short English reading of a rule condition.

    Examples
    --------
    >>> describe(AllOf.model_validate({"all": [{"zone_in": ["neck"]}, {"has_condition": "thyroid_disease"}]}))
    'zone is neck and has thyroid_disease'
    """
    if isinstance(expr, AllOf):
        return " and ".join(_group(e) for e in expr.all)
    if isinstance(expr, AnyOf):
        return " or ".join(_group(e) for e in expr.any)
    if isinstance(expr, Not):
        return f"not {_group(expr.not_)}"
    if isinstance(expr, Always):
        return "always" if expr.always else "never"
    if isinstance(expr, HasCondition):
        return f"has {expr.has_condition}"
    if isinstance(expr, ConditionAtZone):
        return f"{expr.condition_at_zone} on this zone"
    if isinstance(expr, AgeBelow):
        return f"age below {expr.age_below}"
    if isinstance(expr, ZoneIn):
        return f"zone is {' or '.join(expr.zone_in)}"
    if isinstance(expr, LevelAbove):
        return f"level above {expr.level_above}"
    if isinstance(expr, AmplitudeAbove):
        return f"current above {expr.amplitude_above * 1e3:g} mA"
    if isinstance(expr, DeviceIs):
        return f"device is {' or '.join(expr.device_is)}"
    if isinstance(expr, ModalityIs):
        return f"modality is {' or '.join(expr.modality_is)}"
    if isinstance(expr, FdaStatusIs):
        return f"FDA status is {' or '.join(repr(s) for s in expr.fda_status_is)}"
    if isinstance(expr, ClearedForNeck):
        return "device cleared for the neck" if expr.cleared_for_neck else "device not cleared for the neck"
    return "unknown operator"


def _group(expr: Expr) -> str:
    text = describe(expr)
    return f"({text})" if isinstance(expr, AllOf | AnyOf) else text
