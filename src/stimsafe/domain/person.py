"""A person's health profile as the screening engine sees it: answers, never assumptions.

Every question is answered ``yes``, ``no`` or ``unknown``. A question that is not in the profile at all is
``unknown`` too: stimsafe never reads silence as "no".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Answer = Literal["yes", "no", "unknown"]


class ConditionAnswer(BaseModel):
    """The answer to one health question, and (for skin conditions) the zones where it applies.

    An empty ``zones`` with ``answer="yes"`` means "somewhere / everywhere": the rule applies to every zone.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    answer: Answer
    zones: tuple[str, ...] = ()


ADULT_YEARS = 18


class Profile(BaseModel):
    """A person's answers, by condition id (see the conditions catalogue).

    ``adult`` answers "Are you 18 or older?" for someone who gives no exact age: it is all the age rules need.
    An exact age wins over ``adult`` (the profile reader refuses the two when they disagree).

    Examples
    --------
    >>> p = Profile(age_years=34, conditions={"pregnancy": ConditionAnswer(answer="no")})
    >>> p.answer("pregnancy"), p.answer("epilepsy")
    ('no', 'unknown')
    >>> Profile(adult="yes").is_below(18), Profile(adult="no").is_below(18), Profile().is_below(18)
    (False, True, None)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    age_years: int | None = Field(default=None, ge=0, le=130)
    adult: Answer = "unknown"
    conditions: Mapping[str, ConditionAnswer] = Field(default_factory=dict)

    def is_below(self, years: int) -> bool | None:
        """Is the person younger than ``years``? From the exact age, else from "18 or older?"; None: unknown."""
        if self.age_years is not None:
            return self.age_years < years
        if self.adult == "yes" and years <= ADULT_YEARS:
            return False
        if self.adult == "no" and years >= ADULT_YEARS:
            return True
        return None

    def answer(self, condition_id: str) -> Answer:
        """``yes``/``no``/``unknown`` for a condition; a missing answer is ``unknown``."""
        found = self.conditions.get(condition_id)
        return "unknown" if found is None else found.answer

    def zones_of(self, condition_id: str) -> tuple[str, ...]:
        """The zones a ``yes`` answer was limited to (empty: not limited)."""
        found = self.conditions.get(condition_id)
        return () if found is None else found.zones
