"""One regression test per defect found in the ingest path (issue 13): nothing silently lost or invented.

Each test builds its input by hand from the real record shapes in ../shared/data (openFDA example record, raw
MAUDE sample headers, recorded openFDA count and classification responses).
"""

from __future__ import annotations

import copy
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from stimsafe.errors import DataFileError, InputError
from stimsafe.signals.ingest import ingest_file, ingest_paths
from stimsafe.signals.store import Store, open_store

_HUGE = "99999999999999999999"  # > 2**63 - 1


def _record(key: int, code: str = "NFO") -> dict[str, Any]:
    return {
        "mdr_report_key": str(key),
        "event_key": str(key + 100),
        "date_received": "20200105",
        "event_type": "Injury",
        "device": [{"device_sequence_number": "1", "device_report_product_code": code, "brand_name": "B"}],
        "patient": [{"patient_sequence_number": "1", "patient_problems": ["Pain"]}],
        "mdr_text": [{"mdr_text_key": "1", "text_type_code": "Description of Event or Problem", "text": "PAIN."}],
    }


def _write_json(path: Path, records: list[Any]) -> Path:
    path.write_text(json.dumps({"meta": {"last_updated": "2024-01-01"}, "results": records}), encoding="utf-8")
    return path


def _rejects(store: Store) -> list[tuple[Any, ...]]:
    return store.connection.execute("SELECT line_no, reason, raw FROM rejects ORDER BY line_no").fetchall()


# --- numbers too large for the store ----------------------------------------------------------------------------


def test_openfda_key_too_large_is_a_counted_reject(tmp_path: Path) -> None:
    bad = _record(2)
    bad["mdr_report_key"] = _HUGE
    path = _write_json(tmp_path / "events.json", [_record(1), bad])
    with open_store(":memory:") as store:
        [result] = ingest_file(store, path)
        assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (2, 1, 1)
        [(_line, reason, _raw)] = _rejects(store)
        assert "mdr_report_key" in reason and _HUGE in reason
        assert store.connection.execute("SELECT mdr_report_key FROM reports").fetchall() == [(1,)]


def test_openfda_device_sequence_too_large_is_a_counted_reject(tmp_path: Path) -> None:
    bad = _record(2)
    bad["device"][0]["device_sequence_number"] = _HUGE
    path = _write_json(tmp_path / "events.json", [_record(1), bad])
    with open_store(":memory:") as store:
        [result] = ingest_file(store, path)
        assert (result.rows_loaded, result.rows_rejected) == (1, 1)
        [(_line, reason, _raw)] = _rejects(store)
        assert "device_sequence_number" in reason and _HUGE in reason


def test_maude_numbers_too_large_are_counted_rejects(tmp_path: Path) -> None:
    path = tmp_path / "foidev2020.txt"
    path.write_bytes(
        b"MDR_REPORT_KEY|DEVICE_SEQUENCE_NO|DEVICE_REPORT_PRODUCT_CODE\r\n"
        b"1|1|NFO\r\n" + _HUGE.encode() + b"|1|NFO\r\n3|" + _HUGE.encode() + b"|NFO\r\n"
    )
    with open_store(":memory:") as store:
        [result] = ingest_file(store, path)
        assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 1, 2)
        reasons = [r[1] for r in _rejects(store)]
        assert "MDR_REPORT_KEY" in reasons[0] and _HUGE in reasons[0]
        assert "DEVICE_SEQUENCE_NO" in reasons[1] and _HUGE in reasons[1]


# --- wrong nested types -------------------------------------------------------------------------------------------


def _set(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = record
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("device", 0, "device_report_product_code"), ["NFO"], "device_report_product_code"),
        (("event_type",), {"code": "IN"}, "event_type"),
        (("device",), "NFO stimulator", "device"),
        (("date_received",), "2020-13-45", "date_received"),
        (("patient", 0, "patient_sex"), ["Female"], "patient_sex"),
        (("mdr_text",), 7, "mdr_text"),
        (("mdr_text", 0, "text"), {"a": 1}, "text"),
        (("device", 0, "date_received"), "20201399", "date_received"),
    ],
)
def test_wrong_types_are_rejects_naming_file_record_field_value(
    tmp_path: Path, path: tuple[Any, ...], value: Any, field: str
) -> None:
    bad = _record(2)
    _set(bad, path, value)
    file = _write_json(tmp_path / "events.json", [_record(1), bad, _record(3)])
    with open_store(":memory:") as store:
        [result] = ingest_file(store, file)
        assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
        [(line, reason, _raw)] = _rejects(store)
        assert line == 2  # the record number within the file
        assert field in reason and "result #2" in reason
        assert json.dumps(value) in reason or repr(value) in reason
        codes = store.connection.execute("SELECT DISTINCT product_code FROM devices").fetchall()
        assert codes == [("NFO",)]  # never the text "['NFO']"
        keys = store.connection.execute("SELECT mdr_report_key FROM reports ORDER BY 1").fetchall()
        assert keys == [(1,), (3,)]


