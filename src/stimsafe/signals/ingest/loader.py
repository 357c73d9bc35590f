"""Ingest files into the store: one transaction per file (a zip and all its members), idempotent by content hash.

A file whose SHA-256 (and zip member) is already in ``provenance`` is skipped. Any error while reading or
merging rolls the whole file back and names the file and line; malformed rows are not errors: they are kept in
``rejects`` with the reason and counted in ``provenance.rows_rejected``. A bad secondary value (an impossible
``date_of_event``) keeps its row with that field empty: a ``rejects`` row of kind ``field``, counted in
:attr:`FileResult.fields_rejected`, while the row counts as loaded.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from stimsafe.errors import DataFileError, InputError
from stimsafe.signals.ingest import merge
from stimsafe.signals.ingest.maude import read_maude
from stimsafe.signals.ingest.maude_rows import read_codes
from stimsafe.signals.ingest.maude_text import MaudeLines
from stimsafe.signals.ingest.openfda import read_openfda
from stimsafe.signals.ingest.sink import Sink
from stimsafe.signals.ingest.sniff import choose_format
from stimsafe.signals.store import Store

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes total) while a file is read."""


@dataclass(frozen=True)
class FileResult:
    """The outcome of one file (or zip member)."""

    path: str
    member: str | None
    format: str
    skipped: bool
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_superseded: int = 0
    source_id: int | None = None
    fields_rejected: int = 0
    """Bad values in loaded rows, stored empty (impossible secondary dates); the rows count as loaded."""

    @property
    def name(self) -> str:
        """``path`` or ``path!member``."""
        return f"{self.path}!{self.member}" if self.member else self.path


class _Counting(io.RawIOBase):
    """A binary reader that reports progress as bytes are consumed."""

    def __init__(self, raw: IO[bytes], total: int, progress: Progress | None) -> None:
        self._raw, self._total, self._progress, self._done = raw, total, progress, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._done += len(data)
        if self._progress is not None:
            self._progress(self._done, self._total)
        return len(data)


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _opened(path: Path) -> Iterator[list[tuple[str | None, int, Callable[[], IO[bytes]]]]]:
    """The members to read: ``(member name or None, size, opener)``."""
    if path.suffix.lower() != ".zip":
        size = path.stat().st_size
        with path.open("rb") as handle:
            yield [(None, size, lambda: handle)]
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise DataFileError(
            f"Not a complete zip archive ({error}).", location=str(path), hint="Re-download the file."
        ) from None
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        yield [(i.filename, i.file_size, lambda i=i: archive.open(i)) for i in members]  # type: ignore[misc]


def ingest_file(
    store: Store, path: Path | str, *, kind: str | None = None, progress: Progress | None = None
) -> list[FileResult]:
    """Ingest one file in one transaction: a zip's members load together or not at all.

    Raises
    ------
    InputError
        The path does not exist or its kind cannot be told (or its name and content disagree).
    DataFileError
        The file is empty, unreadable, truncated or invalid; the store is left as it was.
    """
    file = Path(path).resolve()
    if not file.is_file():
        raise InputError("No such file.", field="PATH", value=str(path), hint="Check the path.")
    digest = sha256_of(file)
    results: list[FileResult] = []
    with _opened(file) as members, store.transaction():
        for member, size, opener in members:
            where = f"{file}!{member}" if member else str(file)
            if _already(store, digest, member):
                results.append(FileResult(str(file), member, kind or "", skipped=True))
                continue
            try:
                with opener() as raw:
                    stream = io.BufferedReader(_Counting(raw, size, progress), buffer_size=1 << 20)
                    fmt = choose_format(member or file.name, kind, stream.peek(1 << 16)[: 1 << 16], where)
                    results.append(_ingest_stream(store, stream, fmt, (file, member, digest, size), where))
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
                raise DataFileError(
                    f"The file is truncated or corrupt ({error}); nothing from it was stored.",
                    location=where,
                    hint="Re-download the file.",
                ) from None
    return results


