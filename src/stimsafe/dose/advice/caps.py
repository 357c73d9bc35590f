"""Per-zone margins for ``stimsafe assess``: a report section and the session planner's current caps.

Uses the fast predictor only (no MRG refinement, no strength-duration curve), so that an assess report stays
well under a few seconds.

**Cap rule**: the zone's lowest plausible measured human twitch threshold (mean − 2 SD), scaled down by the
model's strength-duration ratio from a 0.1 ms test pulse to the device's worst-case phase (the human tests' pulse
width was not found; 0.1-0.3 ms assumed, the more protective end taken; never scaled up); where the device's
maximum output exceeds that corrected floor, the zone is capped at it. The model's absolute bound never sets a
cap: in the cheek set-ups it is 10-40× below human data (docs/dose.md), so it would cap below every device's lowest
level, and elsewhere it lies above the human floor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from stimsafe.domain.device import Device
from stimsafe.domain.plan import ZoneCap
from stimsafe.domain.source import Source
from stimsafe.domain.zone import Zone
from stimsafe.dose.advice.analysis import margins_for
from stimsafe.dose.advice.anchors import FLOOR_RULE, EmpiricalMargin, HumanAnchor, empirical_margin, tier
from stimsafe.dose.advice.catalogue import level_currents
from stimsafe.dose.advice.limits import ParameterRange
from stimsafe.dose.advice.margins import TEST_PULSE_WIDTHS_S, ZoneMargin
from stimsafe.dose.advice.readings import level_reaching, zone_reading
from stimsafe.dose.physics.tissue import TissueConductivity
from stimsafe.dose.thresholds.mrg_params import MRG_SOURCE
from stimsafe.errors import InputError
from stimsafe.report.model import Finding, Section, Table

TITLE = "Per-zone margins (dose engine)"


class AssessMargins(BaseModel):
    """The assess report's margins section, the planner caps and the sources they cite."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: Section
    caps: dict[str, ZoneCap]
    source_ids: tuple[str, ...]


def _cap(emp: EmpiricalMargin, levels_a: Sequence[float], ratio: tuple[float, float] | None = None) -> ZoneCap | None:
    if emp.floor_a is None or emp.floor_anchor is None:
        return None
    scale = min(1.0, *ratio) if ratio is not None else 1.0
    cap_a = emp.floor_a * scale
    if emp.max_output_a < cap_a * (1 - 1e-9) or abs(emp.max_output_a - cap_a) <= 1e-9 * cap_a:
        return None
    level = level_reaching(levels_a, cap_a)
    at = f" (reached at level {level})" if level else ""
    why = (
        f"the low end of the twitch thresholds measured in people for the nerve branch here ({emp.floor_anchor.title}, "
        f"mean − 2 SD, {emp.floor_a * 1e6:.0f} µA)"
    )
    if scale < 1:
        why += (
            f" times {scale:.2f}, the model's strength-duration ratio from a {TEST_PULSE_WIDTHS_S[0] * 1e3:g} ms test "
            "pulse to this device's worst-case phase (the human tests' pulse width was not found; "
            f"{TEST_PULSE_WIDTHS_S[0] * 1e3:g}–{TEST_PULSE_WIDTHS_S[1] * 1e3:g} ms assumed, the shorter end taken)"
        )
    return ZoneCap(
        max_amplitude_a=cap_a,
        reason=f"Dose engine: keep below {cap_a * 1e6:.0f} µA{at}, {why}.",
        source_ids=emp.floor_anchor.source_ids,
    )


def _table(margins: Sequence[ZoneMargin], emps: Mapping[str, EmpiricalMargin], caps: Mapping[str, ZoneCap]) -> Table:
    rows = []
    for m in margins:
        e, cap = emps[m.zone_id], caps.get(m.zone_id)
        rows.append(
            (
                m.name,
                "-" if e.margin is None else f"{e.margin:.2f}",
                "not found" if e.floor_a is None else f"{e.floor_a * 1e6:.0f} µA",
                "-" if m.margin is None else f"{m.margin:.2f}",
                "-" if cap is None or cap.max_amplitude_a is None else f"{cap.max_amplitude_a * 1e6:.0f} µA",
            )
        )
    return Table(
        title=TITLE,
        columns=(
            "zone",
            "empirical margin",
            "lowest plausible measured threshold",
            "model margin (pessimistic assumptions)",
            "cap",
        ),
        rows=tuple(rows),
        note=f"Margin = threshold / maximum output. Empirical rule: {FLOOR_RULE}. Model: nerve at the zone's "
        "lower-bound depth under a point contact, worst case over the sourced conductivities (fast predictor); "
        "where it lies above the human floor, the human data govern.",
    )


def assess_margins(
    device: Device,
    zones: Sequence[Zone],
    tissues: Mapping[str, TissueConductivity],
    ranges: Mapping[str, ParameterRange],
    anchors: tuple[HumanAnchor, ...],
) -> AssessMargins:
    """Margins, readings and caps for the planned ``zones``; a note instead when the maximum output is unknown."""
    try:
        margins, _ = margins_for(device, zones, tissues, ranges, refine=False, sd_curve=False)
    except InputError as error:
        text = f"Per-zone margins were not computed: {error.message}"
        return AssessMargins(section=Section(title=TITLE, paragraphs=(text,)), caps={}, source_ids=())
    assert device.current_max_a is not None  # margins_for refuses a device without it
    levels = level_currents(device)
    emps = {m.zone_id: empirical_margin(m.zone_id, anchors, device.current_max_a) for m in margins}
    ratios = {m.zone_id: m.test_pulse_ratio for m in margins}
    caps = {z: cap for z, e in emps.items() if (cap := _cap(e, levels, ratios[z])) is not None}
    findings = []
    for m in margins:
        label, rank = tier(emps[m.zone_id])
        findings.append(
            Finding(
                id=f"dose-{m.zone_id}",
                tier=label,
                rank=rank + 2,  # below the screening findings of the same words: information, not a contraindication
                title=f"{m.name}: empirical margin "
                + ("-" if emps[m.zone_id].margin is None else f"{emps[m.zone_id].margin:.2f}"),
                reason=zone_reading(None, emps[m.zone_id], m, levels_a=levels),
                zone=m.name,
                source_ids=(*emps[m.zone_id].source_ids, MRG_SOURCE.id),
            )
        )
    ids = tuple(dict.fromkeys(sid for f in findings for sid in f.source_ids))
    section = Section(title=TITLE, findings=tuple(findings), tables=(_table(margins, emps, caps),))
    return AssessMargins(section=section, caps=caps, source_ids=ids)


def mrg_source() -> Source:
    """The MRG model's source (cited by every model margin)."""
    return MRG_SOURCE
