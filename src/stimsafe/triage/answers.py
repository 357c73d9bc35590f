"""Parse answers about a symptom (a mapping from a YAML/JSON file or a form) and times into typed values.

Times must carry a timezone (``2026-11-25T08:00+01:00``, ``...Z``) or be relative to ``now``
(``now``, ``3h ago``, ``90m ago``, ``2d ago``), or be everyday words ("30 min ago", "this morning", "yesterday
evening", "2 days ago") read by dateparser (BSD-3) against ``now`` in ``now``'s timezone: a naive ISO time is
ambiguous by hours, which matters for the 72-hour window, and is refused. A time in the future is refused. An
onset may be unknown (nothing, ``""`` or ``unknown``): it is then None, never "now".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, get_args

from stimsafe.errors import InputError
from stimsafe.triage.model import RuleSet, Side, SymptomAnswers

_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)\s+ago\s*$", re.IGNORECASE)
_UNIT = {"m": timedelta(minutes=1), "min": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
_TIME_HINT = (
    "Write when it started in words ('30 min ago', 'this morning', 'yesterday evening', '2 days ago'), "
    "as '3h ago', or as an ISO time with a timezone, e.g. '2026-11-25T08:00+00:00'."
)
_EVERYDAY = (
    (
        re.compile(
            r"^\s*(about|around|roughly|approximately|approx\.?|maybe|since|from|by|on|at about|at around|~)\s+", re.I
        ),
        "",
    ),
    (re.compile(r"\bhalf an? hour\b", re.I), "30 minutes"),
    (re.compile(r"\ba couple of\b", re.I), "2"),
    (re.compile(r"\ba few\b", re.I), "3"),
    (re.compile(r"\b(\d+)\s*(?:mins?)\b", re.I), r"\1 minutes"),
    (re.compile(r"\b(\d+)\s*(?:hrs?)\b", re.I), r"\1 hours"),
)


def everyday_time(text: str, now: datetime) -> datetime | None:
    """Everyday words for a past moment ("this morning", "2 days ago") as a time in ``now``'s timezone, or None.

    Read with dateparser (BSD-3) relative to ``now``; a time of day that is not given is taken from ``now``.

    Examples
    --------
    >>> from datetime import timezone
    >>> now = datetime(2026, 11, 25, 14, tzinfo=timezone.utc)
    >>> everyday_time("yesterday evening", now).isoformat()
    '2026-11-24T18:00:00+00:00'
    >>> everyday_time("half an hour ago", now).isoformat()
    '2026-11-25T13:30:00+00:00'
    >>> everyday_time("nope", now) is None
    True
    """
    import dateparser

    words = text.strip()
    for pattern, repl in _EVERYDAY:
        words = pattern.sub(repl, words)
    settings = {"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "past"}
    found: datetime | None = dateparser.parse(words, languages=["en"], settings=settings)
    if found is None:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=now.tzinfo)


def parse_time(value: Any, now: datetime, *, field: str = "onset", location: str | None = None) -> datetime:
    """A timezone-aware time from an ISO string, a datetime, ``now`` or ``<N>{m,h,d} ago``.

    Examples
    --------
    >>> from datetime import timezone
    >>> now = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
    >>> parse_time("3h ago", now).isoformat()
    '2026-11-25T09:00:00+00:00'
    >>> parse_time("2026-11-25T08:00+01:00", now).isoformat()
    '2026-11-25T08:00:00+01:00'
    """
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        if text.lower() == "now":
            return now
        match = _RELATIVE.match(text)
        if match:
            return now - float(match.group(1)) * _UNIT[match.group(2).lower()]
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            found = everyday_time(text, now)
            if found is None:
                raise InputError("Not a time.", field=field, value=text, hint=_TIME_HINT, location=location) from None
            moment = found
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError("The time has no timezone.", field=field, value=str(value), hint=_TIME_HINT, location=location)
    if field == "onset" and moment > now + timedelta(minutes=1):
        raise InputError(
            "The onset is in the future.", field=field, value=str(value), hint=_TIME_HINT, location=location
        )
    return moment


UNKNOWN = "unknown"


def parse_onset(value: Any, now: datetime, *, location: str | None = None) -> datetime | None:
    """An onset time, or None when it is not known (None, empty, ``unknown``): never invented as ``now``.

    Examples
    --------
    >>> from datetime import timezone
    >>> now = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
    >>> parse_onset("unknown", now) is None and parse_onset("", now) is None
    True
    >>> parse_onset("2h ago", now).isoformat()
    '2026-11-25T10:00:00+00:00'
    """
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", UNKNOWN)):
        return None
    return parse_time(value, now, field="onset", location=location)


_UNSURE_WORDS = {"unsure", "not sure", "u", "?", "don't know", "dont know"}


def _answer(value: Any) -> bool | str | None:
    """True (yes), False (no), ``"unsure"``, or None (not an answer)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0"}:
        return False
    if text in _UNSURE_WORDS:
        return "unsure"
    return None


