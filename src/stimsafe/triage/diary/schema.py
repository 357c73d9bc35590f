"""Schema migrations for the diary database, applied in order; ``PRAGMA user_version`` records the version.

Append a migration to add a change; never edit one that has shipped. Each runs in the same transaction as the
version bump, so a database is always at exactly one version.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: sessions, symptoms, photos
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        zones TEXT NOT NULL,            -- JSON list of zone ids
        level TEXT,
        duration_s REAL,
        started_at TEXT NOT NULL,       -- ISO 8601 with the offset the user gave
        started_utc TEXT NOT NULL,      -- the same instant in UTC, for ordering
        note TEXT
    );
    CREATE TABLE symptoms (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        side TEXT,
        onset_at TEXT NOT NULL,
        onset_utc TEXT NOT NULL,
        development TEXT,
        signs TEXT NOT NULL,            -- JSON list of sign ids answered yes
        text TEXT
    );
    CREATE TABLE photos (
        symptom_id TEXT NOT NULL REFERENCES symptoms(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (symptom_id, position)
    );
    """,
    # 2: order by time quickly
    """
    CREATE INDEX sessions_by_time ON sessions(started_utc);
    CREATE INDEX symptoms_by_time ON symptoms(onset_utc);
    """,
)

LATEST = len(MIGRATIONS)
