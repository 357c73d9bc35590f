"""Real data in one command, offline: ``signals fetch --family`` and ``signals download [--dry-run]`` against an
HTTP mock transport serving recorded real records (../shared/data/maude_samples/openfda_device_event_example.json)
and the manifest shape of ../shared/facts/surveillance.md §1.3."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from stimsafe import api
from stimsafe.signals.download import parse_manifest
from stimsafe.signals.openfda_query import Selection
from stimsafe.signals.store import open_store

NEXT = "https://api.fda.gov/device/event.json?search=x&limit=1000&search_after=0%3D1"


@pytest.fixture(scope="module")
def real_record(shared_dir: Path) -> dict[str, Any]:
    path = shared_dir / "data" / "maude_samples" / "openfda_device_event_example.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _page(record: dict[str, Any], key: str, code: str, total: int) -> bytes:
    rec = json.loads(json.dumps(record))
    rec["header"]["mdr_report_key"] = key
    rec["device"][0]["device_report_product_code"] = code
    meta = {"last_updated": "2026-11-20", "results": {"skip": 0, "limit": 1000, "total": total}}
    return json.dumps({"meta": meta, "results": [rec]}).encode()


def test_family_fetch_pages_records_provenance_and_ingests(real_record: dict[str, Any], tmp_path: Path) -> None:
    log: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request.url)
        if request.url.params.get("search_after"):
            return httpx.Response(200, content=_page(real_record, "2549345", "NYX", 2))
        return httpx.Response(
            200, content=_page(real_record, "2549344", "NFO", 2), headers={"Link": f'<{NEXT}>; rel="next"'}
        )

    seen: list[tuple[int, int | None]] = []
    db = tmp_path / "s.duckdb"
    report = api.signals_fetch(
        (),
        db,
        family="facial-stimulators",
        brands=["NuFACE"],
        cache_dir=tmp_path / "cache",
        client=httpx.Client(transport=httpx.MockTransport(handler)),
        progress=lambda done, total: seen.append((done, total)),
    )
    search = log[0].params["search"]
    for code in ("NFO", "NYX", "NUH", "GZJ", "QFD"):
        assert f'device.device_report_product_code:"{code}"' in search
    assert 'device.brand_name:"NUFACE"' in search and " OR " in search
    assert report.data["fetch"]["last_updated"] == "2026-11-20" and report.data["fetch"]["search"] == search
    assert seen[-1][1] == 2  # meta.results.total drives the bar
    with open_store(db, read_only=True) as store:
        assert store.counts()["reports"] == 2
        [(value,)] = store.connection.execute("SELECT value FROM meta WHERE key LIKE 'fetch:%'").fetchall()
    assert json.loads(value)["search"] == search


def test_selection_needs_something_and_checks_codes() -> None:
    from stimsafe.errors import InputError

    with pytest.raises(InputError):
        Selection.of([])
    with pytest.raises(InputError, match="three"):
        Selection.of(["NFOX"])
    with pytest.raises(InputError, match="family"):
        Selection.of([], family="toasters")


def _zip(records: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.json", json.dumps({"meta": {"last_updated": "2026-11-20"}, "results": records}))
    return buffer.getvalue()


def _bulk(real_record: dict[str, Any]) -> tuple[dict[str, Any], dict[str, bytes]]:
    files: dict[str, bytes] = {}
    parts = []
    for i, (quarter, key) in enumerate((("2019q4", "11"), ("2020q1", "12"), ("2021q2", "13"))):
        rec = json.loads(json.dumps(real_record))
        rec["header"]["mdr_report_key"] = key
        url = f"https://download.open.fda.gov/device/event/{quarter}/device-event-0001-of-0001.json.zip"
        files[url] = _zip([rec])
        parts.append({"display_name": f"{quarter} (part 1 of 1)", "file": url, "size_mb": 52.4 + i, "records": 1})
    manifest = {"meta": {"last_updated": "2026-11-20"}, "results": {"device": {"event": {
        "export_date": "2026-11-18", "total_records": 3, "partitions": parts}}}}  # fmt: skip
    return manifest, files


def _bulk_server(manifest: dict[str, Any], files: dict[str, bytes], log: list[httpx.Request]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request)
        if request.url.path == "/download.json":
            return httpx.Response(200, json=manifest)
        body = files[str(request.url)]
        start = int(request.headers.get("Range", "bytes=0-")[6:].rstrip("-") or 0)
        return httpx.Response(206 if start else 200, content=body[start:])

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_download_dry_run_shows_the_size_and_fetches_nothing(real_record: dict[str, Any], tmp_path: Path) -> None:
    manifest, files = _bulk(real_record)
    log: list[httpx.Request] = []
    report = api.signals_download(
        tmp_path / "s.duckdb", dry_run=True, since_year=2020, client=_bulk_server(manifest, files, log)
    )
    assert report.data["partitions"] == 2 and report.data["size_mb"] == pytest.approx(53.4 + 54.4)
    assert "108 MB" in report.summary[0]
    assert [r.url.path for r in log] == ["/download.json"]
    assert not (tmp_path / "s.duckdb").exists()


def test_download_resumes_records_checksums_and_ingests(real_record: dict[str, Any], tmp_path: Path) -> None:
    manifest, files = _bulk(real_record)
    folder = tmp_path / "bulk"
    first_url = manifest["results"]["device"]["event"]["partitions"][0]["file"]
    partial = folder / "device/event/2019q4/device-event-0001-of-0001.json.zip.partial"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(files[first_url][:40])  # an interrupted earlier run
    log: list[httpx.Request] = []
    db = tmp_path / "s.duckdb"
    api.signals_download(db, folder=folder, client=_bulk_server(manifest, files, log))
    assert log[1].headers["Range"] == "bytes=40-"
    sums = json.loads((folder / "checksums.json").read_text())
    import hashlib

    assert (
        sums["device/event/2019q4/device-event-0001-of-0001.json.zip"]["sha256"]
        == hashlib.sha256(files[first_url]).hexdigest()
    )
    with open_store(db, read_only=True) as store:
        assert store.counts()["reports"] == 3
    log.clear()
    api.signals_download(db, folder=folder, client=_bulk_server(manifest, files, log))
    assert [r.url.path for r in log] == ["/download.json"]  # complete files with matching size are not fetched again


def test_manifest_shape_is_checked() -> None:
    from stimsafe.errors import DataFileError

    with pytest.raises(DataFileError, match="manifest"):
        parse_manifest({"results": {"drug": {}}})


def test_cli_fetch_family_and_download_dry_run(
    real_record: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from stimsafe.cli.main import main

    manifest, _files = _bulk(real_record)
    page = _page(real_record, "2549344", "NFO", 1)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/download.json":
            return httpx.Response(200, json=manifest)
        return httpx.Response(200, content=page)

    real_client = httpx.Client
    monkeypatch.setattr(httpx, "Client", lambda **_: real_client(transport=httpx.MockTransport(handler)))
    db, cache = str(tmp_path / "s.duckdb"), str(tmp_path / "cache")
    argv = ["signals", "fetch", "--family", "facial-stimulators", "--db", db, "--cache-dir", cache, "--no-progress"]
    assert main([*argv, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["counts"]["reports"] == 1
    assert main(["signals", "download", "--dry-run", "--db", db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["partitions"] == 3
