"""Standards limits and damage criteria as typed data, and checking :class:`DoseMetrics` against them.

The numbers live in ``knowledge/data/limits.yaml`` with their sources; this module only compares.
``margin`` is ``maximum / value`` (> 1: below the limit, "N times below"); ``None`` when the value is zero.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.dose.physics.metrics import DoseMetrics

ElectrodeKind = Literal["surface", "implanted"]


class Domain(BaseModel):
    """Where a criterion was derived: electrode kind and the studied charge per phase (C); outside it, not applied."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    electrode: ElectrodeKind | None = None
    charge_per_phase_c: tuple[float, float] | None = None
    derived_from: str

    def outside(self, metrics: DoseMetrics, electrode: ElectrodeKind) -> str | None:
        """Why ``metrics`` for an ``electrode`` contact fall outside this domain; ``None`` when inside."""
        why = []
        if self.electrode is not None and electrode != self.electrode:
            why.append(f"this is a {electrode} contact")
        q = metrics.charge_per_phase_c
        if self.charge_per_phase_c is not None and not self.charge_per_phase_c[0] <= q <= self.charge_per_phase_c[1]:
            low, high = self.charge_per_phase_c
            why.append(
                f"charge per phase here is {q * 1e6:.3g} µC, outside the studied {low * 1e6:g}–{high * 1e6:g} µC"
            )
        if not why:
            return None
        return f"not applicable: derived from {self.derived_from}; {' and '.join(why)}"


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
    domain: Domain | None = None


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
    not_applicable: str | None = None
    """Why the limit does not apply here (outside its domain); ``None`` when it applies."""

    @property
    def verdict(self) -> str:
        """``within``, ``ABOVE ADVISORY``, ``ABOVE CRITERION``, ``EXCEEDS`` (a limit) or ``not applicable``."""
        if self.not_applicable is not None:
            return "not applicable"
        if self.within:
            return "within"
        return {"advisory": "ABOVE ADVISORY", "criterion": "ABOVE CRITERION"}.get(self.limit.kind, "EXCEEDS")

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


def check_limits(
    metrics: DoseMetrics, limits: tuple[Limit, ...], electrode: ElectrodeKind = "surface"
) -> tuple[LimitCheck, ...]:
    """Compare each limit's metric with its maximum; a limit whose domain excludes this case is not applicable.

    For ``shannon_k`` (a logarithm) the margin is the factor on charge that would reach the criterion:
    ``10**((k_max - k) / 2)``, since ``k`` grows by 2 per decade of charge at a fixed area.

    Examples
    --------
    >>> from stimsafe.dose.physics.waveform import Waveform
    >>> from stimsafe.dose.physics.metrics import dose_metrics
    >>> m = dose_metrics(Waveform(shape="monophasic", amplitude_a=4e-4, phase_width_s=1e-3, frequency_hz=100), 1e-4)
    >>> lim = Limit(id="d", title="density", metric="rms_current_density_a_m2", maximum=20.0,
    ...             display_unit="mA/cm²", display_factor=0.1, kind="advisory", source_ids=("s",))
    >>> c = check_limits(m, (lim,))[0]
    >>> c.within, round(c.margin, 1), c.shown_value, c.verdict
    (True, 15.8, '0.126 mA/cm²', 'within')
    """
    out = []
    for limit in limits:
        value = float(getattr(metrics, limit.metric))
        if limit.metric == "shannon_k":
            margin: float | None = 10 ** ((limit.maximum - value) / 2)
        else:
            margin = None if value == 0 else limit.maximum / value
        outside = limit.domain.outside(metrics, electrode) if limit.domain is not None else None
        out.append(
            LimitCheck(limit=limit, value=value, within=value <= limit.maximum, margin=margin, not_applicable=outside)
        )
    return tuple(out)
