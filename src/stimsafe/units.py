"""Physical quantities with explicit units: parsing at the edges, SI floats inside.

Stimsafe never guesses a unit. ``"400 uA"``, ``"0.4 mA"`` and ``"400 µA"`` are the same current; ``"400"`` is an
error that says how to write it. Inside the library every quantity is an SI float whose name carries the unit
(``amplitude_a``, ``pulse_width_s``, ``depth_m``).

Examples
--------
>>> parse_si("400 uA", Dimension.CURRENT)
0.0004
>>> parse_si("0.2ms", Dimension.TIME)
0.0002
>>> format_quantity(0.0004, Dimension.CURRENT)
'400 µA'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from stimsafe.errors import InputError


class Dimension(StrEnum):
    """What a quantity measures; the value is its SI unit symbol."""

    CURRENT = "A"
    TIME = "s"
    LENGTH = "m"
    FREQUENCY = "Hz"
    CHARGE = "C"
    AREA = "m²"
    VOLTAGE = "V"
    RESISTANCE = "Ω"
    CONDUCTIVITY = "S/m"
    CURRENT_DENSITY = "A/m²"
    CHARGE_DENSITY = "C/m²"
    POWER_DENSITY = "W/m²"


_D = Dimension

# unit symbol -> (dimension, factor to SI)
_UNITS: dict[str, tuple[Dimension, float]] = {
    "A": (_D.CURRENT, 1.0),
    "mA": (_D.CURRENT, 1e-3),
    "uA": (_D.CURRENT, 1e-6),
    "µA": (_D.CURRENT, 1e-6),
    "μA": (_D.CURRENT, 1e-6),
    "nA": (_D.CURRENT, 1e-9),
    "s": (_D.TIME, 1.0),
    "ms": (_D.TIME, 1e-3),
    "us": (_D.TIME, 1e-6),
    "µs": (_D.TIME, 1e-6),
    "μs": (_D.TIME, 1e-6),
    "min": (_D.TIME, 60.0),
    "h": (_D.TIME, 3600.0),
    "m": (_D.LENGTH, 1.0),
    "cm": (_D.LENGTH, 1e-2),
    "mm": (_D.LENGTH, 1e-3),
    "um": (_D.LENGTH, 1e-6),
    "µm": (_D.LENGTH, 1e-6),
    "μm": (_D.LENGTH, 1e-6),
    "Hz": (_D.FREQUENCY, 1.0),
    "kHz": (_D.FREQUENCY, 1e3),
    "C": (_D.CHARGE, 1.0),
    "mC": (_D.CHARGE, 1e-3),
    "uC": (_D.CHARGE, 1e-6),
    "µC": (_D.CHARGE, 1e-6),
    "μC": (_D.CHARGE, 1e-6),
    "nC": (_D.CHARGE, 1e-9),
    "m2": (_D.AREA, 1.0),
    "m²": (_D.AREA, 1.0),
    "cm2": (_D.AREA, 1e-4),
    "cm²": (_D.AREA, 1e-4),
    "cm^2": (_D.AREA, 1e-4),
    "mm2": (_D.AREA, 1e-6),
    "mm²": (_D.AREA, 1e-6),
    "mm^2": (_D.AREA, 1e-6),
    "V": (_D.VOLTAGE, 1.0),
    "mV": (_D.VOLTAGE, 1e-3),
    "ohm": (_D.RESISTANCE, 1.0),
    "Ω": (_D.RESISTANCE, 1.0),
    "kohm": (_D.RESISTANCE, 1e3),
    "kΩ": (_D.RESISTANCE, 1e3),
    "S/m": (_D.CONDUCTIVITY, 1.0),
    "mS/m": (_D.CONDUCTIVITY, 1e-3),
    "mS/cm": (_D.CONDUCTIVITY, 0.1),
    "A/m2": (_D.CURRENT_DENSITY, 1.0),
    "A/m²": (_D.CURRENT_DENSITY, 1.0),
    "mA/cm2": (_D.CURRENT_DENSITY, 10.0),
    "mA/cm²": (_D.CURRENT_DENSITY, 10.0),
    "uA/cm2": (_D.CURRENT_DENSITY, 1e-2),
    "µA/cm²": (_D.CURRENT_DENSITY, 1e-2),
    "C/m2": (_D.CHARGE_DENSITY, 1.0),
    "C/m²": (_D.CHARGE_DENSITY, 1.0),
    "uC/cm2": (_D.CHARGE_DENSITY, 1e-2),
    "µC/cm²": (_D.CHARGE_DENSITY, 1e-2),
    "W/m2": (_D.POWER_DENSITY, 1.0),
    "W/m²": (_D.POWER_DENSITY, 1.0),
    "W/cm2": (_D.POWER_DENSITY, 1e4),
    "W/cm²": (_D.POWER_DENSITY, 1e4),
}

# units written as words ("200-400 microamps" in the 2025 article), case-insensitive -> the symbol
_WORDS: dict[str, str] = {
    **dict.fromkeys(("microamp", "microamps", "microampere", "microamperes", "micro amps", "micro amp"), "uA"),
    **dict.fromkeys(("milliamp", "milliamps", "milliampere", "milliamperes", "milli amps"), "mA"),
    **dict.fromkeys(("amp", "amps", "ampere", "amperes"), "A"),
    **dict.fromkeys(("minute", "minutes", "mins"), "min"),
    **dict.fromkeys(("second", "seconds", "sec", "secs"), "s"),
    **dict.fromkeys(("millisecond", "milliseconds", "msec"), "ms"),
    **dict.fromkeys(("microsecond", "microseconds"), "us"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs"), "h"),
    **dict.fromkeys(("hertz",), "Hz"),
}

# the unit each dimension is shown in by default, smallest first, for format_quantity
_DISPLAY: dict[Dimension, tuple[str, ...]] = {
    _D.CURRENT: ("µA", "mA", "A"),
    _D.TIME: ("µs", "ms", "s"),
    _D.LENGTH: ("µm", "mm", "m"),
    _D.FREQUENCY: ("Hz", "kHz"),
    _D.CHARGE: ("nC", "µC", "mC", "C"),
    _D.AREA: ("mm²", "cm²", "m²"),
    _D.VOLTAGE: ("mV", "V"),
    _D.RESISTANCE: ("Ω", "kΩ"),
    _D.CONDUCTIVITY: ("S/m",),
    _D.CURRENT_DENSITY: ("µA/cm²", "mA/cm²"),
    _D.CHARGE_DENSITY: ("µC/cm²",),
    _D.POWER_DENSITY: ("W/cm²",),
}

_EXAMPLE: dict[Dimension, str] = {
    _D.CURRENT: "'400 uA' or '0.4 mA'",
    _D.TIME: "'0.2 ms' or '200 us'",
    _D.LENGTH: "'2 mm' or '0.2 cm'",
    _D.FREQUENCY: "'10 Hz' or '1 kHz'",
    _D.CHARGE: "'0.08 uC'",
    _D.AREA: "'3 cm2'",
    _D.VOLTAGE: "'9 V'",
    _D.RESISTANCE: "'500 ohm'",
    _D.CONDUCTIVITY: "'0.2 S/m'",
    _D.CURRENT_DENSITY: "'2 mA/cm2'",
    _D.CHARGE_DENSITY: "'30 uC/cm2'",
    _D.POWER_DENSITY: "'0.25 W/cm2'",
}

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([^\d\s].*?)?\s*$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value in SI units together with its dimension."""

    value: float
    dimension: Dimension

    def to(self, unit: str) -> float:
        """The value expressed in ``unit`` (which must share the dimension)."""
        dim, factor = _lookup(unit, field="unit")
        if dim is not self.dimension:
            raise InputError(
                f"Cannot express a {self.dimension.name.lower()} in {unit!r}.",
                field="unit",
                value=unit,
                hint=f"Use a unit of {self.dimension.name.lower()}, e.g. {_EXAMPLE[self.dimension]}.",
            )
        return self.value / factor

    def __str__(self) -> str:
        return format_quantity(self.value, self.dimension)


