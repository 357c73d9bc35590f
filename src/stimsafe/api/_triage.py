"""Use cases of triage and the diary: a symptom to a tier, sessions and symptoms, exports for clinicians."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime
    from pathlib import Path

    from stimsafe.report.model import Report
    from stimsafe.triage.model import SymptomAnswers
    from stimsafe.triage.records import SessionRecord, SymptomRecord
    from stimsafe.triage.words import Reading


def _now(now: datetime | None) -> datetime:
    from datetime import UTC, datetime

    return now if now is not None else datetime.now(UTC)


def triage(
    answers: Mapping[str, Any] | SymptomAnswers,
    now: datetime | None = None,
    *,
    db: str | Path | None = None,
    user: str | None = None,
    location: str | None = None,
) -> Report:
    """Triage a symptom: tier (emergency first), reasons, sources, the 72-hour window; timeline if a diary is given.

    ``answers`` is a mapping ``{signs: [...], answers: {sign: yes|no}, onset, side, note}`` or ready answers.
    The ``note`` (the person's own words) is read for warning signs: what it affirms is added (never removed),
    and a warning sign left unanswered is unknown, never "no".
    The timeline uses the diary at ``db`` (or ``user``'s default diary) only when one of them is given.
    """
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.knowledge.triage_words import load_lexicon
    from stimsafe.triage.answers import answers_from_mapping
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.engine import evaluate
    from stimsafe.triage.model import SymptomAnswers
    from stimsafe.triage.report import triage_report
    from stimsafe.triage.timeline import place
    from stimsafe.triage.words import merge, read_words

    rules, moment = load_triage_rules(), _now(now)
    parsed = (
        answers
        if isinstance(answers, SymptomAnswers)
        else answers_from_mapping(answers, rules, moment, location=location)
    )
    reading = read_words(parsed.note, load_lexicon(), moment) if parsed.note else None
    merged = parsed if reading is None else merge(parsed, reading)  # words only add signs, never remove one
    timeline = None
    if (db is not None or user is not None) and merged.onset is not None:
        with open_diary(db, user) as diary:
            timeline = place(merged.onset, diary.sessions())
    return triage_report(merged, evaluate(merged, rules, moment), rules, timeline, reading)


def triage_read(text: str, now: datetime | None = None) -> Reading:
    """What the free-text reader understands in ``text`` (signs read as yes / not sure / no / past, an onset)."""
    from stimsafe.knowledge.triage_words import load_lexicon
    from stimsafe.triage.words import read_words

    return read_words(text, load_lexicon(), _now(now))


def triage_signs() -> list[dict[str, str]]:
    """The triage questions in asking order (red flags first): ``[{id, group, question}]``."""
    from stimsafe.knowledge.triage import load_triage_rules

    return [{"id": s.id, "group": s.group, "question": s.question} for s in load_triage_rules().signs]


def diary_add_session(
    db: str | Path | None = None,
    *,
    user: str | None = None,
    device_id: str,
    zones: Sequence[str] = (),
    level: str | None = None,
    duration: str | float | None = None,
    started_at: str | datetime = "now",
    note: str | None = None,
    now: datetime | None = None,
) -> SessionRecord:
    """Record a session (``duration`` like ``"5 min"`` or seconds); ids checked against the knowledge base."""
    from stimsafe.triage.answers import parse_time
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.diary.ids import canonical_ids
    from stimsafe.triage.records import SessionRecord
    from stimsafe.units import Dimension, parse_si

    device_id, zones = canonical_ids(device_id, zones)
    seconds = (
        duration
        if duration is None or isinstance(duration, float | int)
        else parse_si(duration, Dimension.TIME, field="duration")
    )
    record = SessionRecord(
        device_id=device_id,
        zones=tuple(zones),
        level=level,
        duration_s=seconds,
        started_at=parse_time(started_at, _now(now), field="started_at"),
        note=note,
    )
    with open_diary(db, user) as diary:
        return diary.add_session(record)


def diary_add_symptom(
    db: str | Path | None = None,
    *,
    user: str | None = None,
    kind: str,
    onset: str | datetime | None = None,
    side: str | None = None,
    development: str | None = None,
    signs: Sequence[str] = (),
    no: Sequence[str] = (),
    text: str | None = None,
    photos: Sequence[str | Path] = (),
    now: datetime | None = None,
) -> SymptomRecord:
    """Record a symptom: ``kind`` and ``signs`` are triage sign ids; ``development`` is minutes|hours|days|unsure.

    ``no`` lists the signs the person checked and answered "no" (a sign also given as yes stays yes); a warning
    sign in neither stays unknown, never "no", so the symptom is never shown as SELF-CARE.
    ``onset`` left out (or ``""`` / ``"unknown"``) is stored as unknown, never as the current time.
    """
    from stimsafe.errors import InputError
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.triage.answers import answers_from_mapping, parse_onset
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.diary.store import photo_from_path
    from stimsafe.triage.records import SymptomRecord

    if development not in (None, "minutes", "hours", "days", "unsure"):
        raise InputError(
            "Unknown development.", field="development", value=development, hint="minutes, hours, days or unsure."
        )
    moment = _now(now)
    all_signs = [kind, *signs] + ([f"onset_{development}"] if development else [])
    raw = {"signs": all_signs, "answers": dict.fromkeys(no, "no"), "side": side}
    parsed = answers_from_mapping(raw, load_triage_rules(), moment)
    onset_at = parse_onset(onset, moment)
    record = SymptomRecord(
        kind=kind,
        side=parsed.side,
        onset_at=onset_at,
        development=development,
        signs=tuple(dict.fromkeys(all_signs)),
        no=tuple(s for s in dict.fromkeys(no) if s in parsed.no),
        text=text,
        photos=tuple(photo_from_path(p) for p in photos),
    )
    with open_diary(db, user) as diary:
        return diary.add_symptom(record)


def diary_report(db: str | Path | None = None, *, user: str | None = None, now: datetime | None = None) -> Report:
    """The diary as a report: sessions, and each symptom with its tier, 72-hour window and timeline."""
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.knowledge.triage_words import load_lexicon
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.summary import diary_report as build

    with open_diary(db, user) as diary:
        return build(diary.sessions(), diary.symptoms(), load_triage_rules(), _now(now), load_lexicon())


def diary_export(db: str | Path | None = None, *, user: str | None = None) -> dict[str, Any]:
    """The diary as JSON-compatible data (``format: stimsafe-diary``); :func:`diary_import` reads it back exactly."""
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.diary.exchange import export_data

    with open_diary(db, user) as diary:
        return export_data(diary)


def diary_import(
    data: Any, db: str | Path | None = None, *, user: str | None = None, location: str = "import"
) -> dict[str, int]:
    """Import an export in one transaction (all or nothing); returns counts of sessions, symptoms, skipped."""
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.diary.exchange import import_data

    with open_diary(db, user) as diary:
        return import_data(diary, data, location)


def diary_fhir(db: str | Path | None = None, *, user: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """The diary as a FHIR R4B Bundle (validated with ``fhir.resources.R4B``), as JSON-compatible data."""
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.fhir import diary_bundle

    with open_diary(db, user) as diary:
        return diary_bundle(diary.sessions(), diary.symptoms(), load_triage_rules(), _now(now), user or "me")


def diary_medwatch(
    symptom_id: str, db: str | Path | None = None, *, user: str | None = None, now: datetime | None = None
) -> str:
    """A pre-filled FDA MedWatch 3500B draft (text) for one recorded symptom."""
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.medwatch import medwatch_draft

    with open_diary(db, user) as diary:
        return medwatch_draft(diary.symptom(symptom_id), diary.sessions(), load_triage_rules(), _now(now))
