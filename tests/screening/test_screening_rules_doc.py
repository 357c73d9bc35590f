"""docs/rules.md is generated from the rule data: it fails here when a rule is added or changed undocumented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from stimsafe.knowledge.rules import load_rules

REPO = Path(__file__).resolve().parents[2]


def test_rules_doc_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_rules_docs.py"), "--check"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_rule_is_documented() -> None:
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    missing = [r.id for r in load_rules() if f"| {r.id} |" not in text]
    assert missing == []
