"""Human anchors: facial motor thresholds measured in people, and the empirical margin they give a device.

The numbers live in ``knowledge/data/anchors.yaml`` with their sources; this module only applies one stated rule.

**Floor rule** (the lowest plausible measured threshold of one study): ``mean - 2 SD`` where an SD is reported
(about the 2.3rd percentile if thresholds were normally distributed), never below the lowest individual value the
study reports; the lower end of the range where only a range is reported. A zone's floor is the lowest floor of
the anchors that concern its nerve branches. **Empirical margin** = zone floor / device maximum output.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SD_FACTOR = 2.0
FLOOR_RULE = (
    "lowest plausible measured threshold = mean − 2 SD (never below a study's lowest reported individual value), "
    "or the lower end of the range where only a range is reported; the lowest over the studies of the zone's branches"
)


class HumanAnchor(BaseModel):
    """One measured motor threshold (A) for a facial-nerve branch, with how it was measured.

    Examples
    --------
    >>> a = HumanAnchor(id="x", title="NET", zones=("eyes",), population="adults", n=120, mean_a=0.7e-3,
    ...                 sd_a=0.27e-3, method="probe", electrodes="probe", endpoint="twitch", source_ids=("s",))
    >>> round(a.floor_a * 1e3, 2)
    0.16
    >>> a.model_copy(update={"min_a": 0.3e-3}).floor_a
    0.0003
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    zones: tuple[str, ...] = Field(min_length=1)
    population: str
    n: int | None = Field(default=None, ge=1)
    mean_a: float | None = Field(default=None, gt=0)
    sd_a: float | None = Field(default=None, ge=0)
    range_a: tuple[float, float] | None = None
    min_a: float | None = Field(default=None, gt=0)
    method: Literal["probe", "surface"]
    electrodes: str
    pulse_width_s: float | None = Field(default=None, gt=0)
    endpoint: str
    twitch: str = "face"
    """What twitches at this threshold, in plain words ("eyelid", "mouth"): the sign a person is told to stop at."""
    source_ids: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> HumanAnchor:
        if self.mean_a is None and self.range_a is None:
            raise ValueError("an anchor needs mean_a (with sd_a) or range_a")
        if self.mean_a is not None and self.sd_a is None and self.range_a is None:
            raise ValueError("a mean without an SD or a range gives no floor")
        if self.range_a is not None and not 0 < self.range_a[0] <= self.range_a[1]:
            raise ValueError("range_a must be (low, high) with 0 < low <= high")
        tail = self._tail()
        if tail is not None and tail <= 0 and self.min_a is None and self.range_a is None:
            raise ValueError("mean - 2 SD is not positive and no minimum or range is reported: no floor")
        return self

    def _tail(self) -> float | None:
        if self.mean_a is None or self.sd_a is None:
            return None
        return self.mean_a - SD_FACTOR * self.sd_a

    @property
    def floor_a(self) -> float:
        """The lowest plausible measured threshold (A), by the module's floor rule."""
        tail = self._tail()
        if tail is not None and self.min_a is not None:
            return max(tail, self.min_a)
        if tail is not None and tail > 0:
            return tail
        if self.min_a is not None:
            return self.min_a
        assert self.range_a is not None  # guaranteed by _check (packaged data, not user input)
        return self.range_a[0]

    @property
    def central_a(self) -> float:
        """The typical value: the mean, or the middle of the range."""
        if self.mean_a is not None:
            return self.mean_a
        assert self.range_a is not None
        return sum(self.range_a) / 2

    def shown(self) -> str:
        """``0.7 ± 0.27 mA (n = 120)`` or ``2.5–3.5 mA``."""
        if self.mean_a is not None and self.sd_a is not None:
            text = f"{self.mean_a * 1e3:g} ± {self.sd_a * 1e3:g} mA"
        else:
            assert self.range_a is not None
            text = f"{self.range_a[0] * 1e3:g}–{self.range_a[1] * 1e3:g} mA"
        return text + (f" (n = {self.n})" if self.n else "")


class EmpiricalMargin(BaseModel):
    """A zone's comparison with human data: the lowest floor, the lowest typical value, and the margins."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zone_id: str
    floor_anchor: HumanAnchor | None
    floor_a: float | None
    typical_anchor: HumanAnchor | None
    max_output_a: float
    margin: float | None
    margin_to_typical: float | None

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Sources of the anchors used."""
        ids = [*(self.floor_anchor.source_ids if self.floor_anchor else ())]
        ids += [*(self.typical_anchor.source_ids if self.typical_anchor else ())]
        return tuple(dict.fromkeys(ids))


def empirical_margin(zone_id: str, anchors: tuple[HumanAnchor, ...], max_output_a: float) -> EmpiricalMargin:
    """Empirical margin of ``zone_id`` for a device whose maximum output is ``max_output_a``.

    ``floor_a``/``margin`` are ``None`` when no anchor concerns the zone.

    Examples
    --------
    >>> a = HumanAnchor(id="x", title="NET", zones=("eyes",), population="adults", n=120, mean_a=0.7e-3,
    ...                 sd_a=0.27e-3, method="probe", electrodes="probe", endpoint="twitch", source_ids=("s",))
    >>> m = empirical_margin("eyes", (a,), 400e-6)
    >>> round(m.margin, 2), round(m.margin_to_typical, 2)
    (0.4, 1.75)
    >>> empirical_margin("neck", (a,), 400e-6).margin is None
    True
    """
    mine = [a for a in anchors if zone_id in a.zones]
    if not mine:
        return EmpiricalMargin(
            zone_id=zone_id,
            floor_anchor=None,
            floor_a=None,
            typical_anchor=None,
            max_output_a=max_output_a,
            margin=None,
            margin_to_typical=None,
        )
    low = min(mine, key=lambda a: a.floor_a)
    typical = min(mine, key=lambda a: a.central_a)
    return EmpiricalMargin(
        zone_id=zone_id,
        floor_anchor=low,
        floor_a=low.floor_a,
        typical_anchor=typical,
        max_output_a=max_output_a,
        margin=low.floor_a / max_output_a,
        margin_to_typical=typical.central_a / max_output_a,
    )


def tier(emp: EmpiricalMargin) -> tuple[str, int]:
    """Finding tier and rank from the human-data comparison."""
    if emp.margin is None:
        return "NO HUMAN DATA", 2
    if emp.margin < 1.005:  # equality reads "reaches" too
        return "REACHES LOW END OF HUMAN THRESHOLDS", 1
    return "BELOW HUMAN THRESHOLDS", 3
