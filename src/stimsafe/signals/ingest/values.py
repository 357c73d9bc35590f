"""Field normalisers shared by the openFDA and raw-MAUDE readers: keys, dates, lists, enums, ages.

Sources for the formats handled: ``_fix_date`` and ``MALFORMED_KEYS`` in FDA/openfda ``openfda/maude/pipeline.py``
and ``openfda/maude/data/enums.csv`` (facts: ../shared/facts/surveillance.md §1.1, §1.2, §2.2).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

_KEY = re.compile(r"^\s*(\d+)(?:\.0+)?\s*$")
_MONTHS = {
    m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)
}

#: Raw EVENT_TYPE codes -> openFDA terms (enums.csv: IN, IL and IJ all mean Injury; * is "No answer provided").
EVENT_TYPES = {
    "D": "Death",
    "IN": "Injury",
    "IL": "Injury",
    "IJ": "Injury",
    "M": "Malfunction",
    "O": "Other",
    "*": "No answer provided",
}
#: Raw REPORT_SOURCE_CODE -> openFDA term.
REPORT_SOURCES = {
    "M": "Manufacturer report",
    "P": "Voluntary report",
    "U": "User Facility report",
    "D": "Distributor report",
}
#: Raw SOURCE_TYPE codes -> openFDA term.
SOURCE_TYPES = {
    "00": "Other",
    "01": "Foreign",
    "02": "Study",
    "03": "Literature",
    "04": "Consumer",
    "05": "Health Professional",
    "06": "User facility",
    "07": "Company representation",
    "08": "Distributor",
    "99": "Unknown",
}
#: Raw TEXT_TYPE_CODE -> openFDA term.
TEXT_TYPES = {
    "D": "Description of Event or Problem",
    "N": "Additional Manufacturer Narrative",
    "E": "Manufacturer Evaluation Summary",
}
TEXT_TYPE_CODES = {v.lower(): k for k, v in TEXT_TYPES.items()}
#: Patient outcome codes -> terms (SEQUENCE_NUMBER_OUTCOME).
OUTCOMES = {
    "L": "Life Threatening",
    "H": "Hospitalization",
    "S": "Disability",
    "C": "Congenital Anomaly",
    "R": "Required Intervention",
    "O": "Other",
    "D": "Death",
    "U": "Unknown",
    "I": "No Information",
    "A": "Not Applicable",
    "*": "Invalid",
}


#: Largest values the store's key columns hold (BIGINT report keys, INTEGER sequence numbers).
INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1


class BadValueError(ValueError):
    """A field whose value cannot be stored as what it means; the row holding it is rejected, never coerced.

    >>> str(BadValueError("event_type", {"a": 1}, "is an object; a single value was expected"))
    'event_type {"a": 1} is an object; a single value was expected'
    """

    def __init__(self, field: str, value: object, why: str) -> None:
        super().__init__(f"{field} {shown(value)} {why}")
        self.field, self.value = field, value


def shown(value: object) -> str:
    """A value as it appeared: ``'text'`` for strings, JSON for the rest (cut at 120 characters).

    >>> shown("NFO"), shown(["NFO"]), shown(None)
    ("'NFO'", '["NFO"]', 'null')
    """
    if isinstance(value, str):
        return repr(value[:120])
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)[:120]
    except ValueError:  # pragma: no cover - circular structures cannot come from JSON
        return repr(value)[:120]


def _not_scalar(field: str, value: object) -> BadValueError:
    what = "a list" if isinstance(value, list) else "an object"
    return BadValueError(field, value, f"is {what}; a single value was expected")


def text_of(value: object, field: str) -> str | None:
    """A stripped string (NUL characters removed), ``None`` when missing or empty; a list or object is refused.

    >>> text_of(" NFO ", "code"), text_of(3, "n"), text_of("", "code")
    ('NFO', '3', None)
    >>> text_of(["NFO"], "code")
    Traceback (most recent call last):
    ...
    stimsafe.signals.ingest.values.BadValueError: code ["NFO"] is a list; a single value was expected
    """
    if isinstance(value, str):  # the common case, first
        text = value.replace("\x00", "") if "\x00" in value else value
        return text.strip() or None
    if isinstance(value, dict | list):
        raise _not_scalar(field, value)
    return clean(value)


def number_of(value: object, field: str, limit: int = INT64_MAX) -> int | None:
    """A whole number (``" 1.0"`` -> 1) at most ``limit``; ``None`` when missing or not a number.

    A number too large for the store, a list or an object is refused with :class:`BadValueError`.

    >>> number_of(" 1.0", "k"), number_of("abc", "k"), number_of(None, "k"), number_of(7, "k")
    (1, None, None, 7)
    """
    if isinstance(value, dict | list):
        raise _not_scalar(field, value)
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    number = value if isinstance(value, int) else parse_key(value)
    if number is not None and not 0 <= number <= limit:
        raise BadValueError(field, value, f"is out of range for the store (0 to {limit})")
    return number


def date_of(value: object, field: str) -> date | None:
    """A date in any MAUDE/openFDA form; ``None`` when missing, empty or ``*``; an impossible date is refused.

    >>> date_of("20200105", "d"), date_of("*", "d")
    (datetime.date(2020, 1, 5), None)
    >>> date_of("2020-13-45", "date_received")
    Traceback (most recent call last):
    ...
    stimsafe.signals.ingest.values.BadValueError: date_received '2020-13-45' is not a date (YYYYMMDD, MM/DD/YYYY, ...)
    """
    text = text_of(value, field)
    if text is None or text == "*":
        return None
    if len(text) == 8 and text.isdigit():  # openFDA's form, first
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            raise BadValueError(field, value, "is not a date (YYYYMMDD, MM/DD/YYYY, ...)") from None
    if len(text) == 10 and text[2] == "/" == text[5] and text.replace("/", "").isdigit():  # raw MAUDE's form
        try:
            return date(int(text[6:]), int(text[:2]), int(text[3:5]))
        except ValueError:
            raise BadValueError(field, value, "is not a date (YYYYMMDD, MM/DD/YYYY, ...)") from None
    try:
        found = _parse_date_text(text)
    except ValueError:
        found = None
    if found is None:
        raise BadValueError(field, value, "is not a date (YYYYMMDD, MM/DD/YYYY, ...)")
    return found


def secondary_date_of(value: object, field: str, problems: list[BadValueError]) -> date | None:
    """A secondary date (event, report): an impossible one is noted in ``problems`` and read as missing.

    The report is kept; only this field is left empty. A list or object is still refused (a wrong type, not an
    odd date). Key dates (``date_received``) use :func:`date_of`, which refuses the row.

    >>> problems: list[BadValueError] = []
    >>> secondary_date_of("20200230", "date_of_event", problems), [str(p) for p in problems]
    (None, ["date_of_event '20200230' is not a date (YYYYMMDD, MM/DD/YYYY, ...)"])
    """
    text_of(value, field)  # a list or object is refused with the row
    try:
        return date_of(value, field)
    except BadValueError as error:
        problems.append(error)
        return None


def strings_of(value: object, field: str, *, split: str | None = None) -> list[str]:
    """:func:`as_list`, refusing nested lists and objects instead of dropping them."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if split is None and all(isinstance(item, str) for item in items):  # the common case: a list of terms
        return [t for t in (str(i).replace("\x00", "").strip() for i in items) if t]
    if isinstance(value, dict) or any(isinstance(item, dict | list) for item in items):
        raise BadValueError(field, value, "holds a list or an object; text values were expected")
    return [p.replace("\x00", "") for p in as_list(value, split=split)]


