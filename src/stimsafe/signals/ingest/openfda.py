"""openFDA ``device/event`` JSON (bulk partitions and API pages) -> rows of the signals store.

Field meanings: ``schemas/maude_mapping.json`` (FDA/openfda) and ``static/fields/deviceevent.yaml``
(FDA/open.fda.gov); quirks handled are listed in docs/signals-data.md (facts: surveillance.md §1.2, §1.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from stimsafe.errors import DataFileError
from stimsafe.signals.ingest.jsonstream import JsonStream
from stimsafe.signals.ingest.sink import Sink
from stimsafe.signals.ingest.values import (
    EVENT_TYPES,
    INT32_MAX,
    REPORT_SOURCES,
    TEXT_TYPE_CODES,
    BadValueError,
    clean,
    date_of,
    decode,
    decode_outcomes,
    key_text,
    number_of,
    parse_age_years,
    parse_date,
    parse_sex,
    secondary_date_of,
    shown,
    strings_of,
    text_of,
)

#: Keys of which a device/event record holds at least one; results without any are another openFDA endpoint.
_RECORD_HINTS = ("mdr_report_key", "header", "device", "mdr_text", "report_number", "event_type", "date_received")
_OTHER_SHAPES = (
    ({"term", "count"}, "a count= response (term, count)"),
    ({"time", "count"}, "a count= response (time, count)"),
    ({"product_code", "device_class", "regulation_number"}, "a device/classification response"),
    ({"k_number"}, "a device/510k response"),
    ({"pma_number"}, "a device/pma response"),
    ({"recall_number"}, "a device/recall response"),
)


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
        The JSON is invalid or truncated, holds no device/event record (``{}``), or is the response of another
        openFDA endpoint (``count=``, classification, 510(k) ...); the message names the file and line.
    """
    stats = OpenFdaStats()
    single: dict[str, Any] = {}
    reader = JsonStream(stream, location)
    for item in reader.items():
        if item.key == "results":
            stats.records += 1
            if stats.records == 1:
                _check_shape(item.value, location)
            stats.loaded += add_record(item.value, sink, stats.records, item.line)
        elif item.key == "meta":
            meta = item.value if isinstance(item.value, dict) else {}
            stats.last_updated = parse_date(meta.get("last_updated"))
        else:
            single[item.key] = item.value
    if stats.records == 0 and any(k in single for k in _RECORD_HINTS):
        stats.records = 1
        stats.loaded = add_record(single, sink, 1, 1)
    elif stats.records == 0 and "results" not in reader.arrays_seen:
        raise DataFileError(
            "The file holds no openFDA device/event results (no 'results' array and no report fields).",
            location=location,
            hint="Give an openFDA device/event file (bulk partition or API page), or the right --kind.",
        )
    return stats


def _check_shape(first: Any, location: str) -> None:
    """Refuse results that are not device/event records (a count, classification ... response)."""
    if not isinstance(first, dict) or any(k in first for k in _RECORD_HINTS):
        return
    keys = set(first)
    what = next((name for needed, name in _OTHER_SHAPES if needed <= keys), "not device/event records")
    raise DataFileError(
        f"This is not an openFDA device/event file: its results are {what} (keys: {', '.join(sorted(keys)[:8])}).",
        location=location,
        hint="Ingest device/event records (e.g. `stimsafe signals fetch` pages or download.json partitions).",
    )


def add_record(record: Any, sink: Sink, ord_: int, line: int) -> int:
    """Add one openFDA record and its children; returns 1, or 0 when the record was rejected.

    A record is rejected whole (kept in ``rejects`` naming the record, field and value) when its key is missing or
    not a number, or any field has a type or value the store cannot hold as what it means: a list or object where
    one value belongs (``device_report_product_code: ["NFO"]``), a ``device`` that is not a list of objects, an
    impossible ``date_received``, a number too large. Nothing is coerced into a different meaning. An impossible
    secondary date (``date_of_event``, ``date_report``) keeps the record with that field empty, and is kept in
    ``rejects`` as a field problem naming the record, field and value.
    """
    if not isinstance(record, dict):
        sink.reject(line, f"result #{ord_} is not a JSON object: {shown(record)}", shown(record))
        return 0
    header = record.get("header")
    flat = dict(header) if isinstance(header, dict) else {}
    flat.update({k: v for k, v in record.items() if k != "header"})
    try:
        if header is not None and not isinstance(header, dict):
            raise BadValueError("header", header, "is not an object")
        problems: list[BadValueError] = []
        rows = _rows(flat, problems)
    except BadValueError as error:
        sink.reject(line, f"result #{ord_}: {error}", _raw(flat))
        return 0
    for table, row in rows:
        sink.add(table, row, ord_)
    for problem in problems:
        reason = f"result #{ord_}: {problem}; the report is kept with {problem.field} empty"
        sink.field_problem(line, reason, _raw(flat))
    return 1


def _rows(flat: dict[str, Any], problems: list[BadValueError]) -> list[tuple[str, tuple[Any, ...]]]:
    key = number_of(flat.get("mdr_report_key"), "mdr_report_key")
    if key is None:
        raise BadValueError("mdr_report_key", flat.get("mdr_report_key"), "is not a number")
    rows: list[tuple[str, tuple[Any, ...]]] = [("reports", _report_row(key, flat, problems))]
    rows += _devices(key, flat.get("device"))
    rows += _patients(key, flat.get("patient"), flat.get("date_received"))
    rows += _texts(key, flat.get("mdr_text"), problems)
    for term in strings_of(flat.get("product_problems"), "product_problems"):
        rows.append(("device_problems", (key, "term:" + term.lower(), None, term)))
    return rows


def _raw(flat: dict[str, Any]) -> str:
    return ", ".join(f"{k}={shown(flat[k])}" for k in list(flat)[:12])


