"""Load ``knowledge/data/anchors.yaml``: facial motor thresholds measured in people, with their sources."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.domain.source import Source
from stimsafe.domain.zone import ZONE_IDS
from stimsafe.dose.anchors import HumanAnchor
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate

FILE = "anchors.yaml"


class Evidence(BaseModel):
    """A statement without threshold numbers that bears on how to read the anchors."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    text: str
    source_ids: tuple[str, ...] = Field(min_length=1)


@cache
def load_anchors() -> tuple[HumanAnchor, ...]:
    """The packaged human anchors, validated; each cites a known source and names known zones."""
    known = sources_of(FILE)
    out: list[HumanAnchor] = []
    for i, raw in enumerate(read_data(FILE).get("anchors", [])):
        where = f"{FILE}: anchors[{i}]"
        anchor = validate(HumanAnchor, raw, location=where)
        check_source_ids(anchor.source_ids, known, location=where)
        unknown = [z for z in anchor.zones if z not in ZONE_IDS]
        if unknown:
            raise KnowledgeError("Anchor names an unknown zone.", field="zones", value=unknown[0], location=where)
        out.append(anchor)
    if len({a.id for a in out}) != len(out):
        raise KnowledgeError("Duplicate anchor id.", location=FILE)
    return tuple(out)


@cache
def load_evidence() -> tuple[Evidence, ...]:
    """The qualitative statements of the anchors file."""
    known = sources_of(FILE)
    out = []
    for i, raw in enumerate(read_data(FILE).get("evidence", [])):
        where = f"{FILE}: evidence[{i}]"
        item = validate(Evidence, raw, location=where)
        check_source_ids(item.source_ids, known, location=where)
        out.append(item)
    return tuple(out)


def anchor_sources() -> dict[str, Source]:
    """The sources cited by the anchors file, by id."""
    return sources_of(FILE)
