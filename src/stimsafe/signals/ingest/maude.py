"""Raw MAUDE pipe files (mdrfoi, DEVICE/foidev, foitext, patient, patientproblemcode, foidevproblem) -> rows.

Quirks handled (facts: ../shared/facts/surveillance.md §2.2): latin-1 bytes; CRLF; no quoting (literal ``"``);
unescaped newlines inside fields (a physical line that does not start with ``<digits>|`` continues the previous
row, as in openFDA ``PreprocessFilesToFixIssues``); unescaped pipes in ``FOI_TEXT`` (re-joined, as in openFDA
``handle_oversized_foitext``); over-wide rows elsewhere are rejected, never shifted; short rows are padded;
padded keys ``" 1.0"``; headers that drift by year (unknown columns fail loudly); headerless problem files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from stimsafe.errors import DataFileError
from stimsafe.signals.ingest import maude_rows
from stimsafe.signals.ingest.maude_layout import HEADERLESS, TEXT_COLUMN, check_header, normalise_column
from stimsafe.signals.ingest.sink import Sink

_START = re.compile(r"^\s*\d+(?:\.0+)?\s*\|")


@dataclass
class MaudeStats:
    """What one raw file held."""

    rows: int = 0
    loaded: int = 0
    padded: int = 0
    joined: int = 0


def logical_rows(lines: Iterator[str], stats: MaudeStats) -> Iterator[tuple[int, str]]:
    """Join physical lines into rows: ``(first line number, row text)``; line ends are stripped.

    >>> list(logical_rows(iter(["1|A\\r\\n", "B|C\\r\\n", "2|D\\n"]), MaudeStats()))
    [(1, '1|A\\nB|C'), (3, '2|D')]
    """
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        if _START.match(text) or not current:
            if current:
                yield start, "\n".join(current)
            current, start = [text], number
        else:
            current.append(text)
            stats.joined += 1
    if current:
        yield start, "\n".join(current)


def read_maude(stream: IO[str], kind: str, sink: Sink, location: str) -> MaudeStats:
    """Read one raw pipe-delimited file of ``kind`` into ``sink``; return counts.

    Raises
    ------
    DataFileError
        Unknown or duplicated header column, or a headerless file of a kind whose layout is not fixed.
    """
    stats = MaudeStats()
    rows = logical_rows(iter(stream.readline, ""), stats)
    first = next(rows, None)
    if first is None:
        return stats
    columns, pending = _header(kind, first, location)
    free_text = next((i for i, c in enumerate(columns) if c in TEXT_COLUMN.get(kind, ())), None)
    layout = _Layout(columns, free_text, maude_rows.BUILDERS[kind])
    if pending:
        _one(first[1], first[0], layout, sink, stats)
    for line_no, row in rows:
        _one(row, line_no, layout, sink, stats)
    return stats


def _header(kind: str, first: tuple[int, str], location: str) -> tuple[list[str], bool]:
    """Columns of the file and whether the first row is data (headerless)."""
    line_no, text = first
    fields = text.split("|")
    if _START.match(text):
        layouts = HEADERLESS.get(kind, {})
        if len(fields) not in layouts:
            raise DataFileError(
                f"The MAUDE {kind} file has no header row, and its layout cannot be assumed.",
                value=text[:80],
                location=f"{location}:{line_no}",
                hint="Use the FDA file with its header line, or pass the right --kind.",
            )
        return list(layouts[len(fields)]), True
    columns = [normalise_column(f) for f in fields]
    check_header(kind, columns, location)
    return columns, False


@dataclass(frozen=True)
class _Layout:
    columns: list[str]
    free_text: int | None
    builder: maude_rows.Builder


def _one(row: str, line_no: int, layout: _Layout, sink: Sink, stats: MaudeStats) -> None:
    columns, free_text, builder = layout.columns, layout.free_text, layout.builder
    stats.rows += 1
    fields = row.split("|")
    width = len(columns)
    if len(fields) > width and free_text is not None and free_text == width - 1:
        fields = [*fields[: width - 1], "|".join(fields[width - 1 :])]
    if len(fields) > width:
        sink.reject(line_no, f"row has {len(fields)} fields; the header has {width}", row)
        return
    if len(fields) < width:
        fields += [""] * (width - len(fields))
        stats.padded += 1
    reason = builder(dict(zip(columns, fields, strict=True)), sink, line_no)
    if reason:
        sink.reject(line_no, reason, row)
    else:
        stats.loaded += 1
