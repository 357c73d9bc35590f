"""Review finding 7: an onset the person did not give is stored as unknown, never invented as "now"; and finding 11:
the diary file and its folders are private (0600 / 0700).

For a stroke the onset is "last known well" (clinical_evidence.md §2.1: note the time they started), so a made-up
time would corrupt the 72-hour window, the FHIR effectiveDateTime and the MedWatch date.
"""

from __future__ import annotations

import io
import json
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stimsafe import api
from stimsafe.cli.main import main
from stimsafe.triage.diary import Diary
from stimsafe.triage.diary.schema import LATEST, MIGRATIONS

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("onset", [None, "", "unknown", "Unknown "])
def test_a_symptom_without_an_onset_is_stored_as_unknown(tmp_path: Path, onset: str | None) -> None:
    db = tmp_path / "d.sqlite3"
    kwargs = {} if onset is None else {"onset": onset}
    record = api.diary_add_symptom(db, kind="face_droop", now=NOW, **kwargs)  # type: ignore[arg-type]
    assert record.onset_at is None
    assert api.diary_export(db)["symptoms"][0]["onset_at"] is None
    with Diary(db) as diary:
        assert diary.symptoms()[0].onset_at is None


def test_unknown_onsets_sort_after_known_ones(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    api.diary_add_symptom(db, kind="burn", now=NOW)
    api.diary_add_symptom(db, kind="blister", onset="2026-11-25T08:00:00+00:00", now=NOW)
    assert [s.kind for s in Diary(db).symptoms()] == ["blister", "burn"]


def _unknown_onset_diary(tmp_path: Path) -> Path:
    db = tmp_path / "d.sqlite3"
    api.diary_add_session(db, device_id="nuface-mini", zones=["cheek"], started_at="2026-11-25T07:00:00+00:00", now=NOW)
    api.diary_add_symptom(db, kind="face_droop", signs=["mouth_droop"], now=NOW)
    return db


def test_the_report_says_the_window_cannot_be_computed_and_keeps_the_emergency(tmp_path: Path) -> None:
    report = api.diary_report(_unknown_onset_diary(tmp_path), now=NOW)
    text = json.dumps([s.model_dump(mode="json") for s in report.sections])
    assert "The onset time was not given, so the 72-hour window cannot be computed." in text
    assert "Onset unknown" in text
    # the unknown speed is treated as "not sure" (treat as a stroke): still the emergency, nothing downgraded
    assert list(report.data["tiers"].values()) == ["CALL EMERGENCY SERVICES NOW"]


def test_fhir_omits_the_effective_time_of_an_unknown_onset(tmp_path: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle

    data = api.diary_fhir(_unknown_onset_diary(tmp_path), now=NOW)
    parse = getattr(Bundle, "model_validate", None) or Bundle.parse_obj
    parse(data)
    obs = next(e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Observation")
    assert "effectiveDateTime" not in obs
    assert any("onset: unknown" in n["text"] for n in obs["note"])


def test_medwatch_says_the_date_is_unknown(tmp_path: Path) -> None:
    db = _unknown_onset_diary(tmp_path)
    symptom_id = api.diary_export(db)["symptoms"][0]["id"]
    draft = api.diary_medwatch(symptom_id, db, now=NOW)
    assert "Date the problem occurred: unknown\n" in draft
    assert "2026-11-25 14:00" not in draft  # "now" is never written as the onset


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_cli_never_defaults_the_onset_to_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "d.db"
    code, _, _ = _run(capsys, "diary", "add-symptom", "--db", str(db), "--kind", "burn", "--now", NOW.isoformat())
    assert code == 0
    # the interview's red-flag path ("yes" to arm weakness) saves without asking the time: unknown, not now
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, _, err = _run(capsys, "triage", "--db", str(db), "--save", "--now", NOW.isoformat())
    assert code == 0 and "saved_symptom" in err
    code, out, _ = _run(capsys, "diary", "export", "--db", str(db))
    assert [s["onset_at"] for s in json.loads(out)["symptoms"]] == [None, None]


def test_migration_to_a_nullable_onset_keeps_symptoms_and_photos(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        db.executescript(script)
    db.execute(
        "INSERT INTO symptoms VALUES ('y1', 'burn', 'left', ?, ?, NULL, '[\"burn\"]', 'red mark')",
        (T0.isoformat(), T0.isoformat()),
    )
    db.execute("INSERT INTO photos VALUES ('y1', 0, '/p.jpg', ?)", ("a" * 64,))
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with Diary(path) as diary:
        assert diary.version == LATEST >= 3
        (symptom,) = diary.symptoms()
        assert (symptom.id, symptom.onset_at, symptom.text) == ("y1", T0, "red mark")
        assert [p.path for p in symptom.photos] == ["/p.jpg"]
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    assert {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='index'")} >= {"symptoms_by_time"}
    check.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_diary_and_its_folders_are_private(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "diary.sqlite3"
    with Diary(path) as diary:
        diary.add_symptom(api_symptom())
        for suffix in ("", "-wal", "-shm"):
            file = Path(str(path) + suffix)
            assert file.exists() and _mode(file) == 0o600, (suffix, oct(_mode(file)))
    assert _mode(path.parent) == 0o700 and _mode(path.parent.parent) == 0o700


def test_an_existing_world_readable_diary_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    Diary(path).close()
    path.chmod(0o644)
    with Diary(path):
        assert _mode(path) == 0o600


def api_symptom():  # type: ignore[no-untyped-def]
    from stimsafe.triage.records import SymptomRecord

    return SymptomRecord(kind="burn", onset_at=T0)
