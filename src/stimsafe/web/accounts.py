"""Accounts for multi-user mode: usernames and scrypt password hashes in a small SQLite file.

Passwords are hashed with :func:`hashlib.scrypt` (RFC 7914; n=2**14, r=8, p=1, a 16-byte random salt per
user) and compared in constant time; an unknown user costs one scrypt, like a known one. Nothing else about a
user is stored here; each user's diary lives in its own folder (:func:`user_dir`). Folders are created
owner-only (0700) and the database files owner-read/write only (0600).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import sqlite3
from contextlib import closing
from functools import cache
from pathlib import Path

from stimsafe.errors import InputError, PermissionDeniedError

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,31}$")
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_CHARS = 10


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A self-describing scrypt hash: ``scrypt$n$r$p$salt$hash`` (base64 parts).

    Examples
    --------
    >>> h = hash_password("correct horse battery", salt=b"0" * 16)
    >>> h.split("$")[:4]
    ['scrypt', '16384', '8', '1']
    >>> verify_password("correct horse battery", h), verify_password("wrong", h)
    (True, False)
    """
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    parts = [base64.b64encode(salt).decode(), base64.b64encode(digest).decode()]
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${parts[0]}${parts[1]}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash from :func:`hash_password` (constant-time comparison)."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(got, expected)


@cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown users, made once, so they cost one scrypt like everyone else."""
    return hash_password(secrets.token_urlsafe(16))


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by its owner only (0700); tighten it if it exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def private_files(db_path: Path) -> None:
    """Make a SQLite database and its ``-wal``/``-shm``/``-journal`` files owner-read/write only (0600)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = db_path.with_name(db_path.name + suffix)
        if candidate.exists():
            candidate.chmod(0o600)


_USERS_SCHEMA = "CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL)"


def open_private_db(path: Path, schema: str) -> sqlite3.Connection:
    """Open (creating it owner-only, 0600, in a 0700 folder) a SQLite file and make sure ``schema`` exists."""
    private_dir(path.parent)
    if not path.exists():
        path.touch(mode=0o600)
    con = sqlite3.connect(path, timeout=10)
    con.execute(schema)
    private_files(path)
    return con


def check_username(username: str) -> str:
    """Normalise and validate a username (2–32 of a-z, 0-9, ``_ . -``; lower case).

    Examples
    --------
    >>> check_username("  Alice ")
    'alice'
    """
    name = username.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise InputError(
            "That username cannot be used.",
            field="username",
            value=username,
            hint="Use 2 to 32 letters, digits, '_', '.' or '-', starting with a letter or digit.",
        )
    return name


def check_password(password: str, field: str = "password") -> None:
    """Refuse a password shorter than :data:`MIN_PASSWORD_CHARS`."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(
            "The password is too short.",
            field=field,
            hint=f"Use at least {MIN_PASSWORD_CHARS} characters; a few unrelated words work well.",
        )


class AccountExistsError(InputError):
    """The username is taken."""

    http_status = 409
    kind = "conflict"


class AccountStore:
    """Usernames and password hashes in ``<data_dir>/accounts.sqlite3``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "accounts.sqlite3"

    def _connect(self) -> sqlite3.Connection:
        return open_private_db(self.path, _USERS_SCHEMA)

    def create(self, username: str, password: str) -> str:
        """Add a user and return the normalised username.

        Raises
        ------
        InputError
            The username is malformed or taken, or the password is shorter than 10 characters.
        """
        name = check_username(username)
        check_password(password)
        with closing(self._connect()) as con, con:
            try:
                con.execute("INSERT INTO users VALUES (?, ?)", (name, hash_password(password)))
            except sqlite3.IntegrityError:
                raise AccountExistsError(
                    "That username is taken.", field="username", value=name, hint="Choose another username."
                ) from None
        return name

    def authenticate(self, username: str, password: str) -> str:
        """Return the normalised username when the password matches.

        Raises
        ------
        PermissionDeniedError
            Unknown user or wrong password (the message does not say which).
        """
        name = username.strip().lower()
        with closing(self._connect()) as con:
            row = con.execute("SELECT password_hash FROM users WHERE username = ?", (name,)).fetchone()
        # one scrypt for an unknown user too, so timing does not reveal which usernames exist
        stored = row[0] if row else _dummy_hash()
        if not verify_password(password, stored) or row is None:
            raise PermissionDeniedError(
                "Wrong username or password.", field="username", hint="Check both, or create an account."
            )
        return name

    def set_password(self, username: str, new: str) -> None:
        """Replace a user's password (the caller has checked the current one).

        Raises
        ------
        InputError
            ``new`` is too short.
        """
        check_password(new, field="new_password")
        with closing(self._connect()) as con, con:
            con.execute("UPDATE users SET password_hash = ? WHERE username = ?", (hash_password(new), username))


def user_dir(data_dir: Path, username: str) -> Path:
    """The folder that holds one user's own data (their diary). Created on first use.

    The name is a hash of the username, so a crafted name can never reach another user's folder.
    """
    key = hashlib.sha256(check_username(username).encode()).hexdigest()[:32]
    private_dir(data_dir)
    private_dir(data_dir / "users")
    return private_dir(data_dir / "users" / key)
