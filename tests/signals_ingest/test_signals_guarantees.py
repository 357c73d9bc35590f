"""Idempotence, transactions, rejects, openFDA snapshot updates and planted synthetic truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stimsafe.errors import DataFileError
from stimsafe.signals.harms import build_cases, list_cases
from stimsafe.signals.ingest import ingest_paths
from stimsafe.signals.store import TABLES, Store, open_store
from stimsafe.signals.synth import generate

SIGNALS = {("NFO", "facial_palsy"): 40.0, ("NFO", "burn"): 4.0}


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("synth")
    truth = generate(out, 400, seed=7, signals=SIGNALS, records_per_partition=150)
    return out, truth


def _counts(store: Store) -> dict[str, int]:
    return {t: n for t, n in store.counts().items() if t != "provenance"}


@pytest.mark.parametrize("fmt", ["openfda", "maude"])
def test_ingesting_twice_changes_nothing(synth_dir: tuple[Path, object], fmt: str) -> None:
    files = sorted((synth_dir[0] / fmt).iterdir())
    with open_store(":memory:") as store:
        first = ingest_paths(store, files)
        before = store.counts()
        second = ingest_paths(store, files)
        assert all(r.skipped for r in second) and not any(r.skipped for r in first)
        assert store.counts() == before


@pytest.mark.parametrize("fmt", ["openfda", "maude"])
def test_planted_cases_are_recovered(synth_dir: tuple[Path, object], fmt: str) -> None:
    out, truth = synth_dir
    with open_store(":memory:") as store:
        ingest_paths(store, sorted((out / fmt).iterdir()))
        build_cases(store)
        con = store.connection
        assert con.execute("SELECT count(*) FROM reports").fetchone() == (400,)  # the duplicate record counted once
        assert con.execute("SELECT count(*) FROM rejects").fetchone() == (0,)
        got = con.execute(
            "SELECT d.product_code, c.harm_id, count(DISTINCT c.mdr_report_key) FROM cases c "
            "JOIN devices d USING (mdr_report_key) GROUP BY ALL"
        ).fetchall()
        assert {(p, h): n for p, h, n in got} == truth.case_counts  # type: ignore[attr-defined]
        products = dict(con.execute("SELECT product_codes[1], count(*) FROM reports GROUP BY 1").fetchall())
        assert products == truth.product_counts  # type: ignore[attr-defined]


def test_event_dedup_counts_fewer(synth_dir: tuple[Path, object]) -> None:
    with open_store(":memory:") as store:
        ingest_paths(store, sorted((synth_dir[0] / "openfda").iterdir()))
        by_report, _ = list_cases(store, "pain", dedup="report")
        by_event, _ = list_cases(store, "pain", dedup="event")
        events = store.connection.execute("SELECT count(DISTINCT event_key), count(*) FROM reports").fetchone()
        assert events is not None and events[0] < events[1]
        assert 0 < by_event <= by_report


def test_parquet_export_matches_tables(synth_dir: tuple[Path, object], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    with open_store(":memory:") as store:
        ingest_paths(store, sorted((synth_dir[0] / "maude").iterdir()))
        build_cases(store)
        written = store.export_parquet(tmp_path)
        counts = store.counts()
        meta_rows = len(store.connection.execute("SELECT * FROM meta").fetchall())
    assert set(written) == {*TABLES, "meta"}  # meta travels so a reader can refuse stale cases
    for table, path in written.items():
        assert pq.read_metadata(path).num_rows == (meta_rows if table == "meta" else counts[table])


def _page(records: list[dict[str, object]], last_updated: str) -> str:
    return json.dumps({"meta": {"last_updated": last_updated}, "results": records})


def _rec(key: str, event_type: str, text: str) -> dict[str, object]:
    return {
        "mdr_report_key": key,
        "event_type": event_type,
        "date_received": "20200102",
        "device": [{"device_sequence_number": " 1.0", "device_report_product_code": "NFO", "openfda": {}}],
        "mdr_text": [{"mdr_text_key": "1", "text_type_code": "Description of Event or Problem", "text": text}],
    }


def test_later_snapshot_replaces_and_older_is_superseded(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    old.write_text(_page([_rec("5", "Malfunction", "FIRST VERSION")], "2025-01-01"))
    new.write_text(_page([_rec("5", "Injury", "SECOND VERSION")], "2026-01-01"))
    with open_store(":memory:") as store:
        ingest_paths(store, [new])
        result = ingest_paths(store, [old])
        assert result[0].rows_superseded == 1
        row = store.connection.execute(
            "SELECT r.event_type, n.text, r.last_updated FROM reports r JOIN narratives n USING (mdr_report_key)"
        ).fetchall()
        assert [(e, t, str(d)) for e, t, d in row] == [("Injury", "SECOND VERSION", "2026-01-01")]
    with open_store(":memory:") as store:
        ingest_paths(store, [old, new])
        assert store.connection.execute("SELECT event_type FROM reports").fetchall() == [("Injury",)]
        assert store.connection.execute("SELECT count(*) FROM narratives").fetchone() == (1,)


def test_truncated_zip_leaves_store_unchanged(synth_dir: tuple[Path, object], tmp_path: Path) -> None:
    good = sorted((synth_dir[0] / "openfda").iterdir())[0]
    bad = tmp_path / "device-event-0001-of-0001.json.zip"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with open_store(":memory:") as store:
        before = store.counts()
        with pytest.raises(DataFileError) as caught:
            ingest_paths(store, [bad])
        assert str(bad) in caught.value.describe()
        assert store.counts() == before


def test_corrupt_zip_member_rolls_back(synth_dir: tuple[Path, object], tmp_path: Path) -> None:
    good = sorted((synth_dir[0] / "openfda").iterdir())[0]
    data = bytearray(good.read_bytes())
    data[200:260] = b"\x00" * 60  # damage the deflate stream, keep the directory
    bad = tmp_path / "broken.json.zip"
    bad.write_bytes(bytes(data))
    with open_store(":memory:") as store:
        with pytest.raises(DataFileError):
            ingest_paths(store, [bad])
        assert _counts(store)["reports"] == 0
        assert store.counts()["provenance"] == 0


def test_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "page.json"
    bad.write_text('{"meta": {},\n "results": [\n{"mdr_report_key": "1"},\n{"mdr_report_key": "2",,}\n]}')
    with open_store(":memory:") as store:
        with pytest.raises(DataFileError) as caught:
            ingest_paths(store, [bad])
        assert caught.value.location == f"{bad}:4"
        assert _counts(store)["reports"] == 0


def test_latin1_byte_in_json_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "page.json"
    bad.write_bytes(b'{"results": [{"mdr_report_key": "1", "manufacturer_name": "CAF\xc9"}]}')
    with open_store(":memory:") as store, pytest.raises(DataFileError, match="not UTF-8"):
        ingest_paths(store, [bad])


def test_latin1_and_overwide_rows_in_maude(tmp_path: Path) -> None:
    text = tmp_path / "foidev.txt"
    header = "MDR_REPORT_KEY|DEVICE_EVENT_KEY|DEVICE_SEQUENCE_NO|BRAND_NAME|DEVICE_REPORT_PRODUCT_CODE\r\n"
    rows = "1|| 1.0|CAF\xc9 LIFT|NFO\r\n2||1|TOO|WIDE|NFO\r\n3||1|OK|nfo\r\n"
    text.write_bytes((header + rows).encode("latin-1"))
    with open_store(":memory:") as store:
        result = ingest_paths(store, [text])[0]
        assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
        assert store.connection.execute("SELECT brand_name, product_code FROM devices ORDER BY 1").fetchall() == [
            ("CAFÉ LIFT", "NFO"),
            ("OK", "NFO"),
        ]
        reject = store.connection.execute("SELECT line_no, reason, raw FROM rejects").fetchone()
        assert reject == (3, "row has 6 fields; the header has 5", "2||1|TOO|WIDE|NFO")


def test_unknown_column_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "mdrfoi.txt"
    bad.write_text("MDR_REPORT_KEY|EVENT_KEY|NEW_COLUMN_2027\r\n1|2|3\r\n", encoding="latin-1")
    with open_store(":memory:") as store:
        with pytest.raises(DataFileError) as caught:
            ingest_paths(store, [bad])
        assert caught.value.field == "NEW_COLUMN_2027"
        assert caught.value.location == f"{bad}:1"
        assert store.counts()["provenance"] == 0


def test_newline_and_pipe_inside_narrative(tmp_path: Path) -> None:
    text = tmp_path / "foitext.txt"
    body = "MDR_REPORT_KEY|MDR_TEXT_KEY|TEXT_TYPE_CODE|PATIENT_SEQUENCE_NUMBER|DATE_REPORT|FOI_TEXT\r\n"
    body += "7|70|D|1||FIRST LINE\r\nSECOND LINE WITH A | PIPE\r\n8|80|D|1||OTHER\r\n"
    text.write_text(body, encoding="latin-1")
    with open_store(":memory:") as store:
        ingest_paths(store, [text])
        rows = store.connection.execute("SELECT mdr_report_key, text FROM narratives ORDER BY 1").fetchall()
        assert rows == [(7, "FIRST LINE\nSECOND LINE WITH A | PIPE"), (8, "OTHER")]
        assert store.connection.execute("SELECT lines_joined FROM provenance").fetchone() == (1,)


def test_parquet_export_carries_the_stale_cases_mark(synth_dir: tuple[Path, object], tmp_path: Path) -> None:
    """An export taken while harm cases are stale is refused by the Parquet reader; a current one is accepted."""
    pytest.importorskip("pyarrow.parquet")
    from stimsafe.errors import DataFileError
    from stimsafe.signals.spark.tables import require_current_parquet_cases

    with open_store(":memory:") as store:
        ingest_paths(store, sorted((synth_dir[0] / "maude").iterdir()))  # leaves cases stale until rebuilt
        store.export_parquet(tmp_path / "stale")
        build_cases(store)
        store.export_parquet(tmp_path / "current")
    with pytest.raises(DataFileError) as info:
        require_current_parquet_cases(tmp_path / "stale")
    assert info.value.field == "cases_stale"
    require_current_parquet_cases(tmp_path / "current")
