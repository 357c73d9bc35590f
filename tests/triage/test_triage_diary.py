"""The diary store: round-trip export/import, migrations, atomic imports, durability under SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stimsafe.errors import DataFileError, InputError, NotFoundError
from stimsafe.triage.diary import Diary, default_path
from stimsafe.triage.diary.exchange import export_data, export_json, import_data
from stimsafe.triage.diary.schema import LATEST, MIGRATIONS
from stimsafe.triage.diary.store import photo_from_path
from stimsafe.triage.records import Photo, SessionRecord, SymptomRecord

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
PLUS1 = timezone(timedelta(hours=1))


def _fill(diary: Diary) -> None:
    diary.add_session(
        SessionRecord(
            id="s1",
            device_id="nuface-mini",
            zones=("cheek", "jawline"),
            level="3",
            duration_s=300.0,
            started_at=T0,
            note="evening",
        )
    )
    diary.add_session(
        SessionRecord(
            id="s2", device_id="ziip-halo", zones=(), started_at=T0.astimezone(PLUS1) + timedelta(days=1, seconds=0.25)
        )
    )
    diary.add_symptom(
        SymptomRecord(
            id="y1",
            kind="face_droop",
            side="left",
            onset_at=T0 + timedelta(days=2),
            development="hours",
            signs=("face_droop", "onset_hours"),
            text="smile lopsided ✓",
            photos=(Photo(path="/p/a.jpg", sha256="0" * 64), Photo(path="/p/b.jpg", sha256="f" * 64)),
        )
    )


def test_export_import_round_trips_exactly(tmp_path: Path) -> None:
    with Diary(tmp_path / "a.sqlite3") as a:
        _fill(a)
        first = export_json(a)
    with Diary(tmp_path / "b.sqlite3") as b:
        counts = import_data(b, json.loads(first))
        assert counts == {"sessions": 2, "symptoms": 1, "skipped": 0}
        assert export_json(b) == first
        # importing the same export again skips everything and changes nothing
        assert import_data(b, json.loads(first)) == {"sessions": 0, "symptoms": 0, "skipped": 3}
        assert export_json(b) == first


def test_export_keeps_the_offset_the_user_gave_and_orders_by_instant(tmp_path: Path) -> None:
    with Diary(tmp_path / "d.sqlite3") as d:
        _fill(d)
        data = export_data(d)
    assert [s["id"] for s in data["sessions"]] == ["s1", "s2"]
    assert data["sessions"][1]["started_at"] == "2026-11-21T09:00:00.250000+01:00"
    assert data["symptoms"][0]["photos"][1] == {"path": "/p/b.jpg", "sha256": "f" * 64}


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_when = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, PLUS1, timezone(timedelta(hours=-5, minutes=-30))]),
)
# import checks ids as the add paths do (review finding 18), so records use catalogue ids
_sessions = st.builds(
    SessionRecord,
    device_id=st.sampled_from(["nuface-mini", "nuface-trinity", "ziip-halo", "foreo-bear"]),
    zones=st.lists(st.sampled_from(["forehead", "eyes", "cheek", "lips", "jawline", "ears", "neck"]), max_size=3).map(
        tuple
    ),
    level=st.none() | _text,
    duration_s=st.none() | st.floats(0, 1e6),
    started_at=_when,
    note=st.none() | _text,
)


@given(sessions=st.lists(_sessions, max_size=5))
def test_round_trip_property(sessions: list[SessionRecord]) -> None:
    with Diary(":memory:") as a:
        for s in sessions:
            a.add_session(s)
        first = export_json(a)
        with Diary(":memory:") as b:
            import_data(b, json.loads(first))
            assert export_json(b) == first
            assert sorted(b.sessions(), key=lambda s: s.id) == sorted(sessions, key=lambda s: s.id)


def test_bad_import_writes_nothing_and_names_the_field(tmp_path: Path) -> None:
    with Diary(tmp_path / "a.sqlite3") as a:
        _fill(a)
        data = export_data(a)
    data["symptoms"][0]["onset_at"] = "2026-11-22T08:00:00"  # no timezone
    with Diary(tmp_path / "b.sqlite3") as b:
        with pytest.raises(DataFileError) as caught:
            import_data(b, data, location="x.json")
        assert caught.value.field == "symptoms.0.onset_at" and caught.value.location == "x.json"
        assert b.sessions() == [] and b.symptoms() == []


def test_conflicting_import_writes_nothing(tmp_path: Path) -> None:
    with Diary(tmp_path / "a.sqlite3") as a:
        _fill(a)
        data = export_data(a)
        data["sessions"][0]["level"] = "5"
        data["symptoms"] = [dict(data["symptoms"][0], id="new")]
        with pytest.raises(DataFileError):
            import_data(a, data)
        assert [s.id for s in a.symptoms()] == ["y1"]


def test_not_an_export_is_refused() -> None:
    with Diary(":memory:") as d, pytest.raises(DataFileError):
        import_data(d, {"sessions": []})


def test_duplicate_id_is_an_input_error() -> None:
    with Diary(":memory:") as d:
        _fill(d)
        with pytest.raises(InputError):
            d.add_session(SessionRecord(id="s1", device_id="x", started_at=T0))
        with pytest.raises(NotFoundError):
            d.symptom("nope")


def test_wal_mode_and_latest_schema(tmp_path: Path) -> None:
    with Diary(tmp_path / "d.sqlite3") as d:
        assert d.version == LATEST
    db = sqlite3.connect(tmp_path / "d.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_migration_from_version_1_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO sessions VALUES ('s1', 'nuface-mini', '[\"cheek\"]', '2', 60.0, ?, ?, NULL)",
        (T0.isoformat(), T0.isoformat()),
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Diary(path) as d:
        assert d.version == LATEST
        assert [(s.id, s.zones, s.started_at) for s in d.sessions()] == [("s1", ("cheek",), T0)]
    names = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "sessions_by_time" in names


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    with pytest.raises(DataFileError, match="schema version"):
        Diary(path)


def test_not_a_database_is_a_data_file_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DataFileError):
        Diary(path)


def test_photo_hash_is_sha256_of_the_bytes(tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"abc")
    # SHA-256("abc") from FIPS 180-2, appendix B.1
    assert photo_from_path(photo).sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    with pytest.raises(InputError):
        photo_from_path(tmp_path / "missing.jpg")


def test_default_path_per_user() -> None:
    assert default_path().name == "diary.sqlite3"
    assert default_path("alice").parent.name == "alice"
    with pytest.raises(InputError):
        default_path("../etc")


_CHILD = """
import sys
from datetime import datetime, timezone, timedelta
from stimsafe.triage.diary import Diary
from stimsafe.triage.records import SessionRecord
t0 = datetime(2026, 11, 1, tzinfo=timezone.utc)
with Diary(sys.argv[1]) as d:
    i = 0
    while True:
        d.add_session(SessionRecord(id=f"k{i}", device_id="nuface-mini", zones=("cheek",), started_at=t0 + timedelta(minutes=i)))
        sys.stdout.write(f"k{i}\\n")  # reported only after the commit returned
        sys.stdout.flush()
        i += 1
"""


def test_sigkill_during_a_burst_loses_no_committed_entry(tmp_path: Path) -> None:
    path = tmp_path / "burst.sqlite3"
    Diary(path).close()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    committed: list[str] = []
    deadline = time.monotonic() + 20
    while len(committed) < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        committed.append(line.strip())
    os.kill(child.pid, signal.SIGKILL)
    rest = child.stdout.read()  # lines written before the kill count as committed too
    committed += [line for line in rest.split() if line]
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert len(committed) >= 40
    with Diary(path) as d:
        present = {s.id for s in d.sessions()}
    missing = [i for i in committed if i not in present]
    assert missing == []
