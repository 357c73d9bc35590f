"""Finding a catalogue entry by what a user typed: id, name or alias, with a did-you-mean hint on a miss.

:func:`find` wants the whole name; :func:`mentions` finds names inside everyday phrases ("7 months pregnant",
"metal plate in my jaw") for the readers of profile and plan files.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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


# Words that differ between two ways of saying the same place or condition ("around my eyes", "around the eyes").
_FILLERS = frozenset({"the", "my", "a", "an", "your", "his", "her", "their", "our", "both", "left", "right"})
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4")  # the apostrophes people type
_LONGEST_WORDS = 4  # a name spans at most this many of the typed words when matched with the spaces removed


def words(text: str) -> tuple[str, ...]:
    """The words a typed phrase and a catalogue name are compared on: lower case, no punctuation, singular.

    Apostrophes are dropped ("Bell's" = "Bells"), other punctuation separates words ("breast-feeding"), filler
    words ("the", "my") go, and a plural ``s`` is cut so "seizures" meets "seizure" and "ears" meets "ear".

    >>> words("Around my EYES")
    ('around', 'eye')
    >>> words("Bell's palsy, 5 years ago")
    ('bell', 'palsy', '5', 'year', 'ago')
    """
    plain = unicodedata.normalize("NFKD", text.lower().translate(_APOSTROPHES))  # "Barré" -> "Barre"
    cleaned = "".join(c if c.isalnum() else " " for c in plain if not unicodedata.combining(c))
    return tuple(_singular(w) for w in cleaned.split() if w not in _FILLERS)


def _singular(word: str) -> str:
    plural = len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
    return word[:-1] if plural else word


@dataclass(frozen=True)
class Mention(Generic[T]):
    """One catalogue item named inside a typed phrase, and the words (``start``..``end``) that name it."""

    item: T
    start: int
    end: int


def mentions(items: Iterable[T], text: str, *, names: Callable[[T], Iterable[str]]) -> tuple[Mention[T], ...]:
    """Every item named inside ``text``: the longest names first, no two sharing a word, in reading order.

    A name matches a run of the typed words (see :func:`words`), also with the spaces removed ("jaw line" =
    "jawline"). Where two items have a name of the same length on the same words, both are returned.

    >>> [m.item for m in mentions(["jaw", "cheek", "lower neck"], "my cheeks and jaw line", names=lambda s: [s])]
    ['cheek', 'jaw']
    """
    typed = words(text)
    found: list[Mention[T]] = []
    for item in items:
        for name in {"".join(words(n)) for n in names(item)} - {""}:
            found.extend(_runs(typed, name, item))
    found.sort(key=lambda m: (m.start - m.end, m.start))
    kept: list[Mention[T]] = []
    for m in found:
        clash = [k for k in kept if k.start < m.end and m.start < k.end]
        same_words = all((k.start, k.end) == (m.start, m.end) for k in clash)
        if (not clash or same_words) and all(k.item is not m.item for k in clash):
            kept.append(m)
    return tuple(sorted(kept, key=lambda m: m.start))


def _runs(typed: tuple[str, ...], name: str, item: T) -> list[Mention[T]]:
    out: list[Mention[T]] = []
    for start in range(len(typed)):
        for end in range(start + 1, min(len(typed), start + _LONGEST_WORDS) + 1):
            if "".join(typed[start:end]) == name:
                out.append(Mention(item, start, end))
    return out


def uncovered(text: str, found: Iterable[Mention[Any]]) -> tuple[str, ...]:
    """The typed words (see :func:`words`) that no mention covers.

    >>> uncovered("metal plate in my jaw", [Mention("metal plate", 0, 2)])
    ('in', 'jaw')
    """
    covered = {i for m in found for i in range(m.start, m.end)}
    return tuple(w for i, w in enumerate(words(text)) if i not in covered)
