"""What a file holds, told from its first bytes and checked against its name and ``--kind``.

The name alone is not trusted: a ``.txt`` download may hold openFDA JSON, and a MAUDE master file renamed
``DEVICE2020.txt`` would otherwise fail on its "unknown" columns or, worse, load under the wrong table. A MAUDE
header names its kind by its columns (:data:`~stimsafe.signals.ingest.maude_layout.KNOWN`); headerless files and
the comma-separated code lookups cannot be told by content, so their name (or ``--kind``) decides.
"""

from __future__ import annotations

from stimsafe.errors import DataFileError, InputError
from stimsafe.signals.ingest.maude_layout import KINDS, KNOWN, kind_from_name, normalise_column


def content_kinds(head: bytes) -> set[str] | None:
    """The kinds the first bytes fit: ``{"openfda"}``, the MAUDE kinds whose header holds every column, or
    ``None`` when the content cannot tell (headerless rows, code lookups, unknown columns).

    >>> sorted(content_kinds(b'  {"meta": {}}') or ())
    ['openfda']
    >>> sorted(content_kinds(b"MDR_REPORT_KEY|EVENT_KEY|DATE_RECEIVED\\r\\n1|2|3") or ())
    ['master']
    >>> content_kinds(b"1|2|3\\r\\n") is None
    True
    """
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return {"openfda"}
    first = text.split(b"\n", 1)[0].decode("latin-1").rstrip("\r")
    if "|" not in first or first[:1].isdigit():
        return None
    columns = {normalise_column(c) for c in first.split("|")}
    fits = {kind for kind, known in KNOWN.items() if columns <= known}
    return fits or None


def choose_format(name: str, kind: str | None, head: bytes, location: str) -> str:
    """``openfda`` or a MAUDE kind for one file: ``--kind`` if given, else the name checked against the content.

    Raises
    ------
    InputError
        ``--kind`` is unknown; the name and the content disagree; or neither tells what the file holds.
    DataFileError
        The file is empty.
    """
    if kind is not None and kind != "openfda" and kind not in KINDS:
        choices = ", ".join(("openfda", *KINDS))
        raise InputError("Unknown file kind.", field="--kind", value=kind, hint=f"Use one of: {choices}.")
    if not head.strip():
        raise DataFileError("The file is empty.", location=location, hint="Re-download the file.")
    if kind is not None:
        return kind
    lowered = name.lower()
    named = "openfda" if lowered.endswith((".json", ".json.zip")) else kind_from_name(lowered)
    found = content_kinds(head)
    if found is None or named in found:
        if named is None:
            raise InputError(
                "Cannot tell what this file holds from its name or its first line.",
                field="PATH",
                value=location,
                hint="Pass --kind (openfda, master, device, text, patient, patient_problem, device_problem, ...).",
            )
        return named
    guess = "openFDA JSON" if found == {"openfda"} else "a MAUDE " + " or ".join(sorted(found)) + " file"
    if named is None:
        if len(found) == 1:
            return next(iter(found))
        raise InputError(
            f"The header fits {guess}; which one cannot be told.",
            field="PATH",
            value=location,
            hint="Pass --kind.",
        )
    said = "openFDA JSON" if named == "openfda" else f"a MAUDE {named} file"
    raise InputError(
        f"The name says {said}, but the content is {guess}.",
        field="PATH",
        value=location,
        hint=f"Rename the file, or pass --kind {sorted(found)[0]} if the content is right.",
    )