def clean(value: object) -> str | None:
    """A stripped string, or ``None`` for missing/empty values.

    >>> clean("  NFO "), clean(""), clean(None), clean(3)
    ('NFO', None, None, '3')
    """
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text.strip() or None


def parse_key(value: object) -> int | None:
    """An integer key from a possibly padded decimal form (``" 1.0"`` -> 1); ``None`` if not a key.

    >>> parse_key(" 1.0"), parse_key("1511544"), parse_key("12.5"), parse_key("*")
    (1, 1511544, None, None)
    """
    text = value if isinstance(value, str) else None if value is None else str(value)
    if text is None:
        return None
    if text.isdigit() and text.isascii():  # the common case, without the regular expression
        return int(text)
    match = _KEY.match(text)
    return int(match.group(1)) if match else None


def key_text(value: object) -> str | None:
    """A textual key with the MAUDE padding removed (``" 528112.0"`` -> ``"528112"``); other text kept as is."""
    number = parse_key(value)
    return str(number) if number is not None else clean(value)


def parse_date(value: object) -> date | None:
    """A date from any MAUDE/openFDA form; ``None`` for empty, ``*`` or unparseable values.

    Forms: ``YYYYMMDD``, ``MM/DD/YYYY``, ``YYYY/MM/DD``, ``YYYY/MM/DD HH:mm:ss.SSS``, ``YYYY-MM-DD``, ``DD-MMM-YY``.

    >>> parse_date("20120426"), parse_date("10/08/2009"), parse_date("2009/10/08 00:00:00.000")
    (datetime.date(2012, 4, 26), datetime.date(2009, 10, 8), datetime.date(2009, 10, 8))
    >>> parse_date("08-OCT-09"), parse_date("*"), parse_date("13/45/2009")
    (datetime.date(2009, 10, 8), None, None)
    """
    text = clean(value)
    if text is None or text == "*":
        return None
    try:
        return _parse_date_text(text)
    except ValueError:
        return None


