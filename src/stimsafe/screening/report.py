"""Turn a screening and its session plan into a :class:`~stimsafe.report.model.Report`.

The most serious tier comes first. Every finding cites its sources. Unknowns get their own section saying what
a "yes" would change. The device section prints "not found" for every figure the sources did not give.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from stimsafe.domain.device import CLEARANCE_MEANING, CLEARANCE_MEANING_SOURCES, NOT_FOUND, Device, OutputClassRange
from stimsafe.domain.person import Profile
from stimsafe.domain.plan import Plan
from stimsafe.domain.source import Source
from stimsafe.report.model import Finding, Report, Section, Table
from stimsafe.screening.device_facts import heat_text, levels_text, modality_text, output_text, schedule_text
from stimsafe.screening.model import Screening, ScreeningFinding, SessionPlan

DISCLAIMERS = (
    "stimsafe gives information, not a diagnosis or medical advice. It does not say that a device caused, or "
    "cannot cause, any symptom.",
    "If you notice new facial weakness, a drooping eyelid, a larger pupil, double vision, slurred speech or arm "
    "weakness, call your local emergency number now.",
    "An unanswered question is never read as 'no': answer every question for a complete check.",
)

_VERDICT_LINE = {
    "DO NOT USE": "Do not use this device as planned.",
    "ASK A CLINICIAN FIRST": "Ask a clinician before you use this device as planned.",
    "USE WITH CARE": "You can use this device on the allowed zones, with the care below.",
    "INFO": "Nothing in your answers stands in the way; follow the general advice below.",
}


@dataclass(frozen=True)
class DeviceContext:
    """What the report says about the device beyond its own facts: the evidence line and stand-in class ranges."""

    evidence_line: str | None = None
    class_ranges: tuple[OutputClassRange, ...] = ()
    findings: tuple[Finding, ...] = ()
    """Checks another engine made on the device itself (e.g. a heated surface against its limit)."""


def _to_finding(f: ScreeningFinding, zone_names: Mapping[str, str]) -> Finding:
    where = ", ".join(zone_names.get(z, z) for z in f.zones) or None
    title = f"Unanswered: {f.title}" if f.status == "unknown" else f.title
    return Finding(
        id=f.rule_id if f.status == "fires" else f"{f.rule_id}:unknown",
        tier=f.tier,
        rank=f.rank,
        title=title,
        reason=f.reason,
        action=f.action,
        zone=where,
        source_ids=f.source_ids,
    )


def _shown(value: object, unit: str = "", scale: float = 1.0) -> str:
    if value is None:
        return NOT_FOUND
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value * scale:g} {unit}".strip()
    return str(value)


def device_table(device: Device, class_ranges: Iterable[OutputClassRange] = ()) -> Table:
    """The device's facts, with "not found" for every figure the sources did not give.

    Where the output is not found, each class range in ``class_ranges`` that applies is shown, labelled as an
    assumption.
    """
    reg, wave, el = device.regulatory, device.waveform, device.electrodes
    rows: list[tuple[str, str]] = [
        ("Maker", device.maker),
        ("Modality", modality_text(device)),
        ("Output current", output_text(device, class_ranges)),
        ("Levels", levels_text(device)),
        ("Waveform", wave.description or wave.shape),
        ("Electrodes", _shown(el.kind)),
        ("Electrode contact area", _shown(el.contact_area_m2, "cm²", 1e4)),
        *((("Heated surface", text),) if (text := heat_text(device)) else ()),
        *((("Use schedule", text),) if (text := schedule_text(device)) else ()),
        ("FDA status", reg.fda_status),
        ("FDA record", reg.record_sentence()),
        *(("Claimed, not a record", c.said()) for c in reg.claims),
        ("FDA 510(k)", _shown(reg.fda_510k)),
        ("FDA decision date", _shown(reg.fda_decision_date)),
        ("Product code", _shown(reg.product_code)),
        ("Regulation", _shown(reg.regulation)),
        ("Cleared for the neck", _shown(device.cleared_for_neck)),
        ("CE", reg.ce),
        ("Korea (MFDS)", reg.mfds),
    ]
    return Table(title=f"Device: {device.name}", columns=("Fact", "Value"), rows=tuple(rows), note=reg.note)


def _current(value_a: float) -> str:
    """A current to two significant figures (µA below 1 mA)."""
    shown = f"{float(f'{value_a * 1e6:.2g}'):g} µA" if value_a < 1e-3 else f"{float(f'{value_a * 1e3:.2g}'):g} mA"
    return shown


def _zone_table(session: SessionPlan) -> Table:
    rows = tuple(
        (
            z.name,
            z.status,
            z.level,
            z.cap_shown or (None if z.max_amplitude_a is None else _current(z.max_amplitude_a)),
            NOT_FOUND if z.time_per_zone_s is None else f"{z.time_per_zone_s / 60:g} min",
            "; ".join(z.reasons) or "—",
        )
        for z in session.zones
    )
    columns = ("Zone", "Status", "Level", "Current cap", "Time per zone", "Why")
    return Table(title="Zone by zone", columns=columns, rows=rows, note=session.timing_note or None)


def _schedule_table(session: SessionPlan) -> Table:
    columns = ("Time and frequency", "Your plan", "Device guidance", "Check")
    return Table(title="Time and frequency", columns=columns, rows=session.schedule)


def _sources(ids: Iterable[str], pools: Iterable[Mapping[str, Source]]) -> tuple[Source, ...]:
    pools = list(pools)
    out: dict[str, Source] = {}
    for source_id in ids:
        for pool in pools:
            if source_id in pool and source_id not in out:
                out[source_id] = pool[source_id]
    return tuple(out.values())


def _sections(
    screening: Screening, session: SessionPlan, device: Device, zone_names: Mapping[str, str], about: DeviceContext
) -> tuple[Section, ...]:
    def pick(status: str, ranks: set[int]) -> tuple[Finding, ...]:
        return tuple(_to_finding(f, zone_names) for f in screening.findings if f.status == status and f.rank in ranks)

    serious = pick("fires", {0, 1, 2})
    unknown = pick("unknown", {0, 1, 2, 3})
    device_ids = {f.rule_id for f in screening.firing() if f.kind == "device" and f.rank == 3}
    info = pick("fires", {3})
    none_fired = ("No contraindication or precaution fired for your answers.",)
    all_answered = ("Every question the rules needed was answered.",)
    return (
        Section(title="Findings", findings=serious, paragraphs=() if serious else none_fired),
        Section(
            title="What we don't know",
            findings=unknown,
            paragraphs=("Each item says what a 'yes' (or the missing fact) would change.",)
            if unknown
            else all_answered,
        ),
        Section(
            title="Session plan", paragraphs=session.steps, tables=(_zone_table(session), _schedule_table(session))
        ),
        Section(
            title="About this device",
            findings=(*about.findings, *(f for f in info if f.id in device_ids)),
            paragraphs=(CLEARANCE_MEANING,),
            tables=(device_table(device, about.class_ranges),),
        ),
        Section(title="General advice", findings=tuple(f for f in info if f.id not in device_ids)),
    )


def build_report(
    device: Device,
    profile: Profile,
    plan: Plan,
    screening: Screening,
    session: SessionPlan,
    *,
    zone_names: Mapping[str, str],
    source_pools: Iterable[Mapping[str, Source]],
    about: DeviceContext | None = None,
) -> Report:
    """Assemble the screening report; sources are collected from the findings and the device, in order.

    ``about`` adds the device's independent-evidence line and the class ranges shown for an output not found.
    """
    about = about or DeviceContext()
    cited = [s for f in screening.findings for s in f.source_ids] + [*device.source_ids, *CLEARANCE_MEANING_SOURCES]
    cited += [s for r in about.class_ranges if r.applies_to(device) for s in r.source_ids]
    cited += [s for f in about.findings for s in f.source_ids]
    verdict = session.verdict
    held = [z.name for z in session.zones if z.status == "on hold"]
    excluded = [z.name for z in session.zones if z.status == "excluded"]
    allowed = [z.name for z in session.zones if z.status == "allowed"]
    waiting = not session.can_start and session.awaiting_answers_only
    line = "Answer the open questions below before you use this device." if waiting else None
    if verdict == "DO NOT USE" and any(
        f.status == "fires" and f.tier == "DO NOT USE" and f.whole_plan for f in screening.findings
    ):
        line = "Do not use this device at all (not on any zone, at any setting)."
    summary = [f"{verdict}: {line or _VERDICT_LINE[verdict]}"]
    summary.append(f"Zones allowed: {', '.join(allowed) or 'none'}.")
    if held:
        summary.append(f"On hold: {', '.join(held)}.")
    if excluded:
        summary.append(f"Excluded: {', '.join(excluded)}.")
    below = [z.name for z in session.zones if z.status == "allowed" and (z.warning or "").startswith("even the lowest")]
    if below:
        summary.append(f"Even the lowest setting is above the dose cap on: {', '.join(below)}; stop at any twitch.")
    if screening.unknown():
        n = len(screening.unknown())
        summary.append(f"{n} question{'' if n == 1 else 's'} unanswered: see 'What we don't know'.")
    if about.evidence_line:
        summary.append(about.evidence_line)  # in the summary, so a short view never drops it
    return Report(
        kind="assess",
        title=f"Screening: {device.name}",
        summary=tuple(summary),
        sections=_sections(screening, session, device, zone_names, about),
        sources=_sources(cited, source_pools),
        disclaimers=DISCLAIMERS,
        data={
            "verdict": verdict,
            "device": device.id,
            "fda_510k": device.regulatory.fda_510k,
            "fda_status": device.regulatory.fda_status,
            "independent_evidence": about.evidence_line,
            "profile": profile.model_dump(mode="json"),
            "plan": plan.model_dump(mode="json"),
            "can_start": session.can_start,
            "zones": [z.model_dump(mode="json") for z in session.zones],
            "findings": [f.model_dump(mode="json") for f in screening.findings],
        },
    )