def test_maude_impossible_date_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "mdrfoi.txt"
    path.write_bytes(b"MDR_REPORT_KEY|EVENT_KEY|DATE_RECEIVED\r\n1|11|01/05/2020\r\n2|12|13/45/2020\r\n")
    with open_store(":memory:") as store:
        [result] = ingest_file(store, path)
        assert (result.rows_loaded, result.rows_rejected) == (1, 1)
        [(line, reason, _raw)] = _rejects(store)
        assert line == 3 and "DATE_RECEIVED" in reason and "13/45/2020" in reason


# --- a zip is one transaction ------------------------------------------------------------------------------------


def test_zip_with_a_bad_member_stores_nothing(tmp_path: Path) -> None:
    good = json.dumps({"meta": {}, "results": [_record(1)]})
    path = tmp_path / "device-event-0001-of-0002.json.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.json", good)
        archive.writestr("b.json", '{"meta": {}, "results": [')
    with open_store(":memory:") as store:
        with pytest.raises(DataFileError):
            ingest_file(store, path)
        assert store.connection.execute("SELECT count(*) FROM provenance").fetchone() == (0,)
        assert store.connection.execute("SELECT count(*) FROM reports").fetchone() == (0,)


# --- files that are not device/event data ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["device_event_count_product_problems_bilisoft.json", "device_classification_QFD.json"]
)
def test_other_openfda_responses_are_refused_by_shape(shared_dir: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / "events.json"
    path.write_bytes((shared_dir / "data" / "openfda_responses" / name).read_bytes())
    with open_store(":memory:") as store:
        with pytest.raises(DataFileError, match="device/event"):
            ingest_file(store, path)
        assert store.connection.execute("SELECT count(*) FROM provenance").fetchone() == (0,)


@pytest.mark.parametrize(("name", "body"), [("events.json", b"{}"), ("events.json", b""), ("mdrfoi.txt", b"")])
def test_empty_files_are_refused(tmp_path: Path, name: str, body: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    with open_store(":memory:") as store:
        with pytest.raises(DataFileError):
            ingest_file(store, path)
        assert store.connection.execute("SELECT count(*) FROM provenance").fetchone() == (0,)


# --- bytes -------------------------------------------------------------------------------------------------------


def _text_file(tmp_path: Path, body: bytes) -> Path:
    path = tmp_path / "foitext2020.txt"
    path.write_bytes(
        b"MDR_REPORT_KEY|MDR_TEXT_KEY|TEXT_TYPE_CODE|PATIENT_SEQUENCE_NUMBER|DATE_REPORT|FOI_TEXT\r\n" + body
    )
    return path


def test_maude_cp1252_bytes_decode_to_their_characters(tmp_path: Path) -> None:
    # 0x92 is the right single quote and 0x96 the en dash in Windows-1252 (latin-1 would give C1 controls)
    path = _text_file(tmp_path, b"1|10|D|1||PATIENT\x92S FACE \x96 DROOPED \xe9\r\n")
    with open_store(":memory:") as store:
        ingest_file(store, path)
        [(text,)] = store.connection.execute("SELECT text FROM narratives").fetchall()
    assert text == "PATIENT\u2019S FACE \u2013 DROOPED \u00e9"
    assert not any(0x80 <= ord(c) <= 0x9F for c in text)


def test_nul_bytes_are_not_stored(tmp_path: Path) -> None:
    path = _text_file(tmp_path, b"1|10|D|1||FACIAL\x00 DROOP\r\n")
    with open_store(":memory:") as store:
        ingest_file(store, path)
        [(text,)] = store.connection.execute("SELECT text FROM narratives").fetchall()
    assert "\x00" not in text and text == "FACIAL DROOP"


def test_nul_bytes_in_openfda_are_not_stored(tmp_path: Path) -> None:
    record = _record(1)
    record["mdr_text"][0]["text"] = "FACIAL\u0000 DROOP."
    path = _write_json(tmp_path / "events.json", [record])
    with open_store(":memory:") as store:
        ingest_file(store, path)
        [(text,)] = store.connection.execute("SELECT text FROM narratives").fetchall()
    assert text == "FACIAL DROOP."


# --- what a file holds is read from its content ---------------------------------------------------------------


def test_json_content_under_a_silent_name_is_read_as_openfda(tmp_path: Path) -> None:
    path = _write_json(tmp_path / "download.txt", [_record(1)])
    with open_store(":memory:") as store:
        [result] = ingest_file(store, path)
        assert result.format == "openfda" and result.rows_loaded == 1


def test_maude_master_named_as_device_file_is_refused_naming_both(tmp_path: Path) -> None:
    path = tmp_path / "DEVICE2020.txt"
    path.write_bytes(b"MDR_REPORT_KEY|EVENT_KEY|REPORT_NUMBER|DATE_RECEIVED|EVENT_TYPE\r\n1|2|3|01/01/2020|IN\r\n")
    with open_store(":memory:") as store:
        with pytest.raises(InputError, match="master") as caught:
            ingest_file(store, path)
        assert "--kind" in str(caught.value.hint)


def test_maude_text_under_a_json_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_bytes(b"MDR_REPORT_KEY|EVENT_KEY|DATE_RECEIVED\r\n1|2|01/01/2020\r\n")
    with open_store(":memory:") as store, pytest.raises(InputError, match="MAUDE"):
        ingest_file(store, path)


# --- the database file -----------------------------------------------------------------------------------------


def test_extension_autoload_is_off() -> None:
    with open_store(":memory:") as store:
        con = store.connection
        assert con.execute("SELECT current_setting('autoinstall_known_extensions')").fetchone() == (False,)
        assert con.execute("SELECT current_setting('autoload_known_extensions')").fetchone() == (False,)


def test_sqlite_file_as_db_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(InputError, match="SQLite") as caught:
        open_store(path)
    assert caught.value.value == str(path)


def _hold_read_only(path: Path) -> subprocess.Popen[str]:
    """Another process holding the database open read-only: a writer cannot open it now, a reader can."""
    code = (
        "import sys, duckdb; c = duckdb.connect(sys.argv[1], read_only=True); print('ready', flush=True); "
        "sys.stdin.read()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_status_and_run_work_on_a_store_others_read(tmp_path: Path) -> None:
    from stimsafe import api

    db = tmp_path / "signals.duckdb"
    path = _write_json(tmp_path / "events.json", [_record(1), _record(2, "ZZ1")])
    api.signals_ingest([path], db)
    holder = _hold_read_only(db)
    try:
        status = api.signals_status(db)
        assert status.data["counts"]["reports"] == 2
        out = api.signals_run(db, groups={"NFO": ("NFO",)})
        assert out["cells"]
        listed = api.signals_cases("pain", db)
        assert listed.data
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


# --- what the analysis shows ----------------------------------------------------------------------------------


def test_counts_by_year_keeps_undated_reports(tmp_path: Path) -> None:
    from stimsafe.signals.counting import counts_by_year
    from stimsafe.signals.harms import build_cases

    undated = _record(2)
    del undated["date_received"]
    path = _write_json(tmp_path / "events.json", [_record(1), undated])
    with open_store(":memory:") as store:
        ingest_paths(store, [path])
        build_cases(store)
        rows = counts_by_year(store.connection, ["NFO"], "pain")
    assert sum(n for _, _, n in rows) == 2
    assert sum(a for _, a, _ in rows) == 2
    assert None in [y for y, _, _ in rows]


def test_cases_show_the_narrative_that_matched(tmp_path: Path) -> None:
    from stimsafe.signals.harms import build_cases, list_cases

    record = copy.deepcopy(_record(1))
    record["patient"][0]["patient_problems"] = []
    record["mdr_text"] = [
        {"mdr_text_key": "1", "text_type_code": "Description of Event or Problem", "text": "DEVICE STOPPED."},
        {"mdr_text_key": "2", "text_type_code": "Additional Manufacturer Narrative", "text": "SHE HAD FACIAL DROOP."},
    ]
    path = _write_json(tmp_path / "events.json", [record])
    with open_store(":memory:") as store:
        ingest_paths(store, [path])
        build_cases(store)
        total, rows = list_cases(store, "facial_palsy")
    assert total == 1
    assert rows[0].narrative is not None and "FACIAL DROOP" in rows[0].narrative


def test_the_report_shows_one_narrative_per_case_the_one_that_matched(tmp_path: Path) -> None:
    """UX review: the signal report listed a report twice under a harm, once with a narrative about another harm."""
    from stimsafe.signals.counting import top_narratives
    from stimsafe.signals.harms import build_cases

    record = copy.deepcopy(_record(1))
    record["patient"][0]["patient_problems"] = []
    record["mdr_text"] = [
        {"mdr_text_key": "1", "text_type_code": "Description of Event or Problem", "text": "SHE HAD FACIAL DROOP."},
        {
            "mdr_text_key": "2",
            "text_type_code": "Additional Manufacturer Narrative",
            "text": "ALSO A BURN ON HER CHEEK.",
        },
    ]
    path = _write_json(tmp_path / "events.json", [record])
    with open_store(":memory:") as store:
        ingest_paths(store, [path])
        build_cases(store)
        burns = top_narratives(store.connection, ["NFO"], "burn")
        palsy = top_narratives(store.connection, ["NFO"], "facial_palsy")
    assert [text for _, text in burns] == ["ALSO A BURN ON HER CHEEK."]
    assert [text for _, text in palsy] == ["SHE HAD FACIAL DROOP."]
