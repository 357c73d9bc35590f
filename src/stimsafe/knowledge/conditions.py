"""The conditions catalogue (``knowledge/data/conditions.yaml``): screening questions with SNOMED CT/ICD-10-CM codes."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.condition import Condition
from stimsafe.domain.source import Source
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import load_cited_rows, sources_of
from stimsafe.knowledge.lookup import find, normalise

FILE = "conditions.yaml"


@cache
def load_conditions() -> tuple[Condition, ...]:
    """Every screening condition, in questionnaire order.

    Examples
    --------
    >>> load_conditions()[0].id
    'pacemaker'
    """
    conditions = load_cited_rows(FILE, "conditions", Condition)
    seen: dict[str, str] = {}
    for condition in conditions:
        for name in map(normalise, condition.names()):
            if seen.setdefault(name, condition.id) != condition.id:
                raise KnowledgeError(
                    f"The name {name!r} is used by two conditions.", field="aliases", value=name, location=FILE
                )
    return conditions


def condition_sources() -> dict[str, Source]:
    """The sources the conditions catalogue cites, by id."""
    return sources_of(FILE)


def get_condition(condition_id: str) -> Condition:
    """The condition with this id, name or alias (everyday words: "pregnant", "nursing", "seizures").

    Raises
    ------
    NotFoundError
        No such condition; the hint suggests the closest ids.
    """
    return find(
        load_conditions(),
        condition_id,
        names=Condition.names,
        kind="condition",
        field="conditions",
        listing="stimsafe rules",
    )
