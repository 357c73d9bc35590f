"""Published evidence on facial electrical stimulation: design, size, outcome, funding, and who paid.

``maker_funded`` answers the press article's question ("not published or paid for by the company manufacturing
the device"): ``yes`` when the maker of a device the study tested paid for it, ``no`` when the facts name a funder
that makes no device of the kind studied, and ``unknown`` otherwise. An author's affiliation alone never decides
it: ``maker_funded_why`` is the sentence that does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Design = Literal[
    "RCT",
    "non-randomised",
    "before-after",
    "case report",
    "systematic review",
    "narrative review",
    "retrospective",
    "prospective",
    "pharmacovigilance",
    "guidance",
    "poster",
]
Certainty = Literal["high", "moderate", "low", "very low", "background"]
StudyModality = Literal["microcurrent", "ems", "other", "unknown"]
YesNoUnknown = Literal["yes", "no", "unknown"]


class Study(BaseModel):
    """One catalogued study, linked to the catalogue devices and the modalities it tested.

    ``device_ids`` are catalogue device ids (checked by the loader); ``modalities`` lists every modality the study
    tested or reviewed ("other": electrical stimulation of an unstated kind, or no device at all).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str | None = None
    """A short name for people ("Kavanagh et al. 2012"); the id stands in when absent."""
    citation: str = Field(min_length=1)
    doi: str | None = None
    design: Design
    n: int | None = Field(default=None, ge=1)
    modalities: tuple[StudyModality, ...] = Field(min_length=1)
    device_ids: tuple[str, ...] = ()
    on_face: bool
    """Whether the stimulation studied was applied to the face."""
    intervention: str
    outcome: str
    funding: str
    maker_funded: YesNoUnknown
    maker_funded_why: str = Field(min_length=1)
    industry_funded: YesNoUnknown
    certainty: Certainty
    note: str | None = None
    source_ids: tuple[str, ...] = Field(min_length=1)

    @property
    def name(self) -> str:
        """The short name a person reads: the label, else the id."""
        return self.label or self.id

    @property
    def modality(self) -> str:
        """The modalities as one word for a table cell ("microcurrent", "ems + other")."""
        return " + ".join(self.modalities)


_MODALITY_WORDS = {"microcurrent": "microcurrent", "ems": "EMS"}
_TESTS = {"microcurrent": ("microcurrent",), "ems": ("ems",), "both": ("microcurrent", "ems"), "unknown": ()}


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word.replace('study', 'studies')}"


def independent_evidence_line(device_id: str, modality: str, studies: Iterable[Study]) -> str:
    """The one "Independent evidence" sentence for a device, shown by ``devices show``, ``assess`` and the web.

    Independent means a study the facts show was not paid for by the device's maker (``maker_funded == "no"``).

    Examples
    --------
    >>> independent_evidence_line("x", "unknown", ())
    'Independent evidence: no independent study of this device found; its modality is not known.'
    """
    studies = tuple(studies)
    own = [s for s in studies if device_id in s.device_ids]
    independent = [s for s in own if s.maker_funded == "no"]
    if independent:
        head = f"{_count(len(independent), 'independent study')} of this device found"
    else:
        head = "no independent study of this device found"
    if own:
        paid = sum(s.maker_funded == "yes" for s in own)
        head += f" ({_count(len(own), 'study')} of this device, {paid} funded by its maker)"
    tested = _TESTS.get(modality, ())
    if not tested:
        return f"Independent evidence: {head}; its modality is not known."
    of_kind = [s for s in studies if set(s.modalities) & set(tested)]
    words = " or ".join(_MODALITY_WORDS[m] for m in tested)
    paid = sum(s.maker_funded == "yes" for s in of_kind)
    unknown = sum(s.maker_funded == "unknown" for s in of_kind)
    face = sum(s.on_face for s in of_kind)
    tail = f"{_count(len(of_kind), 'study')} of {words} ({face} on the face), {paid} funded by their maker"
    if unknown:
        tail += f", funding unknown for {unknown}"
    return f"Independent evidence: {head}; {tail}."
