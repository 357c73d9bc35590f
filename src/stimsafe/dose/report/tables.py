"""Tables of the dose report: zone margins, strength-duration, depth and contact sweeps, model vs human data."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from stimsafe.dose.advice.analysis import ChargeBalance
from stimsafe.dose.advice.anchors import EmpiricalMargin
from stimsafe.dose.advice.limits import LimitCheck
from stimsafe.dose.advice.margins import ZoneMargin
from stimsafe.dose.advice.model_vs_human import ValidationRow
from stimsafe.dose.advice.sweeps import CONTACT_ASSUMPTION, SWEEP_DEPTHS_M, ZoneSweep
from stimsafe.report.model import Table


def _x(value: float | None, fmt: str = ".2f") -> str:
    return "-" if value is None else format(value, fmt)


def _ua(value_a: float | None) -> str:
    return "not found" if value_a is None else f"{value_a * 1e6:.0f} µA"


def zone_table(margins: Sequence[ZoneMargin], empirical: Sequence[EmpiricalMargin]) -> Table:
    """Per zone: the human floor and both margins, the model's conservative bound and its first level."""
    emp = {e.zone_id: e for e in empirical}
    rows = []
    for m in margins:
        e = emp.get(m.zone_id)
        rows.append(
            (
                m.name,
                _ua(e.floor_a if e else None),
                _x(e.margin if e else None),
                _x(e.margin_to_typical if e else None),
                _ua(m.threshold_a),
                _x(m.margin),
                "-" if m.first_level_at_threshold is None else m.first_level_at_threshold,
                m.method,
            )
        )
    return Table(
        title="Per-zone margins (threshold / maximum output)",
        columns=(
            "zone",
            "lowest plausible measured threshold",
            "empirical margin",
            "margin to mean",
            "model threshold (pessimistic assumptions)",
            "model margin",
            "first level at model threshold",
            "model method",
        ),
        rows=tuple(rows),
        note="Empirical: human twitch thresholds (mean − 2 SD, lowest over the branches here). Model: nerve at the "
        "zone's lower-bound depth under a point contact, worst case over the sourced conductivities — a pessimistic "
        "bound, not an estimate and never a cap (the caps rest on the human data).",
    )


def sd_table(margins: Sequence[ZoneMargin]) -> Table:
    """Predicted strength-duration thresholds (µA) per zone."""
    widths = [p for p, _ in margins[0].sd_curve] if margins and margins[0].sd_curve else []
    rows = tuple((f"{pw * 1e3:g} ms", *(f"{dict(m.sd_curve)[pw] * 1e6:.0f}" for m in margins)) for pw in widths)
    return Table(
        title="Strength-duration (predicted threshold, µA; conservative geometry)",
        columns=("phase", *(m.name for m in margins)),
        rows=rows,
    )


def depth_table(sweeps: Sequence[ZoneSweep], names: Mapping[str, str] | None = None) -> Table:
    """Model margin per zone over nerve depth (point contact), and the crossover depth (zones by ``names``)."""
    names = names or {}
    rows = tuple(
        (
            names.get(s.zone_id, s.zone_id),
            f"{s.lower_bound_m * 1e3:g} mm",
            *(_x(s.depth_margin(d)) for d in SWEEP_DEPTHS_M),
            "-" if s.crossover_depth_m is None else f"{s.crossover_depth_m * 1e3:.1f} mm",
        )
        for s in sweeps
    )
    return Table(
        title="Model margin over nerve depth (point contact)",
        columns=("zone", "lower bound", *(f"{d * 1e3:g} mm" for d in SWEEP_DEPTHS_M), "crossover depth"),
        rows=rows,
        note="'-': shallower than the zone's sourced lower bound (not plausible). Crossover depth: the model threshold "
        "reaches the maximum output only if the branch lies shallower than this. No source gives a branch depth.",
    )


def contact_table(sweeps: Sequence[ZoneSweep], names: Mapping[str, str] | None = None) -> Table:
    """Model margin per zone at the lower-bound depth for point and disk contacts (zones by ``names``)."""
    names = names or {}
    radii = [c.radius_m for c in sweeps[0].contacts] if sweeps else []
    rows = tuple(
        (names.get(s.zone_id, s.zone_id), _x(s.depth_margin(s.lower_bound_m)), *(_x(c.margin) for c in s.contacts))
        for s in sweeps
    )
    return Table(
        title="Model margin at the lower-bound depth, by contact size",
        columns=("zone", "point", *(f"disk r = {r * 1e3:g} mm ({math.pi * r * r * 1e4:.2g} cm²)" for r in radii)),
        rows=rows,
        note=CONTACT_ASSUMPTION,
    )


