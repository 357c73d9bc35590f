"""Harm case definitions applied to the Parquet tables in Spark: the ``cases`` (report, harm) pairs, rebuilt.

The definitions are the packaged, cited ones (:func:`stimsafe.signals.harms.load_harms`), applied the way
:func:`stimsafe.signals.harms.build_cases` applies them to the DuckDB store:

- *term* cases: a patient-problem term matching the harm's term patterns (case-insensitive search) or a listed
  problem code; the same for device problems;
- *narrative* cases: a narrative matching the harm's narrative patterns in Spark (the pre-filter), then confirmed
  sentence by sentence by the negation-aware matcher (:func:`stimsafe.signals.harms.find_affirmed`) on the
  driver — only candidate texts leave the cluster, streamed, and the executors need no stimsafe.

Patterns run on the JVM's regular-expression engine in Spark and on RE2 in DuckDB; the definitions use only
the syntax both read the same way (alternation, groups, ``?``, ``\\b``, ``^``/``$``), and the parity test
compares the rebuilt cases with the store's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

_TERM_TABLES = ("patient_problems", "device_problems")


def _term_keys(frame: Any, regex: str | None, codes: Sequence[str], exclude: str | None = None) -> Any | None:
    from pyspark.sql import functions as sf

    conditions = []
    if regex:
        conditions.append(sf.col("problem_term").rlike("(?i)" + regex))
    if codes:
        conditions.append(sf.col("problem_code").isin(list(codes)))
    if not conditions:
        return None
    condition = conditions[0] if len(conditions) == 1 else conditions[0] | conditions[1]
    keep = sf.coalesce(condition, sf.lit(False))
    if exclude:  # as the store: a term matching an exclusion ("Cerebral Palsy") is no case
        keep = keep & ~sf.coalesce(sf.col("problem_term").rlike("(?i)" + exclude), sf.lit(False))
    return frame.where(keep).select("mdr_report_key")


def _narrative_keys(narratives: Any, harm: Any) -> set[int]:
    """Reports with a narrative that is a case (:func:`stimsafe.signals.harms.cases.narrative_matcher`, the store's
    own test); candidates pre-filtered in Spark."""
    from pyspark.sql import functions as sf

    from stimsafe.signals.harms.cases import narrative_matcher

    matcher = narrative_matcher(harm)
    if matcher is None:
        return set()
    candidates = narratives.where(sf.col("text").rlike("(?i)" + harm.narrative_regex)).select("mdr_report_key", "text")
    return {int(row[0]) for row in candidates.toLocalIterator() if matcher(str(row[1]))}


def build_cases_frame(spark: Any, source: str | Path, harm_ids: Sequence[str] | None = None) -> Any:
    """The ``cases`` pairs ``(mdr_report_key, harm_id)``, distinct, rebuilt from the problem and narrative tables.

    Parameters
    ----------
    spark
        An active SparkSession.
    source
        The Parquet folder or URL (``patient_problems``, ``device_problems``, ``narratives`` tables).
    harm_ids
        Harms to build; all packaged harms when ``None``.

    Raises
    ------
    NotFoundError
        An unknown harm id.
    DataFileError
        A table is missing or unreadable.
    """
    from pyspark.sql import functions as sf

    from stimsafe.signals.harms import load_harms
    from stimsafe.signals.spark.tables import read_table

    harms = load_harms()
    selected = [harms.get(h) for h in harm_ids] if harm_ids is not None else list(harms.harms)
    problems = {t: read_table(spark, source, t) for t in _TERM_TABLES}
    narratives = read_table(spark, source, "narratives")
    parts = []
    for harm in selected:
        queries = (
            (problems["patient_problems"], harm.term_regex, harm.codes),
            (problems["device_problems"], harm.device_term_regex, harm.device_codes),
        )
        for frame, regex, codes in queries:
            keys = _term_keys(frame, regex, codes, harm.exclude_regex)
            if keys is not None:
                parts.append(keys.withColumn("harm_id", sf.lit(harm.id)))
        found = sorted(_narrative_keys(narratives, harm))
        if found:
            rows = [(key, harm.id) for key in found]
            parts.append(spark.createDataFrame(rows, "mdr_report_key long, harm_id string"))
    if not parts:
        return spark.createDataFrame([], "mdr_report_key long, harm_id string")
    union = parts[0]
    for part in parts[1:]:
        union = union.unionByName(part)
    return union.select(sf.col("mdr_report_key").cast("long"), "harm_id").distinct()
