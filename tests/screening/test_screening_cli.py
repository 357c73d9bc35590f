"""`stimsafe assess`, `devices`, `zones`, `rules` through the real entry point: output, formats, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from stimsafe.cli.assess import ask_profile
from stimsafe.cli.main import main
from stimsafe.knowledge.conditions import load_conditions

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "NuFACE Trinity" in out and "K181008" in out


def test_demo_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--demo", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "assess"
    assert data["data"]["fda_510k"] == "K181008"
    assert {z["zone"]: z["status"] for z in data["data"]["zones"]}["cheek"] == "excluded"


def test_example_files_run(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["assess", "-d", "medicube-booster-pro", "-p", str(EXAMPLES / "profile-demo.yaml")]
    assert main([*args, "--plan", str(EXAMPLES / "plan-demo.yaml"), "-f", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "No FDA 510(k) found" in out


def test_example_profiles_all_load(capsys: pytest.CaptureFixture[str]) -> None:
    for path in sorted(EXAMPLES.glob("profile-*.yaml")):
        assert main(["assess", "-d", "nuface-trinity", "-p", str(path), "-z", "cheek", "-f", "json"]) == 0, path
        json.loads(capsys.readouterr().out)


def test_device_spec_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "-d", str(EXAMPLES / "device-spec.yaml"), "-p", str(EXAMPLES / "profile-demo.yaml"),
                 "-z", "forehead", "-f", "json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["data"]["device"] == "my-clinic-wand"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["-d", "nuface trinty", "-z", "cheek"], 3, ["nuface trinity"]),
        (["-d", "nuface-trinity", "-z", "chek"], 3, ["cheek"]),
        (["-d", "nuface-trinity", "-z", "cheek", "-a", "400"], 2, ["no unit", "400 uA"]),
        (["-d", "nuface-trinity", "-z", "cheek", "-a", "5 mA"], 2, ["plan.amplitude"]),
        (["-z", "cheek"], 2, ["--device"]),
    ],
)
def test_bad_input_exits_with_a_message(
    args: list[str], code: int, words: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("conditions: {pregnancy: no}\n", encoding="utf-8")
    assert main(["assess", "-p", str(profile), *args]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert all(w in err for w in words), err


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("conditions: [a, b\n", None),
        ("- just a list\n", None),
        ("conditions: {pregnancy: perhaps}\n", "conditions.pregnancy"),
    ],
)
def test_malformed_profile(text: str, field: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text(text, encoding="utf-8")
    assert main(["assess", "-d", "nuface-trinity", "-p", str(profile), "-z", "cheek"]) == 2
    err = capsys.readouterr().err
    assert str(profile) in err and "Traceback" not in err
    if field:
        assert field in err


def test_missing_profile_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "-d", "nuface-trinity", "-p", "/no/such/profile.yaml", "-z", "cheek"]) == 2
    assert "Cannot read the profile file" in capsys.readouterr().err


def test_questionnaire_with_an_injected_prompt() -> None:
    replies = iter(["41"] + ["no"] * 50)
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return next(replies)

    profile = ask_profile(prompt)
    assert profile["age"] == 41
    assert set(profile["conditions"]) == {c.id for c in load_conditions()}
    assert len(asked) == 1 + len(load_conditions())


def test_interactive_questionnaire(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    conditions = load_conditions()
    lines = ["35"]
    for condition in conditions:
        lines.append("yes" if condition.id == "eczema_flare" else "not sure")  # no default: Enter asks again
        if condition.id == "eczema_flare":
            lines.append("cheek")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["assess", "-d", "nuface-trinity", "-z", "cheek,forehead", "-f", "json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out[out.index("{") :])
    zones = {z["zone"]: z["status"] for z in data["data"]["zones"]}
    assert zones == {"cheek": "excluded", "forehead": "on hold"}  # unanswered questions hold the rest


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["devices", "list", "-f", "markdown"], ["nuface-trinity", "K181008", "medicube-booster-pro"]),
        (["devices", "show", "booster pro"], ["not found", "APR"]),
        (["zones", "-f", "markdown"], ["periorbital", "Marginal mandibular"]),
        (["rules", "-f", "markdown"], ["pacemaker", "DO NOT USE", "thyroid-neck"]),
    ],
)
def test_catalogue_commands(args: list[str], words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 0
    out = capsys.readouterr().out
    assert all(w in out for w in words)


def test_embedded_demo_matches_the_shipped_examples() -> None:
    import yaml

    from stimsafe.knowledge.loader import read_data

    demo = read_data("demo.yaml")
    assert yaml.safe_load((EXAMPLES / "profile-demo.yaml").read_text(encoding="utf-8")) == demo["profile"]
    assert yaml.safe_load((EXAMPLES / "plan-demo.yaml").read_text(encoding="utf-8")) == demo["plan"]


def test_bad_device_spec_names_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "wand.yaml"
    spec.write_text(
        "id: wand\nname: Wand\nmaker: X\nmodality: laser\nregulatory: {fda_status: not found}\nsource_ids: [me]\n",
        encoding="utf-8",
    )
    assert main(["assess", "-d", str(spec), "-p", str(EXAMPLES / "profile-demo.yaml"), "-z", "cheek"]) == 2
    err = capsys.readouterr().err
    assert "modality" in err and "laser" in err and str(spec) in err
