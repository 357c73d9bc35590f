"""Review findings 3 and 6 end to end: stale harm cases are rebuilt or refused; a = 0 cells are reported."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from stimsafe import api
from stimsafe.errors import DataFileError
from stimsafe.signals.ingest import ingest_paths
from stimsafe.signals.store import open_store


def _record(key: int, code: str, text: str) -> dict[str, object]:
    return {
        "mdr_report_key": str(key),
        "event_type": "Injury",
        "date_received": "20240102",
        "device": [{"device_sequence_number": "1", "device_report_product_code": code, "openfda": {}}],
        "mdr_text": [{"mdr_text_key": str(key), "text_type_code": "Description of Event or Problem", "text": text}],
    }


def _good_page(path: Path) -> Path:
    """39 NFO reports without a burn and 30 NUH reports that all describe a burn (the reviewer's repro)."""
    records = [_record(k, "NFO", "THE DEVICE STOPPED WORKING.") for k in range(1, 40)]
    records += [_record(k, "NUH", "THE USER HAD A BURN ON THE CHEEK.") for k in range(40, 70)]
    path.write_text(json.dumps({"meta": {"last_updated": "2025-01-01"}, "results": records}), encoding="utf-8")
    return path


def _meta(db: Path, key: str) -> str | None:
    with open_store(db, read_only=True) as store:
        return store.get_meta(key)


def test_failed_ingest_keeps_cases_current_and_zero_cell_is_shown(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    bad = tmp_path / "bad.json"
    bad.write_text('{"results": [', encoding="utf-8")
    with pytest.raises(DataFileError):
        api.signals_ingest([_good_page(tmp_path / "good.json"), bad], db)
    assert _meta(db, "cases_stale") == "0"  # the cases of good.json were built before the error propagated
    out = api.signals_run(db, groups={"NFO": ["NFO"]})
    assert out["n_total"] == 69
    burn = next(c for c in out["cells"] if c["harm"] == "burn")
    # hand count: a = 0, b = 39, c = 30, d = 0; E = 39 * 30 / 69
    assert (burn["a"], burn["b"], burn["c"], burn["d"]) == (0, 39, 30, 0)
    assert burn["E"] == pytest.approx(39 * 30 / 69) and burn["prr"] == 0.0
    assert burn["undefined"]  # the reasons say why the intervals are undefined
    palsy = next(c for c in out["cells"] if c["harm"] == "facial_palsy")  # no case anywhere: still a row
    assert palsy["a"] == 0 and palsy["E"] == 0.0 and palsy["ebgm"] is None and "E = 0" in palsy["undefined"]["ebgm"]
    assert "a + c = 0" in palsy["undefined"]["harm"]  # 0/0, not the "PRR is infinite" of c = 0 alone


def _stale_store(tmp_path: Path) -> Path:
    """A store whose reports were committed but whose cases were never built (an ingest killed half-way)."""
    db = tmp_path / "stale.duckdb"
    with open_store(db) as store:
        ingest_paths(store, [_good_page(tmp_path / "good.json")])
        assert store.get_meta("cases_stale") == "1"
    return db


def test_stale_cases_are_refused_with_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _stale_store(tmp_path)
    with pytest.raises(DataFileError) as info:
        api.signals_run(db, groups={"NFO": ["NFO"]})
    assert info.value.field == "cases_stale" and info.value.location == str(db)
    assert "signals ingest" in (info.value.hint or "") and "--rebuild-cases" in (info.value.hint or "")
    from stimsafe.cli.main import main

    assert main(["signals", "report", "--db", str(db)]) == 4  # DataFileError's exit code, a message, no traceback
    err = capsys.readouterr().err
    assert "out of date" in err and "--rebuild-cases" in err and "Traceback" not in err


def test_rebuild_cases_option_rebuilds_then_counts(tmp_path: Path) -> None:
    db = _stale_store(tmp_path)
    out = api.signals_run(db, groups={"NUH": ["NUH"]}, rebuild_cases=True)
    burn = next(c for c in out["cells"] if c["harm"] == "burn")
    assert burn["a"] == 30 and _meta(db, "cases_stale") == "0"
    assert api.signals_run(db, groups={"NUH": ["NUH"]})["n_total"] == 69  # current now: no refusal


def test_parquet_from_a_stale_store_is_refused(tmp_path: Path) -> None:
    db = _stale_store(tmp_path)
    folder = tmp_path / "pq"
    with open_store(db, read_only=True) as store:
        store.export_parquet(folder)
        store.connection.execute(f"COPY meta TO '{folder / 'meta.parquet'}' (FORMAT PARQUET)")
    with pytest.raises(DataFileError) as info:
        api.signals_run(parquet=folder, groups={"NFO": ["NFO"]})
    assert info.value.field == "cases_stale" and "export it again" in (info.value.hint or "")
    duckdb.sql(f"COPY (SELECT 'cases_stale' AS key, '0' AS value) TO '{folder / 'meta.parquet'}' (FORMAT PARQUET)")
    assert api.signals_run(parquet=folder, groups={"NFO": ["NFO"]})["n_total"] == 69
