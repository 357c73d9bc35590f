"""Node channel kinetics of the MRG model (``AXNODE``): fast and persistent Na, slow K, leak.

Rate functions of McIntyre, Richardson & Grill (2002), https://doi.org/10.1152/jn.00353.2001, written with
:func:`scipy.special.exprel` so that the removable singularities need no special cases. Voltages in mV, rates in
1/ms, temperature in °C.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import exprel

from stimsafe.dose.thresholds import mrg_params as p

Array = NDArray[np.float64]


def _lin(a: float, c: float, u: Array) -> Array:
    """``a·u / (1 - exp(-u/c))`` evaluated stably (equals ``a·c`` at ``u = 0``)."""
    out: Array = a * c / exprel(-u / c)
    return out


@dataclass(frozen=True)
class Rates:
    """Steady states (dimensionless) and time constants (ms) of the four gates, each of shape ``(n,)``."""

    mp_inf: Array
    mp_tau: Array
    m_inf: Array
    m_tau: Array
    h_inf: Array
    h_tau: Array
    s_inf: Array
    s_tau: Array


def rates(v_mv: Array, celsius: float) -> Rates:
    """Gate steady states and time constants at membrane potential ``v_mv`` (shape ``(n,)``).

    Examples
    --------
    >>> r = rates(np.array([-80.0]), 37.0)
    >>> bool(0.0 < r.m_inf[0] < 0.1 and 0.5 < r.h_inf[0] <= 1.0)
    True
    """
    q10_1 = 2.2 ** ((celsius - 20.0) / 10.0)
    q10_2 = 2.9 ** ((celsius - 20.0) / 10.0)
    q10_3 = 3.0 ** ((celsius - 36.0) / 10.0)
    a_mp = q10_1 * _lin(0.01, 10.2, v_mv + 27.0)
    b_mp = q10_1 * _lin(0.00025, 10.0, -(v_mv + 34.0))
    a_m = q10_1 * _lin(1.86, 10.3, v_mv + 21.4)
    b_m = q10_1 * _lin(0.086, 9.16, -(v_mv + 25.7))
    a_h = q10_2 * _lin(0.062, 11.0, -(v_mv + 114.0))
    b_h = q10_2 * 2.3 / (1.0 + np.exp(-(v_mv + 31.8) / 13.4))
    v2 = v_mv + 80.0  # the "Traub" convention of the s gate (vtraub = -80 mV)
    a_s = q10_3 * 0.3 / (np.exp((v2 - 27.0) / -5.0) + 1.0)
    b_s = q10_3 * 0.03 / (np.exp((v2 + 10.0) / -1.0) + 1.0)
    return Rates(
        mp_inf=a_mp / (a_mp + b_mp),
        mp_tau=1.0 / (a_mp + b_mp),
        m_inf=a_m / (a_m + b_m),
        m_tau=1.0 / (a_m + b_m),
        h_inf=a_h / (a_h + b_h),
        h_tau=1.0 / (a_h + b_h),
        s_inf=a_s / (a_s + b_s),
        s_tau=1.0 / (a_s + b_s),
    )


@dataclass
class Gates:
    """Mutable gate state of the active nodes, each of shape ``(n_nodes,)``."""

    mp: Array
    m: Array
    h: Array
    s: Array

    @classmethod
    def steady(cls, v_mv: Array, celsius: float) -> Gates:
        """Gates at their steady state for ``v_mv``."""
        r = rates(v_mv, celsius)
        return cls(r.mp_inf.copy(), r.m_inf.copy(), r.h_inf.copy(), r.s_inf.copy())

    def copy(self) -> Gates:
        """An independent copy."""
        return Gates(self.mp.copy(), self.m.copy(), self.h.copy(), self.s.copy())

    def advance(self, v_mv: Array, dt_ms: float, celsius: float) -> None:
        """Exponential-Euler step at the new voltage (NEURON's ``cnexp`` for these linear gate equations)."""
        r = rates(v_mv, celsius)
        for name, inf, tau in (("mp", r.mp_inf, r.mp_tau), ("m", r.m_inf, r.m_tau), ("h", r.h_inf, r.h_tau)):
            x = getattr(self, name)
            x += (inf - x) * (1.0 - np.exp(-dt_ms / tau))
        self.s += (r.s_inf - self.s) * (1.0 - np.exp(-dt_ms / r.s_tau))

    def conductance_s_cm2(self) -> tuple[Array, Array]:
        """Chord conductance and the ``g·E`` sum (S/cm², mA/cm²): the current is ``g·V - gE``."""
        g_naf = p.G_NAF_S_CM2 * self.m**3 * self.h
        g_nap = p.G_NAP_S_CM2 * self.mp**3
        g_ks = p.G_KS_S_CM2 * self.s
        g = g_naf + g_nap + g_ks + p.G_LEAK_S_CM2
        ge = (g_naf + g_nap) * p.E_NA_MV + g_ks * p.E_K_MV + p.G_LEAK_S_CM2 * p.E_LEAK_MV
        return g, ge
