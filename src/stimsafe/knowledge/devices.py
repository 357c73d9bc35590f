"""The device catalogue (``knowledge/data/devices.yaml``) and user device spec files, validated into Devices."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.device import Device
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
