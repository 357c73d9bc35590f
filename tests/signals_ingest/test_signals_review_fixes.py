"""Regressions for the ingest review: split rows, lost devices, unaccounted rows, undated snapshots, code files.

Expected values are read off the inputs by hand (and off ../shared/data/maude_samples/foidev.txt, real FDA rows).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stimsafe.signals.harms import build_cases
from stimsafe.signals.ingest import ingest_paths
from stimsafe.signals.store import Store, open_store
from stimsafe.signals.synth import generate

_MASTER_HEADER = (
    "MDR_REPORT_KEY|EVENT_KEY|REPORT_NUMBER|DATE_RECEIVED|MANUFACTURER_ADDRESS_1|MANUFACTURER_CITY|"
    "MANUFACTURER_STATE|MANUFACTURER_NAME\r\n"
)


def _provenance(store: Store) -> tuple[object, ...]:
    row = store.connection.execute(
        "SELECT rows_read, rows_loaded, rows_rejected, rows_superseded, rows_padded, lines_joined FROM provenance "
        "ORDER BY source_id DESC LIMIT 1"
    ).fetchone()
    assert row is not None
    return tuple(row)


def test_number_after_a_newline_in_a_field_does_not_invent_a_report(tmp_path: Path) -> None:
    # the reviewer's repro: "ACME SUITE\n200" breaks before a number; 5 + 4 - 1 = 8 fields = the header's width
    path = tmp_path / "mdrfoi.txt"
    rows = "1000001|9|R-1|01/02/2020|ACME SUITE\r\n200|BOSTON|IN|ACME\r\n1000002|10|R-2|01/03/2020|1 MAIN ST|X|MA|OTHER\r\n"
    path.write_text(_MASTER_HEADER + rows, encoding="latin-1")
    with open_store(":memory:") as store:
        ingest_paths(store, [path])
        got = store.connection.execute("SELECT mdr_report_key, manufacturer_name FROM reports ORDER BY 1").fetchall()
        assert got == [(1000001, "ACME"), (1000002, "OTHER")]
        assert _provenance(store) == (2, 2, 0, 0, 0, 1)


def test_short_row_of_unknown_width_is_rejected_not_padded(tmp_path: Path) -> None:
    path = tmp_path / "mdrfoi.txt"
    rows = "1000003|11|R-3\r\n1000004|12|R-4|01/03/2020|1 MAIN ST|X|MA|OTHER\r\n"
    path.write_text(_MASTER_HEADER + rows, encoding="latin-1")
    with open_store(":memory:") as store:
        ingest_paths(store, [path])
        assert store.connection.execute("SELECT mdr_report_key FROM reports").fetchall() == [(1000004,)]
        assert _provenance(store) == (2, 1, 1, 0, 0, 0)
        line, reason = store.connection.execute("SELECT line_no, reason FROM rejects").fetchone() or (None, None)
        assert line == 2 and reason == "row has 3 fields; the header has 8, and master rows have 8"


def test_real_device_row_broken_before_a_number_is_rejoined(shared_dir: Path, tmp_path: Path) -> None:
    lines = (shared_dir / "data" / "maude_samples" / "foidev.txt").read_bytes().split(b"\r\n")
    assert lines[1].count(b"|") + 1 == 28 and b"|GM|79111|" in lines[1]
    lines[1] = lines[1].replace(b"|GM|79111|", b"|GM|791\r\n11|")  # the next line starts with "11|"
    path = tmp_path / "foidev.txt"
    path.write_bytes(b"\r\n".join(lines))
    with open_store(":memory:") as store:
        ingest_paths(store, [path])
        got = store.connection.execute(
            "SELECT product_code, device_operator FROM devices WHERE mdr_report_key = 1511544"
        ).fetchall()
        assert got == [("GXI", "0HP")]
        assert store.connection.execute("SELECT count(*) FROM devices").fetchone() == (5,)
        # 5 rows, 4 of them 28-field rows under the 45-column header (padded), one physical line joined
        assert _provenance(store) == (5, 5, 0, 0, 4, 1)


def _record(key: str, devices: list[dict[str, object]], last_updated: str | None = "2026-01-01") -> str:
    meta = {"last_updated": last_updated} if last_updated else {}
    return json.dumps({"meta": meta, "results": [{"mdr_report_key": key, "device": devices}]})


def test_openfda_devices_with_colliding_numbers_all_survive(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    devices: list[dict[str, object]] = [
        {"device_report_product_code": "NFO"},
        {"device_sequence_number": "1", "device_report_product_code": "NUH"},
    ]
    path.write_text(_record("777", devices))
    with open_store(":memory:") as store:
        ingest_paths(store, [path])
        got = store.connection.execute(
            "SELECT device_sequence_no, product_code, reported_sequence_no FROM devices ORDER BY 1"
        ).fetchall()
        assert got == [(1, "NFO", None), (2, "NUH", "1")]
        assert store.connection.execute("SELECT product_codes FROM reports").fetchone() == (["NFO", "NUH"],)


def test_openfda_distinct_numbers_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    devices: list[dict[str, object]] = [
        {"device_sequence_number": " 2.0", "device_report_product_code": "NFO"},
        {"device_sequence_number": " 1.0", "device_report_product_code": "NUH"},
    ]
    path.write_text(_record("778", devices))
    with open_store(":memory:") as store:
        ingest_paths(store, [path])
        got = store.connection.execute(
            "SELECT device_sequence_no, product_code, reported_sequence_no FROM devices ORDER BY 1"
        ).fetchall()
        assert got == [(1, "NUH", "1.0"), (2, "NFO", "2.0")]


def test_raw_rows_with_the_same_key_are_counted_as_superseded(tmp_path: Path) -> None:
    path = tmp_path / "foidev.txt"
    path.write_text(
        "MDR_REPORT_KEY|DEVICE_SEQUENCE_NO|DEVICE_REPORT_PRODUCT_CODE\r\n5|1|NFO\r\n5|1|NUH\r\n", encoding="latin-1"
    )
    with open_store(":memory:") as store:
        result = ingest_paths(store, [path])[0]
        assert (result.rows_read, result.rows_loaded, result.rows_rejected, result.rows_superseded) == (2, 1, 0, 1)
        assert store.connection.execute("SELECT product_code FROM devices").fetchall() == [("NUH",)]  # last row wins


@pytest.mark.parametrize("fmt", ["openfda", "maude"])
def test_every_row_read_is_accounted_for(tmp_path: Path, fmt: str) -> None:
    generate(tmp_path, 120, seed=3, signals={("NFO", "burn"): 4.0}, records_per_partition=50)
    with open_store(":memory:") as store:
        ingest_paths(store, sorted((tmp_path / fmt).iterdir()))
        rows = store.connection.execute(
            "SELECT format, rows_read, rows_loaded, rows_rejected, rows_superseded FROM provenance"
        ).fetchall()
    assert rows
    for fmt_name, read, loaded, rejected, superseded in rows:
        assert read == loaded + rejected + superseded, fmt_name


def test_openfda_record_repeated_in_a_file_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    records = [{"mdr_report_key": "1", "event_type": "Malfunction"}, {"mdr_report_key": "x"}]
    records.append({"mdr_report_key": "1", "event_type": "Injury"})
    path.write_text(json.dumps({"meta": {"last_updated": "2026-01-01"}, "results": records}))
    with open_store(":memory:") as store:
        result = ingest_paths(store, [path])[0]
        assert (result.rows_read, result.rows_loaded, result.rows_rejected, result.rows_superseded) == (3, 1, 1, 1)
        assert store.connection.execute("SELECT event_type FROM reports").fetchall() == [("Injury",)]


def test_file_without_last_updated_is_ordered_by_ingest(tmp_path: Path) -> None:
    dated = tmp_path / "dated.json"
    undated = tmp_path / "undated.json"
    older = tmp_path / "older.json"
    dated.write_text(_record("9", [{"device_report_product_code": "NFO"}], "2026-01-01"))
    undated.write_text(_record("9", [{"device_report_product_code": "NUH"}], None))
    older.write_text(_record("9", [{"device_report_product_code": "GXI"}], "2020-01-01"))
    with open_store(":memory:") as store:
        ingest_paths(store, [dated])
        result = ingest_paths(store, [undated])[0]
        assert (result.rows_loaded, result.rows_superseded) == (1, 0)
        assert store.connection.execute("SELECT product_code FROM devices").fetchall() == [("NUH",)]
        assert store.connection.execute("SELECT last_updated FROM reports").fetchone() == (None,)
        # an undated stored version cannot be shown to be newer: a dated file replaces it
        ingest_paths(store, [older])
        assert store.connection.execute("SELECT product_code FROM devices").fetchall() == [("GXI",)]


def test_ingest_paths_marks_cases_stale(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(_record("1", [{"device_report_product_code": "NFO"}]))
    second.write_text(_record("2", [{"device_report_product_code": "NFO"}]))
    with open_store(":memory:") as store:
        ingest_paths(store, [first])
        build_cases(store)
        assert store.get_meta("cases_stale") == "0"
        ingest_paths(store, [second])
        assert store.get_meta("cases_stale") == "1"


def test_code_file_terms_keep_commas_and_split_words(tmp_path: Path) -> None:
    path = tmp_path / "patientproblemcodes.csv"
    path.write_bytes(b'3001,Scar, Keloid\r\n4908,"Hyper\r\ntrophy"\r\n3002,"Burn, ""Thermal"""\r\n')
    with open_store(":memory:") as store:
        result = ingest_paths(store, [path])[0]
        got = store.connection.execute("SELECT code, term FROM problem_codes ORDER BY 1").fetchall()
        assert got == [("3001", "Scar, Keloid"), ("3002", 'Burn, "Thermal"'), ("4908", "Hypertrophy")]
        assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 3, 0)


def test_code_file_extra_header_columns_are_cut(tmp_path: Path) -> None:
    path = tmp_path / "deviceproblemcodes.csv"
    path.write_bytes(b"CODE,TERM,FLAG\r\n1069,Break, Crack,Y\r\n4018,Unintended Electrical Shock,\r\n")
    with open_store(":memory:") as store:
        ingest_paths(store, [path])
        got = store.connection.execute("SELECT kind, code, term FROM problem_codes ORDER BY 2").fetchall()
        assert got == [("device", "1069", "Break, Crack"), ("device", "4018", "Unintended Electrical Shock")]
