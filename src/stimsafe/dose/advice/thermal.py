"""A heated head's surface temperature against the cited surface-temperature limit (pure comparison).

The limit lives in ``knowledge/data/limits.yaml`` (``thermal``) with its source and the statement of where it
applies; the device's temperatures in ``devices.yaml`` (``heat``). Temperatures are degrees Celsius.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.domain.device import Device


class ThermalLimit(BaseModel):
    """A ceiling on the temperature of a surface that touches the skin, and where it applies."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    maximum_c: float = Field(gt=20, lt=80)
    applicability: str = Field(min_length=1)
    source_ids: tuple[str, ...] = Field(min_length=1)


class ThermalCheck(BaseModel):
    """One heated device against one limit: ``above`` (can exceed it), ``at limit`` (reaches it) or ``within``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    limit: ThermalLimit
    surface_min_c: float
    surface_max_c: float
    verdict: Literal["above", "at limit", "within"]

    @property
    def headroom_c(self) -> float:
        """Limit minus the highest surface temperature (negative when above)."""
        return self.limit.maximum_c - self.surface_max_c


def check_heat(device: Device, limits: Sequence[ThermalLimit]) -> tuple[ThermalCheck, ...]:
    """Compare ``device``'s heated surface with each limit; empty when the sources give it no heat.

    Examples
    --------
    >>> lim = ThermalLimit(id="t", title="Surface", maximum_c=43, applicability="here", source_ids=("s",))
    >>> d = Device.model_validate({"id": "x", "name": "X", "maker": "m", "modality": "microcurrent",
    ...     "heat": {"surface_min_c": 42, "surface_max_c": 43}, "regulatory": {"fda_status": "not found"},
    ...     "source_ids": ["s"]})
    >>> check_heat(d, [lim])[0].verdict
    'at limit'
    """
    heat = device.heat
    if heat is None:
        return ()
    out = []
    for limit in limits:
        if heat.surface_max_c > limit.maximum_c:
            verdict: Literal["above", "at limit", "within"] = "above"
        elif heat.surface_max_c == limit.maximum_c:
            verdict = "at limit"
        else:
            verdict = "within"
        out.append(
            ThermalCheck(
                limit=limit, surface_min_c=heat.surface_min_c, surface_max_c=heat.surface_max_c, verdict=verdict
            )
        )
    return tuple(out)
