"""The MRG time loop compiled with numba: many stimulus amplitudes and fields, one cable, no Python per step.

It integrates exactly the scheme of :mod:`stimsafe.dose.thresholds.mrg` (backward Euler for the voltages with the
ionic current linear at frozen gates, then exponential-Euler gates at the new voltage; NEURON's fixed step), on the
same band matrix (:func:`~stimsafe.dose.thresholds.mrg._matrix`, split into its conductance and capacitance
parts), so the two agree up to rounding (``tests/dose/test_dose_mrg_reference.py``). What changes is the cost: the
pentadiagonal system (``Vi`` and ``Vp`` interleaved, bandwidth 2) is eliminated in place without pivoting (it is
diagonally dominant: conductances and capacitances only), the node channels are evaluated in scalar loops, and a
whole batch of runs (one row of ``ve_unit_mv`` and one amplitude each) is integrated in one call. Rate functions
are those of McIntyre, Richardson & Grill (2002), https://doi.org/10.1152/jn.00353.2001 (``AXNODE.mod``).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange
from numpy.typing import NDArray

from stimsafe.dose.thresholds import mrg_params as p

Array = NDArray[np.float64]
#: (band matrix: conductances, capacitances; c_m, g_pas, c_my, g_my, node sections, node areas, active nodes)
Consts = tuple[Array, Array, Array, Array, Array, Array, NDArray[np.int64], Array, NDArray[np.bool_]]
#: (unit field, segment starts, segment ends, segment values)
Stimulus = tuple[Array, Array, Array, Array]
#: (fine dt, coarse dt, tail, fine window, detection section, celsius)
Settings = tuple[float, float, float, float, float, float]
#: (Vi, Vp, gates, Ve before, Ve after, band matrix, right-hand side)
State = tuple[Array, Array, Array, Array, Array, Array, Array]

_G_NAF = p.G_NAF_S_CM2
_G_NAP = p.G_NAP_S_CM2
_G_KS = p.G_KS_S_CM2
_G_LEAK = p.G_LEAK_S_CM2
_E_NA = p.E_NA_MV
_E_K = p.E_K_MV
_E_LEAK = p.E_LEAK_MV
_E_PAS = p.E_PAS_MV
#: LLVM fast-math flags that keep NaN and infinity semantics (an overflowing rate must stay detectable): fused
#: multiply-add, reciprocal and reassociated arithmetic, approximate library functions.
_FAST = {"contract", "arcp", "nsz", "reassoc", "afn"}


@njit(cache=True, fastmath=_FAST, inline="always")
def _lin(a: float, c: float, u: float) -> float:  # pragma: no cover - compiled
    """``a·u / (1 - exp(-u/c))``, equal to ``a·c`` at ``u = 0``."""
    x = -u / c
    if abs(x) < 1e-9:
        return a * c / (1.0 + 0.5 * x)
    return a * c * x / math.expm1(x)


@njit(cache=True, fastmath=_FAST, inline="always")
def _relax(x: float, a: float, b: float, dt: float) -> float:  # pragma: no cover - compiled
    """``x`` after ``dt`` of ``dx/dt = a(1 - x) - b x`` (exact for frozen rates); unchanged when both rates vanish
    (at a membrane potential far beyond the physiological range, where ``exp`` overflows)."""
    rate = a + b
    if not rate > 0.0:
        return x
    return x + (a / rate - x) * (1.0 - math.exp(-dt * rate))


@njit(cache=True, fastmath=_FAST)
def _advance_gates(
    v: float, dt: float, q10: tuple[float, float, float], gates: Array, j: int
) -> None:  # pragma: no cover - compiled
    """Exponential-Euler step of node ``j``'s gates (``mp, m, h, s`` in ``gates[:, j]``) at voltage ``v``."""
    q1, q2, q3 = q10
    a = q1 * _lin(0.01, 10.2, v + 27.0)
    b = q1 * _lin(0.00025, 10.0, -(v + 34.0))
    gates[0, j] = _relax(gates[0, j], a, b, dt)
    a = q1 * _lin(1.86, 10.3, v + 21.4)
    b = q1 * _lin(0.086, 9.16, -(v + 25.7))
    gates[1, j] = _relax(gates[1, j], a, b, dt)
    a = q2 * _lin(0.062, 11.0, -(v + 114.0))
    b = q2 * 2.3 / (1.0 + math.exp(-(v + 31.8) / 13.4))
    gates[2, j] = _relax(gates[2, j], a, b, dt)
    v2 = v + 80.0
    a = q3 * 0.3 / (math.exp((v2 - 27.0) / -5.0) + 1.0)
    b = q3 * 0.03 / (math.exp((v2 + 10.0) / -1.0) + 1.0)
    gates[3, j] = _relax(gates[3, j], a, b, dt)


