"""docs/triage.md's rules and signs tables are generated from the rule data (scripts/gen_triage_docs.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from stimsafe.knowledge.triage import load_triage_rules

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "gen_triage_docs.py"


def _generator() -> ModuleType:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        spec = importlib.util.spec_from_file_location("gen_triage_docs", SCRIPT)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPT.parent))


def test_triage_doc_is_current() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_only_the_generated_section_is_replaced() -> None:
    gen, rules = _generator(), load_triage_rules()
    doc = "# Triage\n\nBy hand.\n\n" + gen.HEADING + "\n\nold table\n\n## Diary\n\nBy hand too.\n"
    out = gen.render(doc, rules)
    assert out.startswith("# Triage\n\nBy hand.\n\n" + gen.HEADING) and out.endswith("## Diary\n\nBy hand too.\n")
    assert "old table" not in out
    assert all(f"| `{s.id}` |" in out for s in rules.signs) and all(f"| `{r.id}` |" in out for r in rules.rules)
    assert gen.render(out, rules) == out  # stable


def test_a_sign_without_a_code_says_why_when_the_data_says() -> None:
    text = (REPO / "docs" / "triage.md").read_text(encoding="utf-8")
    assert "| `burn` | skin |" in text and "(text only: T20.00XA is an injury-encounter code)" in text
