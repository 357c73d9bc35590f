"""The signals dashboard: the signal report's tables and figures (from the DuckDB store, or the built-in demo).

The report, figures included, is computed on the worker pool and cached per store state
(:func:`stimsafe.api.signals_dashboard`), so a second visit is fast.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from stimsafe.web import security
from stimsafe.web.jobs import jobs_of
from stimsafe.web.render import report_page

router = APIRouter(include_in_schema=False)


@router.get("/signals", response_class=HTMLResponse, dependencies=[Depends(security.require_user)])
async def signals(request: Request, source: Annotated[str, Query(pattern="^(demo|store)$")] = "demo") -> Response:
    """The signal report: PRR, ROR, chi2, IC025, EBGM with flags, counts by year, and how to read them."""
    from stimsafe import api

    report = await jobs_of(request).run(api.signals_dashboard, demo=source == "demo")
    label = "Use the local signals store" if source == "demo" else "Show the built-in demo"
    other = "store" if source == "demo" else "demo"
    return report_page(request, report, back_href=f"/signals?source={other}", back_label=label)
