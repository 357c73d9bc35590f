"""The evidence catalogue (``knowledge/data/evidence.yaml``): studies with design, size, outcome and funding."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.evidence import Study
from stimsafe.domain.source import Source
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate

FILE = "evidence.yaml"


@cache
def load_studies() -> tuple[Study, ...]:
    """Every catalogued study, validated, each citing its source.

    Examples
    --------
    >>> next(s for s in load_studies() if s.id == "kavanagh-2012").maker_funded
    True
    """
    known = sources_of(FILE)
    out: list[Study] = []
    for i, raw in enumerate(read_data(FILE).get("studies", [])):
        location = f"{FILE}: studies[{i}]"
        study = validate(Study, raw, location=location)
        if any(s.id == study.id for s in out):
            raise KnowledgeError("Duplicate study id.", field="id", value=study.id, location=location)
        check_source_ids(study.source_ids, known, location=location)
        out.append(study)
    return tuple(out)


def evidence_sources() -> dict[str, Source]:
    """The sources the evidence catalogue cites, by id."""
    return sources_of(FILE)
