"""Count with either engine over the same Parquet tables: ``engine="duckdb"`` (default) or ``engine="spark"``.

Both engines read the store's Parquet export (or a folder of such tables on shared storage) and return the
same :class:`~stimsafe.signals.counting.PairTable`; everything after counting — PRR, ROR, IC, the MGPS fit —
is the one implementation in :mod:`stimsafe.signals.stats`. DuckDB runs in this process over views on the
files; Spark runs on ``master`` (``local[*]`` by default, or any cluster URL).

Examples
--------
>>> parse_engine("Spark")
'spark'
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from stimsafe.errors import InputError
from stimsafe.signals.counting import Comparator, PairTable

#: ``counter(groups, comparator=..., strata=..., harms=...)``, the signature of ``count_store`` after ``con``
Counter = Callable[..., PairTable]

ENGINES: tuple[str, ...] = ("duckdb", "spark")


def parse_engine(engine: str) -> str:
    """``duckdb`` or ``spark`` (case-insensitive), else :class:`~stimsafe.errors.InputError`."""
    value = engine.strip().lower()
    if value not in ENGINES:
        raise InputError("Unknown counting engine.", field="--engine", value=engine, hint="Use duckdb or spark.")
    return value


def duckdb_parquet_connection(source: str | Path) -> Any:
    """An in-memory DuckDB connection with views ``reports``, ``devices``, ``cases`` over the Parquet tables."""
    import duckdb

    from stimsafe.signals.spark.tables import COUNTING_TABLES, table_location

    con = duckdb.connect(":memory:")
    for table in COUNTING_TABLES:
        location = table_location(source, table)
        pattern = location if not Path(location).is_dir() else str(Path(location) / "**" / "*.parquet")
        quoted = pattern.replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{quoted}', hive_partitioning = true)")
    return con


def count_pairs(
    source: str | Path,
    groups: Mapping[str, Sequence[str]] | None = None,
    *,
    engine: str = "duckdb",
    master: str = "local[*]",
    comparator: Comparator | None = None,
    strata: Sequence[str] = (),
    harms: Sequence[str] | None = None,
    spark_config: Mapping[str, str] | None = None,
) -> PairTable:
    """Device group × harm 2×2 tables from the Parquet tables under ``source``, with the chosen engine.

    Parameters
    ----------
    source
        A folder holding ``reports``, ``devices`` and ``cases`` as ``<table>.parquet`` (a file or a folder of
        parts); for Spark also an object-storage URL.
    groups, comparator, strata, harms
        As in :func:`stimsafe.signals.counting.count_store`.
    engine
        ``duckdb`` or ``spark``.
    master, spark_config
        Spark only: the master URL and extra settings (:func:`stimsafe.signals.spark.session.spark_session`).

    Raises
    ------
    InputError
        Unknown engine or master URL, unknown stratum, empty groups.
    DataFileError
        A table is missing or lacks a column.
    DependencyError
        ``engine="spark"`` without PySpark or Java.
    """
    engine = parse_engine(engine)
    if engine == "spark":
        from stimsafe.signals.spark.counting import count_parquet
        from stimsafe.signals.spark.session import spark_session

        spark = spark_session(master, config=spark_config)
        return count_parquet(spark, source, groups, comparator=comparator, strata=strata, harms=harms)
    from stimsafe.signals.counting import count_store

    con = duckdb_parquet_connection(source)
    try:
        return count_store(
            con, dict(groups) if groups is not None else None, comparator=comparator, strata=strata, harms=harms
        )
    finally:
        con.close()


@contextlib.contextmanager
def engine_counter(
    engine: str,
    *,
    store: Any | None = None,
    parquet: str | Path | None = None,
    master: str = "local[*]",
    spark_config: Mapping[str, str] | None = None,
) -> Iterator[Counter]:
    """A counting function over Parquet for ``analyse(..., counter=...)``, valid inside the ``with`` block.

    The tables are ``parquet`` when given (a folder, or an object-storage URL for Spark); otherwise ``store``
    (a :class:`~stimsafe.signals.store.Store`) is exported to a temporary folder first and the folder is removed
    on exit — so both engines read the very files DuckDB wrote.

    Raises
    ------
    InputError
        Neither ``store`` nor ``parquet`` given; unknown engine.
    """
    engine = parse_engine(engine)
    folder: Path | None = None
    try:
        if parquet is not None:
            source: str | Path = parquet
        elif store is not None:
            folder = Path(tempfile.mkdtemp(prefix="stimsafe_parquet_"))
            store.export_parquet(folder)
            source = folder
        else:
            raise InputError(
                "Nothing to count.", field="--parquet", hint="Give --parquet DIR or a signals store (--db)."
            )

        def counter(groups: Mapping[str, Sequence[str]] | None, **kwargs: Any) -> PairTable:
            return count_pairs(source, groups, engine=engine, master=master, spark_config=spark_config, **kwargs)

        yield counter
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def parquet_store(source: str | Path) -> Any:
    """A read-only :class:`~stimsafe.signals.store.Store` whose tables are views on the local Parquet tables.

    Used for the small per-cell queries (counts by year, narratives) when only Parquet is at hand. Tables the
    folder lacks, or every table for an object-storage URL, are empty (the schema's own empty tables).
    """
    from stimsafe.signals.spark.tables import is_remote
    from stimsafe.signals.store import TABLES, open_store

    store = open_store(":memory:")
    if is_remote(source):
        return store
    for table in TABLES:
        folder = Path(source)
        for candidate in (folder / f"{table}.parquet", folder / table):
            if candidate.exists():
                pattern = str(candidate / "**" / "*.parquet") if candidate.is_dir() else str(candidate)
                quoted = pattern.replace("'", "''")
                store.connection.execute(f"DROP TABLE IF EXISTS {table}")
                store.connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{quoted}')")
                break
    return store
