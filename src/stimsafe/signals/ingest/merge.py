"""Merge a file's staging tables into the store (inside the file's transaction).

openFDA records are whole reports: a newer version replaces the stored report and all its rows; an older one
(``meta.last_updated`` before the stored version's) is skipped and counted as superseded. Raw MAUDE files hold
one table each: rows replace the stored rows with the same key (later files win, as FDA change files intend).
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


def merge_openfda(con: Any, source_id: int, last_updated: date | None) -> tuple[int, int]:
    """Merge staged openFDA records; return (reports written, reports superseded)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE kept AS {_dedup('reports')}")
    con.execute("ALTER TABLE kept ADD COLUMN last_updated DATE")
    con.execute("UPDATE kept SET last_updated = ?", [last_updated])
    row = con.execute(
        "SELECT count(*) FROM kept k JOIN reports r USING (mdr_report_key) "
        "WHERE r.last_updated IS NOT NULL AND (k.last_updated IS NULL OR r.last_updated > k.last_updated)"
    ).fetchone()
    superseded = int(row[0]) if row else 0
    con.execute(
        "DELETE FROM kept WHERE mdr_report_key IN (SELECT r.mdr_report_key FROM reports r JOIN kept k "
        "USING (mdr_report_key) WHERE r.last_updated IS NOT NULL "
        "AND (k.last_updated IS NULL OR r.last_updated > k.last_updated))"
    )
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
    written = con.execute("SELECT count(*) FROM kept").fetchone()
    con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT mdr_report_key FROM kept")
    con.execute("DROP TABLE kept")
    return (int(written[0]) if written else 0), superseded


def merge_table(con: Any, table: str, source_id: int) -> int:
    """Upsert one staged raw-MAUDE table; return rows written."""
    cols = ", ".join(COLUMNS[table])
    con.execute(f"CREATE OR REPLACE TEMP TABLE kept AS {_dedup(table)}")
    con.execute(f"DELETE FROM {table} USING kept WHERE {_key_match(table, 'kept')}")
    extra = ", source_format" if table == "reports" else ""
    extra_values = ", 'maude'" if table == "reports" else ""
    con.execute(f"INSERT INTO {table} ({cols}, source_id{extra}) SELECT {cols}, ?{extra_values} FROM kept", [source_id])
    written = con.execute("SELECT count(*) FROM kept").fetchone()
    if "mdr_report_key" in COLUMNS[table]:
        con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT mdr_report_key FROM kept")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT mdr_report_key FROM reports LIMIT 0")
    con.execute("DROP TABLE kept")
    return int(written[0]) if written else 0


def resolve_terms(con: Any) -> None:
    """Fill problem terms from the ``problem_codes`` lookup wherever a code is known."""
    for table, kind in (("patient_problems", "patient"), ("device_problems", "device")):
        con.execute(
            f"UPDATE {table} SET problem_term = pc.term FROM problem_codes pc "
            f"WHERE pc.kind = '{kind}' AND {table}.problem_code = pc.code "
            f"AND {table}.problem_term IS DISTINCT FROM pc.term"
        )


def refresh_derived(con: Any) -> None:
    """Recompute ``reports.product_codes``, ``patient_sex`` and ``patient_age_years`` for the touched reports."""
    con.execute(
        "UPDATE reports SET product_codes = d.codes FROM ("
        "  SELECT mdr_report_key, list_sort(list(DISTINCT product_code)) AS codes FROM devices"
        "  WHERE product_code IS NOT NULL AND mdr_report_key IN (SELECT mdr_report_key FROM touched)"
        "  GROUP BY mdr_report_key) d WHERE reports.mdr_report_key = d.mdr_report_key"
    )
    con.execute(
        "UPDATE reports SET patient_sex = p.sex, patient_age_years = p.age FROM ("
        "  SELECT mdr_report_key, arg_min(sex, patient_sequence_no) AS sex,"
        "         arg_min(age_years, patient_sequence_no) AS age FROM patients"
        "  WHERE mdr_report_key IN (SELECT mdr_report_key FROM touched)"
        "  GROUP BY mdr_report_key) p WHERE reports.mdr_report_key = p.mdr_report_key"
    )
    con.execute(
        "UPDATE reports SET year = CAST(year(date_received) AS INTEGER) "
        "WHERE mdr_report_key IN (SELECT mdr_report_key FROM touched)"
    )
    con.execute("DROP TABLE IF EXISTS touched")
