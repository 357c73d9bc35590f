"""From catalogue objects (:class:`Device`, :class:`Zone`) to the engine's typed inputs, worst case where unknown.

Unknown waveform parameters: a 50 % duty square wave (phase = half a period, for monophasic pulses too) over the
sourced plausible frequency range, both ends evaluated; the caller takes the worst metric and the lowest
threshold. Unknown electrode geometry: a single point cathode (the most concentrated current; a pair's anode
raises the threshold when it is much nearer the cathode than the nerve is deep, but a few millimetres away its
flank can lower it by a few per cent, docs/dose.md "Known weak points"). Levels: evenly spaced from the minimum to
the maximum current (an assumption; stated).
"""

from __future__ import annotations

from collections.abc import Mapping

from stimsafe.domain.device import Device
from stimsafe.domain.zone import Zone
from stimsafe.dose.advice.limits import ParameterRange
from stimsafe.dose.advice.margins import ZoneSetup
from stimsafe.dose.physics.field import Layer, LayeredMedium
from stimsafe.dose.physics.tissue import TissueConductivity
from stimsafe.dose.physics.waveform import Polarity, Waveform
from stimsafe.errors import InputError


def waveform_candidates(device: Device, ranges: Mapping[str, ParameterRange]) -> tuple[tuple[Waveform, ...], list[str]]:
    """Waveforms spanning what is unknown about ``device`` at its maximum current, and notes saying so."""
    if device.current_max_a is None:
        raise InputError(
            "The device's maximum current was not found; the dose engine needs it.",
            field="current_max_a",
            value=device.id,
            hint="Give the maximum output, e.g. a device spec with current_max_a.",
        )
    wf = device.waveform
    notes: list[str] = []
    polarity = Polarity.ALTERNATING if wf.polarity_alternates or wf.shape == "unknown" else Polarity.UNKNOWN
    if polarity is Polarity.UNKNOWN:
        notes.append(
            "Which electrode lies over the nerve is not known: the worst case over cathodic and anodic phases "
            "was taken."
        )
    shape = "biphasic" if wf.shape in ("biphasic", "unknown") else "monophasic"
    if wf.shape == "unknown":
        notes.append("Waveform shape not found: evaluated as a square wave of alternating polarity.")
    phases = 2 if shape == "biphasic" else 1
    if wf.frequency_hz is not None:
        freqs: tuple[float, ...] = (wf.frequency_hz,)
        _check_fits(device, phases, wf.frequency_hz)
    else:
        band = ranges["frequency_hz"]
        high = band.high
        if wf.pulse_width_s is not None and phases * wf.pulse_width_s * band.high > 1:
            high = max(band.low, 1.0 / (phases * wf.pulse_width_s))
            notes.append(f"Frequencies above {high:g} Hz cannot hold the stated {wf.pulse_width_s * 1e3:g} ms phases.")
        freqs = (band.low, high)
        notes.append(f"Frequency not found: worst case over {band.low:g}-{high:g} Hz (plausible range).")
    out = []
    for f in freqs:
        width = wf.pulse_width_s if wf.pulse_width_s is not None else 0.5 / f
        out.append(
            Waveform(
                shape=shape,
                amplitude_a=device.current_max_a,
                phase_width_s=min(width, 1.0 / (phases * f)),
                frequency_hz=f,
                polarity=polarity,
            )
        )
    if wf.pulse_width_s is None:
        notes.append(
            "Pulse width not found: a 50 % duty square wave was assumed, each phase lasting half a period "
            "(a monophasic pulse is then off for the other half)."
        )
    return tuple(out), notes


def _check_fits(device: Device, phases: int, frequency_hz: float) -> None:
    """Refuse a spec whose phases do not fit in one period (they would otherwise be silently clipped)."""
    width = device.waveform.pulse_width_s
    if width is not None and phases * width * frequency_hz > 1 + 1e-9:
        raise InputError(
            f"The pulse width ({width * 1e3:g} ms × {phases} phase(s)) is longer than the period at "
            f"{frequency_hz:g} Hz ({1e3 / frequency_hz:g} ms).",
            field="waveform.pulse_width_s",
            value=f"{device.id}: {width:g} s at {frequency_hz:g} Hz",
            hint="Check the device spec: pulse width and frequency are inconsistent (units µs vs ms?).",
        )


def level_currents(device: Device) -> tuple[float, ...]:
    """Current at each level, evenly spaced from the minimum to the maximum (empty if levels are unknown)."""
    if device.levels is None or device.current_max_a is None:
        return ()
    low = device.current_min_a if device.current_min_a is not None else device.current_max_a / device.levels
    if device.levels == 1:
        return (device.current_max_a,)
    step = (device.current_max_a - low) / (device.levels - 1)
    return tuple(low + i * step for i in range(device.levels))


def zone_setups(
    zone: Zone, tissues: Mapping[str, TissueConductivity], *, corners: bool = True
) -> tuple[ZoneSetup, ...]:
    """The zone's layered media: every corner of the tissues' sourced conductivity ranges (``corners=True``, the
    worst-case search), or the nominal values with only not-found tissues bracketed (``corners=False``)."""
    combos: list[list[Layer]] = [[]]
    for layer in zone.layers:
        tissue = tissues[layer.tissue]
        values = tissue.bracket() if corners else tissue.nominal()
        thickness = None if layer.is_half_space else layer.thickness_m
        combos = [
            [*c, Layer(tissue=layer.tissue, conductivity_s_m=v, thickness_m=thickness)] for c in combos for v in values
        ]
    return tuple(
        ZoneSetup(zone_id=zone.id, name=zone.name, medium=LayeredMedium(layers=tuple(c)), depth_m=zone.nerve_depth_m)
        for c in combos
    )
