"""Use cases of dose: per-zone margins and the dose report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from stimsafe.report.model import Report


def zone_margins(device: str, zones: Sequence[str] | None = None) -> tuple[Any, ...]:
    """Per-zone :class:`~stimsafe.dose.advice.margins.ZoneMargin` for a catalogue device (for assess and the planner).

    Every threshold is the MRG model's (:func:`stimsafe.dose.thresholds.engine.fibre_thresholds_a`), memoised per
    geometry and waveform.
    Computed once per device, zones and packaged knowledge in this process (a bounded cache).
    """
    from stimsafe.api._cache import DOSE_CACHE, knowledge_key
    from stimsafe.dose.advice.analysis import margins_for
    from stimsafe.knowledge.devices import get_device
    from stimsafe.knowledge.limits import load_ranges
    from stimsafe.knowledge.tissues import load_tissues
    from stimsafe.knowledge.zones import get_zone, load_zones

    dev = get_device(device)
    chosen = tuple(get_zone(z) for z in zones) if zones else load_zones()
    key = ("zone_margins", dev, chosen, knowledge_key())
    return DOSE_CACHE.get_or_compute(key, lambda: margins_for(dev, list(chosen), load_tissues(), load_ranges())[0])


def empirical_margins(device: str, zones: Sequence[str] | None = None) -> tuple[Any, ...]:
    """Per-zone :class:`~stimsafe.dose.advice.anchors.EmpiricalMargin`: the device's maximum output against the lowest
    plausible twitch threshold measured in people for the zone's nerve branches (the headline margin)."""
    from stimsafe.dose.advice.anchors import empirical_margin
    from stimsafe.knowledge.anchors import load_anchors
    from stimsafe.knowledge.devices import get_device
    from stimsafe.knowledge.zones import get_zone, load_zones

    dev = get_device(device)
    if dev.current_max_a is None:
        return ()
    chosen = [get_zone(z) for z in zones] if zones else list(load_zones())
    anchors = load_anchors()
    return tuple(empirical_margin(zone.id, anchors, dev.current_max_a) for zone in chosen)


def dose(
    device: str,
    zones: Sequence[str] | None = None,
    *,
    plot_dir: str | Path | None = None,
    sweeps: bool = True,
    validation: bool = True,
    progress: Callable[[str, int], None] | None = None,
) -> Report:
    """The dose report: human-data margins, the model's conservative bound, its depth/contact sweeps, the model
    against human data (``validation``) and the standards checks, optionally with figures. ``progress(label,
    total)`` is called as each zone's margin and sweep and the validation finish (for a progress bar)."""
    from pathlib import Path as _Path

    from stimsafe.dose.advice.output import device_output
    from stimsafe.dose.pipeline import dose_results
    from stimsafe.dose.report.build import build_report
    from stimsafe.knowledge.anchors import anchor_sources, load_anchors, load_evidence
    from stimsafe.knowledge.devices import class_ranges_for, device_sources, get_device
    from stimsafe.knowledge.limits import limit_sources, load_limits, load_ranges, load_thermal_limits
    from stimsafe.knowledge.tissues import load_tissues, tissue_sources
    from stimsafe.knowledge.zones import get_zone, load_zones, zone_sources

    dev = get_device(device)
    chosen = [get_zone(z) for z in zones] if zones else list(load_zones())
    evidence = load_evidence()
    results = dose_results(
        dev,
        chosen,
        tissues=load_tissues(),
        ranges=load_ranges(),
        limits=load_limits(),
        anchors=load_anchors(),
        evidence=[(e.text, e.source_ids) for e in evidence],
        sweeps=sweeps,
        validation_zone=get_zone("cheek") if validation else None,
        thermal_limits=load_thermal_limits(),
        output=device_output(dev, class_ranges_for(dev)),
        all_zones=load_zones(),
        progress=progress,
    )
    pools = (anchor_sources(), limit_sources(), tissue_sources(), zone_sources(), device_sources())
    cited = [sid for a in load_anchors() for sid in a.source_ids] if validation else []
    report = build_report(
        results,
        sources=[s for pool in pools for s in pool.values()],
        zone_sources={z.id: z.source_ids for z in chosen},
        validation_source_ids=cited,
    )
    if plot_dir is None:
        return report
    from stimsafe.dose.report.plots import write_figures

    figures = write_figures(results.margins, _Path(plot_dir), results.empirical)
    first = report.sections[0].model_copy(update={"figures": figures})
    return report.model_copy(update={"sections": (first, *report.sections[1:])})
