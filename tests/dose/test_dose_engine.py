"""The threshold engine's search and worst case, through the seams: a scripted predicate, then the MRG itself."""

from __future__ import annotations

import numpy as np
import pytest

from stimsafe.dose.advice.margins import ZoneSetup, worst_case_queries
from stimsafe.dose.physics.field import Layer, LayeredMedium
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.dose.thresholds import engine
from stimsafe.dose.thresholds.batch import search_batch
from stimsafe.dose.thresholds.engine import REL_TOL, fibre_thresholds_a, lowest_threshold_a
from stimsafe.dose.thresholds.fibre import Electrode


def test_lock_step_search_finds_each_scripted_threshold_within_tolerance() -> None:
    truth = [0.004, 0.3, 1.0, 2.0, 950.0]
    calls: list[int] = []

    def excited(idx: list[int], amps: list[float]) -> np.ndarray:
        calls.append(len(idx))
        return np.array([a >= truth[i] for i, a in zip(idx, amps, strict=True)])

    found = search_batch(excited, [1.0] * len(truth), rel_tol=0.01, max_amplitude=1e4)
    for got, want in zip(found, truth, strict=True):
        assert got is not None and want <= got <= want * 1.01
    assert calls[0] == len(truth) and calls == sorted(calls, reverse=True)  # one call per round, members drop out


def test_a_member_never_excited_up_to_the_limit_has_no_threshold() -> None:
    found = search_batch(
        lambda idx, amps: np.array([i == 0 and a >= 2.0 for i, a in zip(idx, amps, strict=True)]),
        [1.0, 1.0],
        max_amplitude=50.0,
    )
    assert found[0] is not None and found[1] is None


MEDIUM = LayeredMedium(layers=(Layer(conductivity_s_m=0.43, thickness_m=1e-3), Layer(conductivity_s_m=0.16)))


def _queries() -> list[engine.ThresholdQuery]:
    out = []
    for depth_m in (2e-3, 4e-3):
        setup = ZoneSetup(zone_id="z", name="Z", medium=MEDIUM, depth_m=depth_m)
        wave = Waveform(shape="biphasic", amplitude_a=1e-3, phase_width_s=1e-4, frequency_hz=50, polarity="unknown")
        out += worst_case_queries(setup, wave, (Electrode(),))
    return out


def test_the_worst_case_is_the_lowest_of_the_exact_thresholds() -> None:
    queries = _queries()
    low, index = lowest_threshold_a(queries)
    each = fibre_thresholds_a(queries)  # every one searched exactly
    assert low is not None and each[index] == low
    assert low <= min(t for t in each if t is not None) * (1 + REL_TOL)


def test_answers_are_memoised_per_query(monkeypatch: pytest.MonkeyPatch) -> None:
    queries = _queries()[:2]
    first = fibre_thresholds_a(queries)

    def no_more_simulation(*_: object) -> None:
        raise AssertionError("a memoised query was simulated again")

    monkeypatch.setattr(engine, "fires", no_more_simulation)
    assert fibre_thresholds_a(queries) == first
    assert lowest_threshold_a(queries)[0] == min(t for t in first if t is not None)
