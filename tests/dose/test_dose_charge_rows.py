"""Finding 5: net d.c. and unbalanced charge are reported, with no invented limit."""

from __future__ import annotations

from stimsafe.domain.device import Device
from stimsafe.domain.device import Waveform as DeviceWaveform
from stimsafe.dose.advice.analysis import charge_balance, limit_checks
from stimsafe.dose.report.tables import NO_LIMIT, limit_table
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.limits import load_limits, load_ranges


def _monophasic() -> Device:
    dev = get_device("nuface-trinity")
    wf = DeviceWaveform(shape="monophasic", polarity_alternates=False, frequency_hz=100.0, pulse_width_s=1e-3)
    return dev.model_copy(update={"waveform": wf, "current_max_a": 4e-4})


def test_monophasic_net_dc_by_hand() -> None:
    dev = _monophasic()
    net_a, unbalanced_c = charge_balance(dev, load_ranges())
    # by hand: Q = 400 µA × 1 ms = 0.4 µC per pulse, × 100 Hz = 40 µA net d.c.; never compensated
    assert abs(net_a - 40e-6) < 1e-12
    assert unbalanced_c == float("inf")


def test_charge_rows_reach_the_standards_table_without_a_limit() -> None:
    dev = _monophasic()
    checks, note = limit_checks(dev, load_limits(), load_ranges())
    net_a, unbalanced_c = charge_balance(dev, load_ranges())
    rows = {r[0]: r for r in limit_table(checks, note, net_a, unbalanced_c).rows}
    net = rows["Net d.c. current (worst case)"]
    assert net[1] == "40 µA" and net[2] == NO_LIMIT and net[3] == NO_LIMIT
    assert rows["Unbalanced charge before the polarity flips (worst case)"][1] == "unbounded (never compensated)"


def test_alternating_device_reports_zero_net_dc() -> None:
    # NuFACE Trinity: shape not found (evaluated biphasic), polarity alternates -> no net d.c., balanced phases
    net_a, unbalanced_c = charge_balance(get_device("nuface-trinity"), load_ranges())
    assert net_a == 0.0 and unbalanced_c == 0.0
