"""The thermal check as report findings: each heated surface against the cited limit, with where it applies."""

from __future__ import annotations

from collections.abc import Sequence

from stimsafe.dose.advice.thermal import ThermalCheck
from stimsafe.report.model import Finding

_TIER = {"above": ("USE WITH CARE", 2), "at limit": ("USE WITH CARE", 2), "within": ("INFO", 3)}


def _span(check: ThermalCheck) -> str:
    low, high = check.surface_min_c, check.surface_max_c
    return f"{high:g} °C" if low == high else f"{low:g}-{high:g} °C"


def thermal_findings(checks: Sequence[ThermalCheck], *, device_sources: Sequence[str] = ()) -> tuple[Finding, ...]:
    """One finding per check: the surface temperature, the limit, the verdict in words and the applicability."""
    out = []
    for c in checks:
        tier, rank = _TIER[c.verdict]
        gap = abs(c.headroom_c)
        verdict = {
            "above": f"its top end is {gap:.2g} °C above the limit",
            "at limit": "its top end reaches the limit",
            "within": f"its top end is {gap:.2g} °C below the limit",
        }[c.verdict]
        out.append(
            Finding(
                id=f"thermal-{c.limit.id}",
                tier=tier,
                rank=rank,
                title=f"Heated surface: {_span(c)} vs {c.limit.title} {c.limit.maximum_c:g} °C",
                reason=f"The sources give a heated surface of {_span(c)}; {verdict}. {c.limit.applicability}",
                action="Follow the device's own instructions on heat; stop if the skin feels too hot, turns red or "
                "blisters, and do not hold a heated head on one spot.",
                source_ids=(*c.limit.source_ids, *device_sources),
            )
        )
    return tuple(out)
