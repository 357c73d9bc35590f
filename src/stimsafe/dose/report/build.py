"""Turn dose results into a :class:`Report`: human-data comparison first, the model's conservative bound, the
model over depth and contact size, the model against human data, and the standards checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from stimsafe.domain.source import Source
from stimsafe.dose.advice.analysis import ChargeBalance
from stimsafe.dose.advice.anchors import FLOOR_RULE, EmpiricalMargin, tier
from stimsafe.dose.advice.caps import CAP_TIERS, GOVERNS, ZoneAdvice
from stimsafe.dose.advice.limits import LimitCheck
from stimsafe.dose.advice.margins import ZoneMargin
from stimsafe.dose.advice.model_vs_human import ValidationRow
from stimsafe.dose.advice.readings import zone_reading
from stimsafe.dose.advice.sweeps import ZoneSweep
from stimsafe.dose.advice.thermal import ThermalCheck
from stimsafe.dose.report.tables import contact_table, depth_table, limit_table, sd_table, validation_table, zone_table
from stimsafe.dose.report.thermal import thermal_findings
from stimsafe.dose.thresholds.mrg_params import MRG_SOURCE
from stimsafe.report.model import Finding, Report, Section

DISCLAIMER = (
    "Comparisons with published human measurements and with a model, not measurements of you and not a diagnosis. "
    "The model's figures come from deliberately pessimistic assumptions (a straight 10 µm motor fibre at the zone's "
    "shallowest sourced depth under a point contact, worst case over the sourced tissue conductivities); in the cheek "
    "set-ups it predicts twitching at currents 10-40 times lower than people showed. Each cap rests on twitch "
    "thresholds measured in people, converted to the device's pulse by the model's strength-duration ratio (a model "
    "step whose assumptions are stated beside it); the model's own threshold is a cross-check and never sets a cap. "
    "Nothing here says a device caused or cannot cause any effect."
)


class DoseResults(BaseModel):
    """Everything the dose report shows (computed by :mod:`stimsafe.dose.advice.analysis`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    device_name: str
    margins: tuple[ZoneMargin, ...]
    empirical: tuple[EmpiricalMargin, ...]
    checks: tuple[LimitCheck, ...]
    notes: tuple[str, ...] = ()
    evidence: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (statement, source ids)
    sweeps: tuple[ZoneSweep, ...] = ()
    validation: tuple[ValidationRow, ...] = ()
    levels_a: tuple[float, ...] = ()
    area_note: str | None = None
    area_note_source_ids: tuple[str, ...] = ()
    thermal: tuple[ThermalCheck, ...] = ()
    device_source_ids: tuple[str, ...] = ()
    charge: ChargeBalance | None = None
    caps: tuple[ZoneAdvice, ...] = ()
    output_basis: str | None = None
    output_assumed: bool = False
    anchor_titles: dict[str, str] = {}


def readings(results: DoseResults, *, named: bool = True) -> dict[str, str]:
    """The plain-language reading of each zone (prefixed by the zone's name when ``named``)."""
    sweeps = {s.zone_id: s for s in results.sweeps}
    emp = {e.zone_id: e for e in results.empirical}
    caps = {c.zone_id: c for c in results.caps}
    out = {}
    for m in results.margins:
        sweep = sweeps.get(m.zone_id)
        note = sweep.crossover_note if sweep and sweep.crossover_depth_m is not None else None
        cap = caps.get(m.zone_id)
        ratio = (cap.ratio.at_short, cap.ratio.at_long) if cap is not None and cap.ratio is not None else None
        text = zone_reading(
            m.name if named else None,
            emp[m.zone_id],
            m,
            levels_a=results.levels_a,
            crossover_note=note,
            ratio=ratio,
            assumed=results.output_assumed,
        )
        out[m.zone_id] = f"{cap.text} Details: {text}" if cap is not None else text
    return out


def _zone_findings(results: DoseResults, zone_sources: Mapping[str, tuple[str, ...]]) -> tuple[Finding, ...]:
    emp = {e.zone_id: e for e in results.empirical}
    caps = {c.zone_id: c for c in results.caps}
    texts = readings(results, named=False)
    out = []
    for m in results.margins:
        e, cap = emp[m.zone_id], caps.get(m.zone_id)
        label, rank = tier(e) if cap is None else CAP_TIERS[cap.status]
        margin = "-" if e.margin is None else f"{e.margin:.2f}"
        model = "-" if m.margin is None else f"{m.margin:.2f}"
        head = f"{m.name}: " + ("" if cap is None else f"cap {cap.shown}; ")
        out.append(
            Finding(
                id=f"dose-{m.zone_id}",
                tier=label,
                rank=rank,
                title=f"{head}empirical margin {margin} (model bound {model})",
                reason=texts[m.zone_id] + (" " + " ".join(m.notes) if m.notes else ""),
                zone=m.name,
                source_ids=(*e.source_ids, MRG_SOURCE.id, *zone_sources.get(m.zone_id, ())),
            )
        )
    return tuple(out)


def _limit_findings(checks: Sequence[LimitCheck]) -> tuple[Finding, ...]:
    return tuple(
        Finding(
            id=f"limit-{c.limit.id}",
            tier=c.verdict.upper(),
            rank=2 if c.verdict.isupper() else 4,
            title=f"{c.limit.title}: {c.shown_value} vs {c.shown_limit}",
            reason=" ".join(
                x
                for x in (c.not_applicable and c.not_applicable[0].upper() + c.not_applicable[1:] + ".", c.limit.note)
                if x
            )
            or f"{c.limit.kind.capitalize()} from the cited source.",
            source_ids=c.limit.source_ids,
        )
        for c in checks
    )


def build_report(
    results: DoseResults,
    *,
    sources: Sequence[Source],
    zone_sources: Mapping[str, tuple[str, ...]],
    validation_source_ids: Sequence[str] = (),
) -> Report:
    """Assemble the dose report; its source list holds every source a finding, table or note cites."""
    findings = _zone_findings(results, zone_sources)
    evidence = tuple(
        Finding(
            id=f"context-{i}", tier="CONTEXT", rank=4, title="How to read the human data", reason=text, source_ids=ids
        )
        for i, (text, ids) in enumerate(results.evidence)
    )
    limit_findings = (
        *_limit_findings(results.checks),
        *thermal_findings(results.thermal, device_sources=results.device_source_ids),
    )
    names = {m.zone_id: m.name for m in results.margins}
    sections = [
        Section(
            title="Zone margins",
            paragraphs=(
                *((f"Output: {results.output_basis}.",) if results.output_basis else ()),
                *results.notes,
                f"Empirical margin rule: {FLOOR_RULE}.",
                *((GOVERNS, results.caps[0].method) if results.caps else ()),
            ),
            findings=(*findings, *evidence),
            tables=(zone_table(results.margins, results.empirical), sd_table(results.margins)),
        )
    ]
    if results.sweeps:
        sections.append(
            Section(
                title="Model over depth and contact size",
                tables=(depth_table(results.sweeps, names), contact_table(results.sweeps, names)),
            )
        )
    if results.validation:
        table = validation_table(results.validation, results.anchor_titles)
        sections.append(Section(title="Model against human data", tables=(table,)))
    sections.append(
        Section(
            title="Standards and tissue limits",
            findings=limit_findings,
            tables=(limit_table(results.checks, results.area_note, results.charge),),
        )
    )
    used = {sid for f in (*findings, *evidence, *limit_findings) for sid in f.source_ids}
    used |= set(results.area_note_source_ids) | set(validation_source_ids)
    texts = readings(results)
    caps = {c.zone_id: c for c in results.caps}
    return Report(
        kind="dose",
        title=f"Dose: {results.device_name}",
        summary=tuple(
            f"{m.name}: {caps[m.zone_id].short}" if m.zone_id in caps else texts[m.zone_id] for m in results.margins
        ),
        sections=tuple(sections),
        sources=tuple({s.id: s for s in (MRG_SOURCE, *sources) if s.id in used}.values()),
        disclaimers=(DISCLAIMER,),
        data=results.model_dump(),
    )
