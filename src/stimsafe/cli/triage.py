"""``stimsafe triage``: questions about a symptom (red flags first) or answers from a file -> a tier with reasons.

Interactive mode (:mod:`stimsafe.cli.triage_ask`) asks the warning signs first (yes, no or not sure, no
default) and stops at the first "yes" or "not sure": the emergency advice is printed at once. "Not sure" is read
as "yes", as on the web form. Words given on the command line (``stimsafe triage "my face droops"``) are read
for warning signs; in a terminal the questions they did not answer are then asked, otherwise (a script, a pipe,
or ``--answers``) a warning sign left unanswered is unknown, never "no".
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from stimsafe.cli.output import Format, FormatOption, emit
from stimsafe.errors import DataFileError, InputError


def parse_now(now: str | None) -> datetime | None:
    """``--now`` as an aware time (for reproducible output); None means the clock."""
    if now is None:
        return None
    from datetime import UTC
    from datetime import datetime as dt

    from stimsafe.triage.answers import parse_time

    return parse_time(now, dt.now(UTC), field="--now")


def read_answers(path: Path) -> Any:
    """Answers from a YAML or JSON file (JSON is YAML)."""
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"Cannot read the answers file: {error.strerror}.", location=str(path)) from None
    except yaml.YAMLError as error:
        raise DataFileError(f"The answers file is not valid YAML/JSON: {error}", location=str(path)) from None


def triage(
    words: Annotated[
        list[str] | None, typer.Argument(help="What you noticed, in your own words (read for warning signs).")
    ] = None,
    *,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Answers file (YAML/JSON): signs: [ids], answers: {id: yes/no/unsure}, onset, side, note; "
            "the example file is named above, the ids come from --list-signs. Omit to be asked.",
        ),
    ] = None,
    fmt: FormatOption = Format.text,
    db: Annotated[
        Path | None, typer.Option("--db", help="Diary file (SQLite, made by stimsafe) for the timeline and --save.")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Use this user's default diary.")] = None,
    save: Annotated[bool, typer.Option("--save", help="Record the symptom in the diary.")] = False,
    now: Annotated[str | None, typer.Option("--now", help="Pretend the time is this (ISO with timezone).")] = None,
    list_signs: Annotated[bool, typer.Option("--list-signs", help="List the sign ids for answers files.")] = False,
) -> None:
    """Triage a symptom noticed after using a device: emergency first, then what to do, with sources.

    Example answers file: examples/triage-face-weakness-over-hours.yaml
    """
    import sys

    from stimsafe import api
    from stimsafe.cli.triage_ask import interview

    if list_signs:
        _print_signs(api.triage_signs())
        return
    when = parse_now(now)
    text = " ".join(words or ()).strip() or None
    if answers is not None:
        raw = read_answers(answers)
        if text and isinstance(raw, dict):
            raw = {**raw, "note": " ".join(filter(None, (str(raw.get("note") or ""), text)))}
    elif text is None or sys.stdin.isatty():
        raw = interview(text, when or datetime.now().astimezone())
    else:
        raw = {"note": text}  # not a terminal: nothing is asked, unanswered warning signs stay unknown
    use_diary = db is not None or user is not None
    report = api.triage(raw, when, db=db if use_diary else None, user=user, location=str(answers) if answers else None)
    emit(report, fmt)
    if save and isinstance(raw, dict):
        _save(raw, report.data, db, user, when)


def _save(raw: dict[str, Any], data: dict[str, Any], db: Path | None, user: str | None, when: datetime | None) -> None:
    from stimsafe import api

    # the signs the tier was computed from (answered, "not sure" read as yes, and read in the words); the diary
    # keeps signs, not doubts
    given = [s for s in data["signs"] if not str(s).startswith("onset_")]
    speed = next((str(s)[6:] for s in data["signs"] if str(s).startswith("onset_")), None)
    if not given:
        raise InputError("Nothing to save: no sign was answered yes.", field="signs")
    answered = {*data["signs"], *data["unsure"], *data["unknown"]}
    said_no = sorted(s["id"] for s in api.triage_signs() if s["group"] == "red_flag" and s["id"] not in answered)
    record = api.diary_add_symptom(
        db,
        user=user,
        kind=given[0],
        signs=given[1:],
        no=said_no,  # the warning signs answered "no"; unknown ones stay unknown in the diary
        development=speed,
        onset=raw.get("onset"),  # None: unknown, never "now"
        side=raw.get("side"),
        text=raw.get("note"),
        now=when,
    )
    typer.echo(json.dumps({"saved_symptom": record.id}), err=True)


def register(app: typer.Typer) -> None:
    """Add ``triage`` to the ``stimsafe`` command."""
    app.command("triage")(triage)


def _print_signs(signs: list[dict[str, str]]) -> None:
    """One sign per line, id and group first; questions wrap under themselves at the terminal's width."""
    import textwrap

    from rich.console import Console

    id_width = max(len(s["id"]) for s in signs) + 1
    indent = " " * (id_width + 11)
    width = max(Console().width, len(indent) + 20)
    for sign in signs:
        head = f"{sign['id']:<{id_width}} {sign['group']:<9} "
        typer.echo(textwrap.fill(sign["question"], width=width, initial_indent=head, subsequent_indent=indent))
