"""Process-wide, bounded memo of results that depend only on their inputs (per-device x zone dose margins, the
signal report per store state).

Why here: the interfaces (web pages, the JSON API, CDS Hooks) call the use cases again and again with the same
device and zones; the margins behind an assessment (``worst_setups``, ``unit_potential_mv`` ...) take tens of
milliseconds and depend only on the device, the zones and the packaged knowledge, so they are computed once per
process. Each cache is a least-recently-used map with a fixed number of entries, safe to use from threads (the
web app runs sync routes in a thread pool). Cached values must be immutable (frozen models, tuples): every
caller gets the same object.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class BoundedCache:
    """A thread-safe least-recently-used memo with at most ``max_entries`` entries.

    Two threads asking for the same missing key may both compute it (the first result stays); a computation
    that raises caches nothing.

    Examples
    --------
    >>> cache = BoundedCache("demo", max_entries=2)
    >>> cache.get_or_compute("a", lambda: 1), cache.get_or_compute("a", lambda: 2)
    (1, 1)
    >>> _ = cache.get_or_compute("b", lambda: 3); _ = cache.get_or_compute("c", lambda: 4)
    >>> len(cache), cache.stats()["hits"], "a" in cache
    (2, 1, False)
    """

    def __init__(self, name: str, *, max_entries: int) -> None:
        if max_entries < 1:
            raise ValueError(f"cache {name!r}: max_entries must be at least 1, got {max_entries}")
        self.name = name
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value cached under ``key``, or ``compute()`` stored under it (evicting the oldest when full)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self._hits += 1
                value: T = self._items[key]
                return value
            self._misses += 1
        value = compute()
        with self._lock:
            value = self._items.setdefault(key, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every entry and reset the counters (tests; after the packaged knowledge changed)."""
        with self._lock:
            self._items.clear()
            self._hits = self._misses = 0

    def stats(self) -> dict[str, int]:
        """Entries, hits and misses so far."""
        return {"entries": len(self._items), "hits": self._hits, "misses": self._misses, "max": self.max_entries}


# per device x zone-set dose results: 7 zones, a few dozen devices, a handful of zone combinations each
DOSE_CACHE = BoundedCache("dose margins", max_entries=512)
# the signal report per (source, store state): the demo plus a few stores
SIGNALS_CACHE = BoundedCache("signal reports", max_entries=8)


def knowledge_key() -> str:
    """The packaged data a dose result depends on (zones, tissues, parameter ranges, human anchors), as a key.

    A SHA-256 of the loaded values, recomputed only when a loader returns a new object (the loaders are cached
    per process), so this is cheap; keying on the values keeps a cached margin from outliving its data.
    """
    from stimsafe.knowledge.anchors import load_anchors
    from stimsafe.knowledge.limits import load_ranges
    from stimsafe.knowledge.tissues import load_tissues
    from stimsafe.knowledge.zones import load_zones

    loaded = (load_zones(), load_tissues(), load_ranges(), load_anchors())
    ids = tuple(id(x) for x in loaded)
    memo = _KEY_MEMO.get(ids)
    if memo is None or any(a is not b for a, b in zip(memo[0], loaded, strict=True)):
        digest = hashlib.sha256(repr(tuple(frozen(x) for x in loaded)).encode()).hexdigest()
        memo = (loaded, digest)  # holding `loaded` keeps the ids from being reused
        _KEY_MEMO.clear()
        _KEY_MEMO[ids] = memo
    return memo[1]


# the value key of the loaded knowledge, by the identity of the loaded objects (the loaders cache per process)
_KEY_MEMO: dict[tuple[int, ...], tuple[tuple[Any, ...], str]] = {}


def frozen(value: Any) -> Hashable:
    """A hashable stand-in for loaded data: mappings as sorted item tuples, frozen models as themselves."""
    if isinstance(value, dict):
        return tuple(sorted((k, frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(frozen(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value  # type: ignore[no-any-return]
