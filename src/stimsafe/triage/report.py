"""Turn a triage result (and the timeline) into a :class:`~stimsafe.report.model.Report`.

The most serious tier comes first, in the title and the first summary line. Every finding cites its sources;
the "about the cause" statement is always present; nothing names a diagnosis or a cause.
"""

from __future__ import annotations

from collections.abc import Iterable

from stimsafe.domain.source import Source
from stimsafe.report.model import Finding, Report, Section, Table
from stimsafe.triage.engine import TriageResult, format_time
from stimsafe.triage.model import Fallback, Rule, RuleSet, SymptomAnswers, Tier
from stimsafe.triage.timeline import Timeline
from stimsafe.triage.words import Reading


def _shown(result: TriageResult) -> tuple[Rule, ...]:
    """The fired rules a report lists: a rule whose reason a reported sign contradicts is left out below the tier."""
    return tuple(
        r for r in result.fired if r.tier == result.tier or not any(s in result.signs for s in r.not_shown_with)
    )


def rule_finding(rule: Rule | Fallback, finding_id: str | None = None) -> Finding:
    """A triage rule as a report finding: its tier, words and sources."""
    return Finding(
        id=finding_id or rule.id,
        tier=rule.tier.label,
        rank=int(rule.tier),
        title=rule.title,
        reason=rule.reason,
        action=rule.action,
        source_ids=rule.sources,
    )


def _findings(result: TriageResult, rules: RuleSet) -> list[Finding]:
    # an emergency report says one thing: unanswered signs are listed under "What you reported" only
    unanswered = [rule_finding(rules.unanswered)] if result.unknown and result.tier != Tier.EMERGENCY else []
    if not result.fired:
        return unanswered or [rule_finding(rules.fallback)]
    return sorted([rule_finding(r) for r in _shown(result)] + unanswered, key=lambda f: f.rank)


def sign_names(sign_ids: Iterable[str], rules: RuleSet) -> str:
    """Sign ids as words, in asking order: ``"fainting or nearly fainting, a seizure (fit)"``."""
    order = {s.id: i for i, s in enumerate(rules.signs)}
    ids = sorted(sign_ids, key=lambda s: order.get(s, len(order)))
    return ", ".join(found.name if (found := rules.sign(s)) else s for s in ids)


def unanswered_line(unknown: Iterable[str], rules: RuleSet) -> str:
    """The lead sentence for unanswered warning signs: never read as "no", with the emergency advice."""
    return (
        f"You did not say whether any of these is happening: {sign_names(unknown, rules)}. If yes, call your emergency "
        "number now (911, 999, 112)."
    )


def _sources(findings: Iterable[Finding], rules: RuleSet, unsure: bool = False) -> tuple[Source, ...]:
    cited = [s for f in findings for s in f.source_ids] + list(rules.unsure.sources if unsure else ())
    wanted = dict.fromkeys(cited + list(rules.about_cause.sources))
    return tuple(src for src in (rules.source(i) for i in wanted) if src is not None)


def timeline_table(timeline: Timeline) -> Table:
    """The sessions before an onset, most recent first."""
    rows = tuple(
        (
            format_time(s.started_at),
            f"{(timeline.onset - s.started_at).total_seconds() / 3600:.1f}",
            s.device_id,
            ", ".join(s.zones) or None,
            s.level,
            None if s.duration_s is None else f"{s.duration_s / 60:g}",
        )
        for s in timeline.sessions
    )
    return Table(
        title="Sessions before the onset",
        columns=("started", "hours before onset", "device", "zones", "level", "minutes"),
        rows=rows,
        note=f"Sessions in the {timeline.lookback_h / 24:g} days before onset. Timing alone does not show a cause.",
    )


def _answered(answers: SymptomAnswers, result: TriageResult, rules: RuleSet) -> Section:
    lines = []
    for sign_id in sorted(result.signs):
        sign = rules.sign(sign_id)
        question = sign.question if sign else sign_id
        if sign_id in result.unsure:
            lines.append(f"Not sure: {question} (treated as yes)")
            continue
        if sign_id in answers.signs:
            lines.append(f"Yes: {question}")
        else:  # filled by a cautious default (its reason is the Note below): the person did not say it
            lines.append(f"Assumed, not answered: {sign_names([sign_id], rules)}")
    if result.unknown:
        lines.append(f"Not answered (unknown, never read as no): {sign_names(result.unknown, rules)}")
    if answers.side:
        lines.append(f"Side: {answers.side}")
    if answers.note:
        lines.append(f"Your words: {answers.note}")
    if result.unsure:
        lines.append(f"Note: {rules.unsure.reason}")
    lines += [f"Note: {reason}" for reason in result.defaults_applied]
    return Section(title="What you reported", paragraphs=tuple(lines) or ("No warning sign was reported.",))


