"""openFDA bulk download of ``device/event``: the ``download.json`` manifest, resumable partition downloads.

Manifest facts (../shared/facts/surveillance.md §1.3): ``https://api.fda.gov/download.json`` holds
``results.device.event.{export_date, total_records, partitions[]}``, each partition ``{display_name, file, size_mb,
records}``; files are zipped JSON in the query-result format, per quarter, at most 100,000 records each; the whole
set was 10,874 MB zipped in 2023. openFDA publishes no checksums, so the SHA-256 of what was received is recorded in
``checksums.json`` beside the files: a second run skips a file whose size and checksum still match.

A partition is downloaded to ``<name>.partial`` and renamed when complete and readable as a zip; an interrupted
download resumes with an HTTP ``Range`` request.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from stimsafe.errors import DataFileError
from stimsafe.signals.ingest.loader import sha256_of

MANIFEST_URL = "https://api.fda.gov/download.json"
ByteProgress = Callable[[int, int], None]
"""Called with (bytes received of all partitions, bytes expected in all) while downloading."""


@dataclass(frozen=True)
class Partition:
    """One file of the bulk set."""

    display_name: str
    url: str
    size_mb: float
    records: int

    @property
    def relative_path(self) -> str:
        """The path under ``download.open.fda.gov`` (``device/event/2020q1/device-event-0001-of-0004.json.zip``)."""
        return httpx.URL(self.url).path.lstrip("/")


@dataclass(frozen=True)
class Manifest:
    """The ``device/event`` part of ``download.json``."""

    export_date: str | None
    total_records: int | None
    partitions: tuple[Partition, ...]

    def since(self, year: int | None) -> tuple[Partition, ...]:
        """Partitions of ``year`` or later (by the ``<yyyy>q<n>`` folder), or all of them."""
        if year is None:
            return self.partitions
        return tuple(p for p in self.partitions if _year_of(p) is None or (_year_of(p) or 0) >= year)


def _year_of(partition: Partition) -> int | None:
    for part in partition.relative_path.split("/"):
        if len(part) >= 4 and part[:4].isdigit():
            return int(part[:4])
    return None


def parse_manifest(data: Any, location: str = MANIFEST_URL) -> Manifest:
    """The device/event manifest from the parsed ``download.json``.

    Raises
    ------
    DataFileError
        The document does not have the manifest's shape.
    """
    event = data.get("results", {}).get("device", {}).get("event") if isinstance(data, dict) else None
    if not isinstance(event, dict) or not isinstance(event.get("partitions"), list):
        raise DataFileError(
            "Not an openFDA download manifest: results.device.event.partitions is missing.",
            location=location,
            hint="Check the URL (https://api.fda.gov/download.json).",
        )
    out = []
    for i, p in enumerate(event["partitions"]):
        if not isinstance(p, dict) or not isinstance(p.get("file"), str):
            raise DataFileError("A manifest partition has no file URL.", field=f"partitions[{i}]", location=location)
        size_mb, records = float(p.get("size_mb") or 0), int(p.get("records") or 0)
        out.append(Partition(str(p.get("display_name", "")), p["file"], size_mb, records))
    return Manifest(event.get("export_date"), event.get("total_records"), tuple(out))


def fetch_manifest(client: httpx.Client, url: str = MANIFEST_URL) -> Manifest:
    """GET and parse the manifest."""
    try:
        response = client.get(url)
    except httpx.TransportError as error:
        raise DataFileError(f"openFDA could not be reached: {error}", location=url, hint="Retry later.") from None
    if response.status_code != 200:
        raise DataFileError(f"openFDA answered HTTP {response.status_code}.", location=url, hint="Retry later.")
    try:
        return parse_manifest(response.json(), url)
    except ValueError:
        raise DataFileError("The manifest is not JSON.", location=url, hint="Retry later.") from None


@dataclass
class _Done:
    total: int
    done: int = 0


def download_partitions(
    partitions: tuple[Partition, ...], folder: Path | str, client: httpx.Client, *, progress: ByteProgress | None = None
) -> list[Path]:
    """Download (or resume, or skip when the recorded checksum matches) every partition; return the file paths."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    sums_path = root / "checksums.json"
    sums: dict[str, Any] = json.loads(sums_path.read_text(encoding="utf-8")) if sums_path.is_file() else {}
    tally = _Done(int(sum(p.size_mb for p in partitions) * 1e6))
    paths = []
    for part in partitions:
        target = root / part.relative_path
        known = sums.get(part.relative_path)
        if not (known and target.is_file() and target.stat().st_size == known["bytes"]):
            _download_one(part, target, client, tally, progress)
            sums[part.relative_path] = {"sha256": sha256_of(target), "bytes": target.stat().st_size, "url": part.url}
            _write_json(sums_path, sums)
        paths.append(target)
    return paths


def _write_json(path: Path, data: Any) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(partial, path)


def _download_one(
    part: Partition, target: Path, client: httpx.Client, tally: _Done, progress: ByteProgress | None
) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    have = partial.stat().st_size if partial.is_file() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with client.stream("GET", part.url, headers=headers) as response:
            if response.status_code not in (200, 206):
                raise DataFileError(
                    f"openFDA answered HTTP {response.status_code}.", location=part.url, hint="Retry later."
                )
            mode = "ab" if response.status_code == 206 else "wb"
            tally.done += have if mode == "ab" else 0
            with partial.open(mode) as out:
                for block in response.iter_bytes(1 << 20):
                    out.write(block)
                    tally.done += len(block)
                    if progress is not None:
                        progress(tally.done, max(tally.total, tally.done))
    except httpx.TransportError as error:
        raise DataFileError(
            f"The download stopped ({error}); run the command again to resume.", location=part.url
        ) from None
    if not zipfile.is_zipfile(partial):
        partial.unlink()
        raise DataFileError("The downloaded file is not a complete zip.", location=part.url, hint="Run again.")
    os.replace(partial, target)
