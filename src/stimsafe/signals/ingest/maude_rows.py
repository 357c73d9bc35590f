"""One raw MAUDE row (column -> text) -> store rows, per file kind; plus the comma-delimited code lookups.

Each builder returns ``None`` when the row was added, or the reason it was rejected.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable

from stimsafe.signals.ingest.maude_text import LineSource
from stimsafe.signals.ingest.sink import Sink
from stimsafe.signals.ingest.values import (
    EVENT_TYPES,
    INT32_MAX,
    REPORT_SOURCES,
    SOURCE_TYPES,
    TEXT_TYPES,
    BadValueError,
    as_list,
    clean,
    date_of,
    decode,
    decode_outcomes,
    key_text,
    number_of,
    parse_age_years,
    parse_sex,
    secondary_date_of,
)

Row = dict[str, str]
Builder = Callable[[Row, Sink, int], "str | None"]


def _key(row: Row) -> int | None:
    return number_of(row.get("MDR_REPORT_KEY"), "MDR_REPORT_KEY")


def _bad_key(row: Row) -> str:
    return f"MDR_REPORT_KEY {row.get('MDR_REPORT_KEY', '')!r} is not a number"


def _get(row: Row, *names: str) -> str | None:
    for name in names:
        value = clean(row.get(name))
        if value is not None:
            return value
    return None


def _note(problems: list[BadValueError], row: Row, sink: Sink, line: int) -> None:
    """Keep each impossible secondary date of a kept row as a field problem (the field was stored empty)."""
    for problem in problems:
        sink.field_problem(line, f"{problem}; the row is kept with {problem.field} empty", "|".join(row.values()))


def master(row: Row, sink: Sink, line: int) -> str | None:
    """``mdrfoi`` -> ``reports``."""
    key = _key(row)
    if key is None:
        return _bad_key(row)
    sources = [SOURCE_TYPES.get(s, s) for s in as_list(row.get("SOURCE_TYPE"), split=",")]
    problems: list[BadValueError] = []
    out = (
        key,
        _get(row, "REPORT_NUMBER"),
        key_text(row.get("EVENT_KEY")),
        date_of(row.get("DATE_RECEIVED"), "DATE_RECEIVED"),
        secondary_date_of(row.get("DATE_OF_EVENT"), "DATE_OF_EVENT", problems),
        secondary_date_of(row.get("DATE_REPORT"), "DATE_REPORT", problems),
        decode(row.get("EVENT_TYPE"), EVENT_TYPES),
        decode(row.get("REPORT_SOURCE_CODE"), REPORT_SOURCES),
        "; ".join(sources) or None,
        _get(row, "REPORTER_OCCUPATION_CODE"),
        _get(row, "HEALTH_PROFESSIONAL"),
        _get(row, "ADVERSE_EVENT_FLAG"),
        _get(row, "PRODUCT_PROBLEM_FLAG"),
        _get(row, "MANUFACTURER_NAME"),
        "; ".join(as_list(row.get("TYPE_OF_REPORT"), split=",")) or None,
    )
    sink.add("reports", out, line)
    _note(problems, row, sink, line)
    return None


def device(row: Row, sink: Sink, line: int) -> str | None:
    """``DEVICE``/``foidev`` -> ``devices``."""
    key = _key(row)
    if key is None:
        return _bad_key(row)
    raw_seq = row.get("DEVICE_SEQUENCE_NO", row.get("DEVICE_SEQUENCE_NUMBER", ""))
    seq = number_of(raw_seq, "DEVICE_SEQUENCE_NO", INT32_MAX)
    if seq is None:
        return f"DEVICE_SEQUENCE_NO {raw_seq!r} is not a number"
    out = (
        key,
        seq,
        key_text(row.get("DEVICE_EVENT_KEY")),
        (_get(row, "DEVICE_REPORT_PRODUCT_CODE") or "").upper() or None,
        _get(row, "BRAND_NAME"),
        _get(row, "GENERIC_NAME"),
        _get(row, "MODEL_NUMBER"),
        _get(row, "MANUFACTURER_D_NAME"),
        _get(row, "DEVICE_OPERATOR"),
        date_of(row.get("DATE_RECEIVED"), "DATE_RECEIVED"),
        _get(row, "UDI_DI"),
        None,
        None,
        None,
        clean(raw_seq),
    )
    sink.add("devices", out, line)
    return None


def text(row: Row, sink: Sink, line: int) -> str | None:
    """``foitext`` -> ``narratives``."""
    key = _key(row)
    text_key = key_text(row.get("MDR_TEXT_KEY"))
    if key is None:
        return _bad_key(row)
    if text_key is None:
        return "MDR_TEXT_KEY is empty"
    code = _get(row, "TEXT_TYPE_CODE")
    body = row.get("FOI_TEXT", row.get("TEXT", ""))
    problems: list[BadValueError] = []
    out = (
        key,
        text_key,
        code,
        TEXT_TYPES.get((code or "").upper(), code),
        number_of(row.get("PATIENT_SEQUENCE_NUMBER"), "PATIENT_SEQUENCE_NUMBER", INT32_MAX),
        secondary_date_of(row.get("DATE_REPORT"), "DATE_REPORT", problems),
        clean(body),
    )
    sink.add("narratives", out, line)
    _note(problems, row, sink, line)
    return None


def patient(row: Row, sink: Sink, line: int) -> str | None:
    """``patient`` -> ``patients``."""
    key = _key(row)
    raw_seq = row.get("PATIENT_SEQUENCE_NUMBER", row.get("PATIENT_SEQUENCE_NO", ""))
    seq = number_of(raw_seq, "PATIENT_SEQUENCE_NUMBER", INT32_MAX)
    if key is None:
        return _bad_key(row)
    if seq is None:
        return f"PATIENT_SEQUENCE_NUMBER {raw_seq!r} is not a number"
    age = _get(row, "PATIENT_AGE")
    out = (
        key,
        seq,
        date_of(row.get("DATE_RECEIVED"), "DATE_RECEIVED"),
        parse_sex(row.get("PATIENT_SEX")),
        age,
        parse_age_years(age),
        decode_outcomes(row.get("SEQUENCE_NUMBER_OUTCOME")),
        _get(row, "SEQUENCE_NUMBER_TREATMENT"),
    )
    sink.add("patients", out, line)
    return None


def patient_problem(row: Row, sink: Sink, line: int) -> str | None:
    """``patientproblemcode`` -> ``patient_problems`` (the term is resolved from ``problem_codes`` at merge)."""
    key = _key(row)
    raw_seq = row.get("PATIENT_SEQUENCE_NO", row.get("PATIENT_SEQUENCE_NUMBER", ""))
    seq = number_of(raw_seq, "PATIENT_SEQUENCE_NO", INT32_MAX)
    code = key_text(row.get("PROBLEM_CODE"))
    if key is None:
        return _bad_key(row)
    if seq is None:
        return f"PATIENT_SEQUENCE_NO {raw_seq!r} is not a number"
    if code is None:
        return "PROBLEM_CODE is empty"
    sink.add("patient_problems", (key, seq, code, code, None), line)
    return None


def device_problem(row: Row, sink: Sink, line: int) -> str | None:
    """``foidevproblem`` -> ``device_problems``."""
    key = _key(row)
    code = key_text(row.get("DEVICE_PROBLEM_CODE", row.get("PROBLEM_CODE")))
    if key is None:
        return _bad_key(row)
    if code is None:
        return "DEVICE_PROBLEM_CODE is empty"
    sink.add("device_problems", (key, code, code, None), line)
    return None


BUILDERS: dict[str, Builder] = {
    "master": master,
    "device": device,
    "text": text,
    "patient": patient,
    "patient_problem": patient_problem,
    "device_problem": device_problem,
}

_CODE_START = re.compile(r'^\s*"?\d+"?\s*,')


def code_and_term(record: str, extra: int = 0) -> tuple[str | None, str | None]:
    """Split one code-file record: the code before the first comma, the term everything after it.

    A quoted term ends at its closing quote (``""`` inside is a literal quote); an unquoted one keeps its commas.
    ``extra`` right-most columns (those the header has beyond code and term) are cut off first, and trailing empty
    columns are dropped, as jadczak/mauder ``parse_patient_codes`` does (facts: surveillance.md §2.2).

    >>> code_and_term("3001,Scar, Keloid"), code_and_term('3002,"Burn, Thermal",X', 1)
    (('3001', 'Scar, Keloid'), ('3002', 'Burn, Thermal'))
    >>> code_and_term("4908,Hypertrophy,,"), code_and_term("4911,Old, Term,E,F", 2), code_and_term("x")
    (('4908', 'Hypertrophy'), ('4911', 'Old, Term'), ('x', None))
    """
    head, _, rest = record.partition(",")
    code = key_text(head.strip().strip('"'))
    rest = rest.strip()
    if rest.startswith('"'):
        fields = next(csv.reader([rest], delimiter=",", quotechar='"'), [])
        return code, clean(fields[0]) if fields else None
    for _ in range(extra):
        rest = rest.rpartition(",")[0]
    return code, clean(rest.rstrip(", \t"))


def _code_records(stream: LineSource) -> list[tuple[int, str]]:
    """Records with their first line number; a line not starting with ``<code>,`` continues the previous record.

    The pieces are joined with nothing added: the FDA file breaks inside a word (code 4908 "Hypertrophy",
    hard-coded by jadczak/mauder because it is split across lines).
    """
    records: list[tuple[int, str]] = []
    for number, line in enumerate(iter(stream.readline, ""), start=1):
        piece = line.rstrip("\r\n")
        if not piece.strip():
            continue
        if _CODE_START.match(piece) or not records:
            records.append((number, piece))
        else:
            records[-1] = (records[-1][0], records[-1][1] + piece)
    return records


def read_codes(stream: LineSource, kind: str, sink: Sink) -> tuple[int, int]:
    """Read ``patientproblemcodes.csv``/``deviceproblemcodes.csv`` (comma-delimited, quoted terms, broken lines).

    A first line that does not start with a numeric code is the header; its columns beyond two are cut off every
    record (see :func:`code_and_term`). Returns (rows, rows added); bad records are rejected with the reason.
    """
    table_kind = "patient" if kind == "patient_codes" else "device"
    rows = loaded = extra = 0
    for number, record in _code_records(stream):
        if number == 1 and not _CODE_START.match(record):
            extra = max(0, len(next(csv.reader([record]), [])) - 2)
            continue
        rows += 1
        code, term = code_and_term(record, extra)
        if code is None or term is None or not code.isdigit():
            sink.reject(number, "expected '<code>,<term>'", record)
            continue
        sink.add("problem_codes", (table_kind, code, term), number)
        loaded += 1
    return rows, loaded
