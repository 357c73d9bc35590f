"""Load ``knowledge/data/tissues.yaml``: low-frequency tissue conductivities with their sources."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.source import Source
from stimsafe.dose.physics.tissue import TissueConductivity
from stimsafe.errors import NotFoundError
from stimsafe.knowledge.loader import load_cited_rows, sources_of

FILE = "tissues.yaml"


@cache
def load_tissues() -> dict[str, TissueConductivity]:
    """Every packaged tissue, by id."""
    return {tissue.id: tissue for tissue in load_cited_rows(FILE, "tissues", TissueConductivity)}


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
