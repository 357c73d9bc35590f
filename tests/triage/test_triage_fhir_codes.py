"""Review finding 13 at the FHIR output: self-reported skin signs are text only; matching symptom codes stay."""

from __future__ import annotations

from datetime import UTC, datetime

from stimsafe.knowledge.triage import load_triage_rules
from stimsafe.triage.fhir import diary_bundle
from stimsafe.triage.records import SymptomRecord

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def test_skin_signs_are_exported_as_text_and_headache_keeps_its_symptom_codes() -> None:
    symptom = SymptomRecord(id="y1", kind="infected_skin", onset_at=NOW, signs=("burn", "broken_skin", "headache"))
    bundle = diary_bundle([], [symptom], load_triage_rules(), NOW)
    obs = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation")
    assert obs["code"] == {"text": "skin that looks infected"}  # the sign's label
    components = {c["code"]["text"]: c["code"].get("coding", []) for c in obs["component"]}
    assert components["a burn mark"] == [] and components["broken, raw or bleeding skin"] == []
    assert {c["code"] for c in components["a headache"]} == {"25064002", "R51.9"}
    codes = {c["code"] for c in [*obs["code"].get("coding", []), *(x for v in components.values() for x in v)]}
    assert not codes & {"L08.9", "T20.00XA", "271807003"}
