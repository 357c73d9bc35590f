"""The face-zone map: each zone's status (from a report's findings) and margin (from the dose engine), as SVG.

The map never decides anything: a zone's status is the screening planner's (``report.data["zones"]``), or,
for other reports, the most serious finding that applies to it (a finding naming the zone, or a whole-plan
finding with no zone); its margin is what the dose engine gave (``{zone_id: text or number}``). Colour is never
the only cue: each zone also shows a symbol and its name, the SVG has a ``<title>`` per zone, and the page
repeats everything in a table for screen readers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from stimsafe.report.model import Finding, Report


def zone_labels() -> tuple[tuple[str, str], ...]:
    """(id, display name) of every zone, in catalogue order, from the knowledge base (one source of names)."""
    from stimsafe import api

    return tuple((zone.id, zone.name) for zone in api.list_zones())


# (css class, symbol, words) by rank; None = no finding for the zone
_STATUS = {
    0: ("status-excluded", "✕", "do not use here"),
    1: ("status-limited", "!", "ask a clinician first"),
    2: ("status-care", "~", "use with care"),
    3: ("status-allowed", "✓", "no restriction found"),
}
_FILL = {
    "status-excluded": "#f19c9c",
    "status-limited": "#f7c873",
    "status-care": "#fbe7a1",
    "status-allowed": "#b7e1b5",
    "status-unanswered": "#c9d7f0",
    "status-unknown": "#dddddd",
}

# a front view of a face, viewBox 0 0 320 420: the head outline, then one or two shapes per zone; every label
# sits inside its own zone (ears: below the ear, clear of the cheek), with a white halo so it stays legible
_OUTLINE = (
    "M160 22 C 222 22 258 72 258 150 C 258 222 236 286 196 318 C 182 329 171 334 160 334 "
    "C 149 334 138 329 124 318 C 84 286 62 222 62 150 C 62 72 98 22 160 22 Z"
)
_NOSE = "M160 160 L 150 222 Q 160 230 170 222"
_SHAPES: dict[str, tuple[tuple[str, dict[str, float | str]], ...]] = {
    "forehead": (("ellipse", {"cx": 160, "cy": 82, "rx": 74, "ry": 34}),),
    "eyes": (
        ("ellipse", {"cx": 117, "cy": 150, "rx": 30, "ry": 14}),
        ("ellipse", {"cx": 203, "cy": 150, "rx": 30, "ry": 14}),
    ),
    "cheek": (
        ("ellipse", {"cx": 104, "cy": 212, "rx": 32, "ry": 30}),
        ("ellipse", {"cx": 216, "cy": 212, "rx": 32, "ry": 30}),
    ),
    "lips": (("ellipse", {"cx": 160, "cy": 262, "rx": 34, "ry": 14}),),
    "jawline": (
        (
            "path",
            {
                "d": "M76 256 C 96 290 128 312 160 316 C 192 312 224 290 244 256 "
                "C 234 302 200 336 160 342 C 120 336 86 302 76 256 Z"
            },
        ),
    ),
    "ears": (
        ("ellipse", {"cx": 50, "cy": 160, "rx": 13, "ry": 30}),
        ("ellipse", {"cx": 270, "cy": 160, "rx": 13, "ry": 30}),
    ),
    "neck": (("path", {"d": "M122 330 C 138 340 182 340 198 330 L 206 410 L 114 410 Z"}),),
}
_LABEL_AT: dict[str, tuple[float, float]] = {
    "forehead": (160, 86), "eyes": (160, 128), "cheek": (104, 216), "lips": (160, 266),
    "jawline": (160, 333), "ears": (50, 208), "neck": (160, 390),
}  # fmt: skip


_SHORT = {"forehead": "Forehead", "eyes": "Eyes", "cheek": "Cheeks", "lips": "Lips", "jawline": "Jaw", "ears": "Ears",
          "neck": "Neck"}  # fmt: skip


class LegendEntry(BaseModel):
    """One line of the map's legend: the same fill and symbol the map draws, and what they mean."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    css: str
    fill: str
    symbol: str
    words: str


def legend() -> tuple[LegendEntry, ...]:
    """The legend, from the very table the map is drawn with (so the colours cannot drift apart).

    Examples
    --------
    >>> [e.symbol for e in legend()]
    ['✕', '!', '?', '~', '✓', '–']
    """
    rows = (
        ("status-excluded", "✕", "do not use here"),
        ("status-limited", "!", "ask a clinician first"),
        ("status-unanswered", "?", "a question is unanswered: answer it first"),
        ("status-care", "~", "use with care"),
        ("status-allowed", "✓", "no restriction found"),
        ("status-unknown", "–", "not in your plan"),
    )
    return tuple(LegendEntry(css=c, fill=_FILL[c], symbol=sym, words=w) for c, sym, w in rows)


