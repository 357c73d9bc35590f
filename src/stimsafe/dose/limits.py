"""Standards limits and damage criteria as typed data, and checking :class:`DoseMetrics` against them.

The numbers live in ``knowledge/data/limits.yaml`` with their sources; this module only compares.
``margin`` is ``maximum / value`` (> 1: below the limit, "N times below"); ``None`` when the value is zero.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.dose.metrics import DoseMetrics


class Limit(BaseModel):
    """One ceiling on one metric of :class:`DoseMetrics` (SI value), with how to display it and its sources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    metric: str
    maximum: float
    display_unit: str
    display_factor: float = Field(gt=0)
    kind: Literal["limit", "advisory", "criterion"]
    source_ids: tuple[str, ...] = Field(min_length=1)
    note: str | None = None


class ParameterRange(BaseModel):
    """A plausible range for a waveform parameter that a device's sources do not state."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    parameter: Literal["frequency_hz", "duty_cycle", "phase_width_s"]
    low: float = Field(gt=0)
    high: float = Field(gt=0)
    source_ids: tuple[str, ...] = Field(min_length=1)
    note: str | None = None


class LimitCheck(BaseModel):
    """The outcome of one check."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    limit: Limit
    value: float
    within: bool
    margin: float | None

    @property
    def shown_value(self) -> str:
        """Value in the limit's display unit."""
        return _show(self.value, self.limit)

    @property
    def shown_limit(self) -> str:
        """The limit in its display unit."""
        return _show(self.limit.maximum, self.limit)


def _show(value: float, limit: Limit) -> str:
    if math.isinf(value):
        return "unbounded"
    unit = f" {limit.display_unit}" if limit.display_unit else ""
    return f"{value * limit.display_factor:.3g}{unit}"


def check_limits(metrics: DoseMetrics, limits: tuple[Limit, ...]) -> tuple[LimitCheck, ...]:
    """Compare each limit's metric with its maximum.

    For ``shannon_k`` (a logarithm) the margin is the factor on charge that would reach the criterion:
    ``10**((k_max - k) / 2)``, since ``k`` grows by 2 per decade of charge at a fixed area.

    Examples
    --------
    >>> from stimsafe.dose.waveform import Waveform
    >>> from stimsafe.dose.metrics import dose_metrics
    >>> m = dose_metrics(Waveform(shape="monophasic", amplitude_a=4e-4, phase_width_s=1e-3, frequency_hz=100), 1e-4)
    >>> lim = Limit(id="d", title="density", metric="rms_current_density_a_m2", maximum=20.0,
    ...             display_unit="mA/cm²", display_factor=0.1, kind="advisory", source_ids=("s",))
    >>> c = check_limits(m, (lim,))[0]
    >>> c.within, round(c.margin, 1), c.shown_value
    (True, 15.8, '0.126 mA/cm²')
    """
    out = []
    for limit in limits:
        value = float(getattr(metrics, limit.metric))
        if limit.metric == "shannon_k":
            margin: float | None = 10 ** ((limit.maximum - value) / 2)
        else:
            margin = None if value == 0 else limit.maximum / value
        out.append(LimitCheck(limit=limit, value=value, within=value <= limit.maximum, margin=margin))
    return tuple(out)
