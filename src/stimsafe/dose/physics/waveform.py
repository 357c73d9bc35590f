"""Rectangular stimulation waveforms and their time course for the fibre model.

A pulse is one phase (monophasic) or two opposite phases of equal width separated by an interphase gap
(biphasic, charge-balanced). Pulses repeat at ``frequency_hz``. ``polarity`` says which way the (first) phase
drives the electrode over the nerve: ``cathodic``, ``anodic``, ``alternating`` (successive blocks of
``pulses_per_polarity`` pulses flip: two-sphere microcurrent devices whose current "continually alternates between
the positive and negative probes", FDA K103472, so each sphere is the cathode in turn) or ``unknown``.
:meth:`Waveform.time_courses` lists every time course the fibre model must be run with; the threshold is the
lowest of them (the worst case over polarity where it alternates or is unknown). ``duty_cycle`` is the
on-fraction of bursts; ``ramp_s`` a ramp-up that never raises the peak.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from stimsafe.errors import InputError

# Phases longer than this are simulated as this long: thresholds sit at rheobase well before (nerve_model.md §7).
MAX_SIMULATED_PHASE_S = 5e-3


@dataclass(frozen=True)
class Pulse:
    """One constant segment of the stimulus time course: ``value`` (signed, 1 = the unit field) on [start, end)."""

    start_ms: float
    end_ms: float
    value: float


#: A polarity switch is simulated as a pair of opposite pulses when the pause between them is at most this long
#: (ms); after longer pauses each pulse is simulated alone (the membrane is back near rest).
MAX_PAIR_PAUSE_MS = 2.0


class Polarity(StrEnum):
    """Which way the (first) phase drives the electrode over the nerve."""

    CATHODIC = "cathodic"
    ANODIC = "anodic"
    ALTERNATING = "alternating"
    UNKNOWN = "unknown"


class Shape(StrEnum):
    """Pulse shape."""

    MONOPHASIC = "monophasic"
    BIPHASIC = "biphasic"


class Waveform(BaseModel):
    """A rectangular pulse train (SI units).

    Examples
    --------
    >>> w = Waveform(shape="biphasic", amplitude_a=400e-6, phase_width_s=1e-3, frequency_hz=100)
    >>> w.phases_per_pulse, round(w.period_s, 4)
    (2, 0.01)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    shape: Shape
    amplitude_a: float = Field(gt=0)
    phase_width_s: float = Field(gt=0)
    frequency_hz: float = Field(gt=0)
    interphase_gap_s: float = Field(default=0.0, ge=0)
    polarity: Polarity = Polarity.CATHODIC
    pulses_per_polarity: int = Field(default=1, ge=1)
    duty_cycle: float = Field(default=1.0, gt=0, le=1)
    ramp_s: float = Field(default=0.0, ge=0)

    @model_validator(mode="after")
    def _fits(self) -> Waveform:
        if self.pulse_duration_s > self.period_s * (1 + 1e-9):
            raise InputError(
                "The pulse is longer than the pulse period.",
                field="phase_width_s",
                value=self.phase_width_s,
                hint=f"At {self.frequency_hz:g} Hz a {self.shape} pulse fits in {self.period_s:g} s.",
            )
        return self

    @property
    def phases_per_pulse(self) -> int:
        """1 for monophasic, 2 for biphasic."""
        return 1 if self.shape is Shape.MONOPHASIC else 2

    @property
    def period_s(self) -> float:
        """Time between pulse onsets."""
        return 1.0 / self.frequency_hz

    @property
    def pulse_duration_s(self) -> float:
        """Duration of one pulse including the interphase gap."""
        return self.phase_width_s * self.phases_per_pulse + (self.interphase_gap_s if self.phases_per_pulse == 2 else 0)

    def with_amplitude(self, amplitude_a: float) -> Waveform:
        """The same waveform at another peak current."""
        return self.model_copy(update={"amplitude_a": amplitude_a})

    def unit_pulses(self, *, cathodic_first: bool = True) -> tuple[Pulse, ...]:
        """One pulse as unit-amplitude segments for the fibre model (time in ms, +1 = cathodic phase).

        Phases are capped at :data:`MAX_SIMULATED_PHASE_S`; a cathodic-first biphasic pulse starts with +1.

        Examples
        --------
        >>> Waveform(shape="biphasic", amplitude_a=1e-3, phase_width_s=1e-4, frequency_hz=50,
        ...          interphase_gap_s=5e-5).unit_pulses()
        (Pulse(start_ms=0.0, end_ms=0.1, value=1.0), Pulse(start_ms=0.15, end_ms=0.25, value=-1.0))
        """
        width_ms = min(self.phase_width_s, MAX_SIMULATED_PHASE_S) * 1e3
        first = 1.0 if cathodic_first else -1.0
        out = [Pulse(0.0, round(width_ms, 12), first)]
        if self.shape is Shape.BIPHASIC:
            start = round(width_ms + self.interphase_gap_s * 1e3, 12)
            out.append(Pulse(start, round(start + width_ms, 12), -first))
        return tuple(out)

    @property
    def alternating(self) -> bool:
        """Whether successive blocks of pulses flip polarity (each electrode of a pair is the cathode in turn)."""
        return self.polarity is Polarity.ALTERNATING

    def time_courses(self) -> tuple[tuple[Pulse, ...], ...]:
        """Every unit time course (+1 = cathodic under the electrode over the nerve) the worst case runs over.

        Cathodic: one pulse, cathodic (first) phase. Anodic: one pulse, anodic (first) phase. Biphasic with
        alternating or unknown polarity: both phase orders. Monophasic alternating: both single pulses and, where the
        pause between pulses is at most :data:`MAX_PAIR_PAUSE_MS`, the switch itself (an anodic pulse followed one
        period later by a cathodic one, and the reverse). Monophasic unknown: both single pulses.

        Examples
        --------
        >>> w = Waveform(shape="monophasic", amplitude_a=1e-3, phase_width_s=1e-4, frequency_hz=2000,
        ...              polarity="alternating")
        >>> for course in w.time_courses():
        ...     print([(q.start_ms, q.end_ms, q.value) for q in course])
        [(0.0, 0.1, 1.0)]
        [(0.0, 0.1, -1.0)]
        [(0.0, 0.1, -1.0), (0.5, 0.6, 1.0)]
        [(0.0, 0.1, 1.0), (0.5, 0.6, -1.0)]
        """
        if self.polarity is Polarity.CATHODIC:
            return (self.unit_pulses(),)
        if self.polarity is Polarity.ANODIC:
            return (self.unit_pulses(cathodic_first=False),)
        both = (self.unit_pulses(), self.unit_pulses(cathodic_first=False))
        if self.shape is Shape.BIPHASIC or self.polarity is Polarity.UNKNOWN:
            return both
        width_ms = both[0][0].end_ms
        period_ms = round(self.period_s * 1e3, 12)
        if period_ms - width_ms > MAX_PAIR_PAUSE_MS:
            return both
        pairs = tuple(
            (Pulse(0.0, width_ms, -first), Pulse(period_ms, round(period_ms + width_ms, 12), first))
            for first in (1.0, -1.0)
        )
        return (*both, *pairs)

    @property
    def phase_capped(self) -> bool:
        """Whether :meth:`unit_pulses` shortened the phase (a rheobase-region approximation)."""
        return self.phase_width_s > MAX_SIMULATED_PHASE_S
