"""2×2 tables and expected counts from DuckDB, by unique report (openEBGM's ``processRaw`` convention).

One SQL implementation serves two inputs:

- a *tidy* relation ``(id, var1, var2[, strat...])`` — openEBGM's input shape, used for the reference tests;
- the signals store (:mod:`stimsafe.signals.store`): device groups (lists of product codes) × harm cases, inside a
  comparator universe (all reports, the 21 CFR 882.5890 stimulator family, or a user-given list of product codes).

Counting convention (stated in every output, :data:`CONVENTION`): a report counts once per cell, once per margin and
once in the total, however many devices, patients or problem terms it lists; E = Σ_s N_v1,s · N_v2,s / N_tot,s over
the strata s (one stratum when unstratified); PRR/ROR use the unstratified margins; no continuity correction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from stimsafe.errors import InputError

FloatArray = npt.NDArray[np.float64]

CONVENTION = (
    "Counts are unique reports: a report counts once per device-group x harm cell, once per margin and once in the "
    "total, however many devices, patients or problem terms it lists (openEBGM processRaw). "
    "E = sum over strata of N_group,s x N_harm,s / N_total,s. No continuity correction is applied."
)

#: 21 CFR 882.5890 transcutaneous stimulator product codes named in facts/surveillance.md §3.2 and §8.3
STIMULATOR_FAMILY: tuple[str, ...] = ("NFO", "NYX", "NUH", "GZJ", "QFD")

STRATA: dict[str, str] = {
    "year": "coalesce(CAST(r.year AS VARCHAR), 'year?')",
    "sex": "coalesce(r.patient_sex, 'sex?')",
    "age": (
        "CASE WHEN r.patient_age_years IS NULL THEN 'age?' WHEN r.patient_age_years < 18 THEN '<18' "
        "WHEN r.patient_age_years < 40 THEN '18-39' WHEN r.patient_age_years < 65 THEN '40-64' ELSE '65+' END"
    ),
}
_SMALL_STRATUM = 50  # openEBGM warns below 50 unique ids per stratum


@dataclass(frozen=True)
class PairTable:
    """Counts for every (var1, var2) cell; arrays have shape ``(k,)``.

    Attributes
    ----------
    n
        a: reports with var1 and var2.
    n_var1, n_var2
        Reports with var1 (a+b), with var2 (a+c), in the universe.
    n_total
        Reports in the universe (N).
    expected
        E, stratified when ``strata`` is not empty.
    """

    var1: tuple[str, ...]
    var2: tuple[str, ...]
    n: FloatArray
    n_var1: FloatArray
    n_var2: FloatArray
    n_total: int
    expected: FloatArray
    strata: tuple[str, ...] = ()
    comparator: str = "all reports in the data"
    notes: tuple[str, ...] = field(default=())
    convention: str = CONVENTION

    def cells(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """(a, b, c, d) of every cell's 2×2 table."""
        a = self.n
        b = self.n_var1 - a
        c = self.n_var2 - a
        d = self.n_total - self.n_var1 - self.n_var2 + a
        return a, b, c, d

    def index(self, var1: str, var2: str) -> int | None:
        """Position of a cell, or ``None``."""
        for i, (x, y) in enumerate(zip(self.var1, self.var2, strict=True)):
            if x == var1 and y == var2:
                return i
        return None


_CORE_SQL = """
WITH u AS ({universe}), x AS ({exposures}), v AS ({events}), p AS ({pairs}),
tot AS (SELECT stratum, CAST(count(DISTINCT id) AS DOUBLE) AS n FROM u GROUP BY stratum),
m1s AS (SELECT var1, stratum, CAST(count(DISTINCT id) AS DOUBLE) AS n FROM x GROUP BY ALL),
m2s AS (SELECT var2, stratum, CAST(count(DISTINCT id) AS DOUBLE) AS n FROM v GROUP BY ALL),
m1 AS (SELECT var1, CAST(count(DISTINCT id) AS DOUBLE) AS n FROM x GROUP BY ALL),
m2 AS (SELECT var2, CAST(count(DISTINCT id) AS DOUBLE) AS n FROM v GROUP BY ALL),
obs AS (SELECT var1, var2, CAST(count(DISTINCT id) AS DOUBLE) AS n FROM p GROUP BY ALL),
cells AS ({cells}),
ex AS (
    SELECT c.var1, c.var2, sum(m1s.n * m2s.n / tot.n) AS e
    FROM cells c JOIN m1s ON m1s.var1 = c.var1
    JOIN m2s ON m2s.var2 = c.var2 AND m2s.stratum = m1s.stratum
    JOIN tot ON tot.stratum = m1s.stratum
    GROUP BY ALL
)
SELECT c.var1, c.var2, c.n, coalesce(m1.n, 0.0), coalesce(m2.n, 0.0), coalesce(ex.e, 0.0)
FROM cells c LEFT JOIN m1 ON m1.var1 = c.var1 LEFT JOIN m2 ON m2.var2 = c.var2
LEFT JOIN ex ON ex.var1 = c.var1 AND ex.var2 = c.var2
ORDER BY c.var1, c.var2
"""
_OBSERVED_CELLS = "SELECT var1, var2, n FROM obs"
_OBSERVED_VAR1 = "SELECT DISTINCT var1 FROM m1"
_OBSERVED_VAR2 = "SELECT DISTINCT var2 FROM m2"


