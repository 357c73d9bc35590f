"""Reports for ``signals ingest``, ``fetch`` and ``status``: what is loaded, from where, and what was rejected."""

from __future__ import annotations

from typing import Any

from stimsafe.report.model import Report, Section, Table
from stimsafe.signals.ingest.loader import FileResult
from stimsafe.signals.store import Store

_DISCLAIMER = (
    "MAUDE reports are unverified, incomplete and subject to reporting biases; a count of reports is not an "
    "incidence, and a report does not show that a device caused an event."
)


def _counts_table(store: Store) -> Table:
    counts = store.counts()
    return Table(title="Rows by table", columns=("table", "rows"), rows=tuple((t, n) for t, n in counts.items()))


def ingest_report(store: Store, results: list[FileResult], *, title: str = "Signals ingest") -> Report:
    """One row per file: loaded, rejected, superseded or skipped (already ingested)."""
    rows = tuple(
        (
            r.name,
            r.format,
            "skipped (already loaded)" if r.skipped else "loaded",
            r.rows_read,
            r.rows_loaded,
            r.rows_rejected,
            r.rows_superseded,
            r.fields_rejected,
        )
        for r in results
    )
    files = Table(
        title="Files",
        columns=("file", "format", "status", "rows read", "rows loaded", "rejected", "superseded", "fields left empty"),
        rows=rows,
    )
    rejected = sum(r.rows_rejected for r in results)
    fields = sum(r.fields_rejected for r in results)
    emptied = (
        f"; {fields} impossible value(s) in loaded rows left empty (listed in the store's rejects, kind 'field')"
        if fields
        else ""
    )
    loaded = sum(r.rows_loaded for r in results)
    summary = (f"{len(results)} file(s); {loaded} rows loaded; {rejected} rejected{emptied}.",)
    data: dict[str, Any] = {"files": [r.__dict__ | {"name": r.name} for r in results], "counts": store.counts()}
    section = Section(title="Ingest", tables=(files, _counts_table(store)))
    return Report(
        kind="signals-ingest", title=title, summary=summary, sections=(section,), disclaimers=(_DISCLAIMER,), data=data
    )


def _fetches_table(store: Store) -> Table:
    """openFDA API fetches recorded by ``signals fetch``: the search, the day and openFDA's ``last_updated``."""
    import json

    rows = []
    for key, value in store.connection.execute(
        "SELECT key, value FROM meta WHERE key LIKE 'fetch:%' ORDER BY 1"
    ).fetchall():
        record = json.loads(value)
        rows.append(
            (key[6:], record.get("search"), record.get("fetched_on"), record.get("last_updated"), record.get("pages"))
        )
    columns = ("fetch", "openFDA search", "fetched on", "openFDA last_updated", "pages")
    return Table(title="openFDA API fetches", columns=columns, rows=tuple(rows))


def _has_kind(con: Any) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'rejects' AND column_name = 'kind'"
    ).fetchone()
    return bool(row and row[0])


def status_report(store: Store) -> Report:
    """What is loaded (by table and product code), from which files, and the latest rejects."""
    con = store.connection
    prov = con.execute(
        "SELECT source_id, path || coalesce('!' || member, ''), format, CAST(last_updated AS VARCHAR), "
        "CAST(ingested_at AS VARCHAR), rows_read, rows_loaded, rows_rejected, rows_superseded "
        "FROM provenance ORDER BY source_id"
    ).fetchall()
    products = con.execute(
        "SELECT product_code, count(DISTINCT mdr_report_key) FROM devices GROUP BY 1 ORDER BY 2 DESC LIMIT 20"
    ).fetchall()
    kind = "r.kind" if _has_kind(con) else "'row'"  # a version-1 store opened read-only has no kind column
    rejects = con.execute(
        f"SELECT r.source_id, p.path, r.line_no, {kind}, r.reason FROM rejects r JOIN provenance p USING (source_id) "
        "ORDER BY r.source_id DESC, r.line_no LIMIT 20"
    ).fetchall()
    tables = (
        _counts_table(store),
        Table(title="Reports by product code (top 20)", columns=("product code", "reports"), rows=tuple(products)),
        Table(
            title="Files loaded",
            columns=(
                "id",
                "file",
                "format",
                "openFDA last_updated",
                "ingested",
                "read",
                "loaded",
                "rejected",
                "superseded",
            ),
            rows=tuple(prov),
        ),
        Table(
            title="Rejected rows and fields (latest 20)",
            columns=("file id", "file", "line", "kind", "reason"),
            rows=tuple(rejects),
        ),
        _fetches_table(store),
    )
    where = str(store.path) if store.path else "in-memory database"
    data = {"db": where, "counts": store.counts(), "files": [list(map(str, p)) for p in prov]}
    return Report(
        kind="signals-status",
        title="Signals store status",
        summary=(f"Database: {where}",),
        sections=(Section(title="Store", tables=tables),),
        disclaimers=(_DISCLAIMER,),
        data=data,
    )
