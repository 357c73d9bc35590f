"""The "What we could not find" list (``knowledge/data/gaps.yaml``), validated into :class:`Gap` rows."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.gaps import Gap
from stimsafe.domain.source import Source
from stimsafe.knowledge.devices import load_devices
from stimsafe.knowledge.loader import check_device_ids, load_cited_rows, sources_of

FILE = "gaps.yaml"


@cache
def load_gaps() -> tuple[Gap, ...]:
    """Every gap, validated; device ids checked against the device catalogue.

    Examples
    --------
    >>> next(g for g in load_gaps() if g.id == "max-output").field
    'current_max_a'
    """
    gaps = load_cited_rows(FILE, "gaps", Gap)
    check_device_ids(gaps, FILE, "gaps", (d.id for d in load_devices()))
    return gaps


def gap_sources() -> dict[str, Source]:
    """The sources the gap list cites, by id."""
    return sources_of(FILE)
