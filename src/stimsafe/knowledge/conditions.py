"""The conditions catalogue (``knowledge/data/conditions.yaml``): screening questions with SNOMED CT/ICD-10-CM codes."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.condition import Condition
from stimsafe.domain.source import Source
from stimsafe.knowledge.loader import load_cited_rows, sources_of
from stimsafe.knowledge.lookup import find

FILE = "conditions.yaml"


@cache
def load_conditions() -> tuple[Condition, ...]:
    """Every screening condition, in questionnaire order.

    Examples
    --------
    >>> load_conditions()[0].id
    'pacemaker'
    """
    return load_cited_rows(FILE, "conditions", Condition)


def condition_sources() -> dict[str, Source]:
    """The sources the conditions catalogue cites, by id."""
    return sources_of(FILE)


def get_condition(condition_id: str) -> Condition:
    """The condition with this id (or name).

    Raises
    ------
    NotFoundError
        No such condition; the hint suggests the closest ids.
    """
    return find(
        load_conditions(),
        condition_id,
        names=lambda c: (c.id, c.name),
        kind="condition",
        field="conditions",
        listing="stimsafe rules",
    )
