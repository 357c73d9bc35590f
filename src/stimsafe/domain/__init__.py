"""Shared vocabulary: frozen, typed models used by every engine. Imports nothing of ours but units/errors."""

from stimsafe.domain.device import Device, Electrodes, LabelledTimes, Regulatory, Waveform
from stimsafe.domain.person import ConditionAnswer, Profile
from stimsafe.domain.plan import Plan
from stimsafe.domain.source import Source
from stimsafe.domain.zone import ZONE_IDS, TissueLayer, Zone

__all__ = [
    "ZONE_IDS",
    "ConditionAnswer",
    "Device",
    "Electrodes",
    "LabelledTimes",
    "Plan",
    "Profile",
    "Regulatory",
    "Source",
    "TissueLayer",
    "Waveform",
    "Zone",
]
