"""Zone margins: physics invariants (depth, conductivity) and the CLI."""

from __future__ import annotations

import itertools

import pytest

from stimsafe.cli.main import main
from stimsafe.dose.advice.margins import ZoneSetup, worst_threshold_a
from stimsafe.dose.physics.field import Layer, LayeredMedium
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.dose.thresholds.fibre import Electrode, bipolar_pair

MED = LayeredMedium(
    layers=(
        Layer(conductivity_s_m=0.43, thickness_m=1e-3),
        Layer(conductivity_s_m=0.025, thickness_m=2e-3),
        Layer(conductivity_s_m=0.16),
    )
)
W = Waveform(shape="monophasic", amplitude_a=4e-4, phase_width_s=2e-4, frequency_hz=10)


def _thr(depth: float, medium: LayeredMedium = MED, electrodes: tuple[Electrode, ...] = (Electrode(),)) -> float:
    return worst_threshold_a(ZoneSetup(zone_id="z", name="Z", medium=medium, depth_m=depth), W, electrodes)


def test_threshold_grows_with_depth() -> None:
    depths = [1e-3, 2e-3, 4e-3, 7e-3]
    thr = [_thr(d) for d in depths]
    assert all(a < b for a, b in itertools.pairwise(thr))


@pytest.mark.parametrize("factor", [0.5, 2.0])
def test_threshold_scales_with_conductivity(factor: float) -> None:
    assert _thr(3e-3, MED.scaled(factor)) == pytest.approx(factor * _thr(3e-3), rel=1e-6)


def test_a_pair_much_closer_than_the_nerve_needs_more_current_than_a_lone_cathode() -> None:
    # 1 mm apart over a fibre 3 mm deep, the anode cancels most of the cathode's field (a dipole falls off faster).
    # A wider pair is not always dearer: at 5 mm the anode's flank adds depolarisation under the cathode.
    assert _thr(3e-3, electrodes=bipolar_pair(1e-3)) > 1.5 * _thr(3e-3)


def test_cli_dose_prints_margins_and_limits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dose", "--device", "nuface-trinity", "--zone", "cheek", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "margin" in out.lower() and "IEC 60601-2-10" in out
