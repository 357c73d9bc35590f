"""Facial stimulation devices: output, waveform, electrodes, labelled time limits and regulatory status.

``None`` in any field means the value was **not found** in the public sources (never "zero", never "none");
renderers print it as "not found". Currents are SI amperes, times seconds, areas square metres.

Upper bounds (current at most 0.1 A, frequency at most 100 kHz, pulse width at most 1 s) are plausibility bounds
for facial devices, not safety limits: they refuse a unit slip such as ``current_max_a: 400`` (400 A).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Modality = Literal["microcurrent", "ems", "both", "unknown"]
WaveShape = Literal["monophasic", "biphasic", "unknown"]
FdaStatus = Literal["cleared", "not found", "claimed, not verified", "possible match, not verified"]

NOT_FOUND = "not found"
MAX_CURRENT_A = 0.1  # plausibility bound (100 mA), far above any facial device found (facts §1.2, §4.6)


class Waveform(BaseModel):
    """What is known of the output waveform; every numeric field may be ``None`` (not found)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    shape: WaveShape = "unknown"
    polarity_alternates: bool | None = None
    frequency_hz: float | None = Field(default=None, gt=0, le=1e5)
    pulse_width_s: float | None = Field(default=None, gt=0, le=1.0)
    description: str | None = None


class Electrodes(BaseModel):
    """The skin contacts. Sphere sizes and contact areas were not found for any device (facts §1.4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str | None = None
    count: int | None = Field(default=None, ge=1)
    contact_area_m2: float | None = Field(default=None, gt=0)
    spacing_m: float | None = Field(default=None, gt=0)
    needs_gel: bool | None = None


class SchedulePhase(BaseModel):
    """One phase of a use schedule, e.g. "5 days a week for the first 60 days"; ``days`` ``None`` = ongoing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1)
    sessions_per_week_min: float = Field(gt=0)
    sessions_per_week_max: float = Field(gt=0)
    days: float | None = Field(default=None, gt=0)
    reported_by: str | None = None
    """Who reports this schedule when it is not the labelling itself (e.g. a press review)."""

    @model_validator(mode="after")
    def _check(self) -> SchedulePhase:
        if self.sessions_per_week_min > self.sessions_per_week_max:
            raise ValueError("sessions_per_week_min must not exceed sessions_per_week_max")
        return self


class Heat(BaseModel):
    """A heated head: the skin or head surface temperature its sources give, in degrees Celsius."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    surface_min_c: float = Field(ge=20, le=80)
    surface_max_c: float = Field(ge=20, le=80)
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Heat:
        if self.surface_min_c > self.surface_max_c:
            raise ValueError("surface_min_c must not exceed surface_max_c")
        return self


class LabelledTimes(BaseModel):
    """Time limits from the device's labelling or the maker's own pages; ``None`` = not found.

    ``verified`` is false when the times come from a document whose link to this device is not verified (e.g. a
    510(k) matched by product name only): they are then shown as unverified, never as "labelled".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    per_zone_s: float | None = Field(default=None, gt=0)
    per_session_s: float | None = Field(default=None, gt=0)
    sessions_per_week: float | None = Field(default=None, gt=0)
    auto_off_s: float | None = Field(default=None, gt=0)
    relocate_prompt_s: float | None = Field(default=None, gt=0)
    verified: bool = True
    schedule: tuple[SchedulePhase, ...] = ()
    note: str | None = None


