"""The SparkSession for the signals engine: master URL, local defaults, and a clear error when Spark is missing.

PySpark is an optional extra (``pip install 'stimsafe[spark]'``) and needs a Java runtime (17 or newer for
Spark 4; Debian: ``apt-get install default-jre-headless``). It is imported only inside these functions.

Local defaults (``local[*]`` and friends) suit a small machine — 2 cores, a few GiB for the driver: the web
UI is off, shuffles use a handful of partitions instead of Spark's 200, the driver binds to the loopback
interface, and times are UTC. On a cluster (``spark://``, ``yarn``, ``k8s://``) only the UI and time-zone
settings are applied; resources come from ``spark-submit`` or the caller's ``config`` (see ``docs/spark.md``).

Examples
--------
>>> parse_master(" local[2] ")
'local[2]'
>>> is_local("local[*]"), is_local("spark://head:7077")
(True, False)
>>> local_settings("local[2]")["spark.sql.shuffle.partitions"]
'4'
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from typing import Any

from stimsafe.errors import DependencyError, InputError

DEFAULT_MASTER = "local[*]"
#: driver heap for local runs; raise it with ``config={"spark.driver.memory": "8g"}`` for MAUDE-sized data
DEFAULT_DRIVER_MEMORY = "4g"
APP_NAME = "stimsafe-signals"

_LOCAL = re.compile(r"^local(\[(\*|[1-9][0-9]*)(,[0-9]+)?\])?$")
_CLUSTER = re.compile(r"^(spark://[^\s/]+(,[^\s/]+)*|k8s://\S+|mesos://\S+|yarn|connect://\S+|sc://\S+)$")


def parse_master(master: str) -> str:
    """Check a Spark master URL and return it stripped.

    Accepted: ``local``, ``local[N]``, ``local[*]``, ``local[N,F]``, ``spark://host:port[,host:port...]``,
    ``yarn``, ``k8s://...``, ``mesos://...``.

    Raises
    ------
    InputError
        Anything else, with the accepted forms in the hint.
    """
    value = master.strip()
    if _LOCAL.match(value) or _CLUSTER.match(value):
        return value
    raise InputError(
        "Not a Spark master URL.",
        field="--master",
        value=master,
        hint="Use local[*] (the default), local[2], spark://HOST:7077, yarn or k8s://https://HOST:443.",
    )


def is_local(master: str) -> bool:
    """Whether the master runs everything in this process's JVM."""
    return bool(_LOCAL.match(master.strip()))


def _local_cores(master: str) -> int:
    match = _LOCAL.match(master.strip())
    threads = match.group(2) if match else None
    if threads is None:
        return 1
    if threads == "*":
        return os.cpu_count() or 1
    return int(threads)


def local_settings(master: str) -> dict[str, str]:
    """Spark settings stimsafe applies for ``master`` before the caller's own ``config``.

    Shuffle partitions: twice the local cores (at least 2); Spark's default of 200 makes tiny tasks on a laptop.
    """
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
    }
    if is_local(master):
        settings |= {
            "spark.sql.shuffle.partitions": str(max(2, 2 * _local_cores(master))),
            "spark.default.parallelism": str(max(2, 2 * _local_cores(master))),
            "spark.driver.memory": DEFAULT_DRIVER_MEMORY,
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
        }
    return settings


def java_runtime() -> str | None:
    """The ``java`` PySpark will start (``$JAVA_HOME/bin/java`` first, then ``PATH``), or ``None``."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = os.path.join(home, "bin", "java")
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("java")


def java_major_version(java: str) -> int | None:
    """The feature release of a ``java`` executable (8, 11, 17, 21 ...), from ``java -version``; ``None`` if unknown.

    >>> java_major_version("/nonexistent/java") is None
    True
    """
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False).stderr
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8.0_402" is Java 8


def required_java(pyspark_version: str) -> int:
    """The oldest Java a PySpark release runs on: 17 for Spark 4, 8 before.

    >>> required_java("4.0.1"), required_java("3.5.3")
    (17, 8)
    """
    return 17 if int(pyspark_version.split(".", maxsplit=1)[0]) >= 4 else 8


def require_spark() -> None:
    """Raise :class:`~stimsafe.errors.DependencyError` unless PySpark and a recent enough Java are available."""
    try:
        import pyspark
    except ImportError:
        raise DependencyError(
            "The Spark engine needs PySpark, which is not installed.",
            field="--engine",
            value="spark",
            hint="pip install 'stimsafe[spark]', or use --engine duckdb.",
        ) from None
    java = java_runtime()
    if java is None:
        raise DependencyError(
            "The Spark engine needs a Java runtime (17 or newer); none was found on PATH or in JAVA_HOME.",
            field="--engine",
            value="spark",
            hint="Install one (Debian/Ubuntu: apt-get install default-jre-headless) or set JAVA_HOME.",
        )
    needed, found = required_java(pyspark.__version__), java_major_version(java)
    if found is not None and found < needed:
        raise DependencyError(
            f"PySpark {pyspark.__version__} needs Java {needed} or newer; {java} is Java {found}.",
            field="java",
            value=java,
            hint=f"Install Java {needed}+ and point JAVA_HOME at it, or install PySpark 3.5 (pip install 'pyspark<4').",
        )


def spark_session(
    master: str = DEFAULT_MASTER, *, config: Mapping[str, str] | None = None, app_name: str = APP_NAME
) -> Any:
    """Start (or reuse) a SparkSession for the signals engine.

    Parameters
    ----------
    master
        A Spark master URL (:func:`parse_master`); ``local[*]`` uses every core of this machine.
    config
        Extra Spark settings, applied after :func:`local_settings` (so they win).
    app_name
        The application name shown by the cluster manager.

    Returns
    -------
    pyspark.sql.SparkSession
        An active session. If one is already running in this process it is returned as is: Spark allows one
        per JVM, and its master cannot change until it is stopped.

    Raises
    ------
    InputError
        ``master`` is not a master URL.
    DependencyError
        PySpark or Java is missing, or the JVM failed to start.
    """
    master = parse_master(master)
    require_spark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in (local_settings(master) | dict(config or {})).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as error:  # py4j/PySpark raise several unrelated types when the JVM cannot start
        raise DependencyError(
            f"Spark could not start: {str(error).strip().splitlines()[0] if str(error).strip() else error!r}",
            field="--master",
            value=master,
            hint="Check the Java runtime (java -version, 17 or newer) and the master URL; see docs/spark.md.",
        ) from None
    session.sparkContext.setLogLevel("ERROR")
    return session