def _all_cells(var1: str = _OBSERVED_VAR1, var2: str = _OBSERVED_VAR2) -> str:
    """Every ``var1`` x ``var2`` combination (relations with one column each), N = 0 where nothing was observed."""
    return (
        f"SELECT a.var1, b.var2, coalesce(obs.n, 0.0) AS n FROM ({var1}) a(var1) CROSS JOIN ({var2}) b(var2) "
        "LEFT JOIN obs ON obs.var1 = a.var1 AND obs.var2 = b.var2"
    )


def _literals(values: Sequence[str]) -> str:
    """A one-column relation of string literals (quoted for SQL)."""
    rows = ", ".join("('" + v.replace("'", "''") + "')" for v in values)
    return f"SELECT * FROM (VALUES {rows}) t(v)"


def _run_core(con: Any, sql: dict[str, str], params: list[Any]) -> tuple[list[tuple[Any, ...]], int, int]:
    """Run the core query; return the cell rows, N and the number of strata below the size openEBGM warns about."""
    query = _CORE_SQL.format(**sql)
    rows = con.execute(query, params).fetchall()
    total, small = con.execute(
        f"SELECT count(DISTINCT id), (SELECT count(*) FROM (SELECT stratum FROM ({sql['universe']}) "
        f"GROUP BY stratum HAVING count(DISTINCT id) < {_SMALL_STRATUM})) FROM ({sql['universe']})"
    ).fetchone()
    return rows, int(total), int(small)


def _table(rows: list[tuple[Any, ...]], n_total: int, **kwargs: Any) -> PairTable:
    cols = list(zip(*rows, strict=True)) if rows else [(), (), (), (), (), ()]
    arr = [np.asarray(c, dtype=np.float64) for c in cols[2:]]
    return PairTable(
        tuple(map(str, cols[0])), tuple(map(str, cols[1])), arr[0], arr[1], arr[2], n_total, arr[3], **kwargs
    )


def count_tidy(con: Any, relation: str, *, stratify: bool = False, zeroes: bool = False) -> PairTable:
    """openEBGM ``processRaw`` in SQL over a relation with columns ``id``, ``var1``, ``var2`` and ``strat*``.

    Parameters
    ----------
    con
        A DuckDB connection.
    relation
        A table or view name (trusted: it is pasted into SQL).
    stratify
        Use every ``strat*`` column of the relation for E.
    zeroes
        Include every (var1, var2) combination, with N = 0 where unobserved.
    """
    columns = [row[0] for row in con.execute(f"DESCRIBE {relation}").fetchall()]
    missing = {"id", "var1", "var2"} - set(columns)
    if missing:
        raise InputError(
            f"The relation lacks column(s) {sorted(missing)}.",
            field="relation",
            value=relation,
            hint="Provide id, var1, var2.",
        )
    strat_cols = [c for c in columns if c.startswith("strat")] if stratify else []
    stratum = "concat_ws('|', " + ", ".join(f"CAST({c} AS VARCHAR)" for c in strat_cols) + ")" if strat_cols else "''"
    sql = {
        "universe": f"SELECT DISTINCT id, {stratum} AS stratum FROM {relation}",
        "exposures": f"SELECT DISTINCT id, var1, {stratum} AS stratum FROM {relation}",
        "events": f"SELECT DISTINCT id, var2, {stratum} AS stratum FROM {relation}",
        "pairs": f"SELECT DISTINCT id, var1, var2 FROM {relation}",
        "cells": _all_cells() if zeroes else _OBSERVED_CELLS,
    }
    rows, total, small = _run_core(con, sql, [])
    notes = _small_note(small) if strat_cols else ()
    return _table(rows, total, strata=tuple(strat_cols), comparator="all reports in the data", notes=notes)


