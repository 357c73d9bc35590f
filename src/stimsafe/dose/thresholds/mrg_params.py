"""MRG (McIntyre, Richardson & Grill 2002) fibre geometry and node-channel constants.

Geometry per fibre diameter is Table 1 of McIntyre et al. (2002) as used by the ``MRG_DISCRETE`` model of
PyFibers/ASCENT; channel constants are those of the ``AXNODE.mod`` mechanism published with the model
(ModelDB 3810). The values are re-typed here from the paper; no code is copied.

References
----------
McIntyre CC, Richardson AG, Grill WM (2002) Modeling the excitability of mammalian nerve fibers: influence of
afterpotentials on the recovery cycle. J Neurophysiol 87:995-1006. https://doi.org/10.1152/jn.00353.2001
"""

from __future__ import annotations

from dataclasses import dataclass

from stimsafe.domain.source import Source
from stimsafe.errors import InputError

#: The model's source, cited by every model threshold and margin.
MRG_SOURCE = Source(
    id="mrg-2002",
    title="McIntyre CC, Richardson AG, Grill WM (2002) J Neurophysiol 87:995-1006 (MRG axon model)",
    url="https://doi.org/10.1152/jn.00353.2001",
)


@dataclass(frozen=True)
class MRGGeometry:
    """Geometry of one MRG fibre diameter (all lengths in µm, as in the paper's table)."""

    fiber_d_um: float
    axon_d_um: float
    node_d_um: float
    internode_um: float  # node-to-node distance (deltax)
    flut_length_um: float  # paralength2
    lamellae: int
    mysa_length_um: float = 3.0
    node_length_um: float = 1.0
    space_p1_um: float = 0.002
    space_p2_um: float = 0.004
    space_i_um: float = 0.004

    @property
    def stin_length_um(self) -> float:
        """Length of one of the six internodal (STIN) sections."""
        return (self.internode_um - self.node_length_um - 2 * self.mysa_length_um - 2 * self.flut_length_um) / 6


# fibre D: (axon D, node D = MYSA D, deltax, FLUT length, lamellae)  -- McIntyre et al. 2002, Table 1
_TABLE: dict[float, tuple[float, float, float, float, int]] = {
    5.7: (3.4, 1.9, 500.0, 35.0, 80),
    7.3: (4.6, 2.4, 750.0, 38.0, 100),
    8.7: (5.8, 2.8, 1000.0, 40.0, 110),
    10.0: (6.9, 3.3, 1150.0, 46.0, 120),
    11.5: (8.1, 3.7, 1250.0, 50.0, 130),
    12.8: (9.2, 4.2, 1350.0, 54.0, 135),
    14.0: (10.4, 4.7, 1400.0, 56.0, 140),
    15.0: (11.5, 5.0, 1450.0, 58.0, 145),
    16.0: (12.7, 5.5, 1500.0, 60.0, 150),
}

DIAMETERS_UM: tuple[float, ...] = tuple(sorted(_TABLE))

# electrical constants (McIntyre 2002)
RHO_AXIAL_OHM_CM = 70.0
NODE_CM_UF_CM2 = 2.0
MYELIN_C_PER_LAMELLA_UF_CM2 = 0.1
MYELIN_G_PER_LAMELLA_S_CM2 = 0.001
E_PAS_MV = -80.0
V_REST_MV = -80.0

# AXNODE channel densities (S/cm²) and reversal potentials (mV)
G_NAF_S_CM2 = 3.0
G_NAP_S_CM2 = 0.01
G_KS_S_CM2 = 0.08
G_LEAK_S_CM2 = 0.007
E_NA_MV = 50.0
E_K_MV = -90.0
E_LEAK_MV = -90.0


def geometry(fiber_d_um: float) -> MRGGeometry:
    """The MRG geometry for a tabulated diameter; other diameters in 5.7-16 µm are interpolated linearly.

    Examples
    --------
    >>> geometry(10.0).internode_um
    1150.0
    >>> round(geometry(10.0).stin_length_um, 3)
    175.167
    """
    if not DIAMETERS_UM[0] <= fiber_d_um <= DIAMETERS_UM[-1]:
        raise InputError(
            "Fibre diameter outside the MRG table.",
            field="fiber_d_um",
            value=fiber_d_um,
            hint=f"Use a diameter between {DIAMETERS_UM[0]} and {DIAMETERS_UM[-1]} µm.",
        )
    if fiber_d_um in _TABLE:
        a, n, dx, fl, nl = _TABLE[fiber_d_um]
        return MRGGeometry(fiber_d_um, a, n, dx, fl, nl)
    hi = next(d for d in DIAMETERS_UM if d > fiber_d_um)
    lo = max(d for d in DIAMETERS_UM if d < fiber_d_um)
    w = (fiber_d_um - lo) / (hi - lo)
    rows = [(1 - w) * x + w * y for x, y in zip(_TABLE[lo], _TABLE[hi], strict=True)]
    return MRGGeometry(fiber_d_um, rows[0], rows[1], rows[2], rows[3], round(rows[4]))
