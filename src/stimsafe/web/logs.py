"""Logging for the web app: one plain line per request from :class:`~stimsafe.web.middleware.AccessLog`.

What is logged is decided in the middleware and the error handlers (method, route template, status, time,
error kind); this module only sends it to stderr. Nothing here may format a request's body or query.
"""

from __future__ import annotations

import logging
import sys


def configure_logging(level: int = logging.INFO) -> None:
    """Send ``stimsafe.web`` records to stderr, once."""
    logger = logging.getLogger("stimsafe.web")
    if any(getattr(h, "_stimsafe", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler._stimsafe = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).setLevel(logging.WARNING)
