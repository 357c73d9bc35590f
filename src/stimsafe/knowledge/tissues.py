"""Load ``knowledge/data/tissues.yaml``: low-frequency tissue conductivities with their sources."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.source import Source
from stimsafe.dose.tissue import TissueConductivity
from stimsafe.errors import KnowledgeError, NotFoundError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate

FILE = "tissues.yaml"


@cache
def load_tissues() -> dict[str, TissueConductivity]:
    """Every packaged tissue, by id."""
    known = sources_of(FILE)
    out: dict[str, TissueConductivity] = {}
    for i, raw in enumerate(read_data(FILE).get("tissues", [])):
        where = f"{FILE}: tissues[{i}]"
        tissue = validate(TissueConductivity, raw, location=where)
        check_source_ids(tissue.source_ids, known, location=where)
        if tissue.id in out:
            raise KnowledgeError("Duplicate tissue id.", field="id", value=tissue.id, location=where)
        out[tissue.id] = tissue
    return out


def get_tissue(tissue_id: str) -> TissueConductivity:
    """One tissue's conductivity record."""
    tissues = load_tissues()
    if tissue_id not in tissues:
        raise NotFoundError(
            "Unknown tissue.", field="tissue", value=tissue_id, hint=f"Known: {', '.join(sorted(tissues))}."
        )
    return tissues[tissue_id]


def tissue_sources() -> dict[str, Source]:
    """The sources cited by the tissues file, by id."""
    return sources_of(FILE)