def _listed(raw: Mapping[str, Any], key: str, location: str | None) -> set[str]:
    listed = raw.get(key) or []
    if isinstance(listed, str) or not isinstance(listed, list):
        raise InputError(f"'{key}' must be a list of sign ids.", field=key, value=listed, location=location)
    return {str(s) for s in listed}


_Answered = tuple[frozenset[str], frozenset[str], frozenset[str]]


def _signs(raw: Mapping[str, Any], rules: RuleSet, location: str | None) -> _Answered:
    """The sign ids answered yes, those answered "not sure", and those answered "no"."""
    known = {s.id for s in rules.signs}
    hint = f"Use sign ids from 'stimsafe triage --list-signs': {', '.join(sorted(known))}."
    chosen, unsure, said_no = _listed(raw, "signs", location), _listed(raw, "unsure", location), set()
    for sign_id, value in (raw.get("answers") or {}).items():
        flag = _answer(value)
        if flag is None:
            raise InputError(
                "Answer must be yes, no or not sure.", field=f"answers.{sign_id}", value=value, location=location
            )
        if flag is True:
            chosen.add(str(sign_id))
        elif flag == "unsure":
            unsure.add(str(sign_id))
        else:
            said_no.add(str(sign_id))
    for field, ids in (("signs", chosen), ("unsure", unsure), ("answers", said_no)):
        for sign_id in sorted(ids):
            if sign_id not in known:
                raise InputError("Unknown sign.", field=field, value=sign_id, hint=hint, location=location)
    return frozenset(chosen), frozenset(unsure - chosen), frozenset(said_no - chosen - unsure)


def answers_from_mapping(raw: Any, rules: RuleSet, now: datetime, *, location: str | None = None) -> SymptomAnswers:
    """Validate ``{signs: [...], unsure: [...], answers: {sign: yes|no|unsure}, onset, side, note}`` into answers.

    A "not sure" answer is kept apart from "yes" so the report can say so; the engine reads it as "yes". A
    warning sign (group ``red_flag``) that is not answered at all is *unknown*, never "no".

    Raises
    ------
    InputError
        Naming the field, the value and a fix, for anything malformed.
    """
    if not isinstance(raw, Mapping):
        raise InputError(
            "Answers must be a mapping.",
            value=type(raw).__name__,
            location=location,
            hint="Write 'signs: [face_droop, onset_hours]' and 'onset: 3h ago'.",
        )
    extra = set(raw) - {"signs", "unsure", "answers", "onset", "side", "note"}
    if extra:
        raise InputError(
            "Unknown field.",
            field=sorted(extra)[0],
            location=location,
            hint="Allowed: signs, unsure, answers, onset, side, note.",
        )
    side = raw.get("side")
    if side is not None and side not in get_args(Side):
        raise InputError(
            "Unknown side.", field="side", value=side, hint="left, right, both or unsure.", location=location
        )
    signs, unsure, said_no = _signs(raw, rules, location)
    return SymptomAnswers(
        signs=signs,
        unsure=unsure,
        no=said_no,
        unknown=rules.red_flags - signs - unsure - said_no,
        onset=parse_onset(raw.get("onset"), now, location=location),
        side=side,
        note=None if raw.get("note") is None else str(raw.get("note")),
    )
