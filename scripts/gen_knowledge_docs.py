"""Write docs/knowledge.md from the knowledge data: per device, what is known, from where, and what is not found.

Run: .venv/bin/python scripts/gen_knowledge_docs.py            write docs/knowledge.md
     .venv/bin/python scripts/gen_knowledge_docs.py --check    exit 1 when docs/knowledge.md is stale (tests run this)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from generated_doc import write_or_check

from stimsafe import api
from stimsafe.knowledge.gaps import load_gaps
from stimsafe.report.model import Report

OUT = Path(__file__).resolve().parents[1] / "docs" / "knowledge.md"

HEADER = """<!-- Generated from knowledge/data/*.yaml by scripts/gen_knowledge_docs.py; do not edit. -->

# What stimsafe knows about each device, from where, and what it could not find

Every fact below comes from a cited public source (devices.yaml, evidence.yaml); "not found" means several searches
of public sources found nothing, never "zero" or "none". Where a device's output was not found, the output line
shows the class range stimsafe assumes instead, labelled as an assumption. `stimsafe devices show ID` prints the
same for one device; tests/knowledge/test_knowledge_schema.py checks every data file against its schema and every
cited source id against the file's sources.
"""


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(columns: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    columns = list(columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _gaps() -> list[str]:
    rows = [(g.fact, g.changes, ", ".join(g.device_ids) or "every device lacking it") for g in load_gaps()]
    return [
        "## What each missing fact would change",
        "",
        *_table(("Fact", "What knowing it would change", "Applies to"), rows),
        "",
    ]


def _evidence() -> list[str]:
    rows = [
        (s.name, s.design, s.modality, ", ".join(s.device_ids) or "-", s.maker_funded, s.maker_funded_why)
        for s in api.list_evidence()
    ]
    columns = ("Study", "Design", "Modalities", "Catalogue devices", "Maker funded", "Why")
    return ["## Studies, the devices they tested and who paid", "", *_table(columns, rows), ""]


def _device(report: Report) -> list[str]:
    data = report.data
    device = data["device"]
    facts = report.sections[0].tables[0].rows
    known = [f"{name}: {value}" for name, value in facts if not str(value).startswith(("not found", "unknown"))]
    missing = [g["fact"] for g in data["not_found"]]
    lines = [f"### {report.title} (`{device['id']}`)", ""]
    lines += [f"- {line}" for line in report.summary]
    checks = [f"- {f.tier}: {f.title}" for f in report.sections[0].findings]
    lines += ["", "Known:", "", *[f"- {_cell(k)}" for k in known], ""]
    lines += ["Checked against a cited limit:", "", *checks, ""] if checks else []
    lines += ["From:", ""]
    lines += [f"{i}. {s.cite()}" for i, s in enumerate(report.sources, 1)]
    lines += ["", "Not found: " + ("; ".join(missing) if missing else "nothing stimsafe looks for") + ".", ""]
    return lines


def render() -> str:
    """docs/knowledge.md as text."""
    lines = [HEADER, *_gaps(), *_evidence(), "## Devices", ""]
    for device in api.list_devices():
        lines += _device(api.device_report(device.id))
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    return write_or_check(OUT, render(), argv, ".venv/bin/python scripts/gen_knowledge_docs.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
