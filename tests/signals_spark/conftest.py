"""Fixtures for the Spark engine tests: one local SparkSession per test session, and small Parquet datasets."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stimsafe.errors import DependencyError


def _spark_missing() -> str | None:
    """Why the Spark tests cannot run here (no PySpark, no Java, too old a Java), or ``None``."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'stimsafe[spark]')"
    from stimsafe.signals.spark.session import require_spark

    try:
        require_spark()
    except DependencyError as error:
        return error.describe()
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local[2] SparkSession tuned for tiny data, stopped at the end of the test session.

    One shuffle partition, no adaptive planning and no code generation: on a few thousand rows Spark spends its
    time planning and compiling, not counting (this halves the suite's time on a 2-core machine).
    """
    missing = _spark_missing()
    if missing:
        pytest.skip(f"Spark tests skipped: {missing}")
    from stimsafe.signals.spark.session import spark_session

    session = spark_session(
        "local[2]",
        config={
            "spark.sql.shuffle.partitions": "2",
            "spark.driver.memory": "1g",
            "spark.sql.adaptive.enabled": "false",
        },
    )
    yield session
    session.stop()


@pytest.fixture(scope="session")
def synthetic_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4,000 synthetic reports with planted signals and multi-device, null-code, no-device and unknown-stratum rows."""
    from stimsafe.signals.spark.synthetic import write_synthetic_parquet

    folder = tmp_path_factory.mktemp("spark_synthetic")
    write_synthetic_parquet(folder, 4_000, seed=11, chunk=1_500)
    return folder


@pytest.fixture(scope="session")
def ingested_parquet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The DuckDB store's own Parquet export after ingesting the seeded generator's raw MAUDE files; and its truth."""
    from stimsafe.signals.harms import build_cases
    from stimsafe.signals.ingest import ingest_paths
    from stimsafe.signals.store import open_store
    from stimsafe.signals.synth import generate

    raw = tmp_path_factory.mktemp("spark_raw")
    truth = generate(raw, 800, seed=5, signals={("NFO", "facial_palsy"): 60.0}, formats=("maude",))
    folder = tmp_path_factory.mktemp("spark_export")
    with open_store(":memory:") as store:
        ingest_paths(store, sorted((raw / "maude").iterdir()))
        build_cases(store)
        store.export_parquet(folder)
    return folder, truth
