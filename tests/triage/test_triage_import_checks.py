"""Review finding 18: diary import checks device, zone and sign ids and photo paths as the add paths do, all or
nothing, and the error names the record, the field, the value and a fix."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from stimsafe.errors import DataFileError
from stimsafe.triage.diary import Diary
from stimsafe.triage.diary.exchange import export_data, import_data
from stimsafe.triage.records import Photo, SessionRecord, SymptomRecord

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _export() -> dict[str, Any]:
    with Diary(":memory:") as d:
        d.add_session(SessionRecord(id="s1", device_id="nuface-mini", zones=("cheek",), started_at=T0))
        d.add_symptom(
            SymptomRecord(
                id="y1",
                kind="burn",
                onset_at=T0,
                development="hours",
                signs=("burn", "blister"),
                photos=(Photo(path="/home/me/burn.jpg", sha256="0" * 64),),
            )
        )
        return export_data(d)


GOOD = _export()


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("sessions", 0, "device_id"), "no-such-device", "sessions.0.device_id"),
        (("sessions", 0, "zones"), ["cheek", "elbow"], "sessions.0.zones.1"),
        (("sessions", 0, "zones"), ["carotid"], "sessions.0.zones.0"),
        (("symptoms", 0, "kind"), "sneezing", "symptoms.0.kind"),
        (("symptoms", 0, "signs"), ["burn", "not_a_sign"], "symptoms.0.signs.1"),
        (("symptoms", 0, "development"), "over hours", "symptoms.0.development"),
        (("symptoms", 0, "photos", 0, "path"), "https://evil.example/x.jpg", "symptoms.0.photos.0.path"),
        (("symptoms", 0, "photos", 0, "path"), "../../etc/passwd", "symptoms.0.photos.0.path"),
        (("symptoms", 0, "photos", 0, "path"), "/home/me/../../etc/passwd", "symptoms.0.photos.0.path"),
        (("symptoms", 0, "photos", 0, "path"), "/home/me/a\nb.jpg", "symptoms.0.photos.0.path"),
    ],
)
def test_a_bad_id_or_path_is_refused_and_nothing_is_written(path: tuple[Any, ...], value: Any, field: str) -> None:
    data = copy.deepcopy(GOOD)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with Diary(":memory:") as d:
        with pytest.raises(DataFileError) as caught:
            import_data(d, data, location="x.json")
        error = caught.value
        assert (error.field, error.location) == (field, "x.json")
        assert error.value is not None and error.hint and "Nothing was imported" in error.message
        assert d.sessions() == [] and d.symptoms() == []


def test_a_good_export_still_imports_and_aliases_resolve() -> None:
    data = copy.deepcopy(GOOD)
    data["symptoms"][0]["photos"][0]["path"] = "C:\\Users\\me\\burn.jpg"  # an export from Windows is fine
    data["sessions"][0]["zones"] = ["cheek", "periorbital"]  # alias of eyes in the zone catalogue
    with Diary(":memory:") as d:
        assert import_data(d, data) == {"sessions": 1, "symptoms": 1, "skipped": 0}
        assert d.sessions()[0].zones == ("cheek", "eyes")
