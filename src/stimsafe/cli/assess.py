"""``stimsafe assess``: screen a profile and a plan for a device and print the cited report.

Without ``--profile`` the questions are asked interactively (yes / no / unknown; unknown is never read as no).
``--demo`` runs the embedded example (a NuFACE Trinity user).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from stimsafe.cli.output import Format, FormatOption, emit
from stimsafe.errors import InputError

Prompt = Callable[[str], str]


def _typer_prompt(text: str) -> str:
    return str(typer.prompt(text, default="unknown", show_default=True, err=True))  # stdout stays the report


def ask_profile(prompt: Prompt = _typer_prompt) -> dict[str, Any]:
    """The questionnaire: each condition's question, answered yes / no / unknown; zoned ones ask where.

    ``prompt`` is injected so the questionnaire is testable without a terminal.
    """
    from stimsafe import api

    answers: dict[str, Any] = {}
    age = prompt("Your age in years (or 'unknown')").strip()
    for condition in api.list_conditions():
        answer = prompt(f"{condition.question} [yes/no/unknown]").strip().lower()
        if condition.zoned and answer in {"yes", "y"}:
            where = prompt("Which zones? (comma separated, or 'all')").strip()
            zones = [] if where.lower() in {"", "all"} else [z.strip() for z in where.split(",") if z.strip()]
            answers[condition.id] = {"answer": "yes", "zones": zones}
        else:
            answers[condition.id] = answer
    profile: dict[str, Any] = {"conditions": answers}
    if age.lower() not in {"", "unknown"}:
        if not age.isdigit():
            raise InputError("Age must be a whole number of years.", field="age", value=age, hint="e.g. 34.")
        profile["age"] = int(age)
    return profile


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
    plan_input: Any = plan if plan is not None else _plan_from_options(zones, level, amplitude)
    if plan_input is None:
        entered = typer.prompt("Zones to treat (comma separated, e.g. forehead,cheek,jawline)", err=True)
        plan_input = {"zones": entered}
    profile_input: Any = profile if profile is not None else ask_profile()
    emit(api.assess(device, profile_input, plan_input), fmt)


def register(app: typer.Typer) -> None:
    """Add ``stimsafe assess`` to the app."""
    app.command("assess")(assess_command)
