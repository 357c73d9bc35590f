"""The MRG double-cable myelinated axon, integrated with backward Euler and a banded solver.

Each internode has 11 single-compartment sections (node, MYSA, FLUT, 6 STIN, FLUT, MYSA) as in McIntyre,
Richardson & Grill (2002), https://doi.org/10.1152/jn.00353.2001. Every section has an intracellular potential
``Vi`` and a periaxonal potential ``Vp``; the myelin (capacitance and conductance per lamella) joins ``Vp`` to the
applied extracellular potential ``Ve``; at nodes ``Vp = Ve`` (NEURON's ``xg = 1e10``). Units inside: mV, ms, µA,
mS, µF, cm. The integration follows NEURON's fixed step: voltages by backward Euler with the ionic current
linear in ``V`` at frozen gates (exact for these channels), then gates by exponential Euler at the new voltage.

This is the accuracy reference of :mod:`stimsafe.dose`. It costs a few tenths of a second per simulated
millisecond-scale run; use :mod:`stimsafe.dose.thresholds.surrogate` for sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
from numpy.typing import NDArray
from scipy.linalg import solve_banded

from stimsafe.dose.physics.waveform import Pulse
from stimsafe.dose.thresholds import mrg_params as p
from stimsafe.dose.thresholds.mrg_channels import Gates

Array = NDArray[np.float64]
_UM_TO_CM = 1e-4


@dataclass(frozen=True)
class Cable:
    """A built MRG fibre: per-section electrical constants, each of shape ``(n_sections,)`` unless noted."""

    geometry: p.MRGGeometry
    n_nodes: int
    positions_m: Array  # section centres along the fibre, from 0
    node_sections: NDArray[np.int64]  # (n_nodes,) section index of each node
    c_m_uf: Array  # membrane capacitance
    g_pas_ms: Array  # passive membrane conductance (0 at active nodes)
    c_my_uf: Array  # myelin capacitance (0 at nodes)
    g_my_ms: Array  # myelin conductance (0 at nodes)
    g_axial_ms: Array  # (n_sections - 1,) intracellular conductance between neighbours
    g_peri_ms: Array  # (n_sections - 1,) periaxonal conductance between neighbours
    node_area_cm2: Array  # (n_nodes,)
    active: NDArray[np.bool_]  # (n_nodes,) nodes with AXNODE channels (the two end nodes are passive)

    @property
    def length_m(self) -> float:
        """Node-to-node length of the fibre."""
        return float(self.positions_m[self.node_sections[-1]] - self.positions_m[self.node_sections[0]])

    @property
    def node_positions_m(self) -> Array:
        """Positions of the nodes, shape ``(n_nodes,)``."""
        out: Array = self.positions_m[self.node_sections]
        return out


def _sections(g: p.MRGGeometry) -> list[tuple[str, float, float, float]]:
    """One internode's sections: (kind, length µm, axon diameter µm, periaxonal space µm), node first."""
    mysa = ("mysa", g.mysa_length_um, g.node_d_um, g.space_p1_um)
    flut = ("flut", g.flut_length_um, g.axon_d_um, g.space_p2_um)
    stin = ("stin", g.stin_length_um, g.axon_d_um, g.space_i_um)
    return [("node", g.node_length_um, g.node_d_um, g.space_p1_um), mysa, flut, *[stin] * 6, flut, mysa]


