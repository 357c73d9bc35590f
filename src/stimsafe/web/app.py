"""The FastAPI app factory: ``create_app(settings)`` wires middleware, error handlers and routers.

The app only parses input, calls one function of :mod:`stimsafe.api`, and renders the result; errors become
HTTP statuses in :mod:`stimsafe.web.errors` and nowhere else.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import Message, Receive, Scope, Send

from stimsafe import __version__
from stimsafe.web import errors
from stimsafe.web.cds_auth import CdsCors
from stimsafe.web.jobs import JobPool
from stimsafe.web.middleware import AccessLog, BodySizeLimit, SecurityHeaders
from stimsafe.web.render import STATIC_DIR
from stimsafe.web.settings import LOOPBACK_NAMES, Settings

log = logging.getLogger("stimsafe.web")

DESCRIPTION = """Safety answers, with numbers and sources, for at-home facial microcurrent and EMS devices.

Every error has one body shape: `{"error", "message", "field", "value", "hint", "location"}`.
Mutating endpoints take `Content-Type: application/json`. Nothing here is a diagnosis.
"""


class StimsafeApp(FastAPI):
    """FastAPI that does not hand a crash on to the server after answering it.

    Starlette's outermost ``ServerErrorMiddleware`` sends our 500 page and then re-raises, so uvicorn prints
    "Exception in ASGI application" with the traceback and the exception's message, which may quote health
    data from the request. Here the re-raised exception stops: it was already answered and logged by type
    (:func:`stimsafe.web.errors.install`). Lifespan errors still propagate.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await super().__call__(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] in ("http.response.start", "websocket.accept")
            await send(message)

        try:
            await super().__call__(scope, receive, watch)
        except Exception as exc:
            log.error("request crashed after its 500 answer was sent: %s", type(exc).__name__)
            if not started and scope["type"] == "http":
                await send({"type": "http.response.start", "status": 500, "headers": [(b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})


def allowed_hosts(settings: Settings) -> list[str]:
    """Host headers accepted: loopback names only, unless remote access is allowed (DNS-rebinding guard)."""
    if settings.allow_remote:
        return ["*"]
    return sorted(LOOPBACK_NAMES | {settings.host})


def create_app(settings: Settings | None = None, *, fhir_transport: httpx.BaseTransport | None = None) -> FastAPI:
    """Build the web app.

    Parameters
    ----------
    settings
        How to run; ``Settings()`` (single-user, loopback) when omitted. Checked with :meth:`Settings.check`.
    fhir_transport
        How the CDS service reaches FHIR servers (tests pass an ``httpx.MockTransport``); the network if omitted.

    Returns
    -------
    FastAPI
        The ASGI app (pages, ``/api``, ``/cds-services``, ``/docs``).
    """
    settings = (settings or Settings()).check()
    app = StimsafeApp(title="stimsafe", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.fhir_transport = fhir_transport
    app.state.jobs = JobPool(workers=settings.job_workers, queue=settings.job_queue)
    errors.install(app)
    _include_routers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    # added last = outermost: headers, access log, size limit, host check, then sessions
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="stimsafe_session",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))
    app.add_middleware(
        BodySizeLimit, max_body_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes
    )
    app.add_middleware(AccessLog)
    if settings.cds_cors_origins:
        app.add_middleware(CdsCors, origins=settings.listed(settings.cds_cors_origins))
    app.add_middleware(SecurityHeaders)
    return app


def _include_routers(app: FastAPI) -> None:
    from stimsafe.web import (
        cds,
        docs,
        pages,
        pages_screening,
        pages_signals,
        pages_triage,
        routes_api,
        routes_screening,
        routes_triage,
    )

    app.include_router(routes_api.router)
    app.include_router(routes_screening.router)
    app.include_router(routes_triage.router)
    app.include_router(pages_screening.router)
    app.include_router(pages_signals.router)
    app.include_router(pages_triage.router)
    app.include_router(cds.router)
    app.include_router(docs.router)
    app.include_router(pages.router)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the one error shape as a named schema on every error response."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = errors.ERROR_SCHEMA
    error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = {"description": "Invalid input", **error_ref}
            responses.setdefault("default", {"description": "Error", **error_ref})
    app.openapi_schema = schema
    return schema
