"""Each rule firing and not firing: a hand-written table of vignettes (rule ids and zones from the rule data)."""

from __future__ import annotations

from typing import Any

import pytest

from stimsafe.domain.person import ConditionAnswer, Profile
from stimsafe.domain.plan import Plan
from stimsafe.knowledge.conditions import load_conditions
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.rules import load_rules
from stimsafe.screening.engine import screen
from stimsafe.screening.model import Screening

ALL_ZONES = ("forehead", "eyes", "cheek", "lips", "jawline", "ears", "neck")
FACE = ("forehead", "cheek", "jawline")


def profile(age: int | None = 30, **answers: Any) -> Profile:
    """Everything answered 'no', then the overrides (a tuple of zones means 'yes, there')."""
    conditions = {c.id: ConditionAnswer(answer="no") for c in load_conditions()}
    for key, value in answers.items():
        if isinstance(value, tuple):
            conditions[key] = ConditionAnswer(answer="yes", zones=value)
        else:
            conditions[key] = ConditionAnswer(answer=value)
    return Profile(age_years=age, conditions=conditions)


def run(person: Profile, zones: tuple[str, ...] = FACE, device: str = "nuface-trinity", **plan: Any) -> Screening:
    return screen(person, get_device(device), Plan(zones=zones, **plan), load_rules())  # type: ignore[arg-type]


def fired(result: Screening, rule_id: str) -> tuple[str, ...] | None:
    """The zones a rule fired on (() for a whole-plan rule), or None when it did not fire."""
    match = [f for f in result.firing() if f.rule_id == rule_id]
    return match[0].zones if match else None


