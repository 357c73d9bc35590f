"""Hardening (issue 14 item 3): proxy headers, no-store on health data, server-side session revocation.

Each test drives the app the way a client would: through ``stimsafe serve``'s uvicorn configuration or the
ASGI test client, with the cookies and headers a browser or an attacker would send.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from typer.testing import CliRunner

from stimsafe.cli.main import app as cli
from stimsafe.web.login_limit import MAX_PER_CLIENT

from .conftest import BASE

PASSWORD = "correct horse battery"


@pytest.fixture
def served(monkeypatch, tmp_path):
    """Run ``stimsafe serve`` with uvicorn.run captured; return a function giving the ASGI app uvicorn would run."""
    import uvicorn

    from stimsafe.cli.main import _register

    _register()
    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(app=app, **kwargs))
    monkeypatch.setenv("STIMSAFE_WEB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)

    def serve(*args: str):
        result = CliRunner().invoke(cli, ["serve", "--multi-user", *args])
        assert result.exit_code == 0, result.output
        options = {k: v for k, v in seen.items() if k != "app"}
        config = uvicorn.Config(seen["app"], **options)
        config.load()  # wraps the app in uvicorn's proxy-header middleware when configured to
        return config.loaded_app

    return serve


async def _statuses_with_rotating_forwarded_for(asgi_app, attempts: int) -> list[int]:
    transport = httpx.ASGITransport(app=asgi_app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        statuses = []
        for i in range(attempts):
            r = await client.post(
                "/api/session",
                json={"username": f"user{i}", "password": "wrong-password"},
                headers={"X-Forwarded-For": f"203.0.113.{i % 250 + 1}"},
            )
            statuses.append(r.status_code)
        return statuses


def test_rotating_forwarded_for_does_not_bypass_the_login_limit(served) -> None:
    statuses = asyncio.run(_statuses_with_rotating_forwarded_for(served(), MAX_PER_CLIENT + 2))
    assert statuses[:MAX_PER_CLIENT] == [403] * MAX_PER_CLIENT
    assert statuses[MAX_PER_CLIENT:] == [429, 429]


def test_forwarded_for_is_believed_only_from_named_proxies(served) -> None:
    statuses = asyncio.run(
        _statuses_with_rotating_forwarded_for(served("--forwarded-allow-ips", "127.0.0.1"), MAX_PER_CLIENT + 2)
    )
    # each request now comes from a different (proxied) client address, so none is over the per-client limit
    assert statuses == [403] * (MAX_PER_CLIENT + 2)


def _signup(client, name: str = "alice") -> None:
    r = client.post("/api/accounts", json={"username": name, "password": PASSWORD})
    assert r.status_code == 200, r.text


def test_a_copied_session_cookie_stops_working_after_logout(multi) -> None:
    _signup(multi)
    stolen = multi.cookies.get("stimsafe_session")
    assert multi.get("/api/diary").status_code == 200
    assert multi.delete("/api/session").status_code == 200
    multi.cookies.set("stimsafe_session", stolen)  # the copy an attacker kept
    assert multi.get("/api/session").json() == {"user": None}
    assert multi.get("/api/diary").status_code == 401


def test_a_password_change_ends_every_other_session(make_client) -> None:
    browser = make_client(multi_user=True)
    _signup(browser)
    other = make_client(multi_user=True)
    other.cookies.set("stimsafe_session", browser.cookies.get("stimsafe_session"))
    assert other.get("/api/diary").status_code == 200
    r = browser.post(
        "/api/accounts/password", json={"current_password": PASSWORD, "new_password": "a new long passphrase"}
    )
    assert r.status_code == 200 and r.json() == {"user": "alice"}
    assert browser.get("/api/diary").status_code == 200  # the browser that changed it goes on
    assert other.get("/api/diary").status_code == 401
    assert other.post("/api/session", json={"username": "alice", "password": PASSWORD}).status_code == 403
    login = other.post("/api/session", json={"username": "alice", "password": "a new long passphrase"})
    assert login.status_code == 200


def test_a_password_change_needs_the_current_password(multi) -> None:
    _signup(multi)
    r = multi.post("/api/accounts/password", json={"current_password": "not it", "new_password": "x" * 12})
    assert r.status_code == 403
    assert multi.post("/api/session", json={"username": "alice", "password": PASSWORD}).status_code == 200


TRIAGE = {"signs": ["face_droop"], "onset": "1h ago"}
SESSION = {"device_id": "nuface-trinity", "zones": ["forehead"], "duration": "5 min"}
ASSESS = {
    "device": "nuface-trinity",
    "profile": {"conditions": {"pregnancy": "yes"}},
    "plan": {"zones": ["forehead"]},
}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/assess", ASSESS),
        ("POST", "/api/triage", TRIAGE),
        ("POST", "/api/diary/sessions", SESSION),
        ("GET", "/api/diary", None),
        ("GET", "/api/diary/export", None),
        ("GET", "/api/diary/fhir", None),
        ("GET", "/diary", None),
        ("GET", "/diary/export.json", None),
        ("GET", "/assess", None),
        ("GET", "/triage", None),
        ("POST", "/api/triage", {"signs": ["not_a_sign"]}),  # the error body quotes what was sent
    ],
)
def test_answers_with_health_data_are_never_stored_by_caches(client, method, path, body) -> None:
    r = client.request(method, path, json=body)
    assert r.status_code < 500
    assert r.headers.get("cache-control") == "no-store", (path, r.status_code)


def test_health_pages_posted_as_forms_are_not_stored(client) -> None:
    from .conftest import csrf_of

    token = csrf_of(client.get("/triage").text)
    r = client.post("/triage", data={"csrf_token": token, "signs": ["face_droop"], "onset": "1h ago"})
    assert r.status_code in (200, 422)  # the report, or the form again with the answers filled in
    assert r.headers["cache-control"] == "no-store"


def test_the_documented_signals_call_works(client) -> None:
    r = client.get("/api/signals?demo=true")
    assert r.status_code == 200, r.text
    assert r.json()["kind"] == "signals"


def test_the_account_page_changes_the_password_and_signs_out_other_browsers(make_client) -> None:
    from .conftest import csrf_of

    browser = make_client(multi_user=True)
    _signup(browser)
    other = make_client(multi_user=True)
    other.cookies.set("stimsafe_session", browser.cookies.get("stimsafe_session"))
    form = browser.get("/account")
    assert form.status_code == 200 and 'href="/account"' in form.text
    wrong = browser.post(
        "/account/password",
        data={"csrf_token": csrf_of(form.text), "current_password": "not it", "new_password": "x" * 12},
    )
    assert wrong.status_code == 403 and "Wrong username or password" in wrong.text
    done = browser.post(
        "/account/password",
        data={"csrf_token": csrf_of(wrong.text), "current_password": PASSWORD, "new_password": "a new long passphrase"},
    )
    assert done.status_code == 200 and "Your password is changed" in done.text
    assert other.get("/api/diary").status_code == 401
    assert browser.get("/api/diary").status_code == 200


def test_the_account_page_needs_a_login(multi) -> None:
    r = multi.get("/account", follow_redirects=False)
    assert r.status_code in (303, 401) and "cache-control" in r.headers


@pytest.mark.parametrize("path", ["/favicon.ico", "/static/nonexistent.css", "/no-such-page"])
def test_a_cookieless_not_found_never_sets_a_session_cookie(client, path):
    """A browser's side request without the cookie must not replace the session whose CSRF token a form carries."""
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "set-cookie" not in response.headers


def test_the_open_triage_form_still_posts_after_a_cookieless_side_request(client, make_client):
    from .conftest import csrf_of

    form = client.get("/triage")
    token = csrf_of(form.text)
    stray = make_client().get("/favicon.ico", headers={"accept": "text/html"})  # no cookie, as a racing side request
    assert "set-cookie" not in stray.headers
    answer = client.post("/triage", data={"csrf_token": token, "note": "my face droops and my arm is weak"})
    assert answer.status_code == 200
    assert "emergency" in answer.text.lower()
