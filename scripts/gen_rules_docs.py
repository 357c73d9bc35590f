"""Write docs/rules.md from the rule data, so the rule table can never drift from the rules stimsafe applies.

Run: .venv/bin/python scripts/gen_rules_docs.py            write docs/rules.md
     .venv/bin/python scripts/gen_rules_docs.py --check    exit 1 when docs/rules.md is stale (tests run this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from generated_doc import write_or_check

from stimsafe import api
from stimsafe.report.render import to_markdown

OUT = Path(__file__).resolve().parents[1] / "docs" / "rules.md"

HEADER = """<!-- Generated from knowledge/data/screening_rules.yaml + guidance.yaml by gen_rules_docs.py. -->

Each rule is data: a tier, a condition in a small three-valued language, words a person understands and its
sources. "per zone" rules limit only the zones they name; "whole plan" rules apply to every zone. An unanswered
question is *unknown*, never "no": the report lists it and says what a "yes" would change. See docs/screening.md.

"""


def render() -> str:
    """docs/rules.md as text."""
    return HEADER + to_markdown(api.rules_report())


def main(argv: list[str]) -> int:
    return write_or_check(OUT, render(), argv, ".venv/bin/python scripts/gen_rules_docs.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
