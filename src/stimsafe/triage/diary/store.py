"""The diary store: one SQLite file per user, in WAL mode, every write in one transaction.

Durability: ``journal_mode=WAL`` with ``synchronous=FULL``, so a write that returned is on disk even if the
process is killed the next instant; a transaction that had not committed leaves no trace.

Privacy: the diary is health data. Folders the store creates are ``0700``; the database and its ``-wal`` and
``-shm`` files are ``0600`` (SQLite gives the side files the database file's mode; they are set again after
opening in case an older stimsafe left them readable).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from stimsafe.errors import DataFileError, InputError
from stimsafe.triage.diary.schema import LATEST, MIGRATIONS
from stimsafe.triage.records import Photo, SessionRecord, SymptomRecord

_USER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def default_path(user: str | None = None) -> Path:
    """Where the diary lives: the platform's user data directory, one subfolder per named user.

    Raises
    ------
    InputError
        If ``user`` is not a plain name (letters, digits, ``_.-``).
    """
    from platformdirs import user_data_path

    base = user_data_path("stimsafe", appauthor=False)
    if user is None:
        return base / "diary.sqlite3"
    if not _USER.match(user):
        raise InputError("Not a valid user name.", field="user", value=user, hint="Use letters, digits, '_', '.', '-'.")
    return base / "users" / user / "diary.sqlite3"


def open_diary(db: str | Path | None = None, user: str | None = None) -> Diary:
    """Open the diary at ``db``, or the default one of ``user`` (see :func:`default_path`)."""
    return Diary(db if db is not None else default_path(user))


def photo_from_path(path: str | Path) -> Photo:
    """A photo reference: the absolute path and the SHA-256 of the file's bytes (read now).

    Raises
    ------
    InputError
        If the file cannot be read.
    """
    import hashlib

    file = Path(path).expanduser()
    try:
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError as error:
        raise InputError(
            f"Cannot read the photo: {error.strerror}.",
            field="photo",
            value=str(path),
            hint="Give the path of an existing image file.",
        ) from None
    return Photo(path=str(file.resolve()), sha256=digest)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _when(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents as ``0700``; folders that exist are left as they are."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask


def _private_file(path: Path) -> None:
    """Create ``path`` as ``0600`` if absent, and make it ``0600`` if it exists (when we own it)."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    with contextlib.suppress(OSError):  # not ours to change (a read-only copy): SQLite reports what it cannot do
        path.chmod(0o600)


