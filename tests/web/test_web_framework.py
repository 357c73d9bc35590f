"""The app factory: one error shape everywhere, size limits, host checks, security headers, OpenAPI, settings."""

from __future__ import annotations

import pytest

from stimsafe.errors import InputError
from stimsafe.web import Settings, create_app
from stimsafe.web.settings import is_loopback

from .conftest import ERROR_KEYS


def test_health_reports_mode(client) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["multi_user"] is False


def test_unknown_api_route_has_the_error_shape(client) -> None:
    r = client.get("/api/no-such-thing")
    assert r.status_code == 404
    assert set(r.json()) == ERROR_KEYS
    assert r.json()["error"] == "not_found"


def test_unknown_page_is_an_html_error_page(client) -> None:
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "There is nothing at this address." in r.text


def test_wrong_method_has_the_error_shape(client) -> None:
    r = client.put("/api/health")
    assert r.status_code == 405
    assert set(r.json()) == ERROR_KEYS and r.json()["error"] == "method_not_allowed"


def test_validation_error_has_the_error_shape_and_names_the_field(multi) -> None:
    r = multi.post("/api/session", json={"username": "alice"})
    assert r.status_code == 422
    body = r.json()
    assert set(body) == ERROR_KEYS
    assert body["error"] == "invalid_input" and body["field"] == "password"


def test_non_json_mutation_is_refused(multi) -> None:
    r = multi.post("/api/session", content=b"username=a&password=b", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    assert r.json()["error"] == "unsupported_media_type" and r.json()["field"] == "content-type"


def test_body_over_the_limit_is_refused_by_declared_length(make_client) -> None:
    small = make_client(max_body_bytes=100)
    r = small.post("/api/session", content=b"x" * 101, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert set(r.json()) == ERROR_KEYS and r.json()["error"] == "too_large"


def test_streamed_body_over_the_limit_is_refused(make_client) -> None:
    small = make_client(max_body_bytes=100)

    def chunks():
        for _ in range(5):
            yield b"y" * 50

    r = small.post("/api/session", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_body_under_the_limit_passes_the_limit(make_client) -> None:
    small = make_client(max_body_bytes=100, multi_user=True)
    r = small.post("/api/session", json={"username": "nobody", "password": "x"})
    assert r.status_code == 403  # reached the route: wrong password, not "too large"


def test_foreign_host_header_is_refused(client) -> None:
    # a DNS-rebinding page would arrive with its own host name
    r = client.get("/api/health", headers={"host": "evil.example"})
    assert r.status_code == 400


def test_security_headers_and_csp_on_pages(client) -> None:
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "script-src 'none'" in r.headers["content-security-policy"]


def test_openapi_declares_the_error_schema_on_every_operation(client) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["components"]["schemas"]["Error"]["required"]) == ERROR_KEYS
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert "default" in op["responses"], f"{method} {path}"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_remote_bind_needs_explicit_consent(tmp_path) -> None:
    with pytest.raises(InputError) as info:
        create_app(Settings(host="0.0.0.0", data_dir=tmp_path))
    assert info.value.field == "host" and "--allow-remote" in (info.value.hint or "")
    create_app(Settings(host="0.0.0.0", allow_remote=True, multi_user=True, data_dir=tmp_path))


def test_remote_access_without_accounts_is_refused(tmp_path) -> None:
    # review finding 5: single-user mode has no login, so a remote single-user server exposed the diary
    with pytest.raises(InputError) as info:
        create_app(Settings(host="0.0.0.0", allow_remote=True, data_dir=tmp_path))
    assert info.value.field == "multi_user" and "--multi-user" in (info.value.hint or "")
    with pytest.raises(InputError):
        Settings(host="127.0.0.1", allow_remote=True).check()  # allowed hosts would become '*'


def test_remote_access_without_secure_cookies_warns() -> None:
    remote = Settings(host="0.0.0.0", allow_remote=True, multi_user=True)
    assert any("--secure-cookies" in w for w in remote.warnings())
    assert remote.model_copy(update={"secure_cookies": True}).warnings() == ()


def test_settings_from_env_reject_bad_values_with_the_variable_name() -> None:
    with pytest.raises(InputError) as info:
        Settings.from_env({"STIMSAFE_WEB_MULTI_USER": "maybe"})
    assert info.value.field == "STIMSAFE_WEB_MULTI_USER"
    with pytest.raises(InputError) as info:
        Settings.from_env({"STIMSAFE_WEB_PORT": "eighty"})
    assert info.value.field == "port"


def test_default_settings_are_loopback_single_user() -> None:
    s = Settings()
    assert s.host == "127.0.0.1" and not s.multi_user and not s.allow_remote
    assert len(s.secret_key) >= 16
