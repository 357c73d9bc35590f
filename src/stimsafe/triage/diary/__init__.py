"""The symptom and session diary: an embedded SQLite store (WAL, transactions, migrations, JSON export/import)."""

from stimsafe.triage.diary.store import Diary, default_path, open_diary

__all__ = ["Diary", "default_path", "open_diary"]
