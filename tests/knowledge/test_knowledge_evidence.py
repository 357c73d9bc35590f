"""The evidence catalogue against ../shared/facts/clinical_evidence.md §3.3 (figures copied by hand)."""

from __future__ import annotations

import pytest

from stimsafe.knowledge.evidence import load_studies

# id -> (design, n, maker_funded)
EXPECTED = {
    "kavanagh-2012": ("RCT", 108, True),  # Slendertone maker sponsor
    "nct01740440": ("before-after", 30, True),
    "saniee-2012": ("before-after", 30, None),  # funding not stated
    "bu-2025": ("RCT", 90, None),
    "iijima-2021": ("systematic review", None, True),  # Omron Healthcare, an electrotherapy maker
    "ghimire-2021": ("case report", 1, None),
    "yoo-2023": ("narrative review", None, False),
    "puls-2020": ("retrospective", 39 + 13, False),
    "volk-2020": ("prospective", 48 + 30 + 30, False),
    "lim-2023": ("pharmacovigilance", 723, False),
}


@pytest.mark.parametrize(("study_id", "expected"), sorted(EXPECTED.items()))
def test_study_design_size_and_funding(study_id: str, expected: tuple[str, int | None, bool | None]) -> None:
    study = next(s for s in load_studies() if s.id == study_id)
    assert (study.design, study.n, study.maker_funded) == expected


def test_unknown_funding_is_never_false() -> None:
    for study in load_studies():
        if "not stated" in study.funding.lower():
            assert study.maker_funded is None, study.id
