"""The CLI read in an 80-column terminal: ids are never cut, nothing is ellipsised, assess opens with five lines.

The ids checked are the catalogue's own (``api.list_devices``, ``api.list_zones``), the strings a user types
back; the cells checked are those of the JSON report, which is always complete.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from stimsafe import api
from stimsafe.cli.main import _register
from stimsafe.cli.main import app as cli

WIDTH = 80


def run(*args: str) -> str:
    _register()
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": str(WIDTH), "NO_COLOR": "1"}, terminal_width=WIDTH)
    assert result.exit_code == 0, result.output
    return result.output


def _fits(output: str) -> None:
    assert max(len(line.rstrip()) for line in output.splitlines()) <= WIDTH


def _words(output: str) -> set[str]:
    return set(re.findall(r"\S+", output))


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("devices", "list"), lambda: [d.id for d in api.list_devices()]),
        (("zones",), lambda: [z.id for z in api.list_zones()]),
        (("triage", "--list-signs"), lambda: [s["id"] for s in api.triage_signs()]),
    ],
)
def test_every_id_appears_whole_at_80_columns(args, ids) -> None:
    output = run(*args)
    _fits(output)
    words = _words(output)
    missing = [i for i in ids() if i not in words]
    assert not missing, f"ids cut or missing at {WIDTH} columns: {missing}"
    assert "…" not in output


def _cell_words(report: dict) -> set[str]:
    words: set[str] = set()
    for section in report["sections"]:
        for table in section["tables"]:
            for row in table["rows"]:
                for cell in row:
                    if isinstance(cell, str):
                        words |= set(cell.split())
    return words


def test_assess_full_at_80_columns_cuts_no_cell() -> None:
    report = json.loads(run("assess", "--demo", "--format", "json"))
    output = run("assess", "--demo", "--full")
    _fits(output)
    flat = " ".join(output.split())
    cut = sorted(w for w in _cell_words(report) if w not in flat)
    assert not cut, f"table words cut at {WIDTH} columns: {cut[:10]}"
    for zone in report["data"]["zones"]:
        assert zone["name"] in flat


def test_assess_opens_with_five_lines_and_keeps_the_rest_behind_full() -> None:
    report = json.loads(run("assess", "--demo", "--format", "json"))
    brief = run("assess", "--demo")
    _fits(brief)
    flat = " ".join(brief.split())
    lines = [" ".join(chunk.split()) for chunk in re.split(r"\n(?=\S)", brief.strip())]
    assert len(lines) == 5, lines
    assert lines[0].startswith("Screening: NuFACE Trinity (FDA 510(k) K181008). " + report["data"]["verdict"])
    assert lines[1].startswith("Zones:") and lines[2].startswith("What to do:") and lines[3].startswith("Unknown")
    for zone in report["data"]["zones"]:
        assert zone["name"] in flat  # every zone of the plan, by name
    assert "--full" in lines[4] and "Not a diagnosis" in lines[4]
    assert len(brief.splitlines()) < len(run("assess", "--demo", "--full").splitlines()) / 4


def test_markdown_and_json_stay_complete() -> None:
    markdown = run("assess", "--demo", "--format", "markdown")
    report = json.loads(run("assess", "--demo", "--format", "json"))
    for section in report["sections"]:
        assert section["title"] in markdown
    assert report["sources"] and report["sources"][0]["title"] in markdown


def test_unanswered_questions_lead_the_unknown_line(tmp_path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("conditions:\n  pregnancy: no\n", encoding="utf-8")
    brief = " ".join(run("assess", "-d", "nuface-trinity", "-p", str(profile), "-z", "forehead").split())
    assert "Unknown (" in brief and "never read as 'no'" in brief and "Heart pacemaker" in brief


@pytest.mark.parametrize(
    ("command", "option", "example"),
    [
        (("assess",), "--profile", "examples/profile-demo.yaml"),
        (("assess",), "--plan", "examples/plan-demo.yaml"),
        (("assess",), "--device", "examples/device-spec.yaml"),
        (("triage",), "--answers", "examples/triage-face-weakness-over-hours.yaml"),
    ],
)
def test_file_options_name_their_format_and_an_example(command, option, example) -> None:
    from pathlib import Path

    text = " ".join(run(*command, "--help").replace("│", " ").split())
    assert option in text and "YAML/JSON" in text and example in text
    assert (Path(__file__).resolve().parents[1] / example).is_file()


def test_the_diary_import_example_is_named_and_imports(tmp_path) -> None:
    from pathlib import Path

    text = " ".join(run("diary", "import", "--help").replace("│", " ").split())
    assert "JSON" in text and "examples/diary-export.json" in text
    example = Path(__file__).resolve().parents[1] / "examples" / "diary-export.json"
    counts = json.loads(run("diary", "import", str(example), "--db", str(tmp_path / "diary.sqlite3")))
    assert counts["sessions"] == 1 and counts["symptoms"] == 1


def test_serve_help_shows_its_defaults() -> None:
    text = " ".join(run("serve", "--help").replace("│", " ").split())
    for default in ("[default: 127.0.0.1]", "[default: 8000]", "[default: none: proxy headers are ignored]"):
        assert default in text
