"""What ``signals download`` will fetch (or fetched): partitions, records and size, shown before starting."""

from __future__ import annotations

from stimsafe.report.model import Report, Section, Table
from stimsafe.signals.download import Manifest, Partition


def download_plan_report(manifest: Manifest, chosen: tuple[Partition, ...], *, dry_run: bool) -> Report:
    """The plan: how many partitions, records and megabytes (zipped) of openFDA device/event files."""
    size_mb = sum(p.size_mb for p in chosen)
    records = sum(p.records for p in chosen)
    verb = "Would download" if dry_run else "Downloading"
    summary = (
        f"{verb} {len(chosen)} of {len(manifest.partitions)} openFDA device/event partitions: {records:,} records, "
        f"{size_mb:,.0f} MB zipped (export of {manifest.export_date or 'unknown date'}).",
    )
    rows = tuple((p.display_name, p.relative_path, p.records, f"{p.size_mb:.3g}") for p in chosen)
    table = Table(title="Partitions", columns=("partition", "file", "records", "MB zipped"), rows=rows)
    data = {
        "export_date": manifest.export_date,
        "total_records": manifest.total_records,
        "partitions": len(chosen),
        "records": records,
        "size_mb": size_mb,
        "files": [p.url for p in chosen],
        "dry_run": dry_run,
    }
    return Report(
        kind="signals-download",
        title="openFDA bulk download (device/event)",
        summary=summary,
        sections=(Section(title="Plan", tables=(table,)),),
        data=data,
    )
