"""Load ``knowledge/data/limits.yaml``: standards limits and plausible ranges for unknown waveform parameters."""

from __future__ import annotations

from functools import cache

from stimsafe.domain.source import Source
from stimsafe.dose.advice.limits import Limit, ParameterRange
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


def limit_sources() -> dict[str, Source]:
    """The sources cited by the limits file, by id."""
    return sources_of(FILE)


@cache
def at_home_output_range() -> ParameterRange:
    """The output assumed for a device whose own output was not found: the press article's at-home range (200-400
    µA), its upper end raised to the highest output of a cleared over-the-counter device in the catalogue if higher.

    The note names the figures and the device; ``source_ids`` cite the article (this file's pool) and that device
    (the devices file's pool).
    """
    from stimsafe.knowledge.devices import load_devices

    article = load_ranges()["output_current_a"]
    cleared = [
        d
        for d in load_devices()
        if d.regulatory.fda_status == "cleared"
        and d.current_max_a is not None
        and "prescription" not in (d.regulatory.intended_use or "").lower()
    ]
    top = max(cleared, key=lambda d: d.current_max_a or 0.0, default=None)
    high = max(article.high, top.current_max_a or 0.0) if top is not None else article.high
    shown = f"{article.low * 1e6:.3g}-{article.high * 1e6:.3g} µA"
    note = f"the at-home range reported in the press ({shown})"
    ids = article.source_ids
    if top is not None and top.current_max_a is not None:
        who = f"the highest output of a cleared at-home device on record, {top.name} {top.regulatory.fda_510k}"
        if top.current_max_a > article.high:
            raised = f"{top.current_max_a * 1e6:.3g} µA"
            note = f"the at-home range reported in the press ({shown}), raised to {raised}: {who}"
        else:
            note = f"the at-home range reported in the press, {shown} (its top is also {who})"
        ids = (*ids, *top.source_ids)
    return article.model_copy(update={"high": high, "note": note, "source_ids": tuple(dict.fromkeys(ids))})
