"""Review findings 2 and 3: past conditions that screening asks about still count, and codes match by hierarchy.

Expected answers come from the screening questions (conditions.yaml: "have you ever had a seizure", "Have you ever
had Bell's palsy?") and from the ICD-10-CM April 2026 tabular as bundled in ``simple-icd-10-cm`` (an independent
reference for every code's ancestors and every group title used).
"""

from __future__ import annotations

import pytest

from stimsafe.web.cds import SERVICE_ID
from stimsafe.web.code_match import ICD10CM_GROUPS, icd10cm_lineage
from stimsafe.web.fhir_input import ICD10CM, SNOMED

# (record code, system, the condition's card words) from the review; each gave "No contraindication found" before
CHILD_CODES = [
    ("G40.919", ICD10CM, "epilepsy"),  # Epilepsy, unspecified, intractable: sibling of the catalogue's G40.909
    ("G40.109", ICD10CM, "epilepsy"),  # Localization-related symptomatic epilepsy
    ("C50.911", ICD10CM, "cancer"),  # Malignant neoplasm of right female breast
    ("O09.90", ICD10CM, "pregnan"),  # Supervision of high risk pregnancy
    ("S04.50XA", ICD10CM, "facial"),  # Injury of facial nerve, initial encounter (child of S04.5)
    ("H02.401", ICD10CM, "drooping"),  # Unspecified ptosis of right eyelid (child of H02.40)
]


def _condition(code, system, clinical="active", verification=None):
    resource = {"resourceType": "Condition", "code": {"coding": [{"system": system, "code": code}]}}
    if clinical:
        resource["clinicalStatus"] = {"coding": [{"code": clinical}]}
    if verification:
        resource["verificationStatus"] = {"coding": [{"code": verification}]}
    return resource


def _cards(client, *resources):
    body = {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
        "prefetch": {
            "conditions": {"resourceType": "Bundle", "entry": [{"resource": r} for r in resources]},
            "observations": None,  # the record holds none (CDS Hooks 2.0: null means no data)
        },
    }
    r = client.post(f"/cds-services/{SERVICE_ID}", json=body)
    assert r.status_code == 200
    return r.json()["cards"]


def _fired(cards):
    return [c for c in cards if c["indicator"] in ("critical", "warning")]


@pytest.mark.parametrize("status", ["resolved", "inactive", "remission"])
def test_past_epilepsy_still_fires(client, status) -> None:
    cards = _cards(client, _condition("84757009", SNOMED, clinical=status))
    fired = _fired(cards)
    assert fired and fired[0]["indicator"] == "critical" and "epilep" in fired[0]["summary"].lower()
    assert not any("no contraindication" in c["summary"].lower() for c in cards)


def test_past_bells_palsy_still_fires(client) -> None:
    fired = _fired(_cards(client, _condition("G51.0", ICD10CM, clinical="resolved")))
    assert any("bell" in c["summary"].lower() for c in fired)


@pytest.mark.parametrize("verification", ["refuted", "entered-in-error"])
def test_refuted_or_mistaken_past_epilepsy_never_counts(client, verification) -> None:
    cards = _cards(client, _condition("84757009", SNOMED, clinical="resolved", verification=verification))
    assert _fired(cards) == []
    assert cards[-1]["summary"].startswith("No coded contraindication matched")


@pytest.mark.parametrize(("code", "system", "words"), CHILD_CODES)
def test_child_codes_fire_their_condition(client, code, system, words) -> None:
    cards = _cards(client, _condition(code, system))
    fired = _fired(cards)
    assert any(words in c["summary"].lower() for c in fired), [c["summary"] for c in cards]
    assert code in cards[-1]["detail"]  # the info card says which record code was read as which answer


def test_unrelated_codes_do_not_match() -> None:
    from stimsafe import api
    from stimsafe.web.code_match import match_conditions

    # G41 (status epilepticus) is outside G40; C80 is in C00-C96 but D03 (melanoma in situ) is not malignant
    counted, _ = match_conditions(api.list_conditions(), [(ICD10CM, "D03.9"), (ICD10CM, "O80"), (ICD10CM, "G51")])
    assert counted == []


def test_snomed_limits_are_stated(client) -> None:
    cards = _cards(client, _condition("230456007", SNOMED))  # a SNOMED code that is not in the catalogue
    assert "SNOMED CT codes are matched exactly" in cards[-1]["detail"]


def test_lineage_agrees_with_the_icd10cm_tabular() -> None:
    icd = pytest.importorskip("simple_icd_10_cm")
    for code, system, _ in CHILD_CODES:
        if system == ICD10CM:
            tabular = {a for a in icd.get_ancestors(code) if "-" not in a and not a.isdigit()}
            assert tabular <= set(icd10cm_lineage(code)), code


def test_group_titles_are_the_tabular_titles() -> None:
    icd = pytest.importorskip("simple_icd_10_cm")
    for groups in ICD10CM_GROUPS.values():
        for node, title in groups:
            assert icd.is_valid_item(node) and icd.get_description(node) == title