@njit(cache=True, fastmath=_FAST)
def _solve(ab: Array, rhs: Array, x: Array) -> None:  # pragma: no cover - compiled
    """Solve the band system ``ab`` (LAPACK layout, 2 sub- and 2 super-diagonals) in place, no pivoting.

    Rows 0 and 4 of ``ab`` (the outer diagonals) are only read; row 2 ends holding the pivots' reciprocals.
    """
    n = rhs.size
    for k in range(n - 2):
        inv = 1.0 / ab[2, k]
        ab[2, k] = inv
        f1 = ab[3, k] * inv  # row k + 1
        f2 = ab[4, k] * inv  # row k + 2
        u1 = ab[1, k + 1]  # A[k, k+1]
        u2 = ab[0, k + 2]  # A[k, k+2]
        ab[2, k + 1] -= f1 * u1
        ab[1, k + 2] -= f1 * u2
        ab[3, k + 1] -= f2 * u1
        ab[2, k + 2] -= f2 * u2
        rhs[k + 1] -= f1 * rhs[k]
        rhs[k + 2] -= f2 * rhs[k]
    k = n - 2
    ab[2, k] = 1.0 / ab[2, k]
    f1 = ab[3, k] * ab[2, k]
    ab[2, k + 1] -= f1 * ab[1, k + 1]
    rhs[k + 1] -= f1 * rhs[k]
    x[n - 1] = rhs[n - 1] / ab[2, n - 1]
    x[n - 2] = (rhs[n - 2] - ab[1, n - 1] * x[n - 1]) * ab[2, n - 2]
    for k in range(n - 3, -1, -1):
        x[k] = (rhs[k] - ab[1, k + 1] * x[k + 1] - ab[0, k + 2] * x[k + 2]) * ab[2, k]


@njit(cache=True, fastmath=_FAST)
def _stimulus(segments: tuple[Array, Array, Array], t: float) -> float:  # pragma: no cover - compiled
    starts, ends, values = segments
    out = 0.0
    for i in range(starts.size):
        if starts[i] <= t < ends[i]:
            out += values[i]
    return out


@njit(cache=True, fastmath=_FAST)
def _next_dt(t: float, edges: Array, settings: Settings) -> float:  # pragma: no cover - compiled
    """The step from ``t``: fine within ``window`` ms after an edge of the stimulus, coarse elsewhere, never
    stepping over an edge (so every constant segment is integrated exactly from its start)."""
    fine, coarse, window = settings[0], settings[1], settings[3]
    last = -1e300
    upcoming = 1e300
    for e in edges:
        if e <= t + 1e-12:
            last = max(last, e)
        else:
            upcoming = min(upcoming, e)
    dt = fine if t - last < window - 1e-12 else coarse
    if upcoming - t < dt + 1e-12:
        dt = upcoming - t
    return dt


@njit(cache=True, fastmath=_FAST)
def _assemble(consts: Consts, state: State, dt: float) -> None:  # pragma: no cover - compiled
    """Right-hand side and node conductances of one backward-Euler step (``ab`` already holds the constant part)."""
    c_m, g_pas, c_my, g_my, nodes, area, active = consts[2:]
    vi, vp, gates, ve_old, ve_new, ab, rhs = state[0], state[1], state[2], state[3], state[4], state[5], state[6]
    for s in range(vi.size):
        ri = c_m[s] / dt * (vi[s] - vp[s]) + g_pas[s] * _E_PAS
        rhs[2 * s] = ri
        cmy = c_my[s] / dt
        rhs[2 * s + 1] = (cmy + g_my[s]) * ve_new[s] + cmy * (vp[s] - ve_old[s]) - ri
    for j in range(nodes.size):
        s = nodes[j]
        g, ge = _G_LEAK, _G_LEAK * _E_LEAK
        if active[j]:
            mp, m, h, ks = gates[0, j], gates[1, j], gates[2, j], gates[3, j]
            g_na = _G_NAF * m * m * m * h + _G_NAP * mp * mp * mp
            g += g_na + _G_KS * ks
            ge += g_na * _E_NA + _G_KS * ks * _E_K
        scale = area[j] * 1e3
        rhs[2 * s] += ge * scale
        rhs[2 * s + 1] = ve_new[s]
        ab[2, 2 * s] += g * scale
        ab[1, 2 * s + 1] -= g * scale


@njit(cache=True, fastmath=_FAST)
def _matrix_for(
    consts: Consts, ab: Array, dt: float, prebuilt: tuple[Array, Array, float, float]
) -> None:  # pragma: no cover - compiled
    """Fill ``ab`` with the constant band matrix for step ``dt`` (prebuilt for the fine and coarse steps)."""
    fine_ab, coarse_ab, fine, coarse = prebuilt
    if dt == fine:
        ab[:, :] = fine_ab
    elif dt == coarse:
        ab[:, :] = coarse_ab
    else:  # a step shortened to land on an edge of the stimulus
        ab[:, :] = consts[0] + consts[1] / dt


