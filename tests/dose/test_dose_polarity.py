"""Polarity: cathodic, anodic, alternating and unknown phases, and two-sphere devices swapping the cathode."""

from __future__ import annotations

import pytest

from stimsafe.dose.advice.catalogue import waveform_candidates
from stimsafe.dose.advice.margins import ZoneSetup, worst_threshold_a
from stimsafe.dose.physics.field import Layer, LayeredMedium
from stimsafe.dose.physics.waveform import Polarity, Waveform
from stimsafe.dose.thresholds.engine import REL_TOL
from stimsafe.dose.thresholds.fibre import Electrode
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.limits import load_ranges

SKIN_MUSCLE = LayeredMedium(layers=(Layer(conductivity_s_m=0.43, thickness_m=1e-3), Layer(conductivity_s_m=0.16)))
SETUP = ZoneSetup(zone_id="z", name="Z", medium=SKIN_MUSCLE, depth_m=2e-3)


def _wave(polarity: str, shape: str = "monophasic", frequency_hz: float = 50.0) -> Waveform:
    return Waveform(shape=shape, amplitude_a=1e-3, phase_width_s=1e-4, frequency_hz=frequency_hz, polarity=polarity)


@pytest.mark.parametrize(
    ("polarity", "shape", "frequency_hz", "signs"),
    [
        ("cathodic", "monophasic", 50.0, [(1.0,)]),
        ("anodic", "monophasic", 50.0, [(-1.0,)]),
        ("unknown", "monophasic", 50.0, [(1.0,), (-1.0,)]),
        ("alternating", "monophasic", 50.0, [(1.0,), (-1.0,)]),  # 19.9 ms pause: each pulse alone
        ("alternating", "monophasic", 2000.0, [(1.0,), (-1.0,), (-1.0, 1.0), (1.0, -1.0)]),  # the switch itself
        ("cathodic", "biphasic", 50.0, [(1.0, -1.0)]),
        ("alternating", "biphasic", 50.0, [(1.0, -1.0), (-1.0, 1.0)]),
        ("unknown", "biphasic", 50.0, [(1.0, -1.0), (-1.0, 1.0)]),
    ],
)
def test_time_courses_cover_every_polarity_the_fibre_may_see(
    polarity: str, shape: str, frequency_hz: float, signs: list[tuple[float, ...]]
) -> None:
    courses = _wave(polarity, shape, frequency_hz).time_courses()
    assert [tuple(q.value for q in c) for c in courses] == signs


def test_an_alternating_switch_is_one_period_apart() -> None:
    *_, switch = _wave("alternating", frequency_hz=2000.0).time_courses()
    assert [(q.start_ms, q.end_ms) for q in switch] == [(0.0, 0.1), (0.5, 0.6)]


def test_unknown_polarity_takes_the_worse_of_cathodic_and_anodic() -> None:
    electrodes = (Electrode(),)
    cathodic = worst_threshold_a(SETUP, _wave("cathodic"), electrodes)
    anodic = worst_threshold_a(SETUP, _wave("anodic"), electrodes)
    unknown = worst_threshold_a(SETUP, _wave("unknown"), electrodes)
    assert cathodic < anodic  # a point cathode excites more easily than a point anode (NEURON: 0.38 vs 1.58 mA)
    assert unknown == pytest.approx(min(cathodic, anodic), rel=REL_TOL)


def test_two_sphere_device_alternating_makes_the_sphere_over_the_nerve_a_cathode_in_turn() -> None:
    # Sphere A over the fibre starts as the anode; sphere B, 15 mm to the side of the fibre, as the cathode.
    spheres = (Electrode(x_m=0.0, current_fraction=1.0), Electrode(y_m=15e-3, current_fraction=-1.0))
    mirrored = (Electrode(x_m=0.0, current_fraction=-1.0), Electrode(y_m=15e-3, current_fraction=1.0))
    fixed = worst_threshold_a(SETUP, _wave("cathodic"), spheres)
    alternating = worst_threshold_a(SETUP, _wave("alternating"), spheres)
    under_cathode = worst_threshold_a(SETUP, _wave("cathodic"), mirrored)
    assert alternating < 0.5 * fixed
    assert alternating == pytest.approx(under_cathode, rel=REL_TOL)


def test_catalogue_devices_say_how_their_polarity_was_taken() -> None:
    ranges = load_ranges()
    two_sphere, _ = waveform_candidates(get_device("nuface-trinity"), ranges)  # "continually alternates" (K103472)
    assert {w.polarity for w in two_sphere} == {Polarity.ALTERNATING}
