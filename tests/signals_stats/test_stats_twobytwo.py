"""Frequentist and IC measures against published / hand-checked numbers (facts/surveillance.md §5.1, §5.3)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stimsafe.signals.stats import bcpnn_ic, chi2, expected_count, prr, ror, shrinkage_ic, undefined_reason
from stimsafe.signals.stats.flags import flag

# §5.3: a=5 (NFO & facial palsy), b=95, c=45, d=99,855
A, B, C, D = 5, 95, 45, 99_855


def test_hand_checked_2x2_section_5_3() -> None:
    assert float(expected_count(A, B, C, D)) == pytest.approx(0.05, rel=1e-12)
    p = prr(A, B, C, D)
    assert (float(p.estimate), float(p.lower), float(p.upper)) == pytest.approx((111.0, 44.9991, 273.8052), abs=1e-4)
    r = ror(A, B, C, D)
    assert (float(r.estimate), float(r.lower), float(r.upper)) == pytest.approx((116.7895, 45.3671, 300.6536), abs=1e-4)
    assert float(chi2(A, B, C, D, yates=False)) == pytest.approx(490.786, abs=1e-3)
    assert float(chi2(A, B, C, D)) == pytest.approx(396.645, abs=1e-3)
    ic = shrinkage_ic(A, 0.05)
    assert float(ic.ic) == pytest.approx(math.log2(5.5 / 0.55), abs=1e-12)
    assert float(ic.ic) == pytest.approx(3.3219, abs=1e-4)
    assert float(ic.ic025) == pytest.approx(1.7945, abs=1e-4)
    assert float(bcpnn_ic(A, B, C, D).ic025) == pytest.approx(1.1112, abs=1e-4)


def test_vigicaen_ic_tail_example() -> None:
    ic = shrinkage_ic(12, 5)
    assert (float(ic.ic), float(ic.ic025), float(ic.ic975)) == pytest.approx((1.18442, 0.25423, 1.88563), abs=1e-5)


# openEBGM 17-report toy through vigipy 3.5.1 (no zero cell, so vigipy applies no correction): §5.1
@pytest.mark.parametrize(
    ("cells", "prr_ci", "ror_ci", "bcpnn025"),
    [
        ((5, 4, 4, 4), (1.1111, 0.4488, 2.7506), (1.25, 0.1850, 8.4442), -1.3139),  # A/e1
        ((4, 3, 4, 6), (1.4286, 0.5288, 3.8596), (2.00, 0.2817, 14.1981), -1.4245),  # B/e2
    ],
)
def test_toy_against_vigipy(
    cells: tuple[int, ...], prr_ci: tuple[float, ...], ror_ci: tuple[float, ...], bcpnn025: float
) -> None:
    p, r = prr(*cells), ror(*cells)
    assert (float(p.estimate), float(p.lower), float(p.upper)) == pytest.approx(prr_ci, abs=1e-4)
    assert (float(r.estimate), float(r.lower), float(r.upper)) == pytest.approx(ror_ci, abs=1e-4)
    assert float(bcpnn_ic(*cells).ic025) == pytest.approx(bcpnn025, abs=1e-4)


def test_zero_cell_gets_no_continuity_correction() -> None:
    # toy product_C/event_1: a=1, b=0, c=8, d=8. openEBGM's uncorrected PRR is 2.00; vigipy's Haldane value 1.5
    cells = (1, 0, 8, 8)
    assert float(prr(*cells).estimate) == pytest.approx(2.0)
    assert math.isnan(float(prr(*cells).lower)) is False  # a, c > 0: the PRR interval is defined
    assert math.isinf(float(ror(*cells).estimate))
    assert math.isnan(float(ror(*cells).lower))
    reasons = undefined_reason(*cells)
    assert "ror" in reasons and "no continuity correction" in reasons["ror"]
    assert float(bcpnn_ic(*cells).ic025) == pytest.approx(-3.1115, abs=1e-4)  # vigipy, same analytic BCPNN


def test_prr_infinite_when_comparator_has_no_case() -> None:
    assert math.isinf(float(prr(3, 10, 0, 100).estimate))
    assert "infinite" in undefined_reason(3, 10, 0, 100)["prr"]


def test_vectorised_shapes() -> None:
    a = np.array([5, 4, 1])
    out = prr(a, [4, 3, 0], [4, 4, 8], [4, 6, 8])
    assert out.estimate.shape == (3,) and out.lower.shape == (3,)


def test_flags_criteria() -> None:
    f = flag([2, 3, 3], [5.0, 2.0, 1.9], [10.0, 4.0, 50.0], [-1, 0.0, 0.01], [2.0, 1.99, float("nan")])
    assert f.evans.tolist() == [False, True, False]  # a >= 3 and PRR >= 2 and chi2 >= 4
    assert f.ic025.tolist() == [False, False, True]  # strictly > 0
    assert f.eb05.tolist() == [True, False, False]  # nan never flags


cells = st.tuples(*(st.integers(1, 10_000) for _ in range(4)))


@given(cells)
def test_ror_symmetry_and_prr_exchange(t: tuple[int, int, int, int]) -> None:
    a, b, c, d = t
    # swapping the rows inverts the ROR and its interval
    r, s = ror(a, b, c, d), ror(c, d, a, b)
    assert float(r.estimate) * float(s.estimate) == pytest.approx(1.0, rel=1e-9)
    assert float(r.lower) * float(s.upper) == pytest.approx(1.0, rel=1e-9)
    # swapping both rows and columns leaves the ROR unchanged; chi2 is invariant under transposition
    assert float(ror(d, c, b, a).estimate) == pytest.approx(float(r.estimate), rel=1e-9)
    assert float(chi2(a, c, b, d)) == pytest.approx(float(chi2(a, b, c, d)), rel=1e-9)
    # PRR lies on the same side of 1 as ROR
    assert (float(prr(a, b, c, d).estimate) >= 1) == (float(r.estimate) >= 1) or math.isclose(float(r.estimate), 1)
