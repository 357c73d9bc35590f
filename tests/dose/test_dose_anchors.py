"""Human anchors: the packaged numbers equal the facts, the floor rule by hand, empirical margins."""

from __future__ import annotations

from pathlib import Path

import pytest

from stimsafe.dose.advice.anchors import HumanAnchor, empirical_margin
from stimsafe.knowledge.anchors import Evidence, anchor_sources, load_anchors, load_evidence


def _by_id() -> dict[str, HumanAnchor]:
    return {a.id: a for a in load_anchors()}


def test_packaged_anchors_carry_the_published_numbers(shared_dir: Path) -> None:
    facts = (shared_dir / "facts" / "nerve_model.md").read_text()
    # nerve_model.md §4.1: "0.7 ± 0.27 mA upper division ... 1.2 ± 0.40 mA lower division"; Park & Paik by branch
    assert "0.7 ± 0.27 mA upper" in facts and "1.2 ± 0.40 mA lower" in facts and "zygomatic 1.32 ± 0.27" in facts
    a = _by_id()
    assert (a["net-upper-division"].mean_a, a["net-upper-division"].sd_a, a["net-upper-division"].n) == (
        0.7e-3,
        0.27e-3,
        120,
    )
    assert (a["net-lower-division"].mean_a, a["net-lower-division"].sd_a) == (1.2e-3, 0.4e-3)
    assert (a["park-zygomatic"].mean_a, a["park-zygomatic"].sd_a, a["park-zygomatic"].n) == (1.32e-3, 0.27e-3, 30)
    assert a["surface-zygomaticus"].range_a == (2.5e-3, 3.5e-3)
    # pulse widths were not found: they stay null
    assert all(x.pulse_width_s is None for x in a.values())


def test_every_anchor_and_statement_cites_a_source_with_an_address() -> None:
    sources = anchor_sources()
    items: list[HumanAnchor | Evidence] = [*load_anchors(), *load_evidence()]
    for item in items:
        assert item.source_ids and all(sources[s].url for s in item.source_ids)


def test_floor_rule_by_hand() -> None:
    a = _by_id()
    assert a["net-upper-division"].floor_a == pytest.approx(0.7e-3 - 2 * 0.27e-3)  # 0.16 mA
    assert a["net-lower-division"].floor_a == pytest.approx(1.2e-3 - 2 * 0.40e-3)  # 0.40 mA
    assert a["surface-zygomaticus"].floor_a == pytest.approx(2.5e-3)  # range only: its lower end
    # never below a reported individual minimum
    assert a["net-upper-division"].model_copy(update={"min_a": 0.3e-3}).floor_a == pytest.approx(0.3e-3)


def test_empirical_margins_for_a_400_ua_device() -> None:
    anchors = load_anchors()
    cheek = empirical_margin("cheek", anchors, 400e-6)  # upper division applies: 0.16 / 0.4
    assert cheek.floor_anchor is not None and cheek.floor_anchor.id == "net-upper-division"
    assert cheek.margin == pytest.approx(0.16e-3 / 400e-6)
    assert cheek.margin_to_typical == pytest.approx(0.7e-3 / 400e-6)
    jaw = empirical_margin("jawline", anchors, 400e-6)  # lower division: 0.40 / 0.4
    assert jaw.margin == pytest.approx(1.0)
    assert empirical_margin("cheek", anchors, 100e-6).margin == pytest.approx(1.6)


def test_an_anchor_without_a_floor_is_refused() -> None:
    with pytest.raises(ValueError, match="no floor"):
        HumanAnchor(
            id="x",
            title="x",
            zones=("cheek",),
            population="p",
            mean_a=1e-3,
            sd_a=0.6e-3,
            method="probe",
            electrodes="e",
            endpoint="t",
            source_ids=("s",),
        )