_READ_AS = (
    ("yes", "Read as yes: {names}."),
    ("unsure", "Read as not sure (treated as yes): {names}."),
    (
        "no",
        "You wrote that you do not have: {names}. Written words are never counted as a 'no'; answer the "
        "question to confirm.",
    ),
    ("past", "Not counted (history, a hypothetical, or something that has passed): {names}."),
)


def words_section(reading: Reading, answers: SymptomAnswers, rules: RuleSet) -> Section:
    """What stimsafe understood from the person's own words, with the words that matched; conflicts called out."""
    lines = []
    for status, template in _READ_AS:
        found = [m for m in reading.mentions if m.status == status]
        if found:
            names = "; ".join(f'{sign_names([m.sign], rules)} ("{m.words}")' for m in found)
            lines.append(template.format(names=names))
    conflict = (reading.signs("yes") | reading.signs("unsure")) & answers.no
    if conflict:
        lines.append(
            f"Your words mention {sign_names(conflict, rules)}, but you answered 'no' to it: the answer was kept. "
            "If it is happening, call your emergency number now (911, 999, 112)."
        )
    if reading.onset is not None:
        used = "" if answers.onset == reading.onset else " (not used: the onset you gave was used)"
        when = reading.onset.strftime("%Y-%m-%d %H:%M %Z").strip()
        lines.append(f'Onset read from "{reading.onset_words}": {when}{used}.')
    if not reading.mentions:
        lines.append("No sign that stimsafe knows was found in your words; answer the questions as well.")
    return Section(title="What stimsafe read in your words", paragraphs=tuple(lines))


def _timing(result: TriageResult, timeline: Timeline | None) -> Section | None:
    paragraphs, tables = [], []
    if result.window is not None:
        paragraphs.append(result.window.statement())
    if timeline is not None:
        paragraphs.append(timeline.statement())
        if timeline.sessions:
            tables.append(timeline_table(timeline))
    if not paragraphs:
        return None
    return Section(title="Timing", paragraphs=tuple(paragraphs), tables=tuple(tables))


def _data(result: TriageResult, timeline: Timeline | None, reading: Reading | None = None) -> dict[str, object]:
    window = result.window
    return {
        "from_words": None
        if reading is None
        else {m.sign: {"status": m.status, "words": m.words} for m in reading.mentions},
        "tier": result.tier.label,
        "rank": int(result.tier),
        "rules": [r.id for r in result.fired],
        "signs": sorted(result.signs),
        "unsure": sorted(result.unsure),
        "unknown": sorted(result.unknown),
        "defaults_applied": list(result.defaults_applied),
        "now": result.now.isoformat(),
        "window": None
        if window is None
        else {
            "hours": window.hours,
            "onset": None if window.onset is None else window.onset.isoformat(),
            "deadline": None if window.deadline is None else window.deadline.isoformat(),
            "hours_left": window.hours_left,
            "passed": window.passed,
            "statement": window.statement(),
        },
        "timeline": None if timeline is None else timeline.model_dump(mode="json"),
    }


def triage_report(
    answers: SymptomAnswers,
    result: TriageResult,
    rules: RuleSet,
    timeline: Timeline | None = None,
    reading: Reading | None = None,
) -> Report:
    """The triage report: tier first, then why, what was reported (and read in the words), timing, the cause.

    ``answers`` are the answers the tier was computed from (the person's words already merged in, see
    :func:`stimsafe.triage.words.merge`); ``reading`` is what the words said, shown back to the person.
    """
    findings = _findings(result, rules)
    top = [f for f in findings if f.rank == int(result.tier)]
    rest = [f for f in findings if f.rank != int(result.tier)]
    summary = [f"{result.tier.label}: {top[0].action}"]
    if result.unknown and result.tier != Tier.EMERGENCY:  # the unanswered warning signs lead
        summary.insert(0, unanswered_line(result.unknown, rules))
    if result.window is not None and result.tier != Tier.EMERGENCY:
        # an emergency says one thing only; the timing section still states the window, without advice
        summary.append(result.window.statement())
    sections = [Section(title="What to do now", findings=tuple(top))]
    if rest:
        sections.append(Section(title="Also noted", findings=tuple(rest)))
    sections.append(_answered(answers, result, rules))
    if reading is not None:
        sections.append(words_section(reading, answers, rules))
    timing = _timing(result, timeline)
    if timing is not None:
        sections.append(timing)
    sections.append(Section(title="About the cause", paragraphs=rules.about_cause.text))
    return Report(
        kind="triage",
        title=f"Triage: {result.tier.label}",
        summary=tuple(summary),
        sections=tuple(sections),
        sources=_sources(findings, rules, bool(result.unsure)),
        disclaimers=rules.disclaimers,
        data=_data(result, timeline, reading),
    )
