"""Parse answers about a symptom (a mapping from a YAML/JSON file or a form) and times into typed values.

Times must carry a timezone (``2026-11-25T08:00+01:00``, ``...Z``) or be relative to ``now``
(``now``, ``3h ago``, ``90m ago``, ``2d ago``): a naive time is ambiguous by hours, which matters for the
72-hour window. An onset may be unknown (nothing, ``""`` or ``unknown``): it is then None, never "now".
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
_TIME_HINT = "Write an ISO time with a timezone, e.g. '2026-11-25T08:00+00:00', or '3h ago'."


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
            raise InputError("Not a time.", field=field, value=text, hint=_TIME_HINT, location=location) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError("The time has no timezone.", field=field, value=str(value), hint=_TIME_HINT, location=location)
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


def _yes(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0"}:
        return False
    return None


def _signs(raw: Mapping[str, Any], rules: RuleSet, location: str | None) -> frozenset[str]:
    known = {s.id for s in rules.signs}
    hint = f"Use sign ids from 'stimsafe triage --list-signs': {', '.join(sorted(known))}."
    listed = raw.get("signs") or []
    if isinstance(listed, str) or not isinstance(listed, list):
        raise InputError("'signs' must be a list of sign ids.", field="signs", value=listed, location=location)
    chosen = {str(s) for s in listed}
    for sign_id, value in (raw.get("answers") or {}).items():
        flag = _yes(value)
        if flag is None:
            raise InputError("Answer must be yes or no.", field=f"answers.{sign_id}", value=value, location=location)
        if flag:
            chosen.add(str(sign_id))
    for sign_id in sorted(chosen):
        if sign_id not in known:
            raise InputError("Unknown sign.", field="signs", value=sign_id, hint=hint, location=location)
    return frozenset(chosen)


def answers_from_mapping(raw: Any, rules: RuleSet, now: datetime, *, location: str | None = None) -> SymptomAnswers:
    """Validate a mapping ``{signs: [...], answers: {sign: yes|no}, onset, side, note}`` into answers.

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
    extra = set(raw) - {"signs", "answers", "onset", "side", "note"}
    if extra:
        raise InputError(
            "Unknown field.",
            field=sorted(extra)[0],
            location=location,
            hint="Allowed: signs, answers, onset, side, note.",
        )
    side = raw.get("side")
    if side is not None and side not in get_args(Side):
        raise InputError(
            "Unknown side.", field="side", value=side, hint="left, right, both or unsure.", location=location
        )
    return SymptomAnswers(
        signs=_signs(raw, rules, location),
        onset=parse_onset(raw.get("onset"), now, location=location),
        side=side,
        note=None if raw.get("note") is None else str(raw.get("note")),
    )
