"""The facial-zone catalogue (``knowledge/data/zones.yaml``), validated into Zones.

The file also lists *forbidden sites* (the front of the neck, the carotid sinus, the eyes themselves, the temples,
covering the mouth, the chest): names a user may type for a place that labelling or the stimulator standard says
never to stimulate. They are refused with the reason, never resolved to a zone.
"""

from __future__ import annotations

from functools import cache

from stimsafe.domain.source import Source
from stimsafe.domain.zone import ZONE_IDS, ForbiddenSite, Zone
from stimsafe.errors import InputError, KnowledgeError, NotFoundError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate
from stimsafe.knowledge.lookup import Mention, find, mentions, normalise

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
    """The one zone with this id, name or alias (``periorbital`` -> eyes, ``submental`` -> neck ...).

    Everyday phrases are read as in :func:`read_zones` ("near the ear", "under my eyes", "jaw line"); a phrase
    naming two zones is refused here (list them one by one).

    Raises
    ------
    InputError
        The name is a site never to stimulate (``carotid``, ``throat``, ``orbital``, ``temple``, ``mouth`` ...);
        the message says why and the hint names the nearest allowed zone. Or it names two zones.
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
    found = read_zones(id_or_alias)
    if len(found) > 1:
        raise InputError(
            f"{id_or_alias!r} names {len(found)} zones.",
            field="zone",
            value=id_or_alias,
            hint="Name one zone here: " + ", ".join(z.id for z in found) + ".",
        )
    return found[0]


def read_zones(text: str) -> tuple[Zone, ...]:
    """The zones a typed phrase names, in everyday words: "near the ear", "cheeks and jaw line", "under my eyes".

    A zone id, name or alias is taken as it is; otherwise every zone named inside the phrase counts (the longest
    names first). A site never to stimulate, named anywhere in it ("over the thyroid", "under the chin near the
    throat"), refuses the whole phrase, even where a zone's name covers the same words equally well.

    Raises
    ------
    InputError
        The phrase names a site never to stimulate; the message says why and the hint names the nearest zone.
    NotFoundError
        The phrase names no zone; the hint suggests the closest names.

    Examples
    --------
    >>> [z.id for z in read_zones("cheeks and jaw line")]
    ['cheek', 'jawline']
    >>> [z.id for z in read_zones("near the ear")]
    ['ears']
    """
    site = forbidden_site(text)
    if site is not None:
        raise _refused(text, site)
    try:
        return (find(load_zones(), text, names=Zone.names, kind="zone", field="zone", listing="stimsafe zones"),)
    except NotFoundError as miss:
        found = _named(text)
        if not found:
            raise miss from None
    for m in found:
        if isinstance(m.item, ForbiddenSite):
            raise _refused(text, m.item)
    return tuple({z.id: z for z in (m.item for m in found) if isinstance(z, Zone)}.values())


def zones_named(text: str) -> tuple[str, ...]:
    """The ids of the zones named in a phrase; none if it names none or names a site never to stimulate.

    Used where zones *limit* an answer ("eczema on my cheek"): a place that is not a zone limits nothing.

    >>> zones_named("on my cheek"), zones_named("on my eyelid"), zones_named("5 years ago")
    (('cheek',), (), ())
    """
    found = _named(text)
    if any(isinstance(m.item, ForbiddenSite) for m in found):
        return ()
    return tuple(dict.fromkeys(m.item.id for m in found))


def _named(text: str) -> tuple[Mention[Zone | ForbiddenSite], ...]:
    items: list[Zone | ForbiddenSite] = [*load_forbidden_sites(), *load_zones()]
    return mentions(items, text, names=lambda i: i.names_lower() if isinstance(i, ForbiddenSite) else i.names())


def _refused(text: str, site: ForbiddenSite) -> InputError:
    return InputError(
        f"{text!r} is not a zone you may stimulate: {site.reason}", field="zone", value=text, hint=site.hint
    )
