"""What screening returns: findings in tiers, and the session plan built from them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.domain.rule import Tier

Status = Literal["fires", "unknown"]
ZoneStatus = Literal["allowed", "on hold", "excluded"]


class ScreeningFinding(BaseModel):
    """A rule that fired (or could not be decided) for this person, device and plan.

    ``zones`` empty: the finding is about the whole plan. ``status="unknown"``: a question was not answered or a
    device figure was not found; ``unknown`` names what, and the finding says what a "yes" would change.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    tier: Tier
    rank: int = Field(ge=0, le=3)
    status: Status
    kind: str
    zones: tuple[str, ...] = ()
    title: str
    reason: str
    action: str
    cap_lowest: bool = False
    unknown: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()

    @property
    def whole_plan(self) -> bool:
        """True when the finding is about the whole plan rather than some zones."""
        return not self.zones


class Screening(BaseModel):
    """All findings, most serious first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: tuple[ScreeningFinding, ...] = ()

    def firing(self) -> tuple[ScreeningFinding, ...]:
        """Findings whose rule fired."""
        return tuple(f for f in self.findings if f.status == "fires")

    def unknown(self) -> tuple[ScreeningFinding, ...]:
        """Findings that could not be decided."""
        return tuple(f for f in self.findings if f.status == "unknown")

    def verdict(self) -> Tier:
        """The most serious tier among fired findings (INFO when nothing else fired)."""
        fired = self.firing()
        return min(fired, key=lambda f: f.rank).tier if fired else "INFO"

    def rule_ids(self, status: Status = "fires") -> set[str]:
        """Ids of the rules with this status."""
        return {f.rule_id for f in self.findings if f.status == status}


class ZonePlan(BaseModel):
    """One planned zone: allowed, on hold (until a question is answered or a clinician agrees) or excluded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zone: str
    name: str
    status: ZoneStatus
    level: str
    max_amplitude_a: float | None = None
    cap_shown: str | None = None
    """The current cap in the device's own terms ("level 2 (160 µA)"), as the dose engine said it."""
    warning: str | None = None
    """A plain stop sign that replaces a level plan ("even the lowest setting may twitch the eyelid: ...")."""
    plan_over_cap: bool = False
    """The plan's level or amplitude is above the dose cap on this zone."""
    time_per_zone_s: float | None = None
    reasons: tuple[str, ...] = ()


class SessionPlan(BaseModel):
    """The planner's answer: steps to follow, zone by zone limits, session timing, excluded zones with reasons."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    verdict: Tier
    can_start: bool
    steps: tuple[str, ...]
    zones: tuple[ZonePlan, ...]
    per_session_s: float | None = None
    sessions_per_week: float | None = None
    timing_note: str = ""
    schedule: tuple[tuple[str, str, str, str], ...] = ()
    """The plan's time and frequency against the labelling: (item, your plan, labelled, check) rows."""
    awaiting_answers_only: bool = False  # every held zone waits only for unanswered questions, not a clinician
