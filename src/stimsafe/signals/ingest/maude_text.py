"""Raw MAUDE bytes -> text lines: UTF-8 where a line is valid UTF-8, else Windows-1252; NUL characters removed.

FDA's MAUDE files are mostly ASCII, but narratives pasted from word processors carry Windows-1252 bytes (curly
quotes 0x91-0x94, dashes 0x96-0x97); read as latin-1 they would become invisible C1 control characters. The five
bytes cp1252 leaves undefined become U+FFFD, so they are visible, never silently dropped.
"""

from __future__ import annotations

from typing import IO, Protocol


class LineSource(Protocol):
    """Anything with ``readline() -> str`` (``""`` at the end): :class:`MaudeLines`, ``io.StringIO``."""

    def readline(self) -> str:  # pragma: no cover - protocol
        """The next line, or ``""`` at the end."""
        ...


def decode_line(raw: bytes) -> str:
    """One physical line as text.

    >>> decode_line(b"PATIENT\\x92S FACE \\x96 DROOPED"), decode_line("caf\\u00e9".encode())
    ('PATIENT\\u2019S FACE \\u2013 DROOPED', 'café')
    >>> decode_line(b"A\\x00B\\x81")
    'AB\\ufffd'
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.replace("\x00", "") if "\x00" in text else text


class MaudeLines:
    """A ``readline()`` source of decoded lines over a binary stream (line ends kept; only ``\\n`` ends a line)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def readline(self) -> str:
        """The next line, or ``""`` at the end."""
        line = self._raw.readline()
        return decode_line(line) if line else ""
