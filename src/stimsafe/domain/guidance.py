"""A piece of published advice (the 2025 press article) and the screening rules that carry it.

The article is the floor of every rule: a rule that carries a point is at least as strict as the point's advice,
or says in its own text how and why it differs (``differs``). ``floor_tier`` turns the advice into the least strict
tier that still honours it.

Examples
--------
>>> p = GuidancePoint(id="x", topic="t", quote="q", advice="ask first", rule_ids=("r",), source_ids=("s",))
>>> p.floor_tier
'ASK A CLINICIAN FIRST'
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.domain.rule import Tier

Advice = Literal["avoid the device", "avoid the area", "ask first", "lower setting", "advice"]

FLOOR_TIER: dict[Advice, Tier] = {
    "avoid the device": "DO NOT USE",
    "avoid the area": "DO NOT USE",
    "ask first": "ASK A CLINICIAN FIRST",
    "lower setting": "USE WITH CARE",
    "advice": "INFO",
}


class GuidancePoint(BaseModel):
    """One point of advice, in the source's own words, and the rule ids that carry it.

    ``source_ids`` names the source(s) of the advice; every carrying rule cites them.

    ``advice`` is what the source asks for; ``differs`` says how a carrying rule deliberately departs from it
    (e.g. a skin flare holds the zones with the flare rather than the whole device) and why.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    topic: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    advice: Advice
    rule_ids: tuple[str, ...] = Field(min_length=1)
    source_ids: tuple[str, ...] = Field(min_length=1)
    differs: str | None = None

    @property
    def floor_tier(self) -> Tier:
        """The least strict tier that honours the advice."""
        return FLOOR_TIER[self.advice]
