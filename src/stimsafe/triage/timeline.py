"""Place a symptom against the sessions before it: time since the last session, zones and levels used.

Pure: it takes records and a time, returns a :class:`Timeline`. Placing is not blaming: the report says the
cause is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict

from stimsafe.triage.records import SessionRecord

LOOKBACK = timedelta(days=7)


class Timeline(BaseModel):
    """Sessions in the look-back window before an onset, most recent first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    onset: AwareDatetime
    lookback_h: float
    sessions: tuple[SessionRecord, ...]
    hours_since_last: float | None
    sessions_total_before: int

    @property
    def zones(self) -> tuple[str, ...]:
        """Zones used in the look-back window, in first-seen order."""
        return tuple(dict.fromkeys(z for s in self.sessions for z in s.zones))

    @property
    def levels(self) -> tuple[str, ...]:
        """Levels used in the look-back window, in first-seen order."""
        return tuple(dict.fromkeys(s.level for s in self.sessions if s.level is not None))

    def statement(self) -> str:
        """One sentence for a report.

        Examples
        --------
        >>> from datetime import timezone
        >>> t = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
        >>> s = SessionRecord(device_id="nuface-mini", zones=("cheek",), level="3", started_at=t - timedelta(hours=5))
        >>> place(t, [s]).statement()
        'Last session 5.0 hours before onset; 1 session in the 7 days before (zones: cheek; levels: 3).'
        """
        if self.hours_since_last is None:
            return "No session was recorded before the onset."
        days = self.lookback_h / 24
        count = len(self.sessions)
        plural = "session" if count == 1 else "sessions"
        zones = ", ".join(self.zones) or "not recorded"
        levels = ", ".join(self.levels) or "not recorded"
        return (
            f"Last session {self.hours_since_last:.1f} hours before onset; {count} {plural} in the {days:g} days"
            f" before (zones: {zones}; levels: {levels})."
        )


def place(onset: datetime, sessions: Iterable[SessionRecord], lookback: timedelta = LOOKBACK) -> Timeline:
    """The sessions that started before ``onset`` (within ``lookback``), and the time since the last one."""
    before = sorted((s for s in sessions if s.started_at <= onset), key=lambda s: s.started_at, reverse=True)
    recent = tuple(s for s in before if onset - s.started_at <= lookback)
    since = (onset - before[0].started_at).total_seconds() / 3600.0 if before else None
    return Timeline(
        onset=onset,
        lookback_h=lookback.total_seconds() / 3600.0,
        sessions=recent,
        hours_since_last=since,
        sessions_total_before=len(before),
    )
