"""``stimsafe dose``: per-zone motor-threshold margins and standards checks for a device, with optional figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stimsafe.cli.output import Format, FormatOption, emit


def register(app: typer.Typer) -> None:
    """Attach ``stimsafe dose``."""

    @app.command("dose")
    def dose_command(
        device: Annotated[str, typer.Option("--device", "-d", help="Device id or name, e.g. nuface-trinity.")],
        zone: Annotated[
            list[str] | None, typer.Option("--zone", "-z", help="Zone id (repeatable); all if omitted.")
        ] = None,
        plot: Annotated[Path | None, typer.Option("--plot", help="Write PNG/SVG figures into this folder.")] = None,
        fmt: FormatOption = Format.text,
    ) -> None:
        """Margins (threshold / maximum output) per zone and the IEC/FDA/damage-criterion checks."""
        from stimsafe import api
        from stimsafe.cli.progress import progress_bar

        with progress_bar("Dose model") as step:
            report = api.dose(device, zone or None, plot_dir=plot, progress=step)
        emit(report, fmt)
