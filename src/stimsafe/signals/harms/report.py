"""Report for ``signals cases``: the case reports of one harm, with how they matched and their narratives."""

from __future__ import annotations

from stimsafe.report.model import Report, Section, Table
from stimsafe.signals.harms.cases import CaseRow
from stimsafe.signals.harms.definitions import load_harms

_NOTE = (
    "A case is a report that mentions the harm (as a coded problem or in its narrative, negations excluded). "
    "It is not a diagnosis and does not show that the device caused the harm."
)


def cases_report(harm_id: str, total: int, rows: list[CaseRow], *, product_code: str | None, dedup: str) -> Report:
    """A listing of case reports with the sources of the case definition."""
    harms = load_harms()
    harm = harms.get(harm_id)
    scope = f"product code {product_code.upper()}" if product_code else "all product codes"
    unit = "events (EVENT_KEY)" if dedup == "event" else "reports"
    table = Table(
        title=f"{harm.label}: {total} {unit}, {scope} (first {len(rows)})",
        columns=("report", "received", "products", "matched by", "terms", "narrative"),
        rows=tuple(
            (
                r.mdr_report_key,
                r.date_received,
                ", ".join(r.product_codes),
                r.matched_by,
                r.matched_terms,
                (r.narrative or r.snippet or "")[:500],
            )
            for r in rows
        ),
        note=_NOTE,
    )
    sources = tuple(s for s in harms.sources if s.id in harm.source_ids)
    data = {
        "harm": harm_id,
        "product_code": product_code,
        "dedup": dedup,
        "total": total,
        "cases": [r.__dict__ for r in rows],
    }
    return Report(
        kind="signals-cases",
        title=f"Cases: {harm.label}",
        summary=(f"{total} {unit} ({scope}).",),
        sections=(Section(title="Case reports", tables=(table,)),),
        sources=sources,
        disclaimers=(_NOTE,),
        data=data,
    )
