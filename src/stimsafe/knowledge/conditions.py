"""The conditions catalogue (``knowledge/data/conditions.yaml``): screening questions with SNOMED CT/ICD-10-CM codes."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.condition import Condition
from stimsafe.domain.source import Source
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate
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
    known = sources_of(FILE)
    out: list[Condition] = []
    for i, raw in enumerate(read_data(FILE).get("conditions", [])):
        location = f"{FILE}: conditions[{i}]"
        condition = validate(Condition, raw, location=location)
        if any(c.id == condition.id for c in out):
            raise KnowledgeError("Duplicate condition id.", field="id", value=condition.id, location=location)
        check_source_ids(condition.source_ids, known, location=location)
        out.append(condition)
    return tuple(out)


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
