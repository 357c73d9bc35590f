"""The list of command groups. Each feature adds one line to ``_MODULES``: a module with ``register(app)``."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import typer

Registrar = Callable[[typer.Typer], None]

_MODULES: list[str] = [
    "stimsafe.cli.assess",
    "stimsafe.cli.catalogue",
    "stimsafe.cli.serve",
    "stimsafe.cli.triage",
    "stimsafe.cli.diary",
    "stimsafe.cli.dose",
    "stimsafe.cli.signals",
    "stimsafe.cli.signals_report",  # after the signals group module, which it extends
]


def registrars() -> list[Registrar]:
    """The ``register`` function of every command-group module, in order."""
    out: list[Registrar] = []
    for name in _MODULES:
        register: Registrar = importlib.import_module(name).register
        out.append(register)
    return out
