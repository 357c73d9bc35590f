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


class Profile(BaseModel):
    """A person's answers, by condition id (see the conditions catalogue).

    Examples
    --------
    >>> p = Profile(age_years=34, conditions={"pregnancy": ConditionAnswer(answer="no")})
    >>> p.answer("pregnancy"), p.answer("epilepsy")
    ('no', 'unknown')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    age_years: int | None = Field(default=None, ge=0, le=130)
    conditions: Mapping[str, ConditionAnswer] = Field(default_factory=dict)

    def answer(self, condition_id: str) -> Answer:
        """``yes``/``no``/``unknown`` for a condition; a missing answer is ``unknown``."""
        found = self.conditions.get(condition_id)
        return "unknown" if found is None else found.answer

    def zones_of(self, condition_id: str) -> tuple[str, ...]:
        """The zones a ``yes`` answer was limited to (empty: not limited)."""
        found = self.conditions.get(condition_id)
        return () if found is None else found.zones
