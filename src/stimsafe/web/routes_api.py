"""The JSON API under ``/api``: it mirrors the CLI, one use case of :mod:`stimsafe.api` per route.

Every route returns a :class:`~stimsafe.report.model.Report` as JSON (``report.model_dump``) or a small
object; every error has the one body shape (:mod:`stimsafe.web.errors`). Mutating routes require a JSON body.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from stimsafe import __version__
from stimsafe.web import security
from stimsafe.web.accounts import MIN_PASSWORD_CHARS, AccountStore

router = APIRouter(prefix="/api", tags=["API"])


class NewAccount(BaseModel):
    """A username (2–32 of letters, digits, ``_ . -``) and a password of at least 10 characters."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    username: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,31}$")
    password: str = Field(min_length=MIN_PASSWORD_CHARS, max_length=256)


class Credentials(BaseModel):
    """Username and password for multi-user mode."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@router.get("/health", summary="Liveness and mode")
def health(request: Request) -> dict[str, Any]:
    """Whether the server is up, its version and whether it runs in multi-user mode."""
    return {"status": "ok", "version": __version__, "multi_user": security.settings_of(request).multi_user}


@router.post("/session", summary="Log in (multi-user mode)", dependencies=[Depends(security.json_only)])
def login(request: Request, credentials: Credentials) -> dict[str, Any]:
    """Start a session; the cookie ``stimsafe_session`` then authenticates later calls."""
    user = security.authenticate(request, credentials.username, credentials.password)
    security.start_session(request, user)
    return {"user": user}


@router.post(
    "/accounts",
    summary="Create an account (multi-user mode)",
    dependencies=[Depends(security.json_only)],
    responses={409: {"description": "The username is taken."}},
)
def signup(request: Request, credentials: NewAccount) -> dict[str, Any]:
    """Create an account and log in."""
    settings = security.settings_of(request)
    security.check_signup_allowed(settings)
    user = AccountStore(settings.data_dir).create(credentials.username, credentials.password)
    security.start_session(request, user)
    return {"user": user}


class PasswordChange(BaseModel):
    """The current password and a new one of at least 10 characters."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=MIN_PASSWORD_CHARS, max_length=256)


@router.post(
    "/accounts/password",
    summary="Change my password (multi-user mode)",
    dependencies=[Depends(security.json_only)],
)
def change_password(request: Request, body: PasswordChange) -> dict[str, Any]:
    """Change the password; every other session of this user ends, and this one continues with a new cookie."""
    user = security.change_password(request, body.current_password, body.new_password)
    return {"user": user}


@router.delete("/session", summary="Log out")
def logout(request: Request) -> dict[str, Any]:
    """End the session."""
    security.end_session(request)
    return {"user": None}


@router.get("/session", summary="Who am I")
def whoami(request: Request) -> dict[str, Any]:
    """The current user (``local`` in single-user mode), or ``null``."""
    return {"user": security.current_user(request)}