class Diary:
    """An open diary database. Use as a context manager, or call :meth:`close`.

    Examples
    --------
    >>> from datetime import timezone
    >>> with Diary(":memory:") as diary:
    ...     _ = diary.add_session(SessionRecord(device_id="nuface-mini", zones=("cheek",),
    ...                           started_at=datetime(2026, 11, 25, 8, tzinfo=timezone.utc)))
    ...     len(diary.sessions())
    1
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        on_disk = self.path != ":memory:"
        if on_disk:
            _private_folder(Path(self.path).parent)
            _private_file(Path(self.path))
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._migrate()
            self._db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as error:
            raise DataFileError(
                f"Cannot open the diary: {error}.", location=self.path, hint="Check that the path is a stimsafe diary."
            ) from None
        if on_disk:
            for suffix in ("-wal", "-shm"):
                side = Path(self.path + suffix)
                if side.exists():
                    _private_file(side)

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (every committed write is already on disk)."""
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits, or none of it."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @property
    def version(self) -> int:
        """The schema version of the open database."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, target: int = LATEST) -> None:
        if self.version > LATEST:
            raise DataFileError(
                f"The diary has schema version {self.version}; this stimsafe knows up to {LATEST}.",
                location=self.path,
                hint="Upgrade stimsafe.",
            )
        self._db.execute("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction, so set before each one
        while self.version < target:
            step = self.version
            with self.transaction() as db:
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
                broken = db.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DataFileError(
                        f"Migration {step + 1} would break {len(broken)} references; nothing was changed.",
                        location=self.path,
                        hint="Restore the diary from an export.",
                    )
                db.execute(f"PRAGMA user_version = {step + 1}")

    # --- writes ------------------------------------------------------------------------------------------------

    def _insert_session(self, db: sqlite3.Connection, s: SessionRecord) -> None:
        db.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                s.id,
                s.device_id,
                json.dumps(list(s.zones)),
                s.level,
                s.duration_s,
                s.started_at.isoformat(),
                _utc(s.started_at),
                s.note,
            ),
        )

    def _insert_symptom(self, db: sqlite3.Connection, s: SymptomRecord) -> None:
        db.execute(
            "INSERT INTO symptoms (id, kind, side, onset_at, onset_utc, development, signs, text, no_signs)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                s.id,
                s.kind,
                s.side,
                _iso(s.onset_at),
                None if s.onset_at is None else _utc(s.onset_at),
                s.development,
                json.dumps(list(s.signs)),
                s.text,
                json.dumps(list(s.no)),
            ),
        )
        db.executemany(
            "INSERT INTO photos VALUES (?, ?, ?, ?)", [(s.id, i, p.path, p.sha256) for i, p in enumerate(s.photos)]
        )

    def add_session(self, session: SessionRecord) -> SessionRecord:
        """Record a session; returns it once committed. A duplicate id is an :class:`InputError`."""
        try:
            with self.transaction() as db:
                self._insert_session(db, session)
        except sqlite3.IntegrityError:
            raise InputError("A session with this id exists.", field="id", value=session.id) from None
        return session

    def add_symptom(self, symptom: SymptomRecord) -> SymptomRecord:
        """Record a symptom (and its photo references); returns it once committed."""
        try:
            with self.transaction() as db:
                self._insert_symptom(db, symptom)
        except sqlite3.IntegrityError:
            raise InputError("A symptom with this id exists.", field="id", value=symptom.id) from None
        return symptom

    def add_all(self, sessions: list[SessionRecord], symptoms: list[SymptomRecord]) -> None:
        """Insert many records in one transaction (all or nothing); raises ``sqlite3.IntegrityError`` on a clash."""
        with self.transaction() as db:
            for session in sessions:
                self._insert_session(db, session)
            for symptom in symptoms:
                self._insert_symptom(db, symptom)

    # --- reads -------------------------------------------------------------------------------------------------

    def sessions(self) -> list[SessionRecord]:
        """Every session, oldest first."""
        rows = self._db.execute(
            "SELECT id, device_id, zones, level, duration_s, started_at, note FROM sessions ORDER BY started_utc, id"
        ).fetchall()
        return [
            SessionRecord(
                id=r[0],
                device_id=r[1],
                zones=tuple(json.loads(r[2])),
                level=r[3],
                duration_s=r[4],
                started_at=datetime.fromisoformat(r[5]),
                note=r[6],
            )
            for r in rows
        ]

    def _photos(self) -> dict[str, list[Photo]]:
        out: dict[str, list[Photo]] = {}
        for sid, path, digest in self._db.execute("SELECT symptom_id, path, sha256 FROM photos ORDER BY position"):
            out.setdefault(sid, []).append(Photo(path=path, sha256=digest))
        return out

    def symptoms(self) -> list[SymptomRecord]:
        """Every symptom, oldest onset first; those with an unknown onset last."""
        photos = self._photos()
        rows = self._db.execute(
            "SELECT id, kind, side, onset_at, development, signs, text, no_signs FROM symptoms"
            " ORDER BY onset_utc IS NULL, onset_utc, id"
        ).fetchall()
        return [
            SymptomRecord(
                id=r[0],
                kind=r[1],
                side=r[2],
                onset_at=_when(r[3]),
                development=r[4],
                signs=tuple(json.loads(r[5])),
                no=tuple(json.loads(r[7])),
                text=r[6],
                photos=tuple(photos.get(r[0], ())),
            )
            for r in rows
        ]

    def symptom(self, symptom_id: str) -> SymptomRecord:
        """One symptom by id (:class:`~stimsafe.errors.NotFoundError` if absent)."""
        from stimsafe.errors import NotFoundError

        for s in self.symptoms():
            if s.id == symptom_id:
                return s
        raise NotFoundError(
            "No symptom with this id in the diary.",
            field="symptom",
            value=symptom_id,
            location=self.path,
            hint="List ids with 'stimsafe diary show'.",
        )
