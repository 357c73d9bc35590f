"""NEURON side by side: MRG thresholds from NEURON (through PyFibers) on geometries beyond the reference table.

PyFibers is GPL / non-commercial and NEURON is an optional extra, so this script is an *offline oracle*: it is
never imported by stimsafe or its tests. Four steps:

1. ``.venv/bin/python benchmarks/bench_neuron.py export`` (project venv): samples OUR layered half-space field
   (``stimsafe.dose.physics.field``) every 10 µm along the fibre for the layered cases and writes
   ``tests/dose/data/neuron_layered_potentials.csv`` (mV per mA, arc length relative to the central node).
2. ``.venv/bin/python benchmarks/bench_neuron.py neuron [--jobs 2] [--only id,id]`` (the venv with the
   ``.[neuron]`` extra plus ``pip install pyfibers`` and ``PATH=.venv/bin:$PATH pyfibers_compile``; PyFibers is
   GPL and stays an offline tool, never a dependency): one PyFibers/NEURON threshold per case, written
   to ``tests/dose/data/neuron_geometries.csv`` with its provenance header.
3. ``.venv/bin/python benchmarks/bench_neuron.py engine``: the threshold engine (its own time steps, seeded by
   the fenced predictor) on every golden row in one batch: the accuracy table of docs/dose.md.
4. ``.venv/bin/python benchmarks/bench_neuron.py compare [--only id,id]``: NEURON and the engine side by side in
   one run, the same search (seed, 1 % tolerance; NEURON at the engine's fine dt), then a batch of 100 engine
   thresholds: the ratios in docs/benchmarks.md.

Set-up shared by every case (as in shared/reference/mrg_thresholds.csv): ``MRG_DISCRETE``, 51 nodes, 37 °C,
passive end nodes, fibre straight along z, activation = one AP (-30 mV crossing) at the node nearest 90 % of the
length, tstop = end of stimulus + 4 ms, steady state from -200 ms (dt 5 ms) before t = 0. Geometry is measured
from the central node. Point sources are in an infinite homogeneous medium, σ = 0.2 S/m (Ve = I/(4πσr)); a
bipolar pair is a cathode at -spacing/2 and an anode at +spacing/2 along the fibre, both ``distance`` above
it. ``pulses`` lists (start ms, end ms, value): value +1 is the cathodic unit field (negative Ve under the
cathode), -1 the anodic one. Threshold search: PyFibers' bounds search (10 % steps) from a bracket of ±20 %
around a starting guess (the guess only sets the start; both ends are verified by simulation), then geometric
bisection to ``TOL_PCT``; the upper (excitatory) bound is reported. dt is per case (column ``dt_us``).
"""

from __future__ import annotations

import os

# Time the model, not the on-disk memo (stimsafe.dose.thresholds.disk_memo).
os.environ["STIMSAFE_THRESHOLD_CACHE"] = "off"

import argparse
import csv
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "dose" / "data"
GOLDEN = DATA / "neuron_geometries.csv"
LAYERED = DATA / "neuron_layered_potentials.csv"
SIGMA_S_M = 0.2
N_NODES = 51
TOL_PCT = 0.5
TAIL_MS = 4.0
GRID_UM = 10.0

Pulses = tuple[tuple[float, float, float], ...]


def mono(pw: float, value: float = 1.0) -> Pulses:
    """A monophasic rectangular pulse of ``pw`` ms starting at 0."""
    return ((0.0, pw, value),)


def biphasic(pw: float, gap: float, first: float = 1.0) -> Pulses:
    """A charge-balanced biphasic pulse: ``first`` phase, ``gap`` ms at zero, opposite phase."""
    return ((0.0, pw, first), (pw + gap, 2 * pw + gap, -first))