def _small_note(small: int) -> tuple[str, ...]:
    if small:
        return (f"{small} stratum/strata hold fewer than {_SMALL_STRATUM} reports; their expected counts are unstable",)
    return ()


@dataclass(frozen=True)
class Comparator:
    """The universe of reports the 2×2 tables are drawn from.

    ``product_codes`` ``None`` means every report in the store; otherwise reports with at least one device of one of
    these codes or of the analysed groups (so every group sits inside its own comparator).
    """

    name: str
    product_codes: tuple[str, ...] | None = None

    @classmethod
    def parse(cls, value: str) -> Comparator:
        """``all``, ``stimulators`` (21 CFR 882.5890 family) or a comma-separated list of product codes.

        >>> Comparator.parse("stimulators").product_codes
        ('NFO', 'NYX', 'NUH', 'GZJ', 'QFD')
        >>> Comparator.parse("nuh, NYX").product_codes
        ('NUH', 'NYX')
        """
        key = value.strip().lower()
        if key in {"all", ""}:
            return cls("all reports in the store")
        if key in {"stimulators", "882.5890", "family"}:
            return cls("21 CFR 882.5890 stimulator family (" + ", ".join(STIMULATOR_FAMILY) + ")", STIMULATOR_FAMILY)
        codes = tuple(c.strip().upper() for c in value.split(",") if c.strip())
        if not all(c.isalnum() and len(c) == 3 for c in codes):
            raise InputError(
                "A comparator is 'all', 'stimulators' or a list of 3-character product codes.",
                field="comparator",
                value=value,
                hint="Write e.g. --comparator stimulators or --comparator NUH,NYX,NFO.",
            )
        return cls("reports with product codes " + ", ".join(codes), codes)


def _stratum_sql(strata: Sequence[str]) -> str:
    unknown = [s for s in strata if s not in STRATA]
    if unknown:
        raise InputError(
            "Unknown stratum.", field="strata", value=",".join(unknown), hint=f"Use some of: {', '.join(STRATA)}."
        )
    if not strata:
        return "''"
    return "concat_ws('|', " + ", ".join(STRATA[s] for s in strata) + ")"


def count_store(
    con: Any,
    groups: Mapping[str, Sequence[str]] | None = None,
    *,
    comparator: Comparator | None = None,
    strata: Sequence[str] = (),
    harms: Sequence[str] | None = None,
) -> PairTable:
    """Device group × harm 2×2 tables from the signals store, by unique report.

    Parameters
    ----------
    con
        A DuckDB connection to the store (tables ``reports``, ``devices``, ``cases``).
    groups
        Label → product codes. ``None``: every product code is its own group (all pairs, for the MGPS prior).
    comparator
        The universe; every report in the store when ``None``.
    strata
        Any of ``year``, ``sex``, ``age`` (unknown values form their own stratum).
    harms
        Harm ids to keep; every harm with a case in the universe when ``None``.

    Returns
    -------
    PairTable
        With ``groups``: one cell for every requested group x harm (the given ``harms``, or every harm with a case
        in the universe), including a = 0 and groups without reports, so a group that never reported a harm still
        shows with its E and (undefined or zero) measures. With ``groups=None``: only observed cells (a >= 1), the
        input of the MGPS prior fit, as openEBGM's ``processRaw(zeroes = FALSE)``.
    """
    comparator = comparator or Comparator("all reports in the store")
    stratum = _stratum_sql(strata)
    group_rows = [(label, code.upper()) for label, codes in (groups or {}).items() for code in codes]
    params: list[Any] = []
    if groups is None:
        group_sql = (
            "SELECT DISTINCT product_code AS code, product_code AS label FROM devices WHERE product_code IS NOT NULL"
        )
    elif group_rows:
        group_sql = "SELECT * FROM (VALUES " + ", ".join("(?, ?)" for _ in group_rows) + ") g(label, code)"
        params = [v for row in group_rows for v in row]
    else:
        raise InputError("No device group was given.", field="groups", value=groups, hint="Give e.g. {'NFO': ['NFO']}.")
    universe_codes = (
        None if comparator.product_codes is None else set(comparator.product_codes) | {c for _, c in group_rows}
    )
    in_universe = "TRUE"
    if universe_codes is not None:
        codes = ", ".join("'" + c.replace("'", "''") + "'" for c in sorted(universe_codes))
        in_universe = f"r.mdr_report_key IN (SELECT mdr_report_key FROM devices WHERE product_code IN ({codes}))"
    harm_filter = ""
    if harms is not None:
        harm_filter = " AND c.harm_id IN (" + ", ".join("'" + h.replace("'", "''") + "'" for h in harms) + ")"
    universe = f"SELECT r.mdr_report_key AS id, {stratum} AS stratum FROM reports r WHERE {in_universe}"
    sql = {
        "universe": universe,
        "exposures": (
            f"SELECT DISTINCT u.id, g.label AS var1, u.stratum FROM ({universe}) u "
            f"JOIN devices d ON d.mdr_report_key = u.id JOIN ({group_sql}) g ON g.code = d.product_code"
        ),
        "events": (
            f"SELECT DISTINCT u.id, c.harm_id AS var2, u.stratum FROM ({universe}) u "
            f"JOIN cases c ON c.mdr_report_key = u.id{harm_filter}"
        ),
        "pairs": "SELECT DISTINCT x.id, x.var1, v.var2 FROM x JOIN v ON v.id = x.id",
        "cells": _OBSERVED_CELLS,
    }
    if groups is not None:  # every requested group x every harm, a = 0 included (issue: zero cells vanished)
        labels = _literals(list(dict.fromkeys(label for label, _ in group_rows)))
        sql["cells"] = _all_cells(labels, _literals(list(dict.fromkeys(harms))) if harms else _OBSERVED_VAR2)
    rows, total, small = _run_core(con, sql, params)
    notes = _small_note(small) if strata else ()
    return _table(rows, total, strata=tuple(strata), comparator=comparator.name, notes=notes)


