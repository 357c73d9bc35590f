"""A copy of the threshold memo on disk, so a second process answers a repeated question at once.

Each entry is keyed on a hash of the question (its JSON form) and of the code that answers it (every module of
``dose/physics`` and ``dose/thresholds``): a changed model never reads an old number. The file lives in the user
cache folder (platformdirs) or in the folder named by ``STIMSAFE_THRESHOLD_CACHE``; ``off`` turns it off. A
missing, unreadable or corrupt file is an empty memo; writes go to a temporary file that replaces the old one
(no half-written file), and a failed write only costs the next process a recomputation.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

#: Environment variable: a folder for the file, or ``off``.
ENV = "STIMSAFE_THRESHOLD_CACHE"
#: Past this many entries the file starts afresh (it stays a few MiB at most).
MAX_ENTRIES = 50_000

_loaded: dict[Path, dict[str, object]] = {}


def key_of(*parts: str) -> str:
    """The entry key of a question given as JSON strings (one per query of a tuple)."""
    digest = hashlib.sha256(_code_key().encode())
    for part in parts:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()[:32]


def memo_file() -> Path | None:
    """Where the memo lives now, or ``None`` when it is switched off."""
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() == "off":
        return None
    if setting:
        folder = Path(setting)
    else:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("stimsafe", appauthor=False))
    return folder / "thresholds.json"


def recall(keys: list[str]) -> dict[str, object]:
    """The stored answers among ``keys`` (absent keys are left out)."""
    entries = _entries()
    return {k: entries[k] for k in keys if k in entries}


def remember(answers: dict[str, object]) -> None:
    """Add ``answers`` to the file, atomically; any failure to write is ignored (the memo is only a speed-up)."""
    path = memo_file()
    if path is None or not answers:
        return
    entries = _entries()
    if len(entries) + len(answers) > MAX_ENTRIES:
        entries.clear()
    entries.update(answers)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".thresholds-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"code": _code_key(), "entries": entries}, out)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _entries() -> dict[str, object]:
    path = memo_file()
    if path is None:
        return {}
    if path not in _loaded:
        _loaded[path] = _read(path)
    return _loaded[path]


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("code") != _code_key() or not isinstance(data.get("entries"), dict):
        return {}
    return dict(data["entries"])


@cache
def _code_key() -> str:
    """A hash of the source of every module that a threshold depends on."""
    dose = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for module in sorted([*dose.joinpath("physics").glob("*.py"), *dose.joinpath("thresholds").glob("*.py")]):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()
