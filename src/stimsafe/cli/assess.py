"""``stimsafe assess``: screen a profile and a plan for a device and print the cited report.

Without ``--profile`` the questions are asked interactively (``cli/assess_ask.py``): yes / no / not sure, each
checked at once and asked again; "not sure" is never read as no. The device and the plan are checked before the
first question, so no answer is lost to a typo in them.
``--demo`` runs the embedded example (a NuFACE Trinity user).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from stimsafe.cli.assess_ask import ask_profile, ask_zones
from stimsafe.cli.output import Format, FormatOption, emit
from stimsafe.cli.progress import working
from stimsafe.errors import InputError
from stimsafe.report.model import Report

_WORKING = "Computing the dose caps (the first run on a computer takes a minute or two)"


def _plan_from_options(zones: str | None, level: int | None, amplitude: str | None) -> dict[str, Any] | None:
    if zones is None:
        if level is not None or amplitude is not None:
            raise InputError("A level or amplitude needs zones.", field="--zones", hint="Add --zones forehead,cheek.")
        return None
    plan: dict[str, Any] = {"zones": zones}
    if level is not None:
        plan["level"] = level
    if amplitude is not None:
        plan["amplitude"] = amplitude
    return plan


def assess_command(  # noqa: PLR0917 -- one parameter per CLI option
    device: Annotated[
        str | None,
        typer.Option(
            "--device",
            "-d",
            help="Catalogue id or alias (see 'stimsafe devices list'), or a device spec file (YAML/JSON, every "
            "quantity with its unit), e.g. examples/device-spec.yaml.",
        ),
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            "-p",
            help="Profile file (YAML/JSON): age and conditions: {id: yes/no/unknown}, e.g. "
            "examples/profile-demo.yaml. Asked question by question if absent.",
        ),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            help="Plan file (YAML/JSON): zones: [...] and level, e.g. examples/plan-demo.yaml.",
        ),
    ] = None,
    zones: Annotated[
        str | None, typer.Option("--zones", "-z", help="Zones, comma separated (instead of --plan).")
    ] = None,
    level: Annotated[int | None, typer.Option("--level", "-l", help="Device level (1 = lowest).")] = None,
    amplitude: Annotated[
        str | None, typer.Option("--amplitude", "-a", help="Current with its unit, e.g. '200 uA'.")
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Run the embedded example (NuFACE Trinity).")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Print the whole report (text format); by default a five-line summary.")
    ] = False,
    fmt: FormatOption = Format.text,
) -> None:
    """Can I use this device, where, how strongly and for how long? A cited screening report.

    In the terminal it opens with five lines (verdict, zones, what to do, what is unknown); --full prints the
    findings with their reasons and sources, the session plan and the dose caps. Markdown, JSON and HTML are
    always complete.
    """
    from stimsafe import api

    if demo:
        with working(_WORKING):
            report = api.assess_demo()
        _show(report, fmt, full)
        return
    if device is None:
        raise InputError(
            "No device given.",
            field="--device",
            hint="Add --device nuface-trinity (see 'stimsafe devices list'), or use --demo.",
        )
    chosen = api.resolve_device(device)
    plan_input: Any = plan if plan is not None else _plan_from_options(zones, level, amplitude)
    if plan_input is None:
        plan_input = {"zones": ask_zones("Zones to treat, separated by commas", allow_all=False)}
    checked = api.check_plan(chosen, plan_input)
    profile_input: Any = profile if profile is not None else ask_profile()
    with working(_WORKING):
        report = api.assess(chosen, profile_input, checked)
    _show(report, fmt, full)


def _show(report: Report, fmt: Format | str, full: bool) -> None:
    """The whole report, or in the terminal (text, no ``--full``) its five-line summary."""
    if full or Format(fmt) is not Format.text:
        emit(report, fmt)
        return
    import textwrap

    from rich.console import Console

    from stimsafe.cli.assess_brief import brief_lines

    width = Console().width  # the terminal's, or COLUMNS; continuation lines are indented under each line
    for line in brief_lines(report):
        typer.echo(textwrap.fill(line, width=width, subsequent_indent="  ", break_on_hyphens=False))


def register(app: typer.Typer) -> None:
    """Add ``stimsafe assess`` to the app."""
    app.command("assess")(assess_command)
