"""A report table for the terminal that never cuts an id: a grid when it fits, one block per row when not.

Ids are what a user types back (``stimsafe devices show nuface-trinity-ele-plus``), so an id column never
wraps or shrinks; other columns wrap word by word, and no cell is ever ellipsised. When the columns cannot
each get a readable width at the console's width (an 80-column terminal and a 7-column catalogue), each row
becomes a short block instead: the id (and name) on the first line, then ``Column: value`` pairs wrapped
under it.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from stimsafe.report.model import Table

# a column narrower than this (or its longest cell) reads one word per line
_READABLE_CHARS = 22
_NAME_HEADERS = frozenset({"name"})


def cell_text(value: str | int | float | None) -> str:
    """A cell as text: ``—`` for missing, floats with four significant figures.

    Examples
    --------
    >>> cell_text(None), cell_text(0.123456), cell_text("forehead")
    ('—', '0.1235', 'forehead')
    """
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def is_id_column(header: str) -> bool:
    """Whether a column holds ids (its header is ``Id``, ``ID`` or ends in `` id``).

    Examples
    --------
    >>> is_id_column("Id"), is_id_column("Device id"), is_id_column("Idea")
    (True, True, False)
    """
    words = header.lower().split()
    return bool(words) and words[-1] == "id"


class FittingTable:
    """A Rich renderable for a report :class:`~stimsafe.report.model.Table` (see the module docstring)."""

    def __init__(self, table: Table, *, show_title: bool = True) -> None:
        self.table = table
        self.title = table.title if show_title else None
        self.rows = [[cell_text(c) for c in row] for row in table.rows]

    def _width(self, index: int) -> int:
        cells = [self.table.columns[index], *(row[index] for row in self.rows if index < len(row))]
        return max(len(c) for c in cells)

    def fits(self, width: int) -> bool:
        """Whether every column gets a readable width (ids their full width) within ``width`` characters."""
        needed = 1  # the left border
        for i, header in enumerate(self.table.columns):
            full = self._width(i)
            needed += 3 + (full if is_id_column(header) else min(full, _READABLE_CHARS))
        return needed <= width

    def grid(self) -> RichTable:
        """The table's cells as a grid: ids never wrap, other cells wrap by word (long words fold, never cut)."""
        # title and note are lines of their own: a narrow grid would squeeze them into a column of words
        grid = RichTable()
        for i, header in enumerate(self.table.columns):
            if is_id_column(header):
                grid.add_column(header, no_wrap=True, min_width=self._width(i))
            else:
                grid.add_column(header, overflow="fold")
        for row in self.rows:
            grid.add_row(*row)
        return grid

    def blocks(self) -> Iterator[Text | Padding]:
        """The table as one block per row: key cells in bold, then ``Column: value`` pairs."""
        columns = self.table.columns
        keys = [i for i, h in enumerate(columns) if is_id_column(h) or h.lower() in _NAME_HEADERS] or [0]
        if self.title:
            yield Text(self.title, style="bold")
        for row in self.rows:
            head = Text("  ".join(row[i] for i in keys if i < len(row)), style="bold", overflow="fold")
            pairs = [f"{columns[i]}: {cell}" for i, cell in enumerate(row) if i not in keys and cell not in ("", "—")]
            yield head
            if pairs:
                yield Padding(Text(" · ".join(pairs), overflow="fold"), (0, 0, 0, 2), expand=False)
        if self.table.note:
            yield Text(self.table.note, style="italic")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.fits(options.max_width):
            yield from self.blocks()
            return
        if self.title:
            yield Text(self.title, style="bold")
        yield self.grid()
        if self.table.note:
            yield Text(self.table.note, style="italic")
