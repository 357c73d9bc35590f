"""The facial-zone catalogue (``knowledge/data/zones.yaml``), validated into Zones.

The file also lists *forbidden sites* (the front of the neck, the carotid sinus, the eyes themselves, the temples,
covering the mouth, the chest): names a user may type for a place that labelling or the stimulator standard says
never to stimulate. They are refused with the reason, never resolved to a zone.
"""

from __future__ import annotations

from functools import cache

from stimsafe.domain.source import Source
from stimsafe.domain.zone import ZONE_IDS, ForbiddenSite, Zone
from stimsafe.errors import InputError, KnowledgeError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate
from stimsafe.knowledge.lookup import find, normalise

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


@cache
def load_forbidden_sites() -> tuple[ForbiddenSite, ...]:
    """The sites never to stimulate; none of their names may also name a zone.

    Examples
    --------
    >>> "carotid" in [s.id for s in load_forbidden_sites()]
    True
    """
    known = sources_of(FILE)
    zone_names = {normalise(n) for z in load_zones() for n in z.names()}
    out: list[ForbiddenSite] = []
    for i, raw in enumerate(read_data(FILE).get("forbidden_sites", [])):
        location = f"{FILE}: forbidden_sites[{i}]"
        site = validate(ForbiddenSite, raw, location=location)
        check_source_ids(site.source_ids, known, location=location)
        clash = [n for n in site.names_lower() if normalise(n) in zone_names]
        if clash:
            raise KnowledgeError("A forbidden site is also a zone name.", field="names", value=clash, location=location)
        out.append(site)
    return tuple(out)


def zone_sources() -> dict[str, Source]:
    """The sources the zone catalogue cites, by id."""
    return sources_of(FILE)


def forbidden_site(name: str) -> ForbiddenSite | None:
    """The forbidden site this name refers to, if any (case- and spacing-insensitive).

    Examples
    --------
    >>> forbidden_site("Front of the neck").id
    'front-of-neck'
    >>> forbidden_site("cheek") is None
    True
    """
    return _forbidden_by_name().get(normalise(name))


@cache
def _forbidden_by_name() -> dict[str, ForbiddenSite]:
    """Every forbidden site by each of its names, normalised (built once; read-only)."""
    table: dict[str, ForbiddenSite] = {}
    for site in load_forbidden_sites():
        for n in site.names:
            table.setdefault(normalise(n), site)
    return table


def get_zone(id_or_alias: str) -> Zone:
    """The zone with this id, name or alias (``periorbital`` -> eyes, ``submental`` -> neck ...).

    Raises
    ------
    InputError
        The name is a site never to stimulate (``carotid``, ``throat``, ``orbital``, ``temple``, ``mouth`` ...);
        the message says why and the hint names the nearest allowed zone.
    NotFoundError
        No such zone; the hint suggests the closest names.

    Examples
    --------
    >>> get_zone("periorbital").id
    'eyes'
    >>> get_zone("carotid")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stimsafe.errors.InputError: 'carotid' is not a zone you may stimulate: ...
    """
    site = forbidden_site(id_or_alias)
    if site is not None:
        raise InputError(
            f"{id_or_alias!r} is not a zone you may stimulate: {site.reason}",
            field="zone",
            value=id_or_alias,
            hint=site.hint,
        )
    return find(load_zones(), id_or_alias, names=Zone.names, kind="zone", field="zone", listing="stimsafe zones")
