"""Figures as accessible SVG: every figure is saved with a title and a description a screen reader can read.

Matplotlib (Agg) draws the figures; :func:`save_figure` writes PNG and SVG atomically, passing the title and the
description to matplotlib as document metadata (``dc:title``, ``dc:description``); :func:`accessible_svg` turns
that metadata into the SVG's own ``<title>`` and ``<desc>`` with ``role="img"`` and an ``aria-label``, so the
figure is named wherever it is shown: opened as a file, inlined, or as an ``<img>`` (whose ``alt`` the page
sets from the same title).
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import Any

_META = re.compile(r"<dc:(title|description)>(.*?)</dc:\1>", re.DOTALL)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_OWN_TITLE = re.compile(r"^\s*(<title>.*?</title>\s*)?(<desc>.*?</desc>)?", re.DOTALL)


def svg_metadata(svg: str) -> dict[str, str]:
    """The ``dc:title`` and ``dc:description`` matplotlib wrote, unescaped (``{}`` when absent).

    Examples
    --------
    >>> svg_metadata("<svg><metadata><dc:title>Counts &amp; years</dc:title></metadata></svg>")
    {'title': 'Counts & years'}
    """
    found: dict[str, str] = {}
    for m in _META.finditer(svg):  # the document's own come first (the creator's name is a nested dc:title)
        found.setdefault(m.group(1), html.unescape(m.group(2).strip()))
    return found


def accessible_svg(svg: str, title: str | None = None, description: str | None = None) -> str:
    """``svg`` with ``role="img"``, an ``aria-label`` and ``<title>``/``<desc>`` first inside the root element.

    ``title`` and ``description`` default to the figure's own metadata; a figure with neither keeps its
    markup but is named "Figure".

    Examples
    --------
    >>> out = accessible_svg('<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>', "Margins", "One bar per zone")
    >>> print(out.replace("><", ">\\n<"))
    <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Margins">
    <title>Margins</title>
    <desc>One bar per zone</desc>
    <g/>
    </svg>
    """
    meta = svg_metadata(svg)
    name = title or meta.get("title") or "Figure"
    desc = description or meta.get("description")
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise ValueError("not an SVG document: no <svg> element")
    opening = re.sub(r'\s(role|aria-label)="[^"]*"', "", match.group(0))
    opening = opening[:-1].rstrip("/").rstrip() + f' role="img" aria-label="{html.escape(name)}">'
    inner = f"<title>{html.escape(name, quote=False)}</title>"
    if desc:
        inner += f"<desc>{html.escape(desc, quote=False)}</desc>"
    rest = _OWN_TITLE.sub("", svg[match.end() :], count=1)  # matplotlib writes its own <title>: one is enough
    return svg[: match.start()] + opening + inner + rest


def svg_data_uri(path: Path) -> str:
    """An SVG file, made accessible, as a ``data:image/svg+xml;base64,`` URI (pages allow no other image source)."""
    text = accessible_svg(path.read_text(encoding="utf-8"))
    return "data:image/svg+xml;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def save_figure(fig: Any, stem: Path, *, title: str, description: str, **savefig: Any) -> list[Path]:
    """Write ``stem.png`` and an accessible ``stem.svg`` atomically (a reader never sees half a file).

    Parameters
    ----------
    fig
        A matplotlib figure (closed by the caller).
    stem
        Path without suffix.
    title, description
        What the figure shows, in words (the SVG's ``<title>``/``<desc>``, the page's ``alt``).
    savefig
        Passed on to ``Figure.savefig`` (``dpi``, ``bbox_inches``).
    """
    out = []
    for ext in ("png", "svg"):
        path = stem.with_suffix("." + ext)
        tmp = path.with_suffix("." + ext + ".tmp")
        metadata = {"Title": title, "Description": description} if ext == "svg" else {"Title": title}
        fig.savefig(tmp, format=ext, metadata=metadata, **savefig)
        if ext == "svg":
            tmp.write_text(accessible_svg(tmp.read_text(encoding="utf-8"), title, description), encoding="utf-8")
        tmp.replace(path)
        out.append(path)
    return out