def _already(store: Store, digest: str, member: str | None) -> bool:
    row = store.connection.execute(
        "SELECT count(*) FROM provenance WHERE sha256 = ? AND member IS NOT DISTINCT FROM ?", [digest, member]
    ).fetchone()
    return bool(row and row[0])


def _ingest_stream(
    store: Store, stream: IO[bytes], fmt: str, ident: tuple[Path, str | None, str, int], where: str
) -> FileResult:
    """Read one stream into staging and merge it (inside the caller's transaction)."""
    file, member, digest, size = ident
    con = store.connection
    row = con.execute("SELECT coalesce(max(source_id), 0) + 1 FROM provenance").fetchone()
    source_id = int(row[0]) if row else 1
    sink = Sink(con)
    sink.create_staging()
    counts = _read(stream, fmt, sink, where)
    sink.flush()
    if fmt == "openfda":
        loaded, superseded = merge.merge_openfda(con, source_id, counts["last_updated"])
    else:
        loaded, superseded = merge.merge_table(con, _TABLE_OF[fmt], source_id)
    merge.resolve_terms(con)
    merge.refresh_derived(con, ("reports",) if fmt == "openfda" else (_TABLE_OF[fmt],))
    sink.drop_staging()
    _insert_rejects(con, source_id, sink)
    con.execute(
        "INSERT INTO provenance VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source_id,
            str(file),
            member,
            digest,
            size,
            "openfda-json" if fmt == "openfda" else f"maude-{fmt}",
            counts["last_updated"],
            datetime.now(),
            counts["rows"],
            loaded,
            len(sink.rejects),
            superseded,
            counts["padded"],
            counts["joined"],
        ],
    )
    store.set_meta("cases_stale", "1")
    rejected = len(sink.rejects)
    fields = len(sink.field_problems)
    return FileResult(str(file), member, fmt, False, counts["rows"], loaded, rejected, superseded, source_id, fields)


def _insert_rejects(con: Any, source_id: int, sink: Sink) -> None:
    rows = [[source_id, r.line_no, r.reason, r.raw, "row"] for r in sink.rejects]
    rows += [[source_id, r.line_no, r.reason, r.raw, "field"] for r in sink.field_problems]
    if rows:
        con.executemany("INSERT INTO rejects (source_id, line_no, reason, raw, kind) VALUES (?, ?, ?, ?, ?)", rows)


def _read(stream: IO[bytes], fmt: str, sink: Sink, where: str) -> dict[str, Any]:
    if fmt == "openfda":
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict")
        try:
            stats = read_openfda(text, sink, where)
        except UnicodeDecodeError as error:
            raise DataFileError(
                f"The JSON is not UTF-8 ({error.reason} at byte {error.start} of a read block).",
                location=where,
                hint="openFDA files are UTF-8; re-download the file or convert it.",
            ) from None
        return {"rows": stats.records, "last_updated": stats.last_updated, "padded": 0, "joined": 0}
    lines = MaudeLines(stream)
    if fmt in ("patient_codes", "device_codes"):
        rows, _ = read_codes(lines, fmt, sink)
        return {"rows": rows, "last_updated": None, "padded": 0, "joined": 0}
    m = read_maude(lines, fmt, sink, where)
    return {"rows": m.rows, "last_updated": None, "padded": m.padded, "joined": m.joined}


_TABLE_OF = {
    "master": "reports",
    "device": "devices",
    "text": "narratives",
    "patient": "patients",
    "patient_problem": "patient_problems",
    "device_problem": "device_problems",
    "patient_codes": "problem_codes",
    "device_codes": "problem_codes",
}


def ingest_paths(
    store: Store, paths: list[Path | str], *, kind: str | None = None, progress: Progress | None = None
) -> list[FileResult]:
    """Ingest several files in order, each in its own transaction.

    Every file that loads marks the harm cases stale (``meta.cases_stale = '1'``); rebuild them with
    :func:`stimsafe.signals.harms.build_cases` (``stimsafe.api.signals_ingest`` does). A failing file raises after
    the files before it were committed; the failing file leaves no trace.
    """
    results: list[FileResult] = []
    for path in paths:
        results.extend(ingest_file(store, path, kind=kind, progress=progress))
    return results