def _codes_sql(codes: Sequence[str]) -> str:
    return ", ".join("'" + c.upper().replace("'", "''") + "'" for c in codes)


def counts_by_year(con: Any, codes: Sequence[str], harm_id: str) -> list[tuple[int | None, int, int]]:
    """(year, reports of the group with the harm, reports of the group) per year received, unique reports.

    Reports without a date received are kept, with year ``None`` (last): dropping them would lose cases.
    """
    rows = con.execute(
        "SELECT r.year, count(DISTINCT r.mdr_report_key) FILTER (WHERE c.harm_id IS NOT NULL), "
        "count(DISTINCT r.mdr_report_key) FROM reports r "
        f"JOIN devices d ON d.mdr_report_key = r.mdr_report_key AND d.product_code IN ({_codes_sql(codes)}) "
        "LEFT JOIN cases c ON c.mdr_report_key = r.mdr_report_key AND c.harm_id = ? "
        "GROUP BY r.year ORDER BY r.year NULLS LAST",
        [harm_id],
    ).fetchall()
    return [(None if y is None else int(y), int(a), int(n)) for y, a, n in rows]


#: The start of the sentence that matched a case (its ``[D]`` prefix removed), as ``harms.cases`` finds its text.
_MATCHED_SENTENCE = "left(regexp_replace(c.narrative_snippet, '^\\[[^\\]]*\\] ', ''), 80)"


def top_narratives(con: Any, codes: Sequence[str], harm_id: str, limit: int = 3) -> list[tuple[int, str]]:
    """Up to ``limit`` (report key, narrative) of the group's cases of the harm, newest report first, one narrative
    per report: the one holding the sentence that matched the harm (as ``signals cases`` shows it), else the event
    description; cut at 400 characters."""
    columns = {str(r[0]) for r in con.execute("SELECT column_name FROM (DESCRIBE cases)").fetchall()}
    # Parquet case tables written without the matched sentence order by the description alone.
    matched_first = (
        f"coalesce(contains(n.text, {_MATCHED_SENTENCE}), false) DESC, " if "narrative_snippet" in columns else ""
    )
    rows = con.execute(
        "SELECT k, t FROM (SELECT n.mdr_report_key AS k, left(n.text, 400) AS t, row_number() OVER ("
        f"PARTITION BY n.mdr_report_key ORDER BY {matched_first}"
        "(n.text_type_code = 'D') DESC, n.mdr_text_key) AS pick FROM narratives n "
        "JOIN cases c ON c.mdr_report_key = n.mdr_report_key AND c.harm_id = ? "
        f"WHERE n.mdr_report_key IN (SELECT mdr_report_key FROM devices WHERE product_code IN ({_codes_sql(codes)})) "
        "AND n.text IS NOT NULL) WHERE pick = 1 ORDER BY k DESC LIMIT ?",
        [harm_id, limit],
    ).fetchall()
    return [(int(k), str(t)) for k, t in rows]