# id, group, diameter µm, source, distance mm, spacing mm, pulses, dt µs, starting guess mA
CASES: list[tuple[str, str, float, str, float, float, Pulses, float, float]] = [
    *[
        (f"d{d:g}_pw{pw:g}", "diameter", d, "point", 2.0, 0.0, mono(pw), 1.0 if pw < 0.5 else 2.0, g)
        for d, gs in (
            (5.7, (1.2, 0.45)),
            (7.3, (0.75, 0.25)),
            (8.7, (0.5, 0.17)),
            (11.5, (0.3, 0.1)),
            (12.8, (0.25, 0.085)),
        )
        for pw, g in zip((0.1, 1.0), gs, strict=True)
    ],
    ("biphasic_cf_pw0.1", "biphasic", 10.0, "point", 2.0, 0.0, biphasic(0.1, 0.0), 1.0, 0.5),
    ("biphasic_cf_pw0.1_gap0.1", "biphasic", 10.0, "point", 2.0, 0.0, biphasic(0.1, 0.1), 1.0, 0.45),
    ("biphasic_af_pw0.1", "biphasic", 10.0, "point", 2.0, 0.0, biphasic(0.1, 0.0, -1.0), 1.0, 1.0),
    ("anodic_pw0.1", "anodic", 10.0, "point", 2.0, 0.0, mono(0.1, -1.0), 1.0, 2.0),
    ("anodic_pw1", "anodic", 10.0, "point", 2.0, 0.0, mono(1.0, -1.0), 2.0, 0.8),
    ("bipolar10_h2.5_pw0.1", "bipolar", 10.0, "bipolar", 2.5, 10.0, mono(0.1), 1.0, 0.6),
    ("bipolar10_h2.5_pw1", "bipolar", 10.0, "bipolar", 2.5, 10.0, mono(1.0), 2.0, 0.2),
    ("bipolar4_h3_pw0.1", "bipolar", 10.0, "bipolar", 3.0, 4.0, mono(0.1), 1.0, 1.5),
    ("long_pw10", "long", 10.0, "point", 2.0, 0.0, mono(10.0), 5.0, 0.125),
    ("long_pw5_5mm", "long", 10.0, "point", 5.0, 0.0, mono(5.0), 5.0, 0.6),
    ("layered_point_pw0.1", "layered", 10.0, "layered:point", 3.0, 0.0, mono(0.1), 1.0, 0.3),
    ("layered_disk5_pw1", "layered", 10.0, "layered:disk5", 3.0, 0.0, mono(1.0), 2.0, 0.15),
    ("layered_pair20_pw0.2", "layered", 10.0, "layered:pair20", 2.0, 20.0, mono(0.2), 1.0, 0.3),
    # added for issue 12: short pulses in layered tissue, disks, anodic and alternating polarity, 16 µm, internodes
    ("layered_point_pw0.02", "layered", 10.0, "layered:point", 3.0, 0.0, mono(0.02), 1.0, 3.0),
    ("layered_point_pw0.05", "layered", 10.0, "layered:point", 3.0, 0.0, mono(0.05), 1.0, 1.5),
    ("layered_disk5_pw0.02", "disk", 10.0, "layered:disk5", 3.0, 0.0, mono(0.02), 1.0, 5.0),
    ("layered_disk5_pw0.1", "disk", 10.0, "layered:disk5", 3.0, 0.0, mono(0.1), 1.0, 1.6),
    ("layered_point_anodic_pw0.1", "anodic", 10.0, "layered:point", 3.0, 0.0, mono(0.1, -1.0), 1.0, 3.8),
    ("layered_point_biphasic_pw0.05", "biphasic", 10.0, "layered:point", 3.0, 0.0, biphasic(0.05, 0.0), 1.0, 2.0),
    (
        "alt_point_pw0.1_period0.5",
        "alternating",
        10.0,
        "point",
        2.0,
        0.0,
        ((0.0, 0.1, -1.0), (0.5, 0.6, 1.0)),
        1.0,
        0.4,
    ),
    (
        "alt_pair10_pw0.05_period0.5",
        "alternating",
        10.0,
        "bipolar",
        2.5,
        10.0,
        ((0.0, 0.05, 1.0), (0.5, 0.55, -1.0)),
        1.0,
        0.9,
    ),
    ("d16_pw0.02", "diameter", 16.0, "point", 2.0, 0.0, mono(0.02), 1.0, 0.85),
    ("d16_pw0.1", "diameter", 16.0, "point", 2.0, 0.0, mono(0.1), 1.0, 0.28),
    ("d5.7_pw0.02", "diameter", 5.7, "point", 2.0, 0.0, mono(0.02), 1.0, 2.5),
    ("internode_pw0.1", "internode", 10.0, "point@internode", 2.0, 0.0, mono(0.1), 1.0, 0.4),
    ("internode_pw1", "internode", 10.0, "point@internode", 2.0, 0.0, mono(1.0), 2.0, 0.135),
    ("bipolar4_h3_pw0.02", "bipolar", 10.0, "bipolar", 3.0, 4.0, mono(0.02), 1.0, 2.3),
]


