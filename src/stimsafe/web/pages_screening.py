"""Pages for the device catalogue, zones, rules and the assessment questionnaire -> report with the zone map."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from stimsafe.errors import InputError, NotFoundError, StimsafeError
from stimsafe.report.model import Report
from stimsafe.web import security
from stimsafe.web.render import page, report_page
from stimsafe.web.zonemap import zone_labels

router = APIRouter(include_in_schema=False)

DEFAULT_ZONES = ("forehead", "cheek", "jawline")
ANSWERS = ("yes", "no", "unknown")
_MAX_FIELDS = 200


@router.get("/devices", response_class=HTMLResponse)
def devices(request: Request) -> Response:
    """The catalogue, with a link to each device."""
    from stimsafe import api

    links = [(d.id, d.name) for d in api.list_devices()]
    return page(request, "devices.html", {"report": api.devices_report(), "links": links, "numbers": {}})


@router.get("/devices/{device_id}", response_class=HTMLResponse)
def device(request: Request, device_id: Annotated[str, Path(max_length=100)]) -> Response:
    """One device: what it puts out, its labelling, its regulatory status, and the sources."""
    from stimsafe import api

    return report_page(request, api.device_report(device_id), back_href="/devices", back_label="All devices")


@router.get("/zones", response_class=HTMLResponse)
def zones(request: Request) -> Response:
    """The facial zones."""
    from stimsafe import api

    return report_page(request, api.zones_report())


@router.get("/rules", response_class=HTMLResponse)
def rules(request: Request) -> Response:
    """The screening rules."""
    from stimsafe import api

    return report_page(request, api.rules_report())


def _form(request: Request, values: dict[str, Any] | None = None, err: dict[str, Any] | None = None) -> Response:
    from stimsafe import api

    context = {
        "devices": [(d.id, d.name) for d in api.list_devices()],
        "conditions": api.list_conditions(),
        "zone_choices": zone_labels(),
        "answers": ANSWERS,
        "values": values or {"device": "nuface-trinity", "zones": list(DEFAULT_ZONES)},
        "err": err,
    }
    return page(request, "assess.html", context, status_code=422 if err else 200)


@router.get("/assess", response_class=HTMLResponse)
def assess_form(request: Request, device: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    """The questionnaire: device, health questions (each yes / no / I don't know), zones and level.

    ``?device=`` preselects a catalogue device (the CDS cards link here); an unknown one is ignored.
    """
    from stimsafe import api

    if device:
        try:
            return _form(request, {"device": api.get_device(device).id, "zones": list(DEFAULT_ZONES)})
        except NotFoundError:
            pass
    return _form(request)


def form_to_inputs(form: Any) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Device id, profile mapping and plan mapping from the questionnaire's fields (unanswered = unknown)."""
    if len(form) > _MAX_FIELDS:
        raise InputError("The form has too many fields.", hint="Submit the questionnaire from this site.")
    conditions: dict[str, Any] = {}
    for key, answer in form.multi_items():
        if key.startswith("cond_") and answer in ANSWERS:
            condition = key.removeprefix("cond_")
            only = [z for z in form.getlist(f"zones_{condition}") if isinstance(z, str)]
            conditions[condition] = {"answer": answer, "zones": only} if only and answer == "yes" else answer
    profile: dict[str, Any] = {"conditions": conditions}
    age = str(form.get("age") or "").strip()
    if age:
        if not age.isdigit():
            raise InputError(
                "Age must be a whole number of years.",
                field="age",
                value=age,
                hint="e.g. 34; or leave it empty and answer '18 or older?'. Your other answers are kept.",
            )
        profile["age"] = int(age)
    adult = form.get("adult")
    if adult in ANSWERS and adult != "unknown":
        profile["adult"] = adult
    plan: dict[str, Any] = {"zones": [z for z in form.getlist("zones") if isinstance(z, str)]}
    level = str(form.get("level") or "").strip()
    if level:
        if not level.isdigit():
            raise InputError("Level must be a whole number.", field="level", value=level, hint="e.g. 1")
        plan["level"] = int(level)
    return str(form.get("device") or ""), profile, plan


def form_values(form: Any) -> dict[str, Any]:
    """Every answer as submitted, to fill the form again after an error: nothing the person typed is lost."""
    text = {k: str(form.get(k) or "")[:100] for k in ("device", "age", "adult", "level")}
    cond = {k.removeprefix("cond_"): v for k, v in form.multi_items() if k.startswith("cond_") and v in ANSWERS}
    czones = {c: [z for z in form.getlist(f"zones_{c}") if isinstance(z, str)] for c in cond}
    zones = [z for z in form.getlist("zones") if isinstance(z, str)]
    return {**text, "zones": zones, "cond": cond, "czones": czones}


def margin_texts(report: Report) -> tuple[dict[str, str], str | None]:
    """Per-zone current caps as the assess report states them (the same words as the CLI and Markdown/JSON)."""
    caps = report.data.get("zone_caps") or {}
    out = {str(z): f"cap {c['shown']}" for z, c in caps.items() if isinstance(c, dict) and c.get("shown")}
    note = report.data.get("caps_note") if isinstance(report.data.get("caps_note"), str) else None
    return out, note


@router.post("/assess", dependencies=[Depends(security.verify_csrf)])
async def assess(request: Request) -> Response:
    """The report: verdict and reasons first, then the face-zone map with each zone's status and margin."""
    from stimsafe import api

    form = await request.form()
    try:
        device_id, profile, plan = form_to_inputs(form)
        # catalogue devices only: a path typed here must never be opened on the server (review finding 1)
        report = api.assess(api.get_device(device_id), profile, plan)
    except StimsafeError as error:
        return _form(request, form_values(form), error.to_dict())
    margins, note = margin_texts(report)
    return report_page(request, report, zone_ids=plan["zones"], with_map=True, margins=margins, margin_note=note,
                       back_href="/assess", back_label="Change my answers")  # fmt: skip
