"""The Report model shared by every use case (assess, dose, triage, signals).

A report is an ordered list of sections; each holds prose paragraphs, findings and tables. Sources are
collected once per report and referred to by id, so every renderer can print a numbered source list.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.domain.source import Source


class Finding(BaseModel):
    """One statement the report makes, with its tier, its reason, what to do and its sources.

    ``tier`` is a label from the use case's own ordered scale (screening: ``DO NOT USE`` ...; triage:
    ``CALL EMERGENCY SERVICES NOW`` ...); ``rank`` orders tiers, 0 being the most serious.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    tier: str
    rank: int = Field(ge=0)
    title: str
    reason: str
    action: str | None = None
    zone: str | None = None
    source_ids: tuple[str, ...] = ()


class Table(BaseModel):
    """A rectangular table; cells are already formatted text or plain numbers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | int | float | None, ...], ...]
    note: str | None = None


class Section(BaseModel):
    """A titled part of a report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    paragraphs: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[str, ...] = ()  # paths of written figures (PNG/SVG)


class Report(BaseModel):
    """What a use case returns to an interface."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str  # "assess", "dose", "triage", "signals", ...
    title: str
    summary: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    sources: tuple[Source, ...] = ()
    disclaimers: tuple[str, ...] = ()
    data: dict[str, Any] = Field(default_factory=dict)  # machine-readable payload for --format json / API

    def findings(self) -> list[Finding]:
        """All findings of all sections, most serious first (stable within a tier)."""
        every = [f for s in self.sections for f in s.findings]
        return sorted(every, key=lambda f: f.rank)

    def source(self, source_id: str) -> Source | None:
        """The source with this id, if the report carries it."""
        return next((s for s in self.sources if s.id == source_id), None)