@njit(cache=True, fastmath=_FAST)
def _run_one(
    consts: Consts, rest: tuple[Array, Array, Array], stim: Stimulus, amplitude: float, settings: Settings
) -> bool:  # pragma: no cover - compiled
    """Whether one run fires at the detection node (see :func:`run_batch`)."""
    vi0, vp0, gates0 = rest
    ve_unit, segments = stim[0], (stim[1], stim[2], stim[3])
    n, nodes = vi0.size, consts[6]
    state = (vi0.copy(), vp0.copy(), gates0.copy(), np.zeros(n), np.zeros(n), consts[0].copy(), np.empty(2 * n))
    vi, vp, gates, ve_old, ve_new, ab, rhs = state
    x = np.empty(2 * n)
    prebuilt = (consts[0] + consts[1] / settings[0], consts[0] + consts[1] / settings[1], settings[0], settings[1])
    rest_max = -1e9
    for j in range(nodes.size):
        rest_max = max(rest_max, vi0[nodes[j]] - vp0[nodes[j]])
    edges = np.concatenate((segments[0], segments[1]))
    stim_end = segments[1].max()
    celsius, detect = settings[5], int(settings[4])
    q10 = (2.2 ** ((celsius - 20.0) / 10.0), 2.9 ** ((celsius - 20.0) / 10.0), 3.0 ** ((celsius - 36.0) / 10.0))
    t = 0.0
    while t < stim_end + settings[2] - 1e-12:
        dt = _next_dt(t, edges, settings)
        ve_new[:] = amplitude * _stimulus(segments, t + 0.5 * dt) * ve_unit
        _matrix_for(consts, ab, dt, prebuilt)
        _assemble(consts, state, dt)
        _solve(ab, rhs, x)
        vi[:] = x[0::2]
        vp[:] = x[1::2]
        vmax = -1e9
        for j in range(nodes.size):
            v = vi[nodes[j]] - vp[nodes[j]]
            vmax = max(vmax, v)
            _advance_gates(v, dt, q10, gates, j)
        t += dt
        ve_old[:] = ve_new
        if vi[detect] - vp[detect] > -30.0:
            return True
        if t > stim_end + 0.5 and vmax < rest_max + 2.0:
            return False
    return False


@njit(cache=True, fastmath=_FAST)
def run_batch(
    consts: Consts, rest: tuple[Array, Array, Array], stims: Stimulus, amplitudes: Array, settings: Settings
) -> NDArray[np.bool_]:  # pragma: no cover - compiled
    """Whether each run fires: an action potential (-30 mV crossing) at the detection node.

    Parameters
    ----------
    consts
        The cable: band matrix (conductance part, capacitance part to divide by dt), ``c_m``, ``g_pas``, ``c_my``,
        ``g_my`` per section, node sections, node areas, active nodes.
    rest
        Resting ``Vi``, ``Vp`` ``(n_sections,)`` and gates ``(4, n_nodes)``.
    stims
        Unit fields ``(B, n_sections)`` and segment starts, ends (ms) and values ``(B, n_segments)``; value 0 pads.
    amplitudes
        ``(B,)``, in the unit the fields are per (mA).
    settings
        ``(fine dt, coarse dt, tail, fine window, detection section, celsius)``, times in ms: the fine step holds
        for ``window`` ms after every edge of the stimulus, the coarse one elsewhere; a run lasts until ``tail`` ms
        after the stimulus, or stops early once it fired or every node is back within 2 mV of rest 0.5 ms after it.
    """
    out = np.zeros(amplitudes.size, dtype=np.bool_)
    for b in range(amplitudes.size):
        stim = (stims[0][b], stims[1][b], stims[2][b], stims[3][b])
        out[b] = _run_one(consts, rest, stim, amplitudes[b], settings)
    return out


@njit(cache=True, parallel=True, fastmath=_FAST)
def run_batch_parallel(
    consts: Consts, rest: tuple[Array, Array, Array], stims: Stimulus, amplitudes: Array, settings: Settings
) -> NDArray[np.bool_]:  # pragma: no cover - compiled
    """:func:`run_batch` with the runs spread over the cores (worth it only for batches of several runs)."""
    out = np.zeros(amplitudes.size, dtype=np.bool_)
    for b in prange(amplitudes.size):  # independent runs: one per thread
        stim = (stims[0][b], stims[1][b], stims[2][b], stims[3][b])
        out[b] = _run_one(consts, rest, stim, amplitudes[b], settings)
    return out
