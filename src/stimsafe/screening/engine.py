"""The screening engine: every rule, evaluated for the whole plan or zone by zone, into tiered findings."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from stimsafe.domain.device import Device
from stimsafe.domain.person import Profile
from stimsafe.domain.plan import Plan
from stimsafe.domain.rule import AgeBelow, AmplitudeAbove, ClearedForNeck, ConditionAtZone, HasCondition, Rule, walk
from stimsafe.screening.evaluate import Context, evaluate
from stimsafe.screening.model import Screening, ScreeningFinding

_ANSWER_FIRST = "Answer the question (or check the fact), then run the check again."


def _unknown_inputs(rule: Rule, ctx: Context) -> tuple[str, ...]:
    """What the rule needed and did not get: condition ids, ``age``, ``amplitude``, ``neck clearance``."""
    out: list[str] = []
    for node in walk(rule.when):
        if isinstance(node, HasCondition | ConditionAtZone):
            name = node.has_condition if isinstance(node, HasCondition) else node.condition_at_zone
            if ctx.profile.answer(name) == "unknown":
                out.append(name)
        elif isinstance(node, AgeBelow) and ctx.profile.is_below(node.age_below) is None:
            out.append("age (are you 18 or older?)")
        elif isinstance(node, AmplitudeAbove) and ctx.plan.amplitude_a is None and ctx.device.current_max_a is None:
            out.append("device output current")
        elif isinstance(node, ClearedForNeck) and ctx.device.cleared_for_neck is None:
            out.append("neck clearance of the device")
    return tuple(dict.fromkeys(out))


def _label(name: str) -> str:
    """A condition id as the question's name a person reads (``implanted_device`` -> "other implanted ...")."""
    label = _condition_labels().get(name)
    return name if label is None else label[:1].lower() + label[1:]


@cache
def _condition_labels() -> dict[str, str]:
    """Condition id -> the question's name (built once; read-only)."""
    from stimsafe.knowledge.conditions import load_conditions

    return {c.id: c.name for c in load_conditions()}


def _finding(
    rule: Rule, device: Device, status: str, zones: Iterable[str], unknown: tuple[str, ...]
) -> ScreeningFinding:
    reason = rule.reason
    if status == "unknown":
        what = rule.if_unknown or f"If the answer is yes, this becomes {rule.tier}: {rule.title}."
        reason = f"Not answered: {', '.join(_label(u) for u in unknown) or 'a needed fact'}. {what}"
    return ScreeningFinding(
        rule_id=rule.id,
        tier=rule.tier,
        rank=rule.rank,
        status="fires" if status == "fires" else "unknown",
        kind=rule.kind,
        zones=tuple(zones),
        title=rule.title,
        reason=reason,
        action=rule.action if status == "fires" else _ANSWER_FIRST,
        cap_lowest=rule.cap_lowest,
        unknown=unknown,
        source_ids=tuple(dict.fromkeys(rule.source_ids + (device.source_ids if rule.cites_device else ()))),
    )


def _screen_rule(rule: Rule, profile: Profile, device: Device, plan: Plan) -> list[ScreeningFinding]:
    if not rule.per_zone:
        ctx = Context(profile, device, plan)
        value = evaluate(rule.when, ctx)
        if value is True:
            return [_finding(rule, device, "fires", (), ())]
        return [_finding(rule, device, "unknown", (), _unknown_inputs(rule, ctx))] if value is None else []
    fired: list[str] = []
    unknown: list[str] = []
    missing: list[str] = []
    for zone in plan.zones:
        ctx = Context(profile, device, plan, zone)
        value = evaluate(rule.when, ctx)
        if value is True:
            fired.append(zone)
        elif value is None:
            unknown.append(zone)
            missing += _unknown_inputs(rule, ctx)
    out = [_finding(rule, device, "fires", fired, ())] if fired else []
    if unknown:
        out.append(_finding(rule, device, "unknown", unknown, tuple(dict.fromkeys(missing))))
    return out


def screen(profile: Profile, device: Device, plan: Plan, rules: Iterable[Rule]) -> Screening:
    """Evaluate every rule; return the findings, most serious first (fired before unknown within a tier).

    Whole-plan rules are evaluated once; ``per_zone`` rules once per planned zone, and their finding names the
    zones it limits. The engine is total: it never raises on valid inputs.
    """
    findings = [f for rule in rules for f in _screen_rule(rule, profile, device, plan)]
    findings.sort(key=lambda f: (f.rank, f.status != "fires"))
    return Screening(findings=tuple(findings))
