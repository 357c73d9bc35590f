"""JSON API for triage and the diary (``/api/triage``, ``/api/diary``). Each user's diary is their own file.

In multi-user mode every diary route needs a session and reads or writes only
``<data_dir>/users/<hash of username>/diary.sqlite3``; there is no route that takes another user's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from stimsafe.report.render import to_json_data
from stimsafe.web import security

router = APIRouter(prefix="/api", tags=["Triage and diary"])

Side = Literal["left", "right", "both", "unsure"]
Development = Literal["minutes", "hours", "days", "unsure"]
_TEXT = 2000


class TriageRequest(BaseModel):
    """Answers about one symptom: sign ids answered yes (``GET /api/triage/signs``), onset, side, a note.

    ``unsure`` (or ``answers: {id: "unsure"}``) lists signs answered "not sure": they are read as "yes". A
    warning sign that is not answered (``answers: {id: "no"}`` is the only "no") is unknown: the report leads with
    it and is never SELF-CARE. The note is read for warning signs.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    signs: list[str] = Field(default_factory=list, max_length=100)
    unsure: list[str] = Field(default_factory=list, max_length=100, description="Signs answered 'not sure'.")
    answers: dict[str, StrictBool | Literal["yes", "no", "unsure"]] = Field(default_factory=dict, max_length=100)
    onset: str | None = Field(
        default=None,
        max_length=64,
        description="When it started: everyday words ('30 min ago', 'this morning'), '3h ago', or ISO with timezone.",
    )
    side: Side | None = None
    note: str | None = Field(
        default=None, max_length=_TEXT, description="The person's own words; read for warning signs (only adds signs)."
    )


class SessionIn(BaseModel):
    """A diary session."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    device_id: str = Field(min_length=1, max_length=100)
    zones: list[str] = Field(default_factory=list, max_length=20)
    level: str | None = Field(default=None, max_length=20)
    duration: str | None = Field(default=None, max_length=32, description="e.g. '5 min'")
    started_at: str = Field(default="now", max_length=64)
    note: str | None = Field(default=None, max_length=_TEXT)


class SymptomIn(BaseModel):
    """A diary symptom (``kind`` and ``signs`` are triage sign ids)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str = Field(min_length=1, max_length=64)
    onset: str | None = Field(
        default=None, max_length=64, description="ISO time with timezone, or '3h ago'; null or 'unknown' if not known."
    )
    side: Side | None = None
    development: Development | None = None
    signs: list[str] = Field(default_factory=list, max_length=100)
    no: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Warning signs checked and answered no; one left out is unknown (never read as no).",
    )
    text: str | None = Field(default=None, max_length=_TEXT)


def diary_path(folder: Annotated[Path, Depends(security.user_data_dir)]) -> Path:
    """Dependency: the current user's diary file."""
    return folder / "diary.sqlite3"


Diary = Annotated[Path, Depends(diary_path)]
_JSON = [Depends(security.json_only)]


@router.get("/triage/signs", summary="The triage questions, red flags first")
def triage_signs() -> list[dict[str, str]]:
    """Every sign id with its group and question, in asking order."""
    from stimsafe import api

    return api.triage_signs()


@router.post("/triage", summary="Triage a symptom (emergency first)", dependencies=_JSON)
def triage(body: Annotated[TriageRequest, Body()]) -> dict[str, Any]:
    """The triage report: tier, reasons, sources, the 72-hour window. Does not read or write the diary."""
    from stimsafe import api

    return to_json_data(api.triage(body.model_dump(exclude_none=True), location="request body"))


@router.get("/diary", summary="My diary as a report")
def diary_report(db: Diary) -> dict[str, Any]:
    """Sessions and symptoms, each symptom with its tier and timeline."""
    from stimsafe import api

    return to_json_data(api.diary_report(db))


@router.post("/diary/sessions", summary="Record a session", dependencies=_JSON)
def add_session(db: Diary, body: Annotated[SessionIn, Body()]) -> dict[str, Any]:
    """Add a session to my diary; returns the stored record."""
    from stimsafe import api

    record = api.diary_add_session(db, **body.model_dump())
    return record.model_dump(mode="json")


@router.post("/diary/symptoms", summary="Record a symptom", dependencies=_JSON)
def add_symptom(db: Diary, body: Annotated[SymptomIn, Body()]) -> dict[str, Any]:
    """Add a symptom to my diary; returns the stored record."""
    from stimsafe import api

    record = api.diary_add_symptom(db, **body.model_dump())
    return record.model_dump(mode="json")


@router.get("/diary/export", summary="Export my diary (JSON)")
def export(db: Diary) -> dict[str, Any]:
    """The diary as JSON that ``POST /api/diary/import`` reads back exactly."""
    from stimsafe import api

    return api.diary_export(db)


@router.post("/diary/import", summary="Import a diary export (all or nothing)", dependencies=_JSON)
def import_(db: Diary, body: Annotated[dict[str, Any], Body()]) -> dict[str, int]:
    """Merge an export into my diary in one transaction; returns counts."""
    from stimsafe import api

    return api.diary_import(body, db, location="request body")


@router.get("/diary/fhir", summary="My diary as a FHIR R4B Bundle")
def fhir(db: Diary) -> dict[str, Any]:
    """A FHIR Bundle (Patient, Observations, DeviceUseStatements) validated with fhir.resources."""
    from stimsafe import api

    return api.diary_fhir(db)
