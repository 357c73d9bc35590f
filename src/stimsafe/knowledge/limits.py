"""Load ``knowledge/data/limits.yaml``: standards limits and plausible ranges for unknown waveform parameters."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.source import Source
from stimsafe.dose.advice.limits import Limit, ParameterRange
from stimsafe.dose.advice.thermal import ThermalLimit
from stimsafe.knowledge.loader import load_cited_rows, sources_of

FILE = "limits.yaml"


@cache
def load_limits() -> tuple[Limit, ...]:
    """The packaged limits, validated, each citing a known source."""
    return load_cited_rows(FILE, "limits", Limit)


@cache
def load_ranges() -> dict[str, ParameterRange]:
    """Plausible ranges for unknown waveform parameters, by parameter name."""
    return {item.parameter: item for item in load_cited_rows(FILE, "ranges", ParameterRange)}


@cache
def load_thermal_limits() -> tuple[ThermalLimit, ...]:
    """Surface-temperature limits for heated heads, each with where it applies and its source.

    Examples
    --------
    >>> [t.maximum_c for t in load_thermal_limits()]
    [43.0]
    """
    return load_cited_rows(FILE, "thermal", ThermalLimit)


def limit_sources() -> dict[str, Source]:
    """The sources cited by the limits file, by id."""
    return sources_of(FILE)
