"""CDS Hooks 2.0: discovery at ``/cds-services`` and a ``patient-view`` service that returns screening cards.

Spec: HL7 CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/; ../shared/facts/clinical_evidence.md §1.1). The
service reads FHIR R4 Conditions and Observations from ``prefetch`` (or, as an extension, the same keys in
the request body's ``context``), turns their codes into a screening profile, and returns one card per
finding: a DO NOT USE finding is ``critical``, ASK A CLINICIAN FIRST is ``warning``; one ``info`` card lists
the questions the record leaves unanswered. Prefetch keys sent as ``null`` (the record holds nothing), sent as
an OperationOutcome or left out (fetched from ``fhirServer`` when allowed) are handled in
:mod:`stimsafe.web.cds_prefetch`: data that stays unavailable gets a ``warning`` card saying what is missing,
never a silent "no". The device comes from the context or the record (:mod:`stimsafe.web.cds_device`) and
every card names it by its label, saying so when it had to be assumed. Every card has a fresh ``uuid`` and
``links`` to the full questionnaire. ``context.patientId`` and ``context.userId`` are required (400).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from stimsafe.errors import InputError
from stimsafe.web.cds_auth import require_client_token
from stimsafe.web.cds_cards import CardContext, cards_from_report, cds_cards
from stimsafe.web.cds_device import DevicePick, pick_device
from stimsafe.web.cds_prefetch import PREFETCH, FhirAuthorization, Gathered, gather
from stimsafe.web.fhir_input import read_facts

__all__ = ["PREFETCH", "SERVICE_ID", "cards_from_report", "cds_cards", "router"]

router = APIRouter(prefix="/cds-services", tags=["CDS Hooks"])

SERVICE_ID = "stimsafe-facial-stim-screening"
_SCREENING_KEYS = ("conditions", "observations")


class CdsRequestError(InputError):
    """A CDS request the spec does not allow (HTTP 400)."""

    http_status = 400
    kind = "bad_request"


class CdsRequest(BaseModel):
    """The body a CDS client POSTs to a service (CDS Hooks 2.0 "HTTP Request")."""

    model_config = ConfigDict(extra="allow")

    hook: Literal["patient-view"]
    hookInstance: str = Field(max_length=200)  # noqa: N815 (the spec's name)
    fhirServer: str | None = Field(default=None, max_length=2000, pattern=r"^https?://")  # noqa: N815
    fhirAuthorization: FhirAuthorization | None = None  # noqa: N815
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


def profile_from_codes(codes: Iterable[tuple[str, str]], past_codes: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """A screening profile: ``yes`` for each condition the record's codes answer (:mod:`~stimsafe.web.code_match`).

    ICD-10-CM codes match through the code hierarchy; past (resolved, inactive) codes count only for questions
    about the past. Nothing is set to ``no``: a condition missing from a record is unknown, not absent.
    """
    from stimsafe import api
    from stimsafe.web.code_match import match_conditions

    counted, _ = match_conditions(api.list_conditions(), codes, past_codes)
    return {"conditions": {m.condition_id: "yes" for m in counted}}


def _links(request: Request, pick: DevicePick) -> tuple[dict[str, str], ...]:
    """The full questionnaire for this device on this server; a SMART app launch when one is configured."""
    base = str(request.base_url).rstrip("/")
    links = [
        {
            "label": f"Open the full screening for {pick.device.name}",
            "url": f"{base}/assess?device={quote(pick.device.id)}",
            "type": "absolute",
        }
    ]
    launch = request.app.state.settings.cds_smart_launch_url
    if launch:
        context = json.dumps({"device": pick.device.id, "service": SERVICE_ID})
        links.append({"label": "Open stimsafe (SMART app)", "url": launch, "type": "smart", "appContext": context})
    return tuple(links)


def _check_context(body: CdsRequest) -> None:
    if body.fhirAuthorization is not None and body.fhirServer is None:
        raise CdsRequestError(
            "fhirAuthorization was sent without fhirServer (CDS Hooks 2.0, cds-r-1).",
            field="fhirServer",
            location="request body",
            hint="Send the FHIR base URL the token is for as fhirServer, or leave fhirAuthorization out.",
        )
    for key in ("patientId", "userId"):
        value = body.context.get(key)
        if not isinstance(value, str) or not value.strip():
            raise CdsRequestError(
                f"The patient-view context needs '{key}' (CDS Hooks 2.0: REQUIRED).",
                field=f"context.{key}",
                value=value,
                location="request body",
                hint=f"Send context.{key}, e.g. "
                + ('"patientId": "1288992"' if key == "patientId" else '"userId": "Practitioner/123"')
                + ".",
            )


def _gather(request: Request, body: CdsRequest) -> Gathered:
    settings = request.app.state.settings
    return gather(
        body.prefetch,
        body.context,
        fhir_server=body.fhirServer,
        authorization=body.fhirAuthorization,
        allowed_servers=settings.listed(settings.cds_fhir_servers),
        transport=getattr(request.app.state, "fhir_transport", None),
    )


class CdsResponse(BaseModel):
    """Cards (CDS Hooks 2.0 "CDS Service Response"); an empty list means "no guidance"."""

    cards: list[dict[str, Any]]


_BAD_REQUEST_DOC: dict[int | str, dict[str, Any]] = {
    400: {"description": "The request breaks the CDS Hooks spec, e.g. no context.patientId (the one error shape)."},
    401: {"description": "A client token is required and was missing or invalid (the one error shape)."},
}


@router.post(
    f"/{SERVICE_ID}",
    summary="patient-view: screening cards",
    response_model=CdsResponse,
    responses=_BAD_REQUEST_DOC,
    dependencies=[Depends(require_client_token)],
)
def patient_view(request: Request, body: Annotated[CdsRequest, Body()]) -> CdsResponse:
    """Cards from the patient's conditions and observations (prefetch keys ``conditions``, ``observations``,
    ``devices``); what the client did not send is fetched from ``fhirServer`` when allowed, or named on a card."""
    from stimsafe import api

    _check_context(body)
    gathered = _gather(request, body)
    screening = [v for k, v in gathered.values.items() if k in _SCREENING_KEYS]
    facts = read_facts(screening) if screening else None
    pick = pick_device(body.context, gathered.values.values())
    profile = profile_from_codes(facts.codes, facts.past_codes) if facts else {"conditions": {}}
    report = api.assess(pick.device, profile, {"zones": [zone.id for zone in api.list_zones()]})
    ctx = CardContext(pick=pick, links=_links(request, pick), gathered=gathered)
    return CdsResponse(cards=cds_cards(report, facts, ctx))


@router.post(f"/{SERVICE_ID}/feedback", summary="Card feedback", dependencies=[Depends(require_client_token)])
def feedback(request: Request, body: Annotated[FeedbackRequest, Body()]) -> dict[str, Any]:
    """Accept card feedback. Only counts are kept (in memory); no patient data is stored or logged."""
    counts: dict[str, int] = request.app.state.__dict__.setdefault("cds_feedback", {})
    for item in body.feedback:
        counts[item.outcome] = counts.get(item.outcome, 0) + 1
    return {}
