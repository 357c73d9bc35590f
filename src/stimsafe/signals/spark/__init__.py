"""Apache Spark engine for the signals counting stages (optional extra ``stimsafe[spark]``).

Spark reads the Parquet tables the signals store exported (:meth:`stimsafe.signals.store.Store.export_parquet`),
from a local folder or from shared/object storage, and computes the same unique-report 2×2 counts per
device group × harm × stratum as :func:`stimsafe.signals.counting.count_store`. The result is the same
:class:`~stimsafe.signals.counting.PairTable`, so the statistics and the MGPS fit run on it unchanged: one
implementation of every formula, whichever engine counted.

Nothing here imports PySpark at package import; use the submodules:

- :mod:`~stimsafe.signals.spark.session`: the SparkSession builder (``--master``, local defaults) and the
  dependency check;
- :mod:`~stimsafe.signals.spark.tables`: reading and validating the Parquet tables;
- :mod:`~stimsafe.signals.spark.counting`: the counts, in Spark;
- :mod:`~stimsafe.signals.spark.cases`: the harm case definitions applied to the Parquet tables in Spark;
- :mod:`~stimsafe.signals.spark.engine`: one entry point that counts with ``engine="duckdb"`` or ``"spark"``;
- :mod:`~stimsafe.signals.spark.synthetic`: seeded synthetic tables at any scale, straight to Parquet.
"""
