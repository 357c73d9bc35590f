"""Zones against ../shared/facts/devices_regulatory.md §5.6 (Iyengar 2018, Chopra 2015), by hand arithmetic."""

from __future__ import annotations

import pytest

from stimsafe.errors import NotFoundError
from stimsafe.knowledge.zones import get_zone, load_zones

# facts §5.6: skin (epidermis + dermis) about 0.1 cm; fat 0.2 cm forehead, 0.6 cm supraglenoid and submental
SKIN_M = 0.001
FAT_M = {"forehead": 0.002, "ears": 0.006, "neck": 0.006}
# Chopra 2015: dermis 758.9-1969.2 um, epidermis 29.6-62.6 um
SKIN_MIN_M = (758.9 + 29.6) * 1e-6
SKIN_MAX_M = (1969.2 + 62.6) * 1e-6


def test_zone_ids_are_exactly_the_seven() -> None:
    assert [z.id for z in load_zones()] == ["forehead", "eyes", "cheek", "lips", "jawline", "ears", "neck"]


@pytest.mark.parametrize("zone_id", ["forehead", "eyes", "cheek", "lips", "jawline", "ears", "neck"])
def test_nerve_depth_is_the_sourced_cover(zone_id: str) -> None:
    zone = get_zone(zone_id)
    fat = FAT_M.get(zone_id, 0.0)
    assert zone.nerve_depth_m == pytest.approx(SKIN_M + fat)
    assert zone.cover_m == pytest.approx(SKIN_M + fat)
    assert zone.nerve_depth_range_m == pytest.approx((SKIN_MIN_M + fat, SKIN_MAX_M + fat))
    assert zone.layers[0].tissue == "skin"
    assert zone.layers[-1].is_half_space


@pytest.mark.parametrize(
    ("alias", "zone_id"),
    [
        ("periorbital", "eyes"),
        ("nasolabial", "lips"),
        ("preauricular", "ears"),
        ("submental", "neck"),
        ("Crow's feet", "eyes"),
        ("jaw", "jawline"),
    ],
)
def test_aliases(alias: str, zone_id: str) -> None:
    assert get_zone(alias).id == zone_id


def test_caution_levels() -> None:
    lower = {z.id for z in load_zones() if z.caution == "lower"}
    assert lower == {"eyes", "ears", "neck"}


def test_unknown_zone_names_field_and_suggests() -> None:
    with pytest.raises(NotFoundError) as caught:
        get_zone("forhead")
    assert caught.value.field == "zone"
    assert "forehead" in (caught.value.hint or "")
