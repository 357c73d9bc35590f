"""Raw MAUDE pipe files (mdrfoi, DEVICE/foidev, foitext, patient, patientproblemcode, foidevproblem) -> rows.

Quirks handled (facts: ../shared/facts/surveillance.md §2.2): latin-1 bytes; CRLF; no quoting (literal ``"``);
unescaped newlines inside fields (a physical line that does not start with ``<digits>|`` continues the previous
row, as in openFDA ``PreprocessFilesToFixIssues``; a line that does start so continues a short row when only the two
together make a valid width, as pymaude rebuilds records whose delimiter counts add up after concatenation);
unescaped pipes in ``FOI_TEXT`` (re-joined, as in openFDA ``handle_oversized_foitext``); over-wide rows elsewhere
are rejected, never shifted; a row narrower than the header is padded only when its width is a known real layout of
the kind (:data:`~stimsafe.signals.ingest.maude_layout.KNOWN_WIDTHS`), else rejected; padded keys ``" 1.0"``;
headers that drift by year (unknown columns fail loudly); headerless problem files.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from stimsafe.errors import DataFileError
from stimsafe.signals.ingest import maude_rows
from stimsafe.signals.ingest.maude_layout import HEADERLESS, KNOWN_WIDTHS, TEXT_COLUMN, check_header, normalise_column
from stimsafe.signals.ingest.maude_text import LineSource
from stimsafe.signals.ingest.sink import Sink
from stimsafe.signals.ingest.values import BadValueError

_START = re.compile(r"^\s*\d+(?:\.0+)?\s*\|")


@dataclass
class MaudeStats:
    """What one raw file held."""

    rows: int = 0
    loaded: int = 0
    padded: int = 0
    joined: int = 0


@dataclass(frozen=True)
class Widths:
    """Row widths a file accepts: its header's, and the known real layouts of its kind that are narrower.

    >>> w = Widths.of("device", 45)
    >>> sorted(w.valid), w.accepts(28), w.accepts(27)
    ([28, 34, 45], True, False)
    """

    header: int
    valid: frozenset[int]
    free_text_last: bool = False

    @classmethod
    def of(cls, kind: str, header: int, free_text_last: bool = False) -> Widths:
        """The widths for a ``kind`` file whose header has ``header`` columns."""
        narrower = {w for w in KNOWN_WIDTHS.get(kind, ()) if w < header}
        return cls(header, frozenset({header} | narrower), free_text_last)

    def accepts(self, fields: int) -> bool:
        """Whether a row of ``fields`` fields is complete (a free-text last column absorbs extra pipes)."""
        return fields in self.valid or (self.free_text_last and fields > self.header)

    def completes(self, current: int, line: int) -> bool:
        """Whether a line that looks like a new row is rather the rest of a short current row.

        Only when the current row is not a valid width, the two together are exactly a valid width, and the line
        alone is not a valid row (then it is taken as a row and the short one is rejected).
        """
        return not self.accepts(current) and self.accepts(current + line - 1) and not self.accepts(line)


def _numbered(lines: Iterator[str]) -> Iterator[tuple[int, str]]:
    """Non-blank physical lines with their 1-based numbers, line ends stripped."""
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if text.strip():
            yield number, text


def logical_rows(lines: Iterator[str], stats: MaudeStats, widths: Widths | None = None) -> Iterator[tuple[int, str]]:
    """Join physical lines into rows: ``(first line number, row text)``; line ends are stripped.

    >>> list(logical_rows(iter(["1|A\\r\\n", "B|C\\r\\n", "2|D\\n"]), MaudeStats()))
    [(1, '1|A\\nB|C'), (3, '2|D')]
    >>> list(logical_rows(iter(["1|A|SUITE\\n", "200|B\\n", "2|D|E|F\\n"]), MaudeStats(), Widths.of("x", 4)))
    [(1, '1|A|SUITE\\n200|B'), (3, '2|D|E|F')]
    """
    return _join(_numbered(lines), stats, widths)


def _join(numbered: Iterator[tuple[int, str]], stats: MaudeStats, widths: Widths | None) -> Iterator[tuple[int, str]]:
    current: list[str] = []
    start = fields = 0
    for number, text in numbered:
        count = text.count("|") + 1
        if current and (not _START.match(text) or (widths is not None and widths.completes(fields, count))):
            current.append(text)
            fields += count - 1
            stats.joined += 1
            continue
        if current:
            yield start, "\n".join(current)
        current, start, fields = [text], number, count
    if current:
        yield start, "\n".join(current)


def read_maude(stream: LineSource, kind: str, sink: Sink, location: str) -> MaudeStats:
    """Read one raw pipe-delimited file of ``kind`` into ``sink``; return counts.

    Raises
    ------
    DataFileError
        Unknown or duplicated header column, or a headerless file of a kind whose layout is not fixed.
    """
    stats = MaudeStats()
    numbered = _numbered(iter(stream.readline, ""))
    first = next(numbered, None)
    if first is None:
        return stats
    columns, pending = _header(kind, first, location)
    free_text = next((i for i, c in enumerate(columns) if c in TEXT_COLUMN.get(kind, ())), None)
    widths = Widths.of(kind, len(columns), free_text is not None and free_text == len(columns) - 1)
    layout = _Layout(kind, columns, widths, maude_rows.BUILDERS[kind])
    for line_no, row in _join(itertools.chain([first], numbered) if pending else numbered, stats, widths):
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
    kind: str
    columns: list[str]
    widths: Widths
    builder: maude_rows.Builder


def _one(row: str, line_no: int, layout: _Layout, sink: Sink, stats: MaudeStats) -> None:
    columns, widths = layout.columns, layout.widths
    stats.rows += 1
    fields = row.split("|")
    width = len(columns)
    if len(fields) > width and widths.free_text_last:
        fields = [*fields[: width - 1], "|".join(fields[width - 1 :])]
    if len(fields) > width:
        sink.reject(line_no, f"row has {len(fields)} fields; the header has {width}", row)
        return
    if not widths.accepts(len(fields)):
        known = ", ".join(map(str, sorted(widths.valid)))
        sink.reject(
            line_no, f"row has {len(fields)} fields; the header has {width}, and {layout.kind} rows have {known}", row
        )
        return
    if len(fields) < width:
        fields += [""] * (width - len(fields))
        stats.padded += 1
    try:
        problem = layout.builder(dict(zip(columns, fields, strict=True)), sink, line_no)
    except BadValueError as error:
        problem = str(error)
    if problem:
        sink.reject(line_no, problem, row)
    else:
        stats.loaded += 1
