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
from stimsafe.errors import InputError


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
        str | None, typer.Option("--device", "-d", help="Catalogue id/alias, or a device spec file.")
    ] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", "-p", help="Profile file (YAML/JSON); asked if absent.")
    ] = None,
    plan: Annotated[Path | None, typer.Option("--plan", help="Plan file (YAML/JSON) with zones and level.")] = None,
    zones: Annotated[
        str | None, typer.Option("--zones", "-z", help="Zones, comma separated (instead of --plan).")
    ] = None,
    level: Annotated[int | None, typer.Option("--level", "-l", help="Device level (1 = lowest).")] = None,
    amplitude: Annotated[
        str | None, typer.Option("--amplitude", "-a", help="Current with its unit, e.g. '200 uA'.")
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Run the embedded example (NuFACE Trinity).")] = False,
    fmt: FormatOption = Format.text,
) -> None:
    """Can I use this device, where, how strongly and for how long? A cited screening report."""
    from stimsafe import api

    if demo:
        emit(api.assess_demo(), fmt)
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
    emit(api.assess(chosen, profile_input, checked), fmt)


def register(app: typer.Typer) -> None:
    """Add ``stimsafe assess`` to the app."""
    app.command("assess")(assess_command)
