"""A diary symptom whose warning signs were not answered is never shown as SELF-CARE (unanswered is never "no").

Issue 11: "a red flag that is missing is *unknown* ... never SELF-CARE", in every interface. The diary keeps the
warning signs answered "no" (``SymptomRecord.no``, schema migration 4, the export's ``no`` list); any other
warning sign is unknown, so the symptom's tier is at least STOP USING THE DEVICE AND SEE A CLINICIAN.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stimsafe import api
from stimsafe.cli.main import main
from stimsafe.errors import StimsafeError
from stimsafe.knowledge.triage import load_triage_rules
from stimsafe.triage.diary import Diary
from stimsafe.triage.diary.schema import LATEST, MIGRATIONS

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
RED_FLAGS = sorted(load_triage_rules().red_flags)
SELF_CARE = "SELF-CARE AND WATCH"
UNANSWERED = "STOP USING THE DEVICE AND SEE A CLINICIAN"


def _tiers(db: Path) -> dict[str, str]:
    return dict(api.diary_report(db, now=NOW).data["tiers"])


def test_a_mild_symptom_with_unanswered_warning_signs_is_not_self_care(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    record = api.diary_add_symptom(db, kind="redness_fades", text="a bit red", now=NOW)
    report = api.diary_report(db, now=NOW)
    assert report.data["tiers"][record.id] == UNANSWERED
    section = next(s for s in report.sections if s.findings and s.findings[0].id.startswith(record.id))
    assert section.findings[0].id.endswith(":warning-sign-not-answered")  # the reason is the unanswered signs
    assert any(p.startswith("Not answered (unknown, never read as no):") for p in section.paragraphs)
    assert report.summary[0] == f"Most urgent tier among recorded symptoms: {UNANSWERED}."


def test_every_warning_sign_answered_no_allows_self_care(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    record = api.diary_add_symptom(db, kind="redness_fades", no=RED_FLAGS, now=NOW)
    assert record.no == tuple(RED_FLAGS)
    assert _tiers(db)[record.id] == SELF_CARE
    one_left = api.diary_add_symptom(db, kind="redness_fades", no=RED_FLAGS[1:], now=NOW)
    assert _tiers(db)[one_left.id] == UNANSWERED


def test_a_sign_given_as_yes_and_no_is_yes(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    record = api.diary_add_symptom(db, kind="redness_fades", signs=["fainting"], no=RED_FLAGS, now=NOW)
    assert "fainting" not in record.no
    assert _tiers(db)[record.id] == "CALL EMERGENCY SERVICES NOW"


def test_an_unknown_sign_answered_no_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StimsafeError, match="Unknown sign"):
        api.diary_add_symptom(tmp_path / "d.sqlite3", kind="redness_fades", no=["sneezing"], now=NOW)


def test_export_import_keeps_the_no_answers_exactly(tmp_path: Path) -> None:
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    api.diary_add_symptom(a, kind="redness_fades", no=RED_FLAGS, now=NOW)
    api.diary_add_symptom(a, kind="burn", now=NOW)
    exported = api.diary_export(a)
    assert [s["no"] for s in exported["symptoms"]] in ([RED_FLAGS, []], [[], RED_FLAGS])
    api.diary_import(exported, b)
    assert json.dumps(api.diary_export(b), sort_keys=True) == json.dumps(exported, sort_keys=True)
    assert sorted(_tiers(b).values()) == sorted(_tiers(a).values())


def test_an_export_without_no_answers_reads_its_warning_signs_as_unknown(tmp_path: Path) -> None:
    # an export written before the "no" list existed: every warning sign of its symptoms is unknown
    old = {
        "format": "stimsafe-diary",
        "format_version": 1,
        "sessions": [],
        "symptoms": [{"id": "y1", "kind": "tingling_fades", "signs": ["tingling_fades"], "photos": []}],
    }
    db = tmp_path / "d.sqlite3"
    api.diary_import(old, db)
    assert _tiers(db) == {"y1": UNANSWERED}


def test_an_import_naming_an_unknown_no_sign_names_the_field(tmp_path: Path) -> None:
    bad = {
        "format": "stimsafe-diary",
        "format_version": 1,
        "symptoms": [{"id": "y1", "kind": "burn", "signs": ["burn"], "no": ["sneezing"]}],
    }
    with pytest.raises(StimsafeError) as caught:
        api.diary_import(bad, tmp_path / "d.sqlite3")
    assert caught.value.field == "symptoms.0.no.0" and caught.value.value == "sneezing"


def test_a_version_3_diary_migrates_and_its_symptoms_have_unknown_warning_signs(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        db.executescript(script)
    db.execute(
        "INSERT INTO symptoms VALUES ('y1', 'redness_fades', NULL, NULL, NULL, NULL, '[\"redness_fades\"]', 'red')"
    )
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()
    with Diary(path) as diary:
        assert diary.version == LATEST
        assert [(s.id, s.signs, s.no) for s in diary.symptoms()] == [("y1", ("redness_fades",), ())]
    assert _tiers(path) == {"y1": UNANSWERED}


def test_cli_diary_show_and_add_symptom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "d.sqlite3")
    assert main(["diary", "add-symptom", "--kind", "redness_fades", "--db", db, "--now", NOW.isoformat()]) == 0
    unanswered = capsys.readouterr().out.strip()
    argv = ["diary", "add-symptom", "--kind", "redness_fades", "--db", db, "--now", NOW.isoformat()]
    assert main([*argv, *(a for s in RED_FLAGS for a in ("--no", s))]) == 0
    all_no = capsys.readouterr().out.strip()
    assert main(["diary", "show", "--db", db, "--format", "json", "--now", NOW.isoformat()]) == 0
    tiers = json.loads(capsys.readouterr().out)["data"]["tiers"]
    assert tiers == {unanswered: UNANSWERED, all_no: SELF_CARE}


def test_triage_save_keeps_the_warning_signs_answered_no(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "d.sqlite3"
    answers = tmp_path / "a.yaml"
    no = {s: "no" for s in RED_FLAGS[:-1]}  # the last warning sign is left unanswered
    answers.write_text(json.dumps({"signs": ["redness_fades"], "answers": no}), encoding="utf-8")
    argv = ["triage", "--answers", str(answers), "--db", str(db), "--save", "--format", "json"]
    assert main([*argv, "--now", NOW.isoformat()]) == 0
    capsys.readouterr()
    with Diary(db) as diary:
        (saved,) = diary.symptoms()
    assert sorted(saved.no) == RED_FLAGS[:-1]
    assert _tiers(db) == {saved.id: UNANSWERED}
