"""The plan's minutes and sessions against labelling (figures from ../shared/facts, typed here by hand)."""

from __future__ import annotations

from typing import Any

from stimsafe import api
from stimsafe.knowledge.conditions import load_conditions
from stimsafe.report.model import Report

ALL_NO = {c.id: "no" for c in load_conditions()}


def _assess(device: str, **plan: Any) -> Report:
    return api.assess(device, {"age": 30, "conditions": ALL_NO}, {"zones": ["jawline"], **plan})


def _rows(report: Report) -> dict[str, tuple[str, ...]]:
    section = next(s for s in report.sections if s.title == "Session plan")
    table = next(t for t in section.tables if t.title == "Time and frequency")
    return {str(r[0]): tuple(str(c) for c in r) for r in table.rows}


def test_theraface_eight_minutes_per_treatment_is_checked_and_shown() -> None:
    # devices_regulatory.md: TheraFace PRO brand FAQ, each facial treatment max 8 min.
    report = _assess("theraface-pro", minutes_per_session=10)
    row = _rows(report)["Minutes per session"]
    assert row[1] == "10 min" and "8 min" in row[2] and row[3].startswith("above it")
    steps = next(s for s in report.sections if s.title == "Session plan").paragraphs
    assert any("10 min is above it: keep to 8 min" in p for p in steps)
    assert _rows(_assess("theraface-pro", minutes_per_session=5))["Minutes per session"][3] == "within it"


def test_sessions_per_week_above_a_labelled_two_to_three_times() -> None:
    # wave2_addendum.md: EP-400 (K162106), about 10 min, 2-3 times a week.
    row = _rows(_assess("ep-400", sessions_per_week=7))["Sessions per week"]
    assert row[1] == "7" and row[3] == "above it: at most 3"


def test_a_phased_schedule_is_checked_phase_by_phase() -> None:
    # wave2_addendum.md: NuFACE brand schedule (Allure): 5 a week for the first 60 days, then 2-3 a week.
    rows = _rows(_assess("nuface-trinity", sessions_per_week=4))
    check = rows["Sessions per week"][3]
    assert check == "above it in part: at most 3 after that"  # within the 5 of the first 60 days
    assert "Allure" in rows["Sessions per week"][2]  # press-reported, never called labelled
    assert _rows(_assess("nuface-trinity", sessions_per_week=2))["Sessions per week"][3] == "within it"


def test_minutes_per_zone_is_parsed_and_shown_even_when_no_label_gives_one() -> None:
    row = _rows(_assess("nuface-trinity", minutes_per_zone=3))["Minutes per zone"]
    assert row[1] == "3 min" and row[2] == "not found"
