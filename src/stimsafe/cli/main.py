"""The ``stimsafe`` command: builds the Typer app, registers the command groups, maps errors to exit codes.

This module is the only place that turns a :class:`~stimsafe.errors.StimsafeError` into an exit code.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from stimsafe import __version__
from stimsafe.errors import StimsafeError

app = typer.Typer(
    name="stimsafe",
    help="Safety answers, with numbers and sources, for at-home facial microcurrent and EMS devices.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # help paragraphs reflow to the terminal width, and "[default: ...]" in a help text is shown, not eaten as markup
    rich_markup_mode="markdown",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stimsafe {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """stimsafe: screening, dose, triage and signals for facial electrical stimulation."""


_registered: list[bool] = []


def _register() -> None:
    """Attach every command group once. Each group module exposes ``register(app)``."""
    if _registered:
        return
    from stimsafe.cli import commands

    for register in commands.registrars():
        register(app)
    _registered.append(True)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and turn library errors into a message and an exit code, never a traceback."""
    _register()
    err = Console(stderr=True)
    try:
        app(args=argv, standalone_mode=False)
    except StimsafeError as error:
        err.print(f"[bold red]error:[/] {escape(error.describe())}", highlight=False, markup=True, soft_wrap=True)
        return error.exit_code
    except typer.Exit as stop:
        return int(stop.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        return 130
    except Exception as error:
        # usage errors from the click layer (Typer vendors click): they know how to show themselves
        show, code = getattr(error, "show", None), getattr(error, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            return code
        raise
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
