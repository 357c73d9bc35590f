"""'What we could not find', the at-home class range and the one 'Independent evidence' sentence.

Expected counts are taken from ../shared/facts/clinical_evidence.md §3.3 by hand: microcurrent is tested or
reviewed by Saniee 2012, Bu 2024 (RF, microcurrent, LED), the SID 2025 poster (its microcurrent grade not shown)
and Iijima 2021 (not on the face, funded by Omron, not a beauty-device maker); EMS by Kavanagh 2012, NCT01740440 (both
sponsored by Bio-Medical Research, the BMR/Slendertone maker) and Lim 2023.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stimsafe import api
from stimsafe.cli.main import main
from stimsafe.domain.evidence import independent_evidence_line
from stimsafe.domain.gaps import missing_facts
from stimsafe.knowledge.devices import class_ranges_for, get_device, load_class_ranges
from stimsafe.knowledge.evidence import load_studies
from stimsafe.knowledge.gaps import load_gaps

FIVE_BRANDS = ("nuface-trinity", "ziip-halo", "foreo-bear", "theraface-pro", "medicube-booster-pro")


def test_at_home_range_is_the_press_range_up_to_the_highest_cleared_output(shared_dir: Path) -> None:
    article = (shared_dir / "facts" / "press_2025_article.md").read_text(encoding="utf-8")
    assert "at-home devices deliver currents in the range of 200-400 microamps" in article
    home = next(r for r in load_class_ranges() if r.id == "at-home")
    # press 200-400 uA; the highest cleared OTC output in the facts is 400 uA (NuFACE Plus, Everyway, NuFACE original)
    assert (home.low_a, home.high_a) == pytest.approx((200e-6, 400e-6))
    assert "K142794" in home.basis and "K072260" in home.basis


def test_class_range_only_stands_in_when_the_output_is_not_found() -> None:
    assert class_ranges_for(get_device("nuface-trinity")) == ()
    assert [r.id for r in class_ranges_for(get_device("medicube-booster-pro"))] == ["at-home", "kca-handheld"]


def test_kca_range_is_the_published_one(shared_dir: Path) -> None:
    assert "effective current **0.3–69 mA**" in (shared_dir / "facts" / "devices_regulatory.md").read_text("utf-8")
    kca = next(r for r in load_class_ranges() if r.id == "kca-handheld")
    assert (kca.low_a, kca.high_a, kca.rms) == (pytest.approx(0.3e-3), pytest.approx(69e-3), True)


def test_gaps_for_a_device_with_an_output_and_one_without() -> None:
    gaps = load_gaps()
    trinity = {g.id for g in missing_facts(get_device("nuface-trinity"), gaps)}
    ziip = {g.id for g in missing_facts(get_device("ziip-halo"), gaps)}
    assert "max-output" not in trinity and "max-output" in ziip
    assert "levels" in trinity  # five levels, but only from a review (UNCERTAIN)
    assert "fda-510k" in ziip and "fda-510k" not in trinity
    assert "ifu" in ziip and "ifu" not in trinity  # only NuFACE instructions were found (clinical_evidence §5)


def test_a_not_found_sentence_is_a_gap() -> None:
    # Medicube's MFDS field reads "Not found as an approved medical device. ..." (wave2_addendum §6: "MFDS
    # medical-device approval for any named device" not found)
    medicube = get_device("medicube-booster-pro")
    assert medicube.regulatory.mfds.startswith("Not found")
    assert "mfds-status" in {g.id for g in missing_facts(medicube, load_gaps())}


def test_every_gap_says_what_it_would_change() -> None:
    for gap in load_gaps():
        assert gap.changes.endswith("."), gap.id


def test_evidence_line_for_a_microcurrent_device() -> None:
    line = independent_evidence_line("ziip-halo", "microcurrent", load_studies())
    assert line == (
        "Independent evidence: no independent study of this device found; 4 studies of microcurrent "
        "(3 on the face), 0 funded by their maker, funding unknown for 3."
    )


def test_evidence_line_for_the_maker_funded_trials_device() -> None:
    line = independent_evidence_line("bmr-face", "ems", load_studies())
    assert "no independent study of this device found (2 studies of this device, 2 funded by its maker)" in line
    assert "3 studies of EMS (2 on the face), 2 funded by their maker, funding unknown for 1" in line


@pytest.mark.parametrize("device_id", FIVE_BRANDS)
def test_devices_show_five_brands(device_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["devices", "show", device_id, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    device = get_device(device_id)
    summary = " ".join(data["summary"])
    assert f"FDA status: {device.regulatory.fda_status}" in summary
    if device.current_max_a is None:
        assert "Assumed, not this device's figure: 200 µA to 400 µA" in summary
    else:
        assert "80 µA to 400 µA" in summary
    assert data["data"]["independent_evidence"].startswith("Independent evidence: no independent study")
    assert data["data"]["independent_evidence"] in summary
    titles = [s["title"] for s in data["sections"]]
    assert "What we could not find" in titles
    assert {g["id"] for g in data["data"]["not_found"]} >= {"current-per-level", "contact-area"}


def test_assess_carries_the_same_evidence_line() -> None:
    report = api.assess("foreo-bear", {"conditions": {}}, {"zones": ["cheek"]})
    line = independent_evidence_line("foreo-bear", "both", load_studies())
    assert report.data["independent_evidence"] == line
    assert line in report.summary


def test_a_gap_naming_no_device_field_is_refused() -> None:
    from pydantic import ValidationError

    from stimsafe.domain.gaps import Gap

    with pytest.raises(ValidationError, match="not a Device field"):
        Gap(id="x", fact="f", changes="c.", field="waveform.frequency", source_ids=("s",))


def test_every_none_field_a_gap_names_is_listed_for_a_bare_device() -> None:
    # a device with nothing but the required fields misses every gap that names a field, and every general gap
    from stimsafe.domain.device import Device

    bare = Device(
        id="bare", name="Bare", maker="m", modality="unknown", regulatory={"fda_status": "not found"}, source_ids=("s",)
    )
    expected = {g.id for g in load_gaps() if not g.device_ids}
    assert {g.id for g in missing_facts(bare, load_gaps())} == expected


def test_assess_brief_in_the_terminal_carries_the_evidence_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--demo"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert independent_evidence_line("nuface-trinity", "microcurrent", load_studies()) in out


def test_article_spellings_find_the_device() -> None:
    # press_2025_article.md spells them "Foreo Bear", "Ziip Halo", "Theraface Pro", "NuFace Trinity"
    assert get_device("Foreo Bear").id == "foreo-bear"
    assert get_device("Ziip Halo").id == "ziip-halo"
    assert get_device("Theraface Pro").id == "theraface-pro"
    assert get_device("NuFace Trinity").id == "nuface-trinity"


def test_assumed_output_is_one_short_labelled_line_and_its_basis_is_said_once() -> None:
    report = api.device_report("foreo-bear")
    output = next(line for line in report.summary if line.startswith("Output current:"))
    assert output == (
        "Output current: not found. Assumed, not this device's figure: 200 µA to 400 µA "
        "(typical of at-home facial stimulators)."
    )
    facts = " ".join(report.sections[0].paragraphs)
    assert facts.count("press article's at-home range") == 1
    assert "For comparison only" in facts and "69 mA r.m.s." in facts  # the KCA survey is context, not assumed
