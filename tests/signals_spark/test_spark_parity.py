"""Spark and DuckDB give the same counts (exactly) and the same statistics (within 1e-9) on the same Parquet files.

Both engines read one folder of Parquet tables: the seeded synthetic tables (planted signals, multi-device reports,
repeated and missing product codes, reports without devices, unknown strata) and the DuckDB store's own export
after ingesting raw MAUDE files. The statistics are the one implementation in ``stimsafe.signals.stats``, run on
each engine's counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from stimsafe.signals.counting import STIMULATOR_FAMILY, Comparator, PairTable
from stimsafe.signals.spark.counting import count_parquet
from stimsafe.signals.spark.engine import count_pairs
from stimsafe.signals.stats import Hyperparameters, fit_prior
from stimsafe.signals.stats.score import CellScores, score_cells

pytestmark = pytest.mark.spark

REL = 1e-9

CASES: dict[str, dict[str, Any]] = {
    "every-code-stimulators-sex": {"groups": None, "comparator": "stimulators", "strata": ("sex",)},
    "two-groups-stimulators-year-sex-age": {
        "groups": {"facial": ["NFO", "nyx"], "NUH": ["NUH"]},
        "comparator": "stimulators",
        "strata": ("year", "sex", "age"),
    },
    "code-list-comparator-sex": {
        "groups": {"NFO": ["NFO"], "S01": ["S01"]},
        "comparator": "NFO,S02,S03",
        "strata": ("sex",),
    },
    "chosen-harms-age-year": {
        "groups": {"NFO": ["NFO"], "GZJ+QFD": ["GZJ", "QFD"]},
        "comparator": "all",
        "strata": ("age", "year"),
        "harms": ["facial_palsy", "pain", "no_such_harm"],
    },
    "zero-cells-group-without-reports": {
        "groups": {"NFO": ["NFO"], "none": ["ZZZ"]},
        "comparator": "stimulators",
        "strata": ("year",),
    },
}


def _both(source: Path, spark: Any, case: dict[str, Any]) -> tuple[PairTable, PairTable]:
    kwargs = {k: v for k, v in case.items() if k != "comparator"}
    kwargs["comparator"] = Comparator.parse(case["comparator"])
    duck = count_pairs(source, engine="duckdb", **kwargs)
    return duck, count_parquet(spark, source, **kwargs)


def _assert_same_counts(duck: PairTable, spark: PairTable) -> None:
    assert len(duck.n) > 0
    assert spark.var1 == duck.var1 and spark.var2 == duck.var2  # same cells, same order
    for name in ("n", "n_var1", "n_var2"):
        np.testing.assert_array_equal(getattr(spark, name), getattr(duck, name), err_msg=name)
    assert spark.n_total == duck.n_total
    assert (spark.strata, spark.comparator, spark.notes, spark.convention) == (
        duck.strata,
        duck.comparator,
        duck.notes,
        duck.convention,
    )
    np.testing.assert_allclose(spark.expected, duck.expected, rtol=REL, atol=0)


def _assert_same_scores(duck: CellScores, spark: CellScores) -> None:
    for f in fields(CellScores):
        a, b = getattr(duck, f.name), getattr(spark, f.name)
        if f.name == "flags":
            for flag in fields(a):
                np.testing.assert_array_equal(getattr(b, flag.name), getattr(a, flag.name), err_msg=flag.name)
            continue
        np.testing.assert_allclose(b, a, rtol=REL, atol=0, equal_nan=True, err_msg=f.name)


@pytest.fixture(scope="module")
def prior() -> Hyperparameters:
    """DuMouchel's (1999) published prior, so EBGM/EB05/EB95 are compared under one fixed prior."""
    return Hyperparameters(0.2041, 0.05816, 1.415, 1.838, 0.0969)


@pytest.fixture(scope="module")
def counted(synthetic_parquet: Path, spark: Any) -> Callable[[str], tuple[PairTable, PairTable]]:
    """Each case counted once by each engine (the tests below share the results)."""
    memo: dict[str, tuple[PairTable, PairTable]] = {}

    def get(name: str) -> tuple[PairTable, PairTable]:
        if name not in memo:
            memo[name] = _both(synthetic_parquet, spark, CASES[name])
        return memo[name]

    return get


@pytest.mark.parametrize("name", list(CASES))
def test_counts_and_statistics_match(
    counted: Callable[[str], tuple[PairTable, PairTable]], prior: Any, name: str
) -> None:
    duck, sp = counted(name)
    _assert_same_counts(duck, sp)
    with np.errstate(divide="ignore", invalid="ignore"):  # zero cells with E = 0 give NaN in both engines alike
        scores = (
            score_cells(*duck.cells(), duck.expected, theta=prior),
            score_cells(*sp.cells(), sp.expected, theta=prior),
        )
    _assert_same_scores(*scores)