@cache
def build_cable(fiber_d_um: float = 10.0, n_nodes: int = 101) -> Cable:
    """Build (and cache) the MRG cable for a fibre diameter and a node count (odd, so one node is central).

    Examples
    --------
    >>> c = build_cable(10.0, 21)
    >>> c.positions_m.shape, round(c.length_m * 1e3, 2)
    ((221,), 23.0)
    """
    g = p.geometry(fiber_d_um)
    unit = _sections(g)
    secs = [*unit * (n_nodes - 1), unit[0]]
    kind = [s[0] for s in secs]
    length_um = np.array([s[1] for s in secs])
    d_um = np.array([s[2] for s in secs])
    space_um = np.array([s[3] for s in secs])
    is_node = np.array([k == "node" for k in kind])
    starts = np.concatenate([[0.0], np.cumsum(length_um)[:-1]])
    positions_m = (starts + length_um / 2) * 1e-6
    area_cm2 = np.pi * np.where(is_node, d_um, g.fiber_d_um) * length_um * _UM_TO_CM**2
    c_m = np.where(is_node, p.NODE_CM_UF_CM2 * area_cm2, 2.0 * np.pi * d_um * length_um * _UM_TO_CM**2)
    g_pas_density = np.select([is_node, np.array(kind) == "mysa"], [0.0, 0.001], 0.0001)  # S/cm² per D ratio
    g_pas = g_pas_density * np.pi * d_um * length_um * _UM_TO_CM**2 * 1e3
    fibre_area = np.pi * g.fiber_d_um * length_um * _UM_TO_CM**2
    c_my = np.where(is_node, 0.0, p.MYELIN_C_PER_LAMELLA_UF_CM2 / (2 * g.lamellae) * fibre_area)
    g_my = np.where(is_node, 0.0, p.MYELIN_G_PER_LAMELLA_S_CM2 / (2 * g.lamellae) * fibre_area * 1e3)
    rho_ohm_um = p.RHO_AXIAL_OHM_CM * 1e4
    r_axial = rho_ohm_um * length_um / (np.pi * d_um**2 / 4)
    r_peri = rho_ohm_um * length_um / (np.pi * ((d_um / 2 + space_um) ** 2 - (d_um / 2) ** 2))
    node_sections = np.flatnonzero(is_node)
    active = np.ones(n_nodes, dtype=bool)
    active[[0, -1]] = False
    return Cable(
        geometry=g,
        n_nodes=n_nodes,
        positions_m=positions_m,
        node_sections=node_sections,
        c_m_uf=c_m,
        g_pas_ms=g_pas,
        c_my_uf=c_my,
        g_my_ms=g_my,
        g_axial_ms=1e3 / (r_axial[:-1] / 2 + r_axial[1:] / 2),
        g_peri_ms=1e3 / (r_peri[:-1] / 2 + r_peri[1:] / 2),
        node_area_cm2=area_cm2[node_sections],
        active=active,
    )


@dataclass
class _State:
    vi: Array  # (n_sections,) intracellular potential
    vp: Array  # (n_sections,) periaxonal potential
    gates: Gates  # active nodes
    ve_prev: Array = field(default_factory=lambda: np.zeros(0))


def _matrix(cable: Cable, dt_ms: float) -> Array:
    """Constant part of the banded system (LAPACK band layout, ``l = u = 2``), interleaving ``Vi``, ``Vp``."""
    n = cable.positions_m.size
    ab = np.zeros((5, 2 * n))
    is_node = np.zeros(n, dtype=bool)
    is_node[cable.node_sections] = True
    cm_dt = cable.c_m_uf / dt_ms
    mem = cm_dt + cable.g_pas_ms
    for s in range(n):  # assembled once per (cable, dt); cached by the caller
        i, q = 2 * s, 2 * s + 1
        ab[2, i] += mem[s]
        ab[1, q] -= mem[s]  # A[i, q]
        if is_node[s]:
            ab[2, q] = 1.0  # Vp = Ve at nodes
        else:
            ab[2, q] += cable.c_my_uf[s] / dt_ms + cable.g_my_ms[s] + mem[s]
            ab[3, i] -= mem[s]  # A[q, i]
    for s in range(n - 1):
        i, j = 2 * s, 2 * s + 2
        ga = cable.g_axial_ms[s]
        ab[2, i] += ga
        ab[2, j] += ga
        ab[0, j] -= ga  # A[i, j]
        ab[4, i] -= ga  # A[j, i]
        for a, b in ((s, s + 1), (s + 1, s)):
            if not is_node[a]:
                ab[2, 2 * a + 1] += cable.g_peri_ms[s]
                ab[2 + 2 * a - 2 * b, 2 * b + 1] -= cable.g_peri_ms[s]  # A[qa, qb]
    return ab


@cache
def _matrix_cached(fiber_d_um: float, n_nodes: int, dt_ms: float) -> Array:
    ab = _matrix(build_cable(fiber_d_um, n_nodes), dt_ms)
    ab.setflags(write=False)
    return ab


@cache
def resting_state(fiber_d_um: float, n_nodes: int, celsius: float) -> tuple[Array, Array, Gates]:
    """(Vi, Vp, gates) after 200 ms without stimulus from -80 mV, as PyFibers settles before t = 0."""
    cable = build_cable(fiber_d_um, n_nodes)
    n = cable.positions_m.size
    state = _State(np.full(n, p.V_REST_MV), np.zeros(n), Gates.steady(np.full(n_nodes, p.V_REST_MV), celsius))
    zero = np.zeros(n)
    for _ in range(400):
        _step(cable, state, zero, zero, dt_ms=0.5, celsius=celsius)
    state.gates.mp.setflags(write=False)
    return state.vi, state.vp, state.gates


def _node_conductance(cable: Cable, state: _State, vm_nodes: Array) -> tuple[Array, Array]:
    """Node conductance (mS) and ``g·E`` (µA); the two end nodes keep only the leak."""
    g_density, ge_density = state.gates.conductance_s_cm2()
    g_density = np.where(cable.active, g_density, p.G_LEAK_S_CM2)
    ge_density = np.where(cable.active, ge_density, p.G_LEAK_S_CM2 * p.E_LEAK_MV)
    scale = cable.node_area_cm2 * 1e3
    return g_density * scale, ge_density * scale


