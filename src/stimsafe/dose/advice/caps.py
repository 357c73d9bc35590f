"""Per-zone current caps, said in the device's own terms (its levels where known, else µA to two figures).

**What governs a cap: the human data.** A zone's cap is the lowest plausible twitch threshold measured in people
for the nerve branches there (:mod:`stimsafe.dose.advice.anchors`, mean − 2 SD), converted from the human tests' pulse
to this device's pulse by the model's strength-duration ratio. That conversion is the one step taken from the model,
and it rests on two assumptions stated in the sentence that uses them: the tests' pulse width (not found; the
shorter end of 0.1-0.3 ms, which gives the smaller ratio) and, where the device's own pulse was not found, the
worst case over plausible waveforms. A ratio above 1 is never used (a cap is never raised by the model).

**One measurement, one cap.** The ratio depends on how deep the fibre lies (a deeper fibre has a longer
chronaxie, so long phases lower its threshold more). The human tests were made where the probe met the branch,
at a depth that was not reported, and not at each zone's depth. Taking the ratio at each zone's own depth made the
deeper zones' caps the stricter ones, the opposite of the model's own thresholds. The ratio of a measurement is
therefore taken once, as the lowest over the depths of every zone that measurement concerns (the worst case over
where the test may have been made), so every zone served by the same measurement gets the same cap.

**The model's own threshold** (nerve at the zone's shallowest sourced depth under a point contact) is shown beside
the cap as a cross-check and never sets it: against the human set-ups it reads 10-40 times lower (docs/dose.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from stimsafe.domain.device import Device
from stimsafe.domain.plan import ZoneCap
from stimsafe.domain.zone import Zone
from stimsafe.dose.advice.analysis import margins_for
from stimsafe.dose.advice.anchors import HumanAnchor
from stimsafe.dose.advice.limits import ParameterRange
from stimsafe.dose.advice.margins import TEST_PULSE_WIDTHS_S, ZoneMargin
from stimsafe.dose.advice.output import OutputRange, current, sig
from stimsafe.dose.physics.tissue import TissueConductivity

_TOL = 1e-9

GOVERNS = (
    "Each cap rests on twitch thresholds measured in people (the low end, mean − 2 SD, for the nerve branches of "
    "the zone), converted to this device's pulse by the model's strength-duration ratio; the model's own threshold "
    "is a cross-check and never sets a cap."
)

CapStatus = Literal["no cap needed", "level cap", "lowest above cap", "not in device terms", "no human data"]

#: Finding tier and rank of each cap status (0 = most serious), the same in assess and the dose report.
CAP_TIERS: dict[str, tuple[str, int]] = {
    "lowest above cap": ("EVEN THE LOWEST SETTING IS ABOVE THE CAP", 1),
    "level cap": ("CAPPED BELOW THE TOP LEVEL", 2),
    "not in device terms": ("CAP IN µA ONLY", 2),
    "no human data": ("NO HUMAN DATA", 2),
    "no cap needed": ("BELOW THE CAP", 3),
}


class PulseRatio(BaseModel):
    """The model's strength-duration ratio for one human measurement: device pulse / test pulse (at most 1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    anchor_id: str
    at_short: float
    at_long: float
    depths_m: tuple[float, float]


def anchor_ratios(anchors: Sequence[HumanAnchor], margins: Sequence[ZoneMargin]) -> dict[str, PulseRatio]:
    """Per measurement, the lowest ratio over the zones it concerns (see the module text); absent if none computed."""
    by_zone = {m.zone_id: m for m in margins}
    out: dict[str, PulseRatio] = {}
    for anchor in anchors:
        mine = [by_zone[z] for z in anchor.zones if z in by_zone and by_zone[z].test_pulse_ratio is not None]
        ratios = [m.test_pulse_ratio for m in mine if m.test_pulse_ratio is not None]
        if not ratios:
            continue
        depths = [m.depth_m for m in mine if m.depth_m is not None] or [math.nan]
        out[anchor.id] = PulseRatio(
            anchor_id=anchor.id,
            at_short=min(1.0, *(r[0] for r in ratios)),
            at_long=min(1.0, *(r[1] for r in ratios)),
            depths_m=(min(depths), max(depths)),
        )
    return out


