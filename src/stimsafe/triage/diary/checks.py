"""Check imported diary records as the add paths check new ones: device and zone ids, sign ids, photo paths.

An export may come from anywhere (another machine, a hand-edited file), so import applies the same checks as
``diary add-session`` / ``add-symptom`` before anything is written. Device and zone aliases resolve to their
canonical ids, exactly as when adding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath

from stimsafe.errors import DataFileError, StimsafeError
from stimsafe.triage.diary.ids import canonical_ids
from stimsafe.triage.model import RuleSet
from stimsafe.triage.records import SessionRecord, SymptomRecord

DEVELOPMENTS = ("minutes", "hours", "days", "unsure")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # "http:", "file:", "javascript:" (not a drive letter "C:")
_PHOTO_HINT = "A photo is kept by the absolute path of a local file (as 'diary add-symptom --photo' stores it)."


def _bad(field: str, value: object, message: str, hint: str, location: str) -> DataFileError:
    return DataFileError(f"{message} Nothing was imported.", field=field, value=value, hint=hint, location=location)


def photo_path_problem(path: str) -> str | None:
    """Why ``path`` is not a safe photo reference, or None.

    Examples
    --------
    >>> photo_path_problem("/home/me/face.jpg") is None and photo_path_problem("C:\\\\Photos\\\\a.jpg") is None
    True
    >>> photo_path_problem("https://example.com/a.jpg")
    'not a local file path'
    >>> photo_path_problem("/home/me/../../etc/passwd")
    "contains '..'"
    """
    if not path or len(path) > 4096 or _CONTROL.search(path):
        return "empty, too long, or contains control characters"
    posix, windows = PurePosixPath(path), PureWindowsPath(path)
    if _SCHEME.match(path) and not windows.drive:
        return "not a local file path"
    if not (posix.is_absolute() or windows.is_absolute()):
        return "not an absolute path"
    if ".." in posix.parts or ".." in windows.parts:
        return "contains '..'"
    return None


def _canonical(field: str, device_id: str, zones: tuple[str, ...], location: str) -> tuple[str, tuple[str, ...]]:
    try:
        return canonical_ids(device_id, zones)
    except StimsafeError as error:
        raise _bad(field, error.value, error.message, error.hint or "", location) from None


def checked_sessions(sessions: Sequence[SessionRecord], location: str) -> list[SessionRecord]:
    """The sessions with canonical device and zone ids; :class:`DataFileError` naming the first bad one."""
    out = []
    for i, session in enumerate(sessions):
        device, _ = _canonical(f"sessions.{i}.device_id", session.device_id, (), location)
        zones = tuple(
            _canonical(f"sessions.{i}.zones.{j}", device, (zone,), location)[1][0]
            for j, zone in enumerate(session.zones)
        )
        out.append(session.model_copy(update={"device_id": device, "zones": zones}))
    return out


def _check_sign(field: str, sign_id: str, rules: RuleSet, location: str) -> None:
    if rules.sign(sign_id) is None:
        known = ", ".join(s.id for s in rules.signs)
        raise _bad(
            field, sign_id, "Unknown sign.", f"Use a sign id from 'stimsafe triage --list-signs': {known}.", location
        )


def checked_symptoms(symptoms: Sequence[SymptomRecord], rules: RuleSet, location: str) -> list[SymptomRecord]:
    """The symptoms, each sign id known, ``development`` one of :data:`DEVELOPMENTS`, photo paths safe."""
    for i, symptom in enumerate(symptoms):
        _check_sign(f"symptoms.{i}.kind", symptom.kind, rules, location)
        for j, sign_id in enumerate(symptom.signs):
            _check_sign(f"symptoms.{i}.signs.{j}", sign_id, rules, location)
        for j, sign_id in enumerate(symptom.no):
            _check_sign(f"symptoms.{i}.no.{j}", sign_id, rules, location)
        if symptom.development is not None and symptom.development not in DEVELOPMENTS:
            hint = f"Use one of: {', '.join(DEVELOPMENTS)}, or leave it out."
            raise _bad(f"symptoms.{i}.development", symptom.development, "Unknown development.", hint, location)
        for j, photo in enumerate(symptom.photos):
            problem = photo_path_problem(photo.path)
            if problem is not None:
                raise _bad(f"symptoms.{i}.photos.{j}.path", photo.path, f"Photo path {problem}.", _PHOTO_HINT, location)
    return list(symptoms)
