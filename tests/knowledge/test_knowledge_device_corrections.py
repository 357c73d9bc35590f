"""Each corrected or added device row, pinned against the words of ../shared/facts (copied by hand).

Every test first asserts the facts text it rests on, so a drift in either the catalogue or the facts fails here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stimsafe.knowledge.conditions import get_condition
from stimsafe.knowledge.devices import get_device, load_devices


def _facts(shared_dir: Path, name: str) -> str:
    return (shared_dir / "facts" / name).read_text(encoding="utf-8")


def test_fix_plus_has_three_frequency_levels_not_three_intensity_levels(shared_dir: Path) -> None:
    assert '"three microcurrent output frequency levels"' in _facts(shared_dir, "devices_regulatory.md")
    fix_plus = get_device("nuface-fix-plus")
    assert fix_plus.levels is None
    assert fix_plus.levels_note is not None and "frequency" in fix_plus.levels_note


def test_theraface_is_face_only_and_contracts_muscle(shared_dir: Path) -> None:
    row = next(line for line in _facts(shared_dir, "devices_regulatory.md").splitlines() if "K212238" in line)
    assert "| hand-held, OTC aesthetic; facial stimulation |" in row  # the indication names the face only
    assert '"causes face muscle contraction"' in row
    theraface = get_device("theraface-pro")
    assert theraface.cleared_for_neck is False
    assert theraface.modality == "both"  # contraction is what EMS does: EMS rules apply too
    assert theraface.modality_note is not None and "causes face muscle contraction" in theraface.modality_note


def test_nuface_original_output_and_date(shared_dir: Path) -> None:
    assert "K072260, cleared 2007-11-27. Output adjustable 0–400 µA" in _facts(shared_dir, "wave2_addendum.md")
    original = get_device("nuface-original")
    assert (original.current_min_a, original.current_max_a) == pytest.approx((0.0, 400e-6))
    assert original.regulatory.fda_decision_date == dt.date(2007, 11, 27)
    assert original.electrodes.needs_gel is True  # "conductive gel required"


def test_foreo_luna_4_plus_is_the_cleared_foreo_microcurrent_device(shared_dir: Path) -> None:
    text = _facts(shared_dir, "wave2_addendum.md")
    assert "**K241102**. Applicant Foreo, Inc.; product code OHS; 21 CFR 878.4810; Class 2; decided 2024-08-20" in text
    assert "Skin heating is held at 42–43 °C." in text
    luna = get_device("LUNA 4 plus")
    reg = luna.regulatory
    assert (reg.fda_status, reg.fda_510k, reg.product_code, reg.regulation) == (
        "cleared",
        "K241102",
        "OHS",
        "21 CFR 878.4810",
    )
    assert reg.fda_decision_date == dt.date(2024, 8, 20)
    assert luna.heat is not None and (luna.heat.surface_min_c, luna.heat.surface_max_c) == (42, 43)
    assert luna.modality == "microcurrent" and luna.current_max_a is None  # no current in the facts


def test_bear_is_not_given_the_luna_clearance() -> None:
    bear = get_device("foreo-bear")
    assert bear.regulatory.fda_status == "not found" and bear.regulatory.fda_510k is None


def test_trinity_five_levels_are_marked_uncertain(shared_dir: Path) -> None:
    text = _facts(shared_dir, "wave2_addendum.md")
    assert "a review describes 5 levels, with level 5 the highest (**UNCERTAIN**)" in text
    trinity = get_device("nuface-trinity")
    assert trinity.levels == 5
    assert trinity.levels_verified is False


def test_trinity_brand_schedule_as_reported(shared_dir: Path) -> None:
    text = _facts(shared_dir, "wave2_addendum.md")
    assert "5 days a week for the first 60 days, then 2–3 times a week for maintenance" in text
    first, maintenance = get_device("nuface-trinity").times.schedule
    assert (first.sessions_per_week_min, first.sessions_per_week_max, first.days) == (5, 5, 60)
    assert (maintenance.sessions_per_week_min, maintenance.sessions_per_week_max, maintenance.days) == (2, 3, None)
    assert first.reported_by is not None and "Allure" in first.reported_by  # press, not the labelling


def test_heated_heads_from_the_facts(shared_dir: Path) -> None:
    text = _facts(shared_dir, "devices_regulatory.md")
    assert "heads heated to 44 ± 2 °C or cooled to 10 ± 2 °C" in text
    assert "head heated to 40 ± 1 °C" in text
    heats = {d.id: (d.heat.surface_min_c, d.heat.surface_max_c) for d in load_devices() if d.heat is not None}
    assert heats == {
        "tpml-100": (42, 46),
        "microcurrent-facial-beauty-device": (39, 41),
        "foreo-luna-4-plus": (42, 43),
    }


# device id -> (min, max) in A: every output current the facts give for a catalogued device
CURRENTS = {
    "nuface-trinity": (80e-6, 400e-6),  # K103472 "80–400 µA", Trinity "identical to ... NuFACE Plus"
    "nuface-trinity-ele": (53e-6, 192e-6),  # K131251 "≈53–192 µA"
    "everyway-mt-200": (0.0, 400e-6),  # K142794 "0–400 µA"
    "nuface-original": (0.0, 400e-6),  # K072260 "0–400 µA"
}


def test_every_output_current_in_the_facts_is_catalogued(shared_dir: Path) -> None:
    text = _facts(shared_dir, "devices_regulatory.md")
    assert "**80–400 µA**" in text and "**≈53–192 µA**" in text and "**0–400 µA**" in text
    found = {d.id: (d.current_min_a, d.current_max_a) for d in load_devices() if d.current_max_a is not None}
    assert set(found) == set(CURRENTS)
    for device_id, (low, high) in CURRENTS.items():
        assert found[device_id] == pytest.approx((low, high)), device_id


def test_stroke_history_has_z86_73(shared_dir: Path) -> None:
    row = next(
        line for line in _facts(shared_dir, "clinical_evidence.md").splitlines() if "Stroke / TIA history" in line
    )
    assert "Z86.73 Personal history of TIA and cerebral infarction without residual deficits" in row
    codes = {c.code for c in get_condition("neurological_condition").codes_of("icd10cm")}
    assert codes == {"I63.9", "G45.9", "Z86.73"}


def test_every_output_current_names_the_510k_it_comes_from() -> None:
    import re

    for device in load_devices():
        if device.current_max_a is None:
            continue
        numbers = re.findall(r"K\d{6}", device.current_note or "")
        assert numbers, f"{device.id}: output current without the record it comes from"
        assert all(f"fda-{k.lower()}" in device.source_ids for k in numbers), device.id


def test_bear_is_both_as_the_article_says(shared_dir: Path) -> None:
    article = _facts(shared_dir, "press_2025_article.md")
    assert "Foreo Bear, which uses both microcurrent and EMS, like Medicube" in article
    bear = get_device("foreo-bear")
    assert bear.modality == "both"  # the article is the floor: EMS rules (never on the neck) apply
    assert "press-2025" in bear.source_ids
