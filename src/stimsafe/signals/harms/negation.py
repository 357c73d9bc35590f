"""Narrative matching with negation: "NO FACIAL DROOP" is not a case, "NO PAIN BUT A BURN" is a burn.

A NegEx-style rule set (Chapman et al., J Biomed Inform 2001;34(5):301-310, doi:10.1006/jbin.2001.1029), kept
small: a match is negated when a negation cue appears among the few words before it, in the same sentence and
not cut off by a conjunction such as "but", or when a post-negation cue ("was denied", "ruled out") follows it.
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


def _pre_negated(before: str) -> bool:
    cut = list(_TERMINATE.finditer(before))
    scope = before[cut[-1].end() :] if cut else before
    words = scope.split()[-_PRE_WINDOW_WORDS:]
    return bool(_PRE.search(" ".join(words)))


def _post_negated(after: str) -> bool:
    return bool(_POST.match(after[:_POST_WINDOW_CHARS]))


def is_negated(sentence: str, start: int, end: int) -> bool:
    """Whether the mention ``sentence[start:end]`` is negated.

    >>> s = "NO FACIAL DROOP WAS NOTED"
    >>> is_negated(s, 3, 15)
    True
    >>> s = "NO PAIN BUT A BURN ON THE CHEEK"
    >>> is_negated(s, 14, 18)
    False
    """
    return _pre_negated(sentence[:start]) or _post_negated(sentence[end:])


def find_affirmed(text: str, pattern: re.Pattern[str]) -> NarrativeMatch:
    """The first non-negated match of ``pattern`` in ``text`` (falsy ``NarrativeMatch`` when there is none).

    >>> p = re.compile(r"facial droop|palsy", re.IGNORECASE)
    >>> bool(find_affirmed("PATIENT DENIES FACIAL DROOP.", p))
    False
    >>> find_affirmed("NO PAIN. SHE DEVELOPED A FACIAL DROOP AFTER USE.", p).sentence
    'SHE DEVELOPED A FACIAL DROOP AFTER USE'
    """
    for sentence_match in _SENTENCE.finditer(text):
        sentence = sentence_match.group(0)
        for match in pattern.finditer(sentence):
            if not is_negated(sentence, match.start(), match.end()):
                return NarrativeMatch(match.group(0), sentence.strip())
    return NarrativeMatch("", "")
