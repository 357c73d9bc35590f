"""Build the ``cases`` table from the store, and list cases with their narratives.

Term matches are found in SQL (RE2 regular expressions over problem terms, exact problem codes). Narrative
matches are pre-filtered in SQL with the harm's pattern, then checked sentence by sentence for negation in
Python (:mod:`stimsafe.text.negation`, shared with triage), so only candidate texts leave the database. A harm's
``exclude_patterns`` ("cerebral palsy", "burning sensation") veto a problem term that matches them and a narrative
match that lies inside one of them. Every narrative type is searched, event descriptions (``D``) first; the snippet
starts with the text type code it came from (``[D]``, ``[N]``...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from stimsafe.errors import DataFileError, InputError
from stimsafe.signals.harms.definitions import HarmDefinition, load_harms
from stimsafe.signals.store import Store
from stimsafe.text.negation import NarrativeMatch, find_affirmed

_SNIPPET = 300


def _term_matches(con: Any, harm: HarmDefinition) -> dict[int, str]:
    found: dict[int, set[str]] = {}
    queries = (
        ("patient_problems", harm.term_regex, harm.codes),
        ("device_problems", harm.device_term_regex, harm.device_codes),
    )
    for table, regex, codes in queries:
        conditions, params = [], []
        if regex:
            conditions.append("regexp_matches(problem_term, ?, 'i')")
            params.append(regex)
        if codes:
            conditions.append(f"problem_code IN ({', '.join('?' for _ in codes)})")
            params.extend(codes)
        if not conditions:
            continue
        where = f"({' OR '.join(conditions)})"
        if harm.exclude_regex:
            where += " AND NOT coalesce(regexp_matches(problem_term, ?, 'i'), false)"
            params.append(harm.exclude_regex)
        rows = con.execute(
            f"SELECT mdr_report_key, coalesce(problem_term, problem_code) FROM {table} WHERE {where}", params
        ).fetchall()
        for key, term in rows:
            found.setdefault(int(key), set()).add(str(term))
    return {key: "; ".join(sorted(terms)) for key, terms in found.items()}


def narrative_matcher(harm: HarmDefinition) -> Callable[[str], NarrativeMatch] | None:
    """The case test for one narrative text of ``harm`` (patterns, negation, context, exclusions), or ``None`` when
    the harm has no narrative patterns. Used by the DuckDB and the Spark case builders alike."""
    if not harm.narrative_regex:
        return None
    pattern = re.compile(harm.narrative_regex, re.IGNORECASE)
    exclude = re.compile(harm.exclude_regex, re.IGNORECASE) if harm.exclude_regex else None
    return lambda text: find_affirmed(text, pattern, exclude)


def _narrative_matches(con: Any, harm: HarmDefinition) -> dict[int, str]:
    matcher = narrative_matcher(harm)
    if matcher is None:
        return {}
    cursor = con.execute(
        "SELECT mdr_report_key, text, text_type_code FROM narratives WHERE regexp_matches(text, ?, 'i') "
        "ORDER BY mdr_report_key, coalesce(text_type_code, 'D') <> 'D', text_type_code, mdr_text_key",
        [harm.narrative_regex],
    )
    found: dict[int, str] = {}
    while batch := cursor.fetchmany(10_000):
        for key, text, text_type in batch:
            if int(key) in found:
                continue
            match = matcher(str(text))
            if match:
                found[int(key)] = f"[{text_type or '?'}] {match.sentence}"[:_SNIPPET]
    return found


def build_cases(store: Store, harm_ids: list[str] | None = None) -> dict[str, dict[str, int]]:
    """Rebuild the ``cases`` rows of the given harms (all by default) in one transaction.

    Returns
    -------
    dict
        Per harm: number of case reports matched by ``term``, ``narrative``, ``both`` and in ``total``.
    """
    harms = load_harms()
    selected = [harms.get(h) for h in harm_ids] if harm_ids else list(harms.harms)
    con = store.connection
    summary: dict[str, dict[str, int]] = {}
    rows: dict[str, list[Any]] = {k: [] for k in ("k", "harm", "matched_by", "terms", "snippet")}
    for harm in selected:
        terms, texts = _term_matches(con, harm), _narrative_matches(con, harm)
        counts = {"term": 0, "narrative": 0, "both": 0}
        for key in sorted(terms.keys() | texts.keys()):
            by = "both" if key in terms and key in texts else "term" if key in terms else "narrative"
            counts[by] += 1
            for name, value in zip(rows, (key, harm.id, by, terms.get(key), texts.get(key)), strict=True):
                rows[name].append(value)
        summary[harm.id] = {**counts, "total": sum(counts.values())}
    with store.transaction():
        con.execute(
            f"DELETE FROM cases WHERE harm_id IN ({', '.join('?' for _ in selected)})", [h.id for h in selected]
        )
        batch = {name: np.array(values, dtype=object) for name, values in rows.items()}
        con.register("cases_batch", batch)
        try:
            con.execute("INSERT INTO cases SELECT k, harm, matched_by, terms, snippet FROM cases_batch")
        finally:
            con.unregister("cases_batch")
        if not harm_ids:
            store.set_meta("cases_stale", "0")
    return summary


def ensure_cases(store: Store) -> None:
    """Rebuild all cases if data were ingested since the last build."""
    if store.get_meta("cases_stale") != "0":
        build_cases(store)


def cases_stale(store: Store) -> bool:
    """Whether the ``cases`` table may be out of date: reports were ingested after the last :func:`build_cases`.

    The loader sets ``meta.cases_stale = '1'`` with every committed file and :func:`build_cases` (all harms) sets
    ``'0'``; a store with reports but no flag at all is treated as stale too.
    """
    flag = store.get_meta("cases_stale")
    if flag is not None:
        return flag != "0"
    row = store.connection.execute("SELECT count(*) FROM reports").fetchone()
    return bool(row and row[0])


#: what to do about stale cases (shared by the store and the Parquet checks)
STALE_HINT = (
    "Run `stimsafe signals ingest` again for the file(s) that failed (files already loaded are skipped), or add "
    "--rebuild-cases to rebuild the harm cases from what the store holds now."
)


def require_current_cases(store: Store, location: str) -> None:
    """Refuse to count on stale harm cases.

    Raises
    ------
    DataFileError
        ``meta.cases_stale`` is set (an ingest stopped before the cases were rebuilt): counts would be wrong.
    """
    if cases_stale(store):
        raise DataFileError(
            "The harm cases are out of date: reports were loaded after the cases were last built (an ingest "
            "probably stopped on an error), so the counts would be wrong.",
            field="cases_stale",
            value="1",
            hint=STALE_HINT,
            location=location,
        )


@dataclass(frozen=True)
class CaseRow:
    """One case for listing: the report, how it matched, and the narrative that matched (else its description)."""

    mdr_report_key: int
    event_key: str | None
    date_received: str | None
    product_codes: tuple[str, ...]
    matched_by: str
    matched_terms: str | None
    snippet: str | None
    narrative: str | None


#: The narrative(s) holding the sentence that matched (the snippet without its ``[D]`` prefix) ...
_MATCHED_TEXT = (
    "(SELECT string_agg(n.text, ' / ' ORDER BY n.mdr_text_key) FROM narratives n "
    "WHERE n.mdr_report_key = b.mdr_report_key AND b.narrative_snippet IS NOT NULL "
    "AND contains(n.text, left(regexp_replace(b.narrative_snippet, '^\\[[^\\]]*\\] ', ''), 80)))"
)
#: ... else (a match by problem term) the event descriptions.
_DESCRIPTION = (
    "(SELECT string_agg(n.text, ' / ' ORDER BY n.mdr_text_key) FROM narratives n "
    "WHERE n.mdr_report_key = b.mdr_report_key AND coalesce(n.text_type_code, 'D') = 'D')"
)


def list_cases(
    store: Store, harm_id: str, *, product_code: str | None = None, dedup: str = "report", limit: int = 50
) -> tuple[int, list[CaseRow]]:
    """Cases of one harm, optionally for one product code; ``dedup="event"`` keeps one report per EVENT_KEY.

    Returns the total number of (deduplicated) cases and the first ``limit`` rows, newest first.
    """
    load_harms().get(harm_id)
    if dedup not in ("report", "event"):
        raise InputError("Unknown de-duplication.", field="--dedup", value=dedup, hint="Use 'report' or 'event'.")
    ensure_cases(store)
    where = "c.harm_id = ?" + (" AND list_contains(r.product_codes, ?)" if product_code else "")
    params: list[Any] = [harm_id] + ([product_code.upper()] if product_code else [])
    base = (
        "SELECT c.*, r.event_key, r.date_received, r.product_codes, "
        "coalesce(nullif(r.event_key, ''), 'report:' || CAST(c.mdr_report_key AS VARCHAR)) AS dedup_key "
        f"FROM cases c LEFT JOIN reports r USING (mdr_report_key) WHERE {where}"
    )
    if dedup == "event":
        base = f"SELECT * FROM ({base}) QUALIFY row_number() OVER (PARTITION BY dedup_key ORDER BY mdr_report_key) = 1"
    total = store.connection.execute(f"SELECT count(*) FROM ({base})", params).fetchone()
    rows = store.connection.execute(
        f"SELECT b.mdr_report_key, b.event_key, CAST(b.date_received AS VARCHAR), b.product_codes, b.matched_by, "
        f"b.matched_terms, b.narrative_snippet, coalesce({_MATCHED_TEXT}, {_DESCRIPTION}) "
        f"FROM ({base}) b ORDER BY b.date_received DESC NULLS LAST, b.mdr_report_key LIMIT ?",
        [*params, limit],
    ).fetchall()
    out = [CaseRow(int(r[0]), r[1], r[2], tuple(r[3] or ()), r[4], r[5], r[6], r[7]) for r in rows]
    return (int(total[0]) if total else 0), out
