"""The Spark engine against published openEBGM counts, and its errors, settings and optional-dependency behaviour."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from stimsafe.errors import DataFileError, DependencyError, InputError
from stimsafe.signals.spark import session as session_mod
from stimsafe.signals.spark.counting import count_frames, count_parquet, stratum_column
from stimsafe.signals.spark.engine import count_pairs, parse_engine
from stimsafe.signals.spark.session import is_local, local_settings, parse_master, require_spark, spark_session
from stimsafe.signals.spark.synthetic import write_synthetic_parquet
from stimsafe.signals.spark.tables import table_location

# openEBGM vignette 02 toy data (processRaw docs, set.seed(5629404)): id, var1, var2, strat1 (sex), strat2 (age class)
TOY = [
    (1, "B", "e1", "F", 2), (2, "A", "e1", "M", 1), (3, "B", "e2", "M", 1), (4, "A", "e1", "M", 1),
    (5, "A", "e1", "F", 1), (6, "A", "e1", "F", 1), (7, "A", "e2", "F", 1), (8, "A", "e2", "F", 1),
    (9, "A", "e1", "M", 2), (10, "A", "e2", "M", 1), (11, "A", "e2", "M", 1), (12, "B", "e2", "M", 2),
    (13, "B", "e1", "M", 1), (14, "B", "e2", "M", 1), (15, "B", "e1", "M", 1), (16, "B", "e2", "F", 1),
    (17, "C", "e1", "M", 1),
]  # fmt: skip
# processRaw output in the vignette: N, E (unstratified) and E stratified by strat1 x strat2, for the 5 observed cells
TOY_N = [5, 4, 3, 4, 1]
TOY_E = [4.7647059, 4.2352941, 3.7058824, 3.2941176, 0.5294118]
TOY_E_STRAT = [4.3222222, 4.6777778, 4.1222222, 2.8777778, 0.5555556]


def _toy_frames(spark: Any) -> dict[str, Any]:
    # the two age classes become ages in two of the engine's age strata (18-39 and 65+)
    reports = [(i, 2024, "female" if s == "F" else "male", 30.0 if a == 1 else 70.0) for i, _, _, s, a in TOY]
    return {
        "reports": spark.createDataFrame(
            reports, "mdr_report_key long, year int, patient_sex string, patient_age_years double"
        ),
        "devices": spark.createDataFrame([(i, p) for i, p, _, _, _ in TOY], "mdr_report_key long, product_code string"),
        "cases": spark.createDataFrame([(i, e) for i, _, e, _, _ in TOY], "mdr_report_key long, harm_id string"),
    }


@pytest.mark.spark
def test_openebgm_toy_counts(spark: Any) -> None:
    frames = _toy_frames(spark)
    flat = count_frames(spark, frames)
    assert list(zip(flat.var1, flat.var2, strict=True)) == [
        ("A", "e1"),
        ("A", "e2"),
        ("B", "e1"),
        ("B", "e2"),
        ("C", "e1"),
    ]
    assert flat.n.tolist() == TOY_N and flat.n_total == 17
    np.testing.assert_allclose(flat.expected, TOY_E, atol=5e-8)
    strat = count_frames(spark, frames, strata=("sex", "age"))
    assert strat.n.tolist() == TOY_N
    np.testing.assert_allclose(strat.expected, TOY_E_STRAT, atol=5e-8)
    assert strat.notes and "4 stratum/strata" in strat.notes[0]  # every toy stratum is below 50 reports


@pytest.mark.spark
def test_comparator_by_hand(spark: Any) -> None:
    """Universe = reports with a device of the comparator's or the groups' codes; a report counts once per cell."""
    frames = {
        "reports": spark.createDataFrame(
            [(k, None, None, None) for k in range(1, 7)],
            "mdr_report_key long, year int, patient_sex string, patient_age_years double",
        ),
        # report 1 lists NFO twice and NYX once; report 6 has only a code outside every set
        "devices": spark.createDataFrame(
            [(1, "NFO"), (1, "NFO"), (1, "NYX"), (2, "NFO"), (3, "NYX"), (4, "NUH"), (5, None), (6, "ZZZ")],
            "mdr_report_key long, product_code string",
        ),
        "cases": spark.createDataFrame(
            [(1, "burn"), (3, "burn"), (6, "burn"), (4, "pain")], "mdr_report_key long, harm_id string"
        ),
    }
    from stimsafe.signals.counting import Comparator

    t = count_frames(spark, frames, {"stim": ["nfo", "NYX"]}, comparator=Comparator.parse("NUH"))
    # universe {1,2,3,4}; group {1,2,3}; burn {1,3}; pain {4}
    assert t.n_total == 4
    i = t.index("stim", "burn")
    assert i is not None and (t.n[i], t.n_var1[i], t.n_var2[i]) == (2, 3, 2)
    j = t.index("stim", "pain")  # a requested group is crossed with every harm, a = 0 included
    assert j is not None and (t.n[j], t.n_var1[j], t.n_var2[j]) == (0, 3, 1)
    assert t.expected[j] == pytest.approx(3 * 1 / 4)
    assert t.expected[i] == pytest.approx(3 * 2 / 4)


@pytest.mark.spark
def test_missing_column_is_a_data_file_error(spark: Any, tmp_path: Path) -> None:
    write_synthetic_parquet(tmp_path, 50, seed=1)
    spark.createDataFrame([(1, "x")], "mdr_report_key long, other string").write.parquet(str(tmp_path / "cases"))
    (tmp_path / "cases.parquet").unlink()
    with pytest.raises(DataFileError, match="lacks column") as info:
        count_parquet(spark, tmp_path)
    assert info.value.field == "columns" and info.value.value == "harm_id"


@pytest.mark.spark
def test_spark_session_is_reused(spark: Any) -> None:
    assert spark_session("local[2]") is spark


def test_missing_table_names_folder_and_fix(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as info:
        table_location(tmp_path, "devices")
    assert info.value.location == str(tmp_path) and "export_parquet" in (info.value.hint or "")
    assert table_location("s3a://bucket/maude/", "cases") == "s3a://bucket/maude/cases.parquet"


def test_duckdb_engine_reads_a_folder_of_parts(tmp_path: Path) -> None:
    """A table given as a folder of Parquet parts (as Spark writes) counts like the single file."""
    write_synthetic_parquet(tmp_path / "one", 300, seed=2)
    parts = tmp_path / "parts"
    parts.mkdir()
    for table in ("reports", "devices", "cases"):
        (parts / table).mkdir()
        (parts / table / "part-0.parquet").write_bytes((tmp_path / "one" / f"{table}.parquet").read_bytes())
    a, b = count_pairs(tmp_path / "one", strata=("sex",)), count_pairs(parts, strata=("sex",))
    assert a.var1 == b.var1 and a.n.tolist() == b.n.tolist()
    np.testing.assert_allclose(a.expected, b.expected, rtol=1e-12)


@pytest.mark.parametrize("master", ["local", "local[*]", "local[4]", "local[2,3]", "spark://h1:7077,h2:7077", "yarn"])
def test_master_urls_accepted(master: str) -> None:
    assert parse_master(master) == master


@pytest.mark.parametrize("master", ["", "local[0]", "locale", "http://head:8080", "spark:/x"])
def test_bad_master_url(master: str) -> None:
    with pytest.raises(InputError) as info:
        parse_master(master)
    assert info.value.field == "--master" and "local[*]" in (info.value.hint or "")


def test_local_settings_for_a_small_machine() -> None:
    s = local_settings("local[2]")
    assert s["spark.sql.shuffle.partitions"] == "4" and s["spark.ui.enabled"] == "false"
    assert s["spark.driver.memory"] == "4g" and s["spark.driver.bindAddress"] == "127.0.0.1"
    cluster = local_settings("spark://head:7077")
    assert "spark.driver.memory" not in cluster and "spark.sql.shuffle.partitions" not in cluster
    assert is_local("local") and not is_local("yarn")


def test_engine_names() -> None:
    assert parse_engine(" DuckDB ") == "duckdb"
    with pytest.raises(InputError, match="engine"):
        parse_engine("polars")


def test_unknown_stratum_before_any_spark_work() -> None:
    with pytest.raises(InputError) as info:
        stratum_column(["year", "region"])
    assert info.value.value == "region"


def test_spark_strata_cover_duckdb_strata() -> None:
    from stimsafe.signals.counting import STRATA
    from stimsafe.signals.spark.counting import _SPARK_STRATA

    assert set(_SPARK_STRATA) == set(STRATA)  # a stratum added to one engine must be added to the other


def test_missing_pyspark_is_a_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(DependencyError) as info:
        require_spark()
    assert "stimsafe[spark]" in (info.value.hint or "") and info.value.exit_code == 5


def test_missing_java_is_a_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyspark")
    monkeypatch.setattr(session_mod, "java_runtime", lambda: None)
    with pytest.raises(DependencyError, match="Java") as info:
        spark_session("local[1]")
    assert "default-jre-headless" in (info.value.hint or "")


def test_too_old_java_is_a_dependency_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pyspark = pytest.importorskip("pyspark")
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n")
    java.chmod(0o755)
    monkeypatch.setattr(session_mod, "java_runtime", lambda: str(java))
    assert session_mod.java_major_version(str(java)) == 11
    if session_mod.required_java(pyspark.__version__) > 11:
        with pytest.raises(DependencyError, match="Java 17") as info:
            require_spark()
        assert info.value.field == "java"
    else:
        require_spark()


def test_importing_the_engine_does_not_import_pyspark() -> None:
    code = (
        "import sys, stimsafe.signals.spark.engine, stimsafe.signals.spark.counting, stimsafe.signals.spark.tables; "
        "print('pyspark' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_synthetic_generator_is_seeded(tmp_path: Path) -> None:
    a = write_synthetic_parquet(tmp_path / "a", 2_500, seed=4, chunk=1_000)
    b = write_synthetic_parquet(tmp_path / "b", 2_500, seed=4, chunk=1_000)
    assert a == b and a["reports"] == 2_500 and a["devices"] > 2_500
    ta, tb = count_pairs(tmp_path / "a", strata=("age",)), count_pairs(tmp_path / "b", strata=("age",))
    assert ta.n.tolist() == tb.n.tolist()
    # DuckDB's parallel sums may differ in the last bit from one run to the next, so E is compared to 1e-12
    np.testing.assert_allclose(ta.expected, tb.expected, rtol=1e-12)
    with pytest.raises(InputError):
        write_synthetic_parquet(tmp_path / "c", 0)


def test_engine_counter_needs_tables() -> None:
    from stimsafe.signals.spark.engine import engine_counter

    with pytest.raises(InputError, match="Nothing to count"), engine_counter("duckdb"):
        pass


def test_parquet_store_serves_the_small_queries(tmp_path: Path) -> None:
    from stimsafe.signals.spark.engine import parquet_store

    rows = write_synthetic_parquet(tmp_path, 500, seed=3)
    with parquet_store(tmp_path) as store:
        counts = store.counts()
    assert (counts["reports"], counts["devices"], counts["cases"], counts["narratives"]) == (
        500,
        rows["devices"],
        rows["cases"],
        0,
    )
    with parquet_store("s3a://bucket/x") as remote:
        assert remote.counts()["reports"] == 0
