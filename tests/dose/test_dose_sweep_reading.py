"""Depth and contact sweeps (physics invariants), plain-language readings, and the two fixed report bugs."""

from __future__ import annotations

import itertools
import re

import pytest

from stimsafe import api
from stimsafe.domain.device import Device
from stimsafe.dose.advice.analysis import worst_setups
from stimsafe.dose.advice.anchors import empirical_margin
from stimsafe.dose.advice.margins import ZoneMargin, ZoneSetup, worst_threshold_a
from stimsafe.dose.advice.readings import empirical_sentence, model_sentence, zone_reading
from stimsafe.dose.advice.sweeps import threshold_at, zone_sweep
from stimsafe.dose.physics.field import Layer, LayeredMedium
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.dose.report.plots import margin_bar_values
from stimsafe.dose.thresholds.fibre import Electrode
from stimsafe.knowledge.anchors import load_anchors
from stimsafe.knowledge.limits import load_ranges
from stimsafe.knowledge.tissues import load_tissues
from stimsafe.knowledge.zones import get_zone

CHEEK = ZoneSetup(
    zone_id="cheek",
    name="Cheek",
    medium=LayeredMedium(
        layers=(Layer(conductivity_s_m=0.43, thickness_m=1e-3), Layer(conductivity_s_m=0.16)),
    ),
    depth_m=1e-3,
)
W = Waveform(shape="biphasic", amplitude_a=400e-6, phase_width_s=1e-3, frequency_hz=100, polarity="alternating")
FORBIDDEN = re.compile(r"\b(caused|cannot cause|will cause|is safe|diagnos)", re.IGNORECASE)


def test_sweep_margins_grow_with_depth_and_contact_size() -> None:
    sweep = zone_sweep(CHEEK, W)
    margins = [sweep.depth_margin(d) for d, _ in sweep.depth_thresholds_a]
    assert all(m is not None for m in margins)
    assert all(a < b for a, b in itertools.pairwise(m for m in margins if m is not None))
    point = sweep.depth_margin(1e-3)
    assert point is not None
    assert point < sweep.contacts[0].margin < sweep.contacts[1].margin  # larger contact spreads the current


def test_depths_above_the_lower_bound_are_not_shown() -> None:
    deeper = CHEEK.model_copy(update={"depth_m": 3e-3})
    rows = dict(zone_sweep(deeper, W).depth_thresholds_a)
    assert rows[1e-3] is None and rows[2e-3] is None and rows[3e-3] is not None


def test_crossover_depth_brackets_the_maximum_output() -> None:
    sweep = zone_sweep(CHEEK, W)
    depth = sweep.crossover_depth_m
    assert depth is not None
    assert threshold_at(CHEEK, W, depth * 0.97) < 400e-6 <= threshold_at(CHEEK, W, depth)


def _model(margin: float) -> ZoneMargin:
    return ZoneMargin(
        zone_id="cheek",
        name="Cheek",
        threshold_a=margin * 400e-6,
        method="m",
        max_output_a=400e-6,
        margin=margin,
        first_level_at_threshold=None,
        sd_curve=(),
        depth_m=1e-3,
    )


def test_reading_leads_with_human_data_and_labels_the_model_bound() -> None:
    emp = empirical_margin("cheek", load_anchors(), 400e-6)  # 0.16 mA floor: 400 µA reaches it
    text = zone_reading("Cheek", emp, _model(0.08))
    assert text.index("hand-held probe") < text.index("model")
    assert "1.8× below the mean twitch threshold" in text  # 0.7 / 0.4 = 1.75
    assert "reaches the low end" in text and "160 µA" in text
    assert "conservative" in text and "real branches lie deeper" in text
    assert not FORBIDDEN.search(text)


def test_reading_says_n_times_below_when_the_device_is_below_the_floor() -> None:
    emp = empirical_margin("jawline", load_anchors(), 100e-6)  # floor 0.40 mA -> 4x
    text = empirical_sentence(emp)
    assert "100 µA is 4.0× below the lowest plausible twitch threshold" in text
    assert "Even under" not in model_sentence(_model(2.5))
    assert not FORBIDDEN.search(text)


def test_missing_margins_are_not_drawn_as_zero() -> None:
    pos, lengths, missing = margin_bar_values([None, 0.4, None])
    assert pos == [1] and lengths == [0.4] and missing == [0, 2]


