"""Symptom vignettes in everyday words, emergencies first, each with the guidance that sets its expected tier.

Written for this test (not copied) in the style of NHS 111 pages and stroke-campaign material ("Face, Arms,
Speech, Time"). Expected tiers come from the cited guidance in ../shared/facts (clinical_evidence.md §2,
wave2_addendum.md §4), never from the code's output. Each vignette is triaged the way a person would use the
tool without a terminal: their words, and where stated the warning-sign questions answered "no" (a filled form).
Words alone leave the warning signs unanswered, so a mild case told only in words is never SELF-CARE.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from stimsafe import api
from stimsafe.knowledge.triage import load_triage_rules

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
E, D, S, C = 0, 1, 2, 3
ALL_NO = {sign: "no" for sign in load_triage_rules().red_flags}

# guidance keys (the sources are in knowledge/data/triage_rules.yaml and the facts files named)
FAST = "NHS 111 Wales / ASA FAST: face droops, cannot lift both arms, difficulty speaking -> call 999/911"
BEFAST = "BE-FAST (Aroor 2017; wregional): sudden balance loss, vision loss or double vision -> emergency"
THIRD = "Kim & Choi 2014: droop with a dilated pupil (or double vision, headache) -> emergency (clinical §2.2)"
UNSURE = "iatrox summary of NICE: 'if unsure, treat as stroke and escalate'; stroke comes on suddenly (NHS)"
NHS999 = "NHS ambulance 999 lists: breathing difficulty, choking, fitting (wave2_addendum §4)"
FAINT = "SECAmb NHS: call 999 for unconsciousness even if the person has come round (wave2_addendum §4)"
CHEST = "NHS heart attack: chest pain, palpitations with it -> call 999 (wave2_addendum §4)"
SEIZURE = "Epilepsy Society: call 999 for a first seizure (wave2_addendum §4)"
TIA = "ASA TIA: call 911 even if the symptoms go away (wave2_addendum §4)"
CENTRAL = "Canadian CPG (de Almeida 2014): lower-face weakness, forehead spared -> treat as stroke (addendum §4)"
BELLS = "NHS 111 Wales / AAO-HNS 2013: one-sided weakness over hours -> GP today, steroids within 72 h"
RED = "iatrox summary of NICE: bilateral or slowly progressive weakness -> red flag, doctor's assessment"
SKIN = "NuFACE manual: only intact healthy skin; persisting symptoms -> stop and be checked (clinical §2.4)"
MILD = "clinical_evidence.md §2.4: mild redness or tingling that fades can be watched"
UNANSWERED = "issue 11: a warning sign not answered is unknown, never 'no' -> never SELF-CARE"

VIGNETTES: list[tuple[str, bool, int, str]] = [
    # words, warning signs answered "no" on a form, expected tier, guidance
    ("My face suddenly dropped on the left while I was using it and my left arm feels heavy.", False, E, FAST),
    ("Halfway through my session my words started coming out jumbled.", False, E, FAST),
    ("I can't lift my right arm above my shoulder, it started twenty minutes ago.", False, E, FAST),
    ("My husband says my smile looks lopsided and I'm slurring.", False, E, FAST),
    ("Everything went blurry in my right eye all of a sudden.", False, E, BEFAST),
    ("I'm seeing two of everything since I used it round my eyes.", False, E, BEFAST),
    ("The room started spinning and I couldn't walk straight.", False, E, BEFAST),
    ("I suddenly got the worst headache of my life.", False, E, BEFAST),
    ("Mum seems confused after her facial and doesn't know what day it is.", False, E, BEFAST),
    ("My left eyelid is hanging down and my left pupil looks much bigger than the right one.", False, E, THIRD),
    ("My eyelid has gone droopy and I've got a headache.", False, E, THIRD),
    ("My throat feels tight and it's hard to swallow since I used it on my neck.", False, E, NHS999),
    ("I used it on my neck and now I'm struggling to breathe.", False, E, NHS999),
    ("I fainted in the bathroom after my session but I feel fine now.", False, E, FAINT),
    ("I felt lightheaded and nearly passed out.", False, E, FAINT),
    ("I've got a crushing pain in my chest.", False, E, CHEST),
    ("My heart has been racing and pounding since I tried the stronger setting.", False, E, CHEST),
    ("My sister had a fit while using the device on her face.", False, E, SEIZURE),
    ("My arm went numb for about ten minutes this morning but it's fine now.", False, E, TIA),
    ("For a few minutes my speech was slurred, then it went back to normal.", False, E, TIA),
    ("Only the bottom half of my face is drooping, my forehead still moves normally.", False, E, CENTRAL),
    ("My smile went crooked really quickly, within minutes, about an hour ago.", False, E, UNSURE),
    ("I woke up and one side of my face droops.", False, E, UNSURE),
    ("My eye won't close properly and I'm not sure how fast it happened.", False, E, UNSURE),
    ("I answered no to everything, but my face is drooping on one side.", True, E, UNSURE),
    ("I think I'm having a stroke, something feels very wrong.", False, E, UNSURE),
    ("Her face has fallen on one side and she can't keep both arms up.", False, E, FAST),
    ("My tongue feels thick and my lips are swelling up.", False, E, NHS999),
    # same day
    ("Over the last few hours my mouth has started drooping on the right and I can't close my right eye.", False, D,
     BELLS),
    ("Since yesterday my face has gradually got weaker on one side and my left eyebrow won't lift.", True, D, BELLS),
    ("It has been getting worse over several days: my left eyelid droops more each day.", True, D, RED),
    ("Both sides of my face feel weak, it came on slowly over the day.", True, D, RED),
    # stop and see a clinician
    ("There's a small burn mark on my cheek where the electrode sat.", True, S, SKIN),
    ("A blister came up on my jaw after the session.", True, S, SKIN),
    ("My cheek is still swollen and sore two days later.", True, S, SKIN),
    ("My eye keeps twitching hours after I stopped.", True, S, SKIN),
    ("My skin was a bit pink after the session and it faded within the hour.", False, S, UNANSWERED),
    # self-care (every warning sign answered "no")
    ("My skin was a bit pink after the session and it faded within the hour.", True, C, MILD),
    ("The tingling stopped as soon as I turned it off.", True, C, MILD),
    ("No weakness, no trouble speaking, just a bit of redness that faded.", True, C, MILD),
]  # fmt: skip


def _ids() -> list[str]:
    return [f"{i:02d}-{words[:40]}" for i, (words, *_rest) in enumerate(VIGNETTES)]


@pytest.mark.parametrize(("words", "form_no", "expected", "guidance"), VIGNETTES, ids=_ids())
def test_everyday_vignette(words: str, form_no: bool, expected: int, guidance: str) -> None:
    report = api.triage({"note": words, **({"answers": ALL_NO} if form_no else {})}, NOW)
    assert report.data["rank"] == expected, (guidance, report.data["from_words"], report.data["signs"])
    assert report.summary[0].startswith(report.data["tier"]) or report.summary[0].startswith("You did not say")
    if expected == E:
        assert report.summary[0].startswith("CALL EMERGENCY SERVICES NOW")  # the emergency comes first


def test_the_set_is_large_and_emergencies_come_first() -> None:
    ranks = [v[2] for v in VIGNETTES]
    assert len(VIGNETTES) >= 30 and ranks == sorted(ranks)
    assert all(v[3] for v in VIGNETTES)
