"""Check device and zone ids against the knowledge base before they enter the diary.

The device and zone loaders (``stimsafe.knowledge.devices.get_device`` / ``stimsafe.knowledge.zones.get_zone``)
are used when present; until then zones are checked against the documented zone ids and any device id is
accepted as text.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from stimsafe.errors import InputError

ZONE_IDS = ("forehead", "eyes", "cheek", "lips", "jawline", "ears", "neck")


def _loader(module: str, name: str) -> object | None:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ModuleNotFoundError:
        return None


def canonical_ids(device_id: str, zones: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    """The canonical device id and zone ids (aliases resolved), or an error for an unknown one.

    Raises
    ------
    NotFoundError
        From the knowledge loaders, for an unknown device or zone (with the closest names as a hint).
    InputError
        For an unknown zone while the zone loader is absent.
    """
    get_device = _loader("stimsafe.knowledge.devices", "get_device")
    device = str(getattr(get_device(device_id), "id", device_id)) if callable(get_device) else device_id
    get_zone = _loader("stimsafe.knowledge.zones", "get_zone")
    out = []
    for zone in zones:
        if callable(get_zone):
            out.append(str(getattr(get_zone(zone), "id", zone)))
        elif zone in ZONE_IDS:
            out.append(zone)
        else:
            raise InputError("Unknown zone.", field="zones", value=zone, hint=f"Use one of: {', '.join(ZONE_IDS)}.")
    return device, tuple(out)
