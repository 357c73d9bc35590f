"""``stimsafe devices list|show``, ``stimsafe zones`` and ``stimsafe rules``: the knowledge base, with sources."""

from __future__ import annotations

from typing import Annotated

import typer

from stimsafe.cli.output import Format, FormatOption, emit

devices_app = typer.Typer(help="The device catalogue: output, regulatory status, sources.", no_args_is_help=True)


@devices_app.command("list")
def devices_list(
    fmt: FormatOption = Format.text,
) -> None:
    """Every catalogue device with its modality, output and FDA status."""
    from stimsafe import api

    emit(api.devices_report(), fmt)


@devices_app.command("show")
def devices_show(
    device: Annotated[str, typer.Argument(help="Device id, name or alias, e.g. nuface-trinity.")],
    fmt: FormatOption = Format.text,
) -> None:
    """One device's facts ("not found" where the sources gave nothing) and its sources."""
    from stimsafe import api

    emit(api.device_report(device), fmt)


def zones_command(
    fmt: FormatOption = Format.text,
) -> None:
    """The facial zones: nerve branch nearby, tissue layers, derived nerve depth, caution level."""
    from stimsafe import api

    emit(api.zones_report(), fmt)


def rules_command(
    fmt: FormatOption = Format.text,
) -> None:
    """The screening rule table, generated from the rule data."""
    from stimsafe import api

    emit(api.rules_report(), fmt)


def evidence_command(
    fmt: FormatOption = Format.text,
) -> None:
    """The evidence catalogue: studies, their size, outcome and who funded them."""
    from stimsafe import api

    emit(api.evidence_report(), fmt)


def register(app: typer.Typer) -> None:
    """Add ``devices``, ``zones``, ``rules`` and ``evidence`` to the app."""
    app.add_typer(devices_app, name="devices")
    app.command("zones")(zones_command)
    app.command("rules")(rules_command)
    app.command("evidence")(evidence_command)
