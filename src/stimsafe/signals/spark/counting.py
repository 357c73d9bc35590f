"""Device group × harm 2×2 counts by unique report, in Spark — the same numbers as the DuckDB counting.

This is :func:`stimsafe.signals.counting.count_store` written with the Spark DataFrame API, stage for stage:

- universe ``u``: reports (of the comparator's and the groups' product codes, or all) with their stratum;
- exposures ``x``: distinct (report, group label, stratum); events ``v``: distinct (report, harm, stratum);
- pairs: distinct (report, group, harm) of ``x`` joined to ``v`` on the report;
- margins N_group, N_harm and N by distinct report; per-stratum margins for E = Σ_s N_group,s · N_harm,s / N_s.

Only the aggregated cells (one row per requested group × harm, a = 0 included; per observed cell when every
product code is its own group) come back to the driver, as a
:class:`~stimsafe.signals.counting.PairTable`; the statistics run on it with the same code as for DuckDB. The
counting convention (:data:`~stimsafe.signals.counting.CONVENTION`) is the same, word for word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stimsafe.errors import InputError
from stimsafe.signals.counting import Comparator, PairTable

#: openEBGM warns below 50 unique reports per stratum (as the DuckDB counting does)
SMALL_STRATUM = 50


def stratum_column(strata: Sequence[str]) -> Any:
    """The Spark column for the stratum label, matching :data:`stimsafe.signals.counting.STRATA`.

    ``year`` → ``'2024'`` (``'year?'`` when unknown); ``sex`` → ``female``/``male`` (``'sex?'``); ``age`` →
    ``<18``, ``18-39``, ``40-64``, ``65+`` (``'age?'``); several strata are joined with ``|``; none → ``''``.
    """
    from stimsafe.signals.counting import STRATA

    unknown = [s for s in strata if s not in STRATA or s not in _SPARK_STRATA]
    if unknown:
        raise InputError(
            "Unknown stratum.", field="strata", value=",".join(unknown), hint=f"Use some of: {', '.join(STRATA)}."
        )
    from pyspark.sql import functions as sf

    if not strata:
        return sf.lit("")
    return sf.concat_ws("|", *(_SPARK_STRATA[s]() for s in strata))


def _year() -> Any:
    from pyspark.sql import functions as sf

    return sf.coalesce(sf.col("year").cast("string"), sf.lit("year?"))


def _sex() -> Any:
    from pyspark.sql import functions as sf

    return sf.coalesce(sf.col("patient_sex"), sf.lit("sex?"))


def _age() -> Any:
    from pyspark.sql import functions as sf

    age = sf.col("patient_age_years")
    return (
        sf.when(age.isNull(), "age?")
        .when(age < 18, "<18")
        .when(age < 40, "18-39")
        .when(age < 65, "40-64")
        .otherwise("65+")
    )


_SPARK_STRATA = {"year": _year, "sex": _sex, "age": _age}


def _group_rows(groups: Mapping[str, Sequence[str]] | None) -> list[tuple[str, str]] | None:
    if groups is None:
        return None
    rows = [(label, code.upper()) for label, codes in groups.items() for code in codes]
    if not rows:
        raise InputError("No device group was given.", field="groups", value=groups, hint="Give e.g. {'NFO': ['NFO']}.")
    return rows


def _frames(
    spark: Any,
    tables: Mapping[str, Any],
    group_rows: list[tuple[str, str]] | None,
    *,
    comparator: Comparator,
    strata: Sequence[str],
    harms: Sequence[str] | None,
) -> tuple[Any, Any, Any]:
    """The universe ``u(id, stratum)``, exposures ``x(id, var1, stratum)`` and events ``v(id, var2, stratum)``."""
    from pyspark.sql import functions as sf

    reports, devices, cases = tables["reports"], tables["devices"], tables["cases"]
    if group_rows is None:
        coded = devices.where(sf.col("product_code").isNotNull())
        groups = coded.select(sf.col("product_code").alias("code"), sf.col("product_code").alias("label")).distinct()
    else:
        groups = sf.broadcast(spark.createDataFrame(group_rows, "label string, code string"))
    universe = reports.select(sf.col("mdr_report_key").alias("id"), stratum_column(strata).alias("stratum"))
    if comparator.product_codes is not None:
        codes = sorted(set(comparator.product_codes) | {code for _, code in group_rows or ()})
        members = devices.where(sf.col("product_code").isin(codes)).select(sf.col("mdr_report_key").alias("id"))
        universe = universe.join(members, "id", "left_semi")
    exposures = (
        universe.join(devices.withColumnRenamed("mdr_report_key", "id"), "id")
        .join(groups, sf.col("product_code") == sf.col("code"))
        .select("id", sf.col("label").alias("var1"), "stratum")
        .distinct()
    )
    harm_cases = cases if harms is None else cases.where(sf.col("harm_id").isin(list(harms)))
    events = (
        universe.join(harm_cases.withColumnRenamed("mdr_report_key", "id"), "id")
        .select("id", sf.col("harm_id").alias("var2"), "stratum")
        .distinct()
    )
    return universe, exposures, events


def _cells(
    spark: Any, universe: Any, exposures: Any, events: Any, cross: tuple[list[str], list[str] | None] | None = None
) -> tuple[Any, Any]:
    """Per-stratum totals, and one row per (var1, var2): n, n_var1, n_var2, expected.

    Without ``cross``, the observed cells only; with ``cross = (labels, harms)``, every label x harm (``harms``
    ``None``: every harm with a case in the universe), N = 0 and margins 0 where nothing was observed — as the
    DuckDB ``_all_cells``.

    This is the DuckDB ``_CORE_SQL`` in Spark. Report keys are unique in ``reports`` (the store's primary key),
    so every report sits in one stratum: a count of the distinct rows of ``x``/``v``/pairs is the count of
    distinct reports, and a margin is the sum of its per-stratum margins — which saves Spark a distinct
    aggregation per margin.
    """
    from pyspark.sql import functions as sf

    def count(frame: Any, *keys: str, name: str) -> Any:
        return frame.groupBy(*keys).agg(sf.count(sf.lit(1)).cast("double").alias(name))

    tot = count(universe, "stratum", name="n_s")
    m1s = count(exposures, "var1", "stratum", name="n1_s")
    m2s = count(events, "var2", "stratum", name="n2_s")
    m1 = m1s.groupBy("var1").agg(sf.sum("n1_s").alias("n_var1"))
    m2 = m2s.groupBy("var2").agg(sf.sum("n2_s").alias("n_var2"))
    obs = count(exposures.join(events, ["id", "stratum"]), "var1", "var2", name="n")
    if cross is None:
        grid = obs
    else:
        labels = spark.createDataFrame([(v,) for v in cross[0]], "var1 string")
        chosen = cross[1]
        harms = m2.select("var2") if chosen is None else spark.createDataFrame([(v,) for v in chosen], "var2 string")
        grid = labels.crossJoin(harms).join(obs, ["var1", "var2"], "left")
    expected = (
        grid.select("var1", "var2")
        .join(m1s, "var1")
        .join(m2s, ["var2", "stratum"])
        .join(sf.broadcast(tot), "stratum")
        .groupBy("var1", "var2")
        .agg(sf.sum(sf.col("n1_s") * sf.col("n2_s") / sf.col("n_s")).alias("expected"))
    )
    zero = sf.lit(0.0)
    cells = (
        grid.join(m1, "var1", "left")
        .join(m2, "var2", "left")
        .join(expected, ["var1", "var2"], "left")
        .select(
            "var1",
            "var2",
            sf.coalesce("n", zero).alias("n"),
            sf.coalesce("n_var1", zero).alias("n_var1"),
            sf.coalesce("n_var2", zero).alias("n_var2"),
            sf.coalesce("expected", zero).alias("expected"),
        )
    )
    return tot, cells


def count_frames(
    spark: Any,
    tables: Mapping[str, Any],
    groups: Mapping[str, Sequence[str]] | None = None,
    *,
    comparator: Comparator | None = None,
    strata: Sequence[str] = (),
    harms: Sequence[str] | None = None,
) -> PairTable:
    """Device group × harm 2×2 tables from Spark DataFrames ``reports``, ``devices``, ``cases``.

    Parameters and result are those of :func:`stimsafe.signals.counting.count_store`; ``tables`` maps table
    names to DataFrames with at least the columns of :data:`stimsafe.signals.spark.tables.REQUIRED_COLUMNS`,
    and ``reports.mdr_report_key`` unique (the store's primary key). Cells come back sorted by (group, harm) in
    code-point order, as DuckDB's default (binary) collation sorts them.
    """
    from pyspark.sql import functions as sf

    comparator = comparator or Comparator("all reports in the store")
    strata = tuple(strata)
    stratum_column(strata)  # validate before any Spark work
    group_rows = _group_rows(groups)
    universe, exposures, events = _frames(spark, tables, group_rows, comparator=comparator, strata=strata, harms=harms)
    cross = None
    if group_rows is not None:  # every requested group x harm, a = 0 included (parity with count_store)
        labels = list(dict.fromkeys(label for label, _ in group_rows))
        cross = (labels, list(dict.fromkeys(harms)) if harms else None)
    tot, cells = _cells(spark, universe, exposures, events, cross)
    # one Spark job: the totals ride along on every cell row (a single row of nulls when no cell was observed)
    summary = tot.agg(
        sf.sum("n_s").alias("n_total"), sf.sum(sf.when(sf.col("n_s") < SMALL_STRATUM, 1).otherwise(0)).alias("small")
    )
    rows = summary.join(cells, sf.lit(True), "left").collect()
    n_total, small = int(rows[0]["n_total"] or 0), int(rows[0]["small"] or 0)
    cell_rows = sorted(tuple(row)[2:] for row in rows if row["var1"] is not None)
    notes = _small_note(small) if strata else ()
    return _table(cell_rows, n_total, strata=strata, comparator=comparator.name, notes=notes)


def _small_note(small: int) -> tuple[str, ...]:
    if small:
        return (f"{small} stratum/strata hold fewer than {SMALL_STRATUM} reports; their expected counts are unstable",)
    return ()


def _table(rows: list[tuple[Any, ...]], n_total: int, **kwargs: Any) -> PairTable:
    columns = list(zip(*rows, strict=True)) if rows else [()] * 6
    arrays = [np.asarray(c, dtype=np.float64) for c in columns[2:]]
    var1, var2 = tuple(map(str, columns[0])), tuple(map(str, columns[1]))
    return PairTable(var1, var2, arrays[0], arrays[1], arrays[2], n_total, arrays[3], **kwargs)


def count_parquet(
    spark: Any,
    source: str | Path,
    groups: Mapping[str, Sequence[str]] | None = None,
    *,
    comparator: Comparator | None = None,
    strata: Sequence[str] = (),
    harms: Sequence[str] | None = None,
    rebuild_cases: bool = False,
) -> PairTable:
    """:func:`count_frames` over the Parquet tables under ``source`` (a folder or an object-storage URL).

    ``rebuild_cases=True`` applies the harm case definitions to the problem and narrative tables in Spark
    (:func:`stimsafe.signals.spark.cases.build_cases_frame`) instead of reading the exported ``cases`` table.

    Raises
    ------
    DataFileError
        A table is missing or lacks a column (:func:`stimsafe.signals.spark.tables.read_tables`).
    InputError
        Unknown stratum, or an empty ``groups``.
    """
    from stimsafe.signals.spark.tables import read_tables

    if rebuild_cases:
        from stimsafe.signals.spark.cases import build_cases_frame

        tables = read_tables(spark, source, ("reports", "devices"))
        tables["cases"] = build_cases_frame(spark, source)  # every harm; count_frames keeps ``harms``
    else:
        tables = read_tables(spark, source)
    return count_frames(spark, tables, groups, comparator=comparator, strata=strata, harms=harms)
