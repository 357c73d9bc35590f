"""Every shipped example runs, and gives the tier its scenario calls for (the README's tour uses them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stimsafe import api
from stimsafe.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("plan", sorted(EXAMPLES.glob("plan-*.yaml")), ids=lambda p: p.name)
@pytest.mark.parametrize("profile", sorted(EXAMPLES.glob("profile-*.yaml")), ids=lambda p: p.name)
def test_every_profile_and_plan_runs(profile: Path, plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["assess", "--device", "nuface-trinity", "--profile", str(profile), "--plan", str(plan), "-f", "json"])
    assert code == 0, capsys.readouterr().err


def test_pacemaker_example_is_do_not_use() -> None:
    """Device labels list an implanted pacemaker as a contraindication (the scenario's premise)."""
    report = api.assess("nuface-trinity", EXAMPLES / "profile-pacemaker.yaml", EXAMPLES / "plan-face-and-neck.yaml")
    assert report.findings()[0].tier == "DO NOT USE"


def test_device_spec_example_assesses() -> None:
    report = api.assess(EXAMPLES / "device-spec.yaml", EXAMPLES / "profile-demo.yaml", EXAMPLES / "plan-demo.yaml")
    assert report.kind == "assess"


def test_triage_example_is_see_a_doctor_today(capsys: pytest.CaptureFixture[str]) -> None:
    """One-sided face weakness over hours with no warning sign: same-day doctor (Bell's palsy 72-hour window)."""
    code = main(["triage", "--answers", str(EXAMPLES / "triage-face-weakness-over-hours.yaml"), "-f", "markdown"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# Triage: SEE A DOCTOR TODAY")
    assert "72-hour window" in out
