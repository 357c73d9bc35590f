"""Turn dose results into a :class:`Report`: standards checks and per-zone margins, with plain readings."""

from __future__ import annotations

from collections.abc import Sequence

from stimsafe.domain.source import Source
from stimsafe.dose.limits import LimitCheck
from stimsafe.dose.margins import ZoneMargin
from stimsafe.report.model import Finding, Report, Section, Table

MRG_SOURCE = Source(
    id="mrg-2002",
    title="McIntyre CC, Richardson AG, Grill WM (2002) J Neurophysiol 87:995-1006 (MRG axon model)",
    url="https://doi.org/10.1152/jn.00353.2001",
)
DISCLAIMER = (
    "Model estimates, not measurements and not a diagnosis: a straight 10 µm motor fibre at the zone's shallowest "
    "sourced depth under a point contact, which is conservative. They do not say a device caused or cannot cause "
    "any effect."
)


def reading(m: ZoneMargin) -> str:
    """A plain-language sentence for one zone."""
    if m.margin is None or m.threshold_a is None:
        return f"{m.name}: no threshold found up to 1 A in the model."
    if m.margin >= 1:
        return (
            f"{m.name}: at the highest level this device stays {m.margin:.1f} times below the modelled motor threshold."
        )
    where = f" from level {m.first_level_at_threshold}" if m.first_level_at_threshold else ""
    return (
        f"{m.name}: the highest output is {1 / m.margin:.1f} times the modelled motor threshold; it could twitch "
        f"muscles supplied by the nerve branch here{where}."
    )


def _zone_table(margins: Sequence[ZoneMargin]) -> Table:
    rows = tuple(
        (
            m.name,
            "not found" if m.threshold_a is None else f"{m.threshold_a * 1e6:.0f} µA",
            f"{m.max_output_a * 1e6:.0f} µA",
            "-" if m.margin is None else f"{m.margin:.2f}",
            "-" if m.first_level_at_threshold is None else m.first_level_at_threshold,
            m.method,
        )
        for m in margins
    )
    return Table(
        title="Per-zone margins (threshold / maximum output)",
        columns=("zone", "threshold", "max output", "margin", "first level at threshold", "method"),
        rows=rows,
    )


def _limit_table(checks: Sequence[LimitCheck], area_note: str | None) -> Table:
    rows = tuple(
        (
            c.limit.title,
            c.shown_value,
            c.shown_limit,
            "within" if c.within else "EXCEEDS",
            "-" if c.margin is None else f"{c.margin:.3g}",
            ", ".join(c.limit.source_ids),
        )
        for c in checks
    )
    return Table(
        title="Standards and damage criteria (worst case)",
        columns=("check", "value", "limit", "status", "margin", "sources"),
        rows=rows,
        note=area_note,
    )


def build_report(
    device_name: str,
    margins: Sequence[ZoneMargin],
    checks: Sequence[LimitCheck],
    *,
    notes: Sequence[str],
    sources: Sequence[Source],
    zone_sources: dict[str, tuple[str, ...]],
    area_note: str | None = None,
) -> Report:
    """Assemble the dose report."""
    findings = tuple(
        Finding(
            id=f"dose-{m.zone_id}",
            tier="ABOVE MODEL THRESHOLD" if (m.margin is not None and m.margin < 1) else "BELOW MODEL THRESHOLD",
            rank=1 if (m.margin is not None and m.margin < 1) else 3,
            title=f"{m.name}: margin {'-' if m.margin is None else f'{m.margin:.2f}'}",
            reason=reading(m) + (" " + " ".join(m.notes) if m.notes else ""),
            zone=m.zone_id,
            source_ids=(MRG_SOURCE.id, *zone_sources.get(m.zone_id, ())),
        )
        for m in margins
    )
    limit_findings = tuple(
        Finding(
            id=f"limit-{c.limit.id}",
            tier="EXCEEDS" if not c.within else "WITHIN",
            rank=2 if not c.within else 4,
            title=f"{c.limit.title}: {c.shown_value} vs {c.shown_limit}",
            reason=c.limit.note or f"{c.limit.kind.capitalize()} from the cited source.",
            source_ids=c.limit.source_ids,
        )
        for c in checks
    )
    sd_rows = tuple(
        (f"{pw * 1e3:g} ms", *(f"{dict(m.sd_curve)[pw] * 1e6:.0f}" for m in margins))
        for pw in ((margins[0].sd_curve and [p for p, _ in margins[0].sd_curve]) or [])
    )
    sd = Table(
        title="Strength-duration (predicted threshold, µA)",
        columns=("phase", *(m.zone_id for m in margins)),
        rows=sd_rows,
    )
    used = {sid for f in (*findings, *limit_findings) for sid in f.source_ids}
    return Report(
        kind="dose",
        title=f"Dose: {device_name}",
        summary=tuple(reading(m) for m in margins),
        sections=(
            Section(
                title="Zone margins", paragraphs=tuple(notes), findings=findings, tables=(_zone_table(margins), sd)
            ),
            Section(
                title="Standards and tissue limits", findings=limit_findings, tables=(_limit_table(checks, area_note),)
            ),
        ),
        sources=tuple(s for s in (MRG_SOURCE, *sources) if s.id in used),
        disclaimers=(DISCLAIMER,),
        data={"margins": [m.model_dump() for m in margins], "checks": [c.model_dump() for c in checks]},
    )
