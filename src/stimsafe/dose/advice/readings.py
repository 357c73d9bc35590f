"""Plain-language readings of a zone's margins that do not over-claim.

Order: the comparison with human measurements first (what people showed), then the model's bound (what a
deliberately pessimistic model says), called conservative only where it is at or below the lowest measured human
threshold, otherwise "the cap rests on the human data"; then the level at which either is reached. No sentence
says that a device causes or cannot cause anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from stimsafe.dose.advice.anchors import EmpiricalMargin, HumanAnchor
from stimsafe.dose.advice.margins import TEST_PULSE_WIDTHS_S, ZoneMargin

_TOL = 1e-9
_METHOD = {"probe": "with a hand-held probe", "surface": "with surface electrodes"}


def level_reaching(levels_a: Sequence[float], current_a: float) -> int | None:
    """The first level (1-based) whose current reaches ``current_a``; ``None`` if none does or levels are unknown.

    Examples
    --------
    >>> level_reaching((80e-6, 160e-6, 240e-6), 150e-6)
    2
    >>> level_reaching((), 1e-4) is None
    True
    """
    return next((i + 1 for i, a in enumerate(levels_a) if a >= current_a * (1 - _TOL)), None)


def _ua(value_a: float) -> str:
    return f"{value_a * 1e6:.0f} µA" if value_a < 1e-3 else f"{value_a * 1e3:.2g} mA"


def _who(anchor: HumanAnchor) -> str:
    return f"{anchor.population} {_METHOD[anchor.method]} ({anchor.title}, {anchor.shown()})"


def empirical_sentence(emp: EmpiricalMargin, levels_a: Sequence[float] = (), *, assumed: bool = False) -> str:
    """What the device's maximum output is next to twitch thresholds measured in people (``assumed``: the output
    is a stand-in range, not the device's own, and the sentence says so)."""
    peak = _ua(emp.max_output_a) + (" (assumed: the top of the at-home range)" if assumed else "")
    low, typical = emp.floor_anchor, emp.typical_anchor
    if low is None or typical is None or emp.floor_a is None or emp.margin is None or emp.margin_to_typical is None:
        return f"No twitch threshold measured in people was found for the nerve branches here; {peak} is not compared."
    if abs(emp.margin - 1) < 0.005:
        return (
            f"At its highest level this device's {peak} equals the lowest plausible twitch threshold measured in "
            f"{_who(low)} (mean − 2 SD)."
        )
    if emp.margin >= 1:
        return (
            f"At its highest level this device's {peak} is {emp.margin:.1f}× below the lowest plausible twitch "
            f"threshold measured in {_who(low)}: {_ua(emp.floor_a)}, the low end of that range (mean − 2 SD)."
        )
    where = level_reaching(levels_a, emp.floor_a)
    at = f" from level {where}" if where else ""
    if emp.margin_to_typical >= 1:
        head = (
            f"At its highest level this device's {peak} is {emp.margin_to_typical:.1f}× below the mean twitch threshold"
        )
        head += f" measured in {_who(typical)}"
    else:
        head = (
            f"At its highest level this device's {peak} is above the mean twitch threshold measured in {_who(typical)}"
        )
    return (
        f"{head}, but it reaches the low end of the measured range ({_ua(emp.floor_a)}, mean − 2 SD of "
        f"{low.title}){at}."
    )


def human_comparison(model_threshold_a: float, human_floor_a: float | None) -> str:
    """How the model bound stands against the lowest measured human threshold; "conservative" only if at or below it.

    Examples
    --------
    >>> human_comparison(120e-6, 160e-6).startswith("the model is conservative against human data (its bound, 120")
    True
    >>> human_comparison(258e-6, 160e-6).split("; ")[-1]
    'the cap rests on the human data'
    """
    thr = _ua(model_threshold_a)
    if human_floor_a is None:
        return "no twitch threshold measured in people was found to check the model bound against"
    if model_threshold_a <= human_floor_a * (1 + _TOL):
        return (
            f"the model is conservative against human data (its bound, {thr}, is at or below the lowest measured "
            f"human threshold, {_ua(human_floor_a)})"
        )
    floor = _ua(human_floor_a)
    above = f"the model bound ({thr}) lies above the lowest measured human threshold ({floor})"
    return f"{above}; the cap rests on the human data"


