"""Property: the parsers never crash on arbitrary input; they load, reject rows, or raise a DataFileError."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from stimsafe.errors import DataFileError
from stimsafe.signals.ingest.maude import read_maude
from stimsafe.signals.ingest.maude_rows import read_codes
from stimsafe.signals.ingest.openfda import read_openfda
from stimsafe.signals.ingest.sink import Sink
from stimsafe.signals.store import open_store

_STORE = open_store(":memory:")


def _sink() -> Sink:
    sink = Sink(_STORE.connection)
    sink.create_staging()
    return sink


@settings(max_examples=60)
@given(st.binary(max_size=400))
def test_openfda_reader_total(data: bytes) -> None:
    with contextlib.suppress(DataFileError):
        read_openfda(io.StringIO(data.decode("latin-1")), _sink(), "fuzz.json")


@settings(max_examples=60)
@given(st.text(alphabet='{}[]":,0123456789abc resultsmeta\n', max_size=200))
def test_openfda_reader_total_on_jsonish_text(text: str) -> None:
    with contextlib.suppress(DataFileError):
        read_openfda(io.StringIO(text), _sink(), "fuzz.json")


@settings(max_examples=60)
@given(st.binary(max_size=400), st.sampled_from(["master", "device", "text", "patient", "device_problem"]))
def test_maude_reader_total(data: bytes, kind: str) -> None:
    header = {
        "master": b"MDR_REPORT_KEY|EVENT_KEY|DATE_RECEIVED\r\n",
        "device": b"MDR_REPORT_KEY|DEVICE_SEQUENCE_NO\r\n",
    }
    raw = header.get(kind, b"") + data
    try:
        sink = _sink()
        read_maude(io.StringIO(raw.decode("latin-1"), newline=""), kind, sink, "fuzz.txt")
        sink.flush()
    except DataFileError:
        pass


@settings(max_examples=40)
@given(st.binary(max_size=300))
def test_code_reader_total(data: bytes) -> None:
    sink = _sink()
    read_codes(io.StringIO(data.decode("latin-1"), newline=""), "patient_codes", sink)
    sink.flush()
