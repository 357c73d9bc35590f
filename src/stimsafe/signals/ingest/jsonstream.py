"""Streaming reader for one top-level JSON object: ``{"meta": {...}, "results": [record, ...]}``.

Only one record (plus a read-ahead chunk) is held in memory at a time, so a 100-MB openFDA partition is never
loaded whole. Every top-level key except ``results`` is decoded as a whole value (``meta`` is small). The same
reader accepts a single record (an object with no ``results`` key), as in openFDA's documentation examples.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from stimsafe.errors import DataFileError

_CHUNK = 1 << 20
_WS = " \t\r\n"


@dataclass
class Item:
    """One streamed item: a top-level ``key`` with its ``value`` and the line it starts on, or (``key ==
    "results"``) one array element with its 1-based position in the array as ``line``."""

    key: str
    value: Any
    line: int


class JsonStream:
    """Incremental tokenizer over a text stream (see module docstring).

    Parameters
    ----------
    stream
        Text stream (already decoded).
    location
        File name used in error messages.
    """

    def __init__(self, stream: IO[str], location: str) -> None:
        self._stream = stream
        self._location = location
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line_base = 1  # line number of self._buf[0]
        self._decoder = json.JSONDecoder()
        self.arrays_seen: set[str] = set()  # top-level keys whose array was streamed (even when empty)

    def _fill(self) -> bool:
        if self._eof:
            return False
        consumed = self._buf[: self._pos]
        self._line_base += consumed.count("\n")
        chunk = self._stream.read(_CHUNK)
        self._buf = self._buf[self._pos :] + chunk
        self._pos = 0
        if not chunk:
            self._eof = True
        return bool(chunk)

    def _line(self) -> int:
        return self._line_base + self._buf.count("\n", 0, self._pos)

    def _error(
        self, message: str, hint: str = "Re-download the file; it is not complete, valid JSON."
    ) -> DataFileError:
        return DataFileError(message, location=f"{self._location}:{self._line()}", hint=hint)

    def _peek(self) -> str:
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _WS:
                self._pos += 1
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def _expect(self, char: str) -> None:
        found = self._peek()
        if found != char:
            shown = repr(found) if found else "end of file"
            raise self._error(f"Invalid JSON: expected {char!r}, found {shown}.")
        self._pos += 1

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as error:
                if self._fill():
                    continue
                raise self._error(f"Invalid JSON: {error.msg}.") from None
            if end >= len(self._buf) and not self._eof and not isinstance(value, dict | list | str):
                self._fill()  # a number may continue in the next chunk
                continue
            self._pos = end
            return value

    def items(self) -> Iterator[Item]:
        """Yield top-level entries in file order; ``results`` is yielded element by element."""
        self._expect("{")
        if self._peek() == "}":
            self._pos += 1
            return
        while True:
            line = self._line()
            key = self._value()
            if not isinstance(key, str):
                raise self._error("Invalid JSON: an object key must be a string.")
            self._expect(":")
            if key == "results" and self._peek() == "[":
                yield from self._array(key)
            else:
                yield Item(key, self._value(), line)
            sep = self._peek()
            self._pos += 1
            if sep == "}":
                break
            if sep != ",":
                raise self._error("Invalid JSON: expected ',' or '}' after a top-level value.")
        if self._peek() != "":
            raise self._error("Invalid JSON: extra data after the top-level object.")

    def _array(self, key: str) -> Iterator[Item]:
        self._expect("[")
        self.arrays_seen.add(key)
        if self._peek() == "]":
            self._pos += 1
            return
        index = 0
        while True:
            index += 1  # the element's position: counting lines per element would rescan the buffer each time
            yield Item(key, self._value(), index)
            sep = self._peek()
            self._pos += 1
            if sep == "]":
                return
            if sep != ",":
                raise self._error(f"Invalid JSON: expected ',' or ']' in the {key!r} array.")
