"""Where readers put rows: per-table column buffers flushed in batches into TEMP staging tables.

Readers never write the real tables. The loader merges the staging tables into the store at the end of a file,
inside the file's transaction, so a failure half-way leaves the store as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Columns a reader supplies per table (``source_id`` is added by the loader; derived columns are computed later).
COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": (
        "mdr_report_key",
        "report_number",
        "event_key",
        "date_received",
        "date_of_event",
        "date_report",
        "event_type",
        "report_source",
        "source_type",
        "reporter_occupation",
        "health_professional",
        "adverse_event_flag",
        "product_problem_flag",
        "manufacturer_name",
        "type_of_report",
    ),
    "devices": (
        "mdr_report_key",
        "device_sequence_no",
        "device_event_key",
        "product_code",
        "brand_name",
        "generic_name",
        "model_number",
        "manufacturer_name",
        "device_operator",
        "date_received",
        "udi_di",
        "device_class",
        "device_name",
        "regulation_number",
        "reported_sequence_no",
    ),
    "patients": (
        "mdr_report_key",
        "patient_sequence_no",
        "date_received",
        "sex",
        "age_text",
        "age_years",
        "outcomes",
        "treatment",
    ),
    "patient_problems": ("mdr_report_key", "patient_sequence_no", "problem_id", "problem_code", "problem_term"),
    "device_problems": ("mdr_report_key", "problem_id", "problem_code", "problem_term"),
    "narratives": (
        "mdr_report_key",
        "mdr_text_key",
        "text_type_code",
        "text_type",
        "patient_sequence_no",
        "date_report",
        "text",
    ),
    "problem_codes": ("kind", "code", "term"),
}

#: Primary key of each table (the merge keeps the last row read per key).
KEYS: dict[str, tuple[str, ...]] = {
    "reports": ("mdr_report_key",),
    "devices": ("mdr_report_key", "device_sequence_no"),
    "patients": ("mdr_report_key", "patient_sequence_no"),
    "patient_problems": ("mdr_report_key", "patient_sequence_no", "problem_id"),
    "device_problems": ("mdr_report_key", "problem_id"),
    "narratives": ("mdr_report_key", "mdr_text_key"),
    "problem_codes": ("kind", "code"),
}

_RAW_LIMIT = 2000


@dataclass
class Reject:
    """A malformed row: where it starts, why it was rejected, and the row as read."""

    line_no: int
    reason: str
    raw: str


@dataclass
class Sink:
    """Column buffers for one file; ``flush`` moves them into ``stage_<table>`` TEMP tables.

    Parameters
    ----------
    connection
        The store's DuckDB connection (inside the file's transaction).
    batch_rows
        Rows buffered per table before a flush.
    """

    connection: Any
    batch_rows: int = 50_000
    rejects: list[Reject] = field(default_factory=list)
    field_problems: list[Reject] = field(default_factory=list)
    rows_added: dict[str, int] = field(default_factory=dict)
    _rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def create_staging(self) -> None:
        """Create empty TEMP staging tables shaped like the real ones, plus an ``ord`` column."""
        for table, columns in COLUMNS.items():
            self.connection.execute(f"DROP TABLE IF EXISTS stage_{table}")
            cols = ", ".join(columns)
            self.connection.execute(
                f"CREATE TEMP TABLE stage_{table} AS SELECT {cols}, CAST(0 AS BIGINT) AS ord FROM {table} LIMIT 0"
            )
            self._rows[table] = []
            self.rows_added[table] = 0

    def drop_staging(self) -> None:
        """Drop the staging tables."""
        for table in COLUMNS:
            self.connection.execute(f"DROP TABLE IF EXISTS stage_{table}")

    def add(self, table: str, row: tuple[Any, ...], ord_: int) -> None:
        """Buffer one row (values in :data:`COLUMNS` order); ``ord_`` orders rows so the last one wins."""
        rows = self._rows[table]
        rows.append((*row, ord_))
        if len(rows) >= self.batch_rows:
            self._flush_table(table)

    def reject(self, line_no: int, reason: str, raw: str) -> None:
        """Record a malformed row (kept in the ``rejects`` table)."""
        self.rejects.append(Reject(line_no, reason, raw[:_RAW_LIMIT]))

    def field_problem(self, line_no: int, reason: str, raw: str) -> None:
        """Record a bad value in a kept row: the field was stored empty (``rejects`` row of kind ``field``)."""
        self.field_problems.append(Reject(line_no, reason, raw[:_RAW_LIMIT]))

    def flush(self) -> None:
        """Move every buffered row into the staging tables."""
        for table in self._rows:
            self._flush_table(table)

    def _flush_table(self, table: str) -> None:
        rows = self._rows[table]
        if not rows:
            return
        self.rows_added[table] += len(rows)
        names = [*COLUMNS[table], "ord"]
        columns = list(zip(*rows, strict=True))
        batch = {name: _array(values, name in _DATES) for name, values in zip(names, columns, strict=True)}
        self.connection.register("sink_batch", batch)
        try:
            self.connection.execute(f"INSERT INTO stage_{table} SELECT {', '.join(names)} FROM sink_batch")
        finally:
            self.connection.unregister("sink_batch")
        self._rows[table] = []


#: Columns holding dates (handed to DuckDB as ISO text, cast on insert).
_DATES = frozenset(c for columns in COLUMNS.values() for c in columns if c.startswith("date"))


def _array(values: tuple[Any, ...], dates: bool) -> Any:
    out = np.empty(len(values), dtype=object)
    out[:] = [None if v is None else v.isoformat() for v in values] if dates else values
    return out
