"""Per-zone caps in the device's own terms, checked against device facts and the human anchors by hand.

References typed here, not taken from the code: NET 0.7 ± 0.27 mA (upper division) and 1.2 ± 0.40 mA (lower
division) in 120 adults (Laryngoscope 1993), so mean − 2 SD = 160 µA and 400 µA; device outputs from
../shared/facts (NuFACE Plus/Trinity 80-400 µA; Trinity ELE 53-192 µA; at-home range 200-400 µA, press 2025).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from stimsafe import api
from stimsafe.domain.device import Device
from stimsafe.knowledge.conditions import load_conditions
from stimsafe.knowledge.devices import load_devices
from stimsafe.knowledge.zones import load_zones
from stimsafe.report.model import Report, Section
from stimsafe.report.render import to_markdown

ALL_NO = {c.id: "no" for c in load_conditions()}
ALL_ZONES = [z.id for z in load_zones()]
UPPER_FLOOR_A, LOWER_FLOOR_A = 0.70e-3 - 2 * 0.27e-3, 1.20e-3 - 2 * 0.40e-3
NAMED_BRANDS_WITHOUT_OUTPUT = ("ziip-halo", "foreo-bear", "theraface-pro", "medicube-booster-pro")


def _assess(device: str | Device, zones: list[str] | None = None, **plan: Any) -> Report:
    return api.assess(device, {"age": 30, "conditions": ALL_NO}, {"zones": zones or ALL_ZONES, **plan})


def _caps(report: Report) -> dict[str, dict[str, Any]]:
    return dict(report.data["zone_caps"])


def test_one_measurement_gives_one_cap_whatever_the_zone_depth() -> None:
    # Forehead (3 mm), eyes (1 mm) and cheek share the NET upper-division floor; the old rule gave the deeper
    # forehead the stricter cap (46 vs 58 µA). Now one measurement, one cap, below the 160 µA floor.
    caps = _caps(_assess("nuface-trinity"))
    upper = {caps[z]["cap_a"] for z in ("forehead", "eyes", "cheek")}
    lower = {caps[z]["cap_a"] for z in ("jawline", "neck")}
    assert len(upper) == 1 and len(lower) == 1
    (up,), (low,) = upper, lower
    assert up < UPPER_FLOOR_A and low < LOWER_FLOOR_A
    # the same strength-duration ratio converts both floors: cap / floor is equal
    assert up / UPPER_FLOOR_A == pytest.approx(low / LOWER_FLOOR_A, rel=1e-9)


def test_trinity_forehead_says_even_the_lowest_setting_may_twitch() -> None:
    # 80 µA, Trinity's lowest output (K103472), is above the forehead cap: no level plan, a plain statement.
    report = _assess("nuface-trinity", ["forehead"], level=2)
    row = report.data["zones"][0]
    assert row["max_amplitude_a"] < 80e-6
    assert row["level"] == "even the lowest setting may twitch the eyelid: stop at any twitch"
    steps = next(s for s in report.sections if s.title == "Session plan").paragraphs
    assert "Forehead: even the lowest setting may twitch the eyelid: stop at any twitch." in steps
    assert "Your plan's level 2 is above it." in _caps(report)["forehead"]["text"]


def test_a_cap_between_levels_becomes_a_level_with_its_assumption_said() -> None:
    # Trinity's 5 levels (weak source) with its lowest output moved to 30 µA so that the jawline cap (MRG ratio:
    # about 66 µA, below the real 80 µA first level) falls between levels: evenly spaced 30, 122.5, ... 400 µA.
    device = api.get_device("nuface-trinity").model_copy(update={"current_min_a": 30e-6})
    report = _assess(device, ["jawline"], level=5)
    cap = _caps(report)["jawline"]
    levels = [30e-6 + k * 92.5e-6 for k in range(5)]
    top = max(i + 1 for i, a in enumerate(levels) if a <= cap["cap_a"])
    assert cap["max_level"] == top and cap["shown"].startswith(f"level {top} (")
    assert "evenly spaced" in cap["text"] and "an assumption" in cap["text"] and "weak source" in cap["text"]
    row = report.data["zones"][0]
    assert ("up to 5" not in row["level"]) and (f"{top} only" in row["level"] or f"up to {top}" in row["level"])


def test_plan_amplitude_above_the_cap_is_said() -> None:
    report = _assess("nuface-trinity", ["forehead"], amplitude="200 uA")
    assert "Your plan's 200 µA is above this cap." in _caps(report)["forehead"]["text"]


def _level_current_a(device: Device, level: int) -> float:
    """Level current by the stated even-spacing assumption, computed here from the device facts."""
    assert device.current_max_a is not None and device.levels is not None
    low = device.current_min_a if device.current_min_a is not None else device.current_max_a / device.levels
    return low + (level - 1) * (device.current_max_a - low) / max(device.levels - 1, 1)


def _variant(levels: int | None) -> Device:
    """A Trinity whose lowest output (20 µA) lies below every cap, so a level plan is offered under each cap."""
    trinity = next(d for d in load_devices() if d.id == "nuface-trinity")
    return trinity.model_copy(update={"id": f"variant-{levels}", "current_min_a": 20e-6, "levels": levels})


KNOWN_OUTPUT = [d for d in load_devices() if d.current_max_a is not None] + [_variant(10), _variant(None)]


@pytest.mark.parametrize("device", KNOWN_OUTPUT, ids=lambda d: d.id)
def test_no_level_plan_above_a_cap_without_the_plain_statement(device: Device) -> None:
    plan: dict[str, Any] = {"level": device.levels} if device.levels else {"level": 2}
    report = _assess(device, **plan)
    steps = " ".join(next(s for s in report.sections if s.title == "Session plan").paragraphs)
    for row in report.data["zones"]:
        cap_a = row["max_amplitude_a"]
        if row["status"] != "allowed" or cap_a is None:
            continue
        lowest = device.current_min_a if device.current_min_a is not None else None
        if device.levels and lowest is None:
            lowest = _level_current_a(device, 1)
        if lowest is not None and lowest > cap_a:
            assert "even the lowest setting may twitch" in row["level"], row
            assert f"{row['name']}: even the lowest setting may twitch" in steps
            continue
        offered = re.search(r"up to (\d+)|level (\d+) only", row["level"])
        if offered and device.current_max_a > cap_a:
            assert device.levels, f"{device.id}: a level plan with no µA per level under a cap: {row['level']}"
            top = int(offered.group(1) or offered.group(2))
            assert _level_current_a(device, top) <= cap_a * (1 + 1e-9) < _level_current_a(device, top + 1), row
        elif device.current_max_a > cap_a:
            assert not device.levels or "lowest" in row["level"] or "stop at any twitch" in row["level"], row


@pytest.mark.parametrize("device_id", NAMED_BRANDS_WITHOUT_OUTPUT)
def test_named_brands_without_an_output_get_a_labelled_per_zone_answer(device_id: str) -> None:
    report = _assess(device_id, ["forehead", "cheek", "jawline"])
    section = next(s for s in report.sections if s.title == "Per-zone current caps (dose engine)")
    assert section.findings or section.paragraphs[0].startswith("No per-zone dose answer")
    assert any("200-400" in p and "assumed" in p for p in section.paragraphs)
    for finding in section.findings:
        assert "at-home range stands in (an assumption)" in finding.reason
        assert "Knowing its real output would change this" in finding.reason
        assert "Even the low end of that range (200 µA) is above it" in finding.reason  # the article's 200 µA


_UNIT = r"(?:µA|uA|mA|ms|µs|Hz|kHz|mm|cm²|µC|min|mA/cm²|W/cm²|%|×)"
_NUMBER_WITH_UNIT = re.compile(r"(?<![\w.\-/])(\d+(?:\.\d+)?)\s?" + _UNIT + r"(?!\w)")


def _significant(number: str) -> int:
    digits = number.replace(".", "").lstrip("0")
    if "." not in number:
        digits = digits.rstrip("0") or "0"
    return len(digits)


def _too_precise(report: Report) -> list[str]:
    text = to_markdown(report).split("## Sources")[0]
    numbers = [m.group(0) for m in _NUMBER_WITH_UNIT.finditer(text) if _significant(m.group(1)) > 3]
    cells = [
        str(c)
        for s in report.sections
        for t in s.tables
        for row in t.rows
        for c in row
        if re.fullmatch(r"-?\d+\.\d+", str(c)) and _significant(str(c).lstrip("-")) > 3
    ]
    return numbers + cells


def test_significant_figure_counter_and_scan_catch_the_reported_cap() -> None:
    assert [_significant(x) for x in ("45.9228", "400", "0.00032", "1500", "0.40", "144.502")] == [6, 1, 2, 2, 2, 6]
    planted = Report(
        kind="x", title="x", sections=(Section(title="s", paragraphs=("forehead cap of 45.9228 uA; 400 µA; 1.2 mA",)),)
    )
    assert _too_precise(planted) == ["45.9228 uA"]


@pytest.mark.parametrize("device_id", ["nuface-trinity", "nuface-trinity-ele", "ziip-halo", "medicube-booster-pro"])
def test_assess_reports_carry_at_most_three_significant_figures(device_id: str) -> None:
    report = _assess(device_id, level=2, amplitude="150 uA", minutes_per_session=5, sessions_per_week=3)
    assert _too_precise(report) == []


def test_demo_and_dose_reports_carry_at_most_three_significant_figures() -> None:
    assert _too_precise(api.assess_demo()) == []
    dose = api.dose("nuface-trinity", ["cheek", "neck"], sweeps=False, validation=False)
    assert _too_precise(dose) == []


def test_output_stand_in_and_level_currents_follow_the_facts() -> None:
    from stimsafe.dose.advice.output import device_output
    from stimsafe.knowledge.devices import class_ranges_for, get_device

    trinity = device_output(get_device("nuface-trinity"), ())
    assert trinity is not None and not trinity.at_home
    assert [round(a * 1e6) for a in trinity.levels_a] == [80, 160, 240, 320, 400]  # 80-400 µA, 5 levels, by hand
    halo = get_device("ziip-halo")
    assumed = device_output(halo, class_ranges_for(halo))
    assert assumed is not None and assumed.at_home and (assumed.low_a, assumed.high_a) == (200e-6, 400e-6)
    assert device_output(halo, ()) is None  # no stand-in given: no invented output


def test_a_zone_with_no_human_measurement_gets_no_cap() -> None:
    from stimsafe.dose.advice.caps import zone_advice
    from stimsafe.dose.advice.margins import ZoneMargin
    from stimsafe.dose.advice.output import OutputRange

    m = ZoneMargin(zone_id="x", name="X", threshold_a=5e-5, method="m", max_output_a=4e-4, margin=0.125,
                   first_level_at_threshold=None, sd_curve=(), depth_m=1e-3)  # fmt: skip
    advice = zone_advice(m, (), {}, OutputRange(low_a=8e-5, high_a=4e-4, basis="b"), wave="w")
    assert advice.status == "no human data" and advice.cap_a is None and "no cap is given" in advice.text


def test_every_missing_waveform_fact_is_named_as_assumed() -> None:
    from stimsafe.domain.device import Waveform as DeviceWaveform
    from stimsafe.dose.advice.caps import waveform_phrase
    from stimsafe.knowledge.devices import get_device
    from stimsafe.knowledge.limits import load_ranges

    trinity = get_device("nuface-trinity")
    said = waveform_phrase(trinity, load_ranges())
    assert said.startswith("this device's pulse (assumed: its shape, frequency and pulse width were not found")
    known = DeviceWaveform(shape="biphasic", polarity_alternates=True, frequency_hz=50.0, pulse_width_s=2e-4)
    assert waveform_phrase(trinity.model_copy(update={"waveform": known}), load_ranges()) == "this device's pulse"
    no_width = known.model_copy(update={"pulse_width_s": None})
    assert "pulse width was not found, so a 50 % duty square wave at 50 Hz" in waveform_phrase(
        trinity.model_copy(update={"waveform": no_width}), load_ranges()
    )


def test_plan_never_softer_than_its_zones() -> None:
    # All answers 'no', Trinity on forehead/cheek/jawline at level 2: every zone's cap is below its 80 µA lowest
    # output, so the verdict cannot be INFO, no step may offer going up, and the plan's level 2 is named as above.
    report = _assess("nuface-trinity", ["forehead", "cheek", "jawline"], level=2)
    assert report.data["verdict"] == "USE WITH CARE"
    steps = next(s for s in report.sections if s.title == "Session plan").paragraphs
    assert not any("go up one level" in p for p in steps)
    assert "Your plan's level 2 is above the dose cap on every allowed zone: see each zone's level below." in steps
    assert all(z["plan_over_cap"] for z in report.data["zones"])


def test_the_five_line_brief_names_a_plan_level_above_the_cap() -> None:
    from stimsafe.cli.assess_brief import brief_lines

    lines = brief_lines(_assess("nuface-trinity", ["forehead", "jawline"], level=2))
    todo = next(line for line in lines if line.startswith("What to do:"))
    assert "Your plan's level 2 is above the dose cap on every allowed zone: stop at any twitch." in todo
