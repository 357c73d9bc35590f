"""Net d.c. and unbalanced charge: reported with no invented limit, and never as a "worst case" that is not one."""

from __future__ import annotations

from stimsafe.domain.device import Device
from stimsafe.domain.device import Waveform as DeviceWaveform
from stimsafe.dose.advice.analysis import charge_balance, limit_checks
from stimsafe.dose.report.tables import NO_LIMIT, limit_table
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.limits import load_limits, load_ranges


def _with(**waveform: object) -> Device:
    dev = get_device("nuface-trinity")
    return dev.model_copy(update={"waveform": DeviceWaveform.model_validate(waveform), "current_max_a": 4e-4})


def test_monophasic_net_dc_by_hand() -> None:
    dev = _with(shape="monophasic", polarity_alternates=False, frequency_hz=100.0, pulse_width_s=1e-3)
    charge = charge_balance(dev, load_ranges())
    # by hand: Q = 400 µA × 1 ms = 0.4 µC per pulse, × 100 Hz = 40 µA net d.c.; never compensated
    assert charge.net_current_a is not None and abs(charge.net_current_a - 40e-6) < 1e-12
    assert charge.unbalanced_charge_c == float("inf")
    assert not charge.worst_case  # every parameter known: an exact value, not a worst case


def test_charge_rows_reach_the_standards_table_without_a_limit() -> None:
    dev = _with(shape="monophasic", polarity_alternates=False, frequency_hz=100.0, pulse_width_s=1e-3)
    checks, note = limit_checks(dev, load_limits(), load_ranges())
    rows = {r[0]: r for r in limit_table(checks, note, charge_balance(dev, load_ranges())).rows}
    net = rows["Net d.c. current"]
    assert net[1] == "40 µA" and net[2] == NO_LIMIT and net[3] == NO_LIMIT
    assert rows["Unbalanced charge before the polarity flips"][1] == "unbounded (never compensated)"


def test_unknown_frequency_of_a_known_shape_is_a_real_worst_case() -> None:
    dev = _with(shape="monophasic", polarity_alternates=False, pulse_width_s=1e-3)
    charge = charge_balance(dev, load_ranges())
    # worst over 0.5-1000 Hz (1 ms phases fit up to 1 kHz): 0.4 µC × 1000 Hz = 400 µA
    assert charge.worst_case and charge.net_current_a is not None
    assert abs(charge.net_current_a - 400e-6) < 1e-9


def test_trinity_waveform_not_found_shows_no_zero_worst_case() -> None:
    # K103472: the current "continually alternates between the positive and negative probes"; the shape and how
    # many pulses run before each flip were not found: no net d.c. on average, unbalanced charge not known.
    checks, note = limit_checks(get_device("nuface-trinity"), load_limits(), load_ranges())
    charge = charge_balance(get_device("nuface-trinity"), load_ranges())
    rows = {str(r[0]): str(r[1]) for r in limit_table(checks, note, charge).rows}
    assert rows["Net d.c. current"].startswith("0 µA (on average")
    assert rows["Unbalanced charge before the polarity flips"].startswith("not known")
    assert not any("worst case" in k for k in rows if "charge" in k.lower() or "d.c." in k)


def test_shape_not_found_without_alternation_is_not_known() -> None:
    dev = get_device("nuface-trinity")
    dev = dev.model_copy(update={"waveform": DeviceWaveform()})
    charge = charge_balance(dev, load_ranges())
    assert charge.net_current_a is None and charge.unbalanced_charge_c is None
    assert charge.net_note and "shape was not found" in charge.net_note
