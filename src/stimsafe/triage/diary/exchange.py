"""Export a diary as JSON and import it back; export -> import -> export reproduces the same JSON exactly.

The format is ``{"format": "stimsafe-diary", "format_version": 1, "sessions": [...], "symptoms": [...]}`` with
each record as :class:`~stimsafe.triage.records.SessionRecord` / ``SymptomRecord`` fields. Import checks each
record as the add paths do (device, zone and sign ids, photo paths; :mod:`stimsafe.triage.diary.checks`) and is
one transaction: a bad record anywhere means nothing is written. ``onset_at`` may be null (an unknown onset).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from stimsafe.errors import DataFileError
from stimsafe.triage.diary.checks import checked_sessions, checked_symptoms
from stimsafe.triage.diary.store import Diary
from stimsafe.triage.model import RuleSet
from stimsafe.triage.records import SessionRecord, SymptomRecord

FORMAT = "stimsafe-diary"
FORMAT_VERSION = 1

M = TypeVar("M", bound=BaseModel)


def export_data(diary: Diary) -> dict[str, Any]:
    """The whole diary as JSON-compatible data, records in time order."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sessions": [s.model_dump(mode="json") for s in diary.sessions()],
        "symptoms": [s.model_dump(mode="json") for s in diary.symptoms()],
    }


def export_json(diary: Diary) -> str:
    """The export as indented JSON text (UTF-8, stable key order)."""
    return json.dumps(export_data(diary), indent=2, ensure_ascii=False) + "\n"


def _records(model: type[M], items: Any, key: str, location: str) -> list[M]:
    if not isinstance(items, list):
        raise DataFileError(f"'{key}' must be a list.", field=key, location=location)
    out = []
    for i, item in enumerate(items):
        try:
            out.append(model.model_validate(item))
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join([key, str(i), *(str(p) for p in first["loc"])])
            raise DataFileError(
                f"Invalid diary record: {first['msg']}.",
                field=field,
                value=first.get("input"),
                location=location,
                hint="Fix or remove this record; nothing was imported.",
            ) from None
    return out


def parse_export(
    data: Any, location: str = "import", rules: RuleSet | None = None
) -> tuple[list[SessionRecord], list[SymptomRecord]]:
    """Validate export data into checked records (no writes). Raises :class:`DataFileError` naming the bad field.

    ``rules`` (the triage rules, for sign ids) defaults to the packaged ones.
    """
    if rules is None:
        from stimsafe.knowledge.triage import load_triage_rules

        rules = load_triage_rules()
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise DataFileError(
            "Not a stimsafe diary export.",
            field="format",
            location=location,
            hint="Use a file written by 'stimsafe diary export'.",
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise DataFileError(
            "Unsupported diary export version.",
            field="format_version",
            value=data.get("format_version"),
            location=location,
            hint="Upgrade stimsafe.",
        )
    sessions = _records(SessionRecord, data.get("sessions", []), "sessions", location)
    symptoms = _records(SymptomRecord, data.get("symptoms", []), "symptoms", location)
    return checked_sessions(sessions, location), checked_symptoms(symptoms, rules, location)


R = TypeVar("R", SessionRecord, SymptomRecord)


def _new_only(records: list[R], have: dict[str, R], kind: str, location: str) -> tuple[list[R], int]:
    """The records not yet present; identical ones are skipped, conflicting ones refused."""
    new, skipped = [], 0
    for rec in records:
        if rec.id not in have:
            new.append(rec)
        elif have[rec.id] == rec:
            skipped += 1
        else:
            raise DataFileError(
                "A record with this id exists with different content; nothing was imported.",
                field=f"{kind}.id",
                value=rec.id,
                location=location,
            )
    return new, skipped


def import_data(diary: Diary, data: Any, location: str = "import", rules: RuleSet | None = None) -> dict[str, int]:
    """Add the records of an export to ``diary`` in one transaction.

    A record whose id is already present and identical is skipped; one that differs is refused (and then
    nothing is imported). Returns counts ``{"sessions": n, "symptoms": n, "skipped": n}``.
    """
    sessions, symptoms = parse_export(data, location, rules)
    new_sessions, skipped_sessions = _new_only(sessions, {s.id: s for s in diary.sessions()}, "sessions", location)
    new_symptoms, skipped_symptoms = _new_only(symptoms, {s.id: s for s in diary.symptoms()}, "symptoms", location)
    try:
        diary.add_all(new_sessions, new_symptoms)
    except sqlite3.IntegrityError as error:
        raise DataFileError(
            f"The export contradicts itself ({error}); nothing was imported.",
            location=location,
            hint="Each record id must appear once.",
        ) from None
    return {
        "sessions": len(new_sessions),
        "symptoms": len(new_symptoms),
        "skipped": skipped_sessions + skipped_symptoms,
    }
