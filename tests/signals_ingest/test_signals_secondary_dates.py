"""An impossible secondary date (event, report) keeps its report with that field empty, counted and named.

Real MAUDE holds odd secondary dates; rejecting the whole report would lose its device and harm counts. Key
dates (``date_received``) still reject the row (tests/signals_ingest/test_signals_defects.py).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from stimsafe.signals.ingest import ingest_file, ingest_paths
from stimsafe.signals.ingest.report import ingest_report, status_report
from stimsafe.signals.store import SCHEMA_VERSION, Store, open_store


def _record(key: int, date_of_event: str) -> dict[str, Any]:
    return {
        "mdr_report_key": str(key),
        "date_received": "20200105",
        "date_of_event": date_of_event,
        "event_type": "Injury",
        "device": [{"device_sequence_number": "1", "device_report_product_code": "NFO", "brand_name": "B"}],
        "patient": [{"patient_sequence_number": "1", "patient_problems": ["Facial paralysis"]}],
    }


def _field_rejects(store: Store) -> list[tuple[Any, ...]]:
    return store.connection.execute(
        "SELECT p.path, r.line_no, r.reason FROM rejects r JOIN provenance p USING (source_id) "
        "WHERE r.kind = 'field' ORDER BY r.line_no"
    ).fetchall()


def _one(store: Store, sql: str) -> Any:
    row = store.connection.execute(sql).fetchone()
    assert row is not None
    return row[0] if len(row) == 1 else row


def test_openfda_impossible_date_of_event_keeps_the_report(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    records = [_record(1, "20200101"), _record(2, "2020-13-45"), _record(3, "20200102")]
    path.write_text(json.dumps({"meta": {}, "results": records}), encoding="utf-8")
    with open_store(":memory:") as store:
        [result] = ingest_file(store, path)
        assert (result.rows_read, result.rows_loaded, result.rows_rejected, result.rows_superseded) == (3, 3, 0, 0)
        assert result.fields_rejected == 1
        assert _one(store, "SELECT date_of_event, date_received FROM reports WHERE mdr_report_key = 2") == (
            None,
            date(2020, 1, 5),
        )
        assert _one(store, "SELECT count(DISTINCT mdr_report_key) FROM devices WHERE product_code = 'NFO'") == 3
        assert _one(store, "SELECT count(*) FROM patient_problems WHERE mdr_report_key = 2") == 1
        [(file, line, reason)] = _field_rejects(store)
        assert file == str(path.resolve()) and line == 2
        assert "result #2" in reason and "date_of_event" in reason and "'2020-13-45'" in reason
        assert _one(store, "SELECT count(*) FROM rejects WHERE kind = 'row'") == 0
        summary = ingest_report(store, [result]).summary[0]
        assert "0 rejected" in summary and "1 impossible value" in summary
        status_rows = next(t for t in status_report(store).sections[0].tables if t.title.startswith("Rejected")).rows
        assert [row[3] for row in status_rows] == ["field"]


def test_raw_maude_impossible_date_of_event_keeps_the_report(tmp_path: Path) -> None:
    master = tmp_path / "mdrfoi.txt"
    master.write_bytes(
        b"MDR_REPORT_KEY|EVENT_KEY|DATE_RECEIVED|DATE_OF_EVENT|EVENT_TYPE\r\n"
        b"1|11|01/05/2020|01/01/2020|IN\r\n"
        b"2|12|01/06/2020|02/30/2020|IN\r\n"
    )
    devices = tmp_path / "foidev.txt"
    devices.write_bytes(
        b"MDR_REPORT_KEY|DEVICE_SEQUENCE_NO|DEVICE_REPORT_PRODUCT_CODE|DATE_RECEIVED\r\n"
        b"1|1|NFO|01/05/2020\r\n"
        b"2|1|NFO|01/06/2020\r\n"
    )
    with open_store(":memory:") as store:
        first, second = ingest_paths(store, [master, devices])
        assert (first.rows_read, first.rows_loaded, first.rows_rejected, first.fields_rejected) == (2, 2, 0, 1)
        assert (second.rows_loaded, second.rows_rejected, second.fields_rejected) == (2, 0, 0)
        assert _one(store, "SELECT date_of_event IS NULL, event_type FROM reports WHERE mdr_report_key = 2") == (
            True,
            "Injury",
        )
        assert _one(store, "SELECT count(*) FROM reports WHERE 'NFO' = ANY(product_codes)") == 2
        [(file, line, reason)] = _field_rejects(store)
        assert file == str(master.resolve()) and line == 3  # the header is line 1
        assert "DATE_OF_EVENT" in reason and "'02/30/2020'" in reason


def test_a_version_1_store_gains_the_kind_column(tmp_path: Path) -> None:
    db = tmp_path / "signals.duckdb"
    with open_store(db) as store:  # make a version-1 store: no rejects.kind
        con = store.connection
        con.execute("ALTER TABLE rejects DROP COLUMN kind")
        con.execute(
            "INSERT INTO provenance VALUES (1, 'old.txt', NULL, 'x', 1, 'maude-master', NULL, now(), 1, 0, 1, 0, 0, 0)"
        )
        con.execute("INSERT INTO rejects VALUES (1, 7, 'old reason', 'raw')")
        store.set_meta("schema_version", "1")
    with open_store(db, read_only=True) as store:  # status works on the old store unchanged
        rows = next(t for t in status_report(store).sections[0].tables if t.title.startswith("Rejected")).rows
        assert [(row[2], row[3]) for row in rows] == [(7, "row")]
    with open_store(db) as store:
        assert store.get_meta("schema_version") == str(SCHEMA_VERSION) == "2"
        assert _one(store, "SELECT kind FROM rejects") == "row"
