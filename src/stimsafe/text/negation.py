"""Narrative matching with negation: "NO FACIAL DROOP" is not a case, "NO PAIN BUT A BURN" is a burn.

The one negation reader of the project: the signals narrative matcher (:mod:`stimsafe.signals.harms`) and the
triage free-text reader (:mod:`stimsafe.triage.words`) both use it, so a fix here fixes both.

A NegEx-style rule set (Chapman et al., J Biomed Inform 2001;34(5):301-310, doi:10.1006/jbin.2001.1029), kept
small: a match is negated when a negation cue appears among the few words before it, in the same sentence and
not cut off by a conjunction such as "but", or when a post-negation cue ("was denied", "ruled out") follows it.

As in NegEx, *pseudo-negations* — phrases that hold a negation word but negate nothing ("NO IMPROVEMENT IN",
"HAS NOT RECOVERED FROM", "NO CHANGE IN") — are removed before the cues are looked for. Beyond negation, a mention
is no case in a *context* that does not report an event: history ("HISTORY OF BELL'S PALSY"), a hypothetical
("IF YOU EXPERIENCE FACIAL PARALYSIS"), or labelling ("THE IFU WARNS THAT BURNS CAN OCCUR"), found the same way
(a cue among the words before, or "may/can occur" right after). Every narrative type is searched, manufacturer
narratives included, because that is where the clinical detail often is; the context rules keep their labelling
boilerplate out. The case snippet names the text type it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^.;!?\n]+")
_PRE_WINDOW_WORDS = 6
_POST_WINDOW_CHARS = 40

_PRE = re.compile(
    r"\b(no|not|non|never|without|denie[sd]|deny|denying|negative for|free of|absence of|absent|"
    r"rule[sd]? out|ruled out|risk of|to avoid|to prevent|prevent|did ?n[o']t|does ?n[o']t|do ?n[o']t|"
    r"has ?n[o']t|have ?n[o']t|had ?n[o']t|was ?n[o']t|were ?n[o']t|is ?n[o']t|none|neither|nor|"
    r"no (sign|signs|evidence|report|reports|complaint|complaints) of|unlikely)\b",
    re.IGNORECASE,
)
_TERMINATE = re.compile(r"\b(but|however|although|though|except|yet|aside from|apart from|still)\b", re.IGNORECASE)
_PSEUDO = re.compile(
    r"\b(no|not|without) (further |significant |any |much |full |complete |real )?(improvement|improving|improved|"
    r"change|changes|better|resolution|recovery|relief|response)\b|"
    r"\b(has|have|had|did|does|do|was|were|is|are)(n'?t| not) (yet |fully |completely |totally )?(recovered|resolved|"
    r"improved|improving|gone away|go away|healed|subsided|cleared|returned to normal|changed|disappeared|disappear|"
    r"resolve|recover|improve|heal|subside|gotten better|got better)\b|"
    r"\bnot (yet |fully |completely )?(recovered|resolved|healed|improved)\b|\bnot only\b|\bno longer\b",
    re.IGNORECASE,
)
_CONTEXT_PRE = re.compile(
    r"\b(history of|hx of|h/o|past medical history|pre-?existing|known|(previous|prior|past|old) (episode|history|"
    r"diagnosis|case|bout|attack)s? of|if|in case of|should|whether|warn(s|ed|ing|ings)?|ifu|instructions? for use|"
    r"label(l?ing|led|s)?|user manual|(the )?manual (says|states|warns)|leaflet|precautions?|contraindicat\w*|"
    r"caution)\b",
    re.IGNORECASE,
)
_CONTEXT_POST = re.compile(
    r"^\W*(\w+\W+){0,2}?(may|can|could|might) (occur|happen|develop|result|arise|be caused)\b|"
    r"^\W*(is|are) an? (known |possible |potential |rare )?(risk|side effects?|complications?)\b",
    re.IGNORECASE,
)
_POST = re.compile(
    r"^\W*(was|were|is|are|has been|have been)?\s*(denied|ruled out|not (reported|observed|noted|present|found|seen|"
    r"confirmed)|absent|negative)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NarrativeMatch:
    """An affirmed mention: the matched words and the sentence they stand in."""

    matched: str
    sentence: str

    def __bool__(self) -> bool:
        return bool(self.matched)


def _window(before: str) -> str:
    """The last few words before a mention, after the last terminator, with pseudo-negations blanked out."""
    cut = list(_TERMINATE.finditer(before))
    scope = before[cut[-1].end() :] if cut else before
    return " ".join(_PSEUDO.sub(" ", scope).split()[-_PRE_WINDOW_WORDS:])


def _pre_negated(before: str) -> bool:
    return bool(_PRE.search(_window(before)))


def _post_negated(after: str) -> bool:
    return bool(_POST.match(after[:_POST_WINDOW_CHARS]))


def in_non_event_context(sentence: str, start: int, end: int) -> bool:
    """Whether the mention ``sentence[start:end]`` stands in a history, hypothetical or labelling context.

    >>> s = "THE IFU WARNS THAT FACIAL PARALYSIS MAY OCCUR"
    >>> in_non_event_context(s, 19, 35)
    True
    >>> s = "SHE DEVELOPED FACIAL PARALYSIS"
    >>> in_non_event_context(s, 14, 30)
    False
    """
    return bool(_CONTEXT_PRE.search(_window(sentence[:start]))) or bool(
        _CONTEXT_POST.match(sentence[end : end + _POST_WINDOW_CHARS])
    )


def is_negated(sentence: str, start: int, end: int) -> bool:
    """Whether the mention ``sentence[start:end]`` is negated.

    >>> s = "NO FACIAL DROOP WAS NOTED"
    >>> is_negated(s, 3, 15)
    True
    >>> s = "NO PAIN BUT A BURN ON THE CHEEK"
    >>> is_negated(s, 14, 18)
    False
    >>> s = "NO IMPROVEMENT IN HER PALSY"
    >>> is_negated(s, 22, 27)
    False
    """
    return _pre_negated(sentence[:start]) or _post_negated(sentence[end:])


def _excluded(sentence: str, start: int, end: int, exclude: re.Pattern[str] | None) -> bool:
    return exclude is not None and any(m.start() < end and start < m.end() for m in exclude.finditer(sentence))


def find_affirmed(text: str, pattern: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> NarrativeMatch:
    """The first match of ``pattern`` in ``text`` that is a case (falsy ``NarrativeMatch`` when there is none).

    A match is no case when it is negated (:func:`is_negated`), stands in a history, hypothetical or labelling
    context (:func:`in_non_event_context`), or overlaps a match of ``exclude`` ("cerebral palsy").

    >>> p = re.compile(r"facial droop|palsy", re.IGNORECASE)
    >>> bool(find_affirmed("PATIENT DENIES FACIAL DROOP.", p))
    False
    >>> find_affirmed("NO PAIN. SHE DEVELOPED A FACIAL DROOP AFTER USE.", p).sentence
    'SHE DEVELOPED A FACIAL DROOP AFTER USE'
    >>> bool(find_affirmed("SHE HAS CEREBRAL PALSY.", p, re.compile("cerebral palsy", re.IGNORECASE)))
    False
    """
    for sentence_match in _SENTENCE.finditer(text):
        sentence = sentence_match.group(0)
        for match in pattern.finditer(sentence):
            start, end = match.start(), match.end()
            if is_negated(sentence, start, end) or in_non_event_context(sentence, start, end):
                continue
            if not _excluded(sentence, start, end, exclude):
                return NarrativeMatch(match.group(0), sentence.strip())
    return NarrativeMatch("", "")
