"""Jinja2 rendering for the pages: one environment, autoescaped, with the user and CSRF token in every page."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
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
    """Table cell text (floats to at most 3 significant figures, ``None`` as a dash).

    Examples
    --------
    >>> cell(45.9228), cell(None), cell(3), cell("0.40")
    ('45.9', '—', '3', '0.40')
    """
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


# technical detail a person may open but need not read first: folded into <details> on every page
DETAIL_SECTIONS = (
    "Conventions", "Counts by year", "Case narratives", "Where a statistic is undefined", "Per-zone margins",
    "Per-zone current caps", "Model", "Validation",
)  # fmt: skip


def is_detail(section: Any) -> bool:
    """Whether a report section is technical detail (folded): named so, or only tables and notes with many rows.

    Examples
    --------
    >>> from stimsafe.report.model import Section
    >>> is_detail(Section(title="Conventions")), is_detail(Section(title="Findings"))
    (True, False)
    """
    title = str(section.title)
    if title.startswith(DETAIL_SECTIONS):
        return True
    return not section.findings and sum(len(t.rows) for t in section.tables) > 20


def first_clause(text: str) -> str:
    """The first clause of a long sentence (up to the first comma or bracket), for a folded summary line.

    Examples
    --------
    >>> first_clause("Dose engine: keep below 58 µA, the low end of the measured range (NET ...)")
    'Dose engine: keep below 58 µA …'
    """
    for i, ch in enumerate(text):
        if ch in ",(;" and i > 20:
            return text[:i].rstrip() + " …"
    return text


def figure_alt(uri: str) -> str:
    """Alt text of a figure: the ``<title>`` and ``<desc>`` inside an SVG ``data:`` URI, or a generic line."""
    import base64
    import binascii

    from stimsafe.report.figures import svg_metadata

    prefix = "data:image/svg+xml;base64,"
    if uri.startswith(prefix):
        try:
            svg = base64.b64decode(uri[len(prefix) :]).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            svg = ""
        meta = svg_metadata(svg)
        text = ". ".join(v for v in (meta.get("title"), meta.get("description")) if v)
        if text:
            return text
    return "Figure; the numbers are in the table above"


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


def json_report(report: Any) -> JSONResponse:
    """A report as the JSON body of an API answer, serialised once by pydantic.

    Returning the plain dict instead would send it through FastAPI's ``jsonable_encoder`` again, which costs ten
    times the rest of an assessment (6 ms for a 40 kB report); the body is the same either way.
    """
    from stimsafe.report.render import to_json_data

    return JSONResponse(to_json_data(report))


#: Statuses whose page must not create a session (no form of ours is ever shown on them).
_NO_NEW_SESSION = frozenset({404, 405})


@cache
def templates() -> Jinja2Templates:
    """The shared template set (autoescaping on)."""
    t = Jinja2Templates(directory=str(TEMPLATES_DIR))
    t.env.filters["rank_class"] = rank_class
    t.env.filters["cell"] = cell
    t.env.filters["urgent_findings"] = urgent_findings
    t.env.filters["zone_stops"] = zone_stops
    t.env.filters["is_detail"] = is_detail
    t.env.filters["first_clause"] = first_clause
    t.env.filters["figure_alt"] = figure_alt
    t.env.globals["version"] = __version__
    return t


def page(request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200) -> HTMLResponse:
    """Render template ``name`` with the common context (user, CSRF token, mode)."""
    from stimsafe.web.security import csrf_token, current_user, settings_of

    # A "not found" page never starts a session: a browser's cookieless side request (a favicon, a missing asset)
    # would otherwise set a new session cookie over the one whose CSRF token the open form carries, and that
    # form's next post (an emergency note, say) would bounce.
    existing = request.session.get("csrf")
    token = (existing if isinstance(existing, str) else "") if status_code in _NO_NEW_SESSION else csrf_token(request)
    ctx: dict[str, Any] = {
        "user": current_user(request),
        "multi_user": settings_of(request).multi_user,
        "csrf_token": token,
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
    from stimsafe.web.zonemap import legend, svg, zone_views

    context: dict[str, Any] = {
        "report": report,
        "numbers": {s.id: i for i, s in enumerate(report.sources, start=1)},
        "back_href": back_href,
        "back_label": back_label,
        "margin_note": margin_note,
    }
    if with_map:
        views = zone_views(report, zone_ids, margins)
        context.update(zones=views, zone_svg=svg(views), legend=legend())
    return page(request, "report.html", context, status_code=status_code)
