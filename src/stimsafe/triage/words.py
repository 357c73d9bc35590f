"""Read a person's own words for triage signs: "my face droops and my arm is weak" -> face_droop, arm_leg_weakness.

The phrases are cited data (``knowledge/data/triage_words.yaml``, :class:`~stimsafe.triage.lexicon.Lexicon`).
Negation, pseudo-negation and history/hypothetical context come from the one shared NegEx-style reader,
:mod:`stimsafe.text.negation` (the signals narrative matcher uses the same), applied to the clause that holds a
mention. Each mention is read as one of:

- ``yes``: affirmed ("my arm is weak");
- ``unsure``: hedged ("I think my arm is weak", "not sure if my speech is slurred"): treated as yes;
- ``no``: negated ("no arm weakness"): shown back, but **never** counted as the answer "no";
- ``past``: history, a hypothetical or a worry about the future ("my face drooped years ago", "if my arm goes
  weak", "I'm worried I might get Bell's palsy"), or a persisting effect that has ended ("the swelling went
  down"): not counted.

Words can therefore only add signs, so they can only raise a tier (:func:`merge`). Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from stimsafe.text.negation import in_non_event_context, is_negated
from stimsafe.triage.answers import everyday_time
from stimsafe.triage.lexicon import Lexicon
from stimsafe.triage.model import SymptomAnswers

Status = Literal["yes", "unsure", "no", "past"]
_RANK: dict[Status, int] = {"yes": 0, "unsure": 1, "no": 2, "past": 3}
TIA = "stroke_sign_went_away"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})


class Mention(BaseModel):
    """One sign found in the words: the sign id, the words that matched, how they were read, and the clause."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sign: str
    words: str
    status: Status
    clause: str


