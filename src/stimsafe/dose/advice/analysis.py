"""Orchestrate one dose analysis from catalogue objects (pure: the caller passes loaded data)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from stimsafe.domain.device import Device
from stimsafe.domain.zone import Zone
from stimsafe.dose.advice.anchors import HumanAnchor
from stimsafe.dose.advice.catalogue import level_currents, waveform_candidates, zone_setups
from stimsafe.dose.advice.limits import Limit, LimitCheck, ParameterRange, check_limits
from stimsafe.dose.advice.margins import ZoneMargin, ZoneSetup, worst_case_queries, zone_margin
from stimsafe.dose.advice.model_vs_human import SetupKind, ValidationRow, validate_against
from stimsafe.dose.advice.sweeps import ZoneSweep, zone_sweep
from stimsafe.dose.physics.metrics import DoseMetrics, dose_metrics
from stimsafe.dose.physics.tissue import TissueConductivity
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.dose.thresholds.engine import lowest_threshold_a
from stimsafe.dose.thresholds.fibre import Electrode

_AREA_FREE = {"rms_current_a"}


def margins_for(
    device: Device,
    zones: Sequence[Zone],
    tissues: Mapping[str, TissueConductivity],
    ranges: Mapping[str, ParameterRange],
    *,
    sd_curve: bool = True,
    on_zone: Callable[[str], None] | None = None,
) -> tuple[tuple[ZoneMargin, ...], list[str]]:
    """Worst-case margin per zone over the unknown waveform parameters and tissue brackets.

    ``on_zone`` is called with each zone's id as its margin is done (progress for long runs).
    """
    worst, notes = worst_setups(device, zones, tissues, ranges)
    levels = level_currents(device)
    out = []
    for setup, waveform in worst:
        out.append(zone_margin(setup, waveform, (Electrode(),), level_currents_a=levels, sd_curve=sd_curve))
        if on_zone is not None:
            on_zone(setup.zone_id)
    return tuple(out), notes


def worst_setups(
    device: Device,
    zones: Sequence[Zone],
    tissues: Mapping[str, TissueConductivity],
    ranges: Mapping[str, ParameterRange],
) -> tuple[list[tuple[ZoneSetup, Waveform]], list[str]]:
    """Per zone, the conductivity corner and waveform candidate with the lowest point-contact threshold, and notes.

    Every tissue is evaluated at both ends of its sourced conductivity range (all corners), so the bound is the
    worst case over the sourced spread, not only over the not-found tissues. The lowest MRG threshold over all
    corners, candidates, node alignments and polarities is found exactly
    (:func:`stimsafe.dose.thresholds.engine.lowest_threshold_a`).
    """
    candidates, notes = waveform_candidates(device, ranges)
    electrodes = (Electrode(),)
    notes.append(
        "Electrode geometry not found: a single point cathode was assumed (the most concentrated current; in the "
        "model a second electrode a few millimetres away can lower the threshold by a few per cent)."
    )
    out = []
    for zone in zones:
        options = [(s, w) for s in zone_setups(zone, tissues) for w in candidates]
        per_option = [worst_case_queries(s, w, electrodes) for s, w in options]
        _, best = lowest_threshold_a([q for qs in per_option for q in qs])
        out.append(options[_option_of(best, per_option)])
    return out, notes


def _option_of(index: int, per_option: Sequence[Sequence[object]]) -> int:
    """Which option the ``index``-th query of the flattened ``per_option`` lists belongs to."""
    for option, queries in enumerate(per_option):
        if index < len(queries):
            return option
        index -= len(queries)
    raise IndexError(index)


def sweeps_for(
    device: Device,
    zones: Sequence[Zone],
    tissues: Mapping[str, TissueConductivity],
    ranges: Mapping[str, ParameterRange],
    on_zone: Callable[[str], None] | None = None,
) -> tuple[ZoneSweep, ...]:
    """Depth sweep, contact-size range and crossover depth per zone (MRG; :mod:`stimsafe.dose.advice.sweeps`);
    ``on_zone`` is called with each zone's id as its sweep is done."""
    worst, _ = worst_setups(device, zones, tissues, ranges)
    out = []
    for setup, waveform in worst:
        out.append(zone_sweep(setup, waveform))
        if on_zone is not None:
            on_zone(setup.zone_id)
    return tuple(out)


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
            outside = lim.domain.outside(dose_metrics(candidates[0], 1.0), "surface") if lim.domain else None
            if outside is not None and lim.domain is not None and lim.domain.electrode not in (None, "surface"):
                parts.append(f"{lim.title}: {_not_applicable(outside)}")
                continue
            need = max(_min_area_m2(dose_metrics(w, 1.0), lim) for w in candidates)
            parts.append(f"{lim.title}: ≥ {need * 1e4:.3g} cm²")
        note = "Contact area not found. The smallest contact area that keeps each density limit: " + "; ".join(parts)
    return tuple(worst.values()), note


