"""A user's device spec file: the catalogue's fields, every physical quantity written with its unit.

The packaged catalogue (``devices.yaml``) holds validated SI floats; a user's file does not get that trust. Each
quantity below must be text with a unit (``current_max_a: "400 uA"``), parsed by :func:`stimsafe.units.parse_si`,
and must lie within a plausibility bound. The bounds are sanity checks that catch a slip of unit (``400`` meant as
microamperes read as amperes), not safety limits: a value inside them is still screened by the rules and margins.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from stimsafe.domain.device import Device
from stimsafe.errors import InputError
from stimsafe.units import Dimension, format_quantity, parse_si

_D = Dimension
_HOURS_4_S = 4 * 3600.0

# (section or None, key) -> (dimension, lowest allowed, highest allowed, example)
QUANTITIES: dict[tuple[str | None, str], tuple[Dimension, float, float, str]] = {
    (None, "current_min_a"): (_D.CURRENT, 0.0, 0.1, "80 uA"),
    (None, "current_max_a"): (_D.CURRENT, 1e-9, 0.1, "400 uA"),
    ("waveform", "frequency_hz"): (_D.FREQUENCY, 0.01, 1e5, "10 Hz"),
    ("waveform", "pulse_width_s"): (_D.TIME, 1e-7, 1.0, "0.2 ms"),
    ("electrodes", "contact_area_m2"): (_D.AREA, 1e-8, 0.01, "1 cm2"),
    ("electrodes", "spacing_m"): (_D.LENGTH, 1e-4, 0.3, "2 cm"),
    ("times", "per_zone_s"): (_D.TIME, 1.0, _HOURS_4_S, "1 min"),
    ("times", "per_session_s"): (_D.TIME, 1.0, _HOURS_4_S, "10 min"),
    ("times", "auto_off_s"): (_D.TIME, 1.0, _HOURS_4_S, "20 min"),
    ("times", "relocate_prompt_s"): (_D.TIME, 0.1, _HOURS_4_S, "5 s"),
}


def _field(section: str | None, key: str) -> str:
    return f"{section}.{key}" if section else key


def _quantity(value: object, section: str | None, key: str, *, location: str) -> float:
    dimension, low, high, example = QUANTITIES[(section, key)]
    field = _field(section, key)
    value_si = parse_si(value, dimension, field=field, location=location)  # type: ignore[arg-type]
    if not low <= value_si <= high:
        shown_low, shown_high = format_quantity(low, dimension), format_quantity(high, dimension)
        raise InputError(
            f"'{field}' is {format_quantity(value_si, dimension)}, outside the plausible {shown_low} to {shown_high}.",
            field=field,
            value=value,
            location=location,
            hint=f"Check the number and its unit against the manual, e.g. '{key}: {example}'.",
        )
    return value_si


def _sessions_per_week(value: object, *, location: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 70:
        raise InputError(
            "'times.sessions_per_week' must be a number above 0 and at most 70.",
            field="times.sessions_per_week",
            value=value,
            location=location,
            hint="e.g. 'sessions_per_week: 5' (a count, no unit).",
        )
    return float(value)


def _converted(data: Mapping[str, Any], *, location: str) -> dict[str, Any]:
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in data.items()}
    for section, key in QUANTITIES:
        holder = out if section is None else out.get(section)
        if isinstance(holder, dict) and holder.get(key) is not None:
            holder[key] = _quantity(holder[key], section, key, location=location)
    times = out.get("times")
    if isinstance(times, dict) and times.get("sessions_per_week") is not None:
        times["sessions_per_week"] = _sessions_per_week(times["sessions_per_week"], location=location)
    return out


def parse_device_spec(data: Mapping[str, Any], *, location: str) -> Device:
    """Validate a user's device spec mapping into a Device; quantities need units and plausible values.

    Raises
    ------
    InputError
        A bare number where a unit is needed, a value outside its plausibility bound, or an invalid field;
        the error names the file, the field, the value and a fix.

    Examples
    --------
    >>> spec = {"id": "x", "name": "X", "maker": "M", "modality": "microcurrent", "current_max_a": "400 uA",
    ...         "regulatory": {"fda_status": "not found"}, "source_ids": ["user-supplied"]}
    >>> parse_device_spec(spec, location="spec.yaml").current_max_a
    0.0004
    >>> parse_device_spec({**spec, "current_max_a": 400}, location="spec.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stimsafe.errors.InputError: 400 has no unit.
    """
    converted = _converted(data, location=location)
    try:
        return Device.model_validate(converted)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"Invalid device spec: {first['msg']}",
            field=field,
            value=first.get("input"),
            location=location,
            hint="See examples/device-spec.yaml for the fields and units.",
        ) from None
