"""The conditions catalogue (``knowledge/data/conditions.yaml``): screening questions with SNOMED CT/ICD-10-CM codes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from stimsafe.domain.condition import Condition
from stimsafe.domain.source import Source
from stimsafe.errors import InputError, KnowledgeError, NotFoundError
from stimsafe.knowledge.loader import load_cited_rows, sources_of
from stimsafe.knowledge.lookup import find, mentions, normalise, uncovered, words
from stimsafe.knowledge.zones import zones_named

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
        spellings = {normalise(n) for n in condition.names()} | {"".join(words(n)) for n in condition.names()}
        for name in spellings:
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


def _with_choices(miss: NotFoundError, text: str) -> NotFoundError:
    """A miss whose words sit inside several questions' names ("implant") lists those questions as the choices."""
    typed = " ".join(words(text))
    choices = [
        c for c in load_conditions() if typed and any(f" {typed} " in f" {' '.join(words(n))} " for n in c.names())
    ]
    if not choices:
        return miss
    listed = ", ".join(f"{c.id.replace('_', ' ')!r} ({c.name})" for c in choices)
    return NotFoundError(miss.message, field=miss.field, value=miss.value, hint=f"It could mean: {listed}.")


# Words that turn "pregnant" into "not pregnant": a question named with one of them is refused, not guessed.
_NEGATIONS = frozenset({"no", "not", "never", "without", "non", "nor", "neither", "dont", "doesnt", "didnt", "isnt"})


@dataclass(frozen=True)
class ConditionPhrase:
    """What a profile key in everyday words names: the question(s) it answers and any zones it gives."""

    conditions: tuple[Condition, ...]
    zones: tuple[str, ...] = ()


def read_condition(text: str) -> ConditionPhrase:
    """The question(s) a profile key names, in everyday words: "7 months pregnant", "metal plate in my jaw".

    An id, name or alias is taken as it is. Otherwise every condition named inside the phrase counts (the longest
    names first), and zones named in the rest of it ("eczema flare on my cheek") limit a zoned condition. A zone
    that is a site never to stimulate ("eczema on my eyelid") cannot limit anything: the answer then covers
    every zone.

    Raises
    ------
    NotFoundError
        The phrase names no condition (the hint suggests the closest names).
    InputError
        The phrase negates itself ("not pregnant"): the answer belongs in the value, not the key.

    Examples
    --------
    >>> found = read_condition("eczema flare on my cheek")
    >>> [c.id for c in found.conditions], found.zones
    (['eczema_flare'], ('cheek',))
    >>> [c.id for c in read_condition("Bell's palsy 5 years ago").conditions]
    ['bells_palsy']
    """
    try:
        return ConditionPhrase((get_condition(text),))
    except NotFoundError as miss:
        found = mentions(load_conditions(), text, names=Condition.names)
        if not found:
            raise _with_choices(miss, text) from None
    rest = uncovered(text, found)
    negated = sorted(_NEGATIONS & set(rest))
    if negated:
        raise InputError(
            f"{text!r} says {negated[0]!r} inside the question; a question's name cannot carry its answer.",
            field="conditions",
            value=text,
            hint=f"Write the condition and answer it, e.g. '{found[0].item.id}: no'.",
        )
    conditions = tuple({m.item.id: m.item for m in found}.values())
    return ConditionPhrase(conditions, zones_named(" ".join(rest)))
