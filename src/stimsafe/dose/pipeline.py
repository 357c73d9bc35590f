"""One dose analysis from loaded catalogue data to :class:`~stimsafe.dose.report.build.DoseResults` (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from stimsafe.domain.device import Device
from stimsafe.domain.zone import Zone
from stimsafe.dose.advice.analysis import (
    area_note_source_ids,
    charge_balance,
    limit_checks,
    margins_for,
    sweeps_for,
    validation_rows,
)
from stimsafe.dose.advice.anchors import HumanAnchor, empirical_margin
from stimsafe.dose.advice.caps import ZoneAdvice, caps_for
from stimsafe.dose.advice.catalogue import level_currents
from stimsafe.dose.advice.limits import Limit, ParameterRange
from stimsafe.dose.advice.output import OutputRange
from stimsafe.dose.advice.sweeps import CONTACT_ASSUMPTION
from stimsafe.dose.advice.thermal import ThermalLimit, check_heat
from stimsafe.dose.physics.tissue import TissueConductivity
from stimsafe.dose.report.build import DoseResults

Progress = Callable[[str, int], None]
"""Called when one step of a dose analysis is done: ``(what was done, how many steps in all)``."""


def dose_steps(n_zones: int, *, sweeps: bool, validation: bool) -> int:
    """How many progress steps :func:`dose_results` reports: a margin per zone, a sweep per zone, the validation.

    Examples
    --------
    >>> dose_steps(7, sweeps=True, validation=True)
    15
    """
    return n_zones * (2 if sweeps else 1) + (1 if validation else 0)


def dose_results(
    device: Device,
    zones: Sequence[Zone],
    *,
    tissues: Mapping[str, TissueConductivity],
    ranges: Mapping[str, ParameterRange],
    limits: Sequence[Limit],
    anchors: tuple[HumanAnchor, ...],
    evidence: Sequence[tuple[str, tuple[str, ...]]] = (),
    sweeps: bool = True,
    validation_zone: Zone | None = None,
    thermal_limits: Sequence[ThermalLimit] = (),
    output: OutputRange | None = None,
    all_zones: Sequence[Zone] = (),
    progress: Progress | None = None,
) -> DoseResults:
    """Margins (model and empirical), sweeps, model-vs-human rows and standards checks for ``device``.

    ``validation_zone`` (the cheek in :func:`stimsafe.api.dose`) supplies the tissue stack of the model-vs-human
    comparison; ``None`` skips it. ``thermal_limits``: the surface-temperature limits a heated head is checked
    against. ``output`` (from :func:`stimsafe.dose.advice.output.device_output`) adds the
    per-zone caps, with the ratio of each human measurement taken over ``all_zones``; an output that stands in for
    one not found (the at-home range) is what the model is then run at, labelled as assumed. ``progress`` is
    called as each step finishes (:data:`Progress`; :func:`dose_steps` says how many there are).
    """
    total = dose_steps(len(zones), sweeps=sweeps, validation=validation_zone is not None)

    def step(label: str) -> None:
        if progress is not None:
            progress(label, total)

    if output is not None and device.current_max_a is None:
        device = device.model_copy(update={"current_min_a": output.low_a, "current_max_a": output.high_a})
    margins, notes = margins_for(device, zones, tissues, ranges, on_zone=lambda z: step(f"margin {z}"))
    checks, area_note = limit_checks(device, limits, ranges)
    peak = margins[0].max_output_a if margins else float(device.current_max_a or 0.0)
    swept = sweeps_for(device, zones, tissues, ranges, on_zone=lambda z: step(f"sweep {z}")) if sweeps else ()
    rows = validation_rows(validation_zone, tissues, anchors) if validation_zone is not None else ()
    if validation_zone is not None:
        step("model vs human data")
    return DoseResults(
        device_name=device.name,
        margins=margins,
        empirical=tuple(empirical_margin(m.zone_id, anchors, peak) for m in margins),
        checks=checks,
        notes=(*notes, *((CONTACT_ASSUMPTION,) if swept else ())),
        evidence=tuple(evidence),
        sweeps=swept,
        validation=rows,
        levels_a=level_currents(device),
        area_note=area_note,
        area_note_source_ids=area_note_source_ids(device, limits),
        thermal=check_heat(device, thermal_limits),
        device_source_ids=device.source_ids,
        charge=charge_balance(device, ranges),
        caps=_caps(device, output, zones, all_zones, tissues=tissues, ranges=ranges, anchors=anchors),
        output_basis=None if output is None else output.basis,
        output_assumed=output is not None and output.at_home,
        anchor_titles={a.id: a.title for a in anchors},
    )


def _caps(
    device: Device,
    output: OutputRange | None,
    zones: Sequence[Zone],
    all_zones: Sequence[Zone],
    *,
    tissues: Mapping[str, TissueConductivity],
    ranges: Mapping[str, ParameterRange],
    anchors: tuple[HumanAnchor, ...],
) -> tuple[ZoneAdvice, ...]:
    if output is None or not all_zones:
        return ()
    zone_ids = [z.id for z in zones]
    return caps_for(device, output, zone_ids, all_zones, tissues=tissues, ranges=ranges, anchors=anchors)
