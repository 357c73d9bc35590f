"""The one place the web app turns errors into HTTP responses, all with the body of ``StimsafeError.to_dict``.

JSON routes (``/api``, ``/cds-services``) get ``{"error", "message", "field", "value", "hint", "location"}``;
pages get the same fields rendered in the error template. Validation errors (422), unknown routes (404), wrong
methods (405) and oversize bodies (413) use the same shape.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from stimsafe.errors import StimsafeError

log = logging.getLogger("stimsafe.web")

_KIND_BY_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    503: "busy",
}

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "properties": {
        "error": {"type": "string", "description": "Machine-readable kind, e.g. invalid_input, not_found."},
        "message": {"type": "string"},
        "field": {"type": ["string", "null"]},
        "value": {"type": ["string", "null"]},
        "hint": {"type": ["string", "null"]},
        "location": {"type": ["string", "null"]},
    },
    "required": ["error", "message", "field", "value", "hint", "location"],
}


def error_body(
    kind: str, message: str, *, field: str | None = None, value: Any = None, hint: str | None = None
) -> dict[str, Any]:
    """An error body of the one shape, for errors that are not a :class:`StimsafeError`."""
    return {
        "error": kind,
        "message": message,
        "field": field,
        "value": None if value is None else str(value)[:200],
        "hint": hint,
        "location": None,
    }


def wants_json(request: Request) -> bool:
    """JSON for the API and CDS Hooks paths and for clients that ask for it; HTML for pages."""
    path = request.url.path
    if path.startswith(("/api", "/cds-services", "/openapi.json")):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def respond(request: Request, status: int, body: dict[str, Any]) -> Response:
    """Render an error body as JSON or as the error page."""
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    if status == 401:
        from urllib.parse import quote

        from fastapi.responses import RedirectResponse

        return RedirectResponse("/login?next=" + quote(request.url.path), status_code=303)
    from stimsafe.web.render import page

    return page(request, "error.html", {"err": body, "status": status, "back": back_href(request)}, status_code=status)


def back_href(request: Request) -> str:
    """Where "Go back" leads: the page above this address (``/devices/x`` -> ``/devices``), never ``javascript:``
    (blocked by our own script policy) and never the Referer (``Referrer-Policy: no-referrer``).

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> [back_href(NS(url=NS(path=p))) for p in ("/devices/nope", "/nope", "/")]
    ['/devices', '/', '/']
    """
    parent = request.url.path.rstrip("/").rsplit("/", 1)[0]
    return parent if parent.startswith("/") and parent != "" else "/"


def _validation_body(error: RequestValidationError) -> dict[str, Any]:
    problems = error.errors()
    first = problems[0] if problems else {"loc": (), "msg": "invalid request"}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "form")]
    field = ".".join(loc) or None
    more = f" ({len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    value = first.get("input") if first.get("type") != "missing" else None
    return error_body(
        "invalid_input",
        f"The request is not valid: {first.get('msg', 'invalid')}{more}.",
        field=field,
        value=value if isinstance(value, str | int | float) else None,
        hint="See /docs for the expected fields and units.",
    )


def install(app: FastAPI) -> None:
    """Register the exception handlers on ``app``."""

    async def on_stimsafe(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StimsafeError)  # registered for this class only
        if exc.http_status >= 500:
            log.error("%s %s failed: %s", request.method, _route(request), exc.kind)
        response = respond(request, exc.http_status, exc.to_dict())
        retry_after_s = getattr(exc, "retry_after_s", None)
        if retry_after_s is not None:
            response.headers["retry-after"] = str(retry_after_s)
        return response

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return respond(request, 422, _validation_body(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        kind = _KIND_BY_STATUS.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else "Request failed."
        if exc.status_code == 404:
            message = "There is nothing at this address."
        hint = "See / for the pages and /docs for the API." if exc.status_code in (404, 405) else None
        response = respond(request, exc.status_code, error_body(kind, message, hint=hint))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405:
            response.headers["allow"] = ", ".join(_allowed_methods(request))
        return response

    async def on_crash(request: Request, exc: Exception) -> Response:
        # log the type only: a message could echo health data from the request
        log.error("%s %s crashed: %s", request.method, _route(request), type(exc).__name__)
        body = error_body("internal", "Something went wrong inside stimsafe.", hint="Please report this bug.")
        return respond(request, 500, body)

    app.add_exception_handler(StimsafeError, on_stimsafe)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)


def _allowed_methods(request: Request) -> list[str]:
    """Every method any route at this path accepts (Starlette's own ``Allow`` lists the first route's only)."""
    methods: set[str] = set()
    for route in request.app.routes:
        regex, route_methods = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if regex is not None and route_methods and regex.match(request.url.path):
            methods |= set(route_methods)
    return sorted(methods)


def _route(request: Request) -> str:
    """The route template (``/api/devices/{device_id}``), never the concrete path or query."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "?"))
