"""Figures of the dose report (matplotlib, Agg backend): strength-duration curves and per-zone margins."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stimsafe.dose.advice.anchors import EmpiricalMargin
from stimsafe.dose.advice.margins import ZoneMargin
from stimsafe.errors import InputError


def margin_bar_values(values: Sequence[float | None]) -> tuple[list[int], list[float], list[int]]:
    """Positions and lengths of the bars that exist, and the positions of missing margins (never drawn as 0).

    Examples
    --------
    >>> margin_bar_values([0.5, None, 2.0])
    ([0, 2], [0.5, 2.0], [1])
    """
    drawn = [(i, v) for i, v in enumerate(values) if v is not None]
    return [i for i, _ in drawn], [v for _, v in drawn], [i for i, v in enumerate(values) if v is None]


def _margin_bars(ax: Any, margins: Sequence[ZoneMargin], empirical: Sequence[EmpiricalMargin]) -> None:
    emp = {e.zone_id: e.margin for e in empirical}
    series = [("model (conservative bound)", [m.margin for m in margins], 0.0)]
    if empirical:
        series.append(("human data (mean − 2 SD)", [emp.get(m.zone_id) for m in margins], 0.4))
    height = 0.4 if empirical else 0.8
    for label, values, shift in series:
        pos, lengths, missing = margin_bar_values(values)
        ax.barh([p + shift for p in pos], lengths, height=height, label=label)
        for p in missing:
            ax.text(1.0, p + shift, " not computed", va="center", fontsize=7)
    ax.set_yticks([i + (0.2 if empirical else 0.0) for i in range(len(margins))], [m.name for m in margins])


def write_figures(
    margins: Sequence[ZoneMargin], out_dir: Path, empirical: Sequence[EmpiricalMargin] = ()
) -> tuple[str, ...]:
    """Write ``strength_duration.{png,svg}`` and ``margins.{png,svg}`` into ``out_dir``; return the paths.

    The margin chart draws the model's conservative bound and, when given, the human-data margin per zone; a
    margin that could not be computed is labelled, not drawn as 0.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            "Cannot create the figure folder.", field="plot", value=str(out_dir), hint=str(error)
        ) from None
    written: list[str] = []
    fig, ax = plt.subplots(figsize=(6, 4))
    for m in margins:
        ax.loglog([p * 1e3 for p, _ in m.sd_curve], [t * 1e6 for _, t in m.sd_curve], marker="o", label=m.name)
    ax.set_xlabel("phase width (ms)")
    ax.set_ylabel("predicted threshold (µA)")
    ax.legend(fontsize=7)
    ax.set_title("Strength-duration (model)")
    desc = (
        f"Log-log chart: the model's predicted nerve threshold (µA) against phase width (ms), one line per zone "
        f"({len(margins)}); shorter pulses need more current. A model bound, not a measurement in people."
    )
    written += _save(fig, out_dir / "strength_duration", "Strength-duration curves (model)", desc)
    fig, ax = plt.subplots(figsize=(6, 4))
    _margin_bars(ax, margins, empirical)
    ax.axvline(1.0, color="red", linestyle="--")
    ax.set_xscale("log")
    ax.set_xlabel("margin = threshold / maximum output")
    ax.legend(fontsize=7)
    ax.set_title("Margin per zone: threshold / maximum output")
    desc = (
        "Horizontal bars, log scale: for each zone, the threshold divided by the device's maximum output; below the "
        "dashed line at 1 the maximum output can reach the threshold. Human-data and model margins where both exist; "
        "a margin that could not be computed is labelled, not drawn."
    )
    written += _save(fig, out_dir / "margins", "Margin per zone: threshold / maximum output", desc)
    return tuple(written)


def _save(fig: object, stem: Path, title: str, description: str) -> list[str]:
    """PNG and accessible SVG (title, description, role="img"), written atomically; the figure is closed."""
    import matplotlib.pyplot as plt

    from stimsafe.report.figures import save_figure

    paths = save_figure(fig, stem, title=title, description=description, bbox_inches="tight")
    plt.close(fig)  # type: ignore[arg-type]
    return [str(p) for p in paths]
