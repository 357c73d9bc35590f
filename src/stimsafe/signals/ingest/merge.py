"""Merge a file's staging tables into the store (inside the file's transaction).

openFDA records are whole reports: a record replaces the stored report and all its rows, unless both carry a
``meta.last_updated`` and the stored one is later (then it is skipped and counted as superseded). A file without
``meta.last_updated`` cannot be dated, so ingest order decides, as for raw MAUDE: it replaces what is stored, and a
later dated file replaces it. Raw MAUDE files hold one table each: rows replace the stored rows with the same key
(later files win, as FDA change files intend). Within one file the last row read per key wins and every earlier
row with that key is counted as superseded, so ``rows_read = rows_loaded + rows_rejected + rows_superseded``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from stimsafe.signals.ingest.sink import COLUMNS, KEYS
from stimsafe.signals.store import REPORT_CHILD_TABLES


def _dedup(table: str) -> str:
    """SELECT of ``stage_<table>`` keeping the last row read per primary key."""
    keys = ", ".join(KEYS[table])
    return f"SELECT * FROM stage_{table} QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY ord DESC) = 1"


def _key_match(table: str, alias: str) -> str:
    return " AND ".join(f"{table}.{k} = {alias}.{k}" for k in KEYS[table])


_STORED_IS_LATER = (
    "SELECT r.mdr_report_key FROM reports r JOIN kept k USING (mdr_report_key) "
    "WHERE r.last_updated IS NOT NULL AND k.last_updated IS NOT NULL AND r.last_updated > k.last_updated"
)


def _count(con: Any, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def merge_openfda(con: Any, source_id: int, last_updated: date | None) -> tuple[int, int]:
    """Merge staged openFDA records; return (reports written, records superseded).

    Superseded: records repeated later in the same file, and records older than the stored version.
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE kept AS {_dedup('reports')}")
    repeated = _count(con, "SELECT count(*) FROM stage_reports") - _count(con, "SELECT count(*) FROM kept")
    con.execute("ALTER TABLE kept ADD COLUMN last_updated DATE")
    con.execute("UPDATE kept SET last_updated = ?", [last_updated])
    older = _count(con, f"SELECT count(*) FROM ({_STORED_IS_LATER})")
    con.execute(f"DELETE FROM kept WHERE mdr_report_key IN ({_STORED_IS_LATER})")
    for table in (*REPORT_CHILD_TABLES, "reports"):
        con.execute(f"DELETE FROM {table} WHERE mdr_report_key IN (SELECT mdr_report_key FROM kept)")
    cols = ", ".join(COLUMNS["reports"])
    con.execute(
        f"INSERT INTO reports ({cols}, source_format, source_id, last_updated) "
        f"SELECT {cols}, 'openfda', ?, last_updated FROM kept",
        [source_id],
    )
    for table in REPORT_CHILD_TABLES:
        cols = ", ".join(COLUMNS[table])
        con.execute(
            f"INSERT INTO {table} ({cols}, source_id) SELECT {cols}, ? FROM ("
            f"SELECT c.* FROM stage_{table} c JOIN kept k ON c.mdr_report_key = k.mdr_report_key AND c.ord = k.ord"
            f") QUALIFY row_number() OVER (PARTITION BY {', '.join(KEYS[table])} ORDER BY ord DESC) = 1",
            [source_id],
        )
    written = _count(con, "SELECT count(*) FROM kept")
    con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT mdr_report_key FROM kept")
    con.execute("DROP TABLE kept")
    return written, repeated + older


def merge_table(con: Any, table: str, source_id: int) -> tuple[int, int]:
    """Upsert one staged raw-MAUDE table; return (rows written, rows superseded by a later row with the same key)."""
    cols = ", ".join(COLUMNS[table])
    con.execute(f"CREATE OR REPLACE TEMP TABLE kept AS {_dedup(table)}")
    con.execute(f"DELETE FROM {table} USING kept WHERE {_key_match(table, 'kept')}")
    extra = ", source_format" if table == "reports" else ""
    extra_values = ", 'maude'" if table == "reports" else ""
    con.execute(f"INSERT INTO {table} ({cols}, source_id{extra}) SELECT {cols}, ?{extra_values} FROM kept", [source_id])
    written = _count(con, "SELECT count(*) FROM kept")
    superseded = _count(con, f"SELECT count(*) FROM stage_{table}") - written
    if "mdr_report_key" in COLUMNS[table]:
        con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT mdr_report_key FROM kept")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT mdr_report_key FROM reports LIMIT 0")
    con.execute("DROP TABLE kept")
    return written, superseded


def resolve_terms(con: Any) -> None:
    """Fill problem terms from the ``problem_codes`` lookup wherever a code is known."""
    for table, kind in (("patient_problems", "patient"), ("device_problems", "device")):
        con.execute(
            f"UPDATE {table} SET problem_term = pc.term FROM problem_codes pc "
            f"WHERE pc.kind = '{kind}' AND {table}.problem_code = pc.code "
            f"AND {table}.problem_term IS DISTINCT FROM pc.term"
        )


#: Which derived ``reports`` columns depend on which table (a file of one table only touches those).
_DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "reports": ("product_codes", "patient", "year"),  # a replaced report row starts with empty derived columns
    "devices": ("product_codes",),
    "patients": ("patient",),
}
_REFRESH: dict[str, str] = {
    "product_codes": (
        "UPDATE reports SET product_codes = d.codes FROM ("
        "  SELECT mdr_report_key, list_sort(list(DISTINCT product_code)) AS codes FROM devices"
        "  WHERE product_code IS NOT NULL AND mdr_report_key IN (SELECT mdr_report_key FROM touched)"
        "  GROUP BY mdr_report_key) d WHERE reports.mdr_report_key = d.mdr_report_key"
    ),
    "patient": (
        "UPDATE reports SET patient_sex = p.sex, patient_age_years = p.age FROM ("
        "  SELECT mdr_report_key, arg_min(sex, patient_sequence_no) AS sex,"
        "         arg_min(age_years, patient_sequence_no) AS age FROM patients"
        "  WHERE mdr_report_key IN (SELECT mdr_report_key FROM touched)"
        "  GROUP BY mdr_report_key) p WHERE reports.mdr_report_key = p.mdr_report_key"
        "  AND (reports.patient_sex IS DISTINCT FROM p.sex OR reports.patient_age_years IS DISTINCT FROM p.age)"
    ),
    "year": (
        "UPDATE reports SET year = CAST(year(date_received) AS INTEGER) "
        "WHERE mdr_report_key IN (SELECT mdr_report_key FROM touched) AND date_received IS NOT NULL"
    ),
}


def refresh_derived(con: Any, tables: tuple[str, ...] = ("reports",)) -> None:
    """Recompute the derived ``reports`` columns (``product_codes``, ``patient_sex``/``patient_age_years``,
    ``year``) that depend on the ``tables`` just merged, for the touched reports only."""
    parts = {part for table in tables for part in _DERIVED_FROM.get(table, ())}
    for part in ("product_codes", "patient", "year"):
        if part in parts:
            con.execute(_REFRESH[part])
    con.execute("DROP TABLE IF EXISTS touched")