def validation_table(rows: Sequence[ValidationRow], titles: Mapping[str, str] | None = None) -> Table:
    """Model against the published human set-ups (each named by its measurement's title in ``titles``)."""
    titles = titles or {}
    out = tuple(
        (
            titles.get(r.anchor_id, r.anchor_id),
            r.setup,
            f"{r.pulse_width_s * 1e3:g} ms",
            f"{r.model_a * 1e6:.0f} µA",
            f"{r.measured_a * 1e3:g} mA",
            f"{r.ratio:.3f}",
            f"{r.ratio_to_low_end:.2f}",
            r.verdict,
            "-" if r.matching_depth_m is None else f"{r.matching_depth_m * 1e3:.1f} mm",
        )
        for r in rows
    )
    return Table(
        title="Model against human data (10 µm fibre at 1 mm, cheek tissue stack)",
        columns=(
            "measured in people",
            "set-up",
            "pulse",
            "model",
            "measured",
            "model/measured",
            "model/low end",
            "reading",
            "matching depth",
        ),
        rows=out,
        note="Probe: point contact; surface: 2.5 mm-radius disks 2 cm apart (ball size not found, assumed). Pulse "
        "widths of the studies not found: 0.2 ms (ENoG guideline) and 1 ms bracket them. Measured: the mean (or the "
        "middle of the range); low end: mean − 2 SD (or the range's lower end). Matching depth: where the model would "
        "equal the measured mean. Nothing is tuned to fit.",
    )


NO_LIMIT = "no sourced limit found"
WORST_NOTE = "Each value is the worst case over the waveform parameters not found, unless it says 'not known'."


def _charge_rows(charge: ChargeBalance | None) -> tuple[tuple[str, ...], ...]:
    """Net d.c. and unbalanced charge: their values where the waveform fixes them, else why not (no sourced limit).

    "(worst case)" is said only of a value that is the largest over the unknown parameters of a known shape.

    Examples
    --------
    >>> one_way = ChargeBalance(net_current_a=4e-5, unbalanced_charge_c=float("inf"), worst_case=False)
    >>> _charge_rows(one_way)[1][1]
    'unbounded (never compensated)'
    >>> unknown = ChargeBalance(net_current_a=0.0, unbalanced_charge_c=None, unbalanced_note="not known: x")
    >>> _charge_rows(unknown)[1][:2]
    ('Unbalanced charge before the polarity flips', 'not known: x')
    """
    if charge is None:
        return ()
    tag = " (worst case)" if charge.worst_case else ""
    net = charge.net_note or "-"
    if charge.net_current_a is not None:
        net = f"{charge.net_current_a * 1e6:.3g} µA" + (f" ({charge.net_note})" if charge.net_note else "")
    unbalanced = charge.unbalanced_note or "-"
    if charge.unbalanced_charge_c is not None:
        c = charge.unbalanced_charge_c
        unbalanced = "unbounded (never compensated)" if math.isinf(c) else f"{c * 1e6:.3g} µC"
    return (
        (f"Net d.c. current{tag}", net, NO_LIMIT, NO_LIMIT, "-"),
        (f"Unbalanced charge before the polarity flips{tag}", unbalanced, NO_LIMIT, NO_LIMIT, "-"),
    )


def limit_table(checks: Sequence[LimitCheck], area_note: str | None, charge: ChargeBalance | None = None) -> Table:
    """The standards checks, then the net d.c. and unbalanced charge (no sourced limit found for either)."""
    rows = tuple(
        (
            c.limit.title,
            c.shown_value,
            c.shown_limit,
            c.verdict if c.not_applicable is None else f"not applicable ({c.not_applicable.split(': ', 1)[-1]})",
            "-" if c.margin is None or c.not_applicable else f"{c.margin:.3g}",
        )
        for c in checks
    ) + _charge_rows(charge)
    return Table(
        title="Standards and damage criteria",
        columns=("check", "value", "limit", "status", "margin"),
        rows=rows,
        note=" ".join(x for x in (WORST_NOTE, area_note) if x),
    )