# (rule id, profile overrides, zones, device, plan extras, expected zones it fires on)
FIRES: list[tuple[str, dict[str, Any], tuple[str, ...], str, dict[str, Any], tuple[str, ...]]] = [
    ("pacemaker", {"pacemaker": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("implant-chest-neck", {"pacemaker": "yes"}, ("cheek", "neck"), "nuface-trinity", {}, ("neck",)),
    ("implanted-device", {"implanted_device": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("pregnancy", {"pregnancy": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("epilepsy", {"epilepsy": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("cancer", {"cancer": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("recent-surgery", {"recent_surgery": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("body-worn-device", {"body_worn_device": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("heart-condition", {"heart_condition": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("breastfeeding", {"breastfeeding": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("bells-palsy", {"bells_palsy": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("facial-nerve-damage", {"facial_nerve_damage": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("ptosis", {"ptosis": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("neurological-condition", {"neurological_condition": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("recent-injectables", {"recent_injectables": "yes"}, FACE, "nuface-trinity", {}, ()),
    ("thyroid-neck", {"thyroid_disease": "yes"}, ("cheek", "neck"), "nuface-trinity", {}, ("neck",)),
    ("neck-risk", {"neck_risk": "yes"}, ("neck",), "nuface-trinity", {}, ("neck",)),
    ("skin-flare", {"eczema_flare": ("cheek",)}, FACE, "nuface-trinity", {}, ("cheek",)),
    ("skin-flare", {"acne_flare": ("jawline",)}, FACE, "nuface-trinity", {}, ("jawline",)),
    ("skin-flare", {"psoriasis_flare": ()}, FACE, "nuface-trinity", {}, FACE),  # yes, not limited: every zone
    ("broken-skin", {"broken_skin": ("forehead",)}, FACE, "nuface-trinity", {}, ("forehead",)),
    ("reduced-sensation", {"reduced_sensation": ("cheek",)}, FACE, "nuface-trinity", {}, ("cheek",)),
    ("metal-implant", {"metal_implant": ("jawline",)}, FACE, "nuface-trinity", {}, ("jawline",)),
    ("eyes-lower", {}, ("eyes", "cheek"), "nuface-trinity", {}, ("eyes",)),
    ("ears-lower", {}, ("ears",), "nuface-trinity", {}, ("ears",)),
    ("neck-lower", {}, ("neck",), "nuface-trinity", {}, ("neck",)),
    ("neck-not-cleared", {}, ("cheek", "neck"), "nuface-fix", {}, ("neck",)),
    ("ems-neck", {}, ("neck",), "medicube-booster-pro", {}, ("neck",)),
    ("amplitude-near-nerve-threshold", {}, FACE, "nuface-trinity", {"amplitude_a": 1e-3}, ()),
    ("start-low-patch-test", {}, FACE, "nuface-trinity", {}, ()),
    ("never-chest-head", {}, FACE, "nuface-trinity", {}, ()),
    ("independent-evidence", {}, FACE, "nuface-trinity", {}, ()),
    ("fda-cleared", {}, FACE, "nuface-trinity", {}, ()),
    ("fda-not-found", {}, FACE, "medicube-booster-pro", {}, ()),
    ("fda-not-found", {}, FACE, "7e-myolift", {}, ()),
    ("fda-possible-match", {}, FACE, "solawave", {}, ()),
    ("medicube-reports", {}, FACE, "medicube-booster-pro", {}, ()),
]

# (rule id, profile overrides, zones, device, plan extras): the rule must NOT fire
SILENT: list[tuple[str, dict[str, Any], tuple[str, ...], str, dict[str, Any]]] = [
    ("pacemaker", {}, FACE, "nuface-trinity", {}),
    ("implant-chest-neck", {"pacemaker": "yes"}, FACE, "nuface-trinity", {}),  # no neck planned
    ("pregnancy", {}, FACE, "nuface-trinity", {}),
    ("breastfeeding", {}, FACE, "nuface-trinity", {}),
    ("bells-palsy", {}, FACE, "nuface-trinity", {}),
    ("ptosis", {}, FACE, "nuface-trinity", {}),
    ("epilepsy", {}, FACE, "nuface-trinity", {}),
    ("under-18", {}, FACE, "nuface-trinity", {}),
    ("thyroid-neck", {"thyroid_disease": "yes"}, FACE, "nuface-trinity", {}),  # the face is not limited
    ("thyroid-neck", {}, ("neck",), "nuface-trinity", {}),
    ("skin-flare", {"eczema_flare": ("cheek",)}, ("forehead", "jawline"), "nuface-trinity", {}),
    ("eyes-lower", {}, FACE, "nuface-trinity", {}),
    ("ears-lower", {}, FACE, "nuface-trinity", {}),
    ("neck-not-cleared", {}, ("neck",), "nuface-trinity", {}),  # K181008 adds the neck
    ("ems-neck", {}, ("neck",), "nuface-trinity", {}),  # microcurrent only
    ("amplitude-near-nerve-threshold", {}, FACE, "nuface-trinity", {}),  # labelled max 400 uA < 0.7 mA
    ("fda-cleared", {}, FACE, "medicube-booster-pro", {}),
    ("fda-not-found", {}, FACE, "nuface-trinity", {}),
    ("fda-not-found", {}, FACE, "solawave", {}),  # a possible 510(k) match is shown, so not "none found"
    ("fda-possible-match", {}, FACE, "nuface-trinity", {}),
    ("medicube-reports", {}, FACE, "nuface-trinity", {}),
]


@pytest.mark.parametrize(("rule_id", "answers", "zones", "device", "extra", "expected"), FIRES)
def test_rule_fires(
    rule_id: str,
    answers: dict[str, Any],
    zones: tuple[str, ...],
    device: str,
    extra: dict[str, Any],
    expected: tuple[str, ...],
) -> None:
    assert fired(run(profile(**answers), zones, device, **extra), rule_id) == expected


@pytest.mark.parametrize(("rule_id", "answers", "zones", "device", "extra"), SILENT)
def test_rule_does_not_fire(
    rule_id: str, answers: dict[str, Any], zones: tuple[str, ...], device: str, extra: dict[str, Any]
) -> None:
    result = run(profile(**answers), zones, device, **extra)
    assert fired(result, rule_id) is None
    assert rule_id not in result.rule_ids("unknown")


def test_under_18_fires_and_unknown_age_is_not_no() -> None:
    assert fired(run(profile(age=16)), "under-18") == ()
    result = run(profile(age=None))
    assert fired(result, "under-18") is None
    assert "under-18" in result.rule_ids("unknown")


def test_every_rule_is_in_the_table() -> None:
    assert {r.id for r in load_rules()} == {row[0] for row in FIRES} | {"under-18"}


@pytest.mark.parametrize(
    ("rule_id", "tier"),
    [
        ("pacemaker", "DO NOT USE"),
        ("pregnancy", "DO NOT USE"),
        ("epilepsy", "DO NOT USE"),
        ("breastfeeding", "DO NOT USE"),
        ("bells-palsy", "DO NOT USE"),
        ("facial-nerve-damage", "DO NOT USE"),
        ("ptosis", "DO NOT USE"),
        ("neurological-condition", "ASK A CLINICIAN FIRST"),
        ("thyroid-neck", "ASK A CLINICIAN FIRST"),
        ("eyes-lower", "USE WITH CARE"),
        ("fda-not-found", "INFO"),
    ],
)
def test_tiers(rule_id: str, tier: str) -> None:
    assert next(r for r in load_rules() if r.id == rule_id).tier == tier


def test_every_rule_cites_a_source_with_an_address() -> None:
    from stimsafe.knowledge.rules import rule_sources

    sources = rule_sources()
    for rule in load_rules():
        if not rule.source_ids:  # the finding cites the device's own records (tested in test_screening_review)
            assert rule.cites_device, rule.id
            continue
        assert any(sources[s].url for s in rule.source_ids), rule.id
