"""A Rich progress bar for long jobs, on standard error so standard output stays the report.

It shows only on a terminal: piped or captured output gets no bar and no stray control characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

Step = Callable[[str, int], None]
"""``step(what was just done, how many steps in all)``: the callback the library's long jobs take."""


@contextmanager
def progress_bar(title: str, *, console: Console | None = None) -> Iterator[Step]:
    """A context whose value is a :data:`Step` callback that advances a bar titled ``title``.

    Examples
    --------
    >>> with progress_bar("Dose") as step:  # not a terminal here: nothing is drawn
    ...     step("margin forehead", 2); step("margin cheek", 2)
    """
    out = console or Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        TimeElapsedColumn(),
        console=out,
        transient=True,
        disable=not out.is_terminal,
    ) as bar:
        task = bar.add_task(title, total=None, last="")

        def step(label: str, total: int) -> None:
            bar.update(task, total=total, advance=1, last=label)

        yield step


@contextmanager
def working(message: str, *, console: Console | None = None) -> Iterator[None]:
    """A spinner with ``message`` on standard error while a job runs, only on a terminal.

    Examples
    --------
    >>> with working("Computing"):  # not a terminal here: nothing is drawn
    ...     pass
    """
    out = console or Console(stderr=True)
    if not out.is_terminal:
        yield
        return
    with out.status(message):
        yield
