"""Potential of surface electrodes on a horizontally layered half-space, by a Hankel transform.

Quasi-static, isotropic layers ``i = 0..N-1`` (top = skin) with conductivities ``σ_i`` and thicknesses ``t_i``
(the last layer is a half-space); air above is insulating. For an axisymmetric surface current density
``j(r) = ∫ ĵ(k) J0(kr) dk`` the potential is ``V(r, z) = ∫ F(k, z) J0(kr) dk`` with, in layer ``i``,
``F = a_i e^{-k(z-d_i)} + b_i e^{k(z-d_{i+1})}``; the boundary conditions (``-σ0 ∂F/∂z = ĵ`` at the surface,
continuity of ``F`` and ``σ ∂F/∂z`` at each interface, decay at depth) give a ``(2N-1)``-square linear system per
``k``, solved in one batched call. Surface current factors: point ``I k / 2π``; uniform disk ``× 2J1(ka)/(ka)``;
equipotential (Newman) disk ``× sin(ka)/(ka)``. The integral uses Gauss-Legendre panels narrower than both the
``J0`` half-period at the largest radius and the decay length ``z``.

References
----------
Newman J (1966) Resistance for flow of current to a disk. J Electrochem Soc 113:501-502.
https://doi.org/10.1149/1.2424003
Wiley JD, Webster JG (1982) Analysis and control of the current distribution under circular dispersive
electrodes. IEEE TBME 29:381-385. https://doi.org/10.1109/TBME.1982.324910
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy.interpolate import CubicSpline
from scipy.special import j0, j1

from stimsafe.errors import InputError

Array = NDArray[np.float64]
_GL_ORDER = 16
_DECAY = 36.0  # integrate until e^{-k z} < e^{-36}


class Layer(BaseModel):
    """One tissue layer: conductivity (S/m) and thickness (m; ``None`` for the bottom half-space)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tissue: str = "tissue"
    conductivity_s_m: float = Field(gt=0)
    thickness_m: float | None = Field(default=None, gt=0)


