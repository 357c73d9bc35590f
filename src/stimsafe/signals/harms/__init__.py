"""Harm case definitions (cited data in ``harms.yaml``), the negation-aware narrative matcher, and case building."""

from stimsafe.signals.harms.cases import (
    CaseRow,
    build_cases,
    cases_stale,
    ensure_cases,
    list_cases,
    require_current_cases,
)
from stimsafe.signals.harms.definitions import HarmDefinition, HarmSet, load_harms
from stimsafe.text.negation import NarrativeMatch, find_affirmed, is_negated

__all__ = [
    "CaseRow",
    "HarmDefinition",
    "HarmSet",
    "NarrativeMatch",
    "build_cases",
    "cases_stale",
    "ensure_cases",
    "find_affirmed",
    "is_negated",
    "list_cases",
    "load_harms",
    "require_current_cases",
]
