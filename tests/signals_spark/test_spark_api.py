"""`stimsafe signals run --engine spark` and the api functions: the same report as DuckDB, counted by Spark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from stimsafe import api
from stimsafe.cli.main import main
from stimsafe.errors import InputError

EXACT = ("group", "harm", "a", "b", "c", "d", "flags", "undefined")
CLOSED_FORM = (
    "E",
    "prr",
    "prr_lower",
    "prr_upper",
    "ror",
    "ror_lower",
    "ror_upper",
    "chi2_yates",
    "ic",
    "ic025",
    "bcpnn_ic025",
)
EMPIRICAL_BAYES = ("ebgm", "eb05", "eb95")


def _num(x: Any) -> float:
    return float("nan") if x is None else float(x)


def _assert_same_run(duck: dict[str, Any], spark: dict[str, Any]) -> None:
    assert (spark["n_total"], spark["comparator"], spark["strata"]) == (
        duck["n_total"],
        duck["comparator"],
        duck["strata"],
    )
    assert len(spark["cells"]) == len(duck["cells"]) > 0
    for d, s in zip(duck["cells"], spark["cells"], strict=True):
        assert {k: s[k] for k in EXACT} == {k: d[k] for k in EXACT}
        for k in CLOSED_FORM:
            np.testing.assert_allclose(_num(s[k]), _num(d[k]), rtol=1e-9, equal_nan=True, err_msg=k)
        # the prior is refitted on each engine's E (which differ in the last bits); the polished fit agrees to 1e-9
        for k in EMPIRICAL_BAYES:
            np.testing.assert_allclose(_num(s[k]), _num(d[k]), rtol=1e-9, equal_nan=True, err_msg=k)
    assert spark["mgps_fit"]["ok"] == duck["mgps_fit"]["ok"]


@pytest.mark.spark
def test_cli_run_with_spark_matches_duckdb(spark: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo store, exported to Parquet and counted by Spark, gives DuckDB's cells (the session is reused)."""
    duck = api.signals_run(demo=True, comparator="stimulators", strata=["year", "sex"])
    code = main(["signals", "run", "--demo", "--comparator", "stimulators", "--strata", "year,sex", "--engine", "spark",
                 "--master", "local[2]"])  # fmt: skip
    assert code == 0
    _assert_same_run(duck, json.loads(capsys.readouterr().out))


@pytest.mark.spark
def test_parquet_only_report_with_both_engines(synthetic_parquet: Path, spark: Any) -> None:
    kw = {"parquet": synthetic_parquet, "groups": {"NFO": ["NFO"], "NUH": ["NUH"]}, "strata": ["age"]}
    duck = api.signals_run(engine="duckdb", **kw)
    _assert_same_run(duck, api.signals_run(engine="spark", master="local[2]", **kw))
    assert duck["dataset"] == f"Parquet tables {synthetic_parquet}"


def test_unknown_engine_is_an_input_error(synthetic_parquet: Path) -> None:
    with pytest.raises(InputError) as info:
        api.signals_run(parquet=synthetic_parquet, engine="polars")
    assert info.value.field == "--engine"


def test_cli_bad_master_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["signals", "run", "--demo", "--engine", "spark", "--master", "http://nope"]) == 2
    err = capsys.readouterr().err
    assert "--master" in err and "Traceback" not in err
