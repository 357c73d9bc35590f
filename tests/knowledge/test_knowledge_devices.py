"""The device catalogue against ../shared/facts/devices_regulatory.md §1 (figures copied by hand from the facts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stimsafe.errors import NotFoundError
from stimsafe.knowledge.devices import device_sources, get_device, load_devices

# K number -> decision date (None where the facts do not show one), from facts §1.2 and §1.3
CLEARED = {
    "K181008": dt.date(2018, 10, 11),
    "K201782": dt.date(2021, 1, 22),
    "K131251": dt.date(2013, 10, 1),
    "K201906": dt.date(2021, 2, 24),
    "K133823": dt.date(2014, 4, 17),
    "K191672": dt.date(2019, 10, 15),
    "K201680": None,
    "K182424": dt.date(2018, 12, 18),
    "K240564": dt.date(2024, 6, 27),
    "K072260": dt.date(2007, 11, 27),  # wave2_addendum.md §1
    "K212342": None,
    "K212238": dt.date(2021, 9, 29),
    "K011935": dt.date(2001, 8, 8),
    "K040871": dt.date(2005, 6, 1),
    "K070250": None,
    "K103031": dt.date(2011, 11, 10),
    "K122711": dt.date(2013, 9, 17),
    "K130065": None,
    "K142794": dt.date(2015, 6, 2),
    "K152199": dt.date(2016, 3, 23),
    "K162106": dt.date(2017, 2, 3),
    "K162652": None,
    "K171821": None,
    "K211055": dt.date(2021, 11, 5),
    "K213039": dt.date(2022, 5, 25),
    "K243430": None,
    "K243393": None,
    "K244004": None,
    "K250361": dt.date(2025, 5, 23),
    "K241102": dt.date(2024, 8, 20),  # wave2_addendum.md §1: FOREO LUNA 4 plus
}


def test_nuface_trinity_shows_k181008() -> None:
    trinity = get_device("nuface-trinity")
    assert trinity.regulatory.fda_status == "cleared"
    assert trinity.regulatory.fda_510k == "K181008"
    assert trinity.regulatory.fda_decision_date == dt.date(2018, 10, 11)
    assert trinity.regulatory.regulation == "21 CFR 882.5890"
    assert (trinity.current_min_a, trinity.current_max_a) == pytest.approx((80e-6, 400e-6))  # K103472: 80-400 uA
    assert trinity.cleared_for_neck is True


def test_medicube_booster_pro_has_no_510k_found() -> None:
    booster = get_device("Medicube Age-R Booster Pro")
    assert booster.regulatory.fda_status == "not found"
    assert booster.regulatory.fda_510k is None
    assert booster.current_max_a is None  # its own r.m.s. value was not in the KCA reports
    assert booster.modality == "both"


@pytest.mark.parametrize(("k_number", "date"), sorted(CLEARED.items()))
def test_every_cleared_facial_stimulator_in_the_facts_is_catalogued(k_number: str, date: dt.date | None) -> None:
    matches = [d for d in load_devices() if d.regulatory.fda_510k == k_number]
    assert len(matches) == 1, k_number
    assert matches[0].regulatory.fda_status == "cleared"
    assert matches[0].regulatory.fda_decision_date == date


@pytest.mark.parametrize(
    "device_id",
    [
        "nuface-trinity",
        "nuface-mini",
        "nuface-fix",
        "ziip-halo",
        "ziip-plus",
        "theraface-pro",
        "foreo-bear",
        "medicube-booster-pro",
    ],
)
def test_requested_brands_are_present_and_cited(device_id: str) -> None:
    device = get_device(device_id)
    sources = device_sources()
    assert device.source_ids
    assert all(sources[s].url for s in device.source_ids)


def test_brands_without_a_510k_record_not_found() -> None:
    for device_id in ("ziip-halo", "foreo-bear", "medicube-booster-pro"):
        assert get_device(device_id).regulatory.fda_status == "not found"
    assert get_device("7e-myolift").regulatory.fda_status == "claimed, not verified"
    assert get_device("solawave").regulatory.fda_status == "possible match, not verified"


def test_labelled_times_from_the_facts() -> None:
    assert get_device("theraface-pro").times.per_session_s == 8 * 60  # brand FAQ: max 8 min
    assert get_device("nuface-mini-plus").times.auto_off_s == 20 * 60  # K201680: auto-off 20 min
    ep400 = get_device("ep-400").times
    assert (ep400.per_session_s, ep400.sessions_per_week) == (600, 3)  # 10 min, 2-3 times a week


def test_no_electrode_area_is_invented() -> None:
    # facts §1.4: sphere sizes and contact areas were not found for any device
    assert all(d.electrodes.contact_area_m2 is None for d in load_devices())


def test_unknown_device_suggests_the_closest() -> None:
    with pytest.raises(NotFoundError) as caught:
        get_device("nuface trinty")
    assert caught.value.field == "device"
    assert "nuface trinity" in (caught.value.hint or "")


def test_aliases_resolve() -> None:
    assert get_device("Booster Pro").id == "medicube-booster-pro"
    assert get_device("BEAR mini").id == "foreo-bear"


def test_catalogue_matches_the_facts_file(shared_dir: Path) -> None:
    facts = "".join(
        (shared_dir / "facts" / name).read_text(encoding="utf-8")
        for name in ("devices_regulatory.md", "wave2_addendum.md")
    )
    for device in load_devices():
        if device.regulatory.fda_510k:
            assert device.regulatory.fda_510k in facts
