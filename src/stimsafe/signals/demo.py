"""The built-in demo dataset: SYNTHETIC reports with planted signals, so ``stimsafe signals report --demo`` runs on a
fresh install with no download.

Everything here is invented. Product codes of the 21 CFR 882.5890 family (NFO, NYX, NUH, GZJ, QFD) are used as
labels, with made-up counts; the other products are fictitious codes ``S01``…``S12``. Every narrative starts with
``SYNTHETIC DEMO RECORD``. Planted, by construction (relative to each harm's background reporting probability):

- NFO × facial_palsy reported 10× more often (a signal the statistics should flag);
- NUH × burn reported 3× more often;
- NFO × pain at the background rate (a null cell that should not be flagged).

The generator is seeded; the same seed gives the same database.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from stimsafe.domain.source import Source

DEMO_SEED = 20261125
DEMO_LABEL = "SYNTHETIC demo data with planted signals (not real reports)"

#: background probability that a report lists each harm (ids of ``stimsafe/signals/harms/harms.yaml``)
HARM_BACKGROUND: dict[str, float] = {
    "facial_palsy": 0.004,
    "ptosis": 0.003,
    "facial_weakness": 0.01,
    "twitching_spasm": 0.02,
    "numbness_paresthesia": 0.02,
    "burn": 0.06,
    "pain": 0.08,
    "swelling": 0.03,
}
PLANTED: dict[tuple[str, str], float] = {("ZZ1", "facial_palsy"): 10.0, ("ZZ3", "burn"): 3.0}
NULL_CELL = ("ZZ1", "pain")
#: the invented stand-ins for a stimulator family; ``--comparator stimulators`` on the demo means these
DEMO_FAMILY: tuple[str, ...] = ("ZZ1", "ZZ2", "ZZ3", "ZZ4", "ZZ5")

#: product code -> share of reports
PRODUCTS: dict[str, float] = {
    "ZZ1": 0.04,
    "ZZ2": 0.02,
    "ZZ3": 0.10,
    "ZZ4": 0.05,
    "ZZ5": 0.01,
    **{f"S{i:02d}": 0.78 / 12 for i in range(1, 13)},
}

DEMO_SOURCE = Source(
    id="stimsafe-demo",
    title="stimsafe built-in synthetic demo dataset (planted signals)",
    note="Synthetic; for demonstrating the method only. No conclusion about any device may be drawn from it.",
)


def _columns(n_reports: int, seed: int) -> dict[str, dict[str, Any]]:
    """Column arrays of the demo tables (DuckDB scans NumPy arrays directly)."""
    rng = np.random.default_rng(seed)
    codes = np.array(list(PRODUCTS), dtype=object)
    shares = np.array(list(PRODUCTS.values()))
    product = rng.choice(len(codes), size=n_reports, p=shares / shares.sum())
    keys = np.arange(1, n_reports + 1, dtype=np.int64)
    age = np.round(rng.uniform(16, 80, size=n_reports))
    reports = {
        "k": keys,
        "y": rng.integers(2019, 2026, size=n_reports).astype(np.int32),
        "s": rng.choice(np.array(["female", "male", "unknown"], dtype=object), size=n_reports, p=[0.6, 0.3, 0.1]),
        "a": np.where(rng.random(n_reports) < 0.2, np.nan, age),
        "pc": codes[product],
    }
    case_keys: list[Any] = []
    case_harms: list[Any] = []
    for harm, base in HARM_BACKGROUND.items():
        prob = np.full(n_reports, base)
        for (code, planted_harm), factor in PLANTED.items():
            if planted_harm == harm:
                prob[product == list(PRODUCTS).index(code)] *= factor
        hit = np.flatnonzero(rng.random(n_reports) < prob)
        case_keys.append(keys[hit])
        case_harms.append(np.full(hit.size, harm, dtype=object))
    k = np.concatenate(case_keys)
    h = np.concatenate(case_harms)
    cases = {"k": k, "h": h, "pc": codes[product[k - 1]]}
    return {"reports": reports, "cases": cases}


_NARRATIVE_SQL = (
    "'SYNTHETIC DEMO RECORD. THE USER REPORTED ' || upper(replace(h, '_', ' ')) || ' AFTER USING A ' || pc || "
    "' DEVICE AT HOME. THIS TEXT IS INVENTED AND DESCRIBES NO REAL EVENT.'"
)


def build_demo_store(n_reports: int = 20_000, seed: int = DEMO_SEED) -> Any:
    """An in-memory signals store (the schema of :mod:`stimsafe.signals.store`) filled with the synthetic demo data.

    Returns the open :class:`~stimsafe.signals.store.Store`; close it when done.
    """
    from stimsafe.signals.store import open_store

    store = open_store(":memory:")
    con = store.connection
    columns = _columns(n_reports, seed)
    demo_reports = columns["reports"]  # noqa: F841 -- scanned by name by DuckDB below
    demo_cases = columns["cases"]  # noqa: F841
    con.execute(
        "INSERT INTO reports (mdr_report_key, year, date_received, event_type, patient_sex, patient_age_years, "
        "product_codes, source_format, source_id) SELECT k, y, make_date(y, 6, 1), 'Injury', nullif(s, 'unknown'), "
        "CASE WHEN isnan(a) THEN NULL ELSE a END, [pc], 'synthetic', 0 FROM demo_reports"
    )
    con.execute(
        "INSERT INTO devices (mdr_report_key, device_sequence_no, product_code, source_id) "
        "SELECT k, 1, pc, 0 FROM demo_reports"
    )
    con.execute(
        "INSERT INTO cases (mdr_report_key, harm_id, matched_by, matched_terms) "
        "SELECT k, h, 'term', replace(h, '_', ' ') FROM demo_cases"
    )
    con.execute(
        "INSERT INTO narratives (mdr_report_key, mdr_text_key, text_type_code, text_type, text, source_id) "
        f"SELECT k, CAST(k AS VARCHAR) || '-' || h, 'D', 'Description of Event or Problem', {_NARRATIVE_SQL}, 0 "
        "FROM demo_cases"
    )
    store.set_meta("dataset", DEMO_LABEL)
    return store
