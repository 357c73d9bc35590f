"""The device catalogue (``knowledge/data/devices.yaml``) and user device spec files, validated into Devices."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.device import Device, OutputClassRange
from stimsafe.domain.source import Source
from stimsafe.knowledge.loader import load_cited_rows, sources_of
from stimsafe.knowledge.lookup import find

FILE = "devices.yaml"


@cache
def load_devices() -> tuple[Device, ...]:
    """Every catalogue device, validated; each row's sources checked against the file's source list.

    Examples
    --------
    >>> any(d.id == "nuface-trinity" for d in load_devices())
    True
    """
    return load_cited_rows(FILE, "devices", Device)


def device_sources() -> dict[str, Source]:
    """The sources the device catalogue cites, by id."""
    return sources_of(FILE)


def get_device(id_or_alias: str) -> Device:
    """The catalogue device with this id, name or alias.

    Raises
    ------
    NotFoundError
        No such device; the hint suggests the closest names.

    Examples
    --------
    >>> get_device("Trinity").regulatory.fda_510k
    'K181008'
    """
    return find(
        load_devices(), id_or_alias, names=Device.names, kind="device", field="device", listing="stimsafe devices list"
    )


@cache
def load_class_ranges() -> tuple[OutputClassRange, ...]:
    """The output class ranges, with each ``extend_to_cleared_max`` top raised to the highest cleared OTC output.

    Examples
    --------
    >>> home = next(r for r in load_class_ranges() if r.id == "at-home")
    >>> round(home.low_a * 1e6), round(home.high_a * 1e6)
    (200, 400)
    """
    return tuple(_extended(r) for r in load_cited_rows(FILE, "class_ranges", OutputClassRange))


def _extended(row: OutputClassRange) -> OutputClassRange:
    cleared = [d for d in load_devices() if _cleared_otc(d) and d.current_max_a is not None]
    if not row.extend_to_cleared_max or not cleared:
        return row
    top_a = max(d.current_max_a or 0.0 for d in cleared)
    tops = [d for d in cleared if d.current_max_a == top_a]
    high = max(row.high_a, top_a)
    names = ", ".join(f"{d.name} {d.regulatory.fda_510k}" for d in tops)
    basis = (
        f"{row.basis}, up to {high * 1e6:.3g} µA, the highest maximum output of an FDA-cleared over-the-counter "
        f"device in the catalogue ({names})"
    )
    fda = (s for d in tops for s in d.source_ids if s.startswith("fda-"))
    ids = tuple(dict.fromkeys((*row.source_ids, *fda)))
    return row.model_copy(update={"high_a": high, "basis": basis, "source_ids": ids})


def _cleared_otc(device: Device) -> bool:
    use = (device.regulatory.intended_use or "").lower()
    return device.regulatory.fda_status == "cleared" and "over-the-counter" in use


def class_ranges_for(device: Device) -> tuple[OutputClassRange, ...]:
    """The class ranges that stand in for ``device``'s output (empty when its own maximum is known).

    Examples
    --------
    >>> [r.id for r in class_ranges_for(get_device("ziip-halo"))]
    ['at-home']
    >>> class_ranges_for(get_device("nuface-trinity"))
    ()
    """
    return tuple(r for r in load_class_ranges() if r.applies_to(device))
