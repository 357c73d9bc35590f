"""Jinja2 rendering for the pages: one environment, autoescaped, with the user and CSRF token in every page."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from stimsafe import __version__

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

# tier rank -> CSS class; rank 0 is the most serious on every scale (screening and triage)
RANK_CLASSES = ("rank-0", "rank-1", "rank-2", "rank-3")


def rank_class(rank: int) -> str:
    """CSS class for a finding's rank.

    Examples
    --------
    >>> rank_class(0), rank_class(7)
    ('rank-0', 'rank-3')
    """
    return RANK_CLASSES[min(max(rank, 0), len(RANK_CLASSES) - 1)]


def cell(value: object) -> str:
    """Table cell text (floats to 4 significant figures, ``None`` as a dash)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _fired_rank0(report: Any) -> list[Any]:
    return [f for f in report.findings() if f.rank == 0 and not f.id.endswith(":unknown")]


def urgent_findings(report: Any) -> list[Any]:
    """The findings for the alert box above everything: rank 0 that fired (not "unanswered: would be rank 0").

    In an assessment only whole-plan findings go there; one limited to a zone (eczema on the cheek) stops that
    zone, not the plan, and is listed by :func:`zone_stops` with its zone instead.
    """
    return [f for f in _fired_rank0(report) if report.kind != "assess" or f.zone is None]


def zone_stops(report: Any) -> list[Any]:
    """An assessment's rank-0 findings that apply to one zone only (shown with the zone, not as an alarm)."""
    return [f for f in _fired_rank0(report) if report.kind == "assess" and f.zone is not None]


@cache
def templates() -> Jinja2Templates:
    """The shared template set (autoescaping on)."""
    t = Jinja2Templates(directory=str(TEMPLATES_DIR))
    t.env.filters["rank_class"] = rank_class
    t.env.filters["cell"] = cell
    t.env.filters["urgent_findings"] = urgent_findings
    t.env.filters["zone_stops"] = zone_stops
    t.env.globals["version"] = __version__
    return t


def page(request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200) -> HTMLResponse:
    """Render template ``name`` with the common context (user, CSRF token, mode)."""
    from stimsafe.web.security import csrf_token, current_user, settings_of

    ctx: dict[str, Any] = {
        "user": current_user(request),
        "multi_user": settings_of(request).multi_user,
        "csrf_token": csrf_token(request),
    }
    ctx.update(context or {})
    return templates().TemplateResponse(request, name, ctx, status_code=status_code)


def report_page(
    request: Request,
    report: Any,
    *,
    zone_ids: Any = None,
    with_map: bool = False,
    back_href: str = "/",
    back_label: str = "Start again",
    margins: dict[str, str] | None = None,
    margin_note: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page that shows one :class:`~stimsafe.report.model.Report` (and, for assessments, the zone map)."""
    from stimsafe.web.zonemap import svg, zone_views

    context: dict[str, Any] = {
        "report": report,
        "numbers": {s.id: i for i, s in enumerate(report.sources, start=1)},
        "back_href": back_href,
        "back_label": back_label,
        "margin_note": margin_note,
    }
    if with_map:
        views = zone_views(report, zone_ids, margins)
        context.update(zones=views, zone_svg=svg(views))
    return page(request, "report.html", context, status_code=status_code)