def _lookup(unit: str, *, field: str) -> tuple[Dimension, float]:
    try:
        return _UNITS[_WORDS.get(" ".join(unit.lower().split()), unit)]
    except KeyError:
        raise InputError(
            f"Unknown unit {unit!r}.", field=field, value=unit, hint="Known units: " + ", ".join(_UNITS)
        ) from None


def parse_quantity(
    text: str | Quantity, dimension: Dimension, *, field: str = "value", location: str | None = None
) -> Quantity:
    """Parse ``text`` such as ``"400 uA"`` into a :class:`Quantity` of ``dimension``.

    Raises
    ------
    InputError
        If the text has no unit, an unknown unit, a unit of another dimension, or is not a finite number.
        Bare numbers are refused on purpose: a unit is never guessed.

    Examples
    --------
    >>> parse_quantity("0.4 mA", Dimension.CURRENT).value
    0.0004
    >>> parse_quantity("400", Dimension.CURRENT)
    Traceback (most recent call last):
    ...
    stimsafe.errors.InputError: '400' has no unit.
    """
    if isinstance(text, Quantity):
        if text.dimension is not dimension:
            raise InputError(
                f"Expected a {dimension.name.lower()}, got a {text.dimension.name.lower()}.",
                field=field,
                value=str(text),
                location=location,
            )
        return text
    if isinstance(text, bool) or not isinstance(text, str):
        raise InputError(
            f"{text!r} has no unit.",
            field=field,
            value=text,
            hint=f"Write it as text with its unit, e.g. {_EXAMPLE[dimension]}.",
            location=location,
        )
    match = _NUMBER_UNIT.match(text)
    if match is None:
        raise InputError(
            f"{text!r} is not a number with a unit.",
            field=field,
            value=text,
            hint=f"Write e.g. {_EXAMPLE[dimension]}.",
            location=location,
        )
    number, unit = match.group(1), match.group(2)
    if not unit:
        raise InputError(
            f"{text!r} has no unit.",
            field=field,
            value=text,
            hint=f"Units are never guessed; write e.g. {_EXAMPLE[dimension]}.",
            location=location,
        )
    dim, factor = _lookup(unit.strip(), field=field)
    if dim is not dimension:
        raise InputError(
            f"{text!r} is a {dim.name.lower()}, but {field!r} needs a {dimension.name.lower()}.",
            field=field,
            value=text,
            hint=f"Write e.g. {_EXAMPLE[dimension]}.",
            location=location,
        )
    value = float(Decimal(number) * Decimal(repr(factor)))  # exact decimal scaling: '400 uA' -> 0.0004
    if not math.isfinite(value):
        raise InputError(f"{text!r} is not finite.", field=field, value=text, location=location)
    return Quantity(value, dimension)


def parse_si(text: str | Quantity, dimension: Dimension, *, field: str = "value", location: str | None = None) -> float:
    """Like :func:`parse_quantity` but return the SI float."""
    return parse_quantity(text, dimension, field=field, location=location).value


def format_quantity(value_si: float, dimension: Dimension, unit: str | None = None, digits: int = 3) -> str:
    """Human text for an SI value: the largest display unit in which the number is at least 1.

    Examples
    --------
    >>> format_quantity(0.0012, Dimension.CURRENT)
    '1.2 mA'
    >>> format_quantity(2e-4, Dimension.TIME, unit="ms")
    '0.2 ms'
    """
    if unit is None:
        choices = _DISPLAY[dimension]
        unit = choices[0]
        for candidate in choices:
            if abs(value_si) >= _UNITS[candidate][1] * 0.9999:
                unit = candidate
    factor = _UNITS[unit][1]
    return f"{value_si / factor:.{digits}g} {unit}"
