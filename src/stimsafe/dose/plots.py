"""Figures of the dose report (matplotlib, Agg backend): strength-duration curves and per-zone margins."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stimsafe.dose.margins import ZoneMargin
from stimsafe.errors import InputError


def write_figures(margins: Sequence[ZoneMargin], out_dir: Path) -> tuple[str, ...]:
    """Write ``strength_duration.{png,svg}`` and ``margins.{png,svg}`` into ``out_dir``; return the paths."""
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
    written += _save(fig, out_dir / "strength_duration")
    fig, ax = plt.subplots(figsize=(6, 4))
    names = [m.name for m in margins]
    ax.barh(names, [m.margin or 0.0 for m in margins])
    ax.axvline(1.0, color="red", linestyle="--")
    ax.set_xscale("log")
    ax.set_xlabel("margin = threshold / maximum output (model)")
    written += _save(fig, out_dir / "margins")
    return tuple(written)


def _save(fig: object, stem: Path) -> list[str]:
    import matplotlib.pyplot as plt

    paths = []
    for ext in ("png", "svg"):
        path = stem.with_suffix(f".{ext}")
        tmp = path.with_suffix(f".{ext}.tmp")
        fig.savefig(tmp, format=ext, bbox_inches="tight")  # type: ignore[attr-defined]
        tmp.replace(path)  # atomic: no half-written figure
        paths.append(str(path))
    plt.close(fig)  # type: ignore[arg-type]
    return paths
