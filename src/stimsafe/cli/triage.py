"""``stimsafe triage``: questions about a symptom (red flags first) or answers from a file -> a tier with reasons.

Interactive mode asks the BE-FAST and eye questions first (yes, no or not sure, no default) and stops at the
first "yes" or "not sure": the emergency advice is printed at once, before anything else is asked. "Not sure"
is read as "yes", as on the web form.
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


def _ask(signs: list[dict[str, str]], group: str, chosen: list[str]) -> bool:
    """Ask the yes/no questions of one group; True when any was answered yes."""
    hit = False
    for sign in (s for s in signs if s["group"] == group):
        if typer.confirm(sign["question"], default=False):
            chosen.append(sign["id"])
            hit = True
    return hit


def _ask_red_flags(signs: list[dict[str, str]], chosen: list[str], unsure: list[str]) -> bool:
    """Ask the warning signs: y, n or u (not sure), with no default, so nothing unanswered reads as "no".

    Stops at the first "yes" or "not sure" (both route to the emergency advice, which is printed at once).
    """
    import click

    for sign in (s for s in signs if s["group"] == "red_flag"):
        reply = click.prompt(f"{sign['question']} (y = yes, n = no, u = not sure)", type=click.Choice(["y", "n", "u"]))
        if reply != "n":
            (chosen if reply == "y" else unsure).append(sign["id"])
            return True
    return False


_SPEED = {"1": "onset_minutes", "2": "onset_hours", "3": "onset_days", "4": "onset_unsure"}


def interview() -> dict[str, Any]:
    """Ask the questions in order (red flags, face, onset, skin, mild) and return answers as a mapping."""
    from stimsafe import api

    signs = api.triage_signs()
    chosen: list[str] = []
    unsure: list[str] = []
    typer.echo("Answer y or n (u = not sure for the warning signs). If someone may be having a stroke, call your")
    typer.echo("emergency number now.")
    if _ask_red_flags(signs, chosen, unsure):
        return {"signs": chosen, "unsure": unsure}  # no time asked (or invented): the emergency advice comes first
    onset: str | None = None
    if _ask(signs, "face", chosen) and set(chosen) - {"headache"}:
        speed = ""
        while speed not in _SPEED:
            speed = str(
                typer.prompt(
                    "How fast did it come on? 1 within minutes, 2 over hours, 3 over days, 4 not sure", default="4"
                )
            ).strip()
        chosen.append(_SPEED[speed])
        onset = typer.prompt(
            "When did it start? (e.g. '3h ago' or 2026-11-25T08:00+00:00; 'unknown' if you do not know)",
            default="unknown",
        )
    if any(c in chosen for c in ("onset_minutes", "onset_unsure", "dilated_pupil")):
        return {"signs": chosen, "onset": onset}
    _ask(signs, "skin", chosen)
    _ask(signs, "mild", chosen)
    return {"signs": chosen, "onset": onset}


def triage(
    *,
    answers: Annotated[Path | None, typer.Option("--answers", help="YAML/JSON answers file; omit to be asked.")] = None,
    fmt: FormatOption = Format.text,
    db: Annotated[Path | None, typer.Option("--db", help="Diary file for the timeline (and --save).")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Use this user's default diary.")] = None,
    save: Annotated[bool, typer.Option("--save", help="Record the symptom in the diary.")] = False,
    now: Annotated[str | None, typer.Option("--now", help="Pretend the time is this (ISO with timezone).")] = None,
    list_signs: Annotated[bool, typer.Option("--list-signs", help="List the sign ids for answers files.")] = False,
) -> None:
    """Triage a symptom noticed after using a device: emergency first, then what to do, with sources."""
    from stimsafe import api

    if list_signs:
        for sign in api.triage_signs():
            typer.echo(f"{sign['id']:<20} {sign['group']:<9} {sign['question']}")
        return
    raw = read_answers(answers) if answers is not None else interview()
    when = parse_now(now)
    use_diary = db is not None or user is not None
    report = api.triage(raw, when, db=db if use_diary else None, user=user, location=str(answers) if answers else None)
    emit(report, fmt)
    if save and isinstance(raw, dict):
        _save(raw, report.data, db, user, when)


def _save(raw: dict[str, Any], data: dict[str, Any], db: Path | None, user: str | None, when: datetime | None) -> None:
    from stimsafe import api

    # a "not sure" sign was triaged as "yes"; it is recorded with the others (the diary keeps signs, not doubts)
    given = [s for s in [*(raw.get("signs") or []), *(raw.get("unsure") or [])] if not str(s).startswith("onset_")]
    speed = next((str(s)[6:] for s in data["signs"] if str(s).startswith("onset_")), None)
    if not given:
        raise InputError("Nothing to save: no sign was answered yes.", field="signs")
    record = api.diary_add_symptom(
        db,
        user=user,
        kind=given[0],
        signs=given[1:],
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
