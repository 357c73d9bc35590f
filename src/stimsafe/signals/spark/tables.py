"""Reading the signals tables from Parquet into Spark, with the columns the counting needs checked up front.

The exchange format is the store's Parquet export (:meth:`stimsafe.signals.store.Store.export_parquet`): one
``<table>.parquet`` file per table in a folder. A table may also be a folder of Parquet parts
(``<table>/part-*.parquet``, or Hive-style ``<table>/year=2024/...``), which is what Spark and most ETL tools
write to shared or object storage. ``source`` is a local folder or a URL Spark can read (``s3a://bucket/prefix``,
``abfss://...``, ``gs://...``, ``hdfs://...``); the matching Hadoop connector must be on the cluster.

Examples
--------
>>> is_remote("s3a://bucket/maude"), is_remote("/data/maude")
(True, False)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from stimsafe.errors import DataFileError

#: the columns the counting stages read, per table (everything else is pruned before Spark scans the files)
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": ("mdr_report_key", "year", "patient_sex", "patient_age_years"),
    "devices": ("mdr_report_key", "product_code"),
    "cases": ("mdr_report_key", "harm_id"),
    # read only when the case definitions are applied in Spark (stimsafe.signals.spark.cases)
    "patient_problems": ("mdr_report_key", "problem_term", "problem_code"),
    "device_problems": ("mdr_report_key", "problem_term", "problem_code"),
    "narratives": ("mdr_report_key", "text"),
}
#: the tables the counting reads
COUNTING_TABLES: tuple[str, ...] = ("reports", "devices", "cases")

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_remote(source: str | Path) -> bool:
    """Whether ``source`` is a URL (object or distributed storage) rather than a local path."""
    return bool(_URL.match(str(source)))


def table_location(source: str | Path, table: str) -> str:
    """Where ``table`` lives under ``source``: ``<table>.parquet`` (file or folder) or a ``<table>`` folder.

    Local paths are resolved and checked; URLs are joined as given and checked by Spark when read.

    Raises
    ------
    DataFileError
        A local ``source`` holds neither ``<table>.parquet`` nor a ``<table>`` folder.
    """
    if is_remote(source):
        return str(source).rstrip("/") + f"/{table}.parquet"
    folder = Path(source).expanduser()
    for candidate in (folder / f"{table}.parquet", folder / table):
        if candidate.exists():
            return str(candidate.resolve())
    raise DataFileError(
        f"The Parquet table '{table}' was not found.",
        field="table",
        value=table,
        hint=f"Export the store there first (Store.export_parquet), or give the folder holding {table}.parquet.",
        location=str(folder),
    )


def read_table(spark: Any, source: str | Path, table: str) -> Any:
    """One table as a Spark DataFrame holding only :data:`REQUIRED_COLUMNS` (all columns for other tables).

    Raises
    ------
    DataFileError
        The table is missing, not Parquet, or lacks a required column.
    """
    location = table_location(source, table)
    try:
        frame = spark.read.parquet(location)
    except Exception as error:  # AnalysisException (path/format); kept generic so PySpark stays a lazy import
        raise DataFileError(
            f"Spark cannot read the Parquet table '{table}': {_first_line(error)}",
            field="table",
            value=table,
            hint="Check the path (object-storage URLs need the cluster's connector and credentials).",
            location=location,
        ) from None
    wanted = REQUIRED_COLUMNS.get(table)
    if wanted is None:
        return frame
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise DataFileError(
            f"The Parquet table '{table}' lacks column(s) {missing}.",
            field="columns",
            value=", ".join(missing),
            hint="Re-export it from a current stimsafe store (schema in docs/signals-data.md).",
            location=location,
        )
    return frame.select(*wanted)


def read_tables(spark: Any, source: str | Path, tables: tuple[str, ...] = COUNTING_TABLES) -> dict[str, Any]:
    """``reports``, ``devices`` and ``cases`` (or ``tables``) as pruned Spark DataFrames (see :func:`read_table`)."""
    return {table: read_table(spark, source, table) for table in tables}


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def require_current_parquet_cases(source: str | Path) -> None:
    """Refuse Parquet tables exported from a store whose harm cases were stale (``meta.cases_stale = '1'``).

    Checked when the folder holds a ``meta`` table (``meta.parquet``, as an export that includes the store's
    ``meta`` writes it); a folder without one, or an object-storage URL, cannot be checked here.

    Raises
    ------
    DataFileError
        The exported ``meta`` says the cases were out of date.
    """
    if is_remote(source):
        return
    try:
        location = table_location(source, "meta")
    except DataFileError:
        return
    import duckdb

    pattern = str(Path(location) / "**" / "*.parquet") if Path(location).is_dir() else location
    with duckdb.connect(":memory:") as con:
        try:
            row = con.execute("SELECT value FROM read_parquet(?) WHERE key = 'cases_stale'", [pattern]).fetchone()
        except duckdb.Error as error:
            raise DataFileError(
                f"The Parquet table 'meta' cannot be read: {_first_line(error)}",
                field="table",
                value="meta",
                hint="Re-export the store.",
                location=location,
            ) from None
    if row is not None and str(row[0]) != "0":
        from stimsafe.signals.harms.cases import STALE_HINT

        raise DataFileError(
            "These Parquet tables were exported from a store whose harm cases were out of date (an ingest stopped "
            "before the cases were rebuilt), so the counts would be wrong.",
            field="cases_stale",
            value=str(row[0]),
            hint="Fix the store first (" + STALE_HINT + ") Then export it again.",
            location=location,
        )
