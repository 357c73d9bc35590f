"""The rule interpreter as a truth table (Kleene's strong three-valued logic) and, with Hypothesis, as a total
function: it returns a value on every valid profile, plan and device, and an unanswered question is never 'no'."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stimsafe.domain.person import ConditionAnswer, Profile
from stimsafe.domain.plan import Plan
from stimsafe.domain.rule import AllOf, AnyOf, Expr, Not, Rule
from stimsafe.knowledge.conditions import load_conditions
from stimsafe.knowledge.devices import load_devices
from stimsafe.knowledge.rules import load_rules
from stimsafe.screening.engine import screen
from stimsafe.screening.evaluate import Context, evaluate, kleene_all, kleene_any, kleene_not
from stimsafe.screening.planner import plan_sessions

T, F, U = True, False, None
VALUES = (T, F, U)

# Kleene K3, written out by hand: rows a, b -> a AND b, a OR b
AND = {(T, T): T, (T, F): F, (T, U): U, (F, T): F, (F, F): F, (F, U): F, (U, T): U, (U, F): F, (U, U): U}
OR = {(T, T): T, (T, F): T, (T, U): T, (F, T): T, (F, F): F, (F, U): U, (U, T): T, (U, F): U, (U, U): U}
NOT = {T: F, F: T, U: U}


@pytest.mark.parametrize(("a", "b"), list(product(VALUES, VALUES)))
def test_and_or_truth_table(a: bool | None, b: bool | None) -> None:
    assert kleene_all([a, b]) is AND[(a, b)]
    assert kleene_any([a, b]) is OR[(a, b)]


@pytest.mark.parametrize("a", VALUES)
def test_not_truth_table(a: bool | None) -> None:
    assert kleene_not(a) is NOT[a]


ANSWER_OF = {T: "yes", F: "no", U: "unknown"}


def _ctx(pregnancy: bool | None, epilepsy: bool | None) -> Context:
    person = Profile(
        conditions={
            "pregnancy": ConditionAnswer(answer=ANSWER_OF[pregnancy]),  # type: ignore[arg-type]
            "epilepsy": ConditionAnswer(answer=ANSWER_OF[epilepsy]),  # type: ignore[arg-type]
        }
    )
    return Context(person, load_devices()[0], Plan(zones=("cheek",)))


@pytest.mark.parametrize(("a", "b"), list(product(VALUES, VALUES)))
def test_operators_through_the_interpreter(a: bool | None, b: bool | None) -> None:
    ctx = _ctx(a, b)
    both = AllOf.model_validate({"all": [{"has_condition": "pregnancy"}, {"has_condition": "epilepsy"}]})
    either = AnyOf.model_validate({"any": [{"has_condition": "pregnancy"}, {"has_condition": "epilepsy"}]})
    negated = Not.model_validate({"not": {"has_condition": "pregnancy"}})
    assert evaluate(both, ctx) is AND[(a, b)]
    assert evaluate(either, ctx) is OR[(a, b)]
    assert evaluate(negated, ctx) is NOT[a]


# ---- Hypothesis: totality and "unknown is never no" ------------------------------------------------------------

CONDITION_IDS = [c.id for c in load_conditions()]
ZONES = ["forehead", "eyes", "cheek", "lips", "jawline", "ears", "neck"]

answers = st.builds(
    ConditionAnswer,
    answer=st.sampled_from(["yes", "no", "unknown"]),
    zones=st.lists(st.sampled_from(ZONES), max_size=3, unique=True).map(tuple),
)
profiles = st.builds(
    Profile,
    age_years=st.none() | st.integers(0, 130),
    conditions=st.dictionaries(st.sampled_from(CONDITION_IDS), answers),
)
plans = st.builds(
    Plan,
    zones=st.lists(st.sampled_from(ZONES), min_size=1, max_size=7, unique=True).map(tuple),
    level=st.none() | st.integers(1, 10),
    amplitude_a=st.none() | st.floats(1e-6, 0.1),
)
devices = st.sampled_from(load_devices())


def _leaf() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.sampled_from(CONDITION_IDS).map(lambda c: {"has_condition": c}),
        st.sampled_from(["acne_flare", "eczema_flare", "metal_implant"]).map(lambda c: {"condition_at_zone": c}),
        st.integers(0, 100).map(lambda a: {"age_below": a}),
        st.lists(st.sampled_from(ZONES), min_size=1, max_size=3).map(lambda z: {"zone_in": z}),
        st.integers(0, 10).map(lambda n: {"level_above": n}),
        st.floats(1e-6, 1e-2).map(lambda a: {"amplitude_above": a}),
        st.sampled_from(["microcurrent", "ems", "both", "unknown"]).map(lambda m: {"modality_is": [m]}),
        st.booleans().map(lambda b: {"cleared_for_neck": b}),
        st.booleans().map(lambda b: {"always": b}),
    )


expressions = st.recursive(
    _leaf(),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda c: {"all": c}),
        st.lists(children, min_size=1, max_size=3).map(lambda c: {"any": c}),
        children.map(lambda c: {"not": c}),
    ),
    max_leaves=8,
)


def _expr(raw: dict[str, Any]) -> Expr:
    rule = Rule.model_validate(
        {"id": "x", "tier": "INFO", "title": "t", "reason": "r", "action": "a", "source_ids": ["s"], "when": raw}
    )
    return rule.when


@given(raw=expressions, person=profiles, plan=plans, device=devices, zone=st.none() | st.sampled_from(ZONES))
def test_interpreter_is_total(raw: dict[str, Any], person: Profile, plan: Plan, device: Any, zone: str | None) -> None:
    assert evaluate(_expr(raw), Context(person, device, plan, zone)) in (True, False, None)


@given(person=profiles, plan=plans, device=devices)
def test_engine_and_planner_are_total(person: Profile, plan: Plan, device: Any) -> None:
    result = screen(person, device, plan, load_rules())
    session = plan_sessions(device, plan, result)
    assert {z.zone for z in session.zones} == set(plan.zones)
    assert all(f.source_ids for f in result.findings)


@given(person=profiles, plan=plans, device=devices, condition=st.sampled_from(CONDITION_IDS))
def test_unknown_is_never_treated_as_no(person: Profile, plan: Plan, device: Any, condition: str) -> None:
    """Replacing a 'no' by 'unknown' never makes the plan look safer: every zone keeps or loses permission."""
    said_no = dict(person.conditions) | {condition: ConditionAnswer(answer="no")}
    unsure = dict(person.conditions) | {condition: ConditionAnswer(answer="unknown")}
    order = {"allowed": 0, "on hold": 1, "excluded": 2}

    def statuses(conditions: dict[str, ConditionAnswer]) -> dict[str, int]:
        changed = person.model_copy(update={"conditions": conditions})
        session = plan_sessions(device, plan, screen(changed, device, plan, load_rules()))
        return {z.zone: order[z.status] for z in session.zones}

    with_no, with_unknown = statuses(said_no), statuses(unsure)
    assert all(with_unknown[z] >= with_no[z] for z in with_no)


@given(person=profiles, plan=plans, device=devices, condition=st.sampled_from(CONDITION_IDS))
def test_answering_yes_never_lowers_a_tier(person: Profile, plan: Plan, device: Any, condition: str) -> None:
    said_no = person.model_copy(
        update={"conditions": dict(person.conditions) | {condition: ConditionAnswer(answer="no")}}
    )
    said_yes = person.model_copy(
        update={"conditions": dict(person.conditions) | {condition: ConditionAnswer(answer="yes")}}
    )
    rules = load_rules()
    no_fired = screen(said_no, device, plan, rules).rule_ids()
    yes_fired = screen(said_yes, device, plan, rules).rule_ids()
    assert no_fired <= yes_fired  # every rule condition is positive: a 'yes' can only add findings
