"""The library's errors: one base class, a few subclasses, each mapped once to an exit code and an HTTP status.

Every error names what was wrong (``field`` and ``value``), where (``location``: a file, a line, a form) and a
likely fix (``hint``). Interfaces render :meth:`StimsafeError.describe`; nothing else formats errors.
"""

from __future__ import annotations

from typing import Any


class StimsafeError(Exception):
    """Base class of every error stimsafe raises on purpose.

    Parameters
    ----------
    message
        What went wrong, in one sentence a user understands.
    field
        The parameter, column or key at fault, if any.
    value
        The offending value, if any (shown with ``repr``).
    hint
        A likely fix ("write '400 uA' or '0.4 mA'").
    location
        Where: a file path, ``path:line``, a form name.

    Examples
    --------
    >>> e = InputError("Amplitude has no unit.", field="amplitude", value="400", hint="Write '400 uA'.")
    >>> print(e.describe())
    Amplitude has no unit. [field 'amplitude', value '400'] Fix: Write '400 uA'.
    """

    exit_code: int = 1
    http_status: int = 500
    kind: str = "error"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: Any = None,
        hint: str | None = None,
        location: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.hint = hint
        self.location = location

    def describe(self) -> str:
        """One line: location, message, field and value, fix."""
        parts = []
        if self.location:
            parts.append(f"{self.location}:")
        parts.append(self.message)
        detail = []
        if self.field is not None:
            detail.append(f"field {self.field!r}")
        if self.value is not None:
            shown = self.value if isinstance(self.value, str) else repr(self.value)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            detail.append(f"value {shown!r}")
        if detail:
            parts.append("[" + ", ".join(detail) + "]")
        if self.hint:
            parts.append(f"Fix: {self.hint}")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The one error body shape used by the HTTP API and ``--format json``."""
        return {
            "error": self.kind,
            "message": self.message,
            "field": self.field,
            "value": None if self.value is None else str(self.value),
            "hint": self.hint,
            "location": self.location,
        }


class InputError(StimsafeError):
    """User input is malformed: a missing unit, an impossible value, a bad profile or plan file."""

    exit_code = 2
    http_status = 422
    kind = "invalid_input"


class NotFoundError(StimsafeError):
    """A named thing (device, zone, rule, report, diary entry) does not exist."""

    exit_code = 3
    http_status = 404
    kind = "not_found"


class DataFileError(StimsafeError):
    """An input data file (openFDA JSON, raw MAUDE, diary import) cannot be read; nothing was written."""

    exit_code = 4
    http_status = 422
    kind = "bad_data_file"


class KnowledgeError(StimsafeError):
    """The packaged knowledge base failed validation: a bug in stimsafe's own data, not in user input."""

    exit_code = 70
    http_status = 500
    kind = "knowledge_base"


class DependencyError(StimsafeError):
    """An optional extra (Spark, NEURON, a browser) is needed but not installed."""

    exit_code = 5
    http_status = 501
    kind = "missing_dependency"


class PermissionDeniedError(StimsafeError):
    """The caller may not see or change this resource (multi-user web mode)."""

    exit_code = 6
    http_status = 403
    kind = "forbidden"
