"""Model margins beyond the conservative bound: over nerve depth and over electrode contact size.

The conservative bound (nerve at the zone's lower-bound depth, point contact) stays the labelled headline of the
model. Here the same MRG engine is evaluated

* over a depth sweep (:data:`SWEEP_DEPTHS_M`, 1-10 mm) with the zone's own tissue stack, depths above the zone's
  sourced lower bound being marked as implausible (no source gives a branch depth; all say "deeper");
* for equipotential (metal) disk contacts of :data:`ASSUMED_CONTACT_RADII_M` at the lower-bound depth. The
  contact area of the devices' spheres was **not found** (devices_regulatory.md §4.1: "no measured areas
  found"); the 1-5 mm radius range (0.03-0.79 cm²) is an assumption;
* for the *crossover depth*: the depth above which (point contact) the model threshold exceeds the device's
  maximum output. The model reaches the device only if the branch lies shallower than that.
"""

from __future__ import annotations

import math
from functools import cache

from pydantic import BaseModel, ConfigDict

from stimsafe.dose.advice.margins import ZoneSetup, worst_threshold_a
from stimsafe.dose.physics.field import Contact, LayeredMedium
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.dose.thresholds.fibre import Electrode

SWEEP_DEPTHS_M: tuple[float, ...] = (1e-3, 2e-3, 3e-3, 5e-3, 7e-3, 10e-3)
ASSUMED_CONTACT_RADII_M: tuple[float, ...] = (1e-3, 5e-3)
CONTACT_ASSUMPTION = (
    "Contact area of the electrodes not found: equipotential disks of 1-5 mm radius (0.03-0.79 cm²) were assumed."
)
MAX_CROSSOVER_DEPTH_M = 20e-3


class ContactPoint(BaseModel):
    """Model threshold (A) for one contact at the zone's lower-bound depth."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    radius_m: float
    threshold_a: float
    margin: float


class ZoneSweep(BaseModel):
    """Depth and contact-size sweep of one zone (thresholds in A; ``None`` above the sourced lower bound)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zone_id: str
    lower_bound_m: float
    max_output_a: float
    depth_thresholds_a: tuple[tuple[float, float | None], ...]
    contacts: tuple[ContactPoint, ...]
    crossover_depth_m: float | None
    crossover_note: str

    def depth_margin(self, depth_m: float) -> float | None:
        """Margin at one of the swept depths (``None`` when above the lower bound)."""
        thr = dict(self.depth_thresholds_a).get(depth_m)
        return None if thr is None else thr / self.max_output_a


@cache
def _threshold(medium: LayeredMedium, depth_m: float, waveform: Waveform, electrodes: tuple[Electrode, ...]) -> float:
    setup = ZoneSetup(zone_id="sweep", name="sweep", medium=medium, depth_m=depth_m)
    return worst_threshold_a(setup, waveform, electrodes)


def threshold_at(setup: ZoneSetup, waveform: Waveform, depth_m: float, radius_m: float = 0.0) -> float:
    """Predicted worst-case threshold (A) at ``depth_m`` under one contact of ``radius_m`` (0: a point)."""
    contact = Contact.POINT if radius_m == 0 else Contact.EQUIPOTENTIAL_DISK
    electrodes = (Electrode(radius_m=radius_m, contact=contact),)
    return _threshold(setup.medium, round(depth_m, 9), waveform, electrodes)


def crossover_depth_m(setup: ZoneSetup, waveform: Waveform, *, rel_tol: float = 0.02) -> tuple[float | None, str]:
    """Depth (m) above which the point-contact model threshold is below the device maximum, with a note.

    ``None`` when the threshold exceeds the maximum already at the lower bound, or is still below it at
    :data:`MAX_CROSSOVER_DEPTH_M` (the note then says which). Thresholds grow with depth, so bisection applies.
    """
    target = waveform.amplitude_a
    low, high = setup.depth_m, MAX_CROSSOVER_DEPTH_M
    if threshold_at(setup, waveform, low) >= target:
        return None, "the model threshold is above the maximum output at every depth from the lower bound down"
    if threshold_at(setup, waveform, high) < target:
        return None, f"the model threshold stays below the maximum output down to {high * 1e3:g} mm"
    while high / low > 1 + rel_tol:
        mid = math.sqrt(low * high)
        low, high = (mid, high) if threshold_at(setup, waveform, mid) < target else (low, mid)
    return (
        high,
        f"the model threshold reaches the maximum output only if the branch lies shallower than {high * 1e3:.1f} mm",
    )


def zone_sweep(setup: ZoneSetup, waveform: Waveform) -> ZoneSweep:
    """Depth sweep, contact-size range and crossover depth for one zone's worst-case set-up."""
    rows = tuple((d, None if d < setup.depth_m - 1e-9 else threshold_at(setup, waveform, d)) for d in SWEEP_DEPTHS_M)
    contacts = tuple(
        ContactPoint(
            radius_m=r,
            threshold_a=(t := threshold_at(setup, waveform, setup.depth_m, r)),
            margin=t / waveform.amplitude_a,
        )
        for r in ASSUMED_CONTACT_RADII_M
    )
    depth, note = crossover_depth_m(setup, waveform)
    return ZoneSweep(
        zone_id=setup.zone_id,
        lower_bound_m=setup.depth_m,
        max_output_a=waveform.amplitude_a,
        depth_thresholds_a=rows,
        contacts=contacts,
        crossover_depth_m=depth,
        crossover_note=note,
    )