def test_mgps_fit_on_spark_counts(counted: Callable[[str], tuple[PairTable, PairTable]]) -> None:
    """The prior refitted on each engine's counts agrees within 1e-9, and so does every score under it.

    E differs between engines only in the last bits of floating-point sums (DuckDB differs from itself run to run
    by as much); the fit polishes BFGS's optimum with Newton steps, so θ depends on the data, not on where BFGS
    happened to stop.
    """
    duck, sp = counted("every-code-stimulators-sex")
    fit_duck, fit_spark = fit_prior(duck.n, duck.expected), fit_prior(sp.n, sp.expected)
    assert fit_duck and fit_spark, (fit_duck.reason, fit_spark.reason)
    np.testing.assert_allclose(fit_spark.theta.as_array(), fit_duck.theta.as_array(), rtol=REL)
    _assert_same_scores(
        score_cells(*duck.cells(), duck.expected, theta=fit_duck.theta),
        score_cells(*sp.cells(), sp.expected, theta=fit_spark.theta),
    )


def test_store_export_counts_match(ingested_parquet: tuple[Path, Any], spark: Any) -> None:
    """The files DuckDB wrote (Store.export_parquet after ingesting raw MAUDE), read by both engines."""
    folder, truth = ingested_parquet
    duck, sp = _both(folder, spark, {"groups": None, "comparator": "stimulators", "strata": ("year", "sex")})
    _assert_same_counts(duck, sp)
    # one device per generated report: the universe is the generator's own count of stimulator-family reports
    assert sp.n_total == sum(n for code, n in truth.product_counts.items() if code in STIMULATOR_FAMILY)
    nfo = sp.index("NFO", "facial_palsy")
    assert nfo is not None and sp.n[nfo] == truth.case_counts[("NFO", "facial_palsy")]


def test_planted_signal_stands_out(counted: Callable[[str], tuple[PairTable, PairTable]], prior: Any) -> None:
    """NFO x facial_palsy is planted at 10x the background; NFO x pain at 1x (stimsafe.signals.demo)."""
    _, t = counted("every-code-stimulators-sex")
    s = score_cells(*t.cells(), t.expected, theta=prior)
    palsy, pain = t.index("NFO", "facial_palsy"), t.index("NFO", "pain")
    assert palsy is not None and pain is not None
    assert s.prr[palsy] > 4 and s.prr_lower[pain] < 1 < s.prr_upper[pain]


def test_case_definitions_applied_in_spark_match_the_store(ingested_parquet: tuple[Path, Any], spark: Any) -> None:
    """Spark rebuilds the store's cases from the problem and narrative tables: same (report, harm) pairs."""
    import duckdb

    from stimsafe.signals.spark.cases import build_cases_frame

    folder, truth = ingested_parquet
    assert truth.negated_mentions > 0  # non-cases with "NO FACIAL DROOP WAS NOTED"-style text are in the data
    rows = duckdb.sql(f"SELECT mdr_report_key, harm_id, matched_by FROM '{folder / 'cases.parquet'}'").fetchall()
    assert {by for _, _, by in rows} >= {"term", "narrative"}  # both paths, including the negation check, are used
    rebuilt = {(int(k), str(h)) for k, h in build_cases_frame(spark, folder).collect()}
    assert rebuilt == {(int(k), str(h)) for k, h, _ in rows}
    kw = {"comparator": Comparator.parse("all"), "strata": ("sex",)}
    _assert_same_counts(count_pairs(folder, **kw), count_parquet(spark, folder, rebuild_cases=True, **kw))


def test_zero_cells_are_rows_in_both_engines(counted: Callable[[str], tuple[PairTable, PairTable]]) -> None:
    """Every requested group x harm is a row, a = 0 included (review finding 6), in both engines alike."""
    for name in ("zero-cells-group-without-reports", "chosen-harms-age-year"):
        duck, sp = counted(name)
        groups = CASES[name]["groups"]
        harms = CASES[name].get("harms") or sorted(set(duck.var2))
        assert len(sp.n) == len(duck.n) == len(groups) * len(harms)
        assert (sp.n == 0).any()
    duck, sp = counted("zero-cells-group-without-reports")
    for t in (duck, sp):
        rows = [i for i, g in enumerate(t.var1) if g == "none"]
        assert rows and all(t.n[i] == 0 and t.n_var1[i] == 0 and t.expected[i] == 0 for i in rows)
    duck, sp = counted("chosen-harms-age-year")
    i = sp.index("NFO", "no_such_harm")
    assert i is not None and (sp.n[i], sp.n_var2[i], sp.expected[i]) == (0, 0, 0)
