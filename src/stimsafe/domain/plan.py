"""What a person intends to do with a device: which zones, at which level or current, how often."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.domain.zone import ZoneId


class Plan(BaseModel):
    """A use plan. ``level`` is the device's own intensity step (1 = lowest); ``amplitude_a`` an explicit current.

    Examples
    --------
    >>> Plan(zones=("cheek", "forehead"), level=1).zones
    ('cheek', 'forehead')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    zones: tuple[ZoneId, ...] = Field(min_length=1)
    level: int | None = Field(default=None, ge=1)
    amplitude_a: float | None = Field(default=None, gt=0)
    minutes_per_session: float | None = Field(default=None, gt=0)
    sessions_per_week: float | None = Field(default=None, gt=0)
