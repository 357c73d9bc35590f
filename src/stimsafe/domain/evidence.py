"""Published evidence on facial electrical stimulation: design, size, outcome, funding, and who paid."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Design = Literal[
    "RCT",
    "non-randomised",
    "before-after",
    "case report",
    "systematic review",
    "narrative review",
    "retrospective",
    "prospective",
    "pharmacovigilance",
    "guidance",
    "poster",
]
Certainty = Literal["high", "moderate", "low", "very low", "background"]


class Study(BaseModel):
    """One catalogued study. ``maker_funded`` is ``None`` when funding was not found (never assumed False)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    citation: str = Field(min_length=1)
    doi: str | None = None
    design: Design
    n: int | None = Field(default=None, ge=1)
    modality: Literal["microcurrent", "ems", "both", "other", "unknown"]
    intervention: str
    outcome: str
    funding: str
    maker_funded: bool | None
    certainty: Certainty
    note: str | None = None
    source_ids: tuple[str, ...] = Field(min_length=1)
