"""Shared by the doc generators: write a generated file, or with --check fail when it is stale."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(out: Path, text: str, argv: list[str], command: str) -> int:
    """Write ``text`` to ``out``; with ``--check`` in ``argv`` only compare, exit status 1 when they differ."""
    if "--check" in argv:
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            sys.stderr.write(f"{out.name} is stale: run {command}\n")
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {out}\n")
    return 0
