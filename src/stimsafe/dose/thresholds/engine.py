"""The one threshold engine: MRG fibre thresholds under surface electrodes, exact, batched and memoised.

Every threshold stimsafe shows (assess, dose, the web pages, depth and contact sweeps, strength-duration curves,
the model-vs-human rows) comes from :func:`fibre_thresholds_a` or its worst-case form :func:`worst_threshold_a`.
Both run the full MRG double cable (McIntyre, Richardson & Grill 2002, https://doi.org/10.1152/jn.00353.2001;
:mod:`stimsafe.dose.thresholds.mrg`) compiled with numba (:mod:`stimsafe.dose.thresholds.kernel`), many searches
per compiled call (:mod:`stimsafe.dose.thresholds.batch`). Validated against NEURON's MRG within 5 % (or lower,
i.e. conservative) on every row of ``tests/dose/data/neuron_geometries.csv`` (docs/dose.md, "Validated envelope").

The calibrated passive predictor (:mod:`stimsafe.dose.thresholds.surrogate`) only seeds the searches and orders
the candidates of a worst case; no number it gives is ever returned.

Results are memoised per query (geometry × time course) for the life of the process, so a repeated assess or
web request for the same device and zones costs a dictionary look-up, and on disk
(:mod:`stimsafe.dose.thresholds.disk_memo`, keyed on the query and the model's code) for the next process.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from stimsafe.dose.physics.field import LayeredMedium
from stimsafe.dose.physics.waveform import Pulse
from stimsafe.dose.thresholds import disk_memo
from stimsafe.dose.thresholds.batch import Run, fires, thresholds_ma
from stimsafe.dose.thresholds.fibre import Electrode, FibrePlacement, unit_potential_mv
from stimsafe.dose.thresholds.surrogate import predict_threshold

Array = NDArray[np.float64]
#: Relative tolerance of every search (the upper, excitatory bound is reported).
REL_TOL = 0.01
#: Largest amplitude searched (A); beyond it a query has no threshold (``None``).
MAX_AMPLITUDE_A = 1.0
_MEMO: dict[ThresholdQuery, float | None] = {}
_LOWEST: dict[tuple[ThresholdQuery, ...], tuple[float | None, int]] = {}
_MEMO_LIMIT = 100_000


class ThresholdQuery(BaseModel):
    """One threshold question: a fibre under electrodes in a medium, driven by a unit time course."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    medium: LayeredMedium
    electrodes: tuple[Electrode, ...]
    placement: FibrePlacement
    pulses: tuple[Pulse, ...]


@cache
def _field_mv(medium: LayeredMedium, electrodes: tuple[Electrode, ...], placement: FibrePlacement) -> Array:
    cable = placement.cable()
    out = unit_potential_mv(medium, electrodes, placement, cable.positions_m)
    out.setflags(write=False)
    return out


def _run(q: ThresholdQuery) -> Run:
    p = q.placement
    return Run(p.diameter_um, p.n_nodes, _field_mv(q.medium, q.electrodes, p), q.pulses)


def _guess_ma(q: ThresholdQuery) -> float:
    """A starting amplitude from the fenced passive predictor (only where the search begins)."""
    ve = _field_mv(q.medium, q.electrodes, q.placement)
    guess = predict_threshold(ve[q.placement.cable().node_sections], q.pulses)
    return guess if math.isfinite(guess) and guess > 0 else 1.0


def fibre_thresholds_a(queries: Sequence[ThresholdQuery]) -> tuple[float | None, ...]:
    """MRG activation threshold (A) of each query; ``None`` where no amplitude up to 1 A excites.

    The amplitude is the peak current of the unit time course (``+1`` = the electrodes' ``current_fraction``
    as given, so a cathode under the fibre for a cathodic phase). Activation is an action potential (-30 mV
    crossing) at the node nearest 90 % of the fibre's length, as in PyFibers. Searches run in lock step, one
    compiled call per round for the whole batch; answers are memoised.

    Parameters
    ----------
    queries
        The geometries and time courses; duplicates and memoised queries cost nothing.

    Returns
    -------
    tuple of float or None
        Thresholds in A (upper bound of a 1 % bracket), in the order of ``queries``.
    """
    todo = _recall(list(dict.fromkeys(q for q in queries if q not in _MEMO)))
    if todo:
        found = thresholds_ma(
            [_run(q) for q in todo],
            [_guess_ma(q) for q in todo],
            rel_tol=REL_TOL,
            max_amplitude_ma=MAX_AMPLITUDE_A * 1e3,
        )
        if len(_MEMO) > _MEMO_LIMIT:
            _MEMO.clear()
        new = {q: None if t is None else t * 1e-3 for q, t in zip(todo, found, strict=True)}
        _MEMO.update(new)
        disk_memo.remember({_key(q): t for q, t in new.items()})
    return tuple(_MEMO[q] for q in queries)


