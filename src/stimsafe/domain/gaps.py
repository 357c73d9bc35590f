"""Facts the public sources did not give, and what knowing each would change: the "What we could not find" list.

A :class:`Gap` names a device field by its dotted path (``waveform.frequency_hz``); a device misses it when the
value is ``None``, ``"not found"``, an ``unknown`` shape, or levels that rest on a weak source. A gap with no field
was not found for any device (e.g. the current at each level); a gap with ``device_ids`` concerns only those.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from stimsafe.domain.device import NOT_FOUND, Device


class Gap(BaseModel):
    """One fact that may be missing, and what knowing it would change."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    fact: str = Field(min_length=1)
    changes: str = Field(min_length=1)
    field: str | None = None
    device_ids: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Gap:
        if self.field is not None and not _resolvable(self.field):
            raise ValueError(f"field {self.field!r} is not a Device field")
        return self

    def missing_for(self, device: Device) -> bool:
        """Whether ``device`` lacks this fact."""
        if self.device_ids and device.id not in self.device_ids:
            return False
        if self.field is None:
            return True
        if self.field == "levels" and not device.levels_verified:
            return True
        value = _value(device, self.field)
        if isinstance(value, str) and value.lower().startswith(NOT_FOUND):
            return True  # e.g. MFDS: "Not found as an approved medical device. ..."
        return value is None or (self.field == "waveform.shape" and value == "unknown")


def _resolvable(path: str) -> bool:
    model: type[BaseModel] | None = Device
    for part in path.split("."):
        if model is None or part not in model.model_fields:
            return False
        annotation = model.model_fields[part].annotation
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return True


def _value(device: Device, path: str) -> object:
    value: object = device
    for part in path.split("."):
        value = getattr(value, part)
    return value


def missing_facts(device: Device, gaps: tuple[Gap, ...]) -> tuple[Gap, ...]:
    """The gaps ``device`` has, in the order of the gap list."""
    return tuple(g for g in gaps if g.missing_for(device))