def pulses_text(pulses: Pulses) -> str:
    """``start:end:value`` segments joined by ``|`` (ms, ms, unit-field multiplier)."""
    return "|".join(f"{a:g}:{b:g}:{v:g}" for a, b, v in pulses)


def analytic_ve_mv(source: str, distance_mm: float, spacing_mm: float, z_um: list[float]) -> list[float]:
    """Unit-field Ve (mV per mA) at positions ``z_um`` relative to the central node, point or bipolar."""
    k = 1.0 / (4 * math.pi * SIGMA_S_M)
    d = distance_mm * 1e-3
    out = []
    for z in z_um:
        zm = z * 1e-6
        if source in ("point", "point@internode"):
            out.append(-k / math.hypot(zm, d))
        else:
            h = spacing_mm * 1e-3 / 2
            out.append(-k / math.hypot(zm + h, d) + k / math.hypot(zm - h, d))
    return out


# --------------------------------------------------------------------------- export (project venv)
def _layered_setups() -> dict[str, tuple[object, tuple[object, ...], float]]:
    from stimsafe.dose.physics.field import Contact, Layer, LayeredMedium
    from stimsafe.dose.thresholds.fibre import Electrode, bipolar_pair

    # skin 1 mm (0.43 S/m) / fat 1.5 mm (0.025 S/m) / muscle (0.16 S/m): knowledge/data/tissues.yaml values
    cheek = LayeredMedium(
        layers=(
            Layer(tissue="skin", conductivity_s_m=0.43, thickness_m=1e-3),
            Layer(tissue="fat", conductivity_s_m=0.025, thickness_m=1.5e-3),
            Layer(tissue="muscle", conductivity_s_m=0.16),
        )
    )
    skin_muscle = LayeredMedium(
        layers=(
            Layer(tissue="skin", conductivity_s_m=0.43, thickness_m=1e-3),
            Layer(tissue="muscle", conductivity_s_m=0.16),
        )
    )
    return {
        "layered:point": (cheek, (Electrode(),), 3e-3),
        "layered:disk5": (cheek, (Electrode(radius_m=5e-3, contact=Contact.EQUIPOTENTIAL_DISK),), 3e-3),
        "layered:pair20": (skin_muscle, bipolar_pair(20e-3, 2.5e-3, Contact.EQUIPOTENTIAL_DISK), 2e-3),
    }


