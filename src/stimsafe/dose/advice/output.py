"""The output a dose answer is computed for, and how currents are written for a person.

The device's own output range where its sources give one; otherwise the first peak-current class range that stands
in for it (``knowledge.devices.class_ranges_for``: the press article's at-home range, raised to the highest output
of a cleared over-the-counter device in the catalogue), marked ``at_home`` so every sentence that uses it says it
is assumed. Level currents are never in the sources: they are spread evenly over the range, and the sentence says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from stimsafe.domain.device import Device, OutputClassRange


def sig(value: float, digits: int = 2) -> str:
    """``value`` rounded to ``digits`` significant figures, without exponent notation for everyday sizes.

    Examples
    --------
    >>> sig(145.0), sig(45.9228), sig(0.2087), sig(3.0)
    ('140', '46', '0.21', '3')
    """
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    return f"{round(value, digits - 1 - math.floor(math.log10(abs(value)))):g}"


def current(value_a: float, digits: int = 2) -> str:
    """A current to ``digits`` significant figures in µA (below 1 mA) or mA.

    Examples
    --------
    >>> current(45.9228e-6), current(1.2e-3), current(400e-6, 3)
    ('46 µA', '1.2 mA', '400 µA')
    """
    if abs(value_a) < 1e-3 * (1 - 1e-12):
        return f"{sig(value_a * 1e6, digits)} µA"
    return f"{sig(value_a * 1e3, digits)} mA"


class OutputRange(BaseModel):
    """The output a dose answer is computed for: the device's own, or the at-home range where it was not found.

    ``levels_a`` holds the current at each level (1-based order) where the number of levels is known;
    ``levels_assumption`` says how those currents were obtained (no source gives µA per level).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    low_a: float | None
    high_a: float
    levels_a: tuple[float, ...] = ()
    levels_assumption: str | None = None
    at_home: bool = False
    basis: str
    source_ids: tuple[str, ...] = ()


def _levels(
    n: int | None, low_a: float | None, high_a: float, where: str, *, verified: bool = True
) -> tuple[tuple[float, ...], str | None]:
    if n is None:
        return (), None
    if n == 1:
        return (high_a,), None
    start = low_a if low_a is not None else high_a / n
    step = (high_a - start) / (n - 1)
    values = tuple(start + i * step for i in range(n))
    origin = "" if low_a is not None else " (its lowest output was not found)"
    count = f"{n} levels" if verified else f"{n} levels (a count from a weak source)"
    return values, (
        f"assuming its {count} are evenly spaced from {current(start, 3)}{origin} to {current(high_a, 3)} "
        f"{where}(an assumption: no source gives µA per level)"
    )


def device_output(device: Device, class_ranges: Sequence[OutputClassRange] = ()) -> OutputRange | None:
    """The device's own output range; else the first peak-current class range that stands in for it (labelled as
    an assumption, from ``knowledge.devices.class_ranges_for``); else ``None``. r.m.s. class ranges are not peak
    currents and never stand in."""
    if device.current_max_a is not None:
        levels, assumption = _levels(
            device.levels, device.current_min_a, device.current_max_a, "", verified=device.levels_verified
        )
        low, high = device.current_min_a, device.current_max_a
        shown = f"{current(low, 3)} to {current(high, 3)}" if low is not None else f"up to {current(high, 3)}"
        return OutputRange(
            low_a=low,
            high_a=high,
            levels_a=levels,
            levels_assumption=assumption,
            basis=f"this device's output ({shown})",
            source_ids=device.source_ids,
        )
    stand_in = next((r for r in class_ranges if not r.rms and r.applies_to(device)), None)
    if stand_in is None:
        return None
    levels, assumption = _levels(
        device.levels, stand_in.low_a, stand_in.high_a, "over that range ", verified=device.levels_verified
    )
    return OutputRange(
        low_a=stand_in.low_a,
        high_a=stand_in.high_a,
        levels_a=levels,
        levels_assumption=assumption,
        at_home=True,
        basis=f"{stand_in.basis}, assumed because this device's own output was not found",
        source_ids=stand_in.source_ids,
    )
