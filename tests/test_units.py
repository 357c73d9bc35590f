"""Units: explicit, never guessed."""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stimsafe.errors import InputError
from stimsafe.units import Dimension, format_quantity, parse_quantity, parse_si


@pytest.mark.parametrize(
    ("text", "dimension", "expected"),
    [
        ("400 uA", Dimension.CURRENT, 400e-6),
        ("400 µA", Dimension.CURRENT, 400e-6),
        ("0.4 mA", Dimension.CURRENT, 400e-6),
        ("0.4mA", Dimension.CURRENT, 400e-6),
        ("2 ms", Dimension.TIME, 2e-3),
        ("200 us", Dimension.TIME, 200e-6),
        ("2 mm", Dimension.LENGTH, 2e-3),
        ("3 cm2", Dimension.AREA, 3e-4),
        ("30 uC/cm2", Dimension.CHARGE_DENSITY, 0.3),
        ("2 mA/cm2", Dimension.CURRENT_DENSITY, 20.0),
        ("1e3 Hz", Dimension.FREQUENCY, 1000.0),
    ],
)
def test_parse(text: str, dimension: Dimension, expected: float) -> None:
    assert math.isclose(parse_si(text, dimension), expected, rel_tol=1e-12)


@pytest.mark.parametrize("text", ["400", 400, "four hundred uA", "400 furlongs", "nan uA", "400 ms"])
def test_refuses_bad_or_unitless(text: object) -> None:
    with pytest.raises(InputError) as info:
        parse_quantity(text, Dimension.CURRENT, field="amplitude")  # type: ignore[arg-type]
    assert info.value.field == "amplitude"
    assert "amplitude" in info.value.describe()


def test_unitless_hint_names_both_forms() -> None:
    with pytest.raises(InputError) as info:
        parse_quantity("400", Dimension.CURRENT, field="amplitude")
    assert info.value.hint is not None and "400 uA" in info.value.hint and "0.4 mA" in info.value.hint


def test_conversion_and_format() -> None:
    q = parse_quantity("0.4 mA", Dimension.CURRENT)
    assert math.isclose(q.to("uA"), 400.0)
    assert str(q) == "400 µA"
    assert format_quantity(1.2e-3, Dimension.CURRENT) == "1.2 mA"
    with pytest.raises(InputError):
        q.to("ms")


@given(st.text(max_size=30))
def test_parser_is_total(text: str) -> None:
    """Any text gives a quantity or an InputError, never another exception."""
    with contextlib.suppress(InputError):
        parse_quantity(text, Dimension.CURRENT)


@given(st.floats(min_value=1e-9, max_value=1.0, allow_nan=False))
def test_round_trip_through_text(value: float) -> None:
    text = format_quantity(value, Dimension.CURRENT, digits=17)
    assert math.isclose(parse_si(text, Dimension.CURRENT), value, rel_tol=1e-12)
