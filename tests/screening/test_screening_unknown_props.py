"""Hypothesis: the interpreter never reads an unanswered question (or "not sure, 18 or older?") as "no".

Soundness of the three-valued reading: whenever a rule condition evaluates to a definite True/False with some
questions unanswered, every way of answering those questions gives the same value. So a definite "does not fire"
can never rest on a question the person did not answer.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tests.screening.test_screening_interpreter import (
    CONDITION_IDS,
    ZONES,
    _expr,
    answers,
    devices,
    expressions,
    plans,
)

from stimsafe.domain.person import ConditionAnswer, Profile
from stimsafe.domain.plan import Plan
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.rules import load_rules
from stimsafe.screening.engine import screen
from stimsafe.screening.evaluate import Context, evaluate

partial_profiles = st.builds(
    Profile,
    age_years=st.none() | st.integers(0, 130),
    adult=st.sampled_from(["yes", "no", "unknown"]),
    conditions=st.dictionaries(st.sampled_from(CONDITION_IDS), answers),
).filter(lambda p: p.age_years is None or p.adult == "unknown" or (p.age_years >= 18) == (p.adult == "yes"))


@st.composite
def completions(draw: st.DrawFn, person: Profile) -> Profile:
    """Answer every open question of ``person`` (yes/no, zones too) and, without an exact age, give one."""
    conditions = dict(person.conditions)
    for condition in CONDITION_IDS:
        if person.answer(condition) == "unknown":
            zones = tuple(draw(st.lists(st.sampled_from(ZONES), max_size=3, unique=True)))
            conditions[condition] = ConditionAnswer(answer=draw(st.sampled_from(["yes", "no"])), zones=zones)
    age = person.age_years
    if age is None:
        ages = {"yes": st.integers(18, 130), "no": st.integers(0, 17), "unknown": st.integers(0, 130)}[person.adult]
        age = draw(ages)
    return person.model_copy(update={"conditions": conditions, "age_years": age})


@given(raw=expressions, data=st.data(), person=partial_profiles, plan=plans, device=devices,
       zone=st.none() | st.sampled_from(ZONES))  # fmt: skip
def test_a_definite_value_never_rests_on_an_unanswered_question(
    raw: dict[str, Any], data: st.DataObject, person: Profile, plan: Plan, device: Any, zone: str | None
) -> None:
    expr = _expr(raw)
    value = evaluate(expr, Context(person, device, plan, zone))
    if value is None:
        return
    answered = data.draw(completions(person))
    assert evaluate(expr, Context(answered, device, plan, zone)) is value


@given(data=st.data(), person=partial_profiles, plan=plans, device=devices)
def test_every_rule_that_fires_once_answered_was_fired_or_open_before(
    data: st.DataObject, person: Profile, plan: Plan, device: Any
) -> None:
    """No combination of answers to the open questions adds a finding the report did not already list."""
    rules = load_rules()
    before = screen(person, device, plan, rules)
    listed = before.rule_ids("fires") | before.rule_ids("unknown")
    after = screen(data.draw(completions(person)), device, plan, rules)
    assert after.rule_ids("fires") <= listed


@given(age=st.integers(0, 130))
def test_18_or_older_decides_the_under_18_rule_like_the_exact_age(age: int) -> None:
    """ "Are you 18 or older?" is all the under-18 rule needs: it decides it exactly as the exact age does."""
    rules = [r for r in load_rules() if r.id == "under-18"]
    device = get_device("nuface-trinity")
    plan = Plan(zones=("cheek",))
    exact = screen(Profile(age_years=age), device, plan, rules).rule_ids()
    adult = "yes" if age >= 18 else "no"
    answered = screen(Profile(adult=adult), device, plan, rules).rule_ids()
    assert exact == answered
    assert screen(Profile(), device, plan, rules).rule_ids("unknown") == {"under-18"}
