"""Screening vignettes in everyday words, each answered from the 2025 press article (the floor) or device labels.

Each person writes only what they would say ("pregnant: yes", "nursing: yes", "adult: yes") and leaves the rest
out; expected outcomes come from the article's words (quoted) or the labels, never from stimsafe's output. Answers
left out stay unknown, so a person who says nothing else never gets a plain "go ahead".
"""

from __future__ import annotations

from typing import Any

import pytest

from stimsafe import api

EVERY_NO = {c.id: "no" for c in api.list_conditions()}


def others(*left_out: str) -> dict[str, str]:
    """Every question answered "no" except those the person answers in their own words."""
    return {k: v for k, v in EVERY_NO.items() if k not in left_out}


# (who, profile in everyday words, device, zones, expected verdict, zone statuses that must hold, why)
# fmt: off
VIGNETTES: list[tuple[str, dict[str, Any], str, list[str], str, dict[str, str], str]] = [
    ("nursing mother", {"adult": "yes", "conditions": {**others("breastfeeding"), "nursing": "yes"}},
     "nuface-trinity", ["cheek"], "DO NOT USE", {"cheek": "excluded"}, "'avoid ... if you are pregnant or breastfeeding'"),
    ("pregnant", {"age": 31, "conditions": {**others("pregnancy"), "pregnant": "yes"}},
     "ziip-halo", ["forehead"], "DO NOT USE", {"forehead": "excluded"}, "'avoid ... if you are pregnant'"),
    ("Bell's palsy years ago", {"age": 45, "conditions": {**others("bells_palsy"), "Bell's palsy": "yes"}},
     "nuface-mini", ["cheek", "jawline"], "DO NOT USE", {"cheek": "excluded", "jawline": "excluded"},
     "'past nerve damage issues ... avoid using such devices altogether'"),
    ("old nerve injury in the arm", {"age": 50, "conditions": {**others("facial_nerve_damage"), "nerve damage": "yes"}},
     "foreo-bear", ["cheek"], "DO NOT USE", {"cheek": "excluded"}, "'any past nerve damage issues'"),
    ("droopy eyelid", {"age": 60, "conditions": {**others("ptosis"), "drooping eyelid": "yes"}},
     "nuface-trinity", ["forehead"], "DO NOT USE", {"forehead": "excluded"}, "'drooping or ptosis'"),
    ("pacemaker", {"age": 70, "conditions": {**EVERY_NO, "pacemaker": "yes"}},
     "nuface-trinity", ["cheek", "neck"], "DO NOT USE", {"cheek": "excluded", "neck": "excluded"}, "'a pacemaker'"),
    ("cochlear implant", {"age": 40, "conditions": {**others("implanted_device"), "cochlear implant": "yes"}},
     "nuface-trinity", ["cheek"], "DO NOT USE", {"cheek": "excluded"}, "'other implanted medical devices'"),
    ("jaw plate", {"age": 40, "conditions": {**others("metal_implant"), "metal plate": ["jawline"]}},
     "nuface-trinity", ["cheek", "jawline"], "USE WITH CARE", {"cheek": "allowed", "jawline": "excluded"},
     "'avoid going over that area'"),
    ("acne on the chin and jaw", {"age": 24, "conditions": {**others("acne_flare"), "acne": ["jawline"]}},
     "nuface-trinity", ["forehead", "jawline"], "USE WITH CARE", {"forehead": "allowed", "jawline": "excluded"},
     "'active ... acne ... flare-ups' (held where the flare is)"),
    ("psoriasis somewhere", {"age": 38, "conditions": {**others("psoriasis_flare"), "psoriasis": "yes"}},
     "nuface-trinity", ["forehead", "cheek"], "DO NOT USE", {"forehead": "excluded", "cheek": "excluded"},
     "a flare whose place is not given holds every zone"),
    ("seizures as a child", {"age": 29, "conditions": {**others("epilepsy"), "seizures": "yes"}},
     "nuface-trinity", ["cheek"], "DO NOT USE", {"cheek": "excluded"}, "labels; article: 'check with their neurologist'"),
    ("multiple sclerosis", {"age": 41, "conditions": {**others("neurological_condition"), "multiple sclerosis": "yes"}},
     "nuface-trinity", ["cheek"], "ASK A CLINICIAN FIRST", {"cheek": "on hold"}, "'neurological conditions'"),
    ("thyroid, neck planned", {"age": 55, "conditions": {**others("thyroid_disease"), "thyroid": "yes"}},
     "nuface-trinity", ["cheek", "neck"], "USE WITH CARE", {"cheek": "allowed", "neck": "on hold"},
     "'over the thyroid gland (on the neck)'"),
    ("healthy adult, eyes", {"adult": "yes", "conditions": EVERY_NO},
     "nuface-trinity", ["eyes", "cheek"], "USE WITH CARE", {"eyes": "allowed", "cheek": "allowed"}, "'around the eyes'"),
    ("teenager", {"adult": "no", "conditions": EVERY_NO},
     "nuface-trinity", ["cheek"], "DO NOT USE", {"cheek": "excluded"}, "labels: not for under 18"),
    ("says nothing else", {"adult": "yes", "conditions": {}},
     "nuface-trinity", ["cheek"], "ASK A CLINICIAN FIRST", {"cheek": "on hold"}, "unanswered is never 'no'"),
]
# fmt: on


@pytest.mark.parametrize(
    ("who", "profile", "device", "zones", "verdict", "statuses", "why"), VIGNETTES, ids=[v[0] for v in VIGNETTES]
)
def test_vignette(
    who: str, profile: dict[str, Any], device: str, zones: list[str], verdict: str, statuses: dict[str, str], why: str
) -> None:
    report = api.assess(device, profile, {"zones": zones})
    assert report.data["verdict"] == verdict, (who, why)
    got = {z["zone"]: z["status"] for z in report.data["zones"]}
    assert got == statuses, (who, why)


def test_eyes_stay_at_the_lowest_level_for_a_healthy_adult() -> None:
    report = api.assess("nuface-trinity", {"adult": "yes", "conditions": EVERY_NO}, {"zones": ["eyes", "ears", "neck"]})
    levels = {z["zone"]: z["level"] for z in report.data["zones"]}
    assert all("lowest" in levels[z] or "level 1 only" in levels[z] for z in ("eyes", "ears", "neck")), levels
