"""Write the rules-and-signs tables of docs/triage.md from the triage rule data, so they never drift from it.

Only the section under ``## Rules and signs (from the rule data)`` (up to the next ``## `` heading) is generated;
the rest of docs/triage.md is written by hand and kept as it is.

Run: .venv/bin/python scripts/gen_triage_docs.py            rewrite that section of docs/triage.md
     .venv/bin/python scripts/gen_triage_docs.py --check    exit 1 when it is stale (tests run this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from generated_doc import write_or_check

from stimsafe.knowledge.triage import load_triage_rules
from stimsafe.triage.model import Code, Rule, RuleSet, Sign

OUT = Path(__file__).resolve().parents[1] / "docs" / "triage.md"
HEADING = "## Rules and signs (from the rule data)"


def _when(rule: Rule) -> str:
    return " AND ".join("(" + " or ".join(f"`{s}`" for s in group) + ")" for group in rule.when)


def _rule_rows(rules: RuleSet) -> list[str]:
    rows = [f"| `{r.id}` | {r.tier.label} | {_when(r)} | {', '.join(r.sources)} |" for r in rules.rules]
    unanswered, fallback = rules.unanswered, rules.fallback
    rows.append(
        f"| `{unanswered.id}` (a warning sign left unanswered) | {unanswered.tier.label} (a floor: never "
        f"SELF-CARE) | — | {', '.join(unanswered.sources)} |"
    )
    rows.append(f"| `{fallback.id}` (no rule fires) | {fallback.tier.label} | — | {', '.join(fallback.sources)} |")
    return rows


def _code(code: Code) -> str:
    return f"{code.code} {code.display}" + ("" if code.verified else " (unverified, not emitted)")


def _sign_row(sign: Sign) -> str:
    note = "" if sign.code_note is None else f" (text only: {sign.code_note})"
    codes = "; ".join(_code(c) for c in sign.codes) or "—" + note
    return f"| `{sign.id}` | {sign.group} | {sign.question} | {codes} |"


def section(rules: RuleSet) -> str:
    """The generated section: its heading, the rule table and the sign table."""
    lines = [
        HEADING,
        "",
        "<!-- Generated from knowledge/data/triage_rules.yaml by scripts/gen_triage_docs.py: edit the data, then"
        " run it. -->",
        "",
        "| rule | tier | fires when (every group has a sign) | sources |",
        "|---|---|---|---|",
        *_rule_rows(rules),
        "",
        "| sign | group | question | codes emitted in FHIR (verified only) |",
        "|---|---|---|---|",
        *(_sign_row(s) for s in rules.signs),
        "",
    ]
    return "\n".join(lines) + "\n"


def render(current: str, rules: RuleSet) -> str:
    """``current`` (docs/triage.md) with its generated section replaced; the section is added if it is missing."""
    start = current.find(HEADING + "\n")
    if start < 0:
        return current.rstrip("\n") + "\n\n" + section(rules)
    following = current.find("\n## ", start + len(HEADING))
    end = len(current) if following < 0 else following + 1
    return current[:start] + section(rules) + current[end:]


def main(argv: list[str]) -> int:
    current = OUT.read_text(encoding="utf-8") if OUT.exists() else "# Triage and diary\n"
    text = render(current, load_triage_rules())
    return write_or_check(OUT, text, argv, ".venv/bin/python scripts/gen_triage_docs.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
