"""Device facts in words for the device table: output (or the labelled class range), levels, heat, schedule.

A figure the sources did not give reads "not found"; a class range standing in for it is labelled an assumption
in the same sentence, with its basis.
"""

from __future__ import annotations

from collections.abc import Iterable

from stimsafe.domain.device import NOT_FOUND, Device, OutputClassRange

MODALITY_WORDS = {"microcurrent": "microcurrent", "ems": "EMS", "both": "microcurrent and EMS", "unknown": "not found"}


def modality_text(device: Device, *, with_note: bool = True) -> str:
    """The modality in words ("microcurrent and EMS", not "both"), with its note when asked."""
    words = MODALITY_WORDS[device.modality]
    return words + (f" ({device.modality_note})" if with_note and device.modality_note else "")


def _current(value_a: float, scale_a: float) -> str:
    """``value_a`` in µA, or in mA when the range's top (``scale_a``) reaches 1 mA; at most 3 significant figures."""
    return f"{value_a * 1e6:.3g} µA" if scale_a < 1e-3 else f"{value_a * 1e3:.3g} mA"


def _span(r: OutputClassRange) -> str:
    return f"{_current(r.low_a, r.high_a)} to {_current(r.high_a, r.high_a)}{' r.m.s.' if r.rms else ''}"


def output_text(device: Device, class_ranges: Iterable[OutputClassRange] = ()) -> str:
    """The output current, or "not found" and the class range assumed in its place, labelled, in one short line.

    Only a peak range is assumed (an r.m.s. survey range is context, see :func:`class_range_notes`); where it
    comes from is said once, by :func:`class_range_notes`.

    Examples
    --------
    >>> from stimsafe.domain.device import Device
    >>> d = Device(id="x", name="X", maker="m", modality="microcurrent", regulatory={"fda_status": "not found"},
    ...            source_ids=("s",))
    >>> r = OutputClassRange(id="home", title="At-home devices", modalities=("microcurrent",), low_a=2e-4,
    ...                      high_a=4e-4, basis="a press range", source_ids=("p",))
    >>> print(output_text(d, [r]))
    not found. Assumed, not this device's figure: 200 µA to 400 µA (typical of at-home devices).
    """
    low, high = device.current_min_a, device.current_max_a
    if high is not None:
        text = f"{'?' if low is None else _current(low, high)} to {_current(high, high)}"
        return text + (f" ({device.current_note.rstrip('.')})" if device.current_note else "")
    text = NOT_FOUND + (f" ({device.current_note.rstrip('.')})" if device.current_note else "")
    for r in class_ranges:
        if r.applies_to(device) and not r.rms:
            text += f". Assumed, not this device's figure: {_span(r)} (typical of {r.title[0].lower()}{r.title[1:]})"
    return text + ("." if text != NOT_FOUND and not text.endswith(".") else "")


def class_range_notes(device: Device, class_ranges: Iterable[OutputClassRange]) -> tuple[str, ...]:
    """Where each class range standing in for ``device``'s output comes from (said once, in the device's notes)."""
    notes = []
    for r in class_ranges:
        if not r.applies_to(device):
            continue
        use = "For comparison only (an r.m.s. survey, not used as this device's output)" if r.rms else "Assumed output"
        notes.append(f"{use}: {_span(r)}, {r.basis}.")
    return tuple(notes)


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