def _step(cable: Cable, state: _State, ve_old: Array, ve_new: Array, *, dt_ms: float, celsius: float) -> None:
    """Advance ``state`` by one backward-Euler step from ``ve_old`` to ``ve_new`` (both ``(n_sections,)``)."""
    nodes = cable.node_sections
    vm = state.vi - state.vp
    g_node, ge_node = _node_conductance(cable, state, vm[nodes])
    cm_dt = cable.c_m_uf / dt_ms
    rhs_i = cm_dt * vm + cable.g_pas_ms * p.E_PAS_MV
    rhs_i[nodes] += ge_node
    cmy_dt = cable.c_my_uf / dt_ms
    rhs_q = (cmy_dt + cable.g_my_ms) * ve_new + cmy_dt * (state.vp - ve_old) - rhs_i
    rhs_q[nodes] = ve_new[nodes]
    ab = _matrix_cached(cable.geometry.fiber_d_um, cable.n_nodes, dt_ms).copy()
    ab[2, 2 * nodes] += g_node
    ab[1, 2 * nodes + 1] -= g_node
    rhs = np.empty(2 * vm.size)
    rhs[0::2] = rhs_i
    rhs[1::2] = rhs_q
    x = solve_banded((2, 2), ab, rhs, overwrite_ab=True, overwrite_b=True, check_finite=False)
    state.vi = x[0::2]
    state.vp = x[1::2]
    state.gates.advance((state.vi - state.vp)[nodes], dt_ms, celsius)


def fast_dt_ms(pulses: tuple[Pulse, ...]) -> tuple[float, float]:
    """The engine's cheapest accurate time steps (ms): fine and coarse.

    Fine ``min(5 µs, shortest segment / 20)`` for 0.2 ms after every edge of the stimulus, coarse 20 µs elsewhere
    (:mod:`stimsafe.dose.thresholds.kernel`). Against NEURON at dt 1-5 µs the engine stays within +2.5 % on every
    row of tests/dose/data/neuron_geometries.csv (docs/dose.md, "Validated envelope").

    Examples
    --------
    >>> fast_dt_ms((Pulse(0.0, 0.05, 1.0),))
    (0.0025, 0.02)
    """
    shortest = min(q.end_ms - q.start_ms for q in pulses)
    return min(0.005, shortest / 20), 0.02


def _value_at(pulses: tuple[Pulse, ...], t_ms: float) -> float:
    return sum(q.value for q in pulses if q.start_ms <= t_ms < q.end_ms)


def excites(
    cable: Cable,
    ve_unit_mv: Array,
    pulses: tuple[Pulse, ...],
    amplitude: float,
    *,
    dt_ms: float = 0.001,
    dt_after_ms: float | None = None,
    tail_ms: float = 4.0,
    celsius: float = 37.0,
    detect_node: int | None = None,
    early_exit: bool = True,
) -> bool:
    """Whether the stimulus ``amplitude · ve_unit_mv · w(t)`` elicits an action potential at ``detect_node``.

    ``ve_unit_mv`` (shape ``(n_sections,)``) is the extracellular potential at each section centre for a unit
    amplitude; ``pulses`` give ``w(t)``. Activation is a -30 mV crossing at the node nearest 90 % of the length
    (PyFibers' default). With ``early_exit`` a run stops once the detection node fires, or once every node has
    returned to within 2 mV of rest at least 0.5 ms after the stimulus ended.
    """
    vi, vp, gates = resting_state(cable.geometry.fiber_d_um, cable.n_nodes, celsius)
    state = _State(vi.copy(), vp.copy(), gates.copy())
    nodes = cable.node_sections
    detect = nodes[round(0.9 * (cable.n_nodes - 1)) if detect_node is None else detect_node]
    rest_max = float((vi - vp)[nodes].max())
    stim_end = max(q.end_ms for q in pulses)
    tstop = stim_end + tail_ms
    after = dt_ms if dt_after_ms is None else dt_after_ms
    t, ve_old = 0.0, np.zeros_like(ve_unit_mv)
    while t < tstop - 1e-12:
        dt = dt_ms if t < stim_end + 0.2 else after
        ve_new = amplitude * _value_at(pulses, t + 0.5 * dt) * ve_unit_mv
        _step(cable, state, ve_old, ve_new, dt_ms=dt, celsius=celsius)
        t, ve_old = t + dt, ve_new
        vm_nodes = (state.vi - state.vp)[nodes]
        if state.vi[detect] - state.vp[detect] > -30.0:
            return True
        if early_exit and t > stim_end + 0.5 and float(vm_nodes.max()) < rest_max + 2.0:
            return False
    return False
