"""The interactive API documentation (Swagger UI at ``/docs``, ReDoc at ``/redoc``) from assets this app serves.

FastAPI's defaults load Swagger UI and ReDoc from a CDN, so ``/docs`` is blank offline and depends on a third
party. Here the pages use FastAPI's own HTML helpers with the vendored bundles under ``/static/vendor``
(swagger-ui-dist, Apache-2.0; redoc, MIT; versions and checksums in ``static/vendor/VENDORED.txt``).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

VENDOR = "/static/vendor"
SWAGGER_JS = f"{VENDOR}/swagger-ui/swagger-ui-bundle.js"
SWAGGER_CSS = f"{VENDOR}/swagger-ui/swagger-ui.css"
SWAGGER_FAVICON = f"{VENDOR}/swagger-ui/favicon-32x32.png"
REDOC_JS = f"{VENDOR}/redoc/redoc.standalone.js"


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui() -> HTMLResponse:
    """Swagger UI for ``/openapi.json``, served from this app."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="stimsafe API",
        swagger_js_url=SWAGGER_JS,
        swagger_css_url=SWAGGER_CSS,
        swagger_favicon_url=SWAGGER_FAVICON,
    )


@router.get("/redoc", response_class=HTMLResponse)
def redoc() -> HTMLResponse:
    """ReDoc for ``/openapi.json``, served from this app (no web fonts from elsewhere)."""
    return get_redoc_html(
        openapi_url="/openapi.json",
        title="stimsafe API",
        redoc_js_url=REDOC_JS,
        redoc_favicon_url=SWAGGER_FAVICON,
        with_google_fonts=False,
    )
