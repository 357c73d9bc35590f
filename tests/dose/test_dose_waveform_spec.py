"""Findings 7/8: unknown monophasic pulse width is half a period; an inconsistent spec is refused."""

from __future__ import annotations

import pytest

from stimsafe.domain.device import Device
from stimsafe.domain.device import Waveform as DeviceWaveform
from stimsafe.dose.advice.catalogue import waveform_candidates
from stimsafe.errors import InputError
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.limits import load_ranges


def _device(**waveform: object) -> Device:
    dev = get_device("nuface-trinity")
    return dev.model_copy(update={"waveform": DeviceWaveform(**waveform), "current_max_a": 4e-4})


def test_monophasic_unknown_width_is_half_a_period() -> None:
    (w,), notes = waveform_candidates(_device(shape="monophasic", polarity_alternates=False, frequency_hz=100.0), {})
    assert w.phase_width_s == pytest.approx(5e-3)  # 0.5 / 100 Hz, not the full 10 ms period
    assert any("half a period" in n for n in notes)


def test_pulse_longer_than_the_period_is_refused() -> None:
    # 2 phases × 6 ms = 12 ms > the 10 ms period at 100 Hz
    dev = _device(shape="biphasic", polarity_alternates=True, frequency_hz=100.0, pulse_width_s=6e-3)
    with pytest.raises(InputError) as err:
        waveform_candidates(dev, {})
    assert err.value.field == "waveform.pulse_width_s" and "100 Hz" in err.value.message


def test_unknown_frequency_is_limited_to_what_holds_the_stated_phase() -> None:
    # 1 ms monophasic phases fit up to 1 kHz, below the 1500 Hz top of the plausible range
    dev = _device(shape="monophasic", polarity_alternates=False, pulse_width_s=1e-3)
    candidates, notes = waveform_candidates(dev, load_ranges())
    assert max(w.frequency_hz for w in candidates) == pytest.approx(1000.0)
    assert all(w.phase_width_s == pytest.approx(1e-3) for w in candidates)
    assert any("1000 Hz" in n for n in notes)
