"""Review fixes, knowledge side: condition codes and history, device spec units and bounds, unreadable inputs.

References: clinical_evidence.md §1.3 lists Z86.69 only as a nonspecific "history of a facial-nerve disorder";
the questions' own wording decides ``history_counts`` ("Have you ever had Bell's palsy?"); facts §1.2 give
facial microcurrent outputs of 53-400 µA (so 400 A is a unit slip); IEC 60601-2-10 needs extra labelling only
above 10 mA (§3.5 (f)), far below the 0.1 A plausibility bound.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from stimsafe.domain.condition import Condition
from stimsafe.domain.device import Device
from stimsafe.errors import InputError
from stimsafe.knowledge.conditions import get_condition, load_conditions
from stimsafe.knowledge.profiles import load_device_spec, load_plan, load_profile, parse_profile

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SPEC = """id: x
name: X
maker: M
modality: microcurrent
regulatory: {fda_status: not found}
source_ids: [user-supplied]
"""


def test_z86_69_is_not_bells_palsy() -> None:
    assert all(code.code != "Z86.69" for c in load_conditions() for code in c.codes)


HISTORY = {"bells_palsy", "facial_nerve_damage", "epilepsy", "neurological_condition", "neck_risk"}


def test_history_counts_follows_the_questions_wording() -> None:
    assert {c.id for c in load_conditions() if c.history_counts} == HISTORY
    for condition in load_conditions():
        question = condition.question.lower()
        asks_past = any(w in question for w in ("ever", "have you had", "past ")) and "recently" not in question
        assert condition.history_counts == asks_past, condition.id
    assert get_condition("pregnancy").history_counts is False
    assert get_condition("cancer").history_counts is False  # the question asks about *active* cancer


def test_history_counts_is_required_on_every_row() -> None:
    with pytest.raises(ValidationError):
        Condition.model_validate({"id": "x", "name": "X", "question": "Q?", "source_ids": ["s"]})


def _spec(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ("current_max_a: 400\n", "current_max_a", "no unit"),
        ("current_max_a: 400 A\n", "current_max_a", "outside the plausible"),
        ("current_max_a: 0.0004\n", "current_max_a", "no unit"),
        ("current_max_a: 2 ms\n", "current_max_a", "current"),
        ("waveform: {pulse_width_s: 5 s}\n", "waveform.pulse_width_s", "outside the plausible"),
        ("waveform: {frequency_hz: 500 kHz}\n", "waveform.frequency_hz", "outside the plausible"),
        ("times: {per_session_s: 600}\n", "times.per_session_s", "no unit"),
        ("times: {sessions_per_week: .inf}\n", "times.sessions_per_week", "at most 70"),
    ],
)
def test_device_spec_needs_units_and_plausible_values(tmp_path: Path, extra: str, field: str, words: str) -> None:
    path = _spec(tmp_path, extra)
    with pytest.raises(InputError) as caught:
        load_device_spec(path)
    error = caught.value
    assert error.field == field and error.location == str(path) and error.hint
    assert words in error.message


def test_device_spec_with_units_is_read_in_si(tmp_path: Path) -> None:
    device = load_device_spec(_spec(tmp_path, "current_max_a: 400 uA\nwaveform: {pulse_width_s: 0.2 ms}\n"))
    assert device.current_max_a == pytest.approx(400e-6)
    assert device.waveform.pulse_width_s == pytest.approx(0.2e-3)
    example = load_device_spec(EXAMPLES / "device-spec.yaml")
    assert example.current_max_a == pytest.approx(300e-6) and example.times.per_session_s == pytest.approx(600)


def test_device_model_refuses_an_implausible_current() -> None:
    with pytest.raises(ValidationError):
        Device.model_validate({"id": "x", "name": "X", "maker": "M", "modality": "microcurrent",
                               "current_max_a": 400.0, "regulatory": {"fda_status": "not found"},
                               "source_ids": ["s"]})  # fmt: skip


@pytest.mark.parametrize("loader", [load_profile, load_plan, load_device_spec])
def test_a_file_that_is_not_utf8_is_an_input_error(tmp_path: Path, loader: object) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: café\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        loader(path)  # type: ignore[operator]
    error = caught.value
    assert error.location == str(path) and error.value == "0xe9" and "UTF-8" in (error.hint or "")


def test_a_profile_name_that_is_a_list_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        parse_profile({"name": [1, 2]}, location="p.yaml")
    assert (caught.value.field, caught.value.value, caught.value.location) == ("name", [1, 2], "p.yaml")


@pytest.mark.parametrize("word", ["none", "None", "NONE", "n/a"])
def test_none_is_not_read_as_no(word: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_profile({"conditions": {"pacemaker": word}}, location="p.yaml")
    assert caught.value.field == "conditions.pacemaker" and "unknown" in (caught.value.hint or "")


def test_an_empty_answer_is_unknown() -> None:
    profile = parse_profile({"conditions": {"pacemaker": None, "pregnancy": {"answer": None}}})
    assert profile.answer("pacemaker") == "unknown" and profile.answer("pregnancy") == "unknown"
