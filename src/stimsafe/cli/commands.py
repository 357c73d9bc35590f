"""The list of command groups. Each feature adds one line here: its module's ``register`` function."""

from __future__ import annotations

from collections.abc import Callable

import typer

Registrar = Callable[[typer.Typer], None]

REGISTRARS: list[Registrar] = []