def _joined(value: Any, field: str) -> str | None:
    return "; ".join(strings_of(value, field)) or None


def _code(value: Any, table: dict[str, str], field: str) -> str | None:
    return decode(text_of(value, field), table)


def _report_row(key: int, r: dict[str, Any], problems: list[BadValueError]) -> tuple[Any, ...]:
    return (
        key,
        text_of(r.get("report_number"), "report_number"),
        key_text(text_of(r.get("event_key"), "event_key")),
        date_of(r.get("date_received"), "date_received"),
        secondary_date_of(r.get("date_of_event"), "date_of_event", problems),
        secondary_date_of(r.get("date_report"), "date_report", problems),
        _code(r.get("event_type"), EVENT_TYPES, "event_type"),
        _code(r.get("report_source_code"), REPORT_SOURCES, "report_source_code"),
        _joined(r.get("source_type"), "source_type"),
        text_of(r.get("reporter_occupation_code"), "reporter_occupation_code"),
        text_of(r.get("health_professional"), "health_professional"),
        text_of(r.get("adverse_event_flag"), "adverse_event_flag"),
        text_of(r.get("product_problem_flag"), "product_problem_flag"),
        text_of(r.get("manufacturer_name"), "manufacturer_name"),
        _joined(r.get("type_of_report"), "type_of_report"),
    )


def _objects(value: Any, field: str) -> list[dict[str, Any]]:
    """A list of objects (one object is taken as a list of one); anything else is refused."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else None
    if items is None or not all(isinstance(item, dict) for item in items):
        raise BadValueError(field, value, "is not a list of objects")
    return items


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


def _harmonised(value: Any, field: str) -> str | None:
    """An ``openfda`` annotation: one value, or a list of values joined with ``'; '``."""
    return _joined(value, field) if isinstance(value, list) else text_of(value, field)


def _devices(key: int, devices: Any) -> list[tuple[str, tuple[Any, ...]]]:
    items = _objects(devices, "device")
    seq_field = "device_sequence_number"
    stored = sequence_numbers([number_of(d.get(seq_field), seq_field, INT32_MAX) for d in items])
    out: list[tuple[str, tuple[Any, ...]]] = []
    for seq, d in zip(stored, items, strict=True):
        found = d.get("openfda")
        if found is not None and not isinstance(found, dict):
            raise BadValueError("device.openfda", found, "is not an object")
        ofda: dict[str, Any] = found or {}
        row = (
            key,
            seq,
            key_text(text_of(d.get("device_event_key"), "device_event_key")),
            (text_of(d.get("device_report_product_code"), "device_report_product_code") or "").upper() or None,
            text_of(d.get("brand_name"), "brand_name"),
            text_of(d.get("generic_name"), "generic_name"),
            text_of(d.get("model_number"), "model_number"),
            text_of(d.get("manufacturer_d_name"), "manufacturer_d_name"),
            text_of(d.get("device_operator"), "device_operator"),
            date_of(d.get("date_received"), "date_received"),
            text_of(d.get("udi_di"), "udi_di"),
            _harmonised(ofda.get("device_class"), "openfda.device_class"),
            _harmonised(ofda.get("device_name"), "openfda.device_name"),
            _harmonised(ofda.get("regulation_number"), "openfda.regulation_number"),
            text_of(d.get(seq_field), seq_field),
        )
        out.append(("devices", row))
    return out


def _patients(key: int, patients: Any, received: Any) -> list[tuple[str, tuple[Any, ...]]]:
    items = _objects(patients, "patient")
    seq_field = "patient_sequence_number"
    stored = sequence_numbers([number_of(p.get(seq_field), seq_field, INT32_MAX) for p in items])
    out: list[tuple[str, tuple[Any, ...]]] = []
    for seq, p in zip(stored, items, strict=True):
        age = text_of(p.get("patient_age"), "patient_age")
        outcome = p.get("sequence_number_outcome")
        if isinstance(outcome, dict):
            raise BadValueError("sequence_number_outcome", outcome, "is an object; text was expected")
        row = (
            key,
            seq,
            date_of(p.get("date_received") or received, "date_received"),
            parse_sex(text_of(p.get("patient_sex"), "patient_sex")),
            age,
            parse_age_years(age),
            decode_outcomes(strings_of(outcome, "sequence_number_outcome") if isinstance(outcome, list) else outcome),
            _joined(p.get("sequence_number_treatment"), "sequence_number_treatment"),
        )
        out.append(("patients", row))
        for term in strings_of(p.get("patient_problems"), "patient_problems"):
            out.append(("patient_problems", (key, seq, "term:" + term.lower(), None, term)))
    return out


def _texts(key: int, texts: Any, problems: list[BadValueError]) -> list[tuple[str, tuple[Any, ...]]]:
    out: list[tuple[str, tuple[Any, ...]]] = []
    for index, t in enumerate(_objects(texts, "mdr_text"), start=1):
        text_type = text_of(t.get("text_type_code"), "text_type_code")
        code = TEXT_TYPE_CODES.get((text_type or "").lower(), text_type if text_type and len(text_type) == 1 else None)
        text_key = key_text(text_of(t.get("mdr_text_key"), "mdr_text_key")) or f"idx:{index}"
        body = t.get("text")
        if isinstance(body, dict | list):
            raise BadValueError("mdr_text.text", body, "is not text")
        row = (
            key,
            text_key,
            code,
            text_type,
            number_of(t.get("patient_sequence_number"), "patient_sequence_number", INT32_MAX),
            secondary_date_of(t.get("date_report"), "mdr_text.date_report", problems),
            body.replace("\x00", "") if isinstance(body, str) else clean(body),
        )
        out.append(("narratives", row))
    return out
