"""``stimsafe signals run`` and ``stimsafe signals report``: disproportionality statistics and the signal report.

The commands attach to the ``signals`` command group when another module has registered it, or create it.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from stimsafe.errors import InputError

_FORMATS = ("markdown", "json", "csv")


def _signals_group(app: typer.Typer) -> typer.Typer:
    for info in app.registered_groups:
        if info.name == "signals" and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(help="Adverse-event signals from FDA device reports.", no_args_is_help=True)
    app.add_typer(group, name="signals")
    return group


def _groups(values: list[str]) -> dict[str, list[str]] | None:
    """``--group NFO`` or ``--group facial=NFO,NYX``."""
    if not values:
        return None
    out: dict[str, list[str]] = {}
    for value in values:
        label, _, codes = value.partition("=")
        codes = codes or label
        out[label.strip()] = [c.strip().upper() for c in codes.split(",") if c.strip()]
    return out


def _strata(value: str) -> list[str]:
    return [s.strip() for s in value.split(",") if s.strip()]


def _check_format(fmt: str) -> None:
    if fmt not in _FORMATS:
        raise InputError("Unknown output format.", field="--format", value=fmt, hint="Use markdown, json or csv.")


DB = typer.Option(None, "--db", help="Signals database (default: the user data folder).")
DEMO = typer.Option(False, "--demo", help="Use the built-in SYNTHETIC demo dataset with planted signals.")
GROUP = typer.Option([], "--group", help="Device group: a product code, or LABEL=CODE,CODE. Repeatable.")
COMPARATOR = typer.Option("all", "--comparator", help="all | stimulators (21 CFR 882.5890) | CODE,CODE,...")
STRATA = typer.Option("", "--strata", help="Strata for expected counts: any of year,sex,age.")
FORMAT = typer.Option("markdown", "--format", "-f", help="Output format: markdown, json or csv.")
PLOT = typer.Option(None, "--plot", help="Write figures (PNG and SVG) into this folder.")
ENGINE = typer.Option("duckdb", "--engine", help="Counting engine: duckdb | spark (see docs/spark.md).")
MASTER = typer.Option(
    "local[*]", "--master", help="Spark master URL, with --engine spark: local[*], spark://HOST:7077..."
)
REBUILD = typer.Option(
    False,
    "--rebuild-cases",
    help="If an ingest stopped before the harm cases were rebuilt, rebuild them first (opens --db for writing).",
)
PARQUET = typer.Option(
    None, "--parquet", help="Count from these Parquet tables (a folder; for Spark also s3a://... URLs) instead of --db."
)


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``report`` to the ``signals`` group."""
    group = _signals_group(app)

    @group.command("run")
    def run(  # noqa: PLR0917 -- one parameter per CLI option
        db: Path | None = DB,
        demo: bool = DEMO,
        group_: list[str] = GROUP,
        comparator: str = COMPARATOR,
        strata: str = STRATA,
        engine: str = ENGINE,
        master: str = MASTER,
        parquet: str | None = PARQUET,
        rebuild_cases: bool = REBUILD,
    ) -> None:
        """Compute PRR, ROR, chi2, IC, BCPNN and MGPS for each device group x harm; print JSON."""
        from stimsafe import api

        out = api.signals_run(
            db,
            demo=demo,
            groups=_groups(group_),
            comparator=comparator,
            strata=_strata(strata),
            engine=engine,
            master=master,
            parquet=parquet,
            rebuild_cases=rebuild_cases,
        )
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))

    @group.command("report")
    def report(  # noqa: PLR0917 -- one parameter per CLI option
        db: Path | None = DB,
        demo: bool = DEMO,
        group_: list[str] = GROUP,
        comparator: str = COMPARATOR,
        strata: str = STRATA,
        fmt: str = FORMAT,
        plot: Path | None = PLOT,
        engine: str = ENGINE,
        master: str = MASTER,
        parquet: str | None = PARQUET,
        rebuild_cases: bool = REBUILD,
    ) -> None:
        """The signal report: measures with intervals, flags, counts by year, narratives and how to read them."""
        from stimsafe import api
        from stimsafe.report import render
        from stimsafe.signals.report import to_csv

        _check_format(fmt)
        rep = api.signals_report(
            db,
            demo=demo,
            groups=_groups(group_),
            comparator=comparator,
            strata=_strata(strata),
            plot_dir=plot,
            engine=engine,
            master=master,
            parquet=parquet,
            rebuild_cases=rebuild_cases,
        )
        if fmt == "csv":
            typer.echo(to_csv(rep), nl=False)
        elif fmt == "json":
            typer.echo(render.to_json(rep))
        else:
            typer.echo(render.to_markdown(rep))