def _not_applicable(why: str) -> str:
    """``not applicable (derived from …; this is a surface contact)`` from a domain's reason."""
    return f"not applicable ({why.removeprefix('not applicable: ')})"


class ChargeBalance(BaseModel):
    """Net d.c. current (A) and unbalanced charge (C): a value where the waveform fixes it, else ``None`` with why.

    ``worst_case`` is true only when the value is the largest over the unknown parameters of a known shape.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    net_current_a: float | None
    net_note: str | None = None
    unbalanced_charge_c: float | None
    unbalanced_note: str | None = None
    worst_case: bool = False


def charge_balance(device: Device, ranges: Mapping[str, ParameterRange]) -> ChargeBalance:
    """Net d.c. current and unbalanced charge over the waveform candidates, where the device's facts fix them.

    A shape that was not found (evaluated as biphasic elsewhere) gives no worst case: a monophasic train would
    leave charge uncompensated. An alternating device whose block length (pulses before the polarity flips) was
    not found has no known unbalanced charge, only no net d.c. on average.
    """
    wf = device.waveform
    candidates, _ = waveform_candidates(device, ranges)
    metrics = [dose_metrics(w, 1.0) for w in candidates]
    worst = len({w.frequency_hz for w in candidates}) > 1 or wf.pulse_width_s is None or wf.polarity_alternates is None
    if wf.shape == "biphasic":
        return ChargeBalance(net_current_a=0.0, unbalanced_charge_c=0.0, net_note="charge-balanced biphasic pulses")
    if wf.polarity_alternates:
        return ChargeBalance(
            net_current_a=0.0,
            net_note="on average: the polarity alternates",
            unbalanced_charge_c=None,
            unbalanced_note="not known: how many pulses run before the polarity flips was not found",
        )
    if wf.shape == "unknown":
        why = "not known: the waveform shape was not found (a one-way train would never be compensated)"
        return ChargeBalance(net_current_a=None, net_note=why, unbalanced_charge_c=None, unbalanced_note=why)
    return ChargeBalance(
        net_current_a=max(m.net_current_a for m in metrics),
        unbalanced_charge_c=max(m.unbalanced_charge_c for m in metrics),
        worst_case=worst,
    )


def area_note_source_ids(device: Device, limits: Sequence[Limit]) -> tuple[str, ...]:
    """Sources of the density limits named in the area note (empty when the contact area is known)."""
    if device.electrodes.contact_area_m2 is not None:
        return ()
    ids = [sid for lim in limits if lim.metric not in _AREA_FREE for sid in lim.source_ids]
    return tuple(dict.fromkeys(ids))


VALIDATION_SET_UPS: tuple[tuple[str, SetupKind], ...] = (
    ("net-upper-division", "probe"),
    ("net-lower-division", "probe"),
    ("surface-zygomaticus", "surface"),
)


def validation_rows(
    zone: Zone, tissues: Mapping[str, TissueConductivity], anchors: Sequence[HumanAnchor], *, with_depth: bool = True
) -> tuple[ValidationRow, ...]:
    """The model against the human set-ups of :data:`VALIDATION_SET_UPS`, in ``zone``'s tissue stack."""
    medium = zone_setups(zone, tissues, corners=False)[0].medium
    by_id = {a.id: a for a in anchors}
    rows: list[ValidationRow] = []
    for anchor_id, kind in VALIDATION_SET_UPS:
        if anchor_id in by_id:
            a = by_id[anchor_id]
            rows += validate_against(medium, anchor_id, kind, a.central_a, a.floor_a, with_depth=with_depth)
    return tuple(rows)


def _min_area_m2(m_at_1m2: DoseMetrics, lim: Limit) -> float:
    value = float(getattr(m_at_1m2, lim.metric))
    if lim.metric == "shannon_k":
        # k = log10(Q µC) + log10(Q µC / A cm²) => A = Q² / 10^k
        q_uc = m_at_1m2.charge_per_phase_c * 1e6
        return q_uc**2 / 10**lim.maximum * 1e-4
    return value / lim.maximum if math.isfinite(value) else math.inf


__all__ = [
    "charge_balance",
    "limit_checks",
    "margins_for",
    "sweeps_for",
    "validation_rows",
    "worst_setups",
]
