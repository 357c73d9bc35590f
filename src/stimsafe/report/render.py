"""Renderers: Report -> Markdown text, JSON text, standalone HTML, or Rich renderables for the terminal.

Renderers only format what the report holds; they never compute a number.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from stimsafe.report.model import Finding, Report, Table
from stimsafe.report.rich_table import FittingTable, cell_text

# colours for the first ranks of any tier scale (0 = most serious)
_RANK_STYLE = ("bold white on red", "bold black on yellow", "bold cyan", "dim")


_cell = cell_text


def _source_numbers(report: Report) -> dict[str, int]:
    return {s.id: i for i, s in enumerate(report.sources, start=1)}


def _refs(finding: Finding, numbers: dict[str, int]) -> str:
    marks = [f"[{numbers[s]}]" for s in finding.source_ids if s in numbers]
    return " ".join(marks)


def _markdown_table(table: Table) -> Iterator[str]:
    yield f"**{table.title}**"
    yield ""
    yield "| " + " | ".join(table.columns) + " |"
    yield "|" + "---|" * len(table.columns)
    for row in table.rows:
        yield "| " + " | ".join(_cell(c).replace("|", "\\|") for c in row) + " |"
    if table.note:
        yield ""
        yield f"_{table.note}_"
    yield ""


def to_markdown(report: Report) -> str:
    """Render a report as GitHub-flavoured Markdown with numbered source references."""
    numbers = _source_numbers(report)
    lines = [f"# {report.title}", ""]
    lines += [f"{line}" for line in report.summary]
    if report.summary:
        lines.append("")
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        for f in section.findings:
            where = f" (zone: {f.zone})" if f.zone else ""
            lines.append(f"- **{f.tier}** — {f.title}{where}. {f.reason} {_refs(f, numbers)}".rstrip())
            if f.action:
                lines.append(f"  - What to do: {f.action}")
        if section.findings:
            lines.append("")
        for table in section.tables:
            lines += list(_markdown_table(table))
        for figure in section.figures:
            lines += [f"![{section.title}]({figure})", ""]
    if report.sources:
        lines += ["## Sources", ""]
        for s in report.sources:
            note = f" — {s.note}" if s.note else ""
            lines.append(f"{numbers[s.id]}. {s.cite()}{note}")
        lines.append("")
    if report.disclaimers:
        lines += ["---", ""]
        lines += [f"_{d}_" for d in report.disclaimers]
        lines.append("")
    return "\n".join(lines)


def to_json_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON-compatible data (the HTTP API's response body)."""
    return report.model_dump(mode="json")


def to_json(report: Report) -> str:
    """Render a report as indented JSON."""
    return json.dumps(to_json_data(report), indent=2, ensure_ascii=False)


def to_rich(report: Report) -> RenderableType:
    """Render a report for a Rich console: tiers in colour, tables as Rich tables."""
    numbers = _source_numbers(report)
    parts: list[RenderableType] = [Text(report.title, style="bold underline")]
    parts += [Text(line) for line in report.summary]
    for section in report.sections:
        parts.append(Text(""))
        if section.title != report.title:  # "Devices" over "Devices" reads as a stutter
            parts.append(Text(section.title, style="bold"))
        parts += [Text(p) for p in section.paragraphs]
        for f in section.findings:
            style = _RANK_STYLE[min(f.rank, len(_RANK_STYLE) - 1)]
            line = Text()
            line.append(f" {f.tier} ", style=style)
            where = f" [{f.zone}]" if f.zone else ""
            line.append(f" {f.title}{where}: {f.reason} {_refs(f, numbers)}")
            if f.action:
                line.append(f"\n    → {f.action}", style="italic")
            parts.append(line)
        said = {report.title, section.title}
        parts += [FittingTable(table, show_title=table.title not in said) for table in section.tables]
        parts += [Text(f"figure: {path}") for path in section.figures]
    if report.sources:
        parts.append(Text(""))
        parts.append(Text("Sources", style="bold"))
        parts += [Text(f"{numbers[s.id]}. {s.cite()}") for s in report.sources]
    if report.disclaimers:
        parts.append(Panel("\n".join(report.disclaimers), title="Please read", border_style="dim"))
    return Group(*parts)


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('—' if c is None else str(c))}</td>" for c in row) + "</tr>"
        for row in table.rows
    )
    note = f"<p><em>{escape(table.note)}</em></p>" if table.note else ""
    return f"<table><caption>{escape(table.title)}</caption><tr>{head}</tr>{body}</table>{note}"


def to_html(report: Report) -> str:
    """A standalone HTML page for a report (everything escaped; numbered sources; the clinician summary)."""
    numbers = {s.id: i for i, s in enumerate(report.sources, start=1)}
    out = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(report.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 6px}.t0{background:#c00;color:#fff}.t1{background:#fc0}</style>",
        f"</head><body><h1>{escape(report.title)}</h1>",
    ]
    out += [f"<p>{escape(line)}</p>" for line in report.summary]
    for section in report.sections:
        out.append(f"<h2>{escape(section.title)}</h2>")
        for f in section.findings:
            refs = " ".join(f"[{numbers[s]}]" for s in f.source_ids if s in numbers)
            action = f"<br>What to do: {escape(f.action)}" if f.action else ""
            out.append(
                f"<p><strong class='t{f.rank}'>{escape(f.tier)}</strong> {escape(f.title)}. "
                f"{escape(f.reason)} {refs}{action}</p>"
            )
        out += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
        out += [_html_table(t) for t in section.tables]
    if report.sources:
        items = "".join(
            f"<li>{escape(s.cite())}{' — ' + escape(s.note) if s.note else ''}</li>" for s in report.sources
        )
        out.append(f"<h2>Sources</h2><ol>{items}</ol>")
    out += [f"<p><em>{escape(d)}</em></p>" for d in report.disclaimers]
    out.append("</body></html>")
    return "\n".join(out) + "\n"
