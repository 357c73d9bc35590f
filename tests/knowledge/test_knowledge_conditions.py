"""Every condition code's display is pinned here, copied by hand from ../shared/facts/clinical_evidence.md §1.3
(ICD-10-CM displays as printed by the April 2026 tabular). A wrong code or a drifted display fails the test."""

from __future__ import annotations

import pytest

from stimsafe.knowledge.conditions import get_condition, load_conditions

# (condition id, system, code) -> display
PINNED = {
    ("pacemaker", "snomed", "441509002"): "Cardiac pacemaker in situ",
    ("pacemaker", "icd10cm", "Z95.0"): "Presence of cardiac pacemaker",
    ("implanted_device", "snomed", "397578001"): "Device in situ",
    ("implanted_device", "snomed", "897711006"): "Neurostimulator device in situ",
    ("implanted_device", "snomed", "449840001"): "Cochlear prosthesis in situ",
    ("implanted_device", "icd10cm", "Z95.810"): "Presence of automatic (implantable) cardiac defibrillator",
    ("implanted_device", "icd10cm", "Z96.82"): "Presence of neurostimulator",
    ("body_worn_device", "icd10cm", "Z97.8"): "Presence of other specified devices",
    ("pregnancy", "snomed", "77386006"): "Pregnant",
    ("pregnancy", "icd10cm", "Z33.1"): "Pregnant state, incidental",
    ("breastfeeding", "snomed", "169750002"): "Mother currently breast-feeding",
    ("breastfeeding", "icd10cm", "Z39.1"): "Encounter for care and examination of lactating mother",
    ("bells_palsy", "snomed", "193093009"): "Bell's palsy",
    ("bells_palsy", "icd10cm", "G51.0"): "Bell's palsy",
    ("facial_nerve_damage", "snomed", "280816001"): "Facial palsy",
    ("facial_nerve_damage", "icd10cm", "S04.5"): "Injury of facial nerve",
    ("facial_nerve_damage", "icd10cm", "G51.9"): "Disorder of facial nerve, unspecified",
    ("ptosis", "snomed", "11934000"): "Ptosis of eyelid",
    ("ptosis", "icd10cm", "H02.40"): "Unspecified ptosis of eyelid",
    ("ptosis", "icd10cm", "R29.810"): "Facial weakness",
    ("epilepsy", "snomed", "84757009"): "Epilepsy",
    ("epilepsy", "snomed", "91175000"): "Seizure",
    ("epilepsy", "icd10cm", "G40.909"): "Epilepsy, unspecified, not intractable, without status epilepticus",
    ("epilepsy", "icd10cm", "R56.9"): "Unspecified convulsions",
    ("neurological_condition", "icd10cm", "I63.9"): "Cerebral infarction, unspecified",
    ("neurological_condition", "icd10cm", "G45.9"): "Transient cerebral ischemic attack, unspecified",
    # clinical_evidence.md §1.3 lists Z86.73 for stroke / TIA history
    ("neurological_condition", "icd10cm", "Z86.73"): (
        "Personal history of transient ischemic attack (TIA), and cerebral infarction without residual deficits"
    ),
    ("acne_flare", "snomed", "11381005"): "Acne",
    ("acne_flare", "icd10cm", "L70.0"): "Acne vulgaris",
    ("acne_flare", "icd10cm", "L70.9"): "Acne, unspecified",
    ("eczema_flare", "snomed", "43116000"): "Eczema",
    ("eczema_flare", "snomed", "24079001"): "Atopic dermatitis",
    ("eczema_flare", "icd10cm", "L30.9"): "Dermatitis, unspecified",
    ("eczema_flare", "icd10cm", "L20.9"): "Atopic dermatitis, unspecified",
    ("psoriasis_flare", "snomed", "9014002"): "Psoriasis",
    ("psoriasis_flare", "icd10cm", "L40.9"): "Psoriasis, unspecified",
    ("psoriasis_flare", "icd10cm", "L40.0"): "Psoriasis vulgaris",
    ("broken_skin", "snomed", "271807003"): "Eruption of skin",
    ("broken_skin", "snomed", "46742003"): "Skin ulcer",
    ("broken_skin", "icd10cm", "L08.9"): "Local infection of the skin and subcutaneous tissue, unspecified",
    ("broken_skin", "icd10cm", "S01.80XA"): "Unspecified open wound of other part of head, initial encounter",
    ("metal_implant", "icd10cm", "Z96.7"): "Presence of other bone and tendon implants",
    ("cancer", "snomed", "363346000"): "Malignant neoplastic disease",
    ("cancer", "icd10cm", "C80.1"): "Malignant (primary) neoplasm, unspecified",
    ("thyroid_disease", "snomed", "14304000"): "Disorder of thyroid gland",
    ("thyroid_disease", "snomed", "40930008"): "Hypothyroidism",
    ("thyroid_disease", "snomed", "34486009"): "Hyperthyroidism",
    ("thyroid_disease", "icd10cm", "E07.9"): "Disorder of thyroid, unspecified",
    ("thyroid_disease", "icd10cm", "E03.9"): "Hypothyroidism, unspecified",
    ("thyroid_disease", "icd10cm", "E05.90"): "Thyrotoxicosis, unspecified without thyrotoxic crisis or storm",
}


def _all_codes() -> dict[tuple[str, str, str], str]:
    return {(c.id, code.system, code.code): code.display for c in load_conditions() for code in c.codes}


@pytest.mark.parametrize(
    ("key", "display"), sorted(PINNED.items()), ids=lambda v: "-".join(v) if isinstance(v, tuple) else None
)
def test_code_display_is_pinned(key: tuple[str, str, str], display: str) -> None:
    assert _all_codes().get(key) == display


def test_no_code_is_unpinned() -> None:
    assert set(_all_codes()) == set(PINNED)


def test_bells_palsy_is_193093009_not_a_headache_code() -> None:
    # public code tables mislabel 193093009 as migraine or cluster headache (facts §1.3)
    codes = {c.code for c in get_condition("bells_palsy").codes_of("snomed")}
    assert codes == {"193093009"}


def test_conditions_without_codes_say_not_found() -> None:
    for condition in load_conditions():
        if not condition.codes_of("snomed") or not condition.codes_of("icd10cm"):
            assert condition.codes_note and "not found" in condition.codes_note.lower(), condition.id


def test_icd_displays_match_the_official_tabular() -> None:
    icd = pytest.importorskip("simple_icd_10_cm")
    for (_, system, code), display in PINNED.items():
        if system == "icd10cm":
            assert icd.get_description(code) == display, code
