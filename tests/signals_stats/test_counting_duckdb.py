"""DuckDB counting against openEBGM's processRaw outputs (vignette 02 toy; vignette 04 CAERS rows) and hand counts."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import numpy as np
import pytest

from stimsafe.errors import InputError
from stimsafe.signals.counting import CONVENTION, Comparator, count_store, count_tidy
from stimsafe.signals.stats import prr

# openEBGM vignette02 (set.seed(5629404)): id, var1, var2, strat1, strat2
TOY = [
    (1, "B", "e1", "F", "age_cat2"), (2, "A", "e1", "M", "age_cat1"), (3, "B", "e2", "M", "age_cat1"),
    (4, "A", "e1", "M", "age_cat1"), (5, "A", "e1", "F", "age_cat1"), (6, "A", "e1", "F", "age_cat1"),
    (7, "A", "e2", "F", "age_cat1"), (8, "A", "e2", "F", "age_cat1"), (9, "A", "e1", "M", "age_cat2"),
    (10, "A", "e2", "M", "age_cat1"), (11, "A", "e2", "M", "age_cat1"), (12, "B", "e2", "M", "age_cat2"),
    (13, "B", "e1", "M", "age_cat1"), (14, "B", "e2", "M", "age_cat1"), (15, "B", "e1", "M", "age_cat1"),
    (16, "B", "e2", "F", "age_cat1"), (17, "C", "e1", "M", "age_cat1"),
]  # fmt: skip
TOY_N = [5, 4, 3, 4, 1]
TOY_E = [4.7647059, 4.2352941, 3.7058824, 3.2941176, 0.5294118]
TOY_E_STRAT = [4.3222222, 4.6777778, 4.1222222, 2.8777778, 0.5555556]
TOY_PRR = [1.11, 0.89, 0.71, 1.43, 2.00]


@pytest.fixture
def toy() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE toy(id INTEGER, var1 VARCHAR, var2 VARCHAR, strat1 VARCHAR, strat2 VARCHAR)")
    con.executemany(
        "INSERT INTO toy VALUES (?, ?, ?, ?, ?)",
        [(i, f"product_{p}", f"event_{e[1]}", s1, s2) for i, p, e, s1, s2 in TOY],
    )
    return con


def test_toy_unstratified_exact(toy: duckdb.DuckDBPyConnection) -> None:
    t = count_tidy(toy, "toy")
    assert t.var1 == ("product_A", "product_A", "product_B", "product_B", "product_C")
    assert t.n.tolist() == TOY_N and t.n_total == 17
    assert t.expected == pytest.approx(TOY_E, abs=5e-8)
    assert np.round(t.n / t.expected, 2).tolist() == [1.05, 0.94, 0.81, 1.21, 1.89]
    assert np.round(prr(*t.cells()).estimate, 2).tolist() == TOY_PRR
    assert t.convention == CONVENTION


def test_toy_with_zeroes(toy: duckdb.DuckDBPyConnection) -> None:
    t = count_tidy(toy, "toy", zeroes=True)
    assert len(t.n) == 6
    i = t.index("product_C", "event_2")
    assert i is not None and t.n[i] == 0 and t.expected[i] == pytest.approx(0.4705882, abs=5e-8)
    assert float(prr(*t.cells()).estimate[i]) == 0.0


def test_toy_stratified(toy: duckdb.DuckDBPyConnection) -> None:
    t = count_tidy(toy, "toy", stratify=True)
    assert t.expected == pytest.approx(TOY_E_STRAT, abs=5e-8)
    assert np.round(prr(*t.cells()).estimate, 2).tolist() == TOY_PRR  # PRR ignores strata
    assert t.strata == ("strat1", "strat2") and "fewer than 50" in t.notes[0]


def test_caers_rows_match_processraw(shared_dir: Path) -> None:
    con = duckdb.connect()
    path = str(shared_dir / "data" / "caers.csv").replace("'", "''")
    con.execute(f"CREATE VIEW caers AS SELECT * FROM read_csv('{path}', header=true, all_varchar=true)")
    t = count_tidy(con, "caers")
    assert len(t.n) == 17_189 and t.n_total == 3_356
    # vignette04 head(processed): N, E, PRR
    for v1, v2, n, e, p in [
        ("1-PHENYLALANINE", "HEART RATE INCREASED", 1, 0.0360548272, 27.96),
        ("11 UNSPECIFIED VITAMINS", "ASTHMA", 1, 0.0038736591, 279.58),
        ("11 UNSPECIFIED VITAMINS", "CARDIAC FUNCTION TEST", 1, 0.0002979738, math.inf),
        ("REUMOFAN PLUS", "WEIGHT INCREASED", 16, 0.40643623, None),
    ]:
        i = t.index(v1, v2)
        assert i is not None and t.n[i] == n
        assert t.expected[i] == pytest.approx(e, abs=5e-9)  # printed to 8-10 decimals
        if p is not None:
            got = float(prr(*t.cells()).estimate[i])
            assert got == p if math.isinf(p) else round(got, 2) == p


def _store(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE reports(mdr_report_key BIGINT, year INTEGER, patient_sex VARCHAR, patient_age_years DOUBLE)"
    )
    con.execute("CREATE TABLE devices(mdr_report_key BIGINT, product_code VARCHAR)")
    con.execute("CREATE TABLE cases(mdr_report_key BIGINT, harm_id VARCHAR)")
    # 1-4: NFO (report 1 lists two NFO devices and two patients' palsy terms: still one report); 5-7 NUH; 8-10 XYZ
    con.executemany(
        "INSERT INTO reports VALUES (?, ?, ?, ?)", [(k, 2020 + k % 2, "female", 30.0) for k in range(1, 11)]
    )
    devices = [
        (1, "NFO"),
        (1, "NFO"),
        (2, "NFO"),
        (3, "NFO"),
        (4, "NFO"),
        (4, "NUH"),
        (5, "NUH"),
        (6, "NUH"),
        (7, "NUH"),
    ]
    con.executemany("INSERT INTO devices VALUES (?, ?)", [*devices, (8, "XYZ"), (9, "XYZ"), (10, "XYZ")])
    cases = [(1, "facial_palsy"), (2, "facial_palsy"), (5, "facial_palsy"), (8, "facial_palsy"), (9, "burn")]
    con.executemany("INSERT INTO cases VALUES (?, ?)", cases)


def test_store_counts_unique_reports_and_comparators() -> None:
    con = duckdb.connect()
    _store(con)
    t = count_store(con, {"NFO": ["NFO"]})
    i = t.index("NFO", "facial_palsy")
    assert i is not None
    # a=2 (reports 1, 2), a+b=4 (1-4), a+c=4 (1, 2, 5, 8), N=10
    assert (t.n[i], t.n_var1[i], t.n_var2[i], t.n_total) == (2, 4, 4, 10)
    assert t.expected[i] == pytest.approx(4 * 4 / 10)
    s = count_store(con, {"NFO": ["NFO"]}, comparator=Comparator.parse("stimulators"))
    j = s.index("NFO", "facial_palsy")
    assert j is not None and (s.n[j], s.n_var1[j], s.n_var2[j], s.n_total) == (2, 4, 3, 7)
    every = count_store(con, None)
    assert set(every.var1) == {"NFO", "NUH", "XYZ"}


def test_store_stratified_expected() -> None:
    con = duckdb.connect()
    _store(con)
    t = count_store(con, {"NFO": ["NFO"]}, strata=["year"])
    i = t.index("NFO", "facial_palsy")
    # odd years (2021): reports 1,3,5,7,9 -> NFO {1,3}, palsy {1,5}; even (2020): 2,4,6,8,10 -> NFO {2,4}, palsy {2,8}
    assert i is not None and t.expected[i] == pytest.approx(2 * 2 / 5 + 2 * 2 / 5)


def test_bad_comparator_and_stratum() -> None:
    with pytest.raises(InputError):
        Comparator.parse("not a code")
    con = duckdb.connect()
    _store(con)
    with pytest.raises(InputError):
        count_store(con, {"NFO": ["NFO"]}, strata=["colour"])


def test_group_without_the_harm_is_shown_with_a_zero() -> None:
    """Review finding 6: 39 NFO reports without burns, 30 other reports all burns -> NFO x burn, a = 0, is a row."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE reports(mdr_report_key BIGINT, year INTEGER, patient_sex VARCHAR, patient_age_years DOUBLE)"
    )
    con.execute("CREATE TABLE devices(mdr_report_key BIGINT, product_code VARCHAR)")
    con.execute("CREATE TABLE cases(mdr_report_key BIGINT, harm_id VARCHAR)")
    con.executemany("INSERT INTO reports VALUES (?, 2024, NULL, NULL)", [(k,) for k in range(1, 70)])
    con.executemany("INSERT INTO devices VALUES (?, ?)", [(k, "NFO" if k <= 39 else "NUH") for k in range(1, 70)])
    con.executemany("INSERT INTO cases VALUES (?, 'burn')", [(k,) for k in range(40, 70)])
    t = count_store(con, {"NFO": ["NFO"], "GZJ": ["GZJ"]})
    assert t.n_total == 69 and (t.var1, t.var2) == (("GZJ", "NFO"), ("burn", "burn"))
    i = t.index("NFO", "burn")
    assert i is not None
    # hand count: a = 0, a+b = 39, a+c = 30, N = 69, E = 39 * 30 / 69
    assert (t.n[i], t.n_var1[i], t.n_var2[i]) == (0, 39, 30)
    assert t.expected[i] == pytest.approx(39 * 30 / 69)
    assert float(prr(*t.cells()).estimate[i]) == 0.0
    j = t.index("GZJ", "burn")  # a requested group with no report at all: margins 0, E = 0
    assert j is not None and (t.n[j], t.n_var1[j], t.expected[j]) == (0, 0, 0.0)
    named = count_store(con, {"NFO": ["NFO"]}, harms=["burn", "facial_palsy"])
    assert named.var2 == ("burn", "facial_palsy") and named.n_var2.tolist() == [30, 0]
    assert count_store(con, None).var1 == ("NUH",)  # every-code counting (the MGPS prior) keeps observed cells only