def export_layered() -> None:
    """Write OUR layered-field potentials along the fibre (10 µm grid, ±30 mm around the central node)."""
    import numpy as np

    from stimsafe.dose.thresholds.fibre import FibrePlacement, unit_potential_mv

    placement = FibrePlacement(depth_m=3e-3, n_nodes=N_NODES)
    cable = placement.cable()
    centre_m = float(cable.node_positions_m[N_NODES // 2])
    z_um = np.arange(-30000.0, 30000.0 + GRID_UM / 2, GRID_UM)
    columns = {}
    for name, (medium, electrodes, depth_m) in _layered_setups().items():
        pl = FibrePlacement(depth_m=depth_m, n_nodes=N_NODES)
        columns[name] = unit_potential_mv(medium, electrodes, pl, centre_m + z_um * 1e-6)  # type: ignore[arg-type]
    header = [
        "# Unit extracellular potential (mV per mA; cathodic unit field) along a straight fibre, from",
        "# stimsafe.dose.physics.field (Hankel transform, layered half-space), written by",
        "# `.venv/bin/python benchmarks/bench_neuron.py export`. z_um: arc length from the central node.",
        "# layered:point  point cathode on skin 1 mm 0.43 S/m / fat 1.5 mm 0.025 S/m / muscle 0.16 S/m; fibre 3 mm deep",
        "# layered:disk5  equipotential disk cathode, radius 5 mm, same stack; fibre 3 mm deep under its centre",
        "# layered:pair20 equipotential disks r 2.5 mm, 20 mm apart (cathode at z = -10 mm), skin 1 mm 0.43 /",
        "#                muscle 0.16 S/m; fibre 2 mm deep along the pair axis",
    ]
    DATA.mkdir(parents=True, exist_ok=True)
    tmp = LAYERED.with_suffix(".tmp")
    with tmp.open("w", newline="") as fh:
        fh.write("\n".join(header) + "\n")
        w = csv.writer(fh)
        w.writerow(["z_um", *columns])
        for i, z in enumerate(z_um):
            w.writerow([f"{z:.1f}", *(f"{columns[c][i]:.8g}" for c in columns)])
    tmp.replace(LAYERED)
    print(f"wrote {LAYERED}")


def read_layered() -> dict[str, tuple[list[float], list[float]]]:
    """Columns of the layered-potential file: name -> (z_um, Ve mV/mA)."""
    lines = [ln for ln in LAYERED.read_text().splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    z = [float(r["z_um"]) for r in rows]
    return {c: (z, [float(r[c]) for r in rows]) for c in rows[0] if c != "z_um"}


# --------------------------------------------------------------------------- NEURON (offline oracle)
def neuron_threshold(
    case: tuple[str, str, float, str, float, float, Pulses, float, float], tol_pct: float = TOL_PCT
) -> dict[str, object]:
    """One PyFibers/NEURON threshold (mA) for ``case``, with its wall time."""
    import numpy as np
    from pyfibers import FiberModel, ScaledStim, build_fiber  # type: ignore[import-not-found]

    cid, group, diam, source, dist, spacing, pulses, dt_us, guess = case
    fiber = build_fiber(FiberModel.MRG_DISCRETE, diameter=diam, n_nodes=N_NODES, temperature=37)
    coords = np.asarray(fiber.longitudinal_coordinates, dtype=float)
    centre = float(coords[fiber.nodecount // 2 * 11]) if len(coords) == 11 * (fiber.nodecount - 1) + 1 else None
    if centre is None:
        raise RuntimeError("unexpected section layout")
    if source.startswith("layered"):
        z, ve = read_layered()[source]
        fiber.potentials = fiber.resample_potentials(np.array(ve), np.array(z) + centre)
    else:
        if source == "point@internode":  # the source over the middle of the internode after the central node
            centre += float(coords[(fiber.nodecount // 2 + 1) * 11] - coords[fiber.nodecount // 2 * 11]) / 2
        fiber.potentials = np.array(analytic_ve_mv(source, dist, spacing, list(coords - centre)))

    def wave(t: float) -> float:
        return sum(v for a, b, v in pulses if a <= t < b)

    stim = ScaledStim(waveform=wave, dt=dt_us * 1e-3, tstop=max(b for _, b, _ in pulses) + TAIL_MS)
    t0, c0 = time.perf_counter(), time.process_time()
    amp, _ = stim.find_threshold(
        fiber,
        stimamp_top=guess * 1.2,
        stimamp_bottom=guess / 1.2,
        termination_tolerance=tol_pct,
        bisection_mean="geometric",
    )
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{cid}: {amp:.5g} mA in {wall:.0f} s", flush=True)
    return {
        "case": cid,
        "group": group,
        "diameter_um": f"{diam:g}",
        "n_nodes": N_NODES,
        "source": source,
        "distance_mm": f"{dist:g}",
        "spacing_mm": f"{spacing:g}",
        "pulses": pulses_text(pulses),
        "dt_us": f"{dt_us:g}",
        "tol_pct": f"{TOL_PCT:g}",
        "threshold_mA": f"{abs(amp):.5g}",
        "neuron_wall_s": f"{wall:.0f}",
        "cpu_s": cpu,
    }


def _header() -> list[str]:
    import neuron
    import pyfibers

    return [
        f"# MRG thresholds from NEURON {neuron.__version__} through PyFibers {pyfibers.__version__} (MRG_DISCRETE),",
        "# computed offline by `.venv/bin/python benchmarks/bench_neuron.py neuron --jobs 2` (see its docstring).",
        f"# Every row: {N_NODES} nodes, 37 C, passive end nodes, straight fibre; geometry relative to the central node;",
        "# point/bipolar sources in an infinite homogeneous medium, sigma = 0.2 S/m (Ve = I / (4 pi sigma r));",
        "# bipolar: cathode at z = -spacing/2, anode at +spacing/2, both distance_mm from the fibre axis;",
        "# point@internode: the point source above the middle of the internode after the central node;",
        "# layered:<name>: Ve from stimsafe.dose.physics.field (tests/dose/data/neuron_layered_potentials.csv), linearly",
        "# resampled to section centres (Fiber.resample_potentials). pulses: start_ms:end_ms:value, value +1 = the",
        "# cathodic unit field, -1 anodic. Activation = one AP (-30 mV) at the node nearest 90 % of the length;",
        f"# tstop = stimulus end + {TAIL_MS:g} ms; bisection (geometric) to tol_pct, upper bound reported;",
        "# neuron_wall_s = wall time of the whole search on a shared 2-vCPU VM, 2 searches in parallel (the rows",
        "# from layered_point_pw0.02 on were run 2026-12-04 while other jobs loaded the VM about 5-fold).",
        "# McIntyre CC, Richardson AG, Grill WM (2002) J Neurophysiol 87:995-1006, doi:10.1152/jn.00353.2001.",
        "# Marshall DP et al. (2025) PLoS Comput Biol 21(12):e1013764, doi:10.1371/journal.pcbi.1013764 (PyFibers).",
    ]


def run_neuron(jobs: int, only: set[str] | None) -> None:
    """Compute the selected cases and merge them into the golden file (rows kept by case id)."""
    cases = [c for c in CASES if only is None or c[0] in only]
    old: dict[str, dict[str, str]] = {}
    if GOLDEN.exists():
        lines = [ln for ln in GOLDEN.read_text().splitlines() if not ln.startswith("#")]
        old = {r["case"]: r for r in csv.DictReader(lines)}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for row in pool.map(neuron_threshold, cases):
            old[str(row["case"])] = {k: str(v) for k, v in row.items() if k != "cpu_s"}
    order = [c[0] for c in CASES]
    rows = sorted(old.values(), key=lambda r: order.index(r["case"]) if r["case"] in order else len(order))
    tmp = GOLDEN.with_suffix(".tmp")
    with tmp.open("w", newline="") as fh:
        fh.write("\n".join(_header()) + "\n")
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    tmp.replace(GOLDEN)
    print(f"wrote {GOLDEN}")


# --------------------------------------------------------------------------- stimsafe side (project venv)
def _golden_runs() -> tuple[list[dict[str, str]], list[object]]:
    """Every golden row and the engine's batch member for it (same cable and field; the engine's own dt)."""
    import numpy as np

    from stimsafe.dose.physics.waveform import Pulse
    from stimsafe.dose.thresholds.batch import Run
    from stimsafe.dose.thresholds.mrg import build_cable

    lines = [ln for ln in GOLDEN.read_text().splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    layered = read_layered()
    runs: list[object] = []
    for r in rows:
        cable = build_cable(float(r["diameter_um"]), int(r["n_nodes"]))
        z_um = (cable.positions_m - cable.node_positions_m[cable.n_nodes // 2]) * 1e6
        if r["source"] == "point@internode":
            z_um = z_um - cable.geometry.internode_um / 2
        if r["source"].startswith("layered"):
            zz, vv = layered[r["source"]]
            ve = np.interp(z_um, zz, vv)
        else:
            ve = np.array(analytic_ve_mv(r["source"], float(r["distance_mm"]), float(r["spacing_mm"]), list(z_um)))
        pulses = tuple(Pulse(*map(float, seg.split(":"))) for seg in r["pulses"].split("|"))
        runs.append(Run(float(r["diameter_um"]), int(r["n_nodes"]), ve, pulses))
    return rows, runs


def _seeds(runs: list[object]) -> list[float]:
    """Search seeds from the fenced passive predictor (as the product seeds; never the NEURON answer)."""
    import math

    from stimsafe.dose.thresholds.mrg import build_cable
    from stimsafe.dose.thresholds.surrogate import predict_threshold

    out = []
    for run in runs:
        cable = build_cable(run.diameter_um, run.n_nodes)  # type: ignore[attr-defined]
        seed = predict_threshold(run.ve_unit_mv[cable.node_sections], run.pulses)  # type: ignore[attr-defined]
        out.append(seed if math.isfinite(seed) and seed > 0 else 1.0)
    return out


def run_engine() -> None:
    """The engine on every golden row, one batch: the accuracy table of docs/dose.md ("Validated envelope")."""
    from stimsafe.dose.thresholds.batch import thresholds_ma

    rows, runs = _golden_runs()
    thresholds_ma(runs[:1], _seeds(runs[:1]))  # load the compiled kernel
    t0 = time.perf_counter()
    found = thresholds_ma(runs, _seeds(runs))  # type: ignore[arg-type]
    wall = time.perf_counter() - t0
    print("| case | group | NEURON (mA) | engine (mA) | error |")
    print("|---|---|---|---|---|")
    worst: dict[str, float] = {}
    for r, got in zip(rows, found, strict=True):
        err = (got or float("nan")) / float(r["threshold_mA"]) - 1
        worst[r["group"]] = max(worst.get(r["group"], -1.0), err)
        print(
            f"| {r['case']} | {r['group']} | {float(r['threshold_mA']):.4g} | {got or float('nan'):.4g} | {100 * err:+.1f} % |"
        )
    print("\nlargest error per family: " + ", ".join(f"{g} {100 * e:+.1f} %" for g, e in sorted(worst.items())))
    print(f"{len(rows)} thresholds in one batch: {wall:.2f} s")


def _batch_of(runs: list[object], n: int) -> list[object]:
    """``n`` distinct batch members: the given geometries with their fields scaled (a nerve nearer or farther)."""
    from dataclasses import replace

    return [
        replace(runs[i % len(runs)], ve_unit_mv=runs[i % len(runs)].ve_unit_mv * (1 + 0.013 * i))  # type: ignore[attr-defined]
        for i in range(n)
    ]


def compare(cases: list[str]) -> None:
    """NEURON and the engine side by side in one run: per threshold (the same search: seed, 1 % tolerance, NEURON
    at the engine's fine dt) and the throughput of a batch of 100 thresholds of the same geometries with their
    fields scaled 1-2.3x; prints the docs/benchmarks.md table."""
    from stimsafe.dose.thresholds.batch import thresholds_ma

    rows, runs = _golden_runs()
    by_case = {r["case"]: run for r, run in zip(rows, runs, strict=True)}
    chosen = [by_case[c] for c in cases]
    for run in chosen:  # load the compiled kernel and each cable's resting state (once per process)
        thresholds_ma([run], _seeds([run]))
    print(
        "| case | NEURON wall s | engine wall s | ratio | NEURON CPU s | engine CPU s | ratio | NEURON mA | engine mA |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    neuron_wall, neuron_cpu = [], []
    for cid, run in zip(cases, chosen, strict=True):
        case = next(c for c in CASES if c[0] == cid)
        fine_us = run.steps()[0] * 1e3  # type: ignore[attr-defined]
        seed = _seeds([run])[0]
        nrn = neuron_threshold((*case[:7], fine_us, seed), tol_pct=1.0)  # type: ignore[arg-type]
        t0, c0 = time.perf_counter(), time.process_time()
        (got,) = thresholds_ma([run], [seed])  # type: ignore[list-item]
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        their_wall, their_cpu = float(str(nrn["neuron_wall_s"])), float(nrn["cpu_s"])  # type: ignore[arg-type]
        neuron_wall.append(their_wall)
        neuron_cpu.append(their_cpu)
        print(
            f"| {cid} | {their_wall:.0f} | {wall:.3f} | {their_wall / wall:.0f}x | {their_cpu:.1f} | {cpu:.3f} | "
            f"{their_cpu / cpu:.0f}x | {nrn['threshold_mA']} | {got:.4g} |",
            flush=True,
        )
    batch = _batch_of(chosen, 100)
    seeds = _seeds(batch)
    t0, c0 = time.perf_counter(), time.process_time()
    thresholds_ma(batch, seeds)  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    mw, mc = sum(neuron_wall) / len(neuron_wall), sum(neuron_cpu) / len(neuron_cpu)
    print(f"\nbatch of 100 thresholds: wall {wall:.2f} s ({wall * 10:.0f} ms each), CPU {cpu:.2f} s (all threads)")
    print(f"throughput ratio vs NEURON's mean above: wall {mw * 100 / wall:.0f}x, CPU {mc * 100 / cpu:.0f}x")


def main(argv: list[str]) -> None:
    """Command line: export | neuron | engine | compare."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=["export", "neuron", "engine", "compare"])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default=None, help="comma-separated case ids (neuron and compare steps)")
    a = ap.parse_args(argv)
    if a.step == "export":
        export_layered()
    elif a.step == "neuron":
        run_neuron(a.jobs, set(a.only.split(",")) if a.only else None)
    elif a.step == "engine":
        run_engine()
    else:
        compare(a.only.split(",") if a.only else ["biphasic_cf_pw0.1", "layered_point_pw0.1"])


if __name__ == "__main__":
    main(sys.argv[1:])
