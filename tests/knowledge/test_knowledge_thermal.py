"""The thermal check: a heated surface against the cited 43 °C limit (../shared/facts, copied by hand).

devices_regulatory.md §2.3: "MFDS surface-temperature limit for skin-contact devices: **43 °C**"; wave2_addendum.md
§1: LUNA 4 plus "Skin heating is held at 42–43 °C"; §1.3: TPML-100 "heads heated to 44 ± 2 °C"; K243430 "head
heated to 40 ± 1 °C".
"""

from __future__ import annotations

from pathlib import Path

from stimsafe import api
from stimsafe.domain.device import Device
from stimsafe.dose.advice.thermal import check_heat
from stimsafe.dose.pipeline import dose_results
from stimsafe.dose.report.build import build_report
from stimsafe.knowledge.anchors import load_anchors
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.limits import load_limits, load_ranges, load_thermal_limits
from stimsafe.knowledge.tissues import load_tissues
from stimsafe.knowledge.zones import get_zone


def test_the_limit_is_the_cited_43_c(shared_dir: Path) -> None:
    facts = (shared_dir / "facts" / "devices_regulatory.md").read_text(encoding="utf-8")
    assert "MFDS surface-temperature limit for skin-contact devices: **43 °C**" in facts
    (limit,) = load_thermal_limits()
    assert limit.maximum_c == 43
    assert "not US-cleared devices" in limit.applicability  # where it applies is said with the number


def test_verdicts_for_the_heated_devices_in_the_facts() -> None:
    verdicts = {
        device_id: check_heat(get_device(device_id), load_thermal_limits())[0].verdict
        for device_id in ("foreo-luna-4-plus", "tpml-100", "microcurrent-facial-beauty-device")
    }
    # 42-43 reaches 43; 44 +/- 2 reaches 46 (> 43); 40 +/- 1 tops out at 41 (< 43)
    assert verdicts == {
        "foreo-luna-4-plus": "at limit",
        "tpml-100": "above",
        "microcurrent-facial-beauty-device": "within",
    }


def test_no_heat_no_check() -> None:
    assert check_heat(get_device("nuface-trinity"), load_thermal_limits()) == ()


def test_devices_show_cites_the_limit_for_a_heated_device() -> None:
    report = api.device_report("tpml-100")
    finding = next(f for s in report.sections for f in s.findings if f.id == "thermal-mfds-surface-43c")
    assert "42-46 °C" in finding.title and "43 °C" in finding.title
    assert "3 °C above the limit" in finding.reason
    assert {"mfds-surface-43c"} <= {s.id for s in report.sources}


def test_assess_shows_the_heat_check_in_the_device_section() -> None:
    report = api.assess("foreo-luna-4-plus", {"conditions": {}}, {"zones": ["cheek"]})
    about = next(s for s in report.sections if s.title == "About this device")
    assert any(f.id == "thermal-mfds-surface-43c" and "reaches the limit" in f.reason for f in about.findings)


def test_dose_report_limits_section_has_the_heat_check() -> None:
    # a heated device with a known output (the dose engine needs one): TPML-100's heat with a 400 uA output
    device = Device.model_validate(
        {
            **get_device("tpml-100").model_dump(),
            "id": "heated-test",
            "current_max_a": 400e-6,
        }
    )
    results = dose_results(
        device,
        [get_zone("cheek")],
        tissues=load_tissues(),
        ranges=load_ranges(),
        limits=load_limits(),
        anchors=load_anchors(),
        sweeps=False,
        thermal_limits=load_thermal_limits(),
    )
    report = build_report(results, sources=(), zone_sources={"cheek": ()})
    limits = next(s for s in report.sections if s.title == "Standards and tissue limits")
    assert any(f.id == "thermal-mfds-surface-43c" and f.tier == "USE WITH CARE" for f in limits.findings)


def test_stimsafe_dose_for_a_heated_catalogue_device_shows_the_check() -> None:
    report = api.dose("tpml-100", ["cheek"], sweeps=False, validation=False)
    limits = next(s for s in report.sections if s.title == "Standards and tissue limits")
    finding = next(f for f in limits.findings if f.id == "thermal-mfds-surface-43c")
    assert "3 °C above the limit" in finding.reason
    assert {"mfds-surface-43c", "fda-k213039"} <= {s.id for s in report.sources}
