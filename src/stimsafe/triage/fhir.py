"""The diary as a FHIR R4B ``Bundle`` (type ``collection``), validated with ``fhir.resources.R4B``.

Resources: one ``Patient`` (no identifying data), a ``Device`` per device used, a ``DeviceUseStatement`` per
session, and an ``Observation`` per symptom (category ``survey``: self-reported), with each answered sign as a
component. No ``Condition`` is written: stimsafe does not diagnose. An unknown onset has no
``effectiveDateTime`` (and a note says so). Only codes the research notes mark verified
are emitted; every concept also carries plain text. Ids are UUID-5 of the diary ids, so output is reproducible.

References: FHIR R4B, http://hl7.org/fhir/R4B/ ; ``fhir.resources`` exposes R4B as a subpackage since 7.0.0.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from stimsafe.errors import KnowledgeError
from stimsafe.triage.model import RuleSet
from stimsafe.triage.records import SessionRecord, SymptomRecord

_NS = uuid.UUID("5f0c1a52-6f39-4c55-9a57-2f8f4cdb7d2e")  # stimsafe's namespace for UUID-5 ids
_OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def _urn(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NS, f'{kind}/{key}')}"


def _concept(sign_id: str, rules: RuleSet) -> dict[str, Any]:
    sign = rules.sign(sign_id)
    text = sign.name if sign else sign_id
    codings = [
        {"system": c.system, "code": c.code, "display": c.display} for c in (sign.codes if sign else ()) if c.verified
    ]
    return {"coding": codings, "text": text} if codings else {"text": text}


def _device(device_id: str) -> dict[str, Any]:
    return {"resourceType": "Device", "deviceName": [{"name": device_id, "type": "user-friendly-name"}]}


def _use(session: SessionRecord, patient: str) -> dict[str, Any]:
    period: dict[str, str] = {"start": session.started_at.isoformat()}
    if session.duration_s is not None:
        period["end"] = (session.started_at + timedelta(seconds=session.duration_s)).isoformat()
    notes = [f"zones: {', '.join(session.zones) or 'not recorded'}", f"level: {session.level or 'not recorded'}"]
    if session.note:
        notes.append(session.note)
    out: dict[str, Any] = {
        "resourceType": "DeviceUseStatement",
        "status": "completed",
        "subject": {"reference": patient},
        "device": {"reference": _urn("device", session.device_id), "display": session.device_id},
        "timingPeriod": period,
        "note": [{"text": n} for n in notes],
    }
    if session.zones:
        out["bodySite"] = {"text": "face: " + ", ".join(session.zones)}
    return out


def _observation(symptom: SymptomRecord, patient: str, rules: RuleSet) -> dict[str, Any]:
    notes = [f"side: {symptom.side or 'not recorded'}", f"developed: {symptom.development or 'not recorded'}"]
    if symptom.onset_at is None:
        notes.insert(0, "onset: unknown (not given by the person)")
    if symptom.text:
        notes.append(f"in the person's words: {symptom.text}")
    notes += [f"photo {p.path} (sha256 {p.sha256})" for p in symptom.photos]
    out: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": _OBS_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": _concept(symptom.kind, rules),
        "subject": {"reference": patient},
        "note": [{"text": n} for n in notes],
    }
    if symptom.onset_at is not None:  # an unknown onset is left out, never filled with the export time
        out["effectiveDateTime"] = symptom.onset_at.isoformat()
    others = [s for s in symptom.signs if s != symptom.kind]
    if others:
        out["component"] = [{"code": _concept(s, rules), "valueBoolean": True} for s in others]
    return out


def _validated(resource: dict[str, Any]) -> dict[str, Any]:
    """Validate with the R4B model class of its type; return the model's own JSON (drops nothing valid)."""
    from fhir.resources.R4B import get_fhir_model_class

    cls = get_fhir_model_class(resource["resourceType"])
    parse = getattr(cls, "model_validate", None) or cls.parse_obj
    try:
        model = parse(resource)
    except ValueError as error:  # pydantic (v1 or v2) validation errors are ValueErrors
        raise KnowledgeError(f"stimsafe built an invalid FHIR {resource['resourceType']}: {error}") from None
    dump = getattr(model, "model_dump_json", None) or model.json
    data: dict[str, Any] = json.loads(dump())
    return data


def diary_bundle(
    sessions: Sequence[SessionRecord],
    symptoms: Iterable[SymptomRecord],
    rules: RuleSet,
    now: datetime,
    patient_key: str = "me",
) -> dict[str, Any]:
    """The diary as a validated FHIR R4B Bundle (a JSON-compatible dict).

    Raises
    ------
    KnowledgeError
        If a resource fails FHIR validation (a bug in this module, never the user's fault).
    """
    patient = _urn("patient", patient_key)
    entries = [(patient, {"resourceType": "Patient"})]
    for device_id in dict.fromkeys(s.device_id for s in sessions):
        entries.append((_urn("device", device_id), _device(device_id)))
    entries += [(_urn("session", s.id), _use(s, patient)) for s in sessions]
    entries += [(_urn("symptom", s.id), _observation(s, patient, rules)) for s in symptoms]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": [{"fullUrl": url, "resource": _validated(res)} for url, res in entries],
    }
    return _validated(bundle)
