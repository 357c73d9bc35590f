"""The catalogues as reports: devices, one device, zones, and the rule table (generated from the rule data)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from stimsafe.domain.device import NOT_FOUND, Device
from stimsafe.domain.evidence import Study
from stimsafe.domain.guidance import GuidancePoint
from stimsafe.domain.rule import Rule
from stimsafe.domain.source import Source
from stimsafe.domain.zone import Zone
from stimsafe.report.model import Report, Section, Table
from stimsafe.screening.describe import describe
from stimsafe.screening.report import device_table


def _cited(ids: Iterable[str], sources: Mapping[str, Source]) -> tuple[Source, ...]:
    return tuple(sources[i] for i in dict.fromkeys(ids) if i in sources)


def _current(device: Device) -> str:
    if device.current_max_a is None:
        return NOT_FOUND
    low = "?" if device.current_min_a is None else f"{device.current_min_a * 1e6:g}"
    return f"{low}-{device.current_max_a * 1e6:g} uA"


def _depth(zone: Zone) -> str:
    low, high = zone.nerve_depth_range_m
    return f">= {zone.nerve_depth_m * 1e3:g} mm (range {low * 1e3:.2f}-{high * 1e3:.2f} mm)"


def devices_report(devices: Iterable[Device]) -> Report:
    """One row per catalogue device: id, name, maker, modality, output, FDA status and 510(k)."""
    rows = tuple(
        (
            d.id,
            d.name,
            d.maker,
            d.modality,
            _current(d),
            d.regulatory.fda_status,
            d.regulatory.fda_510k or NOT_FOUND,
        )
        for d in devices
    )
    table = Table(
        title="Device catalogue",
        columns=("Id", "Name", "Maker", "Modality", "Output current", "FDA status", "510(k)"),
        rows=rows,
        note="'not found' means the public sources did not give it; 'stimsafe devices show ID' lists the sources.",
    )
    return Report(kind="devices", title="Devices", sections=(Section(title="Devices", tables=(table,)),))


def device_report(device: Device, sources: Mapping[str, Source]) -> Report:
    """One device's facts, with its sources."""
    notes = tuple(device.notes) + ((device.times.note,) if device.times.note else ())
    return Report(
        kind="device",
        title=device.name,
        sections=(Section(title="Facts", paragraphs=notes, tables=(device_table(device),)),),
        sources=_cited(device.source_ids, sources),
        data={"device": device.model_dump(mode="json")},
    )


def zones_report(zones: Iterable[Zone], sources: Mapping[str, Source]) -> Report:
    """The zones: nerve branch, tissue layers, derived nerve depth, caution level."""
    zones = tuple(zones)
    rows = tuple(
        (
            z.id,
            z.name,
            z.caution,
            z.nerve_branch,
            " / ".join(
                f"{layer.tissue} {'(deeper)' if layer.is_half_space else f'{layer.thickness_m * 1e3:g} mm'}"
                for layer in z.layers
            ),
            _depth(z),
            ", ".join(z.aliases),
        )
        for z in zones
    )
    table = Table(
        title="Facial zones",
        columns=("Id", "Name", "Caution", "Nerve nearby", "Layers from the skin down", "Nerve depth", "Also called"),
        rows=rows,
        note="Nerve depths are derived lower bounds (skin + fat); no direct measurement was found in the sources.",
    )
    return Report(
        kind="zones",
        title="Facial zones",
        sections=(Section(title="Zones", tables=(table,)),),
        sources=_cited((s for z in zones for s in z.source_ids), sources),
    )


def rule_rows(rules: Iterable[Rule]) -> tuple[tuple[str, ...], ...]:
    """The rule table's rows: id, tier, scope, when, title, reason, what to do, source ids."""
    return tuple(
        (
            r.id,
            r.tier,
            "per zone" + (", lowest level" if r.cap_lowest else "") if r.per_zone else "whole plan",
            describe(r.when),
            r.title,
            r.reason,
            r.action,
            ", ".join(r.source_ids + (("the device's own sources",) if r.cites_device else ())),
        )
        for r in rules
    )


RULE_COLUMNS = ("Rule", "Tier", "Scope", "When", "Finding", "Why", "What to do", "Sources")


GUIDANCE_COLUMNS = ("Point", "The article's words", "Its advice", "Rules that carry it", "How stimsafe differs and why")


def guidance_rows(points: Iterable[GuidancePoint], rules: Iterable[Rule]) -> tuple[tuple[str, ...], ...]:
    """The article-point table's rows: topic, quote, advice (with its floor tier), rules with tiers, differences."""
    by_id = {r.id: r for r in rules}
    return tuple(
        (
            p.topic,
            f"'{p.quote}'",
            f"{p.advice} (at least {p.floor_tier})",
            ", ".join(
                f"{r} ({by_id[r].tier}{', per zone' if by_id[r].per_zone else ''})" for r in p.rule_ids if r in by_id
            ),
            p.differs or "—",
        )
        for p in points
    )


def _guidance_section(points: tuple[GuidancePoint, ...], rules: tuple[Rule, ...]) -> Section:
    table = Table(title="The 2025 article, point by point", columns=GUIDANCE_COLUMNS, rows=guidance_rows(points, rules))
    text = (
        "The 2025 press article (press-2025) is the floor of every rule. Each of its points is carried by the rules "
        "named here, at least as strict as its advice, unless the last column says how and why a rule differs.",
    )
    return Section(title="The 2025 article, point by point", paragraphs=text, tables=(table,))


def rules_report(
    rules: Iterable[Rule], sources: Mapping[str, Source], guidance: Iterable[GuidancePoint] = ()
) -> Report:
    """The rule table, generated from the rule data, and the article-point table when ``guidance`` is given."""
    rules, points = tuple(rules), tuple(guidance)
    cited = [*(i for r in rules for i in r.source_ids), *(i for p in points for i in p.source_ids)]
    table = Table(title="Screening rules", columns=RULE_COLUMNS, rows=rule_rows(rules))
    sections: tuple[Section, ...] = (Section(title="Rules", tables=(table,)),)
    if points:
        sections += (_guidance_section(points, rules),)
    return Report(
        kind="rules",
        title="Screening rules",
        summary=(f"{len(rules)} rules; tiers: DO NOT USE, ASK A CLINICIAN FIRST, USE WITH CARE, INFO.",),
        sections=sections,
        sources=_cited(cited, sources),
    )


def evidence_report(studies: Iterable[Study], sources: Mapping[str, Source]) -> Report:
    """The evidence catalogue: design, size, outcome, funding, whether a device maker paid, certainty."""
    studies = tuple(studies)
    paid = {True: "yes", False: "no", None: "not found"}
    rows = tuple(
        (s.id, s.design, s.n, s.modality, s.outcome, s.funding, paid[s.maker_funded], s.certainty) for s in studies
    )
    columns = ("Study", "Design", "n", "Modality", "Outcome", "Funding", "Device maker funded", "Certainty")
    table = Table(
        title="Evidence on facial electrical stimulation",
        columns=columns,
        rows=rows,
        note="Certainty is the research notes' catalogue grade for the at-home facial question, not a panel's GRADE.",
    )
    return Report(
        kind="evidence",
        title="Evidence",
        summary=(
            "No published study or case report was found that links at-home microcurrent to Bell's palsy or ptosis.",
        ),
        sections=(Section(title="Studies", tables=(table,)),),
        sources=_cited((i for s in studies for i in s.source_ids), sources),
    )
