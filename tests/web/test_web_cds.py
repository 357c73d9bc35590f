"""CDS Hooks 2.0: discovery fields, FHIR reading and card shape (spec: clinical_evidence.md §1.1)."""

from __future__ import annotations

from stimsafe.domain.source import Source
from stimsafe.report.model import Finding, Report, Section
from stimsafe.web.cds import SERVICE_ID, cards_from_report
from stimsafe.web.fhir_input import ICD10CM, LOINC, SNOMED, read_facts

PATIENT = "Patient/p1"


def condition(code: str, system: str = SNOMED, clinical: str | None = "active", verification: str | None = None):
    resource = {
        "resourceType": "Condition",
        "subject": {"reference": PATIENT},
        "code": {"coding": [{"system": system, "code": code}]},
    }
    if clinical:
        resource["clinicalStatus"] = {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": clinical}]
        }
    if verification:
        resource["verificationStatus"] = {"coding": [{"code": verification}]}
    return resource


def bundle(*resources):
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


PREGNANT = {
    "resourceType": "Observation",
    "status": "final",
    "code": {"coding": [{"system": LOINC, "code": "82810-3", "display": "Pregnancy status"}]},
    "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": "77386006", "display": "Pregnant"}]},
}


def test_discovery_lists_a_patient_view_service_with_the_required_fields(client) -> None:
    body = client.get("/cds-services").json()
    (service,) = body["services"]
    assert service["hook"] == "patient-view" and service["id"] == SERVICE_ID
    assert service["description"] and service["title"]
    assert "{{context.patientId}}" in service["prefetch"]["conditions"]


def test_wrong_hook_is_refused(client) -> None:
    r = client.post(
        f"/cds-services/{SERVICE_ID}",
        json={"hook": "order-select", "hookInstance": "x", "context": {}, "prefetch": {"conditions": bundle()}},
    )
    assert r.status_code == 422 and r.json()["field"] == "hook"


def test_malformed_request_has_the_error_shape(client) -> None:
    r = client.post(f"/cds-services/{SERVICE_ID}", json={"hook": "patient-view"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_input"


def test_reader_keeps_current_conditions_and_coded_observation_values() -> None:
    facts = read_facts(
        [
            bundle(
                condition("193093009"),
                condition("84757009", clinical="resolved"),
                condition("441509002", verification="refuted"),
                condition("Z95.0", system=ICD10CM, clinical=None),
            ),
            bundle(
                PREGNANT,
                {
                    **PREGNANT,
                    "status": "entered-in-error",
                    "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": "169750002"}]},
                },
            ),
        ]
    )
    assert facts.codes == {(SNOMED, "193093009"), (ICD10CM, "Z95.0"), (SNOMED, "77386006")}
    # resolved is kept apart (some questions are about the past); refuted and entered-in-error are dropped
    assert facts.past_codes == {(SNOMED, "84757009")}
    assert facts.conditions_read == 4 and facts.observations_read == 2


def test_reader_skips_garbage_without_raising() -> None:
    facts = read_facts(
        [
            None,
            3,
            "x",
            [{"resourceType": "Patient"}],
            {"resourceType": "Bundle", "entry": [1, {}]},
            {"resourceType": "Condition", "code": {"coding": [{"system": 1, "code": None}, "x"]}},
        ]
    )
    assert facts.codes == frozenset()
    assert facts.skipped == 1 and facts.conditions_read == 1


def test_observation_with_false_boolean_asserts_nothing() -> None:
    obs = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": SNOMED, "code": "413712001"}]},
        "valueBoolean": False,
    }
    assert read_facts([obs]).codes == frozenset()
    assert read_facts([{**obs, "valueBoolean": True}]).codes == {(SNOMED, "413712001")}