class LayeredMedium(BaseModel):
    """A stack of layers from the skin surface down; only the last has no thickness.

    Examples
    --------
    >>> m = LayeredMedium(layers=(Layer(conductivity_s_m=0.4, thickness_m=1e-3), Layer(conductivity_s_m=0.2)))
    >>> m.boundaries_m
    (0.0, 0.001)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    layers: tuple[Layer, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> LayeredMedium:
        if any(layer.thickness_m is None for layer in self.layers[:-1]):
            raise InputError("Only the bottom layer may have no thickness.", field="layers.thickness_m")
        if self.layers[-1].thickness_m is not None:
            raise InputError("The bottom layer must be a half-space (thickness None).", field="layers.thickness_m")
        return self

    @property
    def boundaries_m(self) -> tuple[float, ...]:
        """Depth of the top of each layer."""
        tops = [0.0]
        for layer in self.layers[:-1]:
            tops.append(tops[-1] + float(layer.thickness_m or 0.0))
        return tuple(tops)

    def layer_at(self, depth_m: float) -> int:
        """Index of the layer containing ``depth_m`` (an interface belongs to the layer below)."""
        return max(i for i, top in enumerate(self.boundaries_m) if depth_m >= top)

    def scaled(self, factor: float) -> LayeredMedium:
        """The same stack with every conductivity multiplied by ``factor``."""
        layers = tuple(
            layer.model_copy(update={"conductivity_s_m": layer.conductivity_s_m * factor}) for layer in self.layers
        )
        return LayeredMedium(layers=layers)


class Contact(StrEnum):
    """How current enters under an electrode."""

    POINT = "point"
    UNIFORM_DISK = "uniform_disk"
    EQUIPOTENTIAL_DISK = "equipotential_disk"


def _coefficients(medium: LayeredMedium, k: Array) -> Array:
    """Layer coefficients ``(nk, 2N-1)``: ``[a_0, b_0, a_1, b_1, ..., a_{N-1}]`` for ``ĵ(k)/k = 1/(2π)``."""
    sig = np.array([layer.conductivity_s_m for layer in medium.layers])
    thick = np.array([float(layer.thickness_m or 0.0) for layer in medium.layers[:-1]])
    n = sig.size
    size = 2 * n - 1
    mat = np.zeros((k.size, size, size))
    rhs = np.zeros((k.size, size))
    e = np.exp(-np.outer(k, thick))  # (nk, N-1)
    mat[:, 0, 0] = sig[0]
    if n > 1:
        mat[:, 0, 1] = -sig[0] * e[:, 0]
    rhs[:, 0] = 1.0 / (2 * np.pi)
    for i in range(n - 1):
        row, a_i, b_i, a_n = 1 + 2 * i, 2 * i, 2 * i + 1, 2 * i + 2
        b_n = 2 * i + 3 if i + 1 < n - 1 else None
        e_next = e[:, i + 1] if b_n is not None else None
        mat[:, row, a_i], mat[:, row, b_i], mat[:, row, a_n] = e[:, i], 1.0, -1.0
        mat[:, row + 1, a_i], mat[:, row + 1, b_i] = -sig[i] * e[:, i], sig[i]
        mat[:, row + 1, a_n] = sig[i + 1]
        if b_n is not None and e_next is not None:
            mat[:, row, b_n] = -e_next
            mat[:, row + 1, b_n] = -sig[i + 1] * e_next
    out: Array = np.asarray(np.linalg.solve(mat, rhs[..., None])[..., 0], dtype=float)
    return out


def kernel(medium: LayeredMedium, k: Array, depth_m: float) -> Array:
    """``F(k, z) / I`` for a unit point source (A⁻¹·V·m), shape ``(nk,)``; multiply by a contact factor."""
    coef = _coefficients(medium, k)
    tops = medium.boundaries_m
    i = medium.layer_at(depth_m)
    out: Array = coef[:, 2 * i] * np.exp(-k * (depth_m - tops[i]))
    if i < len(medium.layers) - 1:
        bottom = tops[i + 1]
        out = out + coef[:, 2 * i + 1] * np.exp(k * (depth_m - bottom))
    return out


def contact_factor(contact: Contact, radius_m: float, k: Array) -> Array:
    """Hankel-domain shape factor of the injected current density (1 for a point)."""
    if contact is Contact.POINT or radius_m == 0.0:
        return np.ones_like(k)
    ka = k * radius_m
    small = ka < 1e-8
    safe = np.where(small, 1.0, ka)
    if contact is Contact.UNIFORM_DISK:
        out: Array = np.where(small, 1.0, 2 * j1(safe) / safe)
        return out
    out = np.where(small, 1.0, np.sin(safe) / safe)
    return out


def _nodes(depth_m: float, r_max_m: float, radius_m: float) -> tuple[Array, Array]:
    """Gauss-Legendre nodes and weights on [0, k_max]."""
    k_max = _DECAY / depth_m
    width = min(np.pi / (r_max_m + radius_m + depth_m), 1.0 / depth_m)
    panels = max(int(np.ceil(k_max / width)), 4)
    x, w = np.polynomial.legendre.leggauss(_GL_ORDER)
    edges = np.linspace(0.0, k_max, panels + 1)
    half = np.diff(edges)[:, None] / 2
    k = (edges[:-1, None] + half * (x[None, :] + 1)).ravel()
    weights = (half * w[None, :]).ravel()
    return k, weights


def potential(
    medium: LayeredMedium,
    r_m: Array,
    depth_m: float,
    *,
    contact: Contact = Contact.POINT,
    radius_m: float = 0.0,
) -> Array:
    """Potential (V) per ampere injected at the surface origin, at horizontal distances ``r_m`` and one depth.

    ``r_m`` has any shape; the result has the same shape. ``depth_m`` must be > 0 (the surface itself is
    singular under a point or at a disk's edge).

    Examples
    --------
    >>> half_space = LayeredMedium(layers=(Layer(conductivity_s_m=0.2),))
    >>> v = potential(half_space, np.array([0.0]), 2e-3)[0]
    >>> round(float(v / (1 / (2 * np.pi * 0.2 * 2e-3))), 6)
    1.0
    """
    if not depth_m > 0:
        raise InputError("Field depth must be below the surface.", field="depth_m", value=depth_m, hint="Use > 0 m.")
    r = np.abs(np.asarray(r_m, dtype=float))
    k, w = _nodes(depth_m, float(r.max(initial=0.0)), radius_m)
    f = kernel(medium, k, depth_m) * contact_factor(contact, radius_m, k) * w
    out: Array = (j0(np.outer(r.ravel(), k)) @ f).reshape(r.shape)
    return out


@cache
def _profile(medium: LayeredMedium, depth_m: float, contact: Contact, radius_m: float, r_max_m: float) -> CubicSpline:
    s = np.linspace(0.0, 1.0, 600)
    r = r_max_m * s**2  # dense where the potential bends (r ~ depth), sparse far out
    return CubicSpline(r, potential(medium, r, depth_m, contact=contact, radius_m=radius_m))


def radial_profile(
    medium: LayeredMedium,
    depth_m: float,
    *,
    contact: Contact = Contact.POINT,
    radius_m: float = 0.0,
    r_max_m: float = 0.1,
) -> CubicSpline:
    """A cached cubic spline ``V(r)`` (V/A) on ``0 <= r <= r_max_m`` at one depth, for fast repeated sampling."""
    return _profile(medium, float(depth_m), contact, float(radius_m), float(r_max_m))
