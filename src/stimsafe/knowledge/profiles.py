"""Reading a person's profile, a use plan and a device spec from YAML or JSON, with errors that say what to fix.

This is the input edge of ``stimsafe assess``: every error names the file, the field, the value and a likely
fix; nothing here is read as "no" unless the person said so. An empty answer (YAML ``~`` or nothing, JSON
``null``) is *unknown*; the word "none" is refused as ambiguous ("no" or "I don't know"?) with a hint.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from stimsafe.domain.device import Device
from stimsafe.domain.person import ADULT_YEARS, Answer, ConditionAnswer, Profile
from stimsafe.domain.plan import Plan
from stimsafe.errors import InputError, NotFoundError, StimsafeError
from stimsafe.knowledge.conditions import get_condition, read_condition
from stimsafe.knowledge.zones import read_zones
from stimsafe.units import Dimension, parse_si

_YES = {"yes", "y", "true", "yep", "yeah", "yup", "i do", "i have", "i am"}
_NO = {"no", "n", "false"}  # only plain no: a misread "no" is the one costly mistake
_UNKNOWN = {"unknown", "not sure", "don't know", "dont know", "do not know", "?", "", "unsure"}
_AMBIGUOUS = {"none", "null", "nil", "n/a", "na"}
# Doubt anywhere in an answer makes it unknown ("not sure if I'm 18", "no idea"), never "no".
_DOUBT = ("not sure", "unsure", "don't know", "dont know", "do not know", "no idea", "not certain")

# Sanity bounds of a plan (not safety limits): they catch a slip of unit (seconds typed as minutes), not a risk.
MAX_MINUTES_PER_SESSION = 240.0
MAX_SESSIONS_PER_WEEK = 70.0
MAX_AMPLITUDE_A = 0.1  # 100 mA: far above any facial device in the catalogue (microamperes to tens of mA)

M = TypeVar("M", bound=BaseModel)


def read_mapping(path: str | Path, *, what: str) -> Mapping[str, Any]:
    """Parse a YAML or JSON file whose top level is a mapping."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(
            f"Cannot read the {what} file: {error.strerror}.",
            location=str(path),
            hint=f"Check the path of the {what} file.",
        ) from None
    except UnicodeDecodeError as error:
        bad = error.object[error.start : error.start + 1]
        raise InputError(
            f"The {what} file is not UTF-8 text (byte 0x{bad.hex()} at position {error.start}).",
            field="encoding",
            value=f"0x{bad.hex()}",
            location=str(path),
            hint="Save the file as UTF-8 (in most editors: Save As, encoding UTF-8).",
        ) from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise InputError(
            f"The {what} file is not valid YAML/JSON: {str(error).splitlines()[0]}",
            location=str(path),
            hint="Check indentation, colons and quotes.",
        ) from None
    if not isinstance(data, Mapping):
        raise InputError(
            f"The {what} file must hold a mapping (key: value lines).",
            location=str(path),
            value=type(data).__name__,
            hint=f"See examples/ for a {what} file.",
        )
    return data


def build(model: type[M], *, location: str | None, prefix: str = "", **fields: Any) -> M:
    """Construct a domain model from checked fields; a validation failure becomes an InputError naming the field.

    Examples
    --------
    >>> build(Plan, location="plan.yaml", zones=("cheek",)).zones
    ('cheek',)
    >>> build(Profile, location="p.yaml", name=[1, 2])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stimsafe.errors.InputError: Invalid value: Input should be a valid string
    """
    try:
        return model(**fields)
    except ValidationError as error:
        first = error.errors()[0]
        field = prefix + ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"Invalid value: {first['msg']}",
            field=field,
            value=first.get("input"),
            location=location,
            hint=f"Check '{field}'; see examples/ for a valid file.",
        ) from None


def _zone_ids(name: object, *, field: str, location: str | None) -> tuple[str, ...]:
    try:
        return tuple(z.id for z in read_zones(str(name)))
    except (InputError, NotFoundError) as error:
        kind: type[StimsafeError] = type(error)
        raise kind(error.message, field=field, value=name, hint=error.hint, location=location) from None


def _answer(value: object, *, field: str, location: str | None) -> Answer:
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = "" if value is None else str(value).strip().lower()
    if text in _AMBIGUOUS:
        raise InputError(
            f"{value!r} is not an answer: it could mean no or don't know.",
            field=field,
            value=value,
            location=location,
            hint="Write no if you do not have it, or unknown (or leave it empty) if you are not sure.",
        )
    if text in _YES:
        return "yes"
    if text in _NO:
        return "no"
    if text in _UNKNOWN or any(doubt in text for doubt in _DOUBT):
        return "unknown"
    if text.split(maxsplit=1)[0].strip(",.;:!") in _YES - {"y"}:  # "yes, 7 months"; a leading "no" is not read
        return "yes"
    raise InputError(
        "Answer must be yes, no or unknown.",
        field=field,
        value=value,
        location=location,
        hint="Write yes, no or unknown (unknown is never read as no).",
    )


