"""Schema migrations for the diary database, applied in order; ``PRAGMA user_version`` records the version.

Append a migration to add a change; never edit one that has shipped. Each runs in the same transaction as the
version bump, so a database is always at exactly one version. Migrations run with foreign keys off (a table
rebuild drops and renames a table that ``photos`` references; SQLite's documented procedure), and the store
runs ``PRAGMA foreign_key_check`` before committing each one.
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
    # 3: the onset may be unknown (NULL) instead of an invented "now"; SQLite cannot drop NOT NULL in place,
    # so the table is rebuilt (https://www.sqlite.org/lang_altertable.html#otheralter)
    """
    CREATE TABLE symptoms_v3 (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        side TEXT,
        onset_at TEXT,                  -- NULL: the person did not give the time
        onset_utc TEXT,
        development TEXT,
        signs TEXT NOT NULL,
        text TEXT
    );
    INSERT INTO symptoms_v3 SELECT id, kind, side, onset_at, onset_utc, development, signs, text FROM symptoms;
    DROP TABLE symptoms;
    ALTER TABLE symptoms_v3 RENAME TO symptoms;
    CREATE INDEX symptoms_by_time ON symptoms(onset_utc);
    """,
    # 4: the warning signs answered "no"; an older symptom has none, so its warning signs read as unknown
    """
    ALTER TABLE symptoms ADD COLUMN no_signs TEXT NOT NULL DEFAULT '[]';  -- JSON list of sign ids answered no
    """,
)

LATEST = len(MIGRATIONS)
