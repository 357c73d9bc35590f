"""Per-zone margins: fibre activation threshold for a waveform, against the device's maximum output.

``margin = threshold / device maximum``. The placement is the conservative one: fibre at the zone's (lower-bound)
nerve depth, straight under the cathode, with the worse of a node or an internode centre beneath it and the
worse polarity where it alternates or is unknown. Every threshold (the margin, the strength-duration curve, the
test-pulse ratio) is the MRG model's, from :func:`stimsafe.dose.thresholds.engine.lowest_threshold_a`.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.dose.physics.field import LayeredMedium
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.dose.thresholds.engine import ThresholdQuery, lowest_threshold_a
from stimsafe.dose.thresholds.fibre import Electrode, FibrePlacement

SD_PULSE_WIDTHS_S: tuple[float, ...] = (2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3)
#: Assumed bracket of the pulse widths of the human twitch-threshold tests (their widths were not found).
TEST_PULSE_WIDTHS_S: tuple[float, float] = (1e-4, 3e-4)
METHOD = "MRG double cable (McIntyre 2002)"


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


def worst_case_queries(
    setup: ZoneSetup, waveform: Waveform, electrodes: tuple[Electrode, ...], fibre_d_um: float = 10.0
) -> list[ThresholdQuery]:
    """The engine queries of the conservative placement: node or internode centre under the cathode, every
    time course of the waveform's polarity (:meth:`Waveform.time_courses`)."""
    return [
        ThresholdQuery(medium=setup.medium, electrodes=electrodes, placement=placement, pulses=course)
        for placement in _placements(setup, fibre_d_um)
        for course in waveform.time_courses()
    ]


def worst_threshold_a(
    setup: ZoneSetup, waveform: Waveform, electrodes: tuple[Electrode, ...], fibre_d_um: float = 10.0
) -> float:
    """MRG threshold (A) of the worst case over node alignment and polarity; ``inf`` when none up to 1 A."""
    found, _ = lowest_threshold_a(worst_case_queries(setup, waveform, electrodes, fibre_d_um))
    return math.inf if found is None else found


def zone_margin(
    setup: ZoneSetup,
    waveform: Waveform,
    electrodes: tuple[Electrode, ...],
    *,
    level_currents_a: tuple[float, ...] = (),
    fibre_d_um: float = 10.0,
    sd_curve: bool = True,
) -> ZoneMargin:
    """Threshold, margin and strength-duration curve for one zone and one waveform (``amplitude_a`` = max).

    ``sd_curve=False`` skips the strength-duration curve where only the margin is needed.
    """
    found = worst_threshold_a(setup, waveform, electrodes, fibre_d_um)
    threshold = found if math.isfinite(found) else None
    notes: list[str] = []
    if waveform.phase_capped:
        notes.append("Phases longer than 5 ms were simulated as 5 ms: the threshold is at rheobase there.")
    sd = tuple(
        (pw, worst_threshold_a(setup, _single(waveform, pw), electrodes, fibre_d_um))
        for pw in (SD_PULSE_WIDTHS_S if sd_curve else ())
    )
    margin = None if threshold is None else threshold / waveform.amplitude_a
    ratio = test_pulse_ratio(setup, waveform, electrodes, found, fibre_d_um)
    level = next((i + 1 for i, a in enumerate(level_currents_a) if threshold is not None and a >= threshold), None)
    return ZoneMargin(
        zone_id=setup.zone_id,
        name=setup.name,
        threshold_a=threshold,
        method=METHOD,
        max_output_a=waveform.amplitude_a,
        margin=margin,
        first_level_at_threshold=level,
        sd_curve=sd,
        notes=tuple(notes),
        depth_m=setup.depth_m,
        test_pulse_ratio=ratio,
    )


def _single(waveform: Waveform, phase_width_s: float) -> Waveform:
    """One pulse of ``waveform``'s shape and polarity with another phase width (1 Hz: a pulse on its own)."""
    return waveform.model_copy(update={"phase_width_s": phase_width_s, "frequency_hz": 1.0})


def test_pulse_ratio(
    setup: ZoneSetup, waveform: Waveform, electrodes: tuple[Electrode, ...], threshold_a: float, fibre_d_um: float
) -> tuple[float, float] | None:
    """The model's strength-duration ratio from each assumed test pulse width to ``waveform`` (``None`` if infinite)."""
    tests = [worst_threshold_a(setup, _single(waveform, pw), electrodes, fibre_d_um) for pw in TEST_PULSE_WIDTHS_S]
    if not all(math.isfinite(t) and t > 0 for t in (*tests, threshold_a)):
        return None
    return threshold_a / tests[0], threshold_a / tests[1]
