"""Many MRG threshold searches at once: a lock-step geometric bisection over a batch, one compiled call per round.

Each member of a batch is one cable (diameter, node count), one unit field along it and one stimulus time course.
Every round gathers the next probe amplitude of every unfinished member and integrates all of them in one call of
:func:`stimsafe.dose.thresholds.kernel.run_batch` (grouped by cable and time step). The search per member is that
of :func:`stimsafe.dose.thresholds.search.find_threshold`: bracket by geometric expansion from a guess, then
bisect geometrically until ``upper / lower - 1 <= rel_tol``, report the upper (excitatory) bound, as PyFibers does
(Marshall et al. 2025, https://doi.org/10.1371/journal.pcbi.1013764). A member that cannot be bracketed gets
``None``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from stimsafe.dose.physics.waveform import Pulse
from stimsafe.dose.thresholds.kernel import Consts, run_batch, run_batch_parallel
from stimsafe.dose.thresholds.mrg import _matrix, build_cable, fast_dt_ms, resting_state

Array = NDArray[np.float64]
TAIL_MS = 4.0
CELSIUS = 37.0
#: Batches of at least this many runs are spread over the cores (smaller ones would wait on the threads).
PARALLEL_FROM = 8
#: The fine step holds this long (ms) after every edge of the stimulus; the coarse one elsewhere.
FINE_WINDOW_MS = 0.2


@dataclass(frozen=True)
class Run:
    """One member of a batch: a cable, the unit field at its section centres (mV per mA) and the time course."""

    diameter_um: float
    n_nodes: int
    ve_unit_mv: Array  # (n_sections,)
    pulses: tuple[Pulse, ...]
    dt_ms: tuple[float, float] | None = None  # (fine, coarse); None: fast_dt_ms(pulses)

    def steps(self) -> tuple[float, float]:
        """The time steps (ms): fine within :data:`FINE_WINDOW_MS` after each edge of the stimulus, coarse elsewhere."""
        return self.dt_ms if self.dt_ms is not None else fast_dt_ms(self.pulses)


@cache
def _consts(diameter_um: float, n_nodes: int) -> Consts:
    cable = build_cable(diameter_um, n_nodes)
    conductance = _matrix(cable, 1e300)  # the band matrix at an infinite step: its conductance part only
    capacitance = _matrix(cable, 1.0) - conductance  # the part divided by dt
    return (
        conductance,
        capacitance,
        cable.c_m_uf,
        cable.g_pas_ms,
        cable.c_my_uf,
        cable.g_my_ms,
        cable.node_sections.astype(np.int64),
        cable.node_area_cm2,
        cable.active,
    )


@cache
def _rest(diameter_um: float, n_nodes: int) -> tuple[Array, Array, Array]:
    vi, vp, gates = resting_state(diameter_um, n_nodes, CELSIUS)
    return vi.copy(), vp.copy(), np.vstack([gates.mp, gates.m, gates.h, gates.s])


def fires(runs: Sequence[Run], amplitudes_ma: Sequence[float]) -> NDArray[np.bool_]:
    """Whether each run elicits an action potential at the node nearest 90 % of its length, shape ``(len(runs),)``.

    Amplitudes are in mA (the unit fields are per mA). Runs are grouped by cable and time step, one compiled call
    per group.
    """
    out = np.zeros(len(runs), dtype=bool)
    groups: dict[tuple[float, int, float, float], list[int]] = {}
    for i, r in enumerate(runs):
        groups.setdefault((r.diameter_um, r.n_nodes, *r.steps()), []).append(i)
    for (diameter, n_nodes, dt, dt_after), idx in groups.items():
        cable = build_cable(diameter, n_nodes)
        width = max(len(runs[i].pulses) for i in idx)
        seg = np.zeros((3, len(idx), width))
        for row, i in enumerate(idx):
            for k, q in enumerate(runs[i].pulses):
                seg[:, row, k] = (q.start_ms, q.end_ms, q.value)
        ve = np.ascontiguousarray(np.vstack([runs[i].ve_unit_mv for i in idx]))
        detect = int(cable.node_sections[round(0.9 * (n_nodes - 1))])
        amps = np.array([amplitudes_ma[i] for i in idx], dtype=float)
        kernel = run_batch_parallel if len(idx) >= PARALLEL_FROM else run_batch
        result = kernel(
            _consts(diameter, n_nodes),
            _rest(diameter, n_nodes),
            (ve, seg[0].copy(), seg[1].copy(), seg[2].copy()),
            amps,
            (dt, dt_after, TAIL_MS, FINE_WINDOW_MS, float(detect), CELSIUS),
        )
        out[idx] = result
    return out


@dataclass
class _Bracket:
    lower: float | None
    upper: float | None
    probe: float
    done: bool = False


def search_batch(
    is_excited: Callable[[Sequence[int], Sequence[float]], NDArray[np.bool_]],
    guesses: Sequence[float],
    *,
    rel_tol: float = 0.01,
    step: float = 1.25,
    max_amplitude: float = 1e4,
    max_rounds: int = 60,
) -> list[float | None]:
    """Lock-step threshold searches: ``is_excited(members, amplitudes)`` answers one probe per listed member.

    Parameters
    ----------
    is_excited
        Called once per round with the unfinished members' indices and their probe amplitudes.
    guesses
        Starting amplitude per member (> 0).
    rel_tol, step, max_amplitude, max_rounds
        As in :func:`stimsafe.dose.thresholds.search.find_threshold`.

    Returns
    -------
    list of float or None
        The upper bound per member; ``None`` where no amplitude up to ``max_amplitude`` excites, or where the
        search ran out of rounds.

    Examples
    --------
    Each answer is an excitatory upper bound within ``rel_tol`` of the true threshold:

    >>> truth = [0.3, 2.0, 7.5]
    >>> got = search_batch(lambda idx, a: np.array([x >= truth[i] for i, x in zip(idx, a)]), [1.0] * 3)
    >>> all(t <= g <= t * 1.01 for g, t in zip(got, truth))
    True
    """
    state = [_Bracket(None, None, min(g, max_amplitude)) for g in guesses]
    for _ in range(max_rounds):
        live = [i for i, b in enumerate(state) if not b.done]
        if not live:
            break
        answers = is_excited(live, [state[i].probe for i in live])
        for i, fired in zip(live, answers, strict=True):
            _update(state[i], bool(fired), rel_tol=rel_tol, step=step, max_amplitude=max_amplitude)
    return [b.upper if b.done and b.lower is not None else None for b in state]


def _update(b: _Bracket, fired: bool, *, rel_tol: float, step: float, max_amplitude: float) -> None:
    if fired:
        b.upper = b.probe
    else:
        b.lower = b.probe
    if b.upper is None:
        if b.probe >= max_amplitude:
            b.done = True  # never excited: lower set, upper None -> None
            b.lower = None
            return
        b.probe = min(b.probe * step, max_amplitude)
    elif b.lower is None:
        b.probe = b.probe / step
    elif b.upper / b.lower - 1 <= rel_tol:
        b.done = True
    else:
        b.probe = math.sqrt(b.lower * b.upper)


def thresholds_ma(
    runs: Sequence[Run], guesses_ma: Sequence[float], *, rel_tol: float = 0.01, max_amplitude_ma: float = 1e4
) -> list[float | None]:
    """MRG threshold (mA, upper bound within ``rel_tol``) of every run, searched in lock step.

    Runs that share a time course are searched in two passes: one of them first from its guess, then the others
    from their guesses rescaled by how far that first guess was off, with a finer bracketing step (the guess
    errors of one time course are alike, so the brackets close in fewer runs). Guesses only set where a search
    starts; every threshold is bracketed by simulation.

    Examples
    --------
    >>> cable = build_cable(10.0, 51)
    >>> z = cable.positions_m - cable.node_positions_m[25]
    >>> ve = -1.0 / (4 * np.pi * 0.2 * np.hypot(z, 2e-3))  # point source 2 mm away, 0.2 S/m: mV per mA
    >>> [round(t, 2) for t in thresholds_ma([Run(10.0, 51, ve, (Pulse(0.0, 0.1, 1.0),))], [0.3])]
    [0.38]
    """
    first: dict[tuple[Pulse, ...], int] = {}
    for i, r in enumerate(runs):
        first.setdefault(r.pulses, i)
    leads = sorted(first.values())
    out: list[float | None] = [None] * len(runs)
    found = _search(runs, leads, [guesses_ma[i] for i in leads], rel_tol=rel_tol, step=1.2, limit=max_amplitude_ma)
    for i, t in zip(leads, found, strict=True):
        out[i] = t
    rest = [i for i in range(len(runs)) if i not in set(leads)]
    if rest:
        scale = {}
        for pulses, i in first.items():
            lead = out[i]
            scale[pulses] = lead / guesses_ma[i] if lead is not None and guesses_ma[i] > 0 else 1.0
        guesses = [guesses_ma[i] * scale[runs[i].pulses] for i in rest]
        for i, t in zip(
            rest, _search(runs, rest, guesses, rel_tol=rel_tol, step=1.05, limit=max_amplitude_ma), strict=True
        ):
            out[i] = t
    return out


def _search(
    runs: Sequence[Run],
    members: Sequence[int],
    guesses: Sequence[float],
    *,
    rel_tol: float,
    step: float,
    limit: float,
) -> list[float | None]:
    def probe(idx: Sequence[int], amps: Sequence[float]) -> NDArray[np.bool_]:
        return fires([runs[members[i]] for i in idx], amps)

    return search_batch(probe, guesses, rel_tol=rel_tol, step=step, max_amplitude=limit)
