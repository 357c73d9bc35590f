"""The model against human data: reproduce the published set-ups as far as the sources allow, report the ratio.

Two set-ups (``knowledge/data/anchors.yaml``):

* **NET probe** (Laryngoscope 1993; Park & Paik 1982): a hand-held monopolar probe over the nerve. Probe size
  and pulse width were not found: a point contact and single monophasic pulses of 0.2 ms (the ENoG guideline's
  facial-nerve stimulus) and 1 ms bracket it.
* **Surface pair** (Front Rehabil Sci 2023): two ball electrodes at most 2 cm apart over zygomaticus. Ball size
  and phase durations were not found: equipotential disks of 2.5 mm radius (an assumption), 2 cm apart (the
  stated maximum, which gives the lower model threshold), the fibre running along the pair axis.

Both use a 10 µm fibre at the conservative 1 mm depth (skin only) in the cheek's tissue stack; the ratio
``model / measured`` below 1 means the model is *conservative* (predicts twitching at lower currents than people
showed). The *matching depth* is the depth at which the model would equal the measured value — a way of reading
the gap, not a measurement. Nothing here is tuned to the anchors.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict

from stimsafe.dose.advice.margins import ZoneSetup, worst_threshold_a
from stimsafe.dose.physics.field import Contact, LayeredMedium
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.dose.thresholds.fibre import Electrode

VALIDATION_PULSE_WIDTHS_S: tuple[float, ...] = (2e-4, 1e-3)
CONSERVATIVE_DEPTH_M = 1e-3
BALL_RADIUS_M = 2.5e-3  # assumption: ball size not found
PAIR_SPACING_M = 0.02

SetupKind = Literal["probe", "surface"]


class ValidationRow(BaseModel):
    """One comparison: the model threshold for a set-up and pulse width against a measured value (A)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    anchor_id: str
    setup: SetupKind
    pulse_width_s: float
    depth_m: float
    model_a: float
    measured_a: float
    low_end_a: float
    matching_depth_m: float | None

    @property
    def ratio(self) -> float:
        """``model / measured``; below 1: the model is conservative."""
        return self.model_a / self.measured_a

    @property
    def ratio_to_low_end(self) -> float:
        """``model / low end of the measured range`` (mean − 2 SD or the range's lower end)."""
        return self.model_a / self.low_end_a

    @property
    def verdict(self) -> str:
        """``conservative by N×`` or ``non-conservative by N×`` (within 1.5× reads ``agrees within 1.5×``)."""
        if 1 / 1.5 <= self.ratio <= 1.5:
            return "agrees within 1.5×"
        if self.ratio < 1:
            return f"conservative by {1 / self.ratio:.0f}×"
        return f"non-conservative by {self.ratio:.1f}×"


def setup_electrodes(kind: SetupKind) -> tuple[Electrode, ...]:
    """The electrodes of a set-up (cathode at the origin, over the fibre's central node)."""
    if kind == "probe":
        return (Electrode(),)
    return (
        Electrode(radius_m=BALL_RADIUS_M, contact=Contact.EQUIPOTENTIAL_DISK, current_fraction=-1.0),
        Electrode(x_m=PAIR_SPACING_M, radius_m=BALL_RADIUS_M, contact=Contact.EQUIPOTENTIAL_DISK, current_fraction=1.0),
    )


def model_threshold_a(medium: LayeredMedium, kind: SetupKind, pulse_width_s: float, depth_m: float) -> float:
    """Predicted threshold (A) of a single monophasic pulse for a set-up at ``depth_m``."""
    wave = Waveform(shape="monophasic", amplitude_a=1e-3, phase_width_s=pulse_width_s, frequency_hz=1.0)
    setup = ZoneSetup(zone_id="validation", name="validation", medium=medium, depth_m=depth_m)
    return worst_threshold_a(setup, wave, setup_electrodes(kind))


def matching_depth_m(
    medium: LayeredMedium, kind: SetupKind, pulse_width_s: float, measured_a: float, *, max_depth_m: float = 0.03
) -> float | None:
    """Depth (m) at which the model threshold equals ``measured_a`` (bisection, 2 %); ``None`` if outside 1-30 mm."""
    low, high = CONSERVATIVE_DEPTH_M, max_depth_m
    if model_threshold_a(medium, kind, pulse_width_s, low) >= measured_a:
        return None
    if model_threshold_a(medium, kind, pulse_width_s, high) < measured_a:
        return None
    while high / low > 1.02:
        mid = math.sqrt(low * high)
        low, high = (mid, high) if model_threshold_a(medium, kind, pulse_width_s, mid) < measured_a else (low, mid)
    return math.sqrt(low * high)


def validate_against(
    medium: LayeredMedium,
    anchor_id: str,
    kind: SetupKind,
    measured_a: float,
    low_end_a: float,
    *,
    with_depth: bool = True,
) -> tuple[ValidationRow, ...]:
    """Model vs one measured value (typical and low end) over :data:`VALIDATION_PULSE_WIDTHS_S`."""
    return tuple(
        ValidationRow(
            anchor_id=anchor_id,
            setup=kind,
            pulse_width_s=pw,
            depth_m=CONSERVATIVE_DEPTH_M,
            model_a=model_threshold_a(medium, kind, pw, CONSERVATIVE_DEPTH_M),
            measured_a=measured_a,
            low_end_a=low_end_a,
            matching_depth_m=matching_depth_m(medium, kind, pw, measured_a) if with_depth else None,
        )
        for pw in VALIDATION_PULSE_WIDTHS_S
    )
