"""Review finding 1: a device named over the web is a catalogue lookup, never a path opened on the server.

Before the fix ``{"device": "/tmp/.../config.yaml"}`` loaded the file as a device spec and echoed its content
(``'api_key': 'sk-SECRET-...'``) in the error's ``value``; a non-UTF-8 file gave a 500.
"""

from __future__ import annotations

import pytest

from .conftest import ERROR_KEYS, csrf_of

SECRET = "sk-SECRET-12345"


@pytest.fixture
def server_files(tmp_path):
    """A YAML file with a secret, a non-UTF-8 ``.yaml`` file, and a secret file without a YAML suffix."""
    folder = tmp_path / "secret"
    folder.mkdir()
    (folder / "config.yaml").write_text(f"api_key: {SECRET}\nname: prod\n")
    (folder / "binary.yaml").write_bytes(b"\xff\xfe\x00\x81 not utf-8")
    (folder / "notes").write_text(f"{SECRET}\n")
    return folder


def _paths(folder):
    return [str(folder / "config.yaml"), str(folder / "binary.yaml"), str(folder / "notes"), "../../etc/passwd"]


def test_api_assess_never_opens_a_path(client, server_files) -> None:
    for path in _paths(server_files):
        r = client.post("/api/assess", json={"device": path, "profile": {}, "plan": {"zones": ["cheek"]}})
        assert r.status_code == 422, path
        body = r.json()
        assert set(body) == ERROR_KEYS and body["field"] == "device"
        assert SECRET not in r.text and "api_key" not in r.text


def test_api_dose_refuses_a_path_too(client, server_files) -> None:
    r = client.post("/api/dose", json={"device": str(server_files / "config.yaml")})
    assert r.status_code == 422 and r.json()["field"] == "device" and SECRET not in r.text


def test_catalogue_aliases_still_pass_the_pattern(client) -> None:
    for alias in ("nuface-trinity", "NuFACE Trinity", "trinity+", "7e-myolift"):
        body = {"device": alias, "profile": {}, "plan": {"zones": ["forehead"]}}
        assert client.post("/api/assess", json=body).status_code == 200, alias


def test_assess_page_never_opens_a_path(client, server_files) -> None:
    for path in _paths(server_files):
        token = csrf_of(client.get("/assess").text)
        r = client.post("/assess", data={"csrf_token": token, "device": path, "zones": ["cheek"]})
        assert r.status_code in (404, 422), path  # unknown catalogue device, shown on the form
        assert SECRET not in r.text and "api_key" not in r.text and "Something went wrong" not in r.text
