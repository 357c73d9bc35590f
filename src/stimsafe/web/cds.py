"""CDS Hooks 2.0: discovery at ``/cds-services`` and a ``patient-view`` service that returns screening cards.

Spec: HL7 CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/; ../shared/facts/clinical_evidence.md §1.1). The
service reads FHIR R4 Conditions and Observations from ``prefetch`` (or, as an extension, the same keys in
the request body's ``context``), turns their codes into a screening profile, and returns one card per
finding: a DO NOT USE finding is ``critical``, ASK A CLINICIAN FIRST is ``warning``; one ``info`` card lists
the questions the record leaves unanswered. The hook carries no device, so the screening uses the labelling of
``CDS_DEVICE`` (NuFACE Trinity) and every card says so.
Without any of the data it needs the service answers 412 with an OperationOutcome, as the spec asks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from stimsafe.report.model import Finding, Report
from stimsafe.web.fhir_input import CodedFacts, read_facts

router = APIRouter(prefix="/cds-services", tags=["CDS Hooks"])

SERVICE_ID = "stimsafe-facial-stim-screening"
PREFETCH = {
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}&category=social-history,survey,exam",
}
_SUMMARY_MAX = 139  # the spec: "<140 characters"
# patient-view has no device in its context: screen against the most common labelled facial microcurrent device,
# and say so on every card
CDS_DEVICE = "nuface-trinity"


class CdsRequest(BaseModel):
    """The body a CDS client POSTs to a service (CDS Hooks 2.0 "HTTP Request")."""

    model_config = ConfigDict(extra="allow")

    hook: Literal["patient-view"]
    hookInstance: str = Field(max_length=200)  # noqa: N815 (the spec's name)
    fhirServer: str | None = Field(default=None, max_length=2000)  # noqa: N815
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class FeedbackItem(BaseModel):
    """One card's outcome (CDS Hooks 2.0 "Feedback")."""

    model_config = ConfigDict(extra="allow")

    card: str = Field(max_length=200)
    outcome: Literal["accepted", "overridden"]
    outcomeTimestamp: str = Field(max_length=100)  # noqa: N815


class FeedbackRequest(BaseModel):
    """The feedback body."""

    model_config = ConfigDict(extra="allow")

    feedback: list[FeedbackItem] = Field(max_length=100)


def discovery_document() -> dict[str, Any]:
    """The discovery response: one ``patient-view`` service."""
    return {
        "services": [
            {
                "hook": "patient-view",
                "id": SERVICE_ID,
                "title": "Facial electrical stimulation safety screening",
                "description": (
                    "Checks the patient's conditions and pregnancy or breastfeeding status against the "
                    "contraindications and precautions for at-home facial microcurrent and EMS devices, "
                    "each with its source. It is not a diagnosis."
                ),
                "prefetch": dict(PREFETCH),
            }
        ]
    }


@router.get("", summary="CDS Hooks discovery")
def discovery() -> dict[str, Any]:
    """List the CDS services this server offers."""
    return discovery_document()


def _indicator(finding: Finding) -> str:
    return "critical" if finding.rank == 0 else "warning" if finding.rank == 1 else "info"


def _summary_text(text: str) -> str:
    return text if len(text) <= _SUMMARY_MAX else text[: _SUMMARY_MAX - 1] + "…"


def _summary(finding: Finding) -> str:
    return _summary_text(f"{finding.tier}: {finding.title}")


def card(finding: Finding, report: Report) -> dict[str, Any]:
    """One CDS card for a finding: summary, indicator, Markdown detail and the first source as ``source``."""
    sources = [s for s in (report.source(i) for i in finding.source_ids) if s is not None]
    lines = [finding.reason]
    if finding.action:
        lines += ["", f"**What to do:** {finding.action}"]
    if sources:
        lines += ["", "**Sources:**", *(f"- {s.cite()}" for s in sources)]
    source: dict[str, Any] = {"label": sources[0].title if sources else "stimsafe knowledge base"}
    if sources and sources[0].url:
        source["url"] = sources[0].url
    return {
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"stimsafe:{finding.id}")),
        "summary": _summary(finding),
        "indicator": _indicator(finding),
        "detail": "\n".join(lines),
        "source": source,
    }


def cards_from_report(report: Report) -> list[dict[str, Any]]:
    """Cards for every finding, most serious first."""
    return [card(f, report) for f in report.findings()]


