"""``stimsafe signals``: ingest FDA adverse-event files, fetch from openFDA, show the store, list harm cases.

The group object is :data:`signals_app`; other modules add commands to it (``run``, ``report``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import typer

from stimsafe.cli.output import Format, FormatOption, emit
from stimsafe.errors import InputError

signals_app = typer.Typer(help="Adverse-event signals from FDA device reports (MAUDE / openFDA).", no_args_is_help=True)

DB = typer.Option(None, "--db", help="Signals database file (default: the user data folder).")
PATHS = typer.Argument(..., help="openFDA .json/.json.zip files or raw MAUDE files (plain or .zip).")
KIND = typer.Option(None, "--kind", help="File kind when the name does not tell (openfda, master, ...).")
PROGRESS = typer.Option(True, "--progress/--no-progress", help="Show a progress bar.")
PRODUCTS = typer.Option([], "--product-code", help="FDA product code, e.g. NFO. Repeatable.")
FAMILY = typer.Option(None, "--family", help="A named family of product codes: facial-stimulators (21 CFR 882.5890).")
BRANDS = typer.Option([], "--brand", help="Brand name as reported (device.brand_name), e.g. NuFACE. Repeatable.")
MAKERS = typer.Option([], "--manufacturer", help="Manufacturer name as reported (manufacturer_d_name). Repeatable.")
DRY_RUN = typer.Option(False, "--dry-run", help="Only show what would be downloaded, and its size.")
SINCE_YEAR = typer.Option(None, "--since-year", help="Only partitions of this year or later, e.g. 2020.")
FOLDER = typer.Option(None, "--folder", help="Where the bulk files are kept (resumable; default: user data folder).")
SINCE = typer.Option(None, "--since", help="Only reports received on or after YYYY-MM-DD.")
API_KEY = typer.Option(None, "--api-key", help="openFDA API key (or OPENFDA_API_KEY).")
CACHE_DIR = typer.Option(None, "--cache-dir", help="Where fetched pages are kept (resumable).")
REFRESH = typer.Option(False, "--refresh", help="Download again even if a finished fetch is cached.")
HARM = typer.Option(..., "--harm", help="Harm id, e.g. facial_palsy, burn, ptosis.")
PRODUCT = typer.Option(None, "--product-code", help="Only reports with this product code.")
DEDUP = typer.Option("report", "--dedup", help="report (unique MDR_REPORT_KEY) or event (EVENT_KEY).")
LIMIT = typer.Option(50, "--limit", min=1, help="Rows to list.")


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError("Not a date.", field="--since", value=value, hint="Write YYYY-MM-DD.") from None


@signals_app.command("ingest")
def ingest(
    paths: list[Path] = PATHS,
    *,
    db: Path | None = DB,
    kind: str | None = KIND,
    fmt: FormatOption = Format.text,
    progress: bool = PROGRESS,
) -> None:
    """Load files into the store: idempotent, one transaction per file, malformed rows kept as rejects."""
    from stimsafe import api

    with _bar("ingest", "bytes", enabled=progress) as advance:
        report = api.signals_ingest(paths, db, kind=kind, progress=advance)
    emit(report, fmt)


@contextmanager
def _bar(label: str, unit: str, *, enabled: bool) -> Iterator[Callable[[int, int | None], None] | None]:
    """A Rich progress bar on stderr (bytes or records), or nothing when disabled."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn, TransferSpeedColumn

    columns = (DownloadColumn(), TransferSpeedColumn()) if unit == "bytes" else (MofNCompleteColumn(),)
    with Progress(TextColumn(label), BarColumn(), *columns, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@signals_app.command("fetch")
def fetch(
    *,
    product_code: list[str] = PRODUCTS,
    family: str | None = FAMILY,
    brand: list[str] = BRANDS,
    manufacturer: list[str] = MAKERS,
    since: str | None = SINCE,
    api_key: str | None = API_KEY,
    cache_dir: Path | None = CACHE_DIR,
    refresh: bool = REFRESH,
    db: Path | None = DB,
    fmt: FormatOption = Format.text,
    progress: bool = PROGRESS,
) -> None:
    """Fetch reports by product codes, a family, brands or manufacturers from openFDA (resumable), then ingest."""
    from stimsafe import api

    key = api_key or os.environ.get("OPENFDA_API_KEY")
    with _bar("fetch", "records", enabled=progress) as advance:
        report = api.signals_fetch(
            product_code,
            db,
            family=family,
            brands=brand,
            manufacturers=manufacturer,
            since=_since(since),
            api_key=key,
            cache_dir=cache_dir,
            refresh=refresh,
            progress=advance,
        )
    emit(report, fmt)


@signals_app.command("download")
def download(
    *,
    dry_run: bool = DRY_RUN,
    since_year: int | None = SINCE_YEAR,
    folder: Path | None = FOLDER,
    db: Path | None = DB,
    fmt: FormatOption = Format.text,
    progress: bool = PROGRESS,
) -> None:
    """openFDA bulk device/event files: show the size, download (resumable, checksums recorded), ingest."""
    from stimsafe import api

    with _bar("download", "bytes", enabled=progress and not dry_run) as advance:
        report = api.signals_download(db, dry_run=dry_run, since_year=since_year, folder=folder, progress=advance)
    emit(report, fmt)


@signals_app.command("status")
def status(db: Path | None = DB, fmt: FormatOption = Format.text) -> None:
    """What the store holds, from which files, and the rejected rows."""
    from stimsafe import api

    emit(api.signals_status(db), fmt)


@signals_app.command("cases")
def cases(
    *,
    harm: str = HARM,
    product_code: str | None = PRODUCT,
    dedup: str = DEDUP,
    limit: int = LIMIT,
    db: Path | None = DB,
    fmt: FormatOption = Format.text,
) -> None:
    """List the case reports of one harm, with how they matched and their narratives."""
    from stimsafe import api

    emit(api.signals_cases(harm, db, product_code=product_code, dedup=dedup, limit=limit), fmt)


USERS = typer.Option(..., "--users", help="Number of users (people using the device).")
PER_WEEK = typer.Option(None, "--sessions-per-week", help="Sessions per user per week, spread evenly.")
SESSIONS = typer.Option(None, "--sessions", help="Sessions per user over the whole period (instead of per week).")
WINDOW = typer.Option(..., "--window-days", help="Risk window after each session, in days (e.g. 3, 28, 42).")
RATE = typer.Option(None, "--rate", help="Background rate, new cases per 100,000 person-years (e.g. 37.7).")
CONDITION = typer.Option(None, "--condition", help="A cited background rate instead of --rate, e.g. bells_palsy.")
PERIOD = typer.Option(365.25, "--period-days", help="Observation period in days (default one year).")
OBSERVED = typer.Option(None, "--observed", help="Onsets observed, to compare with the expected count.")


@signals_app.command("chance")
def chance(
    *,
    users: int = USERS,
    sessions_per_week: float | None = PER_WEEK,
    sessions: int | None = SESSIONS,
    window_days: float = WINDOW,
    rate: float | None = RATE,
    condition: str | None = CONDITION,
    period_days: float = PERIOD,
    observed: int | None = OBSERVED,
    fmt: FormatOption = Format.text,
) -> None:
    """How many onsets would fall within the window after a session by chance alone (observed vs expected)."""
    from stimsafe import api

    report = api.signals_chance(
        users,
        window_days=window_days,
        sessions_per_week=sessions_per_week,
        sessions=sessions,
        rate_per_100k_py=rate,
        condition=condition,
        period_days=period_days,
        observed=observed,
    )
    emit(report, fmt)


def register(app: typer.Typer) -> None:
    """Attach the ``signals`` group."""
    app.add_typer(signals_app, name="signals")
