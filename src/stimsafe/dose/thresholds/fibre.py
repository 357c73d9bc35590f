"""A straight fibre under surface electrodes: where its sections lie and the unit extracellular potential there.

Coordinates: the skin surface is the plane ``z = 0`` (depth positive down); electrodes sit at ``(x, y)`` on it.
The fibre runs at ``depth_m`` along direction ``angle_deg`` (from the x axis), displaced ``offset_m``
perpendicular to that direction; its central node lies at the point of the line closest to the origin, moved
by ``node_shift`` internodes along the fibre. Potentials add over electrodes by superposition, each electrode
carrying ``current_fraction`` of the amplitude into the tissue (-1: the cathode of a current-controlled pair).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from stimsafe.dose.physics.field import Contact, LayeredMedium, radial_profile
from stimsafe.dose.thresholds.mrg import Cable, build_cable

Array = NDArray[np.float64]


class Electrode(BaseModel):
    """One surface contact; ``current_fraction`` is the signed share of the amplitude entering the tissue."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    x_m: float = 0.0
    y_m: float = 0.0
    radius_m: float = Field(default=0.0, ge=0)
    contact: Contact = Contact.POINT
    current_fraction: float = -1.0


def bipolar_pair(spacing_m: float, radius_m: float = 0.0, contact: Contact = Contact.POINT) -> tuple[Electrode, ...]:
    """A cathode at ``(-spacing/2, 0)`` and an anode at ``(+spacing/2, 0)``, both carrying the full current."""
    half = spacing_m / 2
    return (
        Electrode(x_m=-half, radius_m=radius_m, contact=contact, current_fraction=-1.0),
        Electrode(x_m=half, radius_m=radius_m, contact=contact, current_fraction=1.0),
    )


class FibrePlacement(BaseModel):
    """Where a straight myelinated fibre lies under the electrodes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    diameter_um: float = Field(default=10.0, ge=5.7, le=16.0)
    depth_m: float = Field(gt=0)
    angle_deg: float = 0.0
    offset_m: float = 0.0
    node_shift: float = Field(default=0.0, ge=-0.5, le=0.5)
    n_nodes: int = Field(default=51, ge=11)

    def cable(self) -> Cable:
        """The MRG cable of this diameter and node count."""
        return build_cable(self.diameter_um, self.n_nodes)

    def points(self, along_m: Array) -> tuple[Array, Array]:
        """Surface coordinates ``(x, y)`` of positions ``along_m`` measured from the fibre's first section."""
        cable = self.cable()
        centre = cable.node_positions_m[self.n_nodes // 2] - self.node_shift * cable.geometry.internode_um * 1e-6
        s = along_m - centre
        a = math.radians(self.angle_deg)
        ux, uy = math.cos(a), math.sin(a)
        return s * ux - self.offset_m * uy, s * uy + self.offset_m * ux


def unit_potential_mv(
    medium: LayeredMedium, electrodes: tuple[Electrode, ...], placement: FibrePlacement, along_m: Array
) -> Array:
    """Extracellular potential (mV per mA of amplitude) at positions ``along_m`` (shape ``(n,)``) of the fibre."""
    x, y = placement.points(along_m)
    total = np.zeros_like(along_m, dtype=float)
    for e in electrodes:
        r = np.hypot(x - e.x_m, y - e.y_m)
        r_max = float(r.max()) * 1.01 + 1e-6
        spline = radial_profile(medium, placement.depth_m, contact=e.contact, radius_m=e.radius_m, r_max_m=r_max)
        total += e.current_fraction * spline(r)
    return total  # V/A equals mV/mA
