"""Safety invariants over every kind of input (Hypothesis): structured answers, free text, or both.

1. Nothing lowers an emergency: once the answers call for emergency services, adding any answer (yes, not sure,
   an onset, words) keeps them there; words alone can only raise a tier.
2. A warning sign left unanswered is never read as "no": the tier is never SELF-CARE.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from stimsafe import api
from stimsafe.knowledge.triage import load_triage_rules

from .test_triage_words import TABLE

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
RULES = load_triage_rules()
SIGNS = sorted(s.id for s in RULES.signs)
RED_FLAGS = sorted(RULES.red_flags)
PHRASES = sorted({text for text, _, _ in TABLE})
ONSETS = [None, "10 min ago", "this morning", "2 days ago", "5 days ago", "unknown"]
SELF_CARE = "SELF-CARE AND WATCH"

answers_st = st.dictionaries(st.sampled_from(SIGNS), st.sampled_from(["yes", "no", "unsure"]), max_size=12)
words_st = st.lists(st.sampled_from(PHRASES), max_size=4).map(". ".join)


def _mapping(answers: dict[str, str], words: str, onset: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"answers": answers}
    if words:
        out["note"] = words
    if onset is not None:
        out["onset"] = onset
    return out


def _rank(mapping: dict[str, Any]) -> int:
    return int(api.triage(mapping, NOW).data["rank"])


@given(answers=answers_st, words=words_st, onset=st.sampled_from(ONSETS), more_words=words_st)
def test_words_only_raise_a_tier(answers: dict[str, str], words: str, onset: str | None, more_words: str) -> None:
    before = _rank(_mapping(answers, words, onset))
    after = _rank(_mapping(answers, ". ".join(filter(None, (words, more_words))), onset))
    assert after <= before


@given(
    answers=answers_st,
    words=words_st,
    onset=st.sampled_from(ONSETS),
    flag=st.sampled_from(RED_FLAGS),
    extra=st.dictionaries(st.sampled_from(SIGNS), st.sampled_from(["yes", "unsure"]), max_size=6),
    more_words=words_st,
    later=st.sampled_from(ONSETS),
)
def test_no_answer_combination_lowers_an_emergency(
    answers: dict[str, str],
    words: str,
    onset: str | None,
    flag: str,
    extra: dict[str, str],
    more_words: str,
    later: str | None,
) -> None:
    if _rank(_mapping(answers, words, onset)) != 0:
        answers = {**answers, flag: "yes"}  # make it an emergency through one structured warning sign
    assert _rank(_mapping(answers, words, onset)) == 0
    # add "yes" or "not sure" to any sign not already "yes", more words, and any other onset (or the 72-hour
    # window passing): still an emergency
    grown = {**answers, **{sign: value for sign, value in extra.items() if answers.get(sign) != "yes"}}
    text = ". ".join(filter(None, (words, more_words)))
    assert _rank(_mapping(grown, text, onset)) == 0
    assert _rank(_mapping(grown, text, later)) == 0


@given(answers=answers_st, words=words_st, onset=st.sampled_from(ONSETS), missing=st.sampled_from(RED_FLAGS))
def test_a_missing_warning_sign_never_yields_self_care(
    answers: dict[str, str], words: str, onset: str | None, missing: str
) -> None:
    answers = {sign: value for sign, value in answers.items() if sign != missing}
    report = api.triage(_mapping(answers, words, onset), NOW)
    assert report.data["tier"] != SELF_CARE
    assert missing in report.data["unknown"] or missing in report.data["signs"]
    if report.data["unknown"] and report.data["rank"] != 0:  # an emergency leads with the emergency alone
        assert report.summary[0].startswith("You did not say whether")
