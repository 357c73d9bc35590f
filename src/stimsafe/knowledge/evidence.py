"""The evidence catalogue (``knowledge/data/evidence.yaml``): studies with design, size, outcome and funding."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.evidence import Study
from stimsafe.domain.source import Source
from stimsafe.knowledge.devices import load_devices
from stimsafe.knowledge.loader import check_device_ids, load_cited_rows, sources_of

FILE = "evidence.yaml"


@cache
def load_studies() -> tuple[Study, ...]:
    """Every catalogued study, validated, each citing its source; its device ids checked against the catalogue.

    Examples
    --------
    >>> next(s for s in load_studies() if s.id == "kavanagh-2012").maker_funded
    'yes'
    """
    studies = load_cited_rows(FILE, "studies", Study)
    check_device_ids(studies, FILE, "studies", (d.id for d in load_devices()))
    return studies


def evidence_sources() -> dict[str, Source]:
    """The sources the evidence catalogue cites, by id."""
    return sources_of(FILE)
