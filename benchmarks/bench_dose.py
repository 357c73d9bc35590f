"""Dose sweep benchmark: 7 zones x 10 levels x 8 pulse widths (560 thresholds) with the calibrated predictor,
and one MRG threshold for comparison. Run: .venv/bin/python benchmarks/bench_dose.py"""

from __future__ import annotations

import time

from stimsafe.dose.advice.catalogue import zone_setups
from stimsafe.dose.advice.margins import SD_PULSE_WIDTHS_S, ZoneSetup, mrg_threshold_a, predicted_threshold_a
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.dose.thresholds.fibre import Electrode
from stimsafe.dose.thresholds.surrogate import vcrit_table_mv
from stimsafe.knowledge.tissues import load_tissues
from stimsafe.knowledge.zones import load_zones

vcrit_table_mv(10.0, 51)  # one-off calibration, reported separately
setups: list[ZoneSetup] = [zone_setups(z, load_tissues())[0] for z in load_zones()]
levels = [40e-6 * (i + 1) for i in range(10)]
t0 = time.perf_counter()
n = 0
for s in setups:
    for level in levels:
        for pw in SD_PULSE_WIDTHS_S:
            w = Waveform(shape="monophasic", amplitude_a=level, phase_width_s=pw, frequency_hz=10)
            predicted_threshold_a(s, w, (Electrode(),))
            n += 1
dt = time.perf_counter() - t0
print(f"predictor sweep: {n} thresholds in {dt:.2f} s ({n / dt:.0f}/s)")
w = Waveform(shape="monophasic", amplitude_a=4e-4, phase_width_s=1e-4, frequency_hz=10)
thr, placement, pulses = predicted_threshold_a(setups[2], w, (Electrode(),))
t0 = time.perf_counter()
ref = mrg_threshold_a(setups[2], (Electrode(),), placement, pulses, thr)
print(
    f"MRG refine (cheek, 0.1 ms): {time.perf_counter() - t0:.2f} s; predictor {thr * 1e6:.1f} uA vs MRG {ref * 1e6 if ref else float('nan'):.1f} uA"
)

# assess with per-zone margins (fast predictor, frozen Vcrit), and the full dose report's sweeps and validation
from stimsafe import api  # noqa: E402

t0 = time.perf_counter()
api.assess_demo()
print(f"assess --demo with per-zone margins: {time.perf_counter() - t0:.2f} s (first call in the process)")
t0 = time.perf_counter()
api.dose("nuface-trinity", refine=False)
print(f"dose report, 7 zones, predictor + depth/contact sweeps + model-vs-human: {time.perf_counter() - t0:.2f} s")
