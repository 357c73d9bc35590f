"""JSON API for screening and dose: devices, zones, conditions, rules, ``POST /api/assess``, ``POST /api/dose``.

Each route calls one function of :mod:`stimsafe.api` and returns its :class:`~stimsafe.report.model.Report`
as JSON, exactly as ``stimsafe assess --format json`` prints it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from stimsafe.web import security
from stimsafe.web.jobs import jobs_of
from stimsafe.web.render import json_report

router = APIRouter(prefix="/api", tags=["Screening and dose"])
# report routes answer with json_report (serialised once); the schema stays "a JSON object"
_REPORT = dict[str, Any]

ZoneName = Annotated[str, Field(min_length=1, max_length=40)]
# a catalogue id, name or alias (GET /api/devices): letters, digits, spaces and + - _ ( ); never a path, so no
# '/', '\\' or '.' (the web screens catalogue devices only; device spec files are for the CLI)
DEVICE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 +_()-]*$"
DeviceId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=DEVICE_PATTERN,
        description="Catalogue id or alias (GET /api/devices), e.g. nuface-trinity",
    ),
]
AnswerText = Literal["yes", "no", "unknown"]


class ConditionIn(BaseModel):
    """An answer limited to some zones (skin conditions)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    answer: AnswerText | StrictBool
    zones: list[ZoneName] = Field(default_factory=list, max_length=10)


class ProfileIn(BaseModel):
    """A health profile: each condition id (``GET /api/conditions``) answered yes, no or unknown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = Field(default=None, max_length=100)
    age: int | None = Field(default=None, ge=0, le=130)
    adult: AnswerText | StrictBool | None = Field(
        default=None, description="'Are you 18 or older?' (yes / no / unknown) when no exact age is given."
    )
    conditions: dict[str, AnswerText | StrictBool | ConditionIn] = Field(default_factory=dict, max_length=100)


class PlanIn(BaseModel):
    """Where and how the device will be used."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zones: list[ZoneName] = Field(min_length=1, max_length=10)
    level: int | None = Field(default=None, ge=1, le=100)
    amplitude: str | None = Field(default=None, max_length=32, description="e.g. '400 uA'")
    minutes_per_zone: float | None = Field(default=None, gt=0, le=600)
    minutes_per_session: float | None = Field(default=None, gt=0, le=600)
    sessions_per_week: float | None = Field(default=None, gt=0, le=100)


class AssessIn(BaseModel):
    """``POST /api/assess``: a catalogue device id, a profile and a plan."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    device: DeviceId
    profile: ProfileIn
    plan: PlanIn


class DoseIn(BaseModel):
    """``POST /api/dose``: a catalogue device and, optionally, some zones."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    device: DeviceId
    zones: list[ZoneName] = Field(default_factory=list, max_length=10)


def _answer(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, ConditionIn):
        return {"answer": _answer(value.answer), "zones": list(value.zones)}
    return value


def profile_mapping(profile: ProfileIn) -> dict[str, Any]:
    """The profile as the mapping :func:`stimsafe.api.assess` reads (same shape as a profile file)."""
    out: dict[str, Any] = {"conditions": {k: _answer(v) for k, v in profile.conditions.items()}}
    if profile.name is not None:
        out["name"] = profile.name
    if profile.age is not None:
        out["age"] = profile.age
    if profile.adult is not None:
        out["adult"] = _answer(profile.adult)
    return out


@router.get("/devices", summary="The device catalogue", response_model=_REPORT)
def devices() -> Response:
    """Every catalogue device with its FDA status."""
    from stimsafe import api

    return json_report(api.devices_report())


@router.get("/devices/{device_id}", summary="One device", response_model=_REPORT)
def device(device_id: Annotated[str, Path(max_length=100)]) -> Response:
    """One device's facts, "not found" where the sources gave nothing, and its sources."""
    from stimsafe import api

    return json_report(api.device_report(device_id))


@router.get("/zones", summary="The facial zones", response_model=_REPORT)
def zones() -> Response:
    """Nerve branch, tissue layers, nerve depth, caution level and sources for each zone."""
    from stimsafe import api

    return json_report(api.zones_report())


@router.get("/rules", summary="The screening rules", response_model=_REPORT)
def rules() -> Response:
    """The rule table, generated from the rule data."""
    from stimsafe import api

    return json_report(api.rules_report())


@router.get("/conditions", summary="The screening questions")
def conditions() -> list[dict[str, Any]]:
    """Each condition id with its question, whether it can be limited to zones, and its codes."""
    from stimsafe import api

    return [c.model_dump(mode="json") for c in api.list_conditions()]


@router.post(
    "/assess",
    summary="Screen a profile and plan for a device",
    dependencies=[Depends(security.json_only)],
    response_model=_REPORT,
)
def assess(body: Annotated[AssessIn, Body()]) -> Response:
    """The screening report: verdict, findings with reasons and sources, the session plan, zone by zone."""
    from stimsafe import api

    plan = body.plan.model_dump(exclude_none=True)
    # a catalogue lookup, never api.resolve_device: that would open a path on this server (review finding 1)
    return json_report(api.assess(api.get_device(body.device), profile_mapping(body.profile), plan))


# the expensive calls: a login in multi-user mode, and a bounded worker pool (503 + Retry-After when full)
_LOGIN = Depends(security.require_user)
_BUSY: dict[int | str, dict[str, Any]] = {
    503: {"description": "Every worker is busy; the Retry-After header says when to try again."}
}


@router.post(
    "/dose",
    summary="Dose report for a device",
    dependencies=[Depends(security.json_only), _LOGIN],
    responses=_BUSY,
    response_model=_REPORT,
)
async def dose(request: Request, body: Annotated[DoseIn, Body()]) -> Response:
    """Standards checks and per-zone motor-threshold margins (runs on the worker pool)."""
    from stimsafe import api

    report = await jobs_of(request).run(api.dose, body.device, body.zones or None)
    return json_report(report)


@router.get("/signals", summary="The signal report", dependencies=[_LOGIN], responses=_BUSY, response_model=_REPORT)
async def signals(request: Request, demo: Annotated[bool, Query()] = True) -> Response:
    """Disproportionality statistics with flags and the honest reading; ``demo`` uses the built-in dataset.

    The report, figures included (SVG ``data:`` URIs), is cached per store state.
    """
    from stimsafe import api

    return json_report(await jobs_of(request).run(api.signals_dashboard, demo=demo))
