"""`stimsafe triage` and `stimsafe diary` through the real entry point (exit codes, no tracebacks)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from stimsafe.cli.main import main

NOW = "2026-11-25T14:00:00+00:00"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_triage_from_file_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("signs: [face_droop, onset_hours]\nonset: 2026-11-25T08:00:00+00:00\nside: left\n")
    code, out, _ = _run(capsys, "triage", "--answers", str(answers), "--format", "json", "--now", NOW)
    assert code == 0
    data = json.loads(out)["data"]
    assert data["tier"] == "SEE A DOCTOR TODAY"
    assert data["window"]["deadline"] == "2026-11-28T08:00:00+00:00" and data["window"]["passed"] is False


def test_interactive_red_flag_stops_the_questions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # "no" to arm weakness, "yes" to speech trouble: nothing more is asked, the emergency advice is printed
    monkeypatch.setattr("sys.stdin", io.StringIO("n\ny\n"))
    code, out, _ = _run(capsys, "triage", "--format", "markdown", "--now", NOW)
    assert code == 0
    assert "# Triage: CALL EMERGENCY SERVICES NOW" in out
    assert "Does one side of the face droop" not in out  # the face questions were never reached


def test_interactive_face_weakness_over_hours(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # 14 warning signs "no"; face: droop yes, the other 5 face signs, the forehead and headache no; speed 2
    # (hours); onset; the 9 skin and 2 mild signs no
    replies = ["n"] * 14 + ["y"] + ["n"] * 7 + ["2", "6h ago"] + ["n"] * 11
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(replies) + "\n"))
    code, out, _ = _run(capsys, "triage", "--format", "json", "--now", NOW)
    assert code == 0
    data = json.loads(out[out.index("{") :])["data"]
    assert data["tier"] == "SEE A DOCTOR TODAY"
    assert data["window"]["hours_left"] == pytest.approx(66.0)


def test_bad_answers_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("signs: [sneezing]\n")
    code, _, err = _run(capsys, "triage", "--answers", str(answers), "--now", NOW)
    assert code == 2 and "Unknown sign" in err and "a.yaml" in err and "Traceback" not in err
    code, _, err = _run(capsys, "triage", "--answers", str(tmp_path / "missing.yaml"))
    assert code == 2 and "Traceback" not in err


def test_diary_round_trip_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, db2, out = tmp_path / "d.db", tmp_path / "e.db", tmp_path / "export.json"
    code, _, _ = _run(
        capsys,
        "diary",
        "add-session",
        "--db",
        str(db),
        "--device",
        "nuface-mini",
        "--zone",
        "cheek",
        "--level",
        "3",
        "--duration",
        "5 min",
        "--at",
        "2026-11-25T06:00:00+00:00",
    )
    assert code == 0
    code, symptom_id, _ = _run(
        capsys,
        "diary",
        "add-symptom",
        "--db",
        str(db),
        "--kind",
        "face_droop",
        "--development",
        "hours",
        "--onset",
        "2026-11-25T08:00:00+00:00",
        "--side",
        "left",
    )
    assert code == 0
    assert _run(capsys, "diary", "export", str(out), "--db", str(db))[0] == 0
    code, counts, _ = _run(capsys, "diary", "import", str(out), "--db", str(db2))
    assert code == 0 and json.loads(counts) == {"sessions": 1, "symptoms": 1, "skipped": 0}
    code, again, _ = _run(capsys, "diary", "export", "--db", str(db2))
    assert again == out.read_text()
    code, shown, _ = _run(capsys, "diary", "show", "--db", str(db), "--format", "markdown", "--now", NOW)
    assert "Last session 2.0 hours before onset" in shown and "SEE A DOCTOR TODAY" in shown
    code, html, _ = _run(capsys, "diary", "show", "--db", str(db), "--format", "html", "--now", NOW)
    assert html.startswith("<!doctype html>")
    code, bundle, _ = _run(capsys, "diary", "fhir", "--db", str(db), "--now", NOW)
    assert code == 0 and json.loads(bundle)["resourceType"] == "Bundle"
    code, draft, _ = _run(capsys, "diary", "medwatch", symptom_id.strip(), "--db", str(db), "--now", NOW)
    assert code == 0 and "Form FDA 3500B" in draft


def test_diary_import_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = _run(capsys, "diary", "import", str(bad), "--db", str(tmp_path / "d.db"))
    assert code == 4 and "bad.json" in err
    code, _, err = _run(capsys, "diary", "medwatch", "nope", "--db", str(tmp_path / "d.db"))
    assert code == 3 and "Traceback" not in err


def test_triage_save_records_the_symptom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, answers = tmp_path / "d.db", tmp_path / "a.json"
    answers.write_text(json.dumps({"signs": ["burn"], "onset": "2026-11-25T10:00:00+00:00", "note": "red mark"}))
    code, _, err = _run(capsys, "triage", "--answers", str(answers), "--db", str(db), "--save", "--now", NOW)
    assert code == 0 and "saved_symptom" in err
    code, out, _ = _run(capsys, "diary", "export", "--db", str(db))
    symptom = json.loads(out)["symptoms"][0]
    assert (symptom["kind"], symptom["onset_at"], symptom["text"]) == ("burn", "2026-11-25T10:00:00Z", "red mark")


def test_interactive_not_sure_about_a_warning_sign_is_an_emergency(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # review finding 12: "u" (not sure) to arm weakness is read as "yes", as on the web form; nothing more is asked
    monkeypatch.setattr("sys.stdin", io.StringIO("u\n"))
    code, out, _ = _run(capsys, "triage", "--format", "json", "--now", NOW)
    assert code == 0
    data = json.loads(out[out.index("{") :])["data"]
    assert data["tier"] == "CALL EMERGENCY SERVICES NOW" and data["unsure"] == ["arm_leg_weakness"]


def test_interactive_warning_signs_have_no_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # an empty reply is asked again, never taken as "no"; then "y" answers it
    monkeypatch.setattr("sys.stdin", io.StringIO("\ny\n"))
    code, out, _ = _run(capsys, "triage", "--format", "json", "--now", NOW)
    assert code == 0 and json.loads(out[out.index("{") :])["data"]["tier"] == "CALL EMERGENCY SERVICES NOW"
    assert out.count("(y = yes, n = no, u = not sure)") == 2
