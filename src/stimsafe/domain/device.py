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
    note: str | None = None


class Regulatory(BaseModel):
    """Regulatory status. An absent 510(k) is recorded as ``fda_status="not found"``, with what that means."""

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
    waveform: Waveform = Waveform()
    electrodes: Electrodes = Electrodes()
    times: LabelledTimes = LabelledTimes()
    regulatory: Regulatory
    cleared_for_neck: bool | None = None
    notes: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Device:
        low, high = self.current_min_a, self.current_max_a
        if low is not None and high is not None and low > high:
            raise ValueError("current_min_a must not exceed current_max_a")
        return self

    def names(self) -> tuple[str, ...]:
        """The id, the display name and every alias, lower-cased: what a user may type."""
        return tuple(dict.fromkeys(n.lower() for n in (self.id, self.name, *self.aliases)))
