"""The catalogues as reports: devices, one device, zones, and the rule table (generated from the rule data)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from stimsafe.domain.device import CLEARANCE_MEANING, CLEARANCE_MEANING_SOURCES, NOT_FOUND, Device
from stimsafe.domain.evidence import Study
from stimsafe.domain.gaps import Gap, missing_facts
from stimsafe.domain.guidance import GuidancePoint
from stimsafe.domain.rule import Rule
from stimsafe.domain.source import Source
from stimsafe.domain.zone import Zone
from stimsafe.report.model import Report, Section, Table
from stimsafe.screening.describe import describe
from stimsafe.screening.device_facts import class_range_notes, modality_text, output_text
from stimsafe.screening.report import DeviceContext, device_table

NOT_FOUND_TITLE = "What we could not find"


def _cited(ids: Iterable[str], sources: Mapping[str, Source]) -> tuple[Source, ...]:
    return tuple(sources[i] for i in dict.fromkeys(ids) if i in sources)


def _current(device: Device) -> str:
    if device.current_max_a is None:
        return NOT_FOUND
    return output_text(device.model_copy(update={"current_note": None}))


def _depth(zone: Zone) -> str:
    low, high = zone.nerve_depth_range_m
    return f">= {zone.nerve_depth_m * 1e3:g} mm (range {low * 1e3:.2f}-{high * 1e3:.2f} mm)"


def devices_report(devices: Iterable[Device]) -> Report:
    """One row per catalogue device: id, name, maker, modality, output, FDA status and 510(k); then what a 510(k)
    means and each claim about a device's status made elsewhere, beside what the record shows."""
    devices = tuple(devices)
    rows = tuple(
        (
            d.id,
            d.name,
            d.maker,
            modality_text(d, with_note=False),
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
    claims = tuple(
        f"{d.name}: {c.sentence()} FDA record: {d.regulatory.record_sentence()}"
        for d in devices
        for c in d.regulatory.claims
    )
    sections = (
        Section(title="Devices", tables=(table,)),
        Section(title="FDA status and what others claim", paragraphs=(CLEARANCE_MEANING, *claims)),
    )
    return Report(kind="devices", title="Devices", sections=sections)


def device_report(
    device: Device, sources: Mapping[str, Source], *, about: DeviceContext | None = None, gaps: Iterable[Gap] = ()
) -> Report:
    """One device's facts, its independent-evidence line, what we could not find, and its sources.

    ``about`` carries the evidence line and the class ranges shown (labelled) for an output not found; ``gaps``
    the list of facts that may be missing, of which those this device misses are shown with what each would change.
    """
    about = about or DeviceContext()
    ranges = tuple(r for r in about.class_ranges if r.applies_to(device))
    notes = (
        *device.notes,
        *((device.times.note,) if device.times.note else ()),
        *class_range_notes(device, ranges),
        CLEARANCE_MEANING,
    )
    missing = missing_facts(device, tuple(gaps))
    reg = device.regulatory
    status = reg.fda_status + (f" ({reg.fda_510k})" if reg.fda_510k else "")
    claims = tuple(c.sentence() for c in reg.claims)
    regulatory = (f"FDA status: {status}.", *((f"FDA record: {reg.record_sentence()}", *claims) if claims else ()))
    summary = (*regulatory, f"Output current: {output_text(device, ranges)}")
    sections = (
        Section(title="Facts", paragraphs=notes, findings=about.findings, tables=(device_table(device, ranges),)),
        _not_found_section(missing),
    )
    cited = (
        *device.source_ids,
        *CLEARANCE_MEANING_SOURCES,
        *(s for r in ranges for s in r.source_ids),
        *(s for g in missing for s in g.source_ids),
        *(s for f in about.findings for s in f.source_ids),
    )
    return Report(
        kind="device",
        title=device.name,
        summary=summary + ((about.evidence_line,) if about.evidence_line else ()),
        sections=sections,
        sources=_cited(cited, sources),
        data={
            "device": device.model_dump(mode="json"),
            "independent_evidence": about.evidence_line,
            "assumed_output_ranges": [r.model_dump(mode="json") for r in ranges],
            "not_found": [{"id": g.id, "fact": g.fact, "would_change": g.changes} for g in missing],
        },
    )


def _not_found_section(missing: tuple[Gap, ...]) -> Section:
    if not missing:
        return Section(title=NOT_FOUND_TITLE, paragraphs=("Every fact stimsafe looks for was found for this device.",))
    table = Table(
        title=NOT_FOUND_TITLE,
        columns=("Fact not found", "What knowing it would change"),
        rows=tuple((g.fact, g.changes) for g in missing),
        note="'Not found' means several searches of public sources found nothing; it may still exist.",
    )
    return Section(title=NOT_FOUND_TITLE, tables=(table,))


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
    """The rule table's rows: id, tier, scope, when (conditions by their names), title, reason, what to do, sources."""
    from stimsafe.knowledge.conditions import load_conditions

    names = {c.id: c.name for c in load_conditions()}
    return tuple(
        (
            r.id,
            r.tier,
            "per zone" + (", lowest level" if r.cap_lowest else "") if r.per_zone else "whole plan",
            describe(r.when, names),
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


def _trials_line(studies: tuple[Study, ...]) -> str:
    """Randomised trials of a device on the face, and who paid for them (the article's question)."""
    trials = [s for s in studies if s.design == "RCT" and s.on_face]
    paid = [s.name for s in trials if s.maker_funded == "yes"]
    unknown = [s.name for s in trials if s.maker_funded == "unknown"]
    free = [s.name for s in trials if s.maker_funded == "no"]
    return (
        f"Randomised trials of a device on the face: {len(trials)}; funded by the maker of the device tested: "
        f"{len(paid)} ({', '.join(paid) or 'none'}); funding unknown: {len(unknown)} ({', '.join(unknown) or 'none'}); "
        f"shown independent of any device maker: {len(free)}."
    )


def evidence_report(
    studies: Iterable[Study], sources: Mapping[str, Source], device_names: Mapping[str, str] | None = None
) -> Report:
    """The evidence catalogue: design, size, outcome, funding, whether a device maker paid, certainty.

    ``device_names`` (device id -> name) lets the table name the catalogue devices a study tested.
    """
    studies = tuple(studies)
    names = device_names or {}
    rows = tuple(
        (
            s.name,
            s.design,
            s.n,
            s.modality,
            ", ".join(names.get(d, d) for d in s.device_ids) or "-",
            s.outcome,
            s.funding,
            f"{s.maker_funded}: {s.maker_funded_why}",
            s.certainty,
        )
        for s in studies
    )
    columns = (
        "Study",
        "Design",
        "n",
        "Modality",
        "Catalogue devices",
        "Outcome",
        "Funding",
        "Device maker funded",
        "Certainty",
    )
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
            _trials_line(studies),
        ),
        sections=(Section(title="Studies", tables=(table,)),),
        sources=_cited((i for s in studies for i in s.source_ids), sources),
    )
