"""Rule conditions in words: the "when" column of the rule table and of docs/rules.md."""

from __future__ import annotations

from collections.abc import Mapping

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


def describe(expr: Expr, names: Mapping[str, str] | None = None) -> str:
    """A short English reading of a rule condition; ``names`` turns condition ids into the questions' names.

    Examples
    --------
    >>> when = AllOf.model_validate({"all": [{"zone_in": ["neck"]}, {"has_condition": "thyroid_disease"}]})
    >>> describe(when)
    'zone is neck and has thyroid_disease'
    >>> describe(when, {"thyroid_disease": "Thyroid disease"})
    'zone is neck and Thyroid disease: yes'
    """
    names = names or {}
    if isinstance(expr, AllOf):
        return " and ".join(_group(e, names) for e in expr.all)
    if isinstance(expr, AnyOf):
        return " or ".join(_group(e, names) for e in expr.any)
    if isinstance(expr, Not):
        return f"not {_group(expr.not_, names)}"
    if isinstance(expr, Always):
        return "always" if expr.always else "never"
    if isinstance(expr, HasCondition):
        name = names.get(expr.has_condition)
        return f"{name}: yes" if name else f"has {expr.has_condition}"
    if isinstance(expr, ConditionAtZone):
        name = names.get(expr.condition_at_zone)
        return f"{name} on this zone: yes" if name else f"{expr.condition_at_zone} on this zone"
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


def _group(expr: Expr, names: Mapping[str, str]) -> str:
    text = describe(expr, names)
    return f"({text})" if isinstance(expr, AllOf | AnyOf) else text