def pulse_width_sentence(emp: EmpiricalMargin, ratio: tuple[float, float] | None) -> str:
    """The empirical margins corrected by the model's strength-duration ratio over the assumed test pulse widths.

    Examples
    --------
    >>> from stimsafe.dose.advice.anchors import empirical_margin
    >>> a = HumanAnchor(id="x", title="NET", zones=("eyes",), population="adults", n=120, mean_a=0.7e-3,
    ...                 sd_a=0.27e-3, method="probe", electrodes="probe", endpoint="twitch", source_ids=("s",))
    >>> pulse_width_sentence(empirical_margin("eyes", (a,), 400e-6), (0.36, 0.64)).split("gives ")[-1]
    '0.14–0.26× to the low end of the human range and 0.63–1.1× to the mean (0.36–0.64× the threshold).'
    """
    if ratio is None or emp.margin is None or emp.margin_to_typical is None:
        return ""
    lo, hi = min(ratio), max(ratio)
    return (
        " The pulse width of the human tests was not found, so the figures above hold at the test's pulse; if the "
        f"tests used {TEST_PULSE_WIDTHS_S[0] * 1e3:g}–{TEST_PULSE_WIDTHS_S[1] * 1e3:g} ms pulses, the model's "
        "strength-duration curve for this device's worst-case phase gives "
        f"{emp.margin * lo:.2g}–{emp.margin * hi:.2g}× to the low end of the human range and "
        f"{emp.margin_to_typical * lo:.2g}–{emp.margin_to_typical * hi:.2g}× to the mean ({lo:.2g}–{hi:.2g}× the "
        "threshold)."
    )


def model_sentence(m: ZoneMargin, crossover_note: str | None = None, human_floor_a: float | None = None) -> str:
    """The model's bound for the zone, labelled as such and compared with the lowest human threshold."""
    depth = "the zone's shallowest sourced depth" if m.depth_m is None else f"{m.depth_m * 1e3:g} mm"
    assumptions = f"deliberately pessimistic model assumptions (nerve at {depth}, point contact, worst-case waveform)"
    if m.margin is None or m.threshold_a is None:
        return f"Under {assumptions} the model found no threshold up to 1 A."
    versus = human_comparison(m.threshold_a, human_floor_a)
    if m.margin >= 1:
        thr = _ua(m.threshold_a)
        return f"Under {assumptions} the model threshold ({thr}) is {m.margin:.1f}× the highest output; {versus}."
    where = f" from level {m.first_level_at_threshold}" if m.first_level_at_threshold else ""
    deeper = f"; {crossover_note}" if crossover_note else ""
    return (
        f"Under {assumptions} the model threshold ({_ua(m.threshold_a)}) would be exceeded{where}; real branches lie "
        f"deeper (beneath the SMAS or deep fascia) and {versus}{deeper}."
    )


def zone_reading(
    name: str | None,
    emp: EmpiricalMargin,
    m: ZoneMargin,
    *,
    levels_a: Sequence[float] = (),
    crossover_note: str | None = None,
    ratio: tuple[float, float] | None = None,
    assumed: bool = False,
) -> str:
    """The full reading for one zone: human data first, then the model bound (prefixed by ``name`` if given).

    ``ratio`` overrides the zone's own strength-duration ratio (the caps take one ratio per human measurement,
    :mod:`stimsafe.dose.advice.caps`); ``assumed`` labels an output that stands in for one not found.
    """
    corrected = pulse_width_sentence(emp, ratio if ratio is not None else m.test_pulse_ratio)
    head = empirical_sentence(emp, levels_a, assumed=assumed)
    text = f"{head}{corrected} {model_sentence(m, crossover_note, emp.floor_a)}"
    return f"{name}: {text}" if name else text
