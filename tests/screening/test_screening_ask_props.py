"""Hypothesis: the assess questionnaire never loses an answer and never takes a reply it did not understand.

Whatever invalid replies come before each valid one (typos, "nope", Enter alone), the profile it returns holds
exactly the valid answers, in order: a refusal re-asks the same question and touches nothing already answered.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stimsafe.cli.assess_ask import ask_profile, read_answer
from stimsafe.knowledge.conditions import load_conditions

CONDITIONS = load_conditions()
WORDS = {"yes": "yes", "no": "no", "not sure": "unknown"}
invalid = st.text(max_size=12).filter(lambda t: read_answer(t) is None and not t.strip().isdigit() and "\n" not in t)


@settings(max_examples=30)
@given(
    answers=st.lists(st.sampled_from(sorted(WORDS)), min_size=len(CONDITIONS), max_size=len(CONDITIONS)),
    noise=st.lists(st.lists(invalid, max_size=2), min_size=len(CONDITIONS), max_size=len(CONDITIONS)),
    adult=st.sampled_from(sorted(WORDS)),
)
def test_invalid_replies_are_refused_and_nothing_is_lost(
    answers: list[str], noise: list[list[str]], adult: str
) -> None:
    replies = ["", *noise[0], adult]  # skip the exact age, then "18 or older?" after some noise
    for word, junk, condition in zip(answers, noise, CONDITIONS, strict=True):
        replies += [*junk, word] + (["all"] if condition.zoned and word == "yes" else [])
    queue = iter(replies)
    refusals: list[str] = []
    profile = ask_profile(prompt=lambda _question: next(queue), say=refusals.append)
    assert next(queue, None) is None  # every reply was read, none skipped
    assert profile["adult"] == WORDS[adult] and "age" not in profile
    for word, condition in zip(answers, CONDITIONS, strict=True):
        got = profile["conditions"][condition.id]
        expected = {"answer": "yes", "zones": []} if condition.zoned and word == "yes" else WORDS[word]
        assert got == expected, condition.id
    assert len(refusals) == sum(len(j) for j in noise) + len(noise[0])
