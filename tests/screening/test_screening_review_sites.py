"""Review fixes, screening side: forbidden sites are refused, plan numbers are bounded, device claims cite the device.

References: IEC 60601-2-10 cl. 201.7.9.2.101(h) (not on the front of the neck, especially the carotid sinus; not
directly on the eyes; not covering the mouth: devices_regulatory.md §3.5); NuFACE Mini warnings ("Do not use in
the eye area (... within the orbital rim), on the temples": clinical_evidence.md §3.2); the device table of
devices_regulatory.md §1.2 (Solawave: "possibly K232863 ... UNCERTAIN"; NuFACE FIX K182424, facial stimulation).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from stimsafe.cli.main import main
from stimsafe.domain.person import ConditionAnswer, Profile
from stimsafe.domain.plan import Plan
from stimsafe.errors import InputError
from stimsafe.knowledge.conditions import load_conditions
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.profiles import parse_plan, parse_profile
from stimsafe.knowledge.rules import load_rules
from stimsafe.knowledge.zones import get_zone, load_zones
from stimsafe.screening.engine import screen
from stimsafe.screening.planner import plan_sessions

FORBIDDEN = ["carotid", "throat", "temple-ear", "orbital", "mouth", "front of the neck", "Front of neck", "eye area",
             "temple", "eyelid"]  # fmt: skip


@pytest.mark.parametrize("name", FORBIDDEN)
def test_a_site_labelling_forbids_is_refused_with_why(name: str) -> None:
    with pytest.raises(InputError) as caught:
        get_zone(name)
    error = caught.value
    assert error.field == "zone" and error.value == name
    assert "not a zone you may stimulate" in error.message
    assert error.hint


def test_the_reviewers_plan_is_refused_not_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = {"zones": ["carotid", "throat", "temple-ear", "orbital", "mouth"], "level": 1}
    with pytest.raises(InputError) as caught:
        parse_plan(plan, location="plan.yaml")
    assert (caught.value.field, caught.value.value, caught.value.location) == ("plan.zones", "carotid", "plan.yaml")
    profile = tmp_path / "p.yaml"
    profile.write_text("conditions: {}\n", encoding="utf-8")
    assert main(["assess", "-d", "nuface-trinity", "-p", str(profile), "-z", "cheek,throat"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "front of the neck" in err and "IEC 60601-2-10" in err


def test_no_zone_name_or_alias_is_a_forbidden_site() -> None:
    names = {n for zone in load_zones() for n in zone.names()}
    forbidden = {n.lower() for n in FORBIDDEN} | {"thyroid", "front of neck", "carotid sinus", "eye"}
    assert names.isdisjoint(forbidden), names & forbidden


def test_neck_zone_keeps_its_id_and_no_longer_says_front_of_the_neck() -> None:
    neck = get_zone("neck")
    assert neck.id == "neck"
    assert "front" not in neck.name.lower()


def test_a_flare_at_a_forbidden_site_is_refused_in_a_profile() -> None:
    with pytest.raises(InputError) as caught:
        parse_profile({"conditions": {"eczema_flare": ["mouth"]}}, location="p.yaml")
    assert caught.value.field == "conditions.eczema_flare.zones"
    assert "lips" in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("minutes_per_session", math.inf),
        ("minutes_per_session", math.nan),
        ("minutes_per_session", 100000),
        ("minutes_per_session", -5),
        ("sessions_per_week", math.nan),
        ("sessions_per_week", math.inf),
    ],
)
def test_plan_numbers_must_be_finite_positive_and_bounded(key: str, value: float) -> None:
    with pytest.raises(InputError) as caught:
        parse_plan({"zones": ["cheek"], key: value}, location="plan.yaml")
    error = caught.value
    assert error.field == f"plan.{key}" and error.location == "plan.yaml" and error.hint


def test_plan_amplitude_is_bounded() -> None:
    with pytest.raises(InputError) as caught:
        parse_plan({"zones": ["cheek"], "amplitude": "400 A"}, location="plan.yaml")
    assert caught.value.field == "plan.amplitude"


def _no_to_everything() -> Profile:
    return Profile(age_years=30, conditions={c.id: ConditionAnswer(answer="no") for c in load_conditions()})


def _screen(device_id: str, zones: tuple[Any, ...]) -> Any:
    device = get_device(device_id)
    plan = Plan(zones=zones)
    return device, plan, screen(_no_to_everything(), device, plan, load_rules())


def test_neck_not_cleared_cites_the_devices_510k_not_the_stimulator_standard() -> None:
    _, _, result = _screen("nuface-fix", ("neck",))
    finding = next(f for f in result.firing() if f.rule_id == "neck-not-cleared")
    assert "fda-k182424" in finding.source_ids  # NuFACE FIX, K182424: "facial stimulation"
    assert "iec-60601-2-10" not in finding.source_ids and "tens-otc-warnings" not in finding.source_ids


def test_solawave_regulatory_findings_agree_with_its_device_table() -> None:
    device, _plan, result = _screen("solawave", ("cheek",))
    assert device.regulatory.fda_510k == "K232863"
    fired = result.rule_ids("fires")
    assert "fda-not-found" not in fired
    match = next(f for f in result.firing() if f.rule_id == "fda-possible-match")
    assert "fda-k232863" in match.source_ids


def test_solawave_times_are_shown_as_unverified_not_labelled() -> None:
    device, plan, result = _screen("solawave", ("cheek",))
    steps = plan_sessions(device, plan, result).steps
    timed = [s for s in steps if "min" in s and ("Time per" in s or "switches" in s)]
    assert timed and all("unverified" in s and "labelled" not in s for s in timed)
    mini, mini_plan, mini_result = _screen("nuface-mini-plus", ("cheek",))
    assert any("labelled" in s for s in plan_sessions(mini, mini_plan, mini_result).steps)
