"""Layered half-space potentials against closed forms, and their invariants."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from stimsafe.dose.physics.field import Contact, Layer, LayeredMedium, potential

R = np.linspace(0.0, 0.06, 301)


def test_point_source_on_homogeneous_half_space() -> None:
    m = LayeredMedium(layers=(Layer(conductivity_s_m=0.2),))
    for z in (0.5e-3, 2e-3, 8e-3):
        exact = 1 / (2 * np.pi * 0.2 * np.hypot(R, z))
        assert np.max(np.abs(potential(m, R, z) / exact - 1)) < 1e-3


def test_newman_equipotential_disk() -> None:
    m = LayeredMedium(layers=(Layer(conductivity_s_m=0.3),))
    a, z = 4e-3, 1.5e-3
    r1, r2 = np.hypot(R - a, z), np.hypot(R + a, z)
    exact = 2 / np.pi * (1 / (4 * 0.3 * a)) * np.arcsin(2 * a / (r1 + r2))
    got = potential(m, R, z, contact=Contact.EQUIPOTENTIAL_DISK, radius_m=a)
    assert np.max(np.abs(got / exact - 1)) < 1e-3


def test_two_layer_image_series() -> None:
    s1, s2, h = 0.4, 0.04, 5e-3
    k = (s1 - s2) / (s1 + s2)
    m = LayeredMedium(layers=(Layer(conductivity_s_m=s1, thickness_m=h), Layer(conductivity_s_m=s2)))
    n = np.arange(1, 3000)[:, None]
    z = 2e-3
    top = (1 / np.hypot(R, z) + (k**n * (1 / np.hypot(R, 2 * n * h - z) + 1 / np.hypot(R, 2 * n * h + z))).sum(0)) / (
        2 * np.pi * s1
    )
    assert np.max(np.abs(potential(m, R, z) / top - 1)) < 1e-3
    z = 7e-3
    n0 = np.arange(0, 3000)[:, None]
    below = (1 + k) * (k**n0 / np.hypot(R, z + 2 * n0 * h)).sum(0) / (2 * np.pi * s1)
    assert np.max(np.abs(potential(m, R, z) / below - 1)) < 1e-3


def test_identical_layers_equal_one_half_space() -> None:
    one = LayeredMedium(layers=(Layer(conductivity_s_m=0.25),))
    three = LayeredMedium(
        layers=(
            Layer(conductivity_s_m=0.25, thickness_m=1e-3),
            Layer(conductivity_s_m=0.25, thickness_m=2e-3),
            Layer(conductivity_s_m=0.25),
        )
    )
    assert np.allclose(potential(one, R, 3e-3), potential(three, R, 3e-3), rtol=1e-9)


@settings(max_examples=20)
@given(st.floats(0.01, 1.0), st.floats(0.01, 1.0), st.floats(2e-4, 3e-3), st.floats(5e-4, 8e-3), st.floats(0.1, 10.0))
def test_conductivity_scaling_and_linearity(s1: float, s2: float, h: float, z: float, c: float) -> None:
    m = LayeredMedium(layers=(Layer(conductivity_s_m=s1, thickness_m=h), Layer(conductivity_s_m=s2)))
    r = np.array([0.0, 1e-3, 5e-3])
    v = potential(m, r, z)
    assert np.allclose(potential(m.scaled(c), r, z), v / c, rtol=1e-9)
    # superposition: two unit sources at the same point = twice one; linear in current by construction
    assert np.all(v > 0)