class RegulatoryClaim(BaseModel):
    """What someone else (press, the maker) says about the device's regulatory status, shown beside the record.

    A claim is never shown as a status: "the article says it holds FDA approval" next to "no 510(k) found".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    by: str = Field(min_length=1)
    says: str = Field(min_length=1)
    source_ids: tuple[str, ...] = Field(min_length=1)

    def said(self) -> str:
        """Who said what, in a sentence.

        >>> RegulatoryClaim(by="a press article (2025)", says="holds 'FDA approval'", source_ids=("s",)).said()
        "a press article (2025) says it holds 'FDA approval'."
        """
        return f"{self.by} says it {self.says}."

    def sentence(self) -> str:
        """The claim in a sentence, labelled as a claim (not a record)."""
        return f"Claimed, not a record: {self.said()}"


CLEARANCE_MEANING = (
    "A 510(k) clearance means the FDA found a device 'substantially equivalent' to one already on the market, "
    "often from bench tests of its electrical output alone (NuFACE Mini, K133823: 'Bench testing only. No clinical "
    "data was provided.'). It is not an FDA approval, and it shows neither that a device works nor that it is safe "
    "for you. Finding no 510(k) does not show that a device is unsafe."
)
CLEARANCE_MEANING_SOURCES = ("fda-k133823",)  # devices.yaml sources


class Regulatory(BaseModel):
    """Regulatory status. An absent 510(k) is recorded as ``fda_status="not found"``, with what that means.

    ``claims`` are what others say about the status (e.g. a press article's "FDA approval"), kept apart from the
    record so that neither is shown as the other.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    fda_status: FdaStatus
    fda_510k: str | None = Field(default=None, pattern=r"^K\d{6}$")
    fda_decision_date: dt.date | None = None
    product_code: str | None = None
    regulation: str | None = None
    device_class: str | None = None
    intended_use: str | None = None
    ce: str = NOT_FOUND
    mfds: str = NOT_FOUND
    note: str | None = None
    claims: tuple[RegulatoryClaim, ...] = ()

    def record_sentence(self) -> str:
        """What the FDA record shows, in a sentence (never "FDA-cleared" without a 510(k) number).

        >>> Regulatory(fda_status="not found").record_sentence()
        'No 510(k) found for this device in public sources.'
        """
        k = self.fda_510k
        return {
            "cleared": f"510(k) {k}, a clearance (not an FDA approval).",
            "not found": "No 510(k) found for this device in public sources.",
            "claimed, not verified": "No 510(k) number found to check the claim against.",
            "possible match, not verified": f"510(k) {k} may be this device; the link rests only on the name.",
        }[self.fda_status]

    @model_validator(mode="after")
    def _check(self) -> Regulatory:
        if self.fda_status == "cleared" and self.fda_510k is None:
            raise ValueError("fda_status 'cleared' needs fda_510k")
        if self.fda_status != "cleared" and self.fda_decision_date is not None:
            raise ValueError("a decision date needs a cleared 510(k)")
        return self


class Device(BaseModel):
    """A catalogue device (or one read from a user's spec file)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    maker: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    modality: Modality
    modality_note: str | None = None
    current_min_a: float | None = Field(default=None, ge=0, le=MAX_CURRENT_A)
    current_max_a: float | None = Field(default=None, gt=0, le=MAX_CURRENT_A)
    current_note: str | None = None
    levels: int | None = Field(default=None, ge=1)
    levels_verified: bool = True
    """False when the number of levels rests on a weak source (marked UNCERTAIN in the facts)."""
    levels_note: str | None = None
    waveform: Waveform = Waveform()
    electrodes: Electrodes = Electrodes()
    times: LabelledTimes = LabelledTimes()
    heat: Heat | None = None
    regulatory: Regulatory
    cleared_for_neck: bool | None = None
    notes: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Device:
        low, high = self.current_min_a, self.current_max_a
        if low is not None and high is not None and low > high:
            raise ValueError("current_min_a must not exceed current_max_a")
        uncited = [i for c in self.regulatory.claims for i in c.source_ids if i not in self.source_ids]
        if uncited:
            raise ValueError(f"a regulatory claim cites {uncited[0]!r}, which is not in the device's source_ids")
        return self

    def names(self) -> tuple[str, ...]:
        """The id, the display name and every alias, lower-cased: what a user may type."""
        return tuple(dict.fromkeys(n.lower() for n in (self.id, self.name, *self.aliases)))


class OutputClassRange(BaseModel):
    """An output range for a class of devices, used only as a labelled assumption when a device's own is not found.

    ``extend_to_cleared_max``: the top of the range is raised to the highest maximum output of an FDA-cleared
    over-the-counter device in the catalogue, when that is higher (the loader does it and says so in ``basis``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    modalities: tuple[Modality, ...] = Field(min_length=1)
    low_a: float = Field(ge=0, le=MAX_CURRENT_A)
    high_a: float = Field(gt=0, le=MAX_CURRENT_A)
    rms: bool = False
    extend_to_cleared_max: bool = False
    basis: str = Field(min_length=1)
    source_ids: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> OutputClassRange:
        if self.low_a > self.high_a:
            raise ValueError("low_a must not exceed high_a")
        return self

    def applies_to(self, device: Device) -> bool:
        """Whether this class range stands in for ``device``'s output (same modality, own output not found)."""
        return device.current_max_a is None and device.modality in self.modalities
