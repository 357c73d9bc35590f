"""The model against human twitch thresholds: direction and order of magnitude, pinned honestly.

References are the published human numbers (Laryngoscope 1993 NET; Front Rehabil Sci 2023 surface pairs), not the
model's own output. The model at the conservative 1 mm depth predicts thresholds 10-40× below them: conservative.
"""

from __future__ import annotations

import pytest

from stimsafe.dose.advice.model_vs_human import VALIDATION_PULSE_WIDTHS_S, matching_depth_m, validate_against
from stimsafe.dose.physics.field import Layer, LayeredMedium

# cheek stack: skin 1 mm (0.43 S/m, Holdefer 2006) over muscle (0.16 S/m, Geddes & Baker 1967)
CHEEK = LayeredMedium(
    layers=(
        Layer(tissue="skin", conductivity_s_m=0.43, thickness_m=1e-3),
        Layer(tissue="muscle", conductivity_s_m=0.16),
    )
)


@pytest.mark.parametrize(
    ("anchor", "kind", "mean_a", "low_a"),
    [
        ("net-upper-division", "probe", 0.7e-3, 0.16e-3),
        ("net-lower-division", "probe", 1.2e-3, 0.40e-3),
        ("surface-zygomaticus", "surface", 3.0e-3, 2.5e-3),
    ],
)
def test_model_is_conservative_by_one_to_two_orders_of_magnitude(
    anchor: str, kind: str, mean_a: float, low_a: float
) -> None:
    rows = validate_against(CHEEK, anchor, kind, mean_a, low_a, with_depth=False)  # type: ignore[arg-type]
    assert len(rows) == len(VALIDATION_PULSE_WIDTHS_S)
    for row in rows:
        assert 0.01 < row.ratio < 0.2, row  # 5-100x below the measured mean
        assert row.ratio_to_low_end < 1, row  # still below the low end of the measured range
        assert row.verdict.startswith("conservative by")


def test_longer_pulses_lower_the_model_threshold_as_in_people() -> None:
    # Volk 2020: facial motor threshold falls with longer pulse duration
    short, long_ = validate_against(CHEEK, "net-upper-division", "probe", 0.7e-3, 0.16e-3, with_depth=False)
    assert long_.model_a < short.model_a


def test_the_model_meets_the_net_mean_only_several_millimetres_deeper() -> None:
    depth = matching_depth_m(CHEEK, "probe", 2e-4, 0.7e-3)
    assert depth is not None and 3e-3 < depth < 10e-3
