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
    minutes_per_zone: float | None = Field(default=None, gt=0)
    minutes_per_session: float | None = Field(default=None, gt=0)
    sessions_per_week: float | None = Field(default=None, gt=0)


class ZoneCap(BaseModel):
    """An extra per-zone limit supplied by another engine (the dose engine's margins), for the session planner.

    ``max_amplitude_a`` is the highest current the supplier considers acceptable on the zone (``None``: no
    numeric cap, e.g. a margin that could not be computed, explained in ``reason``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_amplitude_a: float | None = Field(default=None, gt=0)
    reason: str = Field(min_length=1)
    source_ids: tuple[str, ...] = ()
    shown: str | None = None
    """The cap in the device's own terms for display ("level 2 (160 µA)"); ``None``: the current, as given."""
    max_level: int | None = Field(default=None, ge=1)
    """The highest device level at or below the cap (``None``: not expressible in levels)."""
    level_text: str | None = None
    """Replaces the planner's level plan on this zone, e.g. when even the lowest setting is above the cap."""
    plan_over: bool = False
    """The plan's level or amplitude is above this cap."""
