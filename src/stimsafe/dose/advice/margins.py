"""Per-zone margins: fibre activation threshold for a waveform, against the device's maximum output.

``margin = threshold / device maximum``. The placement is the conservative one: fibre at the zone's (lower-bound)
nerve depth, straight under the cathode, with the worse of a node or an internode centre beneath it and the
worse polarity (for biphasic or alternating waveforms). The linear predictor picks the worst case and draws the
strength-duration curve; the reported threshold is then refined with the MRG model (``refine=True``).
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from stimsafe.dose.physics.field import LayeredMedium
from stimsafe.dose.physics.waveform import Pulse, Shape, Waveform
from stimsafe.dose.thresholds.fibre import Electrode, FibrePlacement, unit_potential_mv
from stimsafe.dose.thresholds.mrg import excites, fast_dt_ms
from stimsafe.dose.thresholds.search import find_threshold
from stimsafe.dose.thresholds.surrogate import predict_threshold

SD_PULSE_WIDTHS_S: tuple[float, ...] = (2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3)
#: Assumed bracket of the pulse widths of the human twitch-threshold tests (their widths were not found).
TEST_PULSE_WIDTHS_S: tuple[float, float] = (1e-4, 3e-4)


class ZoneSetup(BaseModel):
    """What the engine needs of a zone: its layered medium and the nerve depth (lower bound) under it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zone_id: str
    name: str
    medium: LayeredMedium
    depth_m: float = Field(gt=0)


class ZoneMargin(BaseModel):
    """The result for one zone (amplitudes in A)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zone_id: str
    name: str
    threshold_a: float | None
    method: str
    max_output_a: float
    margin: float | None
    first_level_at_threshold: int | None
    sd_curve: tuple[tuple[float, float], ...]
    notes: tuple[str, ...] = ()
    depth_m: float | None = None
    test_pulse_ratio: tuple[float, float] | None = None
    """Model threshold for the device's waveform / model threshold at each of :data:`TEST_PULSE_WIDTHS_S`."""


def _placements(setup: ZoneSetup, fibre_d_um: float) -> tuple[FibrePlacement, ...]:
    return tuple(
        FibrePlacement(diameter_um=fibre_d_um, depth_m=setup.depth_m, node_shift=s, n_nodes=51) for s in (0.0, 0.5)
    )


def _polarities(waveform: Waveform) -> tuple[bool, ...]:
    return (True, False) if (waveform.shape is Shape.BIPHASIC or waveform.alternating) else (True,)


def _fields(setup: ZoneSetup, electrodes: tuple[Electrode, ...], placement: FibrePlacement) -> tuple[np.ndarray, ...]:
    cable = placement.cable()
    ve_sec = unit_potential_mv(setup.medium, electrodes, placement, cable.positions_m)
    return ve_sec, ve_sec[cable.node_sections]


def predicted_threshold_a(
    setup: ZoneSetup, waveform: Waveform, electrodes: tuple[Electrode, ...], fibre_d_um: float = 10.0
) -> tuple[float, FibrePlacement, tuple[Pulse, ...]]:
    """Worst-case predicted threshold (A) over node alignment and polarity, with the placement and pulses."""
    best: tuple[float, FibrePlacement, tuple[Pulse, ...]] = (math.inf, _placements(setup, fibre_d_um)[0], ())
    for placement in _placements(setup, fibre_d_um):
        _, ve_nodes = _fields(setup, electrodes, placement)
        for cathodic_first in _polarities(waveform):
            pulses = waveform.unit_pulses(cathodic_first=cathodic_first)
            thr_ma = predict_threshold(ve_nodes, pulses, fibre_d_um)
            if thr_ma * 1e-3 < best[0]:
                best = (thr_ma * 1e-3, placement, pulses)
    return best


def mrg_threshold_a(
    setup: ZoneSetup,
    electrodes: tuple[Electrode, ...],
    placement: FibrePlacement,
    pulses: tuple[Pulse, ...],
    guess_a: float,
) -> float | None:
    """MRG threshold (A, 1 % tolerance) for one placement and pulse sequence; ``None`` if none up to 1 A."""
    cable = placement.cable()
    ve_sec, _ = _fields(setup, electrodes, placement)
    dt, dt_after = fast_dt_ms(pulses)
    found = find_threshold(
        lambda a_ma: excites(cable, ve_sec, pulses, a_ma, dt_ms=dt, dt_after_ms=dt_after),
        guess_a * 1e3,
        rel_tol=0.01,
        step=1.15,
        max_amplitude=1000.0,
    )
    return None if found.amplitude is None else found.amplitude * 1e-3


def zone_margin(
    setup: ZoneSetup,
    waveform: Waveform,
    electrodes: tuple[Electrode, ...],
    *,
    level_currents_a: tuple[float, ...] = (),
    fibre_d_um: float = 10.0,
    refine: bool = True,
    sd_curve: bool = True,
) -> ZoneMargin:
    """Threshold, margin and strength-duration curve for one zone and one waveform (``amplitude_a`` = max).

    ``sd_curve=False`` skips the strength-duration curve (eight more predictions) where only the margin is needed.
    """
    predicted, placement, pulses = predicted_threshold_a(setup, waveform, electrodes, fibre_d_um)
    threshold: float | None = predicted
    method = "linear predictor calibrated to MRG"
    notes: list[str] = []
    if refine and math.isfinite(predicted):
        threshold = mrg_threshold_a(setup, electrodes, placement, pulses, predicted)
        method = "MRG double cable (McIntyre 2002)"
    if waveform.phase_capped:
        notes.append("Phases longer than 5 ms were simulated as 5 ms: the threshold is at rheobase there.")
    sd = tuple(
        (
            pw,
            predicted_threshold_a(
                setup, waveform.model_copy(update={"phase_width_s": pw, "frequency_hz": 1.0}), electrodes, fibre_d_um
            )[0],
        )
        for pw in (SD_PULSE_WIDTHS_S if sd_curve else ())
    )
    margin = None if threshold is None else threshold / waveform.amplitude_a
    ratio = test_pulse_ratio(setup, waveform, electrodes, predicted, fibre_d_um)
    level = next((i + 1 for i, a in enumerate(level_currents_a) if threshold is not None and a >= threshold), None)
    return ZoneMargin(
        zone_id=setup.zone_id,
        name=setup.name,
        threshold_a=threshold,
        method=method,
        max_output_a=waveform.amplitude_a,
        margin=margin,
        first_level_at_threshold=level,
        sd_curve=sd,
        notes=tuple(notes),
        depth_m=setup.depth_m,
        test_pulse_ratio=ratio,
    )


def test_pulse_ratio(
    setup: ZoneSetup, waveform: Waveform, electrodes: tuple[Electrode, ...], predicted_a: float, fibre_d_um: float
) -> tuple[float, float] | None:
    """The model's strength-duration ratio from each assumed test pulse width to ``waveform`` (``None`` if infinite)."""
    tests = [
        predicted_threshold_a(
            setup, waveform.model_copy(update={"phase_width_s": pw, "frequency_hz": 1.0}), electrodes, fibre_d_um
        )[0]
        for pw in TEST_PULSE_WIDTHS_S
    ]
    if not all(math.isfinite(t) and t > 0 for t in (*tests, predicted_a)):
        return None
    return predicted_a / tests[0], predicted_a / tests[1]
