"""Load ``knowledge/data/anchors.yaml``: facial motor thresholds measured in people, with their sources."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.domain.source import Source
from stimsafe.domain.zone import ZONE_IDS
from stimsafe.dose.advice.anchors import HumanAnchor
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import load_cited_rows, sources_of

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
    anchors = load_cited_rows(FILE, "anchors", HumanAnchor)
    for i, anchor in enumerate(anchors):
        unknown = [z for z in anchor.zones if z not in ZONE_IDS]
        if unknown:
            raise KnowledgeError(
                "Anchor names an unknown zone.", field="zones", value=unknown[0], location=f"{FILE}: anchors[{i}]"
            )
    return anchors


@cache
def load_evidence() -> tuple[Evidence, ...]:
    """The qualitative statements of the anchors file."""
    return load_cited_rows(FILE, "evidence", Evidence)


def anchor_sources() -> dict[str, Source]:
    """The sources cited by the anchors file, by id."""
    return sources_of(FILE)