def _condition_answer(key: str, value: object, *, location: str | None) -> ConditionAnswer:
    field = f"conditions.{key}"
    if isinstance(value, list):  # shorthand: a list of zones means "yes, here"
        value = {"answer": "yes", "zones": value}
    if not isinstance(value, Mapping):
        return ConditionAnswer(answer=_answer(value, field=field, location=location))
    extra = set(value) - {"answer", "zones"}
    if extra:
        raise InputError(
            "Unknown key in a condition answer.",
            field=f"{field}.{sorted(extra)[0]}",
            location=location,
            hint="Use 'answer' and 'zones'.",
        )
    zones = value.get("zones") or []
    if not isinstance(zones, list):
        zones = [zones]
    ids = tuple(dict.fromkeys(i for z in zones for i in _zone_ids(z, field=f"{field}.zones", location=location)))
    if not get_condition(key).zoned:  # a question about the whole person: a place given cannot narrow it
        ids = ()
    return ConditionAnswer(
        answer=_answer(value.get("answer", "yes"), field=f"{field}.answer", location=location), zones=ids
    )


_AGE_TEXT = re.compile(r"^(?:i'?m|i am|age)?\s*(\d{1,3})\s*(?:years?|yrs?|y)?\s*(?:old)?\.?$")
# "Are you 18 or older?" in words: "over 18" is yes, "under 18" is no (no is the strict answer to this question)
_ADULT_WORDS: dict[str, Answer] = {
    "over 18": "yes",
    "18 or older": "yes",
    "18 or over": "yes",
    "18+": "yes",
    "under 18": "no",
}


def _age(value: object) -> object:
    """An age as typed: 34, "34", "34 years old" or "I'm 34" are the number 34; anything else is left for the check.

    >>> _age("I'm 16"), _age("34 years old"), _age("about 30ish")
    (16, 34, 'about 30ish')
    """
    if isinstance(value, str):
        found = _AGE_TEXT.match(value.strip().lower().replace("\u2019", "'"))
        if found:
            return int(found.group(1))
    return value


def _adult(value: object, *, location: str | None) -> Answer:
    text = " ".join(str(value).lower().replace("i'm", "").replace("i am", "").split()) if value is not None else ""
    return _ADULT_WORDS.get(text) or _answer(value, field="adult", location=location)


def _condition_items(conditions: object, *, location: str | None) -> Mapping[object, object]:
    """``conditions`` as key: answer pairs; a list (or comma-separated text) names what the person has: yes."""
    if isinstance(conditions, str) and conditions.strip().lower() not in _AMBIGUOUS | _NO:
        conditions = [c for c in conditions.replace(";", ",").split(",") if c.strip()]
    if isinstance(conditions, list) and all(isinstance(c, str) for c in conditions):
        return {c: "yes" for c in conditions}
    if not isinstance(conditions, Mapping):
        raise InputError(
            "'conditions' must be a mapping of condition: answer, or a list of the conditions you have.",
            field="conditions",
            value=conditions,
            location=location,
            hint="e.g. 'pregnancy: no', or '[pregnant, eczema on my cheek]'. 'none' is not read as no to "
            "every question: answer each one (list them with 'stimsafe rules').",
        )
    return conditions


def _merged(old: ConditionAnswer | None, new: ConditionAnswer) -> ConditionAnswer | None:
    """Two answers to one question: the same answer merges (a 'yes' anywhere wins over zones); None: they clash."""
    if old is None or old == new:
        return new
    if old.answer != new.answer:
        return None
    zones = () if not (old.zones and new.zones) else tuple(dict.fromkeys((*old.zones, *new.zones)))
    return new.model_copy(update={"zones": zones})


def _conditions(conditions: object, *, location: str | None) -> dict[str, ConditionAnswer]:
    """Every answered question, by condition id; keys may be everyday words ("7 months pregnant").

    A key naming one question answers it. A key naming several ("nerve damage after surgery") answers each of
    them too, but where another key answers one of those questions by itself, that answer stands.
    """
    answers: dict[str, ConditionAnswer] = {}
    by_the_way: dict[str, ConditionAnswer] = {}
    for key, value in _condition_items(conditions or {}, location=location).items():
        try:
            named = read_condition(str(key))
        except StimsafeError as error:
            kind: type[StimsafeError] = type(error)
            raise kind(
                error.message, field=f"conditions.{key}", value=key, hint=error.hint, location=location
            ) from None
        into = answers if len(named.conditions) == 1 else by_the_way
        for condition in named.conditions:
            answer = _condition_answer(condition.id, value, location=location)
            if answer.answer == "yes" and condition.zoned and named.zones:
                answer = answer.model_copy(update={"zones": tuple(dict.fromkeys((*answer.zones, *named.zones)))})
            merged = _merged(into.get(condition.id), answer)
            if merged is None:
                raise InputError(
                    f"Two keys answer the same question ({condition.id}) differently.",
                    field=f"conditions.{key}",
                    value=value,
                    location=location,
                    hint=f"Keep one answer for '{condition.id}'.",
                )
            into[condition.id] = merged
    return {**by_the_way, **answers}


