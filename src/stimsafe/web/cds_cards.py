"""CDS Hooks 2.0 cards from a screening report: one per finding that fires, one about the questions left open,
one about data the service could not get; each with a fresh ``uuid``, the device by its label, and ``links``.

Card fields follow CDS Hooks 2.0 "Card Attributes" (../shared/facts/clinical_evidence.md §1.1): ``summary``
under 140 characters, ``indicator`` info | warning | critical, ``detail`` in Markdown, ``source.label``
required, no null or empty values, ``links`` of type ``absolute`` or ``smart``.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict

from stimsafe.report.model import Finding, Report
from stimsafe.web.cds_device import DevicePick
from stimsafe.web.cds_prefetch import WHAT, Gathered
from stimsafe.web.fhir_input import CodedFacts

_SUMMARY_MAX = 139  # the spec: "<140 characters"


class CardContext(BaseModel):
    """What every card of one call shares: the device choice, the links, and how the data was gathered."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pick: DevicePick
    links: tuple[dict[str, str], ...] = ()
    gathered: Gathered = Gathered()


def _indicator(finding: Finding) -> str:
    return "critical" if finding.rank == 0 else "warning" if finding.rank == 1 else "info"


def summary_text(text: str) -> str:
    """``text`` cut to the spec's limit (under 140 characters)."""
    return text if len(text) <= _SUMMARY_MAX else text[: _SUMMARY_MAX - 1] + "…"


def _new_card(
    summary: str, indicator: str, detail: str, source: dict[str, Any], ctx: CardContext | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),  # fresh per card and per call: feedback names exactly this card
        "summary": summary_text(summary),
        "indicator": indicator,
        "detail": detail,
        "source": source,
    }
    if ctx is not None and ctx.links:
        out["links"] = [dict(link) for link in ctx.links]
    return out


def card(finding: Finding, report: Report, ctx: CardContext | None = None) -> dict[str, Any]:
    """One CDS card for a finding: summary, indicator, Markdown detail and the first source as ``source``."""
    sources = [s for s in (report.source(i) for i in finding.source_ids) if s is not None]
    lines = [finding.reason]
    if finding.action:
        lines += ["", f"**What to do:** {finding.action}"]
    if sources:
        lines += ["", "**Sources:**", *(f"- {s.cite()}" for s in sources)]
    if ctx is not None:
        lines += ["", ctx.pick.sentence()]
    source: dict[str, Any] = {"label": sources[0].title if sources else "stimsafe knowledge base"}
    if sources and sources[0].url:
        source["url"] = sources[0].url
    return _new_card(f"{finding.tier}: {finding.title}", _indicator(finding), "\n".join(lines), source, ctx)


def cards_from_report(report: Report) -> list[dict[str, Any]]:
    """Cards for every finding, most serious first."""
    return [card(f, report) for f in report.findings()]


def _record_notes(facts: CodedFacts | None, gathered: Gathered) -> list[str]:
    """What the clinician should know about how the record was read: matches, set-aside past codes, limits."""
    notes = ["SNOMED CT codes are matched exactly (descendant codes are not followed); ICD-10-CM codes match "
             "through the code hierarchy."]  # fmt: skip
    empty = [WHAT[k] for k in gathered.empty if k != "devices"]
    if empty:
        notes.insert(0, f"The record holds no {' and no '.join(empty)} for this patient (sent as empty by the EHR).")
    if gathered.fetched:
        notes.append(f"Fetched from the EHR's FHIR server: {', '.join(WHAT[k] for k in gathered.fetched)}.")
    if facts is None:
        return notes
    from stimsafe import api
    from stimsafe.web.code_match import match_conditions

    counted, set_aside = match_conditions(api.list_conditions(), facts.codes, facts.past_codes)
    names = {c.id: c.name for c in api.list_conditions()}
    if counted:
        read = "; ".join(f"{names[m.condition_id]} from {m.via}" + (" (past)" if m.past else "") for m in counted)
        notes.insert(0, f"Read from the record: {read}.")
    if set_aside:
        past = "; ".join(f"{names[m.condition_id]} ({m.via})" for m in set_aside)
        notes.insert(
            0, f"Recorded as resolved or inactive, so not counted as current: {past}. Confirm with the patient."
        )
    return notes


def _missing(gathered: Gathered) -> tuple[str, str]:
    """What screening data could not be had: its names for the summary, and a Markdown list of why."""
    missing = {k: why for k, why in gathered.unavailable.items() if k != "devices"}
    if not missing:
        return "", ""
    lines = [f"- The patient's {WHAT[k]}: {why}." for k, why in missing.items()]
    detail = (
        "This screening could not read:\n\n" + "\n".join(lines) + "\n\nEvery question that depends on them "
        "stays unknown: none of them is read as 'no'.\n\n"
    )
    return " and ".join(WHAT[k] for k in missing), detail


def cds_cards(report: Report, facts: CodedFacts | None, ctx: CardContext) -> list[dict[str, Any]]:
    """Cards for a clinician: every DO NOT USE and ASK A CLINICIAN FIRST finding the record triggers, then one
    ``info`` card that names data the service could not get, says how many screening questions the record does
    not answer (they stay unknown) and how the record was read. A record that matches nothing, or that could
    not be read, is never called free of contraindications."""
    fired = [f for f in report.findings() if f.rank <= 1 and not f.id.endswith(":unknown")]
    cards = [card(f, report, ctx) for f in fired]
    unknown = [f for f in report.findings() if f.id.endswith(":unknown")]
    notes = _record_notes(facts, ctx.gathered)
    missing, missing_detail = _missing(ctx.gathered)
    if unknown or not fired or len(notes) > 1 or missing:
        lead = "No coded contraindication matched" if not fired else "Other questions not in the record"
        if missing:
            lead = f"Could not screen fully: the patient's {missing} are missing"
        names = "; ".join(f.title.removeprefix("Unanswered: ") for f in unknown)
        detail = (
            missing_detail
            + f"{ctx.pick.sentence()} "
            + f"{len(unknown)} screening question(s) are not answered by the coded record and stay unknown"
            + (f": {names}." if names else ".")
            + " Ask the patient before they use a facial microcurrent or EMS device.\n\n"
            + "\n\n".join(notes)
        )
        summary = f"{lead}: {len(unknown)} question(s) unanswered"
        cards.append(_new_card(summary, "info", detail, {"label": "stimsafe screening rules"}, ctx))
    return cards
