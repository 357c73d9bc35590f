"""Which device a CDS call is about: the hook context, else the record's devices, else an assumed one.

``patient-view`` carries no device. A client may name one in ``context.deviceId`` (an extension: a catalogue
id, name or alias, or a ``Device/<id>`` reference to a Device in the prefetch data); otherwise the record's
``DeviceUseStatement`` and ``Device`` resources (FHIR R4: hl7.org/fhir/R4/deviceusestatement.html,
device.html) are matched by name to the catalogue. When neither names a catalogue device the service screens
against :data:`ASSUMED_DEVICE` and every card says it assumed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from stimsafe.domain.device import Device
from stimsafe.errors import NotFoundError
from stimsafe.web.fhir_input import resources_in

# the most common labelled facial microcurrent device (FDA 510(k) K181008), used only when nothing names one
ASSUMED_DEVICE = "nuface-trinity"
_NOT_IN_USE = frozenset({"entered-in-error", "stopped", "not-done", "inactive"})


class DevicePick(BaseModel):
    """The device screened against, what the record called it, and whether it was assumed."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    device: Device
    assumed: bool
    recorded_names: tuple[str, ...] = ()  # names the record gave that are not in the catalogue

    def sentence(self) -> str:
        """How the device was chosen, in words for the card.

        Examples
        --------
        >>> from stimsafe import api
        >>> DevicePick(device=api.get_device("nuface-trinity"), assumed=False).sentence()
        'Screened against the labelling of **NuFACE Trinity** for use on the face.'
        """
        text = f"Screened against the labelling of **{self.device.name}** for use on the face."
        if not self.assumed:
            return text
        named = ", ".join(f"'{n}'" for n in self.recorded_names)
        why = (
            f"The record names {named}, which stimsafe's catalogue does not hold"
            if named
            else "Neither the request nor the record names the patient's facial stimulation device"
        )
        return f"{text} {why}, so this assumes {self.device.name}; advice for the patient's own device may differ."


def _names(resource: Mapping[str, Any]) -> Iterator[str]:
    for entry in resource.get("deviceName") or ():
        if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
            yield entry["name"]
    kind = resource.get("type")
    if isinstance(kind, Mapping):
        if isinstance(kind.get("text"), str):
            yield kind["text"]
        yield from (
            c["display"]
            for c in kind.get("coding") or ()
            if isinstance(c, Mapping) and isinstance(c.get("display"), str)
        )
    for key in ("modelNumber", "manufacturer"):
        if isinstance(resource.get(key), str):
            yield resource[key]


def _candidate_names(values: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(reference or '', name) for each device the record says is in use."""
    for resource in (r for v in values for r in resources_in(v)):
        if resource.get("status") in _NOT_IN_USE:
            continue
        if resource.get("resourceType") == "Device":
            for name in _names(resource):
                yield f"Device/{resource.get('id', '')}", name
        elif resource.get("resourceType") == "DeviceUseStatement":
            ref = resource.get("device")
            if isinstance(ref, Mapping) and isinstance(ref.get("display"), str):
                yield str(ref.get("reference") or ""), ref["display"]


def _lookup(name: str) -> Device | None:
    from stimsafe import api

    try:
        return api.get_device(name)
    except NotFoundError:
        return None


def pick_device(context: Mapping[str, Any], values: Iterable[Any]) -> DevicePick:
    """The device for this call (see the module docstring for the order)."""
    from stimsafe import api

    candidates = list(_candidate_names(values))
    wanted = context.get("deviceId")
    if isinstance(wanted, str) and wanted:
        names = [n for ref, n in candidates if ref == wanted] if wanted.startswith("Device/") else [wanted]
        candidates = [(wanted, n) for n in names] + candidates
    unknown: list[str] = []
    for _, name in candidates:
        device = _lookup(name)
        if device is not None:
            return DevicePick(device=device, assumed=False)
        unknown.append(name)
    return DevicePick(device=api.get_device(ASSUMED_DEVICE), assumed=True, recorded_names=tuple(dict.fromkeys(unknown)))
