"""Field-level checks on every real record in ../shared/data/maude_samples (values read off the files by hand)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from stimsafe.signals.harms import build_cases
from stimsafe.signals.ingest import ingest_paths
from stimsafe.signals.store import Store, open_store

RAW = ("mdrfoi.txt", "foidev.txt", "foitext.txt", "patient.txt")


@pytest.fixture
def raw_store(shared_dir: Path) -> Store:
    store = open_store(":memory:")
    ingest_paths(store, [shared_dir / "data" / "maude_samples" / name for name in RAW])
    build_cases(store)
    return store


def _one(store: Store, sql: str, *params: object) -> tuple[object, ...]:
    row = store.connection.execute(sql, list(params)).fetchone()
    assert row is not None
    return tuple(row)


def test_master_rows(raw_store: Store) -> None:
    assert _one(raw_store, "SELECT count(*) FROM reports") == (2,)
    row = _one(
        raw_store,
        "SELECT report_number, event_key, date_received, date_of_event, event_type, report_source, source_type, "
        "manufacturer_name, year FROM reports WHERE mdr_report_key = 1511544",
    )
    assert row == (
        "3007582679-2009-00011",
        "1438713",
        date(2009, 10, 8),
        date(2009, 9, 8),
        "Injury",
        "Manufacturer report",
        "Health Professional",
        "STRYKER NAVIGATION",
        2009,
    )
    assert _one(raw_store, "SELECT report_number, event_key FROM reports WHERE mdr_report_key = 538836") == (
        "2248721-2004-00001",
        "511587",
    )


def test_device_rows_keep_literal_quotes_and_short_rows(raw_store: Store) -> None:
    row = _one(
        raw_store,
        "SELECT device_sequence_no, brand_name, generic_name, product_code, date_received "
        "FROM devices WHERE mdr_report_key = 1511544",
    )
    assert row == (1, '"""TC 410, 20 GAUGE, 10MM DISPOS"', "PROBE, RADIOFREQUENCY LESION", "GXI", date(2009, 10, 8))
    assert _one(
        raw_store, "SELECT device_event_key, product_code, model_number FROM devices WHERE mdr_report_key = 538836"
    ) == ("528112", "JPA", "401 / K-ACT")
    # the four 28-field rows under the 45-column 2014 header are padded, not rejected
    assert _one(raw_store, "SELECT rows_padded, rows_rejected FROM provenance WHERE format = 'maude-device'") == (4, 0)
    assert _one(raw_store, "SELECT product_codes FROM reports WHERE mdr_report_key = 1511544") == (["GXI"],)


def test_burn_narrative_of_1511544(raw_store: Store) -> None:
    text = _one(
        raw_store, "SELECT text, text_type FROM narratives WHERE mdr_report_key = 1511544 AND mdr_text_key = '1308867'"
    )
    assert text[0] == (
        "AT THE END OF AN RF PROCEDURE, IT WAS NOTICED THAT THE PT SUSTAINED A SECOND DEGREE BURN WHERE THE NEEDLE "
        "WAS PLACED IN A SKIN FOLD ON THE BACK. THE BURN WAS 2 CM IN SIZE AND LOCATED IN THE LUMBAR REGION. THE BURN "
        "WAS TREATED WITH NEOSPORIN AND TEGADERM DRESSING. ORAL ANTIBIOTICS WERE ALSO PRESCRIBED. SCARRING IS EXPECTED."
    )
    assert text[1] == "Description of Event or Problem"
    assert _one(raw_store, "SELECT count(*) FROM narratives") == (10,)
    cases = raw_store.connection.execute("SELECT mdr_report_key, harm_id, matched_by FROM cases").fetchall()
    assert cases == [(1511544, "burn", "narrative")]


def test_patient_outcomes(raw_store: Store) -> None:
    assert _one(raw_store, "SELECT outcomes FROM patients WHERE mdr_report_key = 538836") == (
        "Life Threatening; Required Intervention",
    )
    assert _one(raw_store, "SELECT outcomes FROM patients WHERE mdr_report_key = 1511541") == (None,)


def test_openfda_example_record(shared_dir: Path) -> None:
    with open_store(":memory:") as store:
        ingest_paths(store, [shared_dir / "data" / "maude_samples" / "openfda_device_event_example.json"])
        row = _one(
            store,
            "SELECT report_number, event_type, report_source, date_received, date_of_event, source_type, "
            "type_of_report, product_problem_flag, adverse_event_flag FROM reports WHERE mdr_report_key = 2549344",
        )
        assert row == (
            "2024168-2012-02668",
            "Malfunction",
            "Manufacturer report",
            date(2012, 4, 26),
            date(2012, 4, 2),
            "Foreign; Health Professional; Company representation",
            "Initial submission; Followup",
            "Y",
            "N",
        )
        # the padded sequence number " 1.0" becomes 1; the openfda block is harmonised
        dev = _one(store, "SELECT device_sequence_no, product_code, brand_name, device_class, device_name FROM devices")
        assert dev == (
            1,
            "NIQ",
            "XIENCE V EVEROLIMUS ELUTING CORONARY STENT SYSTEM",
            "3",
            "Coronary Drug-Eluting Stent",
        )
        assert _one(store, "SELECT count(*), count(DISTINCT text_type) FROM narratives") == (3, 2)
        assert _one(store, "SELECT treatment FROM patients") == ("GUIDE WIRE: SION",)


def test_wide_sample_record(shared_dir: Path) -> None:
    with open_store(":memory:") as store:
        ingest_paths(store, [shared_dir / "data" / "maude_samples" / "wide_sample.json"])
        assert _one(store, "SELECT event_type, date_received, date_report, event_key FROM reports") == (
            "Injury",
            date(2004, 8, 1),
            date(2004, 6, 18),
            "511587",
        )
        assert _one(store, "SELECT device_event_key, product_code, device_sequence_no FROM devices") == (
            "528112",
            "JPA",
            1,
        )
        assert _one(store, "SELECT mdr_text_key FROM narratives") == ("1861364",)
