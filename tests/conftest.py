"""Shared test fixtures: where ../shared lives, and a seeded Hypothesis profile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STIMSAFE_SHARED", REPO.parent / "shared"))
# Tests compute every threshold afresh: no answer may come from a memo file left by an earlier run.
os.environ["STIMSAFE_THRESHOLD_CACHE"] = "off"

settings.register_profile("stimsafe", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("stimsafe")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder with the facts, data samples and reference results."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED}; set STIMSAFE_SHARED")
    return SHARED
