"""Device facts in words for the device table: output (or the labelled class range), levels, heat, schedule.

A figure the sources did not give reads "not found"; a class range standing in for it is labelled an assumption
in the same sentence, with its basis.
"""

from __future__ import annotations

from collections.abc import Iterable

from stimsafe.domain.device import NOT_FOUND, Device, OutputClassRange


def _current(value_a: float, scale_a: float) -> str:
    """``value_a`` in µA, or in mA when the range's top (``scale_a``) reaches 1 mA; at most 3 significant figures."""
    return f"{value_a * 1e6:.3g} µA" if scale_a < 1e-3 else f"{value_a * 1e3:.3g} mA"


def output_text(device: Device, class_ranges: Iterable[OutputClassRange] = ()) -> str:
    """The output current, or "not found" followed by each class range that stands in for it, labelled.

    Examples
    --------
    >>> from stimsafe.domain.device import Device
    >>> d = Device(id="x", name="X", maker="m", modality="microcurrent", regulatory={"fda_status": "not found"},
    ...            source_ids=("s",))
    >>> r = OutputClassRange(id="home", title="At-home devices", modalities=("microcurrent",), low_a=2e-4,
    ...                      high_a=4e-4, basis="a press range", source_ids=("p",))
    >>> print(output_text(d, [r]))
    not found. Assumed, not this device's figure: 200 µA to 400 µA (At-home devices: a press range).
    """
    low, high = device.current_min_a, device.current_max_a
    if high is not None:
        text = f"{'?' if low is None else _current(low, high)} to {_current(high, high)}"
        return text + (f" ({device.current_note.rstrip('.')})" if device.current_note else "")
    text = NOT_FOUND + (f" ({device.current_note.rstrip('.')})" if device.current_note else "")
    for r in class_ranges:
        if r.applies_to(device):
            rms = " r.m.s." if r.rms else ""
            text += (
                f". Assumed, not this device's figure: {_current(r.low_a, r.high_a)} to {_current(r.high_a, r.high_a)}"
                f"{rms} ({r.title}: {r.basis})"
            )
    return text + ("." if text != NOT_FOUND and not text.endswith(".") else "")


def levels_text(device: Device) -> str:
    """The number of intensity levels, marked UNCERTAIN when it rests on a weak source, with its note."""
    text = NOT_FOUND if device.levels is None else str(device.levels)
    if device.levels is not None and not device.levels_verified:
        text += " (UNCERTAIN)"
    return text + (f": {device.levels_note}" if device.levels_note else "")


def heat_text(device: Device) -> str | None:
    """The heated surface temperature (None when the sources give no heat for this device)."""
    heat = device.heat
    if heat is None:
        return None
    span = (
        f"{heat.surface_min_c:g} °C"
        if heat.surface_min_c == heat.surface_max_c
        else (f"{heat.surface_min_c:g}-{heat.surface_max_c:g} °C")
    )
    return span + (f" ({heat.note})" if heat.note else "")


def schedule_text(device: Device) -> str | None:
    """The use schedule in words, with who reports it when that is not the labelling (None when none was found).

    Examples
    --------
    >>> from stimsafe.domain.device import Device
    >>> d = Device.model_validate({"id": "x", "name": "X", "maker": "m", "modality": "microcurrent",
    ...     "regulatory": {"fda_status": "not found"}, "source_ids": ["s"], "times": {"schedule": [
    ...     {"label": "to start", "sessions_per_week_min": 5, "sessions_per_week_max": 5, "days": 60,
    ...      "reported_by": "a review"},
    ...     {"label": "then", "sessions_per_week_min": 2, "sessions_per_week_max": 3, "reported_by": "a review"}]}})
    >>> schedule_text(d)
    'to start: 5 times a week for 60 days; then: 2-3 times a week (as reported by a review)'
    """
    phases = device.times.schedule
    if not phases:
        return None
    parts = []
    for p in phases:
        low, high = p.sessions_per_week_min, p.sessions_per_week_max
        per = f"{low:g}" if low == high else f"{low:g}-{high:g}"
        days = f" for {p.days:g} days" if p.days is not None and f"{p.days:g} days" not in p.label else ""
        parts.append(f"{p.label}: {per} times a week{days}")
    by = sorted({p.reported_by for p in phases if p.reported_by})
    return "; ".join(parts) + (f" (as reported by {' and '.join(by)})" if by else "")
