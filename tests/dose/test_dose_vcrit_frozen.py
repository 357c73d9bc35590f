"""The search seed's frozen Vcrit table equals a fresh calibration against the MRG engine (and the published one)."""

from __future__ import annotations

import pytest

from stimsafe.dose.thresholds.surrogate import FROZEN_VCRIT_MV, vcrit_table_mv


def test_frozen_vcrit_table_matches_a_fresh_calibration() -> None:
    fresh = dict(vcrit_table_mv(10.0, 51))
    frozen = dict(FROZEN_VCRIT_MV[(10.0, 51)])
    assert fresh.keys() == frozen.keys()
    for pw, v in frozen.items():
        assert fresh[pw] == pytest.approx(v, rel=0.03), pw  # a seed table; the engine's coarser steps move it <= 2 %


def test_frozen_vcrit_table_is_near_the_published_neuron_values() -> None:
    # nerve_model.md §2.4 (PyFibers/NEURON): 42.1 / 34.1 / 26.1 / 19.5 / 13.7 / 11.7 / 11.3 mV at 0.02 ... 2 ms
    published = {0.02: 42.1, 0.05: 34.1, 0.1: 26.1, 0.2: 19.5, 0.5: 13.7, 1.0: 11.7, 2.0: 11.3}
    frozen = dict(FROZEN_VCRIT_MV[(10.0, 51)])
    for pw, v in published.items():
        assert frozen[pw] == pytest.approx(v, rel=0.03), pw
