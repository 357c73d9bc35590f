"""stimsafe's MRG against NEURON/PyFibers on geometries beyond the reference table (tests/dose/data/).

The golden rows (other fibre diameters, biphasic and anodic pulses, bipolar pairs, rheobase-length pulses, and
fields from our layered half-space module) were computed offline by benchmarks/bench_neuron.py with NEURON 9.0.2
through PyFibers 0.13.0; each row states its node count, dt and bisection tolerance. The engine runs with the
same node count and dt, so the comparison isolates the model, not the discretisation.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from stimsafe.dose.physics.waveform import Pulse
from stimsafe.dose.thresholds.mrg import Cable, build_cable, excites, fast_dt_ms
from stimsafe.dose.thresholds.search import find_threshold
from stimsafe.dose.thresholds.surrogate import predict_threshold

DATA = Path(__file__).parent / "data"
SIGMA_S_M = 0.2
MRG_TOLERANCE = 0.05  # the issue's target against NEURON
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


def _setup(row: dict[str, str]) -> tuple[Cable, NDArray[np.float64], tuple[Pulse, ...]]:
    """The cable, the unit field at its section centres (mV per mA) and the pulses a golden row describes."""
    cable = build_cable(float(row["diameter_um"]), int(row["n_nodes"]))
    z_m = cable.positions_m - cable.node_positions_m[cable.n_nodes // 2]
    d_m, half_m = float(row["distance_mm"]) * 1e-3, float(row["spacing_mm"]) * 1e-3 / 2
    k = 1.0 / (4 * np.pi * SIGMA_S_M)  # V/A = mV/mA
    if row["source"] == "point":
        ve = -k / np.hypot(z_m, d_m)
    elif row["source"] == "bipolar":
        ve = -k / np.hypot(z_m + half_m, d_m) + k / np.hypot(z_m - half_m, d_m)
    else:  # our layered field, sampled every 10 um and interpolated linearly (as NEURON's side did)
        z_um, v = _layered()[row["source"]]
        ve = np.interp(z_m * 1e6, z_um, v)
    pulses = tuple(Pulse(*(float(x) for x in seg.split(":"))) for seg in row["pulses"].split("|"))
    return cable, ve, pulses


def test_golden_rows_cover_the_issue_geometries() -> None:
    groups = {r["group"] for r in ROWS}
    assert groups >= {"diameter", "biphasic", "anodic", "bipolar", "long", "layered"}
    assert {float(r["diameter_um"]) for r in ROWS} >= {5.7, 7.3, 8.7, 11.5, 12.8}


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_mrg_at_neurons_dt_matches_within_1_5_percent(row: dict[str, str]) -> None:
    # Same nodes and dt as the NEURON row: only the model differs. NEURON's own bisection is 0.5 %, so a bracket
    # of +-1.5 % around its threshold (one supra- and one sub-threshold run) checks agreement to ~1 %.
    cable, ve, pulses = _setup(row)
    ref, dt_ms = float(row["threshold_mA"]), float(row["dt_us"]) * 1e-3
    assert excites(cable, ve, pulses, ref * (1 + SAME_DT_TOLERANCE), dt_ms=dt_ms), row["case"]
    assert not excites(cable, ve, pulses, ref / (1 + SAME_DT_TOLERANCE), dt_ms=dt_ms), row["case"]


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_mrg_at_the_engines_fast_settings_within_5_percent(row: dict[str, str]) -> None:
    # What `stimsafe dose` runs (dose.advice.margins.mrg_threshold_a): coarser dt, so up to ~+2 % against dt 1 us.
    cable, ve, pulses = _setup(row)
    ref = float(row["threshold_mA"])
    dt_ms, dt_after_ms = fast_dt_ms(pulses)
    found = find_threshold(
        lambda a: excites(cable, ve, pulses, a, dt_ms=dt_ms, dt_after_ms=dt_after_ms), ref, rel_tol=0.02, step=1.02
    )
    assert found.amplitude is not None, found.reason
    assert abs(found.amplitude / ref - 1) < MRG_TOLERANCE, (row["case"], found.amplitude, ref)


# The fast predictor's documented envelope against NEURON (docs/dose.md, "Validated envelope"): relative error
# bounds (low, high) per geometry group; negative = conservative (predicts a lower threshold than MRG).
# Anodic-only pulses are outside it (anode-break excitation: +17 % at 0.1 ms, +62 % at 1 ms); the engine never
# predicts them alone (monophasic = cathodic polarity; alternating/biphasic take the lower of both polarities).
PREDICTOR_ENVELOPE = {
    "diameter": (-0.02, 0.03),
    "long": (-0.02, 0.06),
    "bipolar": (-0.02, 0.06),
    "layered": (-0.03, 0.04),
    "biphasic": (-0.16, 0.02),
}


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["diameter_um"] == "10" and r["group"] in PREDICTOR_ENVELOPE], ids=lambda r: r["case"]
)
def test_predictor_within_its_documented_envelope(row: dict[str, str]) -> None:
    cable, ve, pulses = _setup(row)
    got = predict_threshold(ve[cable.node_sections], pulses, 10.0)
    low, high = PREDICTOR_ENVELOPE[row["group"]]
    assert low <= got / float(row["threshold_mA"]) - 1 <= high, (row["case"], got)


def test_predictor_takes_the_lower_polarity_for_biphasic_like_neuron() -> None:
    # NEURON: cathodic-first 0.4436 mA < anodic-first 0.5153 mA (same point source); the predictor must order them
    # the same way, since the margins keep the lower of the two polarities.
    by_case = {r["case"]: r for r in ROWS}
    preds = {}
    for case in ("biphasic_cf_pw0.1", "biphasic_af_pw0.1"):
        cable, ve, pulses = _setup(by_case[case])
        preds[case] = predict_threshold(ve[cable.node_sections], pulses, 10.0)
    assert preds["biphasic_cf_pw0.1"] < preds["biphasic_af_pw0.1"]
