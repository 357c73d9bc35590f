"""Multi-user mode: password hashing, login and logout, CSRF on forms, sign-up rules, per-user folders."""

from __future__ import annotations

import base64
import hashlib

import pytest

from stimsafe.errors import InputError, PermissionDeniedError
from stimsafe.web.accounts import AccountStore, check_username, hash_password, user_dir, verify_password

from .conftest import csrf_of

PASSWORD = "a long enough passphrase"


def test_hash_is_rfc7914_scrypt_of_the_password() -> None:
    salt = b"s" * 16
    stored = hash_password(PASSWORD, salt=salt)
    scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    expected = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=32)
    assert scheme == "scrypt" and base64.b64decode(salt_b64) == salt
    assert base64.b64decode(digest_b64) == expected
    assert PASSWORD not in stored


def test_same_password_different_salts_differ() -> None:
    assert hash_password(PASSWORD) != hash_password(PASSWORD)


@pytest.mark.parametrize("stored", ["", "md5$x", "scrypt$1$2$3$!!$!!", "scrypt$16384$8$1$AAAA"])
def test_verify_rejects_malformed_hashes(stored: str) -> None:
    assert verify_password(PASSWORD, stored) is False


def test_store_creates_and_authenticates(tmp_path) -> None:
    store = AccountStore(tmp_path)
    assert store.create("Alice", PASSWORD) == "alice"
    assert store.authenticate("alice", PASSWORD) == "alice"
    with pytest.raises(PermissionDeniedError):
        store.authenticate("alice", "wrong password!")
    with pytest.raises(PermissionDeniedError):
        store.authenticate("bob", PASSWORD)
    with pytest.raises(InputError, match="taken"):
        store.create("alice", PASSWORD)
    with pytest.raises(InputError, match="too short"):
        store.create("carol", "short")


@pytest.mark.parametrize("bad", ["", "a", "../etc", "a/b", "x" * 40, "Ünï"])
def test_bad_usernames_are_refused(bad: str) -> None:
    with pytest.raises(InputError) as info:
        check_username(bad)
    assert info.value.field == "username"


def test_user_dirs_are_distinct_and_inside_the_data_dir(tmp_path) -> None:
    a, b = user_dir(tmp_path, "alice"), user_dir(tmp_path, "bob")
    assert a != b and a.parent == b.parent == tmp_path / "users"
    assert user_dir(tmp_path, "ALICE") == a


def _signup(client, username: str) -> None:
    token = csrf_of(client.get("/signup").text)
    r = client.post(
        "/signup", data={"username": username, "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303


def test_form_signup_login_logout(multi) -> None:
    _signup(multi, "alice")
    assert multi.get("/api/session").json() == {"user": "alice"}
    token = csrf_of(multi.get("/").text)
    assert multi.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert multi.get("/api/session").json() == {"user": None}
    token = csrf_of(multi.get("/login").text)
    r = multi.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, "csrf_token": token, "next": "/devices"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/devices"


def test_login_rejects_offsite_next(multi) -> None:
    _signup(multi, "alice")
    token = csrf_of(multi.get("/login").text)
    r = multi.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, "csrf_token": token, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


def test_wrong_password_shows_the_form_again(multi) -> None:
    _signup(multi, "alice")
    token = csrf_of(multi.get("/login").text)
    r = multi.post("/login", data={"username": "alice", "password": "not it at all", "csrf_token": token})
    assert r.status_code == 403 and "Wrong username or password." in r.text


def test_form_post_without_csrf_token_is_refused(multi) -> None:
    multi.get("/signup")
    r = multi.post("/signup", data={"username": "mallory", "password": PASSWORD})
    assert r.status_code == 403 and "expired" in r.text


def test_form_post_with_another_sessions_token_is_refused(make_client) -> None:
    one, two = make_client(multi_user=True), make_client(multi_user=True)
    token = csrf_of(one.get("/signup").text)
    two.get("/signup")
    r = two.post("/signup", data={"username": "mallory", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 403


def test_json_signup_and_login(multi) -> None:
    r = multi.post("/api/accounts", json={"username": "bob", "password": PASSWORD})
    assert r.status_code == 200 and r.json() == {"user": "bob"}
    multi.delete("/api/session")
    assert multi.post("/api/session", json={"username": "bob", "password": PASSWORD}).json() == {"user": "bob"}


def test_signup_is_closed_in_single_user_mode_and_when_disabled(client, make_client) -> None:
    assert client.post("/api/accounts", json={"username": "bob", "password": PASSWORD}).status_code == 422
    closed = make_client(multi_user=True, allow_signup=False)
    assert closed.post("/api/accounts", json={"username": "bob", "password": PASSWORD}).status_code == 422


def test_session_cookie_is_httponly_and_samesite(multi) -> None:
    r = multi.post("/api/accounts", json={"username": "bob", "password": PASSWORD})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert PASSWORD.lower() not in cookie


def test_single_user_mode_has_the_local_user(client) -> None:
    assert client.get("/api/session").json() == {"user": "local"}
