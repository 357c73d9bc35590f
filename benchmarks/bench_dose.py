"""Dose engine in the product: a 7-zone assess (exact MRG thresholds) cold and warm, and the full dose report.

Run: ``.venv/bin/python benchmarks/bench_dose.py``. Cold = the first call in a fresh process after the numba kernel
is compiled (its on-disk cache warm); warm = the same call again (thresholds memoised per geometry × waveform).
The NEURON side-by-side figures are in ``benchmarks/bench_neuron.py compare``.
"""

from __future__ import annotations

import os

# Time the model, not the on-disk memo (stimsafe.dose.thresholds.disk_memo).
os.environ["STIMSAFE_THRESHOLD_CACHE"] = "off"

import time

from stimsafe import api
from stimsafe.knowledge.zones import load_zones


def _timed(label: str, call: object) -> float:
    t0 = time.perf_counter()
    call()  # type: ignore[operator]
    wall = time.perf_counter() - t0
    print(f"{label}: {wall * 1e3:.0f} ms")
    return wall


def main() -> None:
    """Print the timings of docs/benchmarks.md ("Dose engine in the product")."""
    from stimsafe.api._cache import DOSE_CACHE
    from stimsafe.dose.thresholds.engine import clear_memo

    device, profile, plan = api.demo_inputs()
    every = plan.model_copy(update={"zones": tuple(z.id for z in load_zones())})
    api.zone_margins(device.id, ["cheek"])  # import numba and load the compiled kernel once
    clear_memo()
    DOSE_CACHE.clear()
    _timed("assess, 7 zones, exact MRG thresholds, cold", lambda: api.assess(device, profile, every))
    warm = min(_timed("assess, 7 zones, warm", lambda: api.assess(device, profile, every)) for _ in range(3))
    print(f"assess warm best of 3: {warm * 1e3:.0f} ms (target < 100 ms; the api's report cache answers)")

    def engine_only() -> None:  # the api's cache emptied: the engine's memo answers every threshold
        DOSE_CACHE.clear()
        api.assess(device, profile, every)

    memo = min(_timed("assess, 7 zones, warm engine memo only", engine_only) for _ in range(3))
    print(f"assess with only the threshold memo warm, best of 3: {memo * 1e3:.0f} ms")
    DOSE_CACHE.clear()
    clear_memo()
    _timed("dose report, 7 zones, margins + S-D curves + sweeps + model-vs-human, cold", lambda: api.dose(device.id))


if __name__ == "__main__":
    main()
