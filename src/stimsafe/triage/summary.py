"""The diary report and the clinician summary (rendered as Markdown or standalone HTML by ``stimsafe.report``).

Each symptom is shown with its triage tier (re-evaluated from the stored answers at ``now``), the 72-hour
window where it applies, and its timeline against the sessions before it. Clinician-facing, but still no
diagnosis: it records what the person reported and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from stimsafe.report.model import Finding, Report, Section, Table
from stimsafe.triage.engine import TriageResult, evaluate, format_time
from stimsafe.triage.lexicon import Lexicon
from stimsafe.triage.model import RuleSet, SymptomAnswers
from stimsafe.triage.records import SessionRecord, SymptomRecord
from stimsafe.triage.report import sign_names, timeline_table
from stimsafe.triage.timeline import place
from stimsafe.triage.words import merge, read_words


def answers_of(symptom: SymptomRecord, rules: RuleSet, lexicon: Lexicon | None = None) -> SymptomAnswers:
    """The triage answers a stored symptom holds (its kind and its signs that the rules know), and, given the
    ``lexicon``, the signs its text affirms (words only add signs, as in triage)."""
    known = {s.id for s in rules.signs}
    signs = frozenset(s for s in (symptom.kind, *symptom.signs) if s in known)
    said_no = frozenset(s for s in symptom.no if s in known) - signs
    answers = SymptomAnswers(
        signs=signs,
        no=said_no,
        unknown=rules.red_flags - signs - said_no,  # a warning sign not answered is unknown, never "no"
        onset=symptom.onset_at,
        side=symptom.side,
        note=symptom.text,
    )
    if lexicon is None or not symptom.text:
        return answers
    return merge(answers, read_words(symptom.text, lexicon))


def _sessions_table(sessions: Sequence[SessionRecord]) -> Table:
    rows = tuple(
        (
            s.id[:8],
            format_time(s.started_at),
            s.device_id,
            ", ".join(s.zones) or None,
            s.level,
            None if s.duration_s is None else f"{s.duration_s / 60:g}",
        )
        for s in sessions
    )
    return Table(title="Sessions", columns=("id", "started", "device", "zones", "level", "minutes"), rows=rows)


def _symptom_section(
    symptom: SymptomRecord, result: TriageResult, sessions: Sequence[SessionRecord], rules: RuleSet
) -> Section:
    sign = rules.sign(symptom.kind)
    top = result.fired[0] if result.fired else rules.fallback
    if result.unknown and top.tier > result.tier:  # the unanswered warning signs set the tier: say so
        top = rules.unanswered
    finding = Finding(
        id=f"{symptom.id}:{top.id}",
        tier=result.tier.label,
        rank=int(result.tier),
        title=top.title,
        reason=top.reason,
        action=top.action,
        source_ids=top.sources,
    )
    timeline = None if symptom.onset_at is None else place(symptom.onset_at, sessions)
    names = [found.name if (found := rules.sign(s)) else s for s in symptom.signs]
    onset = "Onset unknown" if symptom.onset_at is None else f"Onset {format_time(symptom.onset_at)}"
    paragraphs = [
        f"{onset}; side: {symptom.side or 'not recorded'}; developed: {symptom.development or 'not recorded'}.",
        f"Reported signs: {', '.join(names) or 'none'}.",
    ]
    if result.unknown:
        paragraphs.append(f"Not answered (unknown, never read as no): {sign_names(result.unknown, rules)}.")
    if symptom.text:
        paragraphs.append(f"In the person's words: {symptom.text}")
    paragraphs += [f"Photo: {p.path} (SHA-256 {p.sha256})" for p in symptom.photos]
    if result.window is not None:
        paragraphs.append(result.window.statement())
    paragraphs.append(
        "The onset time is unknown, so the sessions before it cannot be placed."
        if timeline is None
        else timeline.statement()
    )
    tables = (timeline_table(timeline),) if timeline is not None and timeline.sessions else ()
    when = "onset unknown" if symptom.onset_at is None else format_time(symptom.onset_at)
    title = f"{(sign.name if sign else symptom.kind).capitalize()} ({when})"
    return Section(title=title, paragraphs=tuple(paragraphs), findings=(finding,), tables=tables)


def _count(n: int, noun: str) -> str:
    """``1 session``, ``2 sessions``, ``0 sessions``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def diary_report(
    sessions: Sequence[SessionRecord],
    symptoms: Sequence[SymptomRecord],
    rules: RuleSet,
    now: datetime,
    lexicon: Lexicon | None = None,
) -> Report:
    """The whole diary as a report: sessions, then each symptom with tier, window and timeline.

    Given the ``lexicon``, a symptom's own words are read for warning signs as in triage (they can only raise
    its tier: "my arm is weak" written under a mild symptom makes it an emergency).
    """
    sections = [
        Section(
            title="Sessions",
            tables=(_sessions_table(sessions),) if sessions else (),
            paragraphs=() if sessions else ("No session recorded.",),
        )
    ]
    results = []
    for symptom in symptoms:
        result = evaluate(answers_of(symptom, rules, lexicon), rules, now)
        results.append(result)
        sections.append(_symptom_section(symptom, result, sessions, rules))
    sections.append(Section(title="About the cause", paragraphs=rules.about_cause.text))
    cited = dict.fromkeys(
        [s for sec in sections for f in sec.findings for s in f.source_ids] + list(rules.about_cause.sources)
    )
    worst = min((r.tier for r in results), default=None)
    summary = [f"{_count(len(sessions), 'session')}, {_count(len(symptoms), 'symptom')} recorded."]
    if worst is not None:
        summary.insert(0, f"Most urgent tier among recorded symptoms: {worst.label}.")
    return Report(
        kind="diary",
        title="stimsafe diary: sessions and symptoms",
        summary=tuple(summary),
        sections=tuple(sections),
        sources=tuple(s for s in (rules.source(i) for i in cited) if s is not None),
        disclaimers=rules.disclaimers,
        data={
            "now": now.isoformat(),
            "sessions": len(sessions),
            "symptoms": len(symptoms),
            "tiers": {y.id: r.tier.label for y, r in zip(symptoms, results, strict=True)},
        },
    )
