"""The issue-11 emergency signs, firing and not firing, and unanswered warning signs read as unknown.

Expected tiers come from the cited guidance, not from the code: ../shared/facts/wave2_addendum.md §4 (call the
emergency number for stroke symptoms that went away (AHA/ASA, TIA), fainting even after coming round, breathing
difficulty / choking / fitting (NHS ambulance 999 lists), chest pain or palpitations with it, a seizure; lower-face
weakness with the forehead spared is a central pattern: treat as stroke) and clinical_evidence.md §2.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stimsafe import api
from stimsafe.knowledge.triage import load_triage_rules
from stimsafe.triage.engine import evaluate
from stimsafe.triage.model import SymptomAnswers, Tier

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
RULES = load_triage_rules()
EMERGENCY = "CALL EMERGENCY SERVICES NOW"
NEW_RED_FLAGS = ["breathing_trouble", "fainting", "chest_pain", "seizure", "stroke_sign_went_away", "stroke_suspected"]
ALL_NO = {sign: "no" for sign in RULES.red_flags}


def _tier(mapping: dict[str, object], now: datetime = NOW) -> str:
    return str(api.triage(mapping, now).data["tier"])


@pytest.mark.parametrize("sign", NEW_RED_FLAGS)
def test_each_new_warning_sign_alone_is_an_emergency(sign: str) -> None:
    assert _tier({"signs": [sign]}) == EMERGENCY
    assert _tier({"answers": {**ALL_NO, sign: "yes"}}) == EMERGENCY
    assert _tier({"answers": {**ALL_NO, sign: "unsure"}}) == EMERGENCY  # not sure reads as yes


@pytest.mark.parametrize("sign", NEW_RED_FLAGS)
def test_each_new_warning_sign_answered_no_does_not_fire(sign: str) -> None:
    report = api.triage({"answers": {**ALL_NO, "redness_fades": "yes"}}, NOW)
    assert report.data["tier"] == "SELF-CARE AND WATCH"
    assert sign not in report.data["signs"] and not report.data["unknown"]


@pytest.mark.parametrize(
    ("signs", "expected"),
    [
        ({"face_droop", "onset_hours", "forehead_spared"}, Tier.EMERGENCY),  # central pattern: treat as stroke
        ({"mouth_droop", "onset_hours", "forehead_spared"}, Tier.EMERGENCY),
        ({"forehead_spared"}, Tier.EMERGENCY),
        ({"face_droop", "onset_hours"}, Tier.DOCTOR_TODAY),  # not firing: the forehead was not reported spared
        ({"mouth_droop", "eyebrow_wont_lift", "onset_hours"}, Tier.DOCTOR_TODAY),
    ],
)
def test_lower_face_weakness_with_the_forehead_spared(signs: set[str], expected: Tier) -> None:
    assert evaluate(SymptomAnswers(signs=frozenset(signs)), RULES, NOW).tier == expected


@pytest.mark.parametrize(
    "rule_id",
    ["breathing-or-swallowing", "fainting", "chest-pain-or-palpitations", "seizure", "stroke-sign-went-away",
     "lower-face-forehead-spared", "suspected-stroke"],
)  # fmt: skip
def test_each_new_rule_is_an_emergency_citing_the_addendum_sources(rule_id: str) -> None:
    rule = next(r for r in RULES.rules if r.id == rule_id)
    assert rule.tier == Tier.EMERGENCY and "emergency number" in rule.action
    urls = {RULES.source(s).url for s in rule.sources}  # type: ignore[union-attr]
    addendum = {
        "https://www.stroke.org/en/about-stroke/types-of-stroke/tia-transient-ischemic-attack",
        "https://www.secamb.nhs.uk/stay-safe-and-cool-in-the-sun/",
        "https://www.itv.com/news/central/2022-01-10/what-should-i-do-if-i-think-im-having-a-heart-attack-covid-nhs-pressures",
        "https://hedgegrailpharmacy.co.uk/nhs_conditions_heart-attack_symptoms",
        "https://www.epilepsysociety.org.uk/when-dial-999",
        "https://studylib.net/doc/8965343/bell-s-palsy---canadian-society-of-otolaryngology",
        "https://111.wales.nhs.uk/encyclopaedia/b/article/bellspalsy",  # "call 999 if ..." (clinical §2.2)
    }
    assert urls & addendum


@pytest.mark.parametrize("hours_ago", [0.1, 6, 71, 73, 200])
@pytest.mark.parametrize(
    "signs",
    [{"seizure"}, {"stroke_sign_went_away"}, {"face_droop", "onset_minutes"}, {"mouth_droop", "forehead_spared"}],
)
def test_emergency_is_never_downgraded_by_the_onset_time_or_the_72_hour_window(
    signs: set[str], hours_ago: float
) -> None:
    onset = NOW - timedelta(hours=hours_ago)
    result = evaluate(SymptomAnswers(signs=frozenset(signs), onset=onset), RULES, NOW)
    assert result.tier == Tier.EMERGENCY


def test_a_missing_warning_sign_is_unknown_and_leads_the_report() -> None:
    answers = {**ALL_NO, "redness_fades": "yes"}
    del answers["fainting"]
    report = api.triage({"answers": answers}, NOW)
    assert report.data["unknown"] == ["fainting"]
    assert report.data["tier"] != "SELF-CARE AND WATCH"
    assert report.summary[0].startswith("You did not say whether any of these is happening: fainting")
    assert "If yes, call your emergency number now" in report.summary[0]


def test_an_empty_answers_file_is_never_self_care() -> None:
    report = api.triage({}, NOW)
    assert report.data["tier"] == "STOP USING THE DEVICE AND SEE A CLINICIAN"
    assert set(report.data["unknown"]) == set(RULES.red_flags)


def test_an_emergency_says_one_thing_when_other_signs_are_unanswered() -> None:
    report = api.triage({"signs": ["seizure"]}, NOW)
    assert report.summary == (f"{EMERGENCY}: {report.findings()[0].action}",)
    assert all(f.tier == EMERGENCY for f in report.findings())  # no "answer the rest" advice below it
    reported = next(s for s in report.sections if s.title == "What you reported").paragraphs
    assert any(p.startswith("Not answered (unknown, never read as no): ") for p in reported)


def test_words_count_as_yes_unless_the_same_input_answers_no() -> None:
    words = "my throat feels tight and it is hard to swallow"
    assert _tier({"answers": {**ALL_NO, "breathing_trouble": "yes"}}) == EMERGENCY
    assert _tier({"note": words, "answers": {s: a for s, a in ALL_NO.items() if s != "breathing_trouble"}}) == (
        EMERGENCY
    )
    explicit_no = api.triage({"note": words, "answers": ALL_NO}, NOW)
    assert explicit_no.data["tier"] == "SELF-CARE AND WATCH"  # the explicit "no" is kept, and said
    assert any("but you answered 'no' to it" in p for s in explicit_no.sections for p in s.paragraphs)


def test_negated_words_are_never_an_answer() -> None:
    # "no seizure" in words does not answer the seizure question: it stays unknown, and the report says so
    answers = {s: a for s, a in ALL_NO.items() if s != "seizure"}
    report = api.triage({"note": "no seizure, just a bit red", "answers": answers}, NOW)
    assert "seizure" in report.data["unknown"] and report.data["tier"] != "SELF-CARE AND WATCH"


def test_the_diary_reads_a_symptoms_own_words_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # "from any input": a mild symptom recorded with words describing a FAST sign is an emergency in the diary
    db = tmp_path / "d.sqlite3"
    # every warning sign answered "no" (unanswered ones would keep it above SELF-CARE: test_triage_diary_unanswered)
    mild = api.diary_add_symptom(db, kind="redness_fades", text="a bit red", no=list(ALL_NO), now=NOW)
    words = "a bit red, but now I can't lift my arm"
    fast = api.diary_add_symptom(db, kind="redness_fades", text=words, now=NOW)
    tiers = api.diary_report(db, now=NOW).data["tiers"]
    assert tiers[fast.id] == EMERGENCY and tiers[mild.id] == "SELF-CARE AND WATCH"
