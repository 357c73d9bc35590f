"""The facial-zone catalogue (``knowledge/data/zones.yaml``), validated into Zones."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.source import Source
from stimsafe.domain.zone import ZONE_IDS, Zone
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate
from stimsafe.knowledge.lookup import find

FILE = "zones.yaml"


@cache
def load_zones() -> tuple[Zone, ...]:
    """Every zone, in the catalogue's order; the ids must be exactly :data:`~stimsafe.domain.zone.ZONE_IDS`.

    Examples
    --------
    >>> [z.id for z in load_zones()]
    ['forehead', 'eyes', 'cheek', 'lips', 'jawline', 'ears', 'neck']
    """
    known = sources_of(FILE)
    out: list[Zone] = []
    for i, raw in enumerate(read_data(FILE).get("zones", [])):
        location = f"{FILE}: zones[{i}]"
        zone = validate(Zone, raw, location=location)
        check_source_ids(zone.source_ids, known, location=location)
        for layer in zone.layers:
            if layer.source_ids:
                check_source_ids(layer.source_ids, known, location=f"{location}.layers")
        out.append(zone)
    ids = tuple(z.id for z in out)
    if sorted(ids) != sorted(ZONE_IDS) or len(set(ids)) != len(ids):
        raise KnowledgeError("Zone ids must be exactly the catalogue ids.", field="id", value=ids, location=FILE)
    return tuple(out)


def zone_sources() -> dict[str, Source]:
    """The sources the zone catalogue cites, by id."""
    return sources_of(FILE)


def get_zone(id_or_alias: str) -> Zone:
    """The zone with this id, name or alias (``periorbital`` -> eyes, ``thyroid`` -> neck ...).

    Raises
    ------
    NotFoundError
        No such zone; the hint suggests the closest names.

    Examples
    --------
    >>> get_zone("periorbital").id
    'eyes'
    """
    return find(load_zones(), id_or_alias, names=Zone.names, kind="zone", field="zone", listing="stimsafe zones")
