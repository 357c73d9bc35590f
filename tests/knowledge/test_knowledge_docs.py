"""docs/knowledge.md is generated from the knowledge data: it fails here when a device or a fact changes undocumented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from stimsafe.knowledge.devices import load_devices

REPO = Path(__file__).resolve().parents[2]


def test_knowledge_doc_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_knowledge_docs.py"), "--check"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_device_is_documented_with_what_was_not_found() -> None:
    text = (REPO / "docs" / "knowledge.md").read_text(encoding="utf-8")
    for device in load_devices():
        start = text.index(f"(`{device.id}`)")
        section = text[start : text.find("\n### ", start)]
        assert "Not found:" in section and "From:" in section, device.id
