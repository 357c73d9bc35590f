"""Diary records: a stimulation session and a noticed symptom (with optional photos).

Ids are text (a UUID by default) so exports merge and round-trip; times are timezone-aware; device and zone ids
are stored as text, as the knowledge base names them.
"""

from __future__ import annotations

import uuid

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from stimsafe.triage.model import Side


def new_id() -> str:
    """A fresh random id for a diary entry."""
    return uuid.uuid4().hex


class SessionRecord(BaseModel):
    """One use of a device: which device, where on the face, at what level, for how long, and when it started."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    device_id: str = Field(min_length=1)
    zones: tuple[str, ...] = ()
    level: str | None = None
    duration_s: float | None = Field(default=None, ge=0)
    started_at: AwareDatetime
    note: str | None = None


class Photo(BaseModel):
    """A photo kept by reference: its path and SHA-256, so a clinician can tell it has not changed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class SymptomRecord(BaseModel):
    """A symptom: the main kind (a sign id), side, onset, how it developed, the signs answered, free text.

    ``signs`` are the signs answered "yes"; ``no`` the warning signs the person checked and answered "no". A
    warning sign in neither is unknown, never "no": the symptom's tier is then never SELF-CARE.
    ``onset_at`` is None when the person did not give the time: it is never filled with "now", because the
    onset (for a stroke, "last known well") drives the 72-hour window and every export's dates.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    kind: str = Field(min_length=1)
    side: Side | None = None
    onset_at: AwareDatetime | None = None
    development: str | None = None
    signs: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    text: str | None = None
    photos: tuple[Photo, ...] = ()
