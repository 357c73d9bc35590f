"""Review findings 11 and 16: private files for accounts and user folders; no username oracle; a login brake."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from stimsafe.web import accounts
from stimsafe.web.accounts import AccountStore, user_dir
from stimsafe.web.login_limit import MAX_PER_USER

PASSWORD = "a long enough passphrase"


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """A permissive umask (022), as on most systems, so the test sees what the code sets and not the umask."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_accounts_database_and_folders_are_private(tmp_path, open_umask) -> None:
    data = tmp_path / "data"
    store = AccountStore(data)
    store.create("alice", PASSWORD)
    assert _mode(data) == 0o700
    assert _mode(data / "accounts.sqlite3") == 0o600
    for extra in ("accounts.sqlite3-wal", "accounts.sqlite3-shm", "accounts.sqlite3-journal"):
        if (data / extra).exists():
            assert _mode(data / extra) == 0o600
    folder = user_dir(data, "alice")
    assert _mode(folder) == 0o700 and _mode(data / "users") == 0o700


def test_existing_world_readable_folders_are_tightened(tmp_path, open_umask) -> None:
    data = tmp_path / "data"
    (data / "users").mkdir(parents=True, mode=0o755)
    (data / "users").chmod(0o755)
    user_dir(data, "bob")
    assert _mode(data / "users") == 0o700


def test_unknown_user_costs_the_same_scrypt_work_as_a_known_one(tmp_path, monkeypatch) -> None:
    store = AccountStore(tmp_path)
    store.create("alice", PASSWORD)
    accounts._dummy_hash()  # made once per process, before any login
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(accounts.hashlib, "scrypt", counting)
    for name in ("alice", "nobody-here"):
        calls.clear()
        with pytest.raises(accounts.PermissionDeniedError):
            store.authenticate(name, "wrong password!")
        assert len(calls) == 1, name


def _login(multi, username, password):
    return multi.post("/api/session", json={"username": username, "password": password})


def test_repeated_failures_are_refused_before_hashing(multi, monkeypatch) -> None:
    assert multi.post("/api/accounts", json={"username": "carol", "password": PASSWORD}).status_code == 200
    for _ in range(MAX_PER_USER):
        assert _login(multi, "carol", "wrong password!").status_code == 403
    calls: list[int] = []
    monkeypatch.setattr(accounts.hashlib, "scrypt", lambda *a, **k: calls.append(1))
    r = _login(multi, "carol", PASSWORD)  # even the right password waits out the window
    assert r.status_code == 429 and r.json()["error"] == "too_many_requests" and r.json()["hint"]
    assert calls == []


def test_success_clears_the_count(multi) -> None:
    assert multi.post("/api/accounts", json={"username": "dave", "password": PASSWORD}).status_code == 200
    for _ in range(MAX_PER_USER - 1):
        _login(multi, "dave", "wrong password!")
    assert _login(multi, "dave", PASSWORD).status_code == 200
    assert _login(multi, "dave", "wrong password!").status_code == 403
