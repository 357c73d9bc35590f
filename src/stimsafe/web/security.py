"""Who is asking, and may they? Sessions, login, CSRF tokens for forms, JSON-only mutations, per-user folders.

Sessions are signed cookies (Starlette's ``SessionMiddleware`` over itsdangerous; ``HttpOnly``,
``SameSite=Lax``, ``Secure`` when configured). Single-user mode has one implicit user, ``local``. Every form
carries a CSRF token bound to the session; every mutating JSON route requires ``Content-Type:
application/json``, which a cross-site form cannot send and a cross-site script cannot send without a CORS
preflight this server never grants.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from fastapi import Form, Request

from stimsafe.errors import InputError, PermissionDeniedError, StimsafeError
from stimsafe.web.accounts import AccountStore, user_dir
from stimsafe.web.sessions import SessionRegistry
from stimsafe.web.settings import Settings

LOCAL_USER = "local"


class LoginRequiredError(PermissionDeniedError):
    """Multi-user mode and nobody is logged in (pages redirect to the login form)."""

    http_status = 401
    kind = "unauthenticated"


class UnsupportedMediaTypeError(StimsafeError):
    """A mutating API call without a JSON body."""

    http_status = 415
    kind = "unsupported_media_type"


def settings_of(request: Request) -> Settings:
    """The app's :class:`Settings`."""
    settings: Settings = request.app.state.settings
    return settings


def current_user(request: Request) -> str | None:
    """The logged-in username, ``local`` in single-user mode, ``None`` when nobody is logged in."""
    if not settings_of(request).multi_user:
        return LOCAL_USER
    user = request.session.get("user")
    if not isinstance(user, str):
        return None
    if not sessions_of(request).is_live(request.session.get("sid"), user):
        request.session.clear()  # logged out or password changed elsewhere: this cookie is dead
        return None
    return user


def sessions_of(request: Request) -> SessionRegistry:
    """The server-side session registry (:mod:`stimsafe.web.sessions`)."""
    settings = settings_of(request)
    return SessionRegistry(settings.data_dir, max_age_s=settings.session_max_age_s)


def require_user(request: Request) -> str:
    """Dependency: the current user, or :class:`LoginRequiredError`."""
    user = current_user(request)
    if user is None:
        raise LoginRequiredError("Please log in first.", hint="Log in at /login or create an account at /signup.")
    return user


def user_data_dir(request: Request) -> Path:
    """Dependency: the current user's own data folder (their diary lives here and nowhere else)."""
    return user_dir(settings_of(request).data_dir, require_user(request))


def authenticate(request: Request, username: str, password: str) -> str:
    """Check a login through the attempt limiter (:mod:`stimsafe.web.login_limit`); the normalised username.

    Raises
    ------
    TooManyAttemptsError
        Too many recent failures for this username or this client (no password is hashed then).
    PermissionDeniedError
        Unknown user or wrong password.
    """
    from stimsafe.web.login_limit import LoginLimiter

    limiter: LoginLimiter = request.app.state.__dict__.setdefault("login_limiter", LoginLimiter())
    name, client = username.strip().lower(), request.client.host if request.client else "?"
    limiter.check(name, client)
    try:
        user = AccountStore(settings_of(request).data_dir).authenticate(username, password)
    except PermissionDeniedError:
        limiter.failed(name, client)
        raise
    limiter.succeeded(user)
    return user


def start_session(request: Request, username: str) -> None:
    """Log ``username`` in: a fresh server-side session id and a fresh CSRF token."""
    end_session(request)
    request.session["user"] = username
    request.session["sid"] = sessions_of(request).open(username)
    request.session["csrf"] = secrets.token_urlsafe(32)


def end_session(request: Request) -> None:
    """Log out: the session id is revoked on the server, so a copy of the cookie stops working too."""
    if settings_of(request).multi_user:
        sessions_of(request).revoke(request.session.get("sid"))
    request.session.clear()


def change_password(request: Request, current: str, new: str) -> str:
    """Change the logged-in user's password, end all their sessions and start a new one here; the username.

    Wrong current passwords count towards the login limit like failed logins.
    """
    if not settings_of(request).multi_user:
        raise InputError(
            "This server runs in single-user mode: there are no accounts or passwords.",
            field="multi_user",
            hint="Start the server with --multi-user to use accounts.",
        )
    user = require_user(request)
    authenticate(request, user, current)
    AccountStore(settings_of(request).data_dir).set_password(user, new)
    sessions_of(request).revoke_user(user)
    start_session(request, user)
    return user


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def verify_csrf(request: Request, csrf_token: str = Form("", max_length=200)) -> None:
    """Dependency for form posts: the hidden ``csrf_token`` field must match the session's token."""
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        raise PermissionDeniedError(
            "This form has expired or did not come from this site.",
            field="csrf_token",
            hint="Go back, reload the page and submit the form again.",
        )


def json_only(request: Request) -> None:
    """Dependency for mutating JSON routes: the body must be declared ``application/json``."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise UnsupportedMediaTypeError(
            "This endpoint takes a JSON body.",
            field="content-type",
            value=kind or None,
            hint="Send the body as JSON with 'Content-Type: application/json'.",
        )


def safe_next(target: str | None) -> str:
    """A same-site path to go to after login; anything else becomes ``/``.

    Examples
    --------
    >>> safe_next("/diary"), safe_next("https://evil.example/"), safe_next("//evil.example"), safe_next(None)
    ('/diary', '/', '/', '/')
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def check_signup_allowed(settings: Settings) -> None:
    """Refuse sign-ups when single-user or when the operator turned them off."""
    if not settings.multi_user or not settings.allow_signup:
        raise InputError(
            "This server does not take new accounts.",
            field="signup",
            hint="Ask the operator, or run your own copy with 'stimsafe serve'.",
        )
