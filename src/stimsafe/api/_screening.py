"""Use cases of screening: the catalogues (devices, zones, conditions, rules, evidence) and assess."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from stimsafe.domain.condition import Condition
    from stimsafe.domain.device import Device
    from stimsafe.domain.evidence import Study
    from stimsafe.domain.guidance import GuidancePoint
    from stimsafe.domain.person import Profile
    from stimsafe.domain.plan import Plan, ZoneCap
    from stimsafe.domain.rule import Rule
    from stimsafe.domain.zone import Zone
    from stimsafe.report.model import Report
    from stimsafe.screening.report import DeviceContext


def list_devices() -> tuple[Device, ...]:
    """Every catalogue device (validated, cited)."""
    from stimsafe.knowledge.devices import load_devices

    return load_devices()


def get_device(id_or_alias: str) -> Device:
    """A catalogue device by id, name or alias; ``NotFoundError`` with a did-you-mean hint otherwise."""
    from stimsafe.knowledge.devices import get_device as get

    return get(id_or_alias)


def list_zones() -> tuple[Zone, ...]:
    """The facial zones: forehead, eyes, cheek, lips, jawline, ears, neck."""
    from stimsafe.knowledge.zones import load_zones

    return load_zones()


def get_zone(id_or_alias: str) -> Zone:
    """A zone by id, name or alias (``periorbital`` -> eyes); ``NotFoundError`` otherwise."""
    from stimsafe.knowledge.zones import get_zone as get

    return get(id_or_alias)


def list_conditions() -> tuple[Condition, ...]:
    """The screening questions, with their SNOMED CT and ICD-10-CM codes."""
    from stimsafe.knowledge.conditions import load_conditions

    return load_conditions()


def list_rules() -> tuple[Rule, ...]:
    """The screening rules (tier, reason, action, sources, condition)."""
    from stimsafe.knowledge.rules import load_rules

    return load_rules()


def resolve_device(device: Device | str | Path) -> Device:
    """A Device as given, a catalogue id/alias, or a path to a device spec file (``.yaml``/``.json``)."""
    from pathlib import Path as _Path

    from stimsafe.domain.device import Device as _Device
    from stimsafe.knowledge.devices import get_device as get
    from stimsafe.knowledge.profiles import load_device_spec

    if isinstance(device, _Device):
        return device
    text = str(device)
    if text.lower().endswith((".yaml", ".yml", ".json")) or _Path(text).is_file():
        return load_device_spec(text)
    return get(text)


def check_plan(device: Device | str | Path, plan: Plan | Mapping[str, Any] | str | Path) -> Plan:
    """The plan read and checked against the device (zones, a level or current it can deliver), before any question.

    Raises ``InputError``/``NotFoundError`` naming the field, the value and a fix.
    """
    from collections.abc import Mapping as _Mapping

    from stimsafe.domain.plan import Plan as _Plan
    from stimsafe.knowledge import profiles
    from stimsafe.screening.planner import check_plan_fits

    if not isinstance(plan, _Plan):
        plan = profiles.parse_plan(plan) if isinstance(plan, _Mapping) else profiles.load_plan(plan)
    check_plan_fits(plan, resolve_device(device))
    return plan


def assess(
    device: Device | str | Path,
    profile: Profile | Mapping[str, Any] | str | Path,
    plan: Plan | Mapping[str, Any] | str | Path,
    *,
    zone_caps: Mapping[str, ZoneCap] | None = None,
) -> Report:
    """Screen a person's profile and plan for a device; return the cited report with its session plan.

    ``profile`` and ``plan`` may be models, mappings (as in the example files) or paths to YAML/JSON files.
    ``zone_caps`` lets another engine (the dose engine's margins) add a current cap per zone.
    Raises ``InputError``/``NotFoundError`` for bad input (each names the field, the value and a fix).
    """
    from collections.abc import Mapping as _Mapping

    from stimsafe.domain.person import Profile as _Profile
    from stimsafe.knowledge import profiles
    from stimsafe.knowledge.conditions import condition_sources
    from stimsafe.knowledge.devices import device_sources
    from stimsafe.knowledge.limits import limit_sources
    from stimsafe.knowledge.rules import load_rules, rule_sources
    from stimsafe.knowledge.zones import load_zones, zone_sources
    from stimsafe.screening.engine import screen
    from stimsafe.screening.planner import plan_sessions
    from stimsafe.screening.report import build_report

    dev = resolve_device(device)
    if not isinstance(profile, _Profile):
        profile = profiles.parse_profile(profile) if isinstance(profile, _Mapping) else profiles.load_profile(profile)
    plan = check_plan(dev, plan)
    names: dict[str, str] = {z.id: z.name for z in load_zones()}
    screening = screen(profile, dev, plan, load_rules())
    dose = _assess_margins(dev, plan)
    caps = {**dose.caps, **(zone_caps or {})}  # a caller's caps win over the dose engine's
    session = plan_sessions(dev, plan, screening, zone_names=names, zone_caps=caps)
    pools = (rule_sources(), device_sources(), zone_sources(), condition_sources(), limit_sources())
    about = device_context(dev)
    report = build_report(dev, profile, plan, screening, session, zone_names=names, source_pools=pools, about=about)
    return _with_margins(report, dose)


def device_context(device: Device) -> DeviceContext:
    """The device's "Independent evidence" line and the class ranges that stand in for an output not found."""
    from stimsafe.domain.evidence import independent_evidence_line
    from stimsafe.knowledge.devices import class_ranges_for
    from stimsafe.knowledge.evidence import load_studies
    from stimsafe.screening.report import DeviceContext as _Context

    line = independent_evidence_line(device.id, device.modality, load_studies())
    return _Context(evidence_line=line, class_ranges=class_ranges_for(device), findings=_thermal_findings(device))


def _thermal_findings(device: Device) -> tuple[Any, ...]:
    """The heated-surface check (dose engine) as findings; empty for a device the sources give no heat."""
    from stimsafe.dose.advice.thermal import check_heat
    from stimsafe.dose.report.thermal import thermal_findings
    from stimsafe.knowledge.limits import load_thermal_limits

    return thermal_findings(check_heat(device, load_thermal_limits()), device_sources=device.source_ids)


def _assess_margins(device: Device, plan: Plan) -> Any:
    """The dose engine's per-zone caps section and planner caps for assess (fast predictor).

    A device whose output was not found is compared with the at-home range (labelled as such). Computed once per
    device, zones, planned level or current and packaged knowledge in this process (:mod:`stimsafe.api._cache`).
    """
    from stimsafe.api._cache import DOSE_CACHE, frozen, knowledge_key
    from stimsafe.dose.advice.assess import assess_margins
    from stimsafe.dose.advice.caps import PlanAsk
    from stimsafe.dose.advice.output import device_output
    from stimsafe.knowledge.anchors import load_anchors
    from stimsafe.knowledge.devices import class_ranges_for
    from stimsafe.knowledge.limits import load_ranges
    from stimsafe.knowledge.tissues import load_tissues
    from stimsafe.knowledge.zones import get_zone, load_zones

    ranges = class_ranges_for(device)
    ask = PlanAsk(level=plan.level, amplitude_a=plan.amplitude_a)

    def compute() -> Any:
        zones = [get_zone(z) for z in plan.zones]
        output = device_output(device, ranges)
        return assess_margins(
            device, output, zones, all_zones=load_zones(), tissues=load_tissues(), ranges=load_ranges(),
            anchors=load_anchors(), ask=ask, class_ranges=ranges,
        )  # fmt: skip

    # the plan's zone ids are canonical (parse_plan resolved them); the zone catalogue is in knowledge_key()
    key = ("assess_margins", device, tuple(plan.zones), frozen(ask), frozen(ranges), knowledge_key())
    return DOSE_CACHE.get_or_compute(key, compute)


def _with_margins(report: Report, dose: Any) -> Report:
    """Insert the margins section after the session plan and add the sources it cites."""
    from stimsafe.dose.advice.assess import caps_section, mrg_source
    from stimsafe.knowledge.anchors import anchor_sources
    from stimsafe.knowledge.devices import device_sources
    from stimsafe.knowledge.limits import limit_sources

    excluded = {z["zone"] for z in report.data.get("zones", ()) if z.get("status") == "excluded"}
    if dose.advice and excluded:  # an excluded zone gets no cap line: it is not to be used at all
        kept = [a for a in dose.advice if a.zone_id not in excluded]
        dose = caps_section(kept, dose.section.paragraphs, note=dose.note)
    pool = {**device_sources(), **limit_sources(), **anchor_sources(), "mrg-2002": mrg_source()}
    known = {s.id for s in report.sources}
    extra = tuple(pool[i] for i in dose.source_ids if i in pool and i not in known)
    at = next((i + 1 for i, s in enumerate(report.sections) if s.title == "Session plan"), len(report.sections))
    sections = (*report.sections[:at], dose.section, *report.sections[at:])
    caps = {
        a.zone_id: {"shown": a.shown, "status": a.status, "cap_a": a.cap_a, "max_level": a.max_level, "text": a.text}
        for a in dose.advice
    }
    data = {**report.data, "zone_caps": caps, "caps_note": dose.note}
    return report.model_copy(update={"sections": sections, "sources": (*report.sources, *extra), "data": data})


def demo_inputs() -> tuple[Device, Profile, Plan]:
    """The embedded demo: a NuFACE Trinity, a fully answered example profile and a plan."""
    from stimsafe.knowledge.devices import get_device as get
    from stimsafe.knowledge.loader import read_data
    from stimsafe.knowledge.profiles import parse_plan, parse_profile

    data = read_data("demo.yaml")
    return (
        get(data["device"]),
        parse_profile(data["profile"], location="demo.yaml"),
        parse_plan(data["plan"], location="demo.yaml"),
    )


def assess_demo() -> Report:
    """``stimsafe assess --demo``: the screening report for the embedded demo inputs."""
    device, profile, plan = demo_inputs()
    return assess(device, profile, plan)


def devices_report() -> Report:
    """The device catalogue as a report (one row per device, with its FDA status)."""
    from stimsafe.screening.catalogue import devices_report as build

    return build(list_devices())


def device_report(id_or_alias: str) -> Report:
    """One device's facts, with "not found" where the sources gave nothing, and its sources."""
    from stimsafe.knowledge.devices import device_sources
    from stimsafe.knowledge.gaps import gap_sources, load_gaps
    from stimsafe.knowledge.limits import limit_sources
    from stimsafe.screening.catalogue import device_report as build

    device = get_device(id_or_alias)
    sources = {**gap_sources(), **limit_sources(), **device_sources()}
    return build(device, sources, about=device_context(device), gaps=load_gaps())


def zones_report() -> Report:
    """The zone catalogue: nerve branch, tissue layers, derived nerve depth, caution level, sources."""
    from stimsafe.knowledge.zones import zone_sources
    from stimsafe.screening.catalogue import zones_report as build

    return build(list_zones(), zone_sources())


def list_guidance() -> tuple[GuidancePoint, ...]:
    """The 2025 article's advice, point by point, with the rules that carry each point."""
    from stimsafe.knowledge.guidance import load_guidance

    return load_guidance()


def rules_report() -> Report:
    """The rule table, generated from the rule data (tier, when, what to do, sources), and the article's points."""
    from stimsafe.knowledge.rules import rule_sources
    from stimsafe.screening.catalogue import rules_report as build

    return build(list_rules(), rule_sources(), list_guidance())


def list_evidence() -> tuple[Study, ...]:
    """The evidence catalogue: studies with design, size, outcome, funding and whether a device maker paid."""
    from stimsafe.knowledge.evidence import load_studies

    return load_studies()


def evidence_report() -> Report:
    """The evidence catalogue as a report."""
    from stimsafe.knowledge.evidence import evidence_sources
    from stimsafe.screening.catalogue import evidence_report as build

    return build(list_evidence(), evidence_sources(), {d.id: d.name for d in list_devices()})
