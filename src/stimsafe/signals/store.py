"""The signals store: an embedded DuckDB database of FDA device adverse-event reports.

The schema (``schema.sql`` beside this module, described in ``docs/signals-data.md``) has one table per MAUDE
concept: ``reports``, ``devices``, ``patients``, ``patient_problems``, ``device_problems``, ``narratives``,
``problem_codes``; plus ``provenance`` (one row per ingested file), ``rejects`` (malformed rows, and
bad fields of kept rows, with the reason)
and ``cases`` (harm cases, see :mod:`stimsafe.signals.harms`). Every data row names its ``source_id``.

Other engines read the tables through :attr:`Store.connection` (plain SQL) or the Parquet export.

Examples
--------
>>> with open_store(":memory:") as store:
...     store.counts()["reports"]
0
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from stimsafe.errors import DataFileError, DependencyError, InputError

#: 2: ``rejects.kind`` ('row' or 'field'), added to version-1 stores by ``schema.sql`` when opened for writing.
SCHEMA_VERSION = 2

#: Tables in dependency order; all are exported by :meth:`Store.export_parquet`.
TABLES: tuple[str, ...] = (
    "provenance",
    "reports",
    "devices",
    "patients",
    "patient_problems",
    "device_problems",
    "narratives",
    "problem_codes",
    "rejects",
    "cases",
)

#: Tables whose rows belong to one report (replaced together when a newer openFDA version arrives).
REPORT_CHILD_TABLES: tuple[str, ...] = ("devices", "patients", "patient_problems", "device_problems", "narratives")


def default_db_path() -> Path:
    """The default database file: ``<user data dir>/stimsafe/signals.duckdb`` (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_path("stimsafe", appauthor=False)) / "signals.duckdb"


class Store:
    """An open signals database.

    Parameters
    ----------
    connection
        A DuckDB connection with the schema applied (use :func:`open_store`).
    path
        The database file, or ``None`` for an in-memory database.
    """

    def __init__(self, connection: Any, path: Path | None) -> None:
        self.connection = connection
        self.path = path

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with contextlib.suppress(Exception):
            self.connection.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """``BEGIN`` ... ``COMMIT``; any exception rolls back everything done inside and propagates."""
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def counts(self) -> dict[str, int]:
        """Row count of every table, in :data:`TABLES` order."""
        out: dict[str, int] = {}
        for table in TABLES:
            row = self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def get_meta(self, key: str) -> str | None:
        """A value from the ``meta`` key/value table."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Set a ``meta`` value (inside the caller's transaction, if any)."""
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def export_parquet(self, directory: Path | str) -> dict[str, Path]:
        """Write every table, and ``meta``, to ``<directory>/<table>.parquet`` (zstd); return the paths by table.

        ``meta`` travels with the data so a reader (the Spark engine) can refuse an export whose harm cases were
        stale. Each file is written to a temporary name and renamed, so a crash never leaves half a file.
        """
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        written: dict[str, Path] = {}
        for table in (*TABLES, "meta"):
            final = target / f"{table}.parquet"
            partial = target / f".{table}.parquet.partial"
            sql = f"COPY (SELECT * FROM {table}) TO '{_sql_path(partial)}' (FORMAT PARQUET, COMPRESSION ZSTD)"
            self.connection.execute(sql)
            partial.replace(final)
            written[table] = final
        return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _schema_sql() -> str:
    return resources.files("stimsafe.signals").joinpath("schema.sql").read_text(encoding="utf-8")


def open_store(path: Path | str | None = None, *, read_only: bool = False) -> Store:
    """Open (creating if needed) the signals database and apply the schema.

    Parameters
    ----------
    path
        Database file; ``None`` for :func:`default_db_path`; ``":memory:"`` for a throw-away database.
    read_only
        Open without write access (the file must exist).

    Returns
    -------
    Store
        The open store; close it, or use it as a context manager.

    Raises
    ------
    InputError
        The file cannot be opened (locked by another process, not a DuckDB file, missing in read-only mode).
    DataFileError
        The database was written by a newer stimsafe (schema version too high).
    """
    try:
        import duckdb
    except ImportError:  # pragma: no cover - duckdb is a runtime dependency
        raise DependencyError("DuckDB is required for the signals store.", hint="pip install duckdb") from None
    memory = path is not None and str(path) == ":memory:"
    file = None if memory else Path(path) if path is not None else default_db_path()
    if file is not None:
        _refuse_foreign(file)
    if file is not None and not read_only:
        file.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(":memory:" if file is None else str(file), read_only=read_only, config=_OFFLINE)
    except (duckdb.Error, OSError) as error:
        raise InputError(
            f"Cannot open the signals database: {error}",
            field="--db",
            value=str(file),
            hint="Close other stimsafe processes using it, or choose another file with --db PATH.",
        ) from None
    store = Store(con, file)
    if not read_only:
        con.execute(_schema_sql())
        _check_version(store)
    return store


#: No extension is ever installed or loaded behind the user's back (a SQLite file as --db would otherwise make
#: DuckDB download its sqlite extension from the internet).
_OFFLINE: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def _refuse_foreign(file: Path) -> None:
    """A clear error for a file that is not a DuckDB database (checked by its first bytes)."""
    try:
        with file.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return  # missing (created below) or unreadable (DuckDB names the problem)
    if head.startswith(b"SQLite format 3"):
        raise InputError(
            "This file is a SQLite database (perhaps a symptom diary), not a DuckDB signals store.",
            field="--db",
            value=str(file),
            hint="Give a .duckdb file with --db PATH, or leave --db out to use the default store.",
        )


def _check_version(store: Store) -> None:
    found = store.get_meta("schema_version")
    if found is None or int(found) < SCHEMA_VERSION:  # schema.sql has just migrated an older store
        store.set_meta("schema_version", str(SCHEMA_VERSION))
    elif int(found) > SCHEMA_VERSION:
        store.close()
        raise DataFileError(
            f"The database has schema version {found}; this stimsafe understands up to {SCHEMA_VERSION}.",
            field="schema_version",
            value=found,
            hint="Upgrade stimsafe, or use a new database file with --db PATH.",
            location=str(store.path),
        )