class ZoneAdvice(BaseModel):
    """One zone's cap in the device's terms, with the evidence that governs it and how the plan compares."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zone_id: str
    name: str
    status: CapStatus
    cap_a: float | None
    anchor: HumanAnchor | None
    ratio: PulseRatio | None
    max_level: int | None
    shown: str
    """The cap in the device's terms, for a table cell."""
    level_text: str | None
    """What replaces a level plan on this zone (``None``: the level plan stands, up to ``max_level``)."""
    text: str
    """The full reading: the cap and what governs it, the device's terms, the plan, the model cross-check."""
    short: str
    """The cap in the device's terms and the plan, for a table cell (the evidence is in ``text``)."""
    method: str = ""
    """How every cap of this device is made, with its assumptions (:func:`method_sentence`): said once per report."""
    plan_over: bool
    model_threshold_a: float | None
    model_depth_m: float | None = None
    source_ids: tuple[str, ...]


class PlanAsk(BaseModel):
    """What the person's plan asks for (either may be absent)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: int | None = None
    amplitude_a: float | None = None


def waveform_phrase(device: Device, ranges: Mapping[str, ParameterRange]) -> str:
    """ "this device's pulse", with the assumptions taken where its waveform was not found (labelled)."""
    wf = device.waveform
    missing = [
        name
        for name, known in (
            ("shape", wf.shape != "unknown"),
            ("frequency", wf.frequency_hz),
            ("pulse width", wf.pulse_width_s),
            ("polarity", wf.polarity_alternates is not None),
        )
        if not known
    ]
    if not missing:
        return "this device's pulse"
    if wf.frequency_hz is None:
        band = ranges["frequency_hz"]
        taken = f"the worst case over square waves of {band.low:g}-{band.high:g} Hz"
    elif wf.pulse_width_s is None:
        taken = f"a 50 % duty square wave at {wf.frequency_hz:g} Hz"
    else:
        taken = "the worse of both polarities and shapes"
    names = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
    verb = "were" if len(missing) > 1 else "was"
    return f"this device's pulse (assumed: its {names} {verb} not found, so {taken} was taken)"


def _governs(anchor: HumanAnchor, ratio: PulseRatio | None, cap_a: float, wave: str) -> str:
    head = (
        f"Cap {current(cap_a)}: the low end of the twitch thresholds measured in people for the nerve branch here "
        f"({anchor.title}: {current(anchor.floor_a, 3)}, mean − 2 SD)"
    )
    if ratio is None:
        return head + ", not converted to this device's pulse (the model found no threshold to convert with)."
    if ratio.at_short >= 1 - _TOL:
        return head + f"; the model's strength-duration curve gives no lower threshold for {wave}."
    low, high = (d * 1e3 for d in ratio.depths_m)
    depths = f"{low:g} mm" if math.isclose(low, high) else f"{low:g}-{high:g} mm"
    return (
        f"{head} times {sig(ratio.at_short)}, the model's strength-duration ratio from an assumed "
        f"{TEST_PULSE_WIDTHS_S[0] * 1e3:g} ms test pulse to this device's assumed pulse (see 'How a cap is made'), "
        f"the lowest over this branch's depths ({depths})."
    )


def method_sentence(wave: str) -> str:
    """How every cap is made, with the assumptions it rests on (said once per report, named in each cap)."""
    return (
        "How a cap is made: the low end (mean − 2 SD) of the twitch thresholds measured in people for the zone's "
        "nerve branches, times the model's strength-duration ratio from the tests' pulse to this device's pulse. "
        f"The tests' pulse width was not found: {TEST_PULSE_WIDTHS_S[0] * 1e3:g} ms is assumed (the shorter end of "
        f"{TEST_PULSE_WIDTHS_S[0] * 1e3:g}-{TEST_PULSE_WIDTHS_S[1] * 1e3:g} ms, which gives the lower cap). The "
        f"ratio is taken to {wave}. The test depth was not reported either: the ratio is the lowest over the depths "
        "of the zones the measurement concerns, so one measurement gives one cap. The model never raises a cap."
    )


def _device_terms(cap_a: float, output: OutputRange, twitch: str) -> tuple[CapStatus, int | None, str, str | None, str]:
    """(status, max level, table cell, level text, sentence) for a cap against the output range."""
    stop = f"even the lowest setting may twitch the {twitch}: stop at any twitch"
    cap = current(cap_a)
    top_of, low_of = (
        ("The top of that range", "Even the low end of that range")
        if output.at_home
        else (
            "The highest output",
            "Even the lowest setting",
        )
    )
    if output.high_a <= cap_a * (1 + _TOL):
        said = f"{top_of} ({current(output.high_a, 3)}) stays below it: the level plan stands."
        return "no cap needed", None, f"{cap} (above the highest output)", None, said
    if output.low_a is not None and output.low_a > cap_a * (1 + _TOL):
        said = f"{low_of} ({current(output.low_a, 3)}) is above it: {stop}."
        return "lowest above cap", None, f"{cap}, below the lowest setting", stop, said
    if output.levels_a:
        top = max((i + 1 for i, a in enumerate(output.levels_a) if a <= cap_a * (1 + _TOL)), default=None)
        if top is None:
            first = current(output.levels_a[0], 3)
            said = f"Even level 1 ({first}, {output.levels_assumption}) is above it: {stop}."
            return "lowest above cap", None, f"{cap}, below level 1", stop, said
        at = current(output.levels_a[top - 1], 3)
        assumption = f", {output.levels_assumption}" if output.levels_assumption else ""
        return "level cap", top, f"level {top} ({cap})", None, f"That is level {top} at most ({at}{assumption})."
    lowest = "its lowest output was not found and " if output.low_a is None else ""
    level_text = (
        f"start at the lowest setting and stop at any twitch of the {twitch} (its settings' currents are not known, "
        f"so the {cap} cap cannot be given as a setting)"
    )
    said = (
        f"The cap cannot be given as a setting ({lowest}its settings are not marked in µA): start at the lowest "
        f"setting and stop at any twitch of the {twitch}."
    )
    return "not in device terms", None, cap, level_text, said


def _plan_sentence(ask: PlanAsk, cap_a: float, status: CapStatus, max_level: int | None) -> tuple[str, bool]:
    parts, over = [], False
    if ask.amplitude_a is not None:
        above = ask.amplitude_a > cap_a * (1 + _TOL)
        over |= above
        parts.append(f"Your plan's {current(ask.amplitude_a, 3)} is {'above' if above else 'within'} this cap.")
    if ask.level is not None and (status == "lowest above cap" or (max_level is not None and ask.level > max_level)):
        over = True
        parts.append(f"Your plan's level {ask.level} is above it.")
    elif ask.level is not None and status == "not in device terms":
        parts.append(f"Whether your plan's level {ask.level} is within it cannot be told: µA per level were not found.")
    return " ".join(parts), over


def _cross_check(m: ZoneMargin, cap_a: float | None) -> str:
    if m.threshold_a is None:
        return "Model cross-check: no threshold found up to 1 A."
    depth = "" if m.depth_m is None else f"nerve at {m.depth_m * 1e3:g} mm, "
    head = f"Model cross-check (pessimistic: {depth}point contact): threshold {current(m.threshold_a)}"
    if cap_a is None:
        return head + "."
    if m.threshold_a < cap_a:
        return (
            f"Model cross-check: the model's pessimistic bound ({depth}point contact) is lower, "
            f"{current(m.threshold_a)}, but against people it reads 10-40 times too low, so it does not lower the cap."
        )
    return head + ", above the cap: no conflict."


def _no_human_data(m: ZoneMargin) -> ZoneAdvice:
    text = "No twitch threshold measured in people was found for the nerve branches here, so no cap is given."
    return ZoneAdvice(
        zone_id=m.zone_id, name=m.name, status="no human data", cap_a=None, anchor=None, ratio=None, max_level=None,
        shown="none (no human data)", level_text=None, text=f"{text} {_cross_check(m, None)}", short=text,
        plan_over=False, model_threshold_a=m.threshold_a, model_depth_m=m.depth_m, source_ids=(),
    )  # fmt: skip


def zone_advice(
    m: ZoneMargin,
    anchors: Sequence[HumanAnchor],
    ratios: Mapping[str, PulseRatio],
    output: OutputRange,
    *,
    wave: str,
    ask: PlanAsk | None = None,
) -> ZoneAdvice:
    """The cap of zone ``m`` from the lowest converted human floor among the anchors that concern it."""
    mine = [a for a in anchors if m.zone_id in a.zones]
    if not mine:
        return _no_human_data(m)
    scale = {a.id: ratios[a.id].at_short if a.id in ratios else 1.0 for a in mine}
    anchor = min(mine, key=lambda a: a.floor_a * scale[a.id])
    cap_a = anchor.floor_a * scale[anchor.id]
    status, top, shown, level_text, terms = _device_terms(cap_a, output, anchor.twitch)
    plan, over = _plan_sentence(ask or PlanAsk(), cap_a, status, top)
    if output.at_home:
        terms = (
            f"This device's own output was not found, so the at-home range stands in (an assumption). {terms} "
            f"Knowing its real output would change this: with a lowest setting below {current(cap_a)} the cap "
            "becomes a setting to stay under, and with a highest output below it no cap is needed."
        )
    ratio = ratios.get(anchor.id)
    parts = (_governs(anchor, ratio, cap_a, wave), terms, plan, _cross_check(m, cap_a))
    short = f"Dose cap {current(cap_a)}, from twitch thresholds measured in people. {terms}"
    return ZoneAdvice(
        zone_id=m.zone_id,
        name=m.name,
        status=status,
        cap_a=cap_a,
        anchor=anchor,
        ratio=ratio,
        max_level=top,
        shown=shown,
        level_text=level_text,
        text=" ".join(p for p in parts if p),
        short=f"{short} {plan}".strip(),
        plan_over=over,
        model_threshold_a=m.threshold_a,
        model_depth_m=m.depth_m,
        source_ids=tuple(dict.fromkeys((*anchor.source_ids, *output.source_ids))),
    )


def advise(
    device: Device,
    output: OutputRange,
    zone_ids: Sequence[str],
    margins: Sequence[ZoneMargin],
    *,
    anchors: Sequence[HumanAnchor],
    ranges: Mapping[str, ParameterRange],
    ask: PlanAsk | None = None,
) -> tuple[ZoneAdvice, ...]:
    """Caps for ``zone_ids``; ``margins`` must cover every zone (the ratios are taken over an anchor's zones)."""
    ratios = anchor_ratios(anchors, margins)
    by_zone = {m.zone_id: m for m in margins}
    wave = waveform_phrase(device, ranges)
    method = method_sentence(wave)
    return tuple(
        zone_advice(by_zone[z], anchors, ratios, output, wave=wave, ask=ask).model_copy(update={"method": method})
        for z in zone_ids
    )


def zone_cap(advice: ZoneAdvice) -> ZoneCap:
    """The planner's view of one zone's advice."""
    return ZoneCap(
        max_amplitude_a=advice.cap_a,
        reason=advice.short,
        source_ids=advice.source_ids,
        shown=advice.shown,
        max_level=advice.max_level,
        level_text=advice.level_text,
        plan_over=advice.plan_over,
    )


def caps_for(
    device: Device,
    output: OutputRange,
    zone_ids: Sequence[str],
    all_zones: Sequence[Zone],
    *,
    tissues: Mapping[str, TissueConductivity],
    ranges: Mapping[str, ParameterRange],
    anchors: Sequence[HumanAnchor],
    ask: PlanAsk | None = None,
) -> tuple[ZoneAdvice, ...]:
    """Caps for ``zone_ids``, the model run at ``output`` (exact MRG thresholds, over every zone for the ratios).

    The one entry point of assess and the dose report, so both say the same. Raises ``InputError`` when the
    device's waveform facts are inconsistent (see :func:`stimsafe.dose.advice.catalogue.waveform_candidates`).
    """
    modelled = device.model_copy(update={"current_min_a": output.low_a, "current_max_a": output.high_a})
    every, _ = margins_for(modelled, list(all_zones), tissues, ranges, sd_curve=False)
    return advise(modelled, output, zone_ids, every, anchors=anchors, ranges=ranges, ask=ask)
