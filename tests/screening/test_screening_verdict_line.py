"""The verdict line is never softer than its reason (UX review): a whole-device DO NOT USE says "at all".

The article says people with a pacemaker or past nerve damage should avoid these devices altogether
(../shared/facts/press_2025_article.md); a zone-limited DO NOT USE (an implant under some zones) keeps "as planned".
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from stimsafe import api

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PLAN = {"zones": ["jawline", "cheek"], "level": 1}


def _profile(**changes: str) -> dict[str, object]:
    base = yaml.safe_load((EXAMPLES / "profile-pacemaker.yaml").read_text())
    conditions = {k: "no" for k in base["conditions"]}
    conditions.update(changes)
    return {"age": 40, "conditions": conditions}


@pytest.mark.parametrize("answer", ["pacemaker", "bells_palsy", "facial_nerve_damage", "breastfeeding"])
def test_a_whole_device_stop_says_do_not_use_at_all(answer: str) -> None:
    summary = api.assess("nuface-trinity", _profile(**{answer: "yes"}), PLAN).summary
    assert summary[0].startswith("DO NOT USE: Do not use this device at all"), summary[0]


def test_a_zone_limited_stop_keeps_as_planned() -> None:
    summary = api.assess("nuface-trinity", _profile(metal_implant="yes"), PLAN).summary
    assert summary[0] == "DO NOT USE: Do not use this device as planned.", summary[0]
