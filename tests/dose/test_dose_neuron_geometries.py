"""The threshold engine against NEURON/PyFibers on every geometry family (tests/dose/data/neuron_geometries.csv).

The golden rows (fibre diameters 5.7-16 µm, monophasic cathodic and anodic, biphasic with and without a gap,
polarity alternating between two pulses and between the electrodes of a pair, point, bipolar and disk electrodes,
node and internode alignment, homogeneous and layered media, pulses 0.02-10 ms) were computed offline by
benchmarks/bench_neuron.py with NEURON 9.0.2 through PyFibers 0.13.0; each row states its node count, dt and
bisection tolerance. The layered rows use fields from our layered half-space module, so the comparison isolates
the fibre model and its integration.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from stimsafe.dose.physics.field import Contact, Layer, LayeredMedium
from stimsafe.dose.physics.waveform import Pulse
from stimsafe.dose.thresholds.batch import Run, fires, thresholds_ma
from stimsafe.dose.thresholds.engine import ThresholdQuery, fibre_thresholds_a
from stimsafe.dose.thresholds.fibre import Electrode, FibrePlacement, bipolar_pair
from stimsafe.dose.thresholds.mrg import build_cable

DATA = Path(__file__).parent / "data"
SIGMA_S_M = 0.2
TOLERANCE = 0.05  # the issue's target against NEURON: within 5 %, or lower (conservative)
SAME_DT_TOLERANCE = 0.015


def _csv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (DATA / name).read_text().splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


ROWS = _csv("neuron_geometries.csv")


@cache
def _layered() -> dict[str, tuple[NDArray[np.float64], NDArray[np.float64]]]:
    rows = _csv("neuron_layered_potentials.csv")
    z = np.array([float(r["z_um"]) for r in rows])
    return {c: (z, np.array([float(r[c]) for r in rows])) for c in rows[0] if c != "z_um"}


def _pulses(row: dict[str, str]) -> tuple[Pulse, ...]:
    return tuple(Pulse(*(float(x) for x in seg.split(":"))) for seg in row["pulses"].split("|"))


def _run(row: dict[str, str], dt_ms: tuple[float, float] | None = None) -> Run:
    """The cable, the unit field at its section centres (mV per mA) and the pulses a golden row describes."""
    cable = build_cable(float(row["diameter_um"]), int(row["n_nodes"]))
    z_m = cable.positions_m - cable.node_positions_m[cable.n_nodes // 2]
    d_m, half_m = float(row["distance_mm"]) * 1e-3, float(row["spacing_mm"]) * 1e-3 / 2
    k = 1.0 / (4 * np.pi * SIGMA_S_M)  # V/A = mV/mA
    if row["source"] == "point":
        ve = -k / np.hypot(z_m, d_m)
    elif row["source"] == "point@internode":
        ve = -k / np.hypot(z_m - cable.geometry.internode_um * 0.5e-6, d_m)
    elif row["source"] == "bipolar":
        ve = -k / np.hypot(z_m + half_m, d_m) + k / np.hypot(z_m - half_m, d_m)
    else:  # our layered field, sampled every 10 um and interpolated linearly (as NEURON's side did)
        z_um, v = _layered()[row["source"]]
        ve = np.interp(z_m * 1e6, z_um, v)
    return Run(float(row["diameter_um"]), int(row["n_nodes"]), ve, _pulses(row), dt_ms)


@cache
def _engine_thresholds() -> dict[str, float | None]:
    """The engine's thresholds (its own time steps, searched from 30 % above NEURON's) for every row, one batch."""
    found = thresholds_ma([_run(r) for r in ROWS], [1.3 * float(r["threshold_mA"]) for r in ROWS])
    return {r["case"]: t for r, t in zip(ROWS, found, strict=True)}


def test_golden_rows_cover_every_family_of_the_issue() -> None:
    groups = {r["group"] for r in ROWS}
    assert groups >= {
        "diameter",
        "biphasic",
        "anodic",
        "alternating",
        "bipolar",
        "disk",
        "internode",
        "long",
        "layered",
    }
    assert {float(r["diameter_um"]) for r in ROWS} >= {5.7, 7.3, 8.7, 10.0, 11.5, 12.8, 16.0}
    widths = {float(seg.split(":")[1]) - float(seg.split(":")[0]) for r in ROWS for seg in r["pulses"].split("|")}
    assert min(widths) == pytest.approx(0.02) and max(widths) == pytest.approx(10.0)
    layered = {float(r["pulses"].split(":")[1]) for r in ROWS if r["source"].startswith("layered")}
    assert {0.02, 0.05, 0.1} <= layered  # short pulses in layered tissue, where the old predictor read 10-78 % high


def test_same_dt_as_neuron_brackets_every_threshold_within_1_5_percent() -> None:
    # Same nodes and dt as the NEURON row: only the implementation differs. NEURON's own bisection is 0.5 %, so a
    # bracket of +-1.5 % around its threshold (one supra- and one sub-threshold run) checks agreement to ~1 %.
    runs = [_run(r, (float(r["dt_us"]) * 1e-3,) * 2) for r in ROWS]
    refs = [float(r["threshold_mA"]) for r in ROWS]
    above = fires(runs, [a * (1 + SAME_DT_TOLERANCE) for a in refs])
    below = fires(runs, [a / (1 + SAME_DT_TOLERANCE) for a in refs])
    assert [r["case"] for r, f in zip(ROWS, above, strict=True) if not f] == []
    assert [r["case"] for r, f in zip(ROWS, below, strict=True) if f] == []


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_engine_within_5_percent_or_conservative(row: dict[str, str]) -> None:
    got, ref = _engine_thresholds()[row["case"]], float(row["threshold_mA"])
    assert got is not None
    assert got / ref - 1 < TOLERANCE, (row["case"], got, ref)
    assert got / ref - 1 > -0.10, (row["case"], got, ref)  # conservative, but not so low it would mislead


# The layered rows' set-ups as bench_neuron.py exports them (skin 1 mm 0.43 S/m / fat 1.5 mm 0.025 / muscle 0.16;
# the pair over skin 1 mm / muscle), here built through the public API rather than from the sampled file.
CHEEK = LayeredMedium(
    layers=(
        Layer(conductivity_s_m=0.43, thickness_m=1e-3),
        Layer(conductivity_s_m=0.025, thickness_m=1.5e-3),
        Layer(conductivity_s_m=0.16),
    )
)
SKIN_MUSCLE = LayeredMedium(layers=(Layer(conductivity_s_m=0.43, thickness_m=1e-3), Layer(conductivity_s_m=0.16)))
LAYERED_SETUPS = {
    "layered:point": (CHEEK, (Electrode(),), 3e-3),
    "layered:disk5": (CHEEK, (Electrode(radius_m=5e-3, contact=Contact.EQUIPOTENTIAL_DISK),), 3e-3),
    "layered:pair20": (SKIN_MUSCLE, bipolar_pair(20e-3, 2.5e-3, Contact.EQUIPOTENTIAL_DISK), 2e-3),
}


def test_the_public_function_matches_neuron_on_the_layered_rows() -> None:
    rows = [r for r in ROWS if r["source"] in LAYERED_SETUPS]
    queries = []
    for r in rows:
        medium, electrodes, depth_m = LAYERED_SETUPS[r["source"]]
        placement = FibrePlacement(diameter_um=float(r["diameter_um"]), depth_m=depth_m, n_nodes=int(r["n_nodes"]))
        queries.append(ThresholdQuery(medium=medium, electrodes=electrodes, placement=placement, pulses=_pulses(r)))
    got = fibre_thresholds_a(queries)
    errors = {r["case"]: (t or 0.0) * 1e3 / float(r["threshold_mA"]) - 1 for r, t in zip(rows, got, strict=True)}
    assert all(-0.10 < e < TOLERANCE for e in errors.values()), errors
