"""The 2025 press article is the floor of every rule: each of its points, firing and not firing.

The table below is written by hand from ../shared/facts/press_2025_article.md (read in full), independently of the
rule data: for each piece of the article's advice, a person it applies to, the tier the article's words call for
at least, and a control person it does not apply to. The mapping in knowledge/data/guidance.yaml must name the
same points, quote the article word for word, and be carried by rules that fire at least as strictly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.screening.test_screening_rules_table import FACE, profile, run

from stimsafe.domain.rule import tier_rank
from stimsafe.knowledge.guidance import load_guidance
from stimsafe.knowledge.rules import load_rules

# (point id, article phrase, person it applies to, zones, device, rule id, at-least tier, zones it must hold,
#  control person for whom that rule must stay silent)
# fmt: off
POINTS: list[tuple[str, str, dict[str, Any], tuple[str, ...], str, str, str, tuple[str, ...], dict[str, Any]]] = [
    ("past-nerve-damage", "avoid using such devices altogether", {"facial_nerve_damage": "yes"}, FACE,
     "nuface-trinity", "facial-nerve-damage", "DO NOT USE", (), {}),
    ("past-nerve-damage", "past nerve damage issues", {"bells_palsy": "yes"}, FACE,
     "nuface-trinity", "bells-palsy", "DO NOT USE", (), {}),
    ("drooping-ptosis", "drooping or ptosis", {"ptosis": "yes"}, FACE,
     "nuface-trinity", "ptosis", "DO NOT USE", (), {}),
    ("pregnancy", "if you are pregnant", {"pregnancy": "yes"}, FACE,
     "nuface-trinity", "pregnancy", "DO NOT USE", (), {"breastfeeding": "yes"}),
    ("breastfeeding", "pregnant or breastfeeding", {"breastfeeding": "yes"}, FACE,
     "nuface-trinity", "breastfeeding", "DO NOT USE", (), {"pregnancy": "yes"}),
    ("pacemaker", "if you have a pacemaker", {"pacemaker": "yes"}, FACE,
     "nuface-trinity", "pacemaker", "DO NOT USE", (), {"implanted_device": "yes"}),
    ("pacemaker", "avoid going over that area", {"pacemaker": "yes"}, ("cheek", "neck"),
     "nuface-trinity", "implant-chest-neck", "DO NOT USE", ("neck",), {}),
    ("other-implants", "other implanted medical devices", {"implanted_device": "yes"}, FACE,
     "nuface-trinity", "implanted-device", "DO NOT USE", (), {"pacemaker": "yes"}),
    ("other-implants", "avoid going over that area", {"metal_implant": ("jawline",)}, FACE,
     "nuface-trinity", "metal-implant", "DO NOT USE", ("jawline",), {}),
    ("skin-flares", "acne, eczema or psoriasis flare-ups", {"acne_flare": ("cheek",)}, FACE,
     "nuface-trinity", "skin-flare", "DO NOT USE", ("cheek",), {}),
    ("skin-flares", "psoriasis flare-ups", {"psoriasis_flare": ()}, FACE,  # place not given: every zone
     "nuface-trinity", "skin-flare", "DO NOT USE", FACE, {}),
    ("skin-flares", "inflammatory or infectious skin conditions", {"broken_skin": ("forehead",)}, FACE,
     "nuface-trinity", "broken-skin", "DO NOT USE", ("forehead",), {}),
    ("seizures-neurological", "history of seizures", {"epilepsy": "yes"}, FACE,
     "nuface-trinity", "epilepsy", "ASK A CLINICIAN FIRST", (), {}),
    ("seizures-neurological", "neurological conditions should check with their neurologist",
     {"neurological_condition": "yes"}, FACE, "nuface-trinity", "neurological-condition", "ASK A CLINICIAN FIRST",
     (), {}),
    ("lower-eyes", "around the eyes", {}, ("eyes", "cheek"),
     "nuface-trinity", "eyes-lower", "USE WITH CARE", ("eyes",), {}),
    ("lower-thyroid", "over the thyroid gland", {}, ("neck", "cheek"),
     "nuface-trinity", "neck-lower", "USE WITH CARE", ("neck",), {}),
    ("lower-ears", "near the ears", {}, ("ears", "cheek"),
     "nuface-trinity", "ears-lower", "USE WITH CARE", ("ears",), {}),
    ("start-low", "using the lowest settings", {}, FACE, "nuface-trinity", "start-low-patch-test", "INFO", (), None),
    ("patch-test", "test it on a small area first", {}, FACE,
     "nuface-trinity", "start-low-patch-test", "INFO", (), None),
    ("overstimulation", "avoid overstimulation", {}, FACE,
     "medicube-booster-pro", "start-low-patch-test", "INFO", (), None),
    ("clearance", "FDA approval", {}, FACE, "nuface-trinity", "fda-cleared", "INFO", (), None),
    ("clearance", "CE approval in Europe or KFDA in Korea", {}, FACE,
     "foreo-bear", "fda-not-found", "INFO", (), None),
    ("independent-evidence", "not published or paid for by the company", {}, FACE,
     "ziip-halo", "independent-evidence", "INFO", (), None),
]
# fmt: on
# A control of None: the rule is general advice everyone gets (it always fires); controls for zone rules are zones.
ZONE_CONTROLS = {"eyes-lower": FACE, "neck-lower": FACE, "ears-lower": FACE, "implant-chest-neck": FACE}
DEVICE_CONTROLS = {"fda-cleared": "foreo-bear", "fda-not-found": "nuface-trinity"}
CONTROLLED = [row for row in POINTS if row[8] is not None or row[5] in DEVICE_CONTROLS]


def _article(shared_dir: Path) -> str:
    return " ".join((shared_dir / "facts" / "press_2025_article.md").read_text(encoding="utf-8").split())


@pytest.mark.parametrize(
    ("point", "phrase", "answers", "zones", "device", "rule_id", "floor", "held", "control"),
    POINTS,
    ids=[f"{row[0]}:{row[5]}" for row in POINTS],
)
def test_point_fires_at_least_as_strictly_as_the_article(
    shared_dir: Path,
    point: str,
    phrase: str,
    answers: dict[str, Any],
    zones: tuple[str, ...],
    device: str,
    rule_id: str,
    floor: str,
    held: tuple[str, ...],
    control: dict[str, Any] | None,
) -> None:
    assert phrase in _article(shared_dir)
    found = [f for f in run(profile(**answers), zones, device).firing() if f.rule_id == rule_id]
    assert found, f"{rule_id} did not fire for {answers}"
    assert tier_rank(found[0].tier) <= tier_rank(floor)  # type: ignore[arg-type]
    assert found[0].zones == held
    assert "press-2025" in found[0].source_ids
    mapped = {p.id: p for p in load_guidance()}
    assert rule_id in mapped[point].rule_ids


@pytest.mark.parametrize(
    ("point", "answers", "zones", "device", "rule_id", "control"),
    [(r[0], r[2], r[3], r[4], r[5], r[8]) for r in CONTROLLED],
    ids=[f"{row[0]}:{row[5]}" for row in CONTROLLED],
)
def test_point_does_not_fire_for_someone_it_does_not_apply_to(
    point: str,
    answers: dict[str, Any],
    zones: tuple[str, ...],
    device: str,
    rule_id: str,
    control: dict[str, Any] | None,
) -> None:
    person = profile(**(control or {}))
    zones = ZONE_CONTROLS.get(rule_id, zones if rule_id != "metal-implant" else ("cheek",))
    device = DEVICE_CONTROLS.get(rule_id, device)
    fired = [f for f in run(person, zones, device).firing() if f.rule_id == rule_id]
    assert fired == []


def test_every_article_point_is_mapped_and_every_mapped_point_is_tested() -> None:
    assert {p.id for p in load_guidance()} == {row[0] for row in POINTS}


def test_mapped_quotes_are_the_articles_own_words(shared_dir: Path) -> None:
    article = _article(shared_dir)
    for point in load_guidance():
        for piece in point.quote.split(" ... "):
            assert piece.strip(" .") in article, (point.id, piece)


def test_every_mapped_rule_is_at_least_as_strict_as_its_point() -> None:
    rules = {r.id: r for r in load_rules()}
    for point in load_guidance():
        for rule_id in point.rule_ids:
            assert tier_rank(rules[rule_id].tier) <= tier_rank(point.floor_tier), (point.id, rule_id)


def test_a_rule_that_differs_from_the_article_says_so_in_its_own_text() -> None:
    rules = {r.id: r for r in load_rules()}
    for point in load_guidance():
        if point.advice != "avoid the device":
            continue
        whole = [r for r in point.rule_ids if not rules[r].per_zone and rules[r].tier == "DO NOT USE"]
        zoned = [r for r in point.rule_ids if rules[r].per_zone]
        if not whole:  # only zone rules carry an "avoid the device" point: softer in scope
            assert point.differs, point.id
        if point.differs:
            for rule_id in zoned:
                assert "2025 article" in rules[rule_id].reason, rule_id


@pytest.mark.parametrize(
    ("condition", "rule_id"),
    [
        ("facial_nerve_damage", "facial-nerve-damage"),
        ("bells_palsy", "bells-palsy"),
        ("breastfeeding", "breastfeeding"),
    ],
)
def test_unanswered_avoid_points_hold_the_plan_and_say_do_not_use(condition: str, rule_id: str) -> None:
    person = profile(**{condition: "unknown"})
    result = run(person)
    unknown = [f for f in result.unknown() if f.rule_id == rule_id]
    assert unknown and "DO NOT USE" in unknown[0].reason


@pytest.mark.parametrize(("rule_id", "answers", "device"), [("ptosis", {"ptosis": "yes"}, "nuface-trinity"),
                                                           ("medicube-reports", {}, "medicube-booster-pro")])  # fmt: skip
def test_a_sudden_droop_or_changed_pupil_means_call_the_emergency_number_now(
    rule_id: str, answers: dict[str, Any], device: str
) -> None:
    finding = next(f for f in run(profile(**answers), FACE, device).firing() if f.rule_id == rule_id)
    assert "call your emergency number now" in finding.action
    assert "stimsafe triage" not in finding.action


def test_no_screening_rule_sends_an_emergency_sign_to_a_questionnaire() -> None:
    for rule in load_rules():
        text = f"{rule.reason} {rule.action}".lower()
        if any(sign in text for sign in ("pupil", "sudden", "stroke")):
            assert "emergency number now" in text, rule.id
            assert "run 'stimsafe triage'" not in text, rule.id


def test_the_droop_question_itself_says_a_sudden_droop_is_an_emergency() -> None:
    from stimsafe.knowledge.conditions import get_condition

    assert "call your emergency number now" in get_condition("ptosis").question
