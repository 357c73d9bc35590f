"""Per-zone caps for ``stimsafe assess``: a report section and the session planner's caps.

The caps and their wording come from :mod:`stimsafe.dose.advice.caps` (the same sentences as the dose report). The
thresholds are the exact MRG engine's (memoised, so a repeated assess is quick). A device whose output was not
found is compared with the at-home range, labelled as such; a device with no output and no microcurrent mode gets
a note saying exactly why there is no dose answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from stimsafe.domain.device import Device, OutputClassRange
from stimsafe.domain.plan import ZoneCap
from stimsafe.domain.source import Source
from stimsafe.domain.zone import Zone
from stimsafe.dose.advice.anchors import HumanAnchor
from stimsafe.dose.advice.caps import CAP_TIERS, GOVERNS, PlanAsk, ZoneAdvice, caps_for, zone_cap
from stimsafe.dose.advice.limits import ParameterRange
from stimsafe.dose.advice.output import OutputRange, current, sig
from stimsafe.dose.physics.tissue import TissueConductivity
from stimsafe.dose.thresholds.mrg_params import MRG_SOURCE
from stimsafe.errors import InputError
from stimsafe.report.model import Finding, Section, Table

TITLE = "Per-zone current caps (dose engine)"


class AssessMargins(BaseModel):
    """The assess report's caps section, the planner caps and the sources they cite."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: Section
    caps: dict[str, ZoneCap]
    source_ids: tuple[str, ...]
    advice: tuple[ZoneAdvice, ...] = ()
    note: str | None = None
    """One line on what governs the caps (or why there are none), for a page footer."""


def _table(advice: Sequence[ZoneAdvice]) -> Table:
    rows = []
    for a in advice:
        depth = a.model_depth_m
        model = "-" if a.model_threshold_a is None else current(a.model_threshold_a)
        rows.append(
            (
                a.name,
                a.shown,
                "not found" if a.anchor is None else f"{current(a.anchor.floor_a, 3)} ({a.anchor.twitch})",
                "-" if a.ratio is None else sig(a.ratio.at_short),
                model + ("" if depth is None else f" at {depth * 1e3:g} mm"),
                "above the cap" if a.plan_over else "-",
            )
        )
    return Table(
        title=TITLE,
        columns=(
            "zone",
            "cap (device terms)",
            "lowest plausible measured threshold (governs)",
            "strength-duration ratio (model, assumed test pulse)",
            "model threshold (cross-check, pessimistic)",
            "your plan",
        ),
        rows=tuple(rows),
        note=GOVERNS,
    )


def _not_computed(device: Device, why: str) -> AssessMargins:
    text = f"No per-zone dose answer for {device.name}: {why}"
    return AssessMargins(section=Section(title=TITLE, paragraphs=(text,)), caps={}, source_ids=(), note=text)


def scope_note(device: Device, class_ranges: Sequence[OutputClassRange] = ()) -> str | None:
    """What the dose answer does not cover for a device with an EMS mode or an unknown modality (else ``None``);
    an r.m.s. class range that applies (e.g. the Korean survey of handheld devices) is named with what it would mean.
    """
    rms = [r for r in class_ranges if r.rms and r.applies_to(device)]
    survey = "".join(
        f" {r.title}: {current(r.low_a)} to {current(r.high_a)} r.m.s. ({r.basis}); a mode in that range would be "
        "above every cap here."
        for r in rms
    )
    if device.modality in ("both", "ems"):
        head = "This answer covers a microcurrent output only" if device.modality == "both" else "This is an EMS device"
        return (
            f"{head}: the EMS output was not found, and EMS is meant to make muscles contract, so a twitch cap does "
            f"not describe it.{survey}"
        )
    if device.modality == "unknown":
        return f"This device's modality was not found; the answer treats it as a microcurrent device.{survey}"
    return survey.strip() or None


def assess_margins(
    device: Device,
    output: OutputRange | None,
    zones: Sequence[Zone],
    *,
    all_zones: Sequence[Zone],
    tissues: Mapping[str, TissueConductivity],
    ranges: Mapping[str, ParameterRange],
    anchors: tuple[HumanAnchor, ...],
    ask: PlanAsk | None = None,
    class_ranges: Sequence[OutputClassRange] = (),
) -> AssessMargins:
    """Caps for the planned ``zones`` (ratios over ``all_zones``); a note instead when no output can be assumed."""
    if output is None:
        why = f"its output was not found and no class range stands in for a {device.modality} device."
        return _not_computed(device, why)
    try:
        advice = caps_for(
            device, output, [z.id for z in zones], all_zones, tissues=tissues, ranges=ranges, anchors=anchors, ask=ask
        )
    except InputError as error:
        return _not_computed(device, f"{error.message} ({error.hint})" if error.hint else error.message)
    basis = f"Compared with {output.basis}."
    method = advice[0].method if advice else ""
    paragraphs = tuple(p for p in (basis, scope_note(device, class_ranges), GOVERNS, method) if p)
    return caps_section(advice, paragraphs)


def caps_section(advice: Sequence[ZoneAdvice], paragraphs: Sequence[str], *, note: str = GOVERNS) -> AssessMargins:
    """The section, planner caps and sources for ``advice`` (e.g. the planned zones that are not excluded)."""
    findings = tuple(
        Finding(
            id=f"dose-{a.zone_id}",
            tier=CAP_TIERS[a.status][0],
            rank=CAP_TIERS[a.status][1] + 2,  # below the screening findings: information, not a contraindication
            title=f"{a.name}: cap {a.shown}",
            reason=a.text,
            zone=a.name,
            source_ids=(*a.source_ids, MRG_SOURCE.id),
        )
        for a in advice
    )
    tables = (_table(advice),) if advice else ()
    section = Section(title=TITLE, paragraphs=tuple(paragraphs), findings=findings, tables=tables)
    caps = {a.zone_id: zone_cap(a) for a in advice if a.cap_a is not None}
    ids = tuple(dict.fromkeys(sid for f in findings for sid in f.source_ids))
    return AssessMargins(section=section, caps=caps, source_ids=ids, advice=tuple(advice), note=note)


def mrg_source() -> Source:
    """The MRG model's source (cited by every model margin)."""
    return MRG_SOURCE
