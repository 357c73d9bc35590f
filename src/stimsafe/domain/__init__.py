"""Shared vocabulary: frozen, typed models used by every engine. Imports nothing of ours but units/errors."""

from stimsafe.domain.source import Source

__all__ = ["Source"]
