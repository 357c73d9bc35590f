"""A store that holds (almost) only the group cannot supply a background: the report says so and offers openFDA
count= queries as the labelled comparator (facts: surveillance.md §8.2)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from stimsafe import api


def _record(key: int, code: str) -> dict[str, object]:
    return {
        "mdr_report_key": str(key),
        "date_received": "20200105",
        "device": [{"device_sequence_number": "1", "device_report_product_code": code}],
        "patient": [{"patient_sequence_number": "1", "patient_problems": ["Pain"]}],
    }


def _store(tmp_path: Path, codes: list[str]) -> Path:
    path = tmp_path / "events.json"
    records = [_record(i, c) for i, c in enumerate(codes, start=1)]
    path.write_text(json.dumps({"meta": {}, "results": records}), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    api.signals_ingest([path], db)
    return db


def test_group_that_is_most_of_the_store_gets_a_warning_and_count_queries(tmp_path: Path) -> None:
    db = _store(tmp_path, ["NFO"] * 9 + ["NUH"])
    report = api.signals_report(db, groups={"NFO": ["NFO"]})
    text = " ".join(p for s in report.sections for p in s.paragraphs)
    assert "cannot supply a background" in text and "90%" in text
    urls = [w for w in text.split() if w.startswith("https://api.fda.gov/device/event.json?count=")]
    assert len(urls) == 2
    assert httpx.URL(urls[1]).params["search"] == 'device.device_report_product_code:"NFO"'


def test_a_small_group_gets_no_warning(tmp_path: Path) -> None:
    db = _store(tmp_path, ["NFO"] + ["NUH"] * 9)
    report = api.signals_report(db, groups={"NFO": ["NFO"]})
    assert "cannot supply a background" not in " ".join(p for s in report.sections for p in s.paragraphs)


def test_a_failed_prior_fit_on_a_small_store_is_explained(tmp_path: Path) -> None:
    db = _store(tmp_path, ["NFO"] * 3 + ["NUH"] * 3)
    report = api.signals_report(db, groups={"NFO": ["NFO"]})
    conventions = " ".join(next(s for s in report.sections if s.title == "Conventions").paragraphs)
    assert "MGPS not available" in conventions and "Why:" in conventions and "not identifiable" in conventions
