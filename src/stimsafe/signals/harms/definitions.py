"""Harm case definitions: typed, cited data loaded from ``harms.yaml`` beside this module."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from stimsafe.domain.source import Source
from stimsafe.errors import KnowledgeError, NotFoundError

_FILE = "harms.yaml"


class HarmDefinition(BaseModel):
    """One harm group: how a report becomes a case, by problem term/code and by narrative."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    term_patterns: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    device_term_patterns: tuple[str, ...] = ()
    device_codes: tuple[str, ...] = ()
    narrative_patterns: tuple[str, ...] = ()
    exclude_patterns: tuple[str, ...] = ()
    note: str | None = None
    source_ids: tuple[str, ...] = Field(min_length=1)

    @field_validator("term_patterns", "device_term_patterns", "narrative_patterns", "exclude_patterns")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            re.compile(pattern)
        return patterns

    @staticmethod
    def _any(patterns: tuple[str, ...]) -> str | None:
        return "|".join(f"(?:{p})" for p in patterns) if patterns else None

    @property
    def term_regex(self) -> str | None:
        """All term patterns as one alternation (no flags; match case-insensitively)."""
        return self._any(self.term_patterns)

    @property
    def device_term_regex(self) -> str | None:
        """All device-problem term patterns as one alternation."""
        return self._any(self.device_term_patterns)

    @property
    def narrative_regex(self) -> str | None:
        """All narrative patterns as one alternation."""
        return self._any(self.narrative_patterns)

    @property
    def exclude_regex(self) -> str | None:
        """Phrases that are not this harm although a pattern matches inside them ("cerebral palsy", "burning
        sensation"): a problem term matching it is no case, nor a narrative match lying inside one of them."""
        return self._any(self.exclude_patterns)


class HarmSet(BaseModel):
    """The validated ``harms.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    sources: tuple[Source, ...]
    harms: tuple[HarmDefinition, ...]

    def get(self, harm_id: str) -> HarmDefinition:
        """The harm with this id.

        Raises
        ------
        NotFoundError
            No such harm; the hint lists the known ids.
        """
        for harm in self.harms:
            if harm.id == harm_id:
                return harm
        known = ", ".join(h.id for h in self.harms)
        raise NotFoundError("Unknown harm.", field="--harm", value=harm_id, hint=f"Use one of: {known}.")


@cache
def load_harms() -> HarmSet:
    """Load and validate the packaged harm definitions (cached).

    >>> [h.id for h in load_harms().harms][:3]
    ['facial_palsy', 'ptosis', 'facial_weakness']
    """
    text = resources.files("stimsafe.signals.harms").joinpath(_FILE).read_text(encoding="utf-8")
    raw: Any = yaml.safe_load(text)
    try:
        harms = HarmSet.model_validate(raw)
    except (ValidationError, re.error) as error:
        raise KnowledgeError(f"Invalid harm definitions: {error}", location=_FILE) from None
    known = {s.id for s in harms.sources}
    for harm in harms.harms:
        missing = [s for s in harm.source_ids if s not in known]
        if missing:
            raise KnowledgeError("A harm cites an unknown source.", field=harm.id, value=missing[0], location=_FILE)
    return harms
