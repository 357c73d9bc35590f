"""The signals dashboard: the signal report's tables and figures (from the DuckDB store, or the built-in demo)."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from stimsafe.web.render import report_page

router = APIRouter(include_in_schema=False)


def inline_figures(report: Any) -> Any:
    """The report with each PNG figure as a ``data:`` URI (pages allow no other image source but this site)."""
    sections = []
    for section in report.sections:
        uris = []
        for figure in section.figures:
            path = Path(figure)
            if path.suffix.lower() == ".png" and path.is_file():
                uris.append("data:image/png;base64," + base64.b64encode(path.read_bytes()).decode())
        sections.append(section.model_copy(update={"figures": tuple(uris)}))
    return report.model_copy(update={"sections": tuple(sections)})


@router.get("/signals", response_class=HTMLResponse)
def signals(request: Request, source: Annotated[str, Query(pattern="^(demo|store)$")] = "demo") -> Response:
    """The signal report: PRR, ROR, chi2, IC025, EBGM with flags, counts by year, and how to read them."""
    from stimsafe import api

    with tempfile.TemporaryDirectory(prefix="stimsafe-plots-") as folder:
        report = inline_figures(api.signals_report(demo=source == "demo", plot_dir=folder))
    label = "Use the local signals store" if source == "demo" else "Show the built-in demo"
    other = "store" if source == "demo" else "demo"
    return report_page(request, report, back_href=f"/signals?source={other}", back_label=label)
