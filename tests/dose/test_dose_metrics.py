"""Dose metrics and limit checks against hand calculations."""

from __future__ import annotations

import math

import pytest

from stimsafe.dose.advice.limits import check_limits
from stimsafe.dose.physics.metrics import dose_metrics
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.knowledge.limits import load_limits


def test_biphasic_hand_calculation() -> None:
    # 2 mA, 200 µs per phase, 50 Hz, biphasic, 2 cm²: I_rms = 2 mA·sqrt(2·200e-6·50) = 0.2828 mA (Enraf formula)
    w = Waveform(shape="biphasic", amplitude_a=2e-3, phase_width_s=200e-6, frequency_hz=50)
    m = dose_metrics(w, 2e-4)
    assert m.rms_current_a == pytest.approx(2e-3 * math.sqrt(0.02))
    assert m.charge_per_phase_c == pytest.approx(0.4e-6)
    assert m.charge_density_c_m2 * 100 == pytest.approx(0.2)  # 0.2 µC/cm²
    assert m.shannon_k == pytest.approx(math.log10(0.4 * 0.2))
    assert m.net_current_a == 0.0
    assert m.power_density_w_m2 == pytest.approx(m.rms_current_a**2 * 500 / 2e-4)


def test_monophasic_dc_and_limits() -> None:
    w = Waveform(shape="monophasic", amplitude_a=4e-4, phase_width_s=1e-3, frequency_hz=100)
    m = dose_metrics(w, 0.1e-4)  # 0.1 cm²
    assert m.net_current_a == pytest.approx(4e-4 * 1e-3 * 100)  # 40 µA d.c.
    checks = {c.limit.id: c for c in check_limits(m, load_limits())}
    # r.m.s. density 0.1265 mA / 0.1 cm² = 1.265 mA/cm² < 2
    assert checks["iec-rms-current-density"].within
    assert checks["iec-rms-current-density"].margin == pytest.approx(2 / 1.2649, rel=1e-3)
    # charge density 0.4 µC / 0.1 cm² = 4 µC/cm² < 30; k = log10(0.4·4) = 0.204
    assert checks["charge-density-30"].value * 100 == pytest.approx(4.0)
    assert checks["shannon-k"].value == pytest.approx(math.log10(1.6))
