"""Typed triage data: tiers, signs (the questions), rules (signs -> tier) and the answers about a symptom.

Rule conditions are positive only: a rule fires when every one of its ``when`` groups holds at least one
reported sign. Adding a sign therefore fires more rules, never fewer, and the tier (the most serious fired
rule) can only rise. That is the safety invariant: no answer lowers an emergency.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from stimsafe.domain.source import Source

_LABELS = (
    "CALL EMERGENCY SERVICES NOW",
    "SEE A DOCTOR TODAY",
    "STOP USING THE DEVICE AND SEE A CLINICIAN",
    "SELF-CARE AND WATCH",
)


class Tier(IntEnum):
    """The four triage tiers; the value is the rank (0 = most serious).

    Examples
    --------
    >>> Tier.from_label("SEE A DOCTOR TODAY")
    <Tier.DOCTOR_TODAY: 1>
    >>> Tier.EMERGENCY.label
    'CALL EMERGENCY SERVICES NOW'
    """

    EMERGENCY = 0
    DOCTOR_TODAY = 1
    STOP_AND_SEE_CLINICIAN = 2
    SELF_CARE = 3

    @property
    def label(self) -> str:
        """The words shown to the user."""
        return _LABELS[self.value]

    @classmethod
    def from_label(cls, label: str) -> Tier:
        """The tier whose label is ``label`` (exact words); ``ValueError`` otherwise."""
        try:
            return cls(_LABELS.index(label))
        except ValueError:
            raise ValueError(f"unknown tier {label!r}; expected one of {', '.join(_LABELS)}") from None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Code(_Frozen):
    """A terminology code for a sign; ``verified`` is False where the research notes mark it unconfirmed."""

    system: str
    code: str
    display: str
    verified: bool


SignGroup = Literal["red_flag", "face", "onset", "skin", "mild"]


class Sign(_Frozen):
    """One yes/no question about what the person notices."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    group: SignGroup
    question: str
    label: str | None = None
    codes: tuple[Code, ...] = ()
    code_note: str | None = None  # why a sign has no code (exported as text only)

    @property
    def name(self) -> str:
        """A short name: the ``label``, or the id in words (``face_droop`` -> ``face droop``)."""
        return self.label or self.id.replace("_", " ")


class Rule(_Frozen):
    """Signs -> tier. Fires when every group in ``when`` holds at least one reported sign.

    ``not_shown_with`` lists signs that contradict the rule's reason (for example "develops over hours" when the
    weakness came on within minutes): the rule still fires and still counts for the tier and the window, but a
    report does not list it below a more serious tier when any of them was reported.
    """

    id: str
    tier: Tier
    when: tuple[tuple[str, ...], ...] = Field(min_length=1)
    title: str
    reason: str
    action: str
    window_hours: float | None = Field(default=None, gt=0)
    not_shown_with: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(min_length=1)

    def fires(self, signs: frozenset[str]) -> bool:
        """Whether this rule fires for the reported ``signs``."""
        return all(any(s in signs for s in group) for group in self.when)


class Fallback(_Frozen):
    """What the report says when no rule fires."""

    id: str
    tier: Tier
    title: str
    reason: str
    action: str
    sources: tuple[str, ...] = Field(min_length=1)


class Default(_Frozen):
    """A cautious value for a missing answer: add ``add`` when any of ``when_any`` and none of ``unless_any``."""

    when_any: tuple[str, ...]
    unless_any: tuple[str, ...]
    add: str
    reason: str


class Unanswered(Fallback):
    """What the report says when warning signs were left unanswered: they are unknown, never read as "no".

    Its ``tier`` is a floor (never SELF-CARE); the report leads with the unanswered signs and the emergency
    advice "if yes, call your emergency number now".
    """


class Unsure(_Frozen):
    """How a "not sure" answer is read: always as "yes" (the cautious reading), with the reason said and cited."""

    reason: str
    sources: tuple[str, ...] = Field(min_length=1)


class Statement(_Frozen):
    """Paragraphs said in every report, with their sources."""

    text: tuple[str, ...]
    sources: tuple[str, ...]


class RuleSet(_Frozen):
    """The whole validated triage knowledge: questions, rules, defaults and standing statements."""

    version: int
    signs: tuple[Sign, ...]
    rules: tuple[Rule, ...]
    defaults: tuple[Default, ...]
    fallback: Fallback
    unanswered: Unanswered
    unsure: Unsure
    about_cause: Statement
    disclaimers: tuple[str, ...]
    sources: tuple[Source, ...]

    def sign(self, sign_id: str) -> Sign | None:
        """The sign with this id, if any."""
        return next((s for s in self.signs if s.id == sign_id), None)

    @property
    def red_flags(self) -> frozenset[str]:
        """The ids of the warning signs (group ``red_flag``): unanswered, each is unknown, never "no"."""
        return frozenset(s.id for s in self.signs if s.group == "red_flag")

    def source(self, source_id: str) -> Source | None:
        """The source with this id, if any."""
        return next((s for s in self.sources if s.id == source_id), None)


Side = Literal["left", "right", "both", "unsure"]


class SymptomAnswers(_Frozen):
    """What the person answered about one symptom episode.

    ``signs`` are the ids of the signs answered "yes"; ``unsure`` those answered "not sure", which the engine
    reads as "yes" (never as "no"); ``no`` those answered "no" explicitly; ``unknown`` the warning signs left
    unanswered (never read as "no": they keep the tier above SELF-CARE and lead the report). ``onset`` is when
    it started (timezone-aware), None when unknown.
    """

    signs: frozenset[str] = frozenset()
    unsure: frozenset[str] = frozenset()
    no: frozenset[str] = frozenset()
    unknown: frozenset[str] = frozenset()
    onset: AwareDatetime | None = None
    side: Side | None = None
    note: str | None = None
