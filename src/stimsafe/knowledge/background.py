"""Background incidence rates (new cases per 100,000 person-years) for the expected-by-chance calculator.

Packaged data: ``data/background_rates.yaml``, every row citing its source (facts: ../shared/facts/
wave2_addendum.md §3.1).

>>> background_rate("bells_palsy").rate_per_100k_py
37.7
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.domain.source import Source
from stimsafe.errors import NotFoundError
from stimsafe.knowledge.loader import load_cited_rows, sources_of

_FILE = "background_rates.yaml"


class BackgroundRate(BaseModel):
    """One condition's background incidence in one population, with its source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    rate_per_100k_py: float = Field(gt=0)
    source_ids: tuple[str, ...]


@cache
def background_rates() -> tuple[BackgroundRate, ...]:
    """Every packaged background rate."""
    return load_cited_rows(_FILE, "conditions", BackgroundRate)


def background_rate(condition_id: str) -> BackgroundRate:
    """The rate of one condition id.

    Raises
    ------
    NotFoundError
        Unknown id (the message lists the known ones).
    """
    for rate in background_rates():
        if rate.id == condition_id:
            return rate
    known = ", ".join(r.id for r in background_rates())
    raise NotFoundError("Unknown condition.", field="--condition", value=condition_id, hint=f"Use one of: {known}.")


def rate_sources(rate: BackgroundRate) -> tuple[Source, ...]:
    """The sources a rate cites."""
    known = sources_of(_FILE)
    return tuple(known[s] for s in rate.source_ids)
