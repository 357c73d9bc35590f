"""One way to print a report from any command: Rich text, Markdown, JSON or standalone HTML."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from stimsafe.report.model import Report


class Format(StrEnum):
    """Output formats of a report."""

    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: text (terminal), markdown, json or html.")
]
"""The ``--format/-f`` option every report command takes: ``fmt: FormatOption = Format.text``."""


def emit(report: Report, fmt: Format | str) -> None:
    """Print ``report`` to standard output in ``fmt``."""
    from stimsafe.report import render

    fmt = Format(fmt)
    if fmt is Format.json:
        typer.echo(render.to_json(report))
    elif fmt is Format.markdown:
        typer.echo(render.to_markdown(report))
    elif fmt is Format.html:
        typer.echo(render.to_html(report), nl=False)
    else:
        from rich.console import Console

        Console().print(render.to_rich(report))
