"""The web app and HTTP API: ``create_app(settings)`` builds the FastAPI app that ``stimsafe serve`` runs."""

from stimsafe.web.app import create_app
from stimsafe.web.settings import Settings

__all__ = ["Settings", "create_app"]
