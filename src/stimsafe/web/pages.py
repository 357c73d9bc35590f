"""Server-rendered pages: home and the account forms. Feature pages live in their own modules.

Every page works without JavaScript; every form carries a CSRF token.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stimsafe.errors import StimsafeError
from stimsafe.web import security
from stimsafe.web.accounts import AccountStore
from stimsafe.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The start page: what stimsafe does and where to go."""
    return page(request, "home.html")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    """The login form."""
    return page(request, "login.html", {"next": security.safe_next(next), "mode": "login"})


@router.post("/login", dependencies=[Depends(security.verify_csrf)])
def login(
    request: Request,
    username: str = Form(max_length=64),
    password: str = Form(max_length=256),
    next: str = Form("/", max_length=500),
) -> Response:
    """Check the password and start a session; the form again with the error otherwise."""
    try:
        user = security.authenticate(request, username, password)
    except StimsafeError as error:
        context = {"next": security.safe_next(next), "mode": "login", "err": error.to_dict()}
        return page(request, "login.html", context, status_code=error.http_status)
    security.start_session(request, user)
    return RedirectResponse(security.safe_next(next), status_code=303)


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request) -> Response:
    """The form to create an account."""
    security.check_signup_allowed(security.settings_of(request))
    return page(request, "login.html", {"next": "/", "mode": "signup"})


@router.post("/signup", dependencies=[Depends(security.verify_csrf)])
def signup(request: Request, username: str = Form(max_length=64), password: str = Form(max_length=256)) -> Response:
    """Create the account and log in; the form again with the error otherwise."""
    settings = security.settings_of(request)
    security.check_signup_allowed(settings)
    try:
        user = AccountStore(settings.data_dir).create(username, password)
    except StimsafeError as error:
        return page(request, "login.html", {"next": "/", "mode": "signup", "err": error.to_dict()}, status_code=422)
    security.start_session(request, user)
    return RedirectResponse("/", status_code=303)


@router.post("/logout", dependencies=[Depends(security.verify_csrf)])
def logout(request: Request) -> Response:
    """End the session."""
    security.end_session(request)
    return RedirectResponse("/", status_code=303)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request) -> Response:
    """The form to change one's password (multi-user mode)."""
    security.require_user(request)
    return page(request, "account.html")


@router.post("/account/password", dependencies=[Depends(security.verify_csrf)])
def change_password(
    request: Request,
    current_password: str = Form(max_length=256),
    new_password: str = Form(max_length=256),
) -> Response:
    """Change the password: every other session of this user ends; the form again with the error otherwise."""
    try:
        security.change_password(request, current_password, new_password)
    except StimsafeError as error:
        return page(request, "account.html", {"err": error.to_dict()}, status_code=error.http_status)
    return page(request, "account.html", {"changed": True})
