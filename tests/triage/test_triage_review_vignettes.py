"""Held-out review vignettes: everyday words, each with the tier the cited guidance sets, run through API and CLI.

The first batch was written by the triage reviewer before reading the phrase lexicon
(knowledge/data/triage_words.yaml); the second and third batches were probes written after the first fixes, from
the same guidance, each miss fixed as a phrasing class. All are in the words people use on forums and to NHS 111
("my smile's gone lopsided", "had a fit", "heart racing"), including negated, hypothetical and past-history forms. Expected tiers and signs come from the guidance named with each vignette
(../shared/facts/clinical_evidence.md §2, wave2_addendum.md §4, press_2025_article.md), never from the code.

What is asserted:

- an emergency is CALL EMERGENCY SERVICES NOW from the words alone, through ``api.triage`` and ``stimsafe triage
  WORDS`` (non-interactive), and the report leads with it;
- a face weakness is at least SEE A DOCTOR TODAY (the 72-hour steroid window);
- words alone leave the warning signs unanswered, so nothing told only in words is SELF-CARE;
- the reader (``api.triage_read``) finds at least one of the expected signs, and does not affirm a sign that the
  words deny, wonder about, or place in the past.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import NamedTuple

import pytest

from stimsafe import api
from stimsafe.cli.main import main
from stimsafe.knowledge.triage import load_triage_rules

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
ALL_NO = {sign: "no" for sign in load_triage_rules().red_flags}
E, D, S, C = 0, 1, 2, 3

# The guidance each expectation rests on (facts files in ../shared/facts).
FAST = "clinical_evidence.md §2.1 FAST (ASA/Mayo/NHS): face drooping, arm weakness, speech difficulty -> 999/911"
BEFAST = "clinical_evidence.md §2.1 BE-FAST: sudden balance loss, blurred/double vision; §2.4 sudden severe headache"
CONFUSED = "clinical_evidence.md §2.4 tier 1: confusion, 'the person cannot tell what is happening' -> emergency"
THIRD = "clinical_evidence.md §2.2 (Kim & Choi 2014): eyelid droop with a larger pupil, double vision or headache"
TIA = "wave2_addendum.md §4 (AHA/ASA TIA): call 911 even if the stroke symptoms go away"
AIRWAY = "wave2_addendum.md §4 (NHS ambulance 999 list): breathing difficulty, choking, severe allergic reaction"
FAINT = "wave2_addendum.md §4 (SECAmb NHS): call 999 for unconsciousness even if the person has come round"
CHEST = "wave2_addendum.md §4 (NHS heart attack): chest pain, or palpitations with it -> call 999"
FIT = "wave2_addendum.md §4 (Epilepsy Society): call 999 for a first seizure"
CENTRAL = "wave2_addendum.md §4 (Canadian CPG): lower face weak, forehead spared -> treat as stroke"
UNSURE = "clinical_evidence.md §2.2 (NICE summaries): 'if unsure, treat as stroke and escalate'"
BELLS = "clinical_evidence.md §2.2/§2.4 tier 2 (NHS, AAO-HNS 2013): one-sided weakness -> doctor today, 72 h steroids"
SKIN = "clinical_evidence.md §2.4 tier 3 + Lim 2023 (burns): burns, blisters, broken skin, persisting swelling/pain"
ARTICLE = (
    "press_2025_article.md: side effects 'swelling, pain, skin irritation, muscle fatigue/strain, nerve irritation'"
)
MILD = "clinical_evidence.md §2.4: mild redness or tingling that fades can be watched ('persists or worsens' wording)"
HISTORY = "issue 11 item 4: past history and hypotheticals are not counted; negations are shown, never read as 'no'"


class Vignette(NamedTuple):
    """Words, whether every warning sign was answered "no" on a form, the worst tier allowed, the guidance."""

    words: str
    form_no: bool
    worst: int  # the least serious tier (highest rank) the guidance allows
    guidance: str
    read: frozenset[str] = frozenset()  # at least one of these is read as yes / not sure
    not_read: frozenset[str] = frozenset()  # none of these is read as yes / not sure


def _v(words: str, worst: int, guidance: str, read: str = "", not_read: str = "", form_no: bool = False) -> Vignette:
    return Vignette(words, form_no, worst, guidance, frozenset(read.split()), frozenset(not_read.split()))


FACE = "face_droop mouth_droop eyelid_droop eye_wont_close eyebrow_wont_lift both_sides_weak forehead_spared"
VIGNETTES: list[Vignette] = [
    # --- emergencies: FAST / BE-FAST
    _v("My smile's gone lopsided and my left arm feels heavy and useless.", E, FAST, "arm_leg_weakness"),
    _v("Left side of my mouth won't move and I'm slurring my words.", E, FAST, "speech_trouble"),
    _v("I can't raise my right arm properly, it just drops back down.", E, FAST, "arm_leg_weakness"),
    _v("My leg has gone weak and numb and I can't feel my foot.", E, FAST, "arm_leg_weakness"),
    _v("I can't get my words out, I know what I want to say.", E, FAST, "speech_trouble"),
    _v("My words are coming out all wrong and garbled.", E, FAST, "speech_trouble"),
    _v("My wife says my speech sounds drunk but I haven't had a drink.", E, FAST, "speech_trouble"),
    _v("Out of nowhere I couldn't see properly out of my left eye.", E, BEFAST, "vision_loss"),
    _v("My vision has gone blurry all of a sudden.", E, BEFAST, "vision_loss"),
    _v("I'm seeing double since the session.", E, BEFAST, "double_vision"),
    _v("I keep losing my balance and I'm stumbling into walls.", E, BEFAST, "balance_loss"),
    _v("I've got the worst headache of my life, it came on like a thunderclap.", E, BEFAST, "severe_headache"),
    _v("I feel really confused and can't think straight.", E, CONFUSED, "confusion"),
    # --- emergencies: third-nerve red flags
    _v("My eyelid droops and I see double.", E, THIRD, "eyelid_droop double_vision"),
    _v("One pupil looks huge compared to the other one.", E, THIRD, "dilated_pupil"),
    _v("My right eyelid is drooping and my pupil is dilated.", E, THIRD, "dilated_pupil"),
    _v("My eyelid has dropped and I've got a banging headache.", E, THIRD, "eyelid_droop"),
    # --- emergencies: went away (TIA)
    _v("My speech went weird for a few minutes then came back.", E, TIA, "stroke_sign_went_away"),
    _v("My face went droopy for about ten minutes earlier but it's back to normal now.", E, TIA,
       "stroke_sign_went_away"),
    _v("My arm went weak for a bit this morning, it's fine now.", E, TIA, "stroke_sign_went_away"),
    _v("I lost the sight in one eye for a couple of minutes and then it came back.", E, TIA,
       "stroke_sign_went_away"),
    # --- emergencies: airway, fainting, chest, seizure
    _v("My throat feels tight.", E, AIRWAY, "breathing_trouble"),
    _v("I'm finding it hard to swallow and my tongue feels swollen.", E, AIRWAY, "breathing_trouble"),
    _v("I can't catch my breath since I used it on my neck.", E, AIRWAY, "breathing_trouble"),
    _v("My lips and face are swelling up and I'm wheezing.", E, AIRWAY, "breathing_trouble"),
    _v("I passed out.", E, FAINT, "fainting"),
    _v("I blacked out for a few seconds after using it on my neck.", E, FAINT, "fainting"),
    _v("I came over dizzy and collapsed on the floor.", E, FAINT, "fainting"),
    _v("I felt faint and almost keeled over.", E, FAINT, "fainting"),
    _v("Heart racing.", E, CHEST, "chest_pain"),
    _v("My chest feels tight and heavy.", E, CHEST, "chest_pain"),
    _v("My heart is pounding and skipping beats.", E, CHEST, "chest_pain"),
    _v("Had a fit.", E, FIT, "seizure"),
    _v("I had a seizure while using it.", E, FIT, "seizure"),
    _v("My whole body started shaking and jerking and I couldn't stop it.", E, FIT, "seizure"),
    # --- emergencies: central pattern, suspicion, sudden face weakness
    _v("Only my mouth droops, I can still raise both eyebrows and wrinkle my forehead.", E, CENTRAL,
       "forehead_spared"),
    _v("Could this be a stroke? My face looks wrong.", E, UNSURE, "stroke_suspected"),
    _v("My face dropped on one side suddenly, within a minute or two.", E, UNSURE, FACE),
    # --- emergencies the words half-deny: the negation must not swallow the sign next to it
    _v("No headache, but my arm has gone weak.", E, FAST, "arm_leg_weakness", "severe_headache headache"),
    _v("My face isn't drooping but I can't speak properly.", E, FAST, "speech_trouble", "face_droop"),
    _v("I had Bell's palsy years ago and now my eyelid droops again and I'm seeing double.", E, THIRD,
       "double_vision"),
    # --- second batch (probed after the first fixes; same rules: written from the guidance, not the lexicon)
    _v("My face looks like it's melting on one side.", E, UNSURE, FACE),
    _v("My heart's going like the clappers.", E, CHEST, "chest_pain"),
    _v("Pain spreading down my left arm and into my chest.", E, CHEST, "chest_pain"),
    _v("One of my pupils is really big.", E, THIRD, "dilated_pupil"),
    _v("My hand won't grip.", E, FAST, "arm_leg_weakness"),
    _v("I can't hold my cup in my right hand.", E, FAST, "arm_leg_weakness"),
    _v("My throat is closing up.", E, AIRWAY, "breathing_trouble"),
    _v("Hives all over and my throat feels tight.", E, AIRWAY, "breathing_trouble"),
    _v("I went all lightheaded and everything went black.", E, FAINT, "fainting"),
    _v("I couldn't talk for about five minutes but now I can.", E, TIA, "stroke_sign_went_away"),
    _v("My face felt numb for half an hour and then went back to normal.", E, TIA, "stroke_sign_went_away"),
    _v("My smile went crooked in a matter of seconds.", E, UNSURE, FACE),
    _v("I can't understand what people are saying to me.", E, FAST, "speech_trouble confusion"),
    _v("I can't puff my cheeks out.", D, BELLS, FACE),
    _v("My eyebrow has dropped.", D, BELLS, "eyebrow_wont_lift"),
    _v("I can't blink my left eye.", D, BELLS, "eye_wont_close"),
    _v("My skin is peeling where the electrodes were.", S, SKIN, "broken_skin", form_no=True),
    _v("Numb patch on my cheek that won't go away.", S, ARTICLE, "numbness_persists", form_no=True),
    _v("The skin looks red and angry and it's been two days.", S, SKIN, form_no=True),
    _v("There was a little puffiness but it settled after an hour.", C, MILD, "", "swelling_persists", form_no=True),
    _v("I read that these devices can cause facial paralysis.", S, HISTORY, "", FACE),
    _v("I had Bell's palsy in 2015 and it fully recovered.", S, HISTORY, "", FACE),
    _v("I have epilepsy but it's well controlled.", S, HISTORY, "", "seizure"),
    # --- third batch: negation words that must not swallow an emergency
    _v("I don't know why but my arm went weak.", E, FAST, "arm_leg_weakness"),
    _v("No idea what's happening, my face dropped and I can't talk properly.", E, FAST, "speech_trouble"),
    _v("I've never fainted before but I just passed out.", E, FAINT, "fainting"),
    _v("No pain, no redness, but I'm seeing double.", E, BEFAST, "double_vision"),
    _v("I'm not making any sense when I talk.", E, CONFUSED, "confusion speech_trouble"),
    _v("I can't stop shaking and jerking.", E, FIT, "seizure"),
    _v("My face drooped after the session and my husband thinks it's a stroke.", E, UNSURE, "stroke_suspected"),
    # --- face weakness: at least a doctor today (the 72-hour window)
    _v("My smile's gone lopsided.", D, BELLS, FACE),
    _v("I can't close my eye properly.", D, BELLS, "eye_wont_close"),
    _v("Left side of my mouth won't move.", D, BELLS, "mouth_droop face_droop"),
    _v("I'm dribbling out of one side of my mouth when I drink.", D, BELLS, "mouth_droop"),
    _v("My right eyebrow won't go up any more.", D, BELLS, "eyebrow_wont_lift"),
    _v("One side of my face has felt weak since yesterday evening.", D, BELLS, "face_droop"),
    _v("My eyelid is hanging lower than the other one.", D, BELLS, "eyelid_droop"),
    _v("Both sides of my face feel weak and floppy.", D, BELLS, "both_sides_weak"),
    _v("Since last night my face feels numb and droopy on the left.", D, BELLS, "face_droop", form_no=True),
    # --- skin and persisting effects: never SELF-CARE, even with every warning sign answered "no"
    _v("Red mark where the prong was that still hasn't gone after two days.", S, SKIN, form_no=True),
    _v("There's a blister on my jaw.", S, SKIN, "blister", form_no=True),
    _v("It burnt my skin under the electrode.", S, SKIN, "burn", form_no=True),
    _v("The skin is raw and bleeding where I used it.", S, SKIN, "broken_skin", form_no=True),
    _v("The spot on my cheek is oozing pus and getting hotter.", S, SKIN, "infected_skin", form_no=True),
    _v("My cheek is still puffy three days later.", S, ARTICLE, "swelling_persists", form_no=True),
    _v("Tingling that won't stop.", S, ARTICLE, "numbness_persists", form_no=True),
    _v("My cheek keeps twitching hours after I put it away.", S, ARTICLE, "twitching_persists", form_no=True),
    _v("My jaw still aches a day later.", S, ARTICLE, "pain_persists", form_no=True),
    _v("Part of my chin is still numb.", S, ARTICLE, "numbness_persists", form_no=True),
    # --- mild and gone: self-care is allowed once every warning sign is answered "no", never on words alone
    _v("A bit of redness that faded after an hour.", C, MILD, "redness_fades", "burn", form_no=True),
    _v("Some swelling that went down by the evening.", C, MILD, "", "swelling_persists", form_no=True),
    _v("It tingled during the session and stopped when I turned it off.", C, MILD, "tingling_fades",
       "numbness_persists", form_no=True),
    _v("A bit of redness that faded after an hour.", S, MILD + "; " + HISTORY, "redness_fades"),
    # --- denied, wondered about, or in the past: not read as happening (words alone: never SELF-CARE)
    _v("No weakness in my arms or legs.", S, HISTORY, "", "arm_leg_weakness"),
    _v("I had Bell's palsy years ago.", S, HISTORY, "", FACE),
    _v("What should I do if my face droops?", S, HISTORY, "", FACE),
    _v("I'm worried I might get Bell's palsy from it.", S, HISTORY, "", FACE),
    _v("I had a seizure as a child, nothing since.", S, HISTORY, "", "seizure"),
    _v("No trouble breathing and no chest pain.", S, HISTORY, "", "breathing_trouble chest_pain"),
    _v("I haven't fainted or felt faint.", S, HISTORY, "", "fainting"),
    _v("My mum had a stroke last year so I'm being careful.", S, HISTORY, "", "stroke_suspected"),
    _v("My speech is fine and I can lift both arms.", S, HISTORY, "", "speech_trouble arm_leg_weakness"),
]  # fmt: skip


def _ids() -> list[str]:
    return [f"{i:02d}-{v.words[:40]}" for i, v in enumerate(VIGNETTES)]


def _answers(v: Vignette) -> dict[str, object]:
    return {"note": v.words, **({"answers": ALL_NO} if v.form_no else {})}


@pytest.mark.parametrize("v", VIGNETTES, ids=_ids())
def test_api_tier(v: Vignette) -> None:
    report = api.triage(_answers(v), NOW)
    data = report.data
    assert data["rank"] <= v.worst, (v.guidance, data["from_words"], data["signs"])
    if v.worst == E:
        assert report.summary[0].startswith("CALL EMERGENCY SERVICES NOW")  # the emergency leads
    if not v.form_no:
        assert data["rank"] < C, "words alone leave warning signs unanswered: never SELF-CARE"


@pytest.mark.parametrize("v", VIGNETTES, ids=_ids())
def test_reader(v: Vignette) -> None:
    reading = api.triage_read(v.words, NOW)
    affirmed = reading.signs("yes") | reading.signs("unsure")
    if v.read:
        assert affirmed & v.read, (v.guidance, [m.model_dump() for m in reading.mentions])
    assert not affirmed & v.not_read, (v.guidance, [m.model_dump() for m in reading.mentions])


@pytest.mark.parametrize("v", [v for v in VIGNETTES if not v.form_no], ids=lambda v: v.words[:40])
def test_cli_words_give_the_api_tier(v: Vignette, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["triage", *v.words.split(), "--format", "json", "--now", NOW.isoformat()])
    data = json.loads(capsys.readouterr().out)["data"]
    assert code == 0 and data["rank"] == api.triage(_answers(v), NOW).data["rank"]
    assert data["rank"] <= v.worst, v.guidance


def test_onset_or_window_never_lowers_an_emergency_told_in_words() -> None:
    # a face weakness over hours (the 72-hour logic) plus an arm told in words: still an emergency (BE-FAST)
    answers = {"signs": ["face_droop", "onset_hours"], "onset": "2026-11-22T08:00:00+00:00", "note": "my arm is weak"}
    assert api.triage(answers, NOW).data["rank"] == E, FAST


def test_the_set_is_large_and_cited() -> None:
    assert len(VIGNETTES) >= 40
    assert sum(v.worst == E for v in VIGNETTES) >= 30
    assert all(v.guidance for v in VIGNETTES)
