"""Finding a catalogue entry by what a user typed: id, name or alias, with a did-you-mean hint on a miss."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from stimsafe.errors import NotFoundError

T = TypeVar("T")


def normalise(text: str) -> str:
    """What two spellings of one name share: lower case, ``_`` and ``-`` as a space, single spaces.

    >>> normalise("  Crow's_Feet ")
    "crow's feet"
    >>> normalise("Foreo Bear") == normalise("foreo-bear")
    True
    """
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


# name tables of the (cached, immutable) catalogue tuples, by identity: a lookup is one dict access, not a pass
# over every name of every entry (that pass was a third of an assessment's time)
_TABLES: dict[tuple[int, int], tuple[object, dict[str, Any]]] = {}
_MAX_TABLES = 64


def _name_table(items: Iterable[T], names: Callable[[T], Iterable[str]]) -> dict[str, T]:
    key = (id(items), id(names))
    hit = _TABLES.get(key)
    if hit is not None and hit[0] is items:
        return hit[1]
    table: dict[str, T] = {}
    for item in items:
        for name in names(item):
            table.setdefault(normalise(name), item)
    if isinstance(items, tuple) and len(_TABLES) < _MAX_TABLES:  # only immutable catalogues; a list may change
        _TABLES[key] = (items, table)
    return table


def find(
    items: Iterable[T], query: str, *, names: Callable[[T], Iterable[str]], kind: str, field: str, listing: str = ""
) -> T:
    """The item one of whose ``names`` equals ``query`` (case- and spacing-insensitive).

    Raises
    ------
    NotFoundError
        Nothing matches; the hint lists the closest names or how to list them all.

    Examples
    --------
    >>> find(["a", "b"], "B", names=lambda s: [s], kind="letter", field="letter")
    'b'
    """
    wanted = normalise(query)
    table = _name_table(items, names)
    if wanted in table:
        return table[wanted]
    close = difflib.get_close_matches(wanted, list(table), n=3, cutoff=0.5)
    listing_hint = f" List them with '{listing}'." if listing else ""
    hint = (f"Did you mean {', '.join(repr(c) for c in close)}?" if close else "Check the spelling.") + listing_hint
    raise NotFoundError(f"Unknown {kind} {query!r}.", field=field, value=query, hint=hint)
