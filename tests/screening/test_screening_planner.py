"""The session planner and the assess use case, end to end through stimsafe.api."""

from __future__ import annotations

from typing import Any

import pytest

from stimsafe import api
from stimsafe.domain.plan import ZoneCap
from stimsafe.errors import InputError, NotFoundError
from stimsafe.knowledge.conditions import load_conditions
from stimsafe.report.model import Report, Section

ALL_NO = {c.id: "no" for c in load_conditions()}


def assess(device: str = "nuface-trinity", *, zones: list[str], age: int | None = 30, **answers: Any) -> Report:
    profile: dict[str, Any] = {"conditions": ALL_NO | answers}
    if age is not None:
        profile["age"] = age
    return api.assess(device, profile, {"zones": zones, "level": 2})


def zone_rows(report: Report) -> dict[str, dict[str, Any]]:
    return {z["zone"]: z for z in report.data["zones"]}


def section(report: Report, title: str) -> Section:
    return next(s for s in report.sections if s.title == title)


def device_facts(report: Report) -> dict[Any, Any]:
    return {row[0]: row[1] for row in section(report, "About this device").tables[0].rows}


def test_eczema_on_one_cheek_excludes_that_zone_only() -> None:
    report = assess(zones=["forehead", "cheek", "jawline"], eczema_flare={"answer": "yes", "zones": ["cheek"]})
    rows = zone_rows(report)
    assert rows["cheek"]["status"] == "excluded"
    assert rows["forehead"]["status"] == rows["jawline"]["status"] == "allowed"
    assert report.data["verdict"] == "USE WITH CARE"
    assert report.data["can_start"] is True


def test_pacemaker_stops_the_plan_and_never_the_neck() -> None:
    report = assess(zones=["cheek", "neck"], pacemaker="yes")
    rows = zone_rows(report)
    assert {r["status"] for r in rows.values()} == {"excluded"}
    assert report.data["verdict"] == "DO NOT USE"
    assert report.data["can_start"] is False
    assert any(f.id == "implant-chest-neck" and f.zone and "neck" in f.zone.lower() for f in report.findings())


def test_pregnancy_is_do_not_use() -> None:
    report = assess(zones=["cheek"], pregnancy="yes")
    assert report.data["verdict"] == "DO NOT USE"
    assert report.findings()[0].title == "Pregnancy"


@pytest.mark.parametrize("condition", ["neurological_condition", "heart_condition", "body_worn_device"])
def test_ask_a_clinician_first_holds_every_zone(condition: str) -> None:
    report = assess(zones=["forehead", "cheek"], **{condition: "yes"})
    assert report.data["verdict"] == "ASK A CLINICIAN FIRST"
    assert {z["status"] for z in report.data["zones"]} == {"on hold"}


# The 2025 article: past nerve damage "avoid using such devices altogether"; "avoid these devices ... if you are
# pregnant or breastfeeding"; drooping or ptosis is among those to avoid until a professional has been consulted.
@pytest.mark.parametrize("condition", ["breastfeeding", "bells_palsy", "ptosis", "facial_nerve_damage"])
def test_article_avoid_points_exclude_every_zone(condition: str) -> None:
    report = assess(zones=["forehead", "cheek"], **{condition: "yes"})
    assert report.data["verdict"] == "DO NOT USE"
    assert {z["status"] for z in report.data["zones"]} == {"excluded"}


def test_eye_zone_gets_the_lowest_level_cap() -> None:
    rows = zone_rows(assess(zones=["eyes", "forehead"]))
    assert rows["eyes"]["level"].startswith("lowest only (level 1)")
    assert not rows["forehead"]["level"].startswith("lowest only")  # the eye rule does not reach the forehead


def test_neck_with_thyroid_disease_is_on_hold_and_the_face_is_not() -> None:
    rows = zone_rows(assess(zones=["cheek", "neck"], thyroid_disease="yes"))
    assert rows["neck"]["status"] == "on hold"
    assert rows["cheek"]["status"] == "allowed"


