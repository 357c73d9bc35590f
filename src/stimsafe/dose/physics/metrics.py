"""Dose metrics of a waveform delivered through one electrode contact.

Formulas (SI inside; the limits are stated per cm², so densities are also reported in those units):

* r.m.s. current ``I_rms = I_peak · sqrt(phases · pw · f · duty)`` (the manufacturer formula quoted with
  IEC 60601-2-10: Enraf-Nonius Endomed 484 manual, devices_regulatory.md §4.1);
* charge per phase ``Q = I_peak · pw``; charge density per phase ``D = Q / A``;
* Shannon ``k = log10(Q[µC]) + log10(D[µC/cm²])`` (Shannon 1992, https://doi.org/10.1109/10.126616);
* net (d.c.) current: monophasic non-alternating pulses deliver ``Q · f · duty`` per second; charge-balanced
  biphasic or polarity-alternating trains deliver none on average, but a block of same-polarity pulses leaves
  ``unbalanced_charge_c`` uncompensated until the polarity flips;
* average power density into a resistive load ``P = I_rms² · R / A``.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict

from stimsafe.dose.physics.waveform import Shape, Waveform


class DoseMetrics(BaseModel):
    """Metrics of one waveform on one contact area (SI units)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    peak_current_a: float
    rms_current_a: float
    charge_per_phase_c: float
    net_current_a: float
    unbalanced_charge_c: float
    contact_area_m2: float
    peak_current_density_a_m2: float
    rms_current_density_a_m2: float
    charge_density_c_m2: float
    shannon_k: float
    power_density_w_m2: float
    load_ohm: float


def dose_metrics(waveform: Waveform, contact_area_m2: float, *, load_ohm: float = 500.0) -> DoseMetrics:
    """Compute :class:`DoseMetrics` for ``waveform`` through a contact of ``contact_area_m2``.

    Examples
    --------
    400 µA monophasic 1 ms pulses at 100 Hz on 1 cm²: Q = 0.4 µC, D = 0.4 µC/cm², k = log10(0.16).

    >>> m = dose_metrics(Waveform(shape="monophasic", amplitude_a=4e-4, phase_width_s=1e-3, frequency_hz=100), 1e-4)
    >>> round(m.rms_current_a * 1e6, 3), round(m.charge_per_phase_c * 1e6, 3), round(m.shannon_k, 4)
    (126.491, 0.4, -0.7959)
    """
    w = waveform
    on = w.phases_per_pulse * w.phase_width_s * w.frequency_hz * w.duty_cycle
    rms = w.amplitude_a * math.sqrt(min(on, 1.0))
    q = w.amplitude_a * w.phase_width_s
    balanced = w.shape is Shape.BIPHASIC
    net = 0.0 if (balanced or w.alternating) else q * w.frequency_hz * w.duty_cycle
    unbalanced = 0.0 if balanced else (q * w.pulses_per_polarity if w.alternating else math.inf)
    d_c_m2 = q / contact_area_m2
    q_uc, d_uc_cm2 = q * 1e6, d_c_m2 * 1e6 * 1e-4
    return DoseMetrics(
        peak_current_a=w.amplitude_a,
        rms_current_a=rms,
        charge_per_phase_c=q,
        net_current_a=net,
        unbalanced_charge_c=unbalanced,
        contact_area_m2=contact_area_m2,
        peak_current_density_a_m2=w.amplitude_a / contact_area_m2,
        rms_current_density_a_m2=rms / contact_area_m2,
        charge_density_c_m2=d_c_m2,
        shannon_k=math.log10(q_uc) + math.log10(d_uc_cm2),
        power_density_w_m2=rms**2 * load_ohm / contact_area_m2,
        load_ohm=load_ohm,
    )
