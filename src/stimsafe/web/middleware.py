"""ASGI middleware: request-size limits and an access log that never records health data.

The size limit is checked twice: against ``Content-Length`` before anything is read, and while the body
streams in (a client can lie or use chunked encoding). Paths ending in ``/upload`` or ``/import`` get the
larger upload limit.
The access log writes the method, the *route template* (``/api/devices/{device_id}``), the status and the time;
never a query string, a body, a form field or a concrete path, which could all hold health data.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("stimsafe.web.access")


def _too_large_body(limit: int) -> bytes:
    body = {
        "error": "too_large",
        "message": f"The request body is larger than this server accepts ({limit} bytes).",
        "field": None,
        "value": None,
        "hint": "Send a smaller file or request.",
        "location": None,
    }
    return json.dumps(body).encode()


UPLOAD_SUFFIXES = ("/upload", "/import")


class BodySizeLimit:
    """Reject request bodies over ``max_body_bytes`` (``max_upload_bytes`` for uploads and imports) with 413."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.max_upload_bytes if path.endswith(UPLOAD_SUFFIXES) else self.max_body_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._reject(send, limit)
            return
        seen = 0
        state = {"started": False, "rejected": False}

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    if not state["started"] and not state["rejected"]:
                        state["rejected"] = True
                        await self._reject(send, limit)
                    # the app sees a client that went away; whatever it answers is dropped below
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if state["rejected"]:
                return
            state["started"] = state["started"] or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not state["rejected"]:
                raise

    @staticmethod
    async def _reject(send: Send, limit: int) -> None:
        body = _too_large_body(limit)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class AccessLog:
    """Log one line per request: method, route template, status, milliseconds. Nothing else."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status: list[int] = [500]

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            elapsed_ms = (time.perf_counter() - t0) * 1000
            log.info("%s %s %d %.1fms", scope.get("method", "?"), route_template(scope), status[0], elapsed_ms)


def route_template(scope: dict[str, Any] | Scope) -> str:
    """The matched route's template, or ``<unmatched>``; never the concrete path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "<unmatched>"


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
# pages need no script at all; the interactive API docs (/docs, /redoc) load FastAPI's own assets and are exempt
CSP = (
    b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
    b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


# answers that may carry health data: never stored by a browser or a shared cache, whatever a route says
HEALTH_PATHS = ("/assess", "/triage", "/diary", "/api/assess", "/api/triage", "/api/diary", "/cds-services")
# packaged assets that hold no personal data and may be cached
CACHEABLE_PATHS = ("/static/",)
NO_STORE = (b"cache-control", b"no-store")


def cache_headers(path: str, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Headers with ``Cache-Control: no-store`` where the answer may hold health data.

    Health routes always get ``no-store``; any other answer gets it unless it is a packaged asset or its
    route chose its own ``Cache-Control`` (error bodies quote the value that was sent, which may be health
    data, so the default is not to store).

    Examples
    --------
    >>> cache_headers("/api/diary", [(b"cache-control", b"max-age=60")])
    [(b'cache-control', b'no-store')]
    >>> cache_headers("/static/app.css", [])
    []
    """
    if path.startswith(HEALTH_PATHS):
        return [*(h for h in headers if h[0].lower() != b"cache-control"), NO_STORE]
    if path.startswith(CACHEABLE_PATHS) or any(h[0].lower() == b"cache-control" for h in headers):
        return headers
    return [*headers, NO_STORE]


class SecurityHeaders:
    """Add conservative security headers and ``Cache-Control`` (:func:`cache_headers`) to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith(("/docs", "/redoc"))

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                extra = [*SECURITY_HEADERS] if docs else [*SECURITY_HEADERS, (b"content-security-policy", CSP)]
                headers = cache_headers(str(scope.get("path", "")), list(message.get("headers", [])))
                message["headers"] = [*headers, *extra]
            await send(message)

        await self.app(scope, receive, add_headers)