def parse_profile(data: Mapping[str, Any], *, location: str | None = None) -> Profile:
    """Validate a profile mapping (``age`` or ``adult``, ``conditions``); unknown conditions get a did-you-mean.

    ``adult`` answers "Are you 18 or older?" (yes / no / not sure) when no exact age is given.
    """
    extra = set(data) - {"name", "age", "age_years", "adult", "conditions"}
    if extra:
        key = sorted(extra)[0]
        raise InputError(
            "Unknown key in the profile.",
            field=key,
            location=location,
            hint="A profile has 'name', 'age' (or 'adult: yes/no/not sure' for '18 or older?') and 'conditions'.",
        )
    answers = _conditions(data.get("conditions"), location=location)
    age = _age(data.get("age", data.get("age_years")))
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130):
        raise InputError(
            "Age must be a whole number of years from 0 to 130.",
            field="age",
            value=age,
            location=location,
            hint="e.g. 'age: 34', or leave it out if you prefer not to say.",
        )
    adult = _adult(data.get("adult"), location=location)
    if age is not None and adult != "unknown" and (age >= ADULT_YEARS) != (adult == "yes"):
        raise InputError(
            f"Age {age} and 'adult: {adult}' (18 or older?) disagree.",
            field="adult",
            value=data.get("adult"),
            location=location,
            hint="Give the exact age or the answer to '18 or older?', or make them agree.",
        )
    return build(Profile, location=location, name=data.get("name"), age_years=age, adult=adult, conditions=answers)


def _positive(data: Mapping[str, Any], key: str, *, most: float, location: str | None) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str) and key.startswith("minutes"):  # "10 min", "90 s": a time with its unit
        value = parse_si(value, Dimension.TIME, field=f"plan.{key}", location=location) / 60.0
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or not 0 < value <= most:
        raise InputError(
            f"'{key}' must be a finite number above 0 and at most {most:g}.",
            field=f"plan.{key}",
            value=value,
            location=location,
            hint=f"e.g. '{key}: 5' (minutes per session, sessions per week).",
        )
    return float(value)


def parse_plan(data: Mapping[str, Any], *, location: str | None = None) -> Plan:
    """Validate a plan mapping: ``zones`` (names or aliases), ``level`` or ``amplitude`` (with a unit)."""
    allowed = {"zones", "level", "amplitude", "minutes_per_zone", "minutes_per_session", "sessions_per_week"}
    extra = set(data) - allowed
    if extra:
        raise InputError(
            "Unknown key in the plan.",
            field=f"plan.{sorted(extra)[0]}",
            location=location,
            hint=f"A plan has {', '.join(sorted(allowed))}.",
        )
    zones = data.get("zones")
    if isinstance(zones, str):
        zones = [z.strip() for z in zones.split(",") if z.strip()]
    if not zones or not isinstance(zones, list):
        raise InputError(
            "The plan names no zones.",
            field="plan.zones",
            value=zones,
            location=location,
            hint="e.g. 'zones: [forehead, cheek, jawline]'; list them with 'stimsafe zones'.",
        )
    ids = tuple(dict.fromkeys(i for z in zones for i in _zone_ids(z, field="plan.zones", location=location)))
    level = data.get("level")
    if level is not None and (isinstance(level, bool) or not isinstance(level, int) or level < 1):
        raise InputError(
            "Level must be a whole number from 1 (the lowest).",
            field="plan.level",
            value=level,
            location=location,
            hint="e.g. 'level: 1'.",
        )
    amplitude_a = None
    if data.get("amplitude") is not None:
        amplitude_a = parse_si(data["amplitude"], Dimension.CURRENT, field="plan.amplitude", location=location)
        if not 0 < amplitude_a <= MAX_AMPLITUDE_A:
            raise InputError(
                f"Amplitude must be above zero and at most {MAX_AMPLITUDE_A * 1e3:g} mA.",
                field="plan.amplitude",
                value=data["amplitude"],
                location=location,
                hint="e.g. 'amplitude: 200 uA'.",
            )
    return build(
        Plan,
        location=location,
        prefix="plan.",
        zones=ids,
        level=level,
        amplitude_a=amplitude_a,
        minutes_per_zone=_positive(data, "minutes_per_zone", most=MAX_MINUTES_PER_SESSION, location=location),
        minutes_per_session=_positive(data, "minutes_per_session", most=MAX_MINUTES_PER_SESSION, location=location),
        sessions_per_week=_positive(data, "sessions_per_week", most=MAX_SESSIONS_PER_WEEK, location=location),
    )


def load_profile(path: str | Path) -> Profile:
    """Read and validate a profile file (YAML or JSON)."""
    return parse_profile(read_mapping(path, what="profile"), location=str(path))


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file (YAML or JSON)."""
    return parse_plan(read_mapping(path, what="plan"), location=str(path))


def load_device_spec(path: str | Path) -> Device:
    """Read a user's device spec file (YAML or JSON; quantities with units) into a Device.

    See :func:`stimsafe.knowledge.spec.parse_device_spec` for the fields, units and plausibility bounds.
    """
    from stimsafe.knowledge.spec import parse_device_spec

    return parse_device_spec(read_mapping(path, what="device spec"), location=str(path))