class Reading(BaseModel):
    """What the words say: the mentions (one per sign, the most affirmative), and an onset time if one was given."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    mentions: tuple[Mention, ...] = ()
    onset_words: str | None = None
    onset: AwareDatetime | None = None

    def signs(self, status: Status) -> frozenset[str]:
        """The sign ids read with this status."""
        return frozenset(m.sign for m in self.mentions if m.status == status)


def _clause(text: str, start: int, end: int, breaks: re.Pattern[str]) -> tuple[int, int]:
    """The bounds of the clause that holds ``text[start:end]`` (breaks inside the mention are ignored)."""
    left = max((m.end() for m in breaks.finditer(text, 0, start) if m.end() <= start), default=0)
    right = next((m.start() for m in breaks.finditer(text, end)), len(text))
    return left, right


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` replaced by spaces (offsets kept)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _ended(after: str, lexicon: Lexicon) -> bool:
    """Whether the words after a mention say it ended ("swelling that went down"), the ending not denied."""
    return any(
        not lexicon.cues["ended_denied"].search(after[: m.start()]) for m in lexicon.cues["ended"].finditer(after)
    )


def _next(text: str, right: int, lexicon: Lexicon) -> str:
    """The clause after the one ending at ``right`` when it starts with a pronoun ("... but it settled"), else ""."""
    breaks = lexicon.cues["clause_breaks"]
    following = breaks.match(text, right)
    if following is None or following.group(0).strip() in ".!?":
        return ""
    end = next((m.start() for m in breaks.finditer(text, following.end())), len(text))
    carried = text[following.end() : end]
    return carried if lexicon.cues["ended_carry"].match(carried) else ""


def _status(clause: str, start: int, end: int, lexicon: Lexicon, *, sign: str, carried: str = "") -> Status:
    """How one mention ``clause[start:end]`` of ``sign`` reads (see the module docstring); doubt outranks negation."""
    cues = lexicon.cues
    outside = clause[:start] + " " * (end - start) + clause[end:]
    now = cues["present"].search(outside)
    if cues["hypothetical"].search(clause[:start]) and not now:  # before the sign: "might get <sign>"
        return "past"
    if cues["doubt"].search(outside):
        return "unsure"
    plain = _blank(_blank(clause, cues["not_negation"]), cues["not_context"])  # cue-like words that cue nothing
    if is_negated(plain, start, end):
        return "no"
    history = cues["history"].search(outside) and not now
    ended = sign in lexicon.ended_signs and _ended(f"{clause[end:]} {carried}", lexicon)
    if history or ended or in_non_event_context(plain, start, end):
        return "past"
    if cues["hedges"].search(outside):
        return "unsure"
    return "yes"


def _mentions(text: str, lexicon: Lexicon) -> dict[str, Mention]:
    best: dict[str, Mention] = {}
    breaks = lexicon.cues["clause_breaks"]
    for sign, pattern in lexicon.compiled.items():
        for match in pattern.finditer(text):
            left, right = _clause(text, match.start(), match.end(), breaks)
            clause = text[left:right]
            carried = _next(text, right, lexicon)
            status = _status(clause, match.start() - left, match.end() - left, lexicon, sign=sign, carried=carried)
            found = Mention(sign=sign, words=match.group(0).strip(), status=status, clause=clause.strip())
            if sign not in best or _RANK[status] < _RANK[best[sign].status]:
                best[sign] = found
    return best


def _went_away(text: str, best: dict[str, Mention], lexicon: Lexicon) -> Mention | None:
    """A stroke sign that went away: a stroke-sign mention (yes or unsure) and words saying it passed."""
    present = any(m.status in ("yes", "unsure") for s, m in best.items() if s in lexicon.resolved_needs)
    resolved = lexicon.cues["resolved"].search(text)
    if not present or resolved is None:
        return None
    return Mention(sign=TIA, words=resolved.group(0), status="yes", clause=text.strip())


def _onset(text: str, lexicon: Lexicon, now: datetime | None) -> tuple[str | None, datetime | None]:
    if now is None:
        return None, None
    for match in lexicon.cues["onset_phrases"].finditer(text):
        left, right = _clause(text, match.start(), match.end(), lexicon.cues["clause_breaks"])
        if lexicon.cues["history"].search(text[left:right]):
            continue
        moment = everyday_time(match.group(0), now)
        if moment is not None and moment <= now:
            return match.group(0), moment
    return None, None


def read_words(text: str, lexicon: Lexicon, now: datetime | None = None) -> Reading:
    """Read ``text`` for the lexicon's signs (and, given ``now``, an onset time in everyday words).

    Examples
    --------
    >>> from stimsafe.knowledge.triage_words import load_lexicon
    >>> reading = read_words("My face droops on the left and my left arm is weak. No headache.", load_lexicon())
    >>> sorted(reading.signs("yes")), sorted(reading.signs("no"))
    (['arm_leg_weakness', 'face_droop'], ['headache'])
    """
    clean = " ".join(text.translate(_QUOTES).split())
    for contraction, written_out in lexicon.expansions:  # "my smile's gone" -> "my smile has gone"
        clean = contraction.sub(written_out, clean)
    best = _mentions(clean, lexicon)
    tia = _went_away(clean, best, lexicon)
    if tia is not None and (TIA not in best or best[TIA].status != "yes"):
        best[TIA] = tia
    words, onset = _onset(clean, lexicon, now)
    return Reading(text=clean, mentions=tuple(best.values()), onset_words=words, onset=onset)


def merge(answers: SymptomAnswers, reading: Reading) -> SymptomAnswers:
    """The answers with the signs the words affirm added: words only add ("yes", "not sure"), never remove.

    A sign the same input explicitly answered "no" stays "no" (the report points out the disagreement). A
    negated mention is never an answer: an unanswered warning sign stays unknown. The onset from the words is
    used only when none was given.
    """
    yes = reading.signs("yes") - answers.no
    signs = answers.signs | yes
    unsure = (answers.unsure | (reading.signs("unsure") - answers.no)) - signs
    return answers.model_copy(
        update={
            "signs": signs,
            "unsure": unsure,
            "unknown": answers.unknown - signs - unsure,
            "onset": answers.onset if answers.onset is not None else reading.onset,
        }
    )
