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


def check_ids(device_id: str, zones: Iterable[str]) -> None:
    """Raise :class:`~stimsafe.errors.InputError` / ``NotFoundError`` for an unknown device or zone id."""
    get_device = _loader("stimsafe.knowledge.devices", "get_device")
    if callable(get_device):
        get_device(device_id)
    get_zone = _loader("stimsafe.knowledge.zones", "get_zone")
    for zone in zones:
        if callable(get_zone):
            get_zone(zone)
        elif zone not in ZONE_IDS:
            raise InputError("Unknown zone.", field="zones", value=zone, hint=f"Use one of: {', '.join(ZONE_IDS)}.")
