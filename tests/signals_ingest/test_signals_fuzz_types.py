"""Fuzz the readers with wrong types at every field (Hypothesis), plus a kept corpus of past failures.

Invariant: a record (or MAUDE row) is either stored with values of the meaning the schema gives them, or rejected
with a reason naming the field; never a crash, never a stored ``"['NFO']"``. Bounded: each property runs a fixed
number of examples (derandomized by the project profile), so CI time is fixed.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stimsafe.signals.ingest import maude_rows
from stimsafe.signals.ingest.openfda import add_record
from stimsafe.signals.ingest.sink import COLUMNS
from stimsafe.signals.ingest.values import INT64_MAX

CORPUS = Path(__file__).parent / "fuzz_corpus" / "openfda_wrong_types.json"


class _Collect:
    """A sink that keeps rows in memory (the readers only call ``add``, ``reject`` and ``field_problem``)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, tuple[Any, ...]]] = []
        self.rejects: list[str] = []
        self.field_problems: list[str] = []

    def add(self, table: str, row: tuple[Any, ...], ord_: int) -> None:
        self.rows.append((table, row))

    def reject(self, line_no: int, reason: str, raw: str) -> None:
        self.rejects.append(reason)

    def field_problem(self, line_no: int, reason: str, raw: str) -> None:
        self.field_problems.append(reason)


@pytest.fixture(scope="module")
def example(shared_dir: Path) -> dict[str, Any]:
    path = shared_dir / "data" / "maude_samples" / "openfda_device_event_example.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path of a JSON value (containers and leaves)."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


def _put(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(record)
    target: Any = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


_TYPES: dict[str, dict[int, type | tuple[type, ...]]] = {
    "reports": {0: int, 3: date, 4: date, 5: date},
    "devices": {0: int, 1: int, 9: date},
    "patients": {0: int, 1: int, 2: date, 5: float},
    "narratives": {0: int, 4: int, 5: date},
    "patient_problems": {0: int, 1: int},
    "device_problems": {0: int},
}


def _check(sink: _Collect, added: int, *, json_source: bool = True) -> None:
    """Stored values have the schema's meaning; a rejected record leaves no rows and names a field."""
    if not added:
        assert len(sink.rejects) == 1 and not sink.rows and not sink.field_problems
        return
    for problem in sink.field_problems:  # a kept row's bad field names a secondary date, never a key
        assert "date_of_event" in problem.lower() or "date_report" in problem.lower(), problem
    assert not sink.rejects
    for table, row in sink.rows:
        assert len(row) == len(COLUMNS[table])
        for index, value in enumerate(row):
            if value is None:
                continue
            expected = _TYPES.get(table, {}).get(index, str)
            assert isinstance(value, expected) and not isinstance(value, bool), (table, COLUMNS[table][index], value)
            if isinstance(value, int):
                assert 0 <= value <= INT64_MAX
            if isinstance(value, str):
                assert "\x00" not in value, (table, COLUMNS[table][index])
                assert not (json_source and value.startswith(("[", "{"))), (table, COLUMNS[table][index])


_WRONG = st.one_of(
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.sampled_from(["", "*", "2020-13-45", "99999999999999999999", " 1.0", "\x00", "NFO"]),
)


@settings(max_examples=150)
@given(data=st.data())
def test_openfda_record_with_a_wrong_type_anywhere(example: dict[str, Any], data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_paths(example)))
    record = _put(example, path, data.draw(_WRONG))
    sink = _Collect()
    _check(sink, add_record(record, sink, 1, 1))  # type: ignore[arg-type]


def test_kept_corpus_replays(example: dict[str, Any]) -> None:
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 10
    for case in cases:
        sink = _Collect()
        added = add_record(_put(example, tuple(case["path"]), case["value"]), sink, 1, 1)  # type: ignore[arg-type]
        _check(sink, added)
        assert not added, case  # every kept case is a defect the reader must reject


_HEADERS = {
    "master": ("MDR_REPORT_KEY", "EVENT_KEY", "REPORT_NUMBER", "DATE_RECEIVED", "DATE_OF_EVENT", "EVENT_TYPE"),
    "device": ("MDR_REPORT_KEY", "DEVICE_SEQUENCE_NO", "DEVICE_REPORT_PRODUCT_CODE", "DATE_RECEIVED"),
    "text": ("MDR_REPORT_KEY", "MDR_TEXT_KEY", "TEXT_TYPE_CODE", "PATIENT_SEQUENCE_NUMBER", "DATE_REPORT", "FOI_TEXT"),
    "patient": ("MDR_REPORT_KEY", "PATIENT_SEQUENCE_NUMBER", "DATE_RECEIVED", "PATIENT_AGE", "PATIENT_SEX"),
    "patient_problem": ("MDR_REPORT_KEY", "PATIENT_SEQUENCE_NO", "PROBLEM_CODE"),
    "device_problem": ("MDR_REPORT_KEY", "DEVICE_PROBLEM_CODE"),
}
_GOOD = {"MDR_REPORT_KEY": "1", "DEVICE_SEQUENCE_NO": "1", "PATIENT_SEQUENCE_NUMBER": "1", "MDR_TEXT_KEY": "5"}
_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["99999999999999999999", "13/45/2020", "2020-02-30", "-1", " 1.0", "*", "", "\x00"]),
)


@settings(max_examples=150)
@given(kind=st.sampled_from(sorted(_HEADERS)), data=st.data())
def test_maude_row_with_wrong_text_anywhere(kind: str, data: st.DataObject) -> None:
    columns = _HEADERS[kind]
    row = {c: _GOOD.get(c, "01/05/2020" if "DATE" in c else "X") for c in columns}
    row[data.draw(st.sampled_from(columns))] = data.draw(_TEXT)
    sink = _Collect()
    try:
        problem = maude_rows.BUILDERS[kind](row, sink, 2)  # type: ignore[arg-type]
    except ValueError as error:  # BadValueError: read_maude turns it into a reject
        problem = str(error)
    if problem:
        assert not sink.rows and any(c in problem for c in columns)
    else:
        _check(sink, 1, json_source=False)
