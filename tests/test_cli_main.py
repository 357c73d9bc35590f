"""The CLI entry point maps errors to exit codes and never prints a traceback."""

from __future__ import annotations

import pytest

from stimsafe import __version__
from stimsafe.cli.main import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_error_shows_field_value_and_fix(capsys: pytest.CaptureFixture[str]) -> None:
    """A library error reaches the user whole: brackets in the message are not taken for markup."""
    import typer

    from stimsafe.cli import main as cli_main
    from stimsafe.errors import InputError

    probe = typer.Typer()

    @probe.command()
    def boom() -> None:
        raise InputError("Amplitude has no unit.", field="amplitude", value="400", hint="Write '400 uA'.")

    @probe.command()
    def other() -> None:
        """Second command so Typer keeps subcommand names."""

    original = cli_main.app
    cli_main.app = probe
    try:
        code = cli_main.main(["boom"])
    finally:
        cli_main.app = original
    err = capsys.readouterr().err
    assert code == 2
    assert "[field 'amplitude', value '400']" in err and "400 uA" in err
