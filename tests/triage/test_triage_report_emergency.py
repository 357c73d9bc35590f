"""Review finding 4: an emergency report says only the emergency instruction, never "see a doctor today" next to
it, and a rule whose reason contradicts the reported speed ("develops over hours" for a sudden or unsure onset)
is not listed. Expected wording from clinical_evidence.md §2.1 (BE-FAST: call the emergency number at once)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stimsafe.knowledge.triage import load_triage_rules
from stimsafe.triage.engine import evaluate, window_from
from stimsafe.triage.model import SymptomAnswers, Tier
from stimsafe.triage.report import triage_report

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
RULES = load_triage_rules()
LOWER_ADVICE = ("see a doctor", "SEE A DOCTOR TODAY", "urgent care today")


def _report(signs: set[str], onset: datetime | None = None):  # type: ignore[no-untyped-def]
    answers = SymptomAnswers(signs=frozenset(signs), onset=onset)
    return triage_report(answers, evaluate(answers, RULES, NOW), RULES)


@pytest.mark.parametrize(
    "signs",
    [{"face_droop"}, {"face_droop", "onset_unsure"}, {"face_droop", "onset_minutes"}, {"mouth_droop", "onset_minutes"}],
)
@pytest.mark.parametrize("onset", [None, NOW - timedelta(hours=2), NOW - timedelta(hours=90)])
def test_an_emergency_summary_gives_no_lower_advice(signs: set[str], onset: datetime | None) -> None:
    report = _report(signs, onset)
    assert report.data["tier"] == Tier.EMERGENCY.label
    assert report.summary[0].startswith("CALL EMERGENCY SERVICES NOW")
    assert len(report.summary) == 1, report.summary
    for line in report.summary:
        assert not any(words.lower() in line.lower() for words in LOWER_ADVICE), line


@pytest.mark.parametrize("speed", ["onset_minutes", "onset_unsure", None])
def test_the_over_hours_rule_is_not_shown_for_a_sudden_or_unsure_onset(speed: str | None) -> None:
    report = _report({"face_droop"} | ({speed} if speed else set()))
    shown = [f.id for section in report.sections for f in section.findings]
    assert "face-weakness-over-hours" not in shown
    assert "sudden-face-weakness" in shown
    assert "develops over hours" not in str(report.sections)


def test_the_over_hours_rule_is_still_shown_when_the_onset_was_over_hours() -> None:
    # droop over hours with a headache: the emergency comes first, the same-day reason still holds and is listed
    report = _report({"face_droop", "onset_hours", "headache"})
    assert report.data["tier"] == Tier.EMERGENCY.label
    also = [s for s in report.sections if s.title == "Also noted"]
    assert also and "face-weakness-over-hours" in [f.id for f in also[0].findings]


def test_the_window_sentence_gives_no_instruction() -> None:
    # the tier carries the instruction; the window only states times (hand calculation: 08:00 + 72 h)
    onset = datetime(2026, 11, 25, 8, tzinfo=UTC)
    for moment in (None, onset, onset - timedelta(hours=100)):
        text = window_from(72, moment, NOW).statement()
        assert not any(words.lower() in text.lower() for words in LOWER_ADVICE), text
    assert (
        window_from(72, None, NOW).statement()
        == "The onset time was not given, so the 72-hour window cannot be computed."
    )


def test_a_same_day_summary_keeps_the_window() -> None:
    report = _report({"face_droop", "onset_hours"}, datetime(2026, 11, 25, 8, tzinfo=UTC))
    assert report.summary[0].startswith("SEE A DOCTOR TODAY")
    assert "ends 2026-11-28 08:00 UTC: 66 hours left." in report.summary[1]


def test_the_emergency_timing_section_may_still_state_the_window() -> None:
    report = _report({"face_droop", "onset_unsure"}, NOW - timedelta(hours=2))
    timing = [s for s in report.sections if s.title == "Timing"]
    assert timing and "72-hour window" in timing[0].paragraphs[0]