def _report() -> Report:
    src = Source(id="ifu", title="NuFACE Trinity instructions for use", url="https://example.org/ifu")
    findings = (
        Finding(id="r-info", tier="INFO", rank=3, title="Start low", reason="Patch test first.", source_ids=("ifu",)),
        Finding(
            id="r-preg",
            tier="DO NOT USE",
            rank=0,
            title="Pregnancy",
            reason="Not tested in pregnancy.",
            action="Do not use while pregnant.",
            source_ids=("ifu",),
        ),
        Finding(id="r-ask", tier="ASK A CLINICIAN FIRST", rank=1, title="x" * 200, reason="r"),
    )
    return Report(kind="assess", title="t", sections=(Section(title="s", findings=findings),), sources=(src,))


def test_cards_follow_the_spec_most_serious_first() -> None:
    cards = cards_from_report(_report())
    assert [c["indicator"] for c in cards] == ["critical", "warning", "info"]
    for c in cards:
        assert len(c["summary"]) < 140 and c["source"]["label"]
        assert set(c) <= {"uuid", "summary", "detail", "indicator", "source", "suggestions", "links"}
    assert cards[0]["summary"] == "DO NOT USE: Pregnancy"
    assert "Do not use while pregnant." in cards[0]["detail"] and "https://example.org/ifu" in cards[0]["detail"]
    assert cards[0]["source"] == {"label": "NuFACE Trinity instructions for use", "url": "https://example.org/ifu"}
    assert cards[1]["source"]["label"] == "stimsafe knowledge base"  # no source: no url key, never null


def test_feedback_is_accepted(client) -> None:
    r = client.post(
        f"/cds-services/{SERVICE_ID}/feedback",
        json={"feedback": [{"card": "abc", "outcome": "overridden", "outcomeTimestamp": "2026-11-25T10:00:00Z"}]},
    )
    assert r.status_code == 200 and r.json() == {}


def _call(client, *resources, conditions=True):
    key = "conditions" if conditions else "observations"
    return client.post(
        f"/cds-services/{SERVICE_ID}",
        json={
            "hook": "patient-view",
            "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"userId": "Practitioner/1", "patientId": "p1"},
            # the other key is null: the record holds none (CDS Hooks 2.0)
            "prefetch": {"conditions": None, "observations": None, key: bundle(*resources)},
        },
    )


def test_pregnancy_observation_gives_a_critical_do_not_use_card(client) -> None:
    r = _call(client, PREGNANT, conditions=False)
    assert r.status_code == 200
    cards = r.json()["cards"]
    assert cards[0]["indicator"] == "critical" and cards[0]["summary"] == "DO NOT USE: Pregnancy"
    assert "Screened against the labelling of **NuFACE Trinity**" in cards[0]["detail"]
    assert cards[-1]["indicator"] == "info" and "unanswered" in cards[-1]["summary"]


def test_pacemaker_icd10_code_gives_a_critical_card(client) -> None:
    # Z95.0 "Presence of cardiac pacemaker" (ICD-10-CM, clinical_evidence.md §1.3)
    cards = _call(client, condition("Z95.0", system=ICD10CM)).json()["cards"]
    assert any(c["indicator"] == "critical" and "pacemaker" in c["summary"].lower() for c in cards)


def test_resolved_pacemaker_is_not_current_and_absence_is_never_called_no_contraindication(client) -> None:
    # "Do you have a heart pacemaker?" is about now: a resolved record does not fire, but the card says it was
    # set aside and asks to confirm; it never says "no contraindication" (review finding 2)
    cards = _call(client, condition("441509002", clinical="resolved")).json()["cards"]
    assert [c["indicator"] for c in cards] == ["info"]
    assert cards[0]["summary"].startswith("No coded contraindication matched")
    assert "no contraindication" not in cards[0]["summary"].lower()
    assert "resolved or inactive" in cards[0]["detail"] and "Confirm with the patient" in cards[0]["detail"]
    assert "pacemaker" in cards[0]["detail"].lower()  # still asked about: unknown, not "no"
    for c in cards:
        assert set(c) >= {"summary", "indicator", "source"} and c["source"]["label"]
        assert None not in c.values()