def test_dose_report_cites_the_density_limits_named_in_the_area_note() -> None:
    report = api.dose("nuface-trinity", ["jawline"], sweeps=False, validation=False)
    ids = {s.id for s in report.sources}
    # the contact area is not found, so these limits appear only in the note — their sources must still be listed
    assert {"iec-60601-2-10-advisory", "boston-vercise-dbs", "shannon-1992", "fda-pms-1999"} <= ids
    assert "net-laryngoscope-1993" in ids
    # the summary leads with the zone's cap in plain words; the human-data reading follows in the finding
    assert report.summary[0].startswith("Jawline: Dose cap ")
    finding = next(f for f in report.findings() if f.id == "dose-jawline")
    assert finding.reason.startswith("Cap ") and "Details: At its highest level" in finding.reason
    assert finding.zone == "Jawline"


def _ratio(zone: str, device: Device) -> float:
    """The model's strength-duration ratio, 0.1 ms test pulse -> the device's worst-case waveform, in ``zone``."""
    ((setup, waveform),), _ = worst_setups(device, [get_zone(zone)], load_tissues(), load_ranges())
    at_device = worst_threshold_a(setup, waveform, (Electrode(),))
    test = waveform.model_copy(update={"phase_width_s": 1e-4, "frequency_hz": 1.0})
    return at_device / worst_threshold_a(setup, test, (Electrode(),))


@pytest.mark.parametrize("zone", ["eyes", "forehead"])
def test_assess_caps_a_zone_by_its_human_floor_and_the_lowest_ratio_of_that_measurement(zone: str) -> None:
    device, profile, plan = api.demo_inputs()
    report = api.assess(device, profile, plan.model_copy(update={"zones": (zone,)}))
    section = next(s for s in report.sections if s.title == "Per-zone current caps (dose engine)")
    assert section.findings and "measured in people" in section.findings[0].reason
    row = next(z for z in report.data["zones"] if z["zone"] == zone)
    # NET upper division (forehead, eyes, cheek, ears), mean − 2 SD = 160 µA, times the lowest S-D ratio over the
    # zones that measurement concerns (computed here straight from the engine, not from the cap code): one
    # measurement, one cap, whatever the zone's own depth.
    ratio = min(_ratio(z, device) for z in ("forehead", "eyes", "cheek", "ears"))
    expected = (0.7e-3 - 2 * 0.27e-3) * min(1.0, ratio)
    assert expected < 0.7e-3 - 2 * 0.27e-3
    assert row["max_amplitude_a"] == pytest.approx(expected, rel=1e-6)
    assert "strength-duration ratio from an assumed 0.1 ms test pulse" in section.findings[0].reason
    assert any(p.startswith("How a cap is made") and "pulse width was not found" in p for p in section.paragraphs)
    assert any(s.id == "net-laryngoscope-1993" for s in report.sources)


def test_model_called_conservative_only_at_or_below_the_human_floor() -> None:
    # Cheek floor 160 µA (NET, mean − 2 SD); model bound 0.08 × 400 µA = 32 µA ≤ 160 µA -> conservative.
    low = model_sentence(_model(0.08), human_floor_a=160e-6)
    assert "conservative against human data" in low and "32 µA" in low
    # Reviewer's forehead case: model 258 µA above the human floor 160 µA -> the human data govern.
    high = model_sentence(_model(258 / 400), human_floor_a=160e-6)
    assert "conservative" not in high
    assert "the model bound (258 µA) lies above the lowest measured human threshold (160 µA)" in high
    assert "the cap rests on the human data" in high
    # Neck-like case, bound above the output: no "Even under", still compared with the human floor (400 µA).
    neck = model_sentence(_model(997 / 400), human_floor_a=400e-6)
    assert "Even under" not in neck and "the cap rests on the human data" in neck


def test_reading_gives_the_pulse_width_corrected_range() -> None:
    emp = empirical_margin("cheek", load_anchors(), 400e-6)  # floor 160 µA -> 0.40; mean 700 µA -> 1.75
    m = _model(0.08).model_copy(update={"test_pulse_ratio": (0.5, 0.8)})
    text = zone_reading(None, emp, m)
    # by hand: 0.40 × 0.5–0.8 = 0.2–0.32; 1.75 × 0.5–0.8 = 0.875–1.4
    assert "0.2–0.32× to the low end of the human range and 0.88–1.4× to the mean" in text
    assert "pulse width of the human tests was not found" in text and "0.1–0.3 ms" in text
    assert "pulse width" not in zone_reading(None, emp, _model(0.08))