def lowest_threshold_a(queries: Sequence[ThresholdQuery]) -> tuple[float | None, int]:
    """The lowest threshold (A) over ``queries`` and the index of the query that has it, exactly but cheaply.

    The candidates are ordered by the passive predictor; the first is searched exactly, then every other one is
    run once just below that threshold: one that does not fire there cannot be lower (beyond the search
    tolerance) and is dropped, one that fires is searched exactly and becomes the bound to beat.

    Returns
    -------
    tuple
        ``(threshold A or None, index)``; ``(None, 0)`` when none of the queries excites up to 1 A.
    """
    if not queries:
        raise ValueError("lowest_threshold_a needs at least one query")
    key = tuple(queries)
    if key not in _LOWEST:
        if len(_LOWEST) > _MEMO_LIMIT:
            _LOWEST.clear()
        disk_key = disk_memo.key_of("lowest", *(q.model_dump_json() for q in key))
        stored = _as_lowest(disk_memo.recall([disk_key]).get(disk_key), len(key))
        if stored is not None:
            _LOWEST[key] = stored
        else:
            _LOWEST[key] = _search_lowest(key)
            disk_memo.remember({disk_key: list(_LOWEST[key])})
    return _LOWEST[key]


def _key(q: ThresholdQuery) -> str:
    return disk_memo.key_of(q.model_dump_json())


def _recall(todo: list[ThresholdQuery]) -> list[ThresholdQuery]:
    """Fill the memo from disk where it can; the queries still to search."""
    keys = {q: _key(q) for q in todo}
    stored = disk_memo.recall(list(keys.values()))
    for q, k in keys.items():
        value = stored.get(k, math.nan)
        if value is None or (isinstance(value, float) and math.isfinite(value) and value > 0):
            _MEMO[q] = value
    return [q for q in todo if q not in _MEMO]


def _as_lowest(stored: object, n: int) -> tuple[float | None, int] | None:
    """A stored worst case ``[threshold A or None, index]`` with a valid index, or ``None`` if it is not one."""
    if not isinstance(stored, list) or len(stored) != 2:
        return None
    value: object = stored[0]
    index: object = stored[1]
    ok_value = value is None or (isinstance(value, float) and math.isfinite(value) and value > 0)
    if not ok_value or not isinstance(index, int) or not 0 <= index < n:
        return None
    return (None if value is None else float(value)), index  # type: ignore[arg-type]


def _search_lowest(queries: tuple[ThresholdQuery, ...]) -> tuple[float | None, int]:
    known = [_MEMO.get(q, math.nan) for q in queries]
    if all(k is None or not math.isnan(k) for k in known):
        return _lowest(known)
    order = sorted(range(len(queries)), key=lambda i: _guess_ma(queries[i]))
    best = fibre_thresholds_a([queries[order[0]]])[0]
    rest = [i for i in order[1:] if queries[i] not in _MEMO]
    while rest and best is not None:
        below_ma = best * 1e3 / (1 + REL_TOL)
        fired = fires([_run(queries[i]) for i in rest], [below_ma] * len(rest))
        lower = [i for i, f in zip(rest, fired, strict=True) if f]
        if not lower:
            break
        fibre_thresholds_a([queries[i] for i in lower])
        candidates = [t for i in lower if (t := _MEMO[queries[i]]) is not None]
        best = min(candidates, default=best)
        rest = []  # every query that fired below the old bound is now searched exactly
    if best is None:  # the first candidate never fired: search them all
        fibre_thresholds_a(queries)
    return _lowest([_MEMO.get(q, math.inf) for q in queries])


def _lowest(values: Sequence[float | None]) -> tuple[float | None, int]:
    finite = [(v, i) for i, v in enumerate(values) if v is not None and math.isfinite(v)]
    if not finite:
        return None, 0
    v, i = min(finite)
    return v, i


def clear_memo() -> None:
    """Forget every memoised threshold (for benchmarks that time cold searches)."""
    _MEMO.clear()
    _LOWEST.clear()