class ZoneView(BaseModel):
    """What the map shows for one zone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    css: str
    symbol: str
    status: str
    tier: str | None
    margin: str | None
    reasons: tuple[str, ...]


def _applies(finding: Finding, zone_id: str, name: str) -> bool:
    return finding.zone is None or finding.zone in (zone_id, name)


def _margin_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return f"{value:.2g}"
    if isinstance(value, Mapping):
        return str(value.get("text") or value.get("label") or value.get("value") or "") or None
    return str(value)


# the screening planner's zone statuses (report.data["zones"][i]["status"])
_PLANNED = {
    "excluded": ("status-excluded", "✕", "do not use here"),
    "on hold": ("status-limited", "!", "ask a clinician first"),
    "allowed": ("status-allowed", "✓", "allowed"),
}


_UNANSWERED = ("status-unanswered", "?", "unanswered: answer the questions first")
_UNANSWERED_PREFIX = "Unanswered:"


def _from_plan(
    row: Mapping[str, Any], name: str, fired: frozenset[str] = frozenset()
) -> tuple[str, str, str, str | None, tuple[str, ...]]:
    css, symbol, status = _PLANNED.get(str(row.get("status")), ("status-unknown", "?", str(row.get("status"))))
    reasons_in = [str(r) for r in row.get("reasons") or ()]
    unanswered = any(r.startswith(_UNANSWERED_PREFIX) for r in reasons_in)
    if row.get("status") == "on hold" and unanswered and not any(r in fired for r in reasons_in):
        css, symbol, status = _UNANSWERED  # on hold only because a question is unanswered
    level = row.get("level")
    if status == "allowed" and isinstance(level, str) and level:
        status = f"allowed: {level}"
        if level.startswith("lowest") or row.get("warning") or row.get("plan_over_cap"):
            css, symbol = "status-care", "~"  # a level limit or a dose cap is a restriction, never "none found"
    return css, symbol, status, None, short_reasons(reasons_in)


def _from_findings(
    findings: list[Finding], zone_id: str, name: str, in_plan: bool
) -> tuple[str, str, str, str | None, tuple[str, ...]]:
    here = [f for f in findings if _applies(f, zone_id, name)]
    if not in_plan and not any(f.zone in (zone_id, name) for f in here):
        return "status-unknown", "–", "not in your plan", None, ()
    reasons = tuple(f"{f.tier}: {f.title}" for f in here if f.rank <= 2)
    if not here:
        css, symbol, status = _STATUS[3]
        return css, symbol, status, None, reasons
    css, symbol, status = _UNANSWERED if here[0].id.endswith(":unknown") else _STATUS[min(here[0].rank, 3)]
    return css, symbol, status, here[0].tier, reasons


def short_reasons(reasons: Iterable[str]) -> tuple[str, ...]:
    """A zone's reasons for the table: the unanswered questions counted in one line, the rest as they are.

    Examples
    --------
    >>> short_reasons(["Unanswered: Pregnancy", "Unanswered: Epilepsy", "Around the eyes: lowest setting"])
    ('Around the eyes: lowest setting', "2 questions unanswered (see What we don't know)")
    """
    reasons = list(reasons)
    unanswered = [r for r in reasons if r.startswith(_UNANSWERED_PREFIX)]
    rest = tuple(r for r in reasons if not r.startswith(_UNANSWERED_PREFIX))
    if not unanswered:
        return rest
    n = len(unanswered)
    return (*rest, f"{n} question{'s' if n != 1 else ''} unanswered (see What we don't know)")


def zone_views(
    report: Report, zone_ids: Iterable[str] | None = None, margins: Mapping[str, Any] | None = None
) -> list[ZoneView]:
    """Status and margin of each zone.

    The status comes from the screening planner's rows (``report.data["zones"]``) when the report has them,
    otherwise from the findings; the margin from ``margins`` or ``report.data["zone_margins"]``.
    """
    planned = {str(r.get("zone")): r for r in report.data.get("zones") or () if isinstance(r, Mapping)}
    wanted = set(zone_ids) if zone_ids is not None else (set(planned) or None)
    given = margins if margins is not None else report.data.get("zone_margins") or {}
    findings = report.findings()
    fired = frozenset(f.title for f in findings if f.rank <= 1 and not f.id.endswith(":unknown"))
    views = []
    for zone_id, name in zone_labels():
        if zone_id in planned:
            css, symbol, status, tier, reasons = _from_plan(planned[zone_id], name, fired)
        else:
            in_plan = wanted is None or zone_id in wanted
            css, symbol, status, tier, reasons = _from_findings(findings, zone_id, name, in_plan)
        margin = _margin_text(given.get(zone_id)) if isinstance(given, Mapping) else None
        views.append(ZoneView(id=zone_id, name=name, css=css, symbol=symbol, status=status, tier=tier,
                              margin=margin, reasons=reasons))  # fmt: skip
    return views


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def svg(views: Iterable[ZoneView], *, title_id: str = "zone-map-title") -> str:
    """The map as an inline SVG string (``role="img"``; each zone a group with its own ``<title>``)."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 420" role="img" aria-labelledby="{title_id}">',
        f'<title id="{title_id}">Face-zone map: each zone coloured by its status; details in the table below.</title>',
        f'<path d="{_OUTLINE}" fill="#fdf6ee" stroke="#333" stroke-width="2"/>',
        f'<path d="{_NOSE}" fill="none" stroke="#8a7a6a" stroke-width="1.5"/>',
    ]
    for view in views:
        fill = _FILL.get(view.css, "#dddddd")
        label = f"{view.name}: {view.status}" + (f"; margin {view.margin}" if view.margin else "")
        parts.append(f'<g class="zone {view.css}" data-zone="{view.id}" data-status="{_escape(view.status)}">')
        parts.append(f"<title>{_escape(label)}</title>")
        for kind, attrs in _SHAPES[view.id]:
            attr_text = " ".join(f'{k}="{v:g}"' if not isinstance(v, str) else f'{k}="{v}"' for k, v in attrs.items())
            parts.append(f'<{kind} {attr_text} fill="{fill}" stroke="#222" stroke-width="1.5"/>')
        x, y = _LABEL_AT[view.id]
        text = _escape(f"{view.symbol} {_SHORT[view.id]}")
        if view.margin and view.id not in ("jawline", "eyes", "ears"):  # small zones: the margin is in the table
            text += f'<tspan x="{x:g}" dy="1.1em">{_escape(view.margin.split(",")[0].split(" (")[0])}</tspan>'
        parts.append(
            f'<text x="{x:g}" y="{y:g}" text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="3" '
            f'stroke-linejoin="round">{text}</text>'
        )
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
