"""Use cases of signals: ingest, fetch, status and cases (DuckDB store); counting, statistics and the report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import date
    from pathlib import Path

    from stimsafe.report.model import Report


def signals_ingest(
    paths: Sequence[str | Path], db: str | Path | None = None, *, kind: str | None = None, progress: Any = None
) -> Report:
    """Load openFDA JSON / raw MAUDE files into the signals store (idempotent, one transaction per file).

    When a file fails, the files before it stay loaded; the harm cases are then rebuilt for what the store holds
    before the error propagates, so a later ``signals report`` does not count on out-of-date cases.
    """
    from stimsafe.errors import StimsafeError
    from stimsafe.signals.harms import build_cases
    from stimsafe.signals.ingest import ingest_paths
    from stimsafe.signals.ingest.report import ingest_report
    from stimsafe.signals.store import open_store

    with open_store(db) as store:
        try:
            results = ingest_paths(store, list(paths), kind=kind, progress=progress)
        except StimsafeError:
            _rebuild_after_failure(store)
            raise
        build_cases(store)
        return ingest_report(store, results)


def _rebuild_after_failure(store: Any) -> None:
    """Rebuild the cases of the files committed before a failed one; on any error leave them marked stale."""
    import contextlib

    import duckdb

    from stimsafe.errors import StimsafeError
    from stimsafe.signals.harms import build_cases

    with contextlib.suppress(StimsafeError, duckdb.Error):  # else cases_stale stays '1': run/report refuse
        build_cases(store)


def signals_fetch(
    product_codes: Sequence[str] | str = (),
    db: str | Path | None = None,
    *,
    family: str | None = None,
    brands: Sequence[str] = (),
    manufacturers: Sequence[str] = (),
    since: date | None = None,
    api_key: str | None = None,
    cache_dir: str | Path | None = None,
    refresh: bool = False,
    client: Any = None,
    progress: Any = None,
) -> Report:
    """Fetch reports by product codes, a named family, brand or manufacturer names from the openFDA API (cached,
    resumable), ingest the pages, and record the search, the day and ``meta.last_updated`` in the store's ``meta``.

    ``refresh`` downloads again even when a finished fetch is cached (openFDA revises records); the previous
    cache stays usable until the new download completes. ``client`` is an ``httpx.Client`` (tests pass a mock).
    """
    import json
    from pathlib import Path as _Path

    from stimsafe.signals.fetch import fetch_events
    from stimsafe.signals.openfda_query import Selection
    from stimsafe.signals.store import default_db_path, open_store

    codes = [product_codes] if isinstance(product_codes, str) else list(product_codes)
    selection = Selection.of(codes, family=family, brands=list(brands), manufacturers=list(manufacturers))
    cache = _Path(cache_dir) if cache_dir else default_db_path().parent / "openfda-cache"
    fetched = fetch_events(
        selection, cache, since=since, api_key=api_key, refresh=refresh, client=client, progress=progress
    )
    report = signals_ingest(fetched.pages, db, kind="openfda") if fetched.pages else None
    record: dict[str, Any] = {"search": fetched.search, "fetched_on": fetched.fetched_on}
    record["last_updated"] = fetched.last_updated
    record |= {"pages": len(fetched.pages), "complete": fetched.complete}
    with open_store(db) as store:
        store.set_meta(f"fetch:{fetched.cache_dir.name}", json.dumps(record))
        if report is None:
            from stimsafe.signals.ingest.report import ingest_report

            report = ingest_report(store, [], title="Signals fetch: openFDA found no matching reports")
    return report.model_copy(update={"data": {**report.data, "fetch": record}})


def signals_download(
    db: str | Path | None = None,
    *,
    dry_run: bool = False,
    since_year: int | None = None,
    folder: str | Path | None = None,
    client: Any = None,
    progress: Any = None,
) -> Report:
    """openFDA's bulk device/event files: read ``download.json``, say the size, then (unless ``dry_run``) download
    the partitions (resumable, SHA-256 of each recorded) and ingest them."""
    from pathlib import Path as _Path

    import httpx

    from stimsafe.signals.download import download_partitions, fetch_manifest
    from stimsafe.signals.download_report import download_plan_report
    from stimsafe.signals.store import default_db_path

    own = client is None
    http = client or httpx.Client(timeout=120.0, follow_redirects=True)
    try:
        manifest = fetch_manifest(http)
        chosen = manifest.since(since_year)
        plan = download_plan_report(manifest, chosen, dry_run=dry_run)
        if dry_run:
            return plan
        target = _Path(folder) if folder else default_db_path().parent / "openfda-bulk"
        paths = download_partitions(chosen, target, http, progress=progress)
    finally:
        if own:
            http.close()
    report = signals_ingest(paths, db, kind="openfda")
    return report.model_copy(update={"summary": (*plan.summary, *report.summary)})


def signals_status(db: str | Path | None = None) -> Report:
    """What the signals store holds, from which files, and the rejected rows."""
    from stimsafe.signals.ingest.report import status_report

    with _open_for_reading(db) as store:
        return status_report(store)


def _open_for_reading(db: str | Path | None) -> Any:
    """The store opened read-only (others may read it at the same time; a read-only file works); a database
    that does not exist yet reads as an empty store."""
    from pathlib import Path as _Path

    from stimsafe.signals.store import default_db_path, open_store

    path = _Path(db) if db is not None and str(db) != ":memory:" else None if db is not None else default_db_path()
    if path is None or not path.exists():
        store = open_store(":memory:")
        store.path = path
        return store
    return open_store(path, read_only=True)


def signals_cases(
    harm: str,
    db: str | Path | None = None,
    *,
    product_code: str | None = None,
    dedup: str = "report",
    limit: int = 50,
) -> Report:
    """Case reports of one harm (optionally one product code), with how they matched and their narratives."""
    from stimsafe.signals.harms import list_cases
    from stimsafe.signals.harms.report import cases_report
    from stimsafe.signals.store import default_db_path, open_store

    path = db if db is not None else default_db_path()
    with _open_current(path, rebuild=True) if str(path) != ":memory:" else open_store(path) as store:
        total, rows = list_cases(store, harm, product_code=product_code, dedup=dedup, limit=limit)
    return cases_report(harm, total, rows, product_code=product_code, dedup=dedup)


# --- signals: disproportionality statistics and the signal report (issue 5) ----------------------------------------

DEFAULT_SIGNAL_GROUPS: dict[str, tuple[str, ...]] = {"NFO": ("NFO",)}
DEMO_SIGNAL_GROUPS: dict[str, tuple[str, ...]] = {"ZZ1": ("ZZ1",), "ZZ3": ("ZZ3",)}  # invented codes (signals.demo)


def _signals_analysis(
    db: str | Path | None,
    *,
    demo: bool,
    groups: Mapping[str, Sequence[str]] | None,
    comparator: str,
    strata: Sequence[str],
    engine: str = "duckdb",
    master: str = "local[*]",
    parquet: str | Path | None = None,
    rebuild_cases: bool = False,
) -> Any:
    from stimsafe.signals.counting import Comparator
    from stimsafe.signals.report import analyse

    parsed = Comparator.parse(comparator)
    if parquet is not None:
        from stimsafe.signals.spark.tables import require_current_parquet_cases

        require_current_parquet_cases(parquet)
    if demo:
        from stimsafe.signals.demo import DEMO_FAMILY, DEMO_LABEL, build_demo_store

        if parsed.product_codes is not None and set(parsed.product_codes) == set(
            Comparator.parse("family").product_codes or ()
        ):
            parsed = Comparator("SYNTHETIC stand-in stimulator family (" + ", ".join(DEMO_FAMILY) + ")", DEMO_FAMILY)
        store = build_demo_store()
        label, default_groups = DEMO_LABEL, DEMO_SIGNAL_GROUPS
    elif parquet is not None and db is None:  # Parquet tables only (issue 6): views for by-year counts and narratives
        from stimsafe.signals.spark.engine import parquet_store

        store = parquet_store(parquet)
        label, default_groups = f"Parquet tables {parquet}", DEFAULT_SIGNAL_GROUPS
    else:
        from stimsafe.signals.store import default_db_path

        path = db or default_db_path()
        store = _open_current(path, rebuild=rebuild_cases)
        label, default_groups = f"signals store {path}", DEFAULT_SIGNAL_GROUPS
    with store:
        chosen = {k: tuple(v) for k, v in (groups or default_groups).items()}
        if engine.strip().lower() == "duckdb" and parquet is None:
            return analyse(store.connection, chosen, comparator=parsed, strata=strata, dataset=label)
        from stimsafe.signals.spark.engine import engine_counter  # counting stages on Parquet (issue 6)

        with engine_counter(engine, store=store, parquet=parquet, master=master) as counter:
            return analyse(store.connection, chosen, comparator=parsed, strata=strata, dataset=label, counter=counter)


def _open_current(path: str | Path, *, rebuild: bool) -> Any:
    """The store, read-only, with current harm cases: stale cases are rebuilt (``rebuild``) or refused."""
    from stimsafe.signals.harms import build_cases, cases_stale, require_current_cases
    from stimsafe.signals.store import open_store

    store = open_store(path, read_only=True)
    if not cases_stale(store):
        return store
    if not rebuild:
        with store:
            require_current_cases(store, str(path))
    store.close()
    with open_store(path) as writable:
        build_cases(writable)
    return open_store(path, read_only=True)


def signals_run(
    db: str | Path | None = None,
    *,
    demo: bool = False,
    groups: Mapping[str, Sequence[str]] | None = None,
    comparator: str = "all",
    strata: Sequence[str] = (),
    engine: str = "duckdb",
    master: str = "local[*]",
    parquet: str | Path | None = None,
    rebuild_cases: bool = False,
) -> dict[str, Any]:
    """Count and score every device group × harm cell; the machine-readable result (conventions, fit, cells).

    ``engine="spark"`` runs the counting stages on Spark (``master``) over the Parquet tables at ``parquet``, or over
    the store exported to Parquet; the statistics are the same code either way.

    Every requested group is crossed with every harm, a = 0 included. Stale harm cases (an ingest that stopped on
    an error) are refused with a :class:`~stimsafe.errors.DataFileError`, or rebuilt first when ``rebuild_cases``
    (the store is then opened for writing once).
    """
    report = signals_report(
        db,
        demo=demo,
        groups=groups,
        comparator=comparator,
        strata=strata,
        engine=engine,
        master=master,
        parquet=parquet,
        rebuild_cases=rebuild_cases,
    )
    return dict(report.data)


def signals_report(
    db: str | Path | None = None,
    *,
    demo: bool = False,
    groups: Mapping[str, Sequence[str]] | None = None,
    comparator: str = "all",
    strata: Sequence[str] = (),
    plot_dir: str | Path | None = None,
    engine: str = "duckdb",
    master: str = "local[*]",
    parquet: str | Path | None = None,
    rebuild_cases: bool = False,
) -> Report:
    """The signal report (PRR, ROR, chi2, IC025, EB05/EBGM, flags, counts by year, narratives, honest reading).

    ``engine``, ``master``, ``parquet`` and ``rebuild_cases`` as in :func:`signals_run`.
    """
    from pathlib import Path as _Path

    from stimsafe.signals.report import build_report

    analysis = _signals_analysis(
        db,
        demo=demo,
        groups=groups,
        comparator=comparator,
        strata=strata,
        engine=engine,
        master=master,
        parquet=parquet,
        rebuild_cases=rebuild_cases,
    )
    return build_report(analysis, plot_dir=_Path(plot_dir) if plot_dir else None)


def signals_chance(
    users: int,
    *,
    window_days: float,
    sessions_per_week: float | None = None,
    sessions: int | None = None,
    rate_per_100k_py: float | None = None,
    condition: str | None = None,
    period_days: float = 365.25,
    observed: int | None = None,
) -> Report:
    """Expected onsets within ``window_days`` after a session by coincidence alone (observed-vs-expected).

    The background rate is typed in (``rate_per_100k_py``) or chosen by ``condition`` from the cited packaged rates;
    sessions are ``sessions`` per user in the period, or ``sessions_per_week`` spread over it.
    """
    from stimsafe.errors import InputError
    from stimsafe.knowledge.background import background_rate, rate_sources
    from stimsafe.signals.chance import chance, sessions_in
    from stimsafe.signals.chance_report import chance_report

    checks = (("--users", users), ("--window-days", window_days), ("--period-days", period_days))
    for name, value in checks:
        if not value > 0:
            raise InputError("Must be more than 0.", field=name, value=value, hint=f"Give a positive {name}.")
    if (rate_per_100k_py is None) == (condition is None):
        raise InputError(
            "Give the background rate one way.",
            field="--rate/--condition",
            value=f"{rate_per_100k_py}/{condition}",
            hint="Pass --rate N (per 100,000 person-years) or --condition ID (e.g. bells_palsy), not both.",
        )
    if (sessions is None) == (sessions_per_week is None):
        raise InputError(
            "Give the sessions one way.",
            field="--sessions/--sessions-per-week",
            value=f"{sessions}/{sessions_per_week}",
            hint="Pass --sessions-per-week N, or --sessions N (per user over the period).",
        )
    count = sessions if sessions is not None else sessions_in(sessions_per_week or 0.0, period_days)
    if count < 0 or (rate_per_100k_py is not None and rate_per_100k_py <= 0):
        raise InputError("Must not be negative.", field="--sessions/--rate", value=f"{count}/{rate_per_100k_py}")
    if observed is not None and observed < 0:
        raise InputError("Must not be negative.", field="--observed", value=observed, hint="Give a count of onsets.")
    if condition is not None:
        row = background_rate(condition)
        rate, label, sources = row.rate_per_100k_py, row.label, rate_sources(row)
    else:
        rate, label, sources = float(rate_per_100k_py or 0.0), "the condition (rate as given)", ()
    result = chance(users, count, window_days, rate, period_days=period_days, observed=observed)
    return chance_report(result, label, sources)


def signals_dashboard(db: str | Path | None = None, *, demo: bool = False) -> Report:
    """The signal report with its figures embedded as accessible SVG ``data:`` URIs, for pages and the JSON API.

    Computed once per store state and cached (:mod:`stimsafe.api._cache`): the demo data never change; a store
    is keyed on its path and the size and modification time of its files, so an ingest shows on the next call.
    """
    from stimsafe.api._cache import SIGNALS_CACHE

    key = ("signals_dashboard", demo, None if demo else signals_store_state(db))
    return SIGNALS_CACHE.get_or_compute(key, lambda: _dashboard(db, demo=demo))


def signals_store_state(db: str | Path | None = None) -> tuple[str, tuple[tuple[int, int] | None, ...]]:
    """The store's resolved path and the (size, mtime_ns) of its database and write-ahead-log files."""
    from pathlib import Path as _Path

    from stimsafe.signals.store import default_db_path

    path = _Path(db or default_db_path()).resolve()
    stats: list[tuple[int, int] | None] = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            st = candidate.stat()
        except OSError:
            stats.append(None)
        else:
            stats.append((st.st_size, st.st_mtime_ns))
    return str(path), tuple(stats)


def _dashboard(db: str | Path | None, *, demo: bool) -> Report:
    import tempfile
    from pathlib import Path as _Path

    from stimsafe.report.figures import svg_data_uri

    with tempfile.TemporaryDirectory(prefix="stimsafe-plots-") as folder:
        report = signals_report(db, demo=demo, plot_dir=folder)
        sections = []
        for section in report.sections:
            svgs = tuple(svg_data_uri(_Path(f)) for f in section.figures if f.lower().endswith(".svg"))
            sections.append(section.model_copy(update={"figures": svgs}))
    return report.model_copy(update={"sections": tuple(sections)})
