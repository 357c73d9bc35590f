"""openFDA ``device/event`` JSON (bulk partitions and API pages) -> rows of the signals store.

Field meanings: ``schemas/maude_mapping.json`` (FDA/openfda) and ``static/fields/deviceevent.yaml``
(FDA/open.fda.gov); quirks handled are listed in docs/signals-data.md (facts: surveillance.md §1.2, §1.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from stimsafe.signals.ingest.jsonstream import JsonStream
from stimsafe.signals.ingest.sink import Sink
from stimsafe.signals.ingest.values import (
    EVENT_TYPES,
    REPORT_SOURCES,
    TEXT_TYPE_CODES,
    as_list,
    clean,
    decode,
    decode_outcomes,
    key_text,
    parse_age_years,
    parse_date,
    parse_key,
    parse_sex,
)

_RECORD_HINTS = ("mdr_report_key", "header", "device", "mdr_text")


@dataclass
class OpenFdaStats:
    """What one openFDA file held."""

    records: int = 0
    loaded: int = 0
    last_updated: date | None = None


def read_openfda(stream: IO[str], sink: Sink, location: str) -> OpenFdaStats:
    """Stream every record of one openFDA JSON document into ``sink``; return counts and ``meta.last_updated``.

    Raises
    ------
    DataFileError
        The JSON is invalid or truncated (the message names the file and line).
    """
    stats = OpenFdaStats()
    single: dict[str, Any] = {}
    for item in JsonStream(stream, location).items():
        if item.key == "results":
            stats.records += 1
            stats.loaded += add_record(item.value, sink, stats.records, item.line)
        elif item.key == "meta":
            meta = item.value if isinstance(item.value, dict) else {}
            stats.last_updated = parse_date(meta.get("last_updated"))
        else:
            single[item.key] = item.value
    if stats.records == 0 and any(k in single for k in _RECORD_HINTS):
        stats.records = 1
        stats.loaded = add_record(single, sink, 1, 1)
    return stats


def add_record(record: Any, sink: Sink, ord_: int, line: int) -> int:
    """Add one openFDA record and its children; a record without a usable key is rejected. Returns rows added."""
    if not isinstance(record, dict):
        sink.reject(line, f"result #{ord_} is not a JSON object", repr(record))
        return 0
    flat = dict(record.get("header") or {}) if isinstance(record.get("header"), dict) else {}
    flat.update({k: v for k, v in record.items() if k != "header"})
    key = parse_key(flat.get("mdr_report_key"))
    if key is None:
        sink.reject(line, f"result #{ord_}: mdr_report_key {flat.get('mdr_report_key')!r} is not a number", _raw(flat))
        return 0
    sink.add("reports", _report_row(key, flat), ord_)
    _add_devices(key, flat.get("device"), sink, ord_)
    _add_patients(key, flat.get("patient"), flat.get("date_received"), sink, ord_)
    _add_texts(key, flat.get("mdr_text"), sink, ord_)
    for term in as_list(flat.get("product_problems")):
        sink.add("device_problems", (key, "term:" + term.lower(), None, term), ord_)
    return 1


def _raw(flat: dict[str, Any]) -> str:
    return ", ".join(f"{k}={flat[k]!r}" for k in list(flat)[:12])


def _joined(value: Any) -> str | None:
    return "; ".join(as_list(value)) or None


def _report_row(key: int, r: dict[str, Any]) -> tuple[Any, ...]:
    return (
        key,
        clean(r.get("report_number")),
        key_text(r.get("event_key")),
        parse_date(r.get("date_received")),
        parse_date(r.get("date_of_event")),
        parse_date(r.get("date_report")),
        decode(r.get("event_type"), EVENT_TYPES),
        decode(r.get("report_source_code"), REPORT_SOURCES),
        _joined(r.get("source_type")),
        clean(r.get("reporter_occupation_code")),
        clean(r.get("health_professional")),
        clean(r.get("adverse_event_flag")),
        clean(r.get("product_problem_flag")),
        clean(r.get("manufacturer_name")),
        _joined(r.get("type_of_report")),
    )


def _dicts(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    return [item for item in items if isinstance(item, dict)]


def sequence_numbers(reported: list[int | None]) -> list[int]:
    """Stored sequence numbers of one report's devices (or patients), so that none overwrites another.

    The reported numbers when every item has one and they are distinct; otherwise the 1-based array positions
    for all items of the report (the reported number is kept beside it in ``devices.reported_sequence_no``).

    >>> sequence_numbers([1, 2]), sequence_numbers([3]), sequence_numbers([None, 1]), sequence_numbers([1, 1])
    ([1, 2], [3], [1, 2], [1, 2])
    """
    numbers = [n for n in reported if n is not None]
    if len(numbers) == len(reported) and len(set(numbers)) == len(numbers):
        return numbers
    return list(range(1, len(reported) + 1))


def _add_devices(key: int, devices: Any, sink: Sink, ord_: int) -> None:
    items = _dicts(devices)
    stored = sequence_numbers([parse_key(d.get("device_sequence_number")) for d in items])
    for seq, d in zip(stored, items, strict=True):
        found = d.get("openfda")
        ofda: dict[str, Any] = found if isinstance(found, dict) else {}
        row = (
            key,
            seq,
            key_text(d.get("device_event_key")),
            (clean(d.get("device_report_product_code")) or "").upper() or None,
            clean(d.get("brand_name")),
            clean(d.get("generic_name")),
            clean(d.get("model_number")),
            clean(d.get("manufacturer_d_name")),
            clean(d.get("device_operator")),
            parse_date(d.get("date_received")),
            clean(d.get("udi_di")),
            clean(ofda.get("device_class")),
            clean(ofda.get("device_name")),
            clean(ofda.get("regulation_number")),
            clean(d.get("device_sequence_number")),
        )
        sink.add("devices", row, ord_)


def _add_patients(key: int, patients: Any, received: Any, sink: Sink, ord_: int) -> None:
    items = _dicts(patients)
    stored = sequence_numbers([parse_key(p.get("patient_sequence_number")) for p in items])
    for seq, p in zip(stored, items, strict=True):
        age = clean(p.get("patient_age"))
        row = (
            key,
            seq,
            parse_date(p.get("date_received") or received),
            parse_sex(p.get("patient_sex")),
            age,
            parse_age_years(age),
            decode_outcomes(p.get("sequence_number_outcome")),
            _joined(p.get("sequence_number_treatment")),
        )
        sink.add("patients", row, ord_)
        for term in as_list(p.get("patient_problems")):
            sink.add("patient_problems", (key, seq, "term:" + term.lower(), None, term), ord_)


def _add_texts(key: int, texts: Any, sink: Sink, ord_: int) -> None:
    for index, t in enumerate(_dicts(texts), start=1):
        text_type = clean(t.get("text_type_code"))
        code = TEXT_TYPE_CODES.get((text_type or "").lower(), text_type if text_type and len(text_type) == 1 else None)
        text_key = key_text(t.get("mdr_text_key")) or f"idx:{index}"
        row = (
            key,
            text_key,
            code,
            text_type,
            parse_key(t.get("patient_sequence_number")),
            parse_date(t.get("date_report")),
            t.get("text") if isinstance(t.get("text"), str) else clean(t.get("text")),
        )
        sink.add("narratives", row, ord_)
