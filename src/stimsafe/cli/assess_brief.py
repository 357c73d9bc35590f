"""The five lines ``stimsafe assess`` opens with: verdict, zones, what to do, what is unknown, where the rest is.

Everything here is read from the report (its summary, its per-zone data and its findings); nothing is
recomputed. ``--full`` prints the whole report; ``--format markdown/json/html`` are always complete.
"""

from __future__ import annotations

from typing import Any

from stimsafe.report.model import Report

_UNKNOWN_SUFFIX = ":unknown"
_NAMES_SHOWN = 3


_STATUS_ORDER = ("allowed", "on hold", "excluded")


def _zones_line(report: Report) -> str:
    zones: list[dict[str, Any]] = list(report.data.get("zones") or [])
    if not zones:
        return "Zones: none in the plan."
    groups: dict[tuple[str, str], list[str]] = {}
    for zone in zones:
        status = str(zone.get("status"))
        warning = str(zone.get("warning") or "") if status == "allowed" else ""
        groups.setdefault((status, warning), []).append(str(zone.get("name") or zone.get("zone")))

    def order(key: tuple[str, str]) -> tuple[int, str]:
        status, warning = key
        rank = _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER)
        return rank, warning

    parts = []
    for status, warning in sorted(groups, key=order):
        names = ", ".join(groups[(status, warning)])
        label = f"{status} with a warning" if warning else status
        parts.append(f"{label} {names}" + (f" ({warning})" if warning else ""))
    return "Zones: " + "; ".join(parts) + "."


def _over_cap(report: Report) -> str:
    """ "Your plan's level 2 is above the dose cap on …; " when the plan asks for more than a zone's cap, else ""."""
    zones = [z for z in report.data.get("zones") or [] if z.get("status") == "allowed"]
    over = [str(z.get("name") or z.get("zone")) for z in zones if z.get("plan_over_cap")]
    if not over:
        return ""
    level = (report.data.get("plan") or {}).get("level")
    what = f"level {level}" if level else "current"
    where = "every allowed zone" if len(over) == len(zones) else ", ".join(over)
    return f"Your plan's {what} is above the dose cap on {where}: stop at any twitch. "


def _todo_line(report: Report) -> str:
    known = [f for f in report.findings() if not f.id.endswith(_UNKNOWN_SUFFIX) and f.action]
    unknown = [f for f in report.findings() if f.id.endswith(_UNKNOWN_SUFFIX)]
    serious = [f for f in known if f.rank <= 1]
    cap = _over_cap(report)
    if serious:
        first = serious[0]
        where = f"{first.zone}: " if first.zone else ""
        return f"What to do: {cap}{where}{first.action}"
    if cap:
        return f"What to do: {cap.strip()}"
    if unknown:
        return "What to do: answer the open questions (or ask a clinician), then run the check again."
    if known:
        return f"What to do: {known[0].action}"
    return "What to do: follow the device's own instructions."


def _unknown_line(report: Report) -> str:
    unknown = [f.title.removeprefix("Unanswered: ") for f in report.findings() if f.id.endswith(_UNKNOWN_SUFFIX)]
    if not unknown:
        return "Unknown: nothing the rules needed; every question was answered."
    shown = "; ".join(unknown[:_NAMES_SHOWN])
    more = f"; and {len(unknown) - _NAMES_SHOWN} more" if len(unknown) > _NAMES_SHOWN else ""
    return f"Unknown ({len(unknown)} unanswered, never read as 'no'): {shown}{more}."


def brief_lines(report: Report) -> list[str]:
    """The five summary lines of an assessment report.

    Examples
    --------
    >>> from stimsafe import api
    >>> lines = brief_lines(api.assess_demo())
    >>> len(lines), lines[0].split(". ")[1].split(":")[0], lines[1].startswith("Zones:")
    (5, 'USE WITH CARE', True)
    """
    verdict = report.summary[0] if report.summary else ""
    clearance = report.data.get("fda_510k")
    device = report.title + (f" (FDA 510(k) {clearance})" if isinstance(clearance, str) and clearance else "")
    verdict = f"{device}. {verdict}" if verdict else device
    more = "Not a diagnosis. The reasons, sources, session plan and dose caps: run again with --full."
    evidence = report.data.get("independent_evidence")
    if isinstance(evidence, str) and evidence:
        more = f"{evidence} {more}"  # issue 15: assess carries the device's evidence line
    return [verdict, _zones_line(report), _todo_line(report), _unknown_line(report), more]
