"""The on-disk threshold memo: a second process reuses an answer only for the same question and the same model.

The reference is the engine itself run afresh (the memo must give back exactly what a fresh search gives), and a
search that is forbidden to run (it raises) proves where an answer came from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stimsafe.dose.physics.field import Layer, LayeredMedium
from stimsafe.dose.physics.waveform import Pulse
from stimsafe.dose.thresholds import disk_memo, engine
from stimsafe.dose.thresholds.engine import ThresholdQuery, fibre_thresholds_a, lowest_threshold_a
from stimsafe.dose.thresholds.fibre import Electrode, FibrePlacement

MEDIUM = LayeredMedium(layers=(Layer(conductivity_s_m=0.2),))


def _query(depth_m: float) -> ThresholdQuery:
    placement = FibrePlacement(diameter_um=10.0, depth_m=depth_m, n_nodes=21)
    return ThresholdQuery(medium=MEDIUM, electrodes=(Electrode(),), placement=placement, pulses=(Pulse(0.0, 0.1, 1.0),))


@pytest.fixture
def memo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(disk_memo.ENV, str(tmp_path))
    _new_process()
    yield tmp_path
    _new_process()


def _new_process() -> None:
    """Forget everything held in memory, as a new process would."""
    engine.clear_memo()
    disk_memo._loaded.clear()


def _forbid_search(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("searched although the answer was on disk")

    monkeypatch.setattr(engine, "thresholds_ma", refuse)
    monkeypatch.setattr(engine, "fires", refuse)


def test_a_new_process_reads_the_answer_from_disk(memo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = fibre_thresholds_a([_query(2e-3)])
    assert fresh[0] is not None
    assert (memo_dir / "thresholds.json").is_file()
    _new_process()
    _forbid_search(monkeypatch)
    assert fibre_thresholds_a([_query(2e-3)]) == fresh


def test_the_worst_case_is_remembered_too(memo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = [_query(3e-3), _query(2e-3)]
    fresh = lowest_threshold_a(queries)
    assert fresh[1] == 1  # the shallower fibre is the easier one to excite
    _new_process()
    _forbid_search(monkeypatch)
    assert lowest_threshold_a(queries) == fresh


def test_a_changed_model_or_a_corrupt_file_is_never_read(memo_dir: Path) -> None:
    fresh = fibre_thresholds_a([_query(2e-3)])[0]
    path = memo_dir / "thresholds.json"
    data = json.loads(path.read_text())
    data["entries"] = dict.fromkeys(data["entries"], 1e-9)  # wrong numbers ...
    data["code"] = "another model"  # ... written by another version of the model
    path.write_text(json.dumps(data))
    _new_process()
    assert fibre_thresholds_a([_query(2e-3)])[0] == fresh
    path.write_text("{not json")
    _new_process()
    assert fibre_thresholds_a([_query(2e-3)])[0] == fresh


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(disk_memo.ENV, "off")
    monkeypatch.chdir(tmp_path)
    _new_process()
    assert disk_memo.memo_file() is None
    fibre_thresholds_a([_query(2.5e-3)])
    assert list(tmp_path.iterdir()) == []
    _new_process()
