"""Clinician exports: FHIR R4B bundle (validated independently with fhir.resources), MedWatch draft, summaries."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stimsafe import api
from stimsafe.errors import InputError, NotFoundError
from stimsafe.report.render import to_html, to_markdown

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "diary.sqlite3"
    photo = tmp_path / "face.jpg"
    photo.write_bytes(b"abc")
    api.diary_add_session(
        path,
        device_id="nuface-mini",
        zones=["cheek", "jawline"],
        level="3",
        duration="5 min",
        started_at="2026-11-24T20:00:00+00:00",
        now=NOW,
    )
    api.diary_add_session(
        path,
        device_id="nuface-mini",
        zones=["forehead"],
        level="2",
        duration=120.0,
        started_at="2026-11-25T07:30:00+01:00",
        now=NOW,
    )
    api.diary_add_symptom(
        path,
        kind="face_droop",
        onset="2026-11-25T08:00:00+00:00",
        side="left",
        development="hours",
        signs=["mouth_droop"],
        text="my smile is lopsided",
        photos=[photo],
        now=NOW,
    )
    return path


def test_fhir_bundle_validates_with_fhir_resources_r4b(db: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle

    data = api.diary_fhir(db, now=NOW)
    parse = getattr(Bundle, "model_validate", None) or Bundle.parse_obj
    bundle = parse(data)  # independent validation of the whole bundle
    kinds = [e.resource.resource_type for e in bundle.entry]
    assert kinds == ["Patient", "Device", "DeviceUseStatement", "DeviceUseStatement", "Observation"]
    obs = data["entry"][-1]["resource"]
    # ICD-10-CM R29.810 "Facial weakness" is verified in the research notes; SNOMED 280816001 is not, so omitted
    assert {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "R29.810", "display": "Facial weakness"} in obs[
        "code"
    ]["coding"]
    assert all(c["code"] != "280816001" for c in obs["code"]["coding"])
    assert obs["effectiveDateTime"] == "2026-11-25T08:00:00+00:00"
    use = data["entry"][2]["resource"]
    assert use["timingPeriod"] == {"start": "2026-11-24T20:00:00+00:00", "end": "2026-11-24T20:05:00+00:00"}
    assert "Condition" not in json.dumps(data)  # no diagnosis is written


def test_medwatch_draft_states_timing_not_cause(db: Path) -> None:
    symptom_id = api.diary_export(db)["symptoms"][0]["id"]
    text = api.diary_medwatch(symptom_id, db, now=NOW)
    assert "Date the problem occurred: 2026-11-25" in text
    # last session 07:30+01:00 = 06:30 UTC, onset 08:00 UTC: 1.5 hours before (hand calculation)
    assert "Last session 1.5 hours before onset" in text
    assert "Name of the medical device: nuface-mini" in text
    assert "I do not know whether the device caused this" in text
    assert "caused by" not in text
    with pytest.raises(NotFoundError):
        api.diary_medwatch("nope", db, now=NOW)


def test_diary_report_places_the_symptom_and_states_the_window(db: Path) -> None:
    report = api.diary_report(db, now=NOW)
    md = to_markdown(report)
    assert "SEE A DOCTOR TODAY" in md
    # headings and signs in words (the signs' labels), never ids
    assert "One side of the face drooping, weak or numb (2026-11-25 08:00 UTC)\n" in md
    assert "Reported signs: one side of the face drooping, weak or numb, a drooping corner of the mouth, or" in md
    assert "eye wont" not in md and "onset hours" not in md
    assert "+00:00" not in md and "2 sessions, 1 symptom recorded." in md  # no ISO offsets; plurals agree
    # 08:00 + 72 h -> 2026-11-28 08:00 UTC; at 14:00 on the 25th, 66 hours left
    assert "ends 2026-11-28 08:00 UTC: 66 hours left" in md
    assert "2 sessions in the 7 days before (zones: forehead, cheek, jawline; levels: 2, 3)" in md
    assert "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" in md  # SHA-256("abc")
    html = to_html(report)
    assert html.startswith("<!doctype html>") and "SEE A DOCTOR TODAY" in html
    assert "&lt;" not in md and "<script" not in html


def test_html_escapes_user_text(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    api.diary_add_symptom(path, kind="redness_fades", onset="1h ago", text="<script>alert(1)</script>", now=NOW)
    html = to_html(api.diary_report(path, now=NOW))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_triage_with_diary_timeline(db: Path) -> None:
    report = api.triage({"signs": ["face_droop", "onset_hours"], "onset": "6h ago"}, NOW, db=db)
    assert report.data["tier"] == "SEE A DOCTOR TODAY"
    timeline = report.data["timeline"]
    # onset 08:00 UTC; sessions at 20:00 UTC the day before and 06:30 UTC
    assert timeline["hours_since_last"] == pytest.approx(1.5)
    assert [s["level"] for s in timeline["sessions"]] == ["2", "3"]


def test_triage_report_never_names_a_cause() -> None:
    report = api.triage({"signs": ["face_droop", "arm_leg_weakness"], "onset": "10m ago"}, NOW)
    assert report.findings()[0].tier == "CALL EMERGENCY SERVICES NOW"
    assert report.title == "Triage: CALL EMERGENCY SERVICES NOW"
    md = to_markdown(report)
    assert "The cause of what you noticed is unknown" in md
    assert "not been proven to cause facial weakness, nor proven not to" in md
    assert "20 to 30 people in 100,000" in md
    for phrase in ("you have", "caused by the device", "diagnosis:"):
        assert phrase not in md.lower()
    assert all(f.source_ids for f in report.findings())


def test_bad_inputs_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    with pytest.raises((InputError, NotFoundError)) as caught:  # NotFoundError once the zone loader exists
        api.diary_add_session(path, device_id="nuface-mini", zones=["nose"], now=NOW)
    assert caught.value.value == "nose"
    with pytest.raises(InputError) as caught:
        api.diary_add_symptom(path, kind="face_droop", onset="2026-11-25T08:00", now=NOW)
    assert caught.value.field == "onset"
    with pytest.raises(InputError) as caught:
        api.diary_add_symptom(path, kind="face_droop", development="weeks", now=NOW)
    assert caught.value.field == "development"
    with pytest.raises(InputError) as caught:
        api.triage({"signs": ["sneezing"]}, NOW)
    assert caught.value.field == "signs"
    with pytest.raises(InputError):
        api.diary_add_session(path, device_id="nuface-mini", duration="5", now=NOW)
