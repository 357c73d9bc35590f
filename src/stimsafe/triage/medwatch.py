"""A pre-filled draft of the FDA MedWatch consumer voluntary report (Form FDA 3500B), as text to paste.

The headings follow the consumer form's parts (the problem, product availability, the medical device, the
person who had the problem, the person reporting). Check them against the current form before filing; this
module fills in only what the diary knows and marks the rest ``[fill in]``; an onset the person did not give is
written ``unknown``. The narrative states timing, never
a cause. Consumers do file such reports: MAUDE lists voluntary reports whose reporter is the patient
(https://fda.report/MAUDE/MDR/2999525).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from stimsafe.triage.model import RuleSet
from stimsafe.triage.records import SessionRecord, SymptomRecord
from stimsafe.triage.timeline import place

MEDWATCH_URL = "https://www.fda.gov/safety/medwatch-fda-safety-information-and-adverse-event-reporting-program"
FILL = "[fill in]"


UNKNOWN = "unknown"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %z").strip()


def _last_session(symptom: SymptomRecord, sessions: Sequence[SessionRecord]) -> SessionRecord | None:
    """The last session before the onset (or, with the onset unknown, the last one recorded)."""
    if symptom.onset_at is not None:
        timeline = place(symptom.onset_at, sessions)
        return timeline.sessions[0] if timeline.sessions else None
    return max(sessions, key=lambda s: s.started_at, default=None)


def _narrative(symptom: SymptomRecord, sessions: Sequence[SessionRecord], rules: RuleSet) -> str:
    names = []
    for sign_id in dict.fromkeys((symptom.kind, *symptom.signs)):
        sign = rules.sign(sign_id)
        names.append(sign.name if sign else sign_id)
    when = f"On {_when(symptom.onset_at)} I" if symptom.onset_at else "I do not know when it started. I"
    parts = [f"{when} noticed: {', '.join(names)}" + (f" (side: {symptom.side})." if symptom.side else ".")]
    if symptom.development:
        parts.append(f"It developed: {symptom.development}.")
    if symptom.text:
        parts.append(f"In my words: {symptom.text}")
    if symptom.onset_at is not None:
        parts.append(place(symptom.onset_at, sessions).statement())
    last = _last_session(symptom, sessions)
    if last is not None:
        minutes = "" if last.duration_s is None else f" for {last.duration_s / 60:g} minutes"
        parts.append(
            f"The last session used {last.device_id} on {', '.join(last.zones) or 'zones not recorded'}"
            f" at level {last.level or 'not recorded'}{minutes}, starting {_when(last.started_at)}."
        )
    parts.append("I do not know whether the device caused this; I am reporting the timing.")
    if symptom.photos:
        parts.append(f"I have {len(symptom.photos)} dated photo(s).")
    return " ".join(parts)


def medwatch_draft(symptom: SymptomRecord, sessions: Sequence[SessionRecord], rules: RuleSet, today: datetime) -> str:
    """The draft as plain text: one ``Field: value`` line per form field, in the form's order.

    Examples
    --------
    >>> from datetime import timezone
    >>> from stimsafe.knowledge.triage import load_triage_rules
    >>> t = datetime(2026, 11, 25, 8, tzinfo=timezone.utc)
    >>> y = SymptomRecord(kind="burn", onset_at=t)
    >>> text = medwatch_draft(y, [], load_triage_rules(), t)
    >>> "Date the problem occurred: 2026-11-25" in text
    True
    """
    device = _last_session(symptom, sessions)
    onset = UNKNOWN if symptom.onset_at is None else symptom.onset_at.date().isoformat()
    lines = [
        "DRAFT - FDA MedWatch consumer voluntary report (Form FDA 3500B). Check every field before filing.",
        f"File online or on paper: {MEDWATCH_URL}",
        "",
        "== About the problem ==",
        "What kind of problem: [x] Hurt or had a bad side effect (including new or worsening symptoms)",
        "Did any of these happen (hospitalisation, disability, life-threatening, other serious): [check as applies]",
        f"Date the problem occurred: {onset}",
        f"Tell us what happened and how it happened: {_narrative(symptom, sessions, rules)}",
        f"Relevant tests or laboratory data: {FILL}",
        "",
        "== Product availability ==",
        f"Do you still have the product in case FDA wants to evaluate it: {FILL}",
        "",
        "== About the medical device ==",
        f"Name of the medical device: {device.device_id if device else FILL}",
        f"Name of the company that makes it: {FILL}",
        f"Model, catalogue, lot or serial number, UDI: {FILL}",
        "Who was operating the device: the person who had the problem (at home)" if device else f"Operator: {FILL}",
        f"Date use started / stopped: {FILL}",
        "",
        "== About the person who had the problem ==",
        f"Initials, sex, age or date of birth, weight: {FILL}",
        f"Known medical conditions, allergies, current medicines: {FILL}",
        "",
        "== About the person filling out this form ==",
        f"Name, address, phone, email: {FILL}",
        f"Today's date: {today.date().isoformat()}",
        f"Did you also report this to the manufacturer: {FILL}",
    ]
    return "\n".join(lines) + "\n"
