"""Orchestrate one dose analysis from catalogue objects (pure: the caller passes loaded data)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from stimsafe.domain.device import Device
from stimsafe.domain.zone import Zone
from stimsafe.dose.adapter import level_currents, waveform_candidates, zone_setups
from stimsafe.dose.limits import Limit, LimitCheck, ParameterRange, check_limits
from stimsafe.dose.margins import ZoneMargin, mrg_threshold_a, predicted_threshold_a, zone_margin
from stimsafe.dose.metrics import DoseMetrics, dose_metrics
from stimsafe.dose.nerve.fibre import Electrode
from stimsafe.dose.tissue import TissueConductivity

_AREA_FREE = {"rms_current_a"}


def margins_for(
    device: Device,
    zones: Sequence[Zone],
    tissues: Mapping[str, TissueConductivity],
    ranges: Mapping[str, ParameterRange],
    *,
    refine: bool = False,
) -> tuple[tuple[ZoneMargin, ...], list[str]]:
    """Worst-case margin per zone over the unknown waveform parameters and tissue brackets."""
    candidates, notes = waveform_candidates(device, ranges)
    electrodes = (Electrode(),)
    notes.append("Electrode geometry not found: a single point cathode was assumed (conservative).")
    levels = level_currents(device)
    out = []
    for zone in zones:
        options = [(s, w) for s in zone_setups(zone, tissues) for w in candidates]
        setup, waveform = min(options, key=lambda o: predicted_threshold_a(o[0], o[1], electrodes)[0])
        margin = zone_margin(setup, waveform, electrodes, level_currents_a=levels, refine=refine)
        out.append(margin)
    return tuple(out), notes


def limit_checks(
    device: Device, limits: Sequence[Limit], ranges: Mapping[str, ParameterRange]
) -> tuple[tuple[LimitCheck, ...], str | None]:
    """Worst case of each limit over the waveform candidates; when the contact area is unknown, only the
    area-free limits are checked and the note gives the smallest contact area that keeps each density limit."""
    candidates, _ = waveform_candidates(device, ranges)
    area = device.electrodes.contact_area_m2
    note = None
    use = [lim for lim in limits if area is not None or lim.metric in _AREA_FREE]
    worst: dict[str, LimitCheck] = {}
    for w in candidates:
        for c in check_limits(dose_metrics(w, area or 1.0), tuple(use)):
            if c.limit.id not in worst or c.value > worst[c.limit.id].value:
                worst[c.limit.id] = c
    if area is None:
        parts = []
        for lim in limits:
            if lim.metric in _AREA_FREE:
                continue
            need = max(_min_area_m2(dose_metrics(w, 1.0), lim) for w in candidates)
            parts.append(f"{lim.title}: ≥ {need * 1e4:.3g} cm²")
        note = "Contact area not found; each density limit holds only for a contact area of at least — " + "; ".join(
            parts
        )
    return tuple(worst.values()), note


def _min_area_m2(m_at_1m2: DoseMetrics, lim: Limit) -> float:
    value = float(getattr(m_at_1m2, lim.metric))
    if lim.metric == "shannon_k":
        # k = log10(Q µC) + log10(Q µC / A cm²) => A = Q² / 10^k
        q_uc = m_at_1m2.charge_per_phase_c * 1e6
        return q_uc**2 / 10**lim.maximum * 1e-4
    return value / lim.maximum if math.isfinite(value) else math.inf


__all__ = ["limit_checks", "margins_for", "mrg_threshold_a"]