def test_unanswered_pregnancy_holds_the_plan_and_says_what_it_would_change() -> None:
    answers = dict(ALL_NO)
    del answers["pregnancy"]
    report = api.assess("nuface-trinity", {"age": 30, "conditions": answers}, {"zones": ["cheek"]})
    unknown = [f for f in report.findings() if f.id == "pregnancy:unknown"]
    assert unknown and "DO NOT USE" in unknown[0].reason and "pregnancy" in unknown[0].reason
    assert zone_rows(report)["cheek"]["status"] == "on hold"
    assert report.summary[0].startswith("ASK A CLINICIAN FIRST: Answer the open questions")


def test_nuface_trinity_report_shows_k181008() -> None:
    report = api.assess_demo()
    assert report.data["fda_510k"] == "K181008"
    assert device_facts(report)["FDA 510(k)"] == "K181008"


def test_medicube_shows_no_510k_found_and_what_that_means() -> None:
    report = assess("medicube-booster-pro", zones=["cheek"])
    finding = next(f for f in report.findings() if f.id == "fda-not-found")
    assert finding.title == "No FDA 510(k) found"
    assert "does not mean the device is unsafe" in finding.reason
    assert "could not be confirmed" in finding.reason
    assert device_facts(report)["FDA 510(k)"] == "not found"


def test_labelled_time_limits_reach_the_plan() -> None:
    report = assess("theraface-pro", zones=["cheek"])
    assert any("8 min (labelled)" in p for p in section(report, "Session plan").paragraphs)


def test_missing_labelled_times_are_reported_not_found() -> None:
    table = section(api.assess_demo(), "Session plan").tables[0]
    assert table.note and "not found" in table.note


def test_dose_engine_caps_reach_the_zone_table() -> None:
    caps = {"cheek": ZoneCap(max_amplitude_a=150e-6, reason="dose margin below 2 at 200 uA")}
    profile = {"age": 30, "conditions": ALL_NO}
    report = api.assess("nuface-trinity", profile, {"zones": ["cheek", "forehead"]}, zone_caps=caps)
    rows = zone_rows(report)
    assert rows["cheek"]["max_amplitude_a"] == pytest.approx(150e-6)  # a caller's cap reaches the table
    assert "dose margin below 2 at 200 uA" in rows["cheek"]["reasons"]


def test_every_finding_cites_a_source_carried_by_the_report() -> None:
    report = assess("medicube-booster-pro", zones=["eyes", "neck"], pacemaker="yes")
    carried = {s.id for s in report.sources}
    for finding in report.findings():
        assert finding.source_ids and set(finding.source_ids) <= carried


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        ({"zones": ["cheek"], "amplitude": "400"}, "plan.amplitude"),  # no unit
        ({"zones": ["cheek"], "amplitude": "2 mA"}, "plan.amplitude"),  # above the labelled 400 uA
        ({"zones": ["cheek"], "amplitude": "-1 uA"}, "plan.amplitude"),
        ({"zones": ["cheek"], "level": 0}, "plan.level"),
        ({"zones": []}, "plan.zones"),
        ({"zones": ["cheek"], "speed": 3}, "plan.speed"),
    ],
)
def test_bad_plans_name_the_field(plan: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as caught:
        api.assess("nuface-trinity", {"conditions": ALL_NO}, plan)
    assert caught.value.field == field
    assert caught.value.hint


def test_level_above_the_device_levels_is_impossible() -> None:
    with pytest.raises(InputError, match="3 levels"):
        api.assess("theraface-pro", {"conditions": ALL_NO}, {"zones": ["cheek"], "level": 4})


@pytest.mark.parametrize(
    ("profile", "error", "field"),
    [
        ({"conditions": {"pregnantt": "no"}}, NotFoundError, "conditions.pregnantt"),
        ({"conditions": {"pregnancy": "maybe"}}, InputError, "conditions.pregnancy"),
        ({"conditions": {"eczema_flare": ["kneecap"]}}, NotFoundError, "conditions.eczema_flare.zones"),
        ({"age": -4}, InputError, "age"),
        ({"agee": 30}, InputError, "agee"),
    ],
)
def test_bad_profiles_name_the_field(profile: dict[str, Any], error: type[Exception], field: str) -> None:
    with pytest.raises(error) as caught:
        api.assess("nuface-trinity", profile, {"zones": ["cheek"]})
    assert caught.value.field == field  # type: ignore[attr-defined]
