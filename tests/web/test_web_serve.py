"""``stimsafe serve``: environment settings are honoured (review finding 17), unsafe remote settings refused or warned."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from stimsafe.cli.main import app as cli


@pytest.fixture
def ran(monkeypatch, tmp_path):
    """Capture what uvicorn.run would be given, without starting a server."""
    import uvicorn

    from stimsafe.cli.main import _register

    _register()
    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    monkeypatch.setenv("STIMSAFE_WEB_DATA_DIR", str(tmp_path / "data"))
    for name in ("HOST", "PORT", "ALLOW_REMOTE", "MULTI_USER", "SECURE_COOKIES"):
        monkeypatch.delenv(f"STIMSAFE_WEB_{name}", raising=False)
    return seen


def test_serve_reads_host_and_port_from_the_environment(ran, monkeypatch) -> None:
    monkeypatch.setenv("STIMSAFE_WEB_HOST", "::1")
    monkeypatch.setenv("STIMSAFE_WEB_PORT", "8123")
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert ran["host"] == "::1" and ran["port"] == 8123


def test_serve_options_win_over_the_environment(ran, monkeypatch) -> None:
    monkeypatch.setenv("STIMSAFE_WEB_PORT", "8123")
    result = CliRunner().invoke(cli, ["serve", "--port", "9001"])
    assert result.exit_code == 0, result.output
    assert ran["host"] == "127.0.0.1" and ran["port"] == 9001


def test_serve_refuses_remote_single_user(ran, capsys) -> None:
    from stimsafe.cli.main import main

    assert main(["serve", "--host", "0.0.0.0", "--allow-remote"]) != 0 and ran == {}
    assert "--multi-user" in capsys.readouterr().err


def test_serve_warns_about_cookies_without_secure(ran) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--allow-remote", "--multi-user"])
    assert result.exit_code == 0, result.output
    assert "--secure-cookies" in result.output and ran["host"] == "0.0.0.0"