def _parse_date_text(text: str) -> date | None:
    head = text.split(" ", 1)[0]
    if len(head) == 8 and head.isdigit():
        return date(int(head[:4]), int(head[4:6]), int(head[6:]))
    for sep in ("/", "-"):
        parts = head.split(sep)
        if len(parts) != 3:
            continue
        a, b, c = parts
        if len(a) == 4 and a.isdigit():
            return date(int(a), int(b), int(c))
        if len(c) == 4 and a.isdigit():
            return date(int(c), int(a), int(b))
        if b.upper() in _MONTHS and len(c) == 2:
            return datetime.strptime(f"{a}-{b.title()}-{c}", "%d-%b-%y").date()
    return None


def as_list(value: object, *, split: str | None = None) -> list[str]:
    """Strings from a value that is sometimes a list and sometimes a string; empties dropped.

    >>> as_list(["Foreign", ""]), as_list("GUIDE WIRE: SION"), as_list("05,04", split=","), as_list(None)
    (['Foreign'], ['GUIDE WIRE: SION'], ['05', '04'], [])
    """
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict | list):
            continue
        parts = str(item).split(split) if split else [str(item)]
        out.extend(p.strip() for p in parts if p.strip())
    return out


def decode(value: object, table: dict[str, str]) -> str | None:
    """A raw code decoded through ``table``; an already-decoded (or unknown) value is kept as given.

    >>> decode("IN", EVENT_TYPES), decode("Injury", EVENT_TYPES), decode("", EVENT_TYPES)
    ('Injury', 'Injury', None)
    """
    text = clean(value)
    if text is None:
        return None
    return table.get(text.upper(), text)


def decode_outcomes(value: object) -> str | None:
    """Outcome terms from ``"1. L; 2. R"`` (raw) or a list of terms (openFDA), ``'; '``-joined, in order.

    >>> decode_outcomes("1. L; 2. R"), decode_outcomes(["1, Life Threatening"]), decode_outcomes("")
    ('Life Threatening; Required Intervention', '1, Life Threatening', None)
    """
    items = as_list(value, split=";") if isinstance(value, str) else as_list(value)
    terms = []
    for item in items:
        code = item.split(".", 1)[1].strip() if re.match(r"^\d+\.", item) else item
        terms.append(OUTCOMES.get(code.upper(), code) if len(code) <= 2 else code)
    return "; ".join(terms) or None


def parse_sex(value: object) -> str | None:
    """``female`` / ``male`` / ``None``.

    >>> parse_sex("Female"), parse_sex("M"), parse_sex("Unknown")
    ('female', 'male', None)
    """
    text = (clean(value) or "").lower()
    return {"f": "female", "female": "female", "m": "male", "male": "male"}.get(text)


_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(YR|YRS|YEAR|YEARS|Y|MO|MOS|MONTH|MONTHS|WK|WKS|WEEK|WEEKS|DA|DAY|DAYS)\s*$")
_AGE_UNIT_YEARS = {"Y": 1.0, "M": 1.0 / 12.0, "W": 7.0 / 365.25, "D": 1.0 / 365.25}


def parse_age_years(value: object) -> float | None:
    """Age in years from text with an explicit unit (``"45 YR"``, ``"6 MO"``); ``None`` when there is no unit.

    A bare number is not converted: the unit is unknown (years? months?), so guessing would bias strata.

    >>> parse_age_years("45 YR"), parse_age_years("6 months"), parse_age_years("45")
    (45.0, 0.5, None)
    """
    match = _AGE.match((clean(value) or "").upper())
    if not match:
        return None
    return round(float(match.group(1)) * _AGE_UNIT_YEARS[match.group(2)[0]], 4)
