"""Typed everyday-phrase lexicon for the free-text reader (data: ``knowledge/data/triage_words.yaml``).

Each sign has regular expressions for the ways people describe it, examples the patterns must find, and the
sources of the wording. Cue patterns (hedges, history, clause breaks, resolution) are data too, so the reading
can be reviewed and corrected without touching code.
"""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SignPhrases(_Frozen):
    """The everyday phrasings of one sign."""

    patterns: tuple[str, ...] = Field(min_length=1)
    examples: tuple[str, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})(?!\w)", re.IGNORECASE)


class Contraction(_Frozen):
    """A contraction written out before matching: every match of ``pattern`` is replaced by ``replace``."""

    pattern: str
    replace: str


class Lexicon(_Frozen):
    """The validated lexicon: phrases per sign id and the cue patterns of the reader."""

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))

    version: int
    clause_breaks: str
    doubt: str
    hedges: str
    history: str
    present: str
    not_context: str
    not_negation: str
    hypothetical: str
    resolved: str
    resolved_needs: tuple[str, ...] = Field(min_length=1)
    ended: str
    ended_denied: str
    ended_carry: str
    ended_signs: tuple[str, ...] = Field(min_length=1)
    contractions: tuple[Contraction, ...] = ()
    onset_phrases: str
    signs: dict[str, SignPhrases]

    @cached_property
    def compiled(self) -> dict[str, re.Pattern[str]]:
        """One compiled alternation per sign id (case-insensitive, on whole words)."""
        return {sign: _compile("|".join(f"(?:{p})" for p in ph.patterns)) for sign, ph in self.signs.items()}

    @cached_property
    def cues(self) -> dict[str, re.Pattern[str]]:
        """The compiled cue patterns, by name (``clause_breaks``, ``doubt``, ``hedges``, ``history``, ...)."""
        names = ("doubt", "hedges", "history", "present", "not_context", "not_negation", "hypothetical", "resolved")
        out = {name: _compile(getattr(self, name)) for name in (*names, "ended", "onset_phrases")}
        out["clause_breaks"] = re.compile(self.clause_breaks, re.IGNORECASE)
        out["ended_denied"] = re.compile(rf"(?:{self.ended_denied})\W*$", re.IGNORECASE)
        out["ended_carry"] = re.compile(self.ended_carry, re.IGNORECASE)
        return out

    @cached_property
    def expansions(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """The compiled contractions, in file order (``'s gone`` -> ``has gone``)."""
        return tuple((re.compile(c.pattern, re.IGNORECASE), c.replace) for c in self.contractions)
