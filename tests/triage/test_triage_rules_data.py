"""The rule data: documented, cited, and codes pinned against the research notes (clinical_evidence.md §1.3)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

import stimsafe.knowledge.triage as loader
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import read_data
from stimsafe.knowledge.triage import load_triage_rules
from stimsafe.triage.model import Tier

DOC = Path(__file__).resolve().parents[2] / "docs" / "triage.md"
RULES = load_triage_rules()


def test_every_rule_and_sign_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [r.id for r in RULES.rules if f"`{r.id}`" not in text] + [
        s.id for s in RULES.signs if f"`{s.id}`" not in text
    ]
    assert missing == []


def test_every_rule_cites_a_source_with_an_address_or_a_note() -> None:
    for rule in RULES.rules:
        for source_id in rule.sources:
            source = RULES.source(source_id)
            assert source is not None and (source.url or source.note)


def test_codes_match_the_research_notes() -> None:
    # pinned from clinical_evidence.md §1.3 (ICD-10-CM verified against the April 2026 tabular there)
    expected = {
        ("face_droop", "R29.810"): "Facial weakness",
        ("headache", "25064002"): "Headache",
        ("headache", "R51.9"): "Headache, unspecified",
        ("numbness_persists", "44077006"): "Numbness",
        ("double_vision", "H53.2"): "Diplopia",
        ("dilated_pupil", "H57.02"): "Anisocoria",
        ("twitching_persists", "R25.3"): "Fasciculation",
    }
    have = {(s.id, c.code): c.display for s in RULES.signs for c in s.codes}
    for key, display in expected.items():
        assert have[key] == display
    # 193093009 is Bell's palsy, a diagnosis: never a symptom code here (and often mislabelled in public code)
    assert all(c.code != "193093009" for s in RULES.signs for c in s.codes)


def test_unconfirmed_snomed_codes_are_marked_unverified() -> None:
    unconfirmed = {"280816001", "11934000", "65124004"}  # marked ◐ in the research notes
    for sign in RULES.signs:
        for code in sign.codes:
            if code.code in unconfirmed:
                assert code.verified is False


def test_red_flags_are_asked_first_and_all_route_to_emergency() -> None:
    groups = [s.group for s in RULES.signs]
    assert groups[: groups.count("red_flag")] == ["red_flag"] * groups.count("red_flag")
    emergency_signs = {s for r in RULES.rules if r.tier == Tier.EMERGENCY and len(r.when) == 1 for s in r.when[0]}
    assert {s.id for s in RULES.signs if s.group == "red_flag"} <= emergency_signs


def test_loader_refuses_unknown_sign_and_bad_tier(monkeypatch: pytest.MonkeyPatch) -> None:
    good = copy.deepcopy(dict(read_data(loader.FILE)))
    for mutate, field in (
        (lambda d: d["rules"][0]["when"][0].append("no_such_sign"), "when"),
        (lambda d: d["rules"][0].__setitem__("tier", "MAYBE LATER"), "tier"),
        (lambda d: d["rules"][0].__setitem__("sources", ["nowhere"]), "sources"),
    ):
        data = copy.deepcopy(good)
        mutate(data)
        monkeypatch.setattr(loader, "read_data", lambda name, d=data: d)
        loader.load_triage_rules.cache_clear()
        with pytest.raises(KnowledgeError) as caught:
            loader.load_triage_rules()
        assert caught.value.field == field
    monkeypatch.undo()
    loader.load_triage_rules.cache_clear()


# Review finding 13: exported codes are symptom/finding codes that match the sign, never diagnoses.
# The full list of codes the FHIR export may emit, pinned by hand from clinical_evidence.md §1.3 ("Symptom codes
# for triage"); everything else is text only.
EMITTED = {
    ("double_vision", "http://hl7.org/fhir/sid/icd-10-cm", "H53.2", "Diplopia"),
    ("dilated_pupil", "http://hl7.org/fhir/sid/icd-10-cm", "H57.02", "Anisocoria"),
    ("face_droop", "http://hl7.org/fhir/sid/icd-10-cm", "R29.810", "Facial weakness"),
    ("headache", "http://snomed.info/sct", "25064002", "Headache"),
    ("headache", "http://hl7.org/fhir/sid/icd-10-cm", "R51.9", "Headache, unspecified"),
    ("swelling_persists", "http://hl7.org/fhir/sid/icd-10-cm", "R22.0", "Localized swelling, mass and lump, head"),
    ("twitching_persists", "http://hl7.org/fhir/sid/icd-10-cm", "R25.3", "Fasciculation"),
    ("numbness_persists", "http://snomed.info/sct", "44077006", "Numbness"),
    ("numbness_persists", "http://hl7.org/fhir/sid/icd-10-cm", "R20.0", "Anesthesia of skin"),
    # clinical_evidence.md §1.3: "Seizure | 91175000 Seizure (finding) ✅ ... | R56.9 Unspecified convulsions"
    ("seizure", "http://snomed.info/sct", "91175000", "Seizure"),
    ("seizure", "http://hl7.org/fhir/sid/icd-10-cm", "R56.9", "Unspecified convulsions"),
}


def test_only_matching_symptom_codes_are_emitted() -> None:
    have = {(s.id, c.system, c.code, c.display) for s in RULES.signs for c in s.codes if c.verified}
    assert have == EMITTED


@pytest.mark.parametrize("sign_id", ["burn", "broken_skin", "infected_skin"])
def test_skin_signs_that_diagnosis_codes_mislabel_have_no_code(sign_id: str) -> None:
    # L08.9 is an infection (a diagnosis), T20.00XA an injury with "initial encounter", 271807003 a rash
    sign = RULES.sign(sign_id)
    assert sign is not None and sign.codes == ()


def test_no_code_is_a_diagnosis_or_an_encounter() -> None:
    for sign in RULES.signs:
        for code in sign.codes:
            assert "encounter" not in code.display.lower() and "infection" not in code.display.lower()
            if code.system.endswith("icd-10-cm"):
                assert code.code[0] in "RH", (sign.id, code.code)  # symptoms (R) or the two eye findings (H)