def profile_from_codes(codes: Iterable[tuple[str, str]], past_codes: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """A screening profile: ``yes`` for each condition the record's codes answer (:mod:`~stimsafe.web.code_match`).

    ICD-10-CM codes match through the code hierarchy; past (resolved, inactive) codes count only for questions
    about the past. Nothing is set to ``no``: a condition missing from a record is unknown, not absent.
    """
    from stimsafe import api
    from stimsafe.web.code_match import match_conditions

    counted, _ = match_conditions(api.list_conditions(), codes, past_codes)
    return {"conditions": {m.condition_id: "yes" for m in counted}}


def _record_notes(facts: CodedFacts | None) -> list[str]:
    """What the clinician should know about how the record was read: matches, set-aside past codes, limits."""
    notes = ["SNOMED CT codes are matched exactly (descendant codes are not followed); ICD-10-CM codes match "
             "through the code hierarchy."]  # fmt: skip
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


def cds_cards(report: Report, facts: CodedFacts | None = None) -> list[dict[str, Any]]:
    """Cards for a clinician: every DO NOT USE and ASK A CLINICIAN FIRST finding the record triggers, then one
    ``info`` card that says how many screening questions the record does not answer (they stay unknown) and how
    the record was read. A record that matches nothing is never called free of contraindications."""
    fired = [f for f in report.findings() if f.rank <= 1 and not f.id.endswith(":unknown")]
    device = report.data.get("device", CDS_DEVICE)
    cards = [card(f, report) for f in fired]
    for c in cards:
        c["detail"] += f"\n\nScreened against the labelling of **{device}** for use on the face."
    unknown = [f for f in report.findings() if f.id.endswith(":unknown")]
    notes = _record_notes(facts)
    if unknown or not fired or len(notes) > 1:
        lead = "No coded contraindication matched" if not fired else "Other questions not in the record"
        names = "; ".join(f.title.removeprefix("Unanswered: ") for f in unknown)
        detail = (
            f"Screened against the labelling of **{device}** for use on the face. "
            f"{len(unknown)} screening question(s) are not answered by the coded record and stay unknown"
            + (f": {names}." if names else ".")
            + " Ask the patient before they use a facial microcurrent or EMS device.\n\n"
            + "\n\n".join(notes)
        )
        cards.append({"uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"stimsafe:unknown:{len(unknown)}")),
                      "summary": _summary_text(f"{lead}: {len(unknown)} question(s) unanswered"),
                      "indicator": "info", "detail": detail,
                      "source": {"label": "stimsafe screening rules"}})  # fmt: skip
    return cards


def _operation_outcome(message: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "required", "diagnostics": message}],
    }


def _facts(body: CdsRequest) -> CodedFacts | None:
    values = [v for k, v in (body.prefetch or {}).items() if k in PREFETCH and v is not None]
    values += [body.context[k] for k in PREFETCH if body.context.get(k) is not None]
    return read_facts(values) if values else None


class CdsResponse(BaseModel):
    """Cards (CDS Hooks 2.0 "CDS Service Response"); an empty list means "no guidance"."""

    cards: list[dict[str, Any]]


_OUTCOME_DOC: dict[int | str, dict[str, Any]] = {
    412: {
        "description": "The data the service needs was not sent (FHIR OperationOutcome).",
        "content": {"application/json": {"schema": {"type": "object", "required": ["resourceType", "issue"]}}},
    }
}


@router.post(
    f"/{SERVICE_ID}",
    summary="patient-view: screening cards",
    response_model=CdsResponse,
    responses=_OUTCOME_DOC,
)
def patient_view(body: Annotated[CdsRequest, Body()]) -> JSONResponse | CdsResponse:
    """Cards from the patient's conditions and observations (prefetch keys ``conditions``, ``observations``)."""
    facts = _facts(body)
    if facts is None:
        message = "Prefetch 'conditions' and 'observations' are missing; send them (FHIR R4 Bundles)."
        return JSONResponse(_operation_outcome(message), status_code=412)
    from stimsafe import api

    profile = profile_from_codes(facts.codes, facts.past_codes)
    report = api.assess(api.get_device(CDS_DEVICE), profile, {"zones": [zone.id for zone in api.list_zones()]})
    return CdsResponse(cards=cds_cards(report, facts))


@router.post(f"/{SERVICE_ID}/feedback", summary="Card feedback")
def feedback(request: Request, body: Annotated[FeedbackRequest, Body()]) -> dict[str, Any]:
    """Accept card feedback. Only counts are kept (in memory); no patient data is stored or logged."""
    counts: dict[str, int] = request.app.state.__dict__.setdefault("cds_feedback", {})
    for item in body.feedback:
        counts[item.outcome] = counts.get(item.outcome, 0) + 1
    return {}
