"""The evidence catalogue against ../shared/facts/clinical_evidence.md §3.3 (figures copied by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stimsafe.knowledge.evidence import load_studies

# id -> (design, n, maker_funded, industry_funded)
EXPECTED = {
    "kavanagh-2012": ("RCT", 108, "yes", "yes"),  # Slendertone maker sponsor (NCT01030380)
    "nct01740440": ("before-after", 30, "yes", "yes"),  # "Sponsor: Bio-Medical Research (manufacturer)"
    "saniee-2012": ("before-after", 30, "unknown", "unknown"),  # funding not stated
    "bu-2025": ("RCT", 90, "unknown", "unknown"),
    # Omron Healthcare: "an electrotherapy/device company, not a beauty-device maker"
    "iijima-2021": ("systematic review", None, "no", "yes"),
    "ghimire-2021": ("case report", 1, "unknown", "unknown"),
    "sid-2025-poster": ("poster", None, "unknown", "unknown"),  # row 6: funding "—"
    # the facts give only an academic affiliation for these five: unknown, never "no"
    "bu-2024": ("systematic review", None, "unknown", "unknown"),
    "yoo-2023": ("narrative review", None, "unknown", "unknown"),
    "puls-2020": ("retrospective", 39 + 13, "unknown", "unknown"),
    "volk-2020": ("prospective", 48 + 30 + 30, "unknown", "unknown"),
    "lim-2023": ("pharmacovigilance", 723, "unknown", "unknown"),
}


@pytest.mark.parametrize(("study_id", "expected"), sorted(EXPECTED.items()))
def test_study_design_size_and_funding(study_id: str, expected: tuple[str, int | None, str, str]) -> None:
    study = next(s for s in load_studies() if s.id == study_id)
    assert (study.design, study.n, study.maker_funded, study.industry_funded) == expected


def test_unknown_funding_is_never_no() -> None:
    for study in load_studies():
        if "not stated" in study.funding.lower() or study.funding.lower().startswith("academic"):
            assert study.maker_funded == "unknown", study.id


def test_academic_affiliation_is_in_the_facts_as_the_only_funding_word(shared_dir: Path) -> None:
    # clinical_evidence.md §3.3 gives "Academic (...)" in the Funding / COI column for these rows and nothing else
    facts = (shared_dir / "facts" / "clinical_evidence.md").read_text(encoding="utf-8")
    for words in (
        "| Academic (Chengdu UTCM) |",
        "| Academic (Kyung Hee) |",
        "| Academic (Jena) |",
        "| Academic (MGH) |",
    ):
        assert words in facts


def test_omron_is_industry_but_not_a_beauty_device_maker(shared_dir: Path) -> None:
    facts = (shared_dir / "facts" / "clinical_evidence.md").read_text(encoding="utf-8")
    assert "**Funder: Omron Healthcare**, an electrotherapy/device company, not a beauty-device maker" in facts
    iijima = next(s for s in load_studies() if s.id == "iijima-2021")
    assert "Omron" in iijima.maker_funded_why


def test_every_maker_funded_value_has_its_deciding_sentence() -> None:
    for study in load_studies():
        assert study.maker_funded_why.endswith("."), study.id


def test_maker_funded_trials_link_to_the_device_they_tested() -> None:
    # Kavanagh 2012 tested Slendertone Face; NCT01740440 tested BMR Face: both the BMR Face row of the catalogue
    linked = {s.id: s.device_ids for s in load_studies() if s.device_ids}
    assert linked == {"kavanagh-2012": ("bmr-face",), "nct01740440": ("bmr-face",)}


def test_evidence_report_says_who_paid_for_the_facial_trials() -> None:
    # clinical_evidence.md §3.3: the RCTs on the face are Kavanagh 2012 (sponsor Bio-Medical Research, the maker)
    # and Bu 2025 (funding "Not stated in the excerpt")
    from stimsafe import api

    summary = api.evidence_report().summary
    assert (
        "Randomised trials of a device on the face: 2; funded by the maker of the device tested: 1 "
        "(Kavanagh et al. 2012); funding unknown: 1 (Bu et al. 2025); shown independent of any device maker: 0."
    ) in summary


def test_every_study_has_a_name_a_person_reads() -> None:
    assert all(s.label and s.label != s.id for s in load_studies())
