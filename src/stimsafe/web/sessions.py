"""Server-side session records, so a session can be ended before its signed cookie expires.

The cookie (Starlette's signed ``SessionMiddleware`` cookie) carries a random session id; this registry, a
table beside the accounts in ``<data_dir>/accounts.sqlite3``, says which ids are live. Logging out deletes the
id, so a copy of the cookie stops working at once; changing a password deletes every id of that user (their
other browsers and any stolen cookie). Records older than the cookie's maximum age are dropped as new ones
are made.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from stimsafe.web.accounts import open_private_db

_SCHEMA = "CREATE TABLE IF NOT EXISTS sessions (sid TEXT PRIMARY KEY, username TEXT NOT NULL, created_s REAL NOT NULL)"


class SessionRegistry:
    """Live session ids, per user.

    Examples
    --------
    >>> import tempfile
    >>> registry = SessionRegistry(Path(tempfile.mkdtemp()), max_age_s=3600)
    >>> sid = registry.open("alice")
    >>> registry.is_live(sid, "alice"), registry.is_live(sid, "bob")
    (True, False)
    >>> registry.revoke(sid); registry.is_live(sid, "alice")
    False
    """

    def __init__(self, data_dir: Path, *, max_age_s: float) -> None:
        self.path = data_dir / "accounts.sqlite3"
        self.max_age_s = max_age_s

    def _connect(self) -> sqlite3.Connection:
        return open_private_db(self.path, _SCHEMA)

    def open(self, username: str) -> str:
        """Record a new session for ``username`` and return its id (32 random bytes, URL-safe)."""
        sid = secrets.token_urlsafe(32)
        now = time.time()
        with closing(self._connect()) as con, con:
            con.execute("DELETE FROM sessions WHERE created_s < ?", (now - self.max_age_s,))
            con.execute("INSERT INTO sessions VALUES (?, ?, ?)", (sid, username, now))
        return sid

    def is_live(self, sid: object, username: str) -> bool:
        """Whether ``sid`` is a live, unexpired session of ``username``."""
        if not isinstance(sid, str) or not sid:
            return False
        with closing(self._connect()) as con:
            row = con.execute("SELECT username, created_s FROM sessions WHERE sid = ?", (sid,)).fetchone()
        return row is not None and row[0] == username and time.time() - row[1] <= self.max_age_s

    def revoke(self, sid: object) -> None:
        """End one session (logout)."""
        if isinstance(sid, str):
            with closing(self._connect()) as con, con:
                con.execute("DELETE FROM sessions WHERE sid = ?", (sid,))

    def revoke_user(self, username: str) -> int:
        """End every session of ``username`` (password change); how many were ended."""
        with closing(self._connect()) as con, con:
            return con.execute("DELETE FROM sessions WHERE username = ?", (username,)).rowcount
