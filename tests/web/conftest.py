"""Fixtures for the web tests: an app per test with its own data folder, and TestClients bound to 127.0.0.1."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    # starlette's test client nags about httpx vs httpx2 at import; either works for these tests
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from stimsafe.web import Settings, create_app

BASE = "http://127.0.0.1"
SECRET = "test-secret-key-0123456789abcdef"


@pytest.fixture
def make_client(tmp_path: Path) -> Callable[..., TestClient]:
    """Build a TestClient for an app with ``Settings(**overrides)`` and a private data folder."""

    def build(**overrides: Any) -> TestClient:
        settings = Settings(data_dir=tmp_path / "data", secret_key=SECRET, **overrides)
        return TestClient(create_app(settings), base_url=BASE, raise_server_exceptions=False)

    return build


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """Single-user app."""
    return make_client()


@pytest.fixture
def multi(make_client: Callable[..., TestClient]) -> TestClient:
    """Multi-user app."""
    return make_client(multi_user=True)


ERROR_KEYS = {"error", "message", "field", "value", "hint", "location"}


def csrf_of(html: str) -> str:
    """The CSRF token in a rendered form."""
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
