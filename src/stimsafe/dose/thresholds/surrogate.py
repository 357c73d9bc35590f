"""The search seed: a passive nodal chain + critical depolarisation calibrated against MRG. Never a result.

**Fenced.** This predictor reads up to 78 % too high against NEURON on layered tissue with short pulses (the
non-conservative direction), so no threshold stimsafe shows comes from it: :mod:`stimsafe.dose.thresholds.engine`
uses it only to pick the amplitude a search starts from and the order in which worst-case candidates are tried;
the MRG search then decides. ``tests/test_architecture.py`` keeps every other module from importing it.

The membrane potential of a McNeal-type chain of nodes (sealed ends, zero initial state) obeys
``τ dV/dt = λ² Δ²V − V + λ² Δ²Ve`` (Rattay's activating function drives it), solved exactly for a
piecewise-constant stimulus with one symmetric eigendecomposition. The threshold is
``Vcrit(pw) / max_{n,t} V_n(t)`` for the unit field, where ``Vcrit`` depends on the (cathodic) phase width only.
τ = 0.285 ms and λ² = 17.5 internodes² are the constants fitted to MRG thresholds in nerve_model.md §2.4
(Warman et al. 1992, https://doi.org/10.1109/10.184698; Moffitt et al. 2004, https://doi.org/10.1109/TBME.2003.820382).
``Vcrit(pw)`` is the frozen calibration of the 10 µm, 51-node MRG cable at the reference geometry (point source
2 mm from the central node, σ = 0.2 S/m), interpolated in log(pw), used for every diameter (a seed only).

Where the error grows (see docs/dose.md): fields whose shape differs from the calibration geometry (bipolar
pairs closer than the nerve depth, nodes far off the field peak, nerve depth well below 1 mm or above 10 mm),
and biphasic or multi-pulse waveforms (Moffitt 2004: up to 23.6 % for linear predictors in general). Against
NEURON (tests/dose/data/neuron_geometries.csv): diameters and layered fields within 3 %, bipolar pairs +5 %,
gap-less biphasic pulses −11 … −14 % (conservative), anodic-only pulses +17 … +62 % (anode break; outside its
envelope).
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
from numpy.typing import NDArray

from stimsafe.dose.physics.waveform import Pulse
from stimsafe.dose.thresholds.batch import Run, thresholds_ma
from stimsafe.dose.thresholds.mrg import build_cable

Array = NDArray[np.float64]

TAU_MS = 0.285
LAMBDA2 = 17.5
CALIBRATION_PW_MS: tuple[float, ...] = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
CALIBRATION_DISTANCE_M = 2e-3
CALIBRATION_SIGMA_S_M = 0.2

# Vcrit (pw ms -> mV) for the 10 µm, 51-node cable, as produced by :func:`vcrit_table_mv` (this package's MRG,
# 1 % ... 0.5 % tolerance); frozen so that a process need not spend ~1-10 s calibrating before its first
# prediction. tests/dose/test_dose_vcrit_frozen.py recomputes it and fails if the two drift apart by > 1 %.
FROZEN_VCRIT_MV: dict[tuple[float, int], tuple[tuple[float, float], ...]] = {
    (10.0, 51): (
        (0.01, 44.666),
        (0.02, 42.003),
        (0.05, 34.218),
        (0.1, 26.538),
        (0.2, 19.594),
        (0.5, 13.773),
        (1.0, 11.738),
        (2.0, 11.266),
        (5.0, 11.266),
    )
}


@cache
def _modes(n_nodes: int) -> tuple[Array, Array, Array]:
    """Eigen-decomposition of the sealed-end second difference: (eigenvalues of A, Q, L)."""
    lap = np.diag(np.full(n_nodes, -2.0)) + np.diag(np.ones(n_nodes - 1), 1) + np.diag(np.ones(n_nodes - 1), -1)
    lap[0, 0] = lap[-1, -1] = -1.0
    mu, q = np.linalg.eigh(lap)
    return (LAMBDA2 * mu - 1.0) / TAU_MS, q, lap


def peak_depolarisation_mv(ve_nodes_mv: Array, pulses: tuple[Pulse, ...]) -> float:
    """Largest node depolarisation (mV) of the passive chain for the unit field ``ve_nodes_mv`` (shape ``(n,)``).

    Sampled at the end and the middle of every constant segment.
    """
    lam, q, lap = _modes(ve_nodes_mv.size)
    drive = q.T @ (LAMBDA2 / TAU_MS * (lap @ ve_nodes_mv))
    edges = sorted({0.0, *(p.start_ms for p in pulses), *(p.end_ms for p in pulses)})
    y = np.zeros_like(drive)
    best = 0.0
    for t0, t1 in itertools.pairwise(edges):
        w = sum(p.value for p in pulses if p.start_ms <= t0 < p.end_ms)
        for dt in ((t1 - t0) / 2, t1 - t0):
            e = np.exp(lam * dt)
            yt = e * y + (e - 1.0) / lam * drive * w
            best = max(best, float((q @ yt).max()))
        y = yt
    return best


def _point_field(n_nodes: int, fiber_d_um: float) -> Array:
    cable = build_cable(fiber_d_um, n_nodes)
    z = cable.node_positions_m - cable.node_positions_m[n_nodes // 2]
    r = np.hypot(z, CALIBRATION_DISTANCE_M)
    out: Array = -1.0 / (4 * np.pi * CALIBRATION_SIGMA_S_M * r)
    return out


@cache
def vcrit_table_mv(fiber_d_um: float = 10.0, n_nodes: int = 51) -> tuple[tuple[float, float], ...]:
    """(pw ms, Vcrit mV) calibrated afresh against the MRG engine (the check of :data:`FROZEN_VCRIT_MV`)."""
    cable = build_cable(fiber_d_um, n_nodes)
    z = cable.positions_m - cable.node_positions_m[n_nodes // 2]
    ve_sections = -1.0 / (4 * np.pi * CALIBRATION_SIGMA_S_M * np.hypot(z, CALIBRATION_DISTANCE_M))
    ve_nodes = _point_field(n_nodes, fiber_d_um)
    courses = [(Pulse(0.0, pw, 1.0),) for pw in CALIBRATION_PW_MS]
    peaks = [peak_depolarisation_mv(ve_nodes, c) for c in courses]
    runs = [Run(fiber_d_um, n_nodes, ve_sections, c) for c in courses]
    found = thresholds_ma(runs, [26.0 / peak for peak in peaks], rel_tol=0.005)
    return tuple((pw, t * peak) for pw, t, peak in zip(CALIBRATION_PW_MS, found, peaks, strict=True) if t is not None)


def vcrit_mv(pw_ms: float) -> float:
    """Critical depolarisation (mV) for a cathodic phase of ``pw_ms``, interpolated in log(pw), flat outside."""
    table = FROZEN_VCRIT_MV[(10.0, 51)]
    pws = np.log([p for p, _ in table])
    return float(np.interp(np.log(pw_ms), pws, [v for _, v in table]))


def predict_threshold(ve_nodes_mv: Array, pulses: tuple[Pulse, ...]) -> float:
    """Seed amplitude (in the unit of ``ve_nodes_mv``'s amplitude, e.g. mA); ``inf`` when nothing depolarises.

    ``pw`` for ``Vcrit`` is the longest cathodic (positive) segment of ``pulses``.
    """
    cathodic = [p.end_ms - p.start_ms for p in pulses if p.value > 0] or [p.end_ms - p.start_ms for p in pulses]
    peak = peak_depolarisation_mv(ve_nodes_mv, pulses)
    if peak <= 0:
        return float("inf")
    return vcrit_mv(max(cathodic)) / peak
