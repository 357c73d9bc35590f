"""Load ``knowledge/data/limits.yaml``: standards limits and plausible ranges for unknown waveform parameters."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.source import Source
from stimsafe.dose.limits import Limit, ParameterRange
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate

FILE = "limits.yaml"


@cache
def load_limits() -> tuple[Limit, ...]:
    """The packaged limits, validated, each citing a known source."""
    known = sources_of(FILE)
    out = []
    for i, raw in enumerate(read_data(FILE).get("limits", [])):
        where = f"{FILE}: limits[{i}]"
        limit = validate(Limit, raw, location=where)
        check_source_ids(limit.source_ids, known, location=where)
        out.append(limit)
    if len({x.id for x in out}) != len(out):
        raise KnowledgeError("Duplicate limit id.", location=FILE)
    return tuple(out)


@cache
def load_ranges() -> dict[str, ParameterRange]:
    """Plausible ranges for unknown waveform parameters, by parameter name."""
    known = sources_of(FILE)
    out: dict[str, ParameterRange] = {}
    for i, raw in enumerate(read_data(FILE).get("ranges", [])):
        where = f"{FILE}: ranges[{i}]"
        item = validate(ParameterRange, raw, location=where)
        check_source_ids(item.source_ids, known, location=where)
        out[item.parameter] = item
    return out


def limit_sources() -> dict[str, Source]:
    """The sources cited by the limits file, by id."""
    return sources_of(FILE)
