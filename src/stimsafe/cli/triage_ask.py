"""The interactive triage questionnaire: every answer is checked at once and asked again; nothing is lost.

Warning signs come first and have no default (Enter asks again), each answered y, n or u (not sure, read as
yes). The first warning sign answered yes or not sure ends the questions: the emergency advice is printed at
once. The person's own words, when given, are read first: what they describe is said back and not asked again.
Onsets are everyday words ("30 min ago", "this morning", "yesterday evening") and are said back as a time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import typer

from stimsafe.cli.ask import ask_until

_FLAG = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "u": "unsure", "unsure": "unsure", "not sure": "unsure",
         "?": "unsure", "don't know": "unsure", "dont know": "unsure"}  # fmt: skip
_SPEED = {"1": "onset_minutes", "2": "onset_hours", "3": "onset_days", "4": "onset_unsure"}
_WEAKNESS = {"face_droop", "eyelid_droop", "eye_wont_close", "eyebrow_wont_lift", "mouth_droop", "both_sides_weak"}


def _flag(value: str) -> str | None:
    return _FLAG.get(value.strip().lower())


def _speed(value: str) -> str | None:
    return _SPEED.get(value.strip())


def _ask(question: str, read: Callable[[str], str | None], expected: str) -> str:
    """Ask until ``read`` understands the reply; no default (Enter asks again), nothing earlier is lost."""
    return ask_until(question, read, expected, prompt=lambda q: str(typer.prompt(q)))


def ask_sign(question: str) -> str:
    """One sign: ``yes``, ``no`` or ``unsure``; no default, an invalid answer is asked again."""
    return _ask(f"{question} (y = yes, n = no, u = not sure)", _flag, "y (yes), n (no) or u (not sure)")


def ask_onset(now: datetime) -> str | None:
    """When it started, in everyday words; said back as a time, asked again until understood. None: unknown."""
    from stimsafe.errors import InputError
    from stimsafe.triage.answers import parse_onset

    while True:
        text = str(
            typer.prompt(
                "When did it start? (e.g. '30 min ago', 'this morning', 'yesterday evening'; 'unknown' if you "
                "do not know)"
            )
        )
        try:
            moment = parse_onset(text, now)
        except InputError as error:
            typer.echo(f"Error: {error.message} {error.hint or ''}".strip(), err=True)
            continue
        if moment is None:
            typer.echo("Understood: the start time is unknown (it is not taken as now).")
            return None
        hours = (now - moment).total_seconds() / 3600
        typer.echo(f"Understood: {moment.strftime('%Y-%m-%d %H:%M %z')} ({hours:.3g} hours ago).")
        return moment.isoformat()


def _say_understood(note: str, now: datetime) -> tuple[frozenset[str], bool]:
    """Say what the words were read as; return the signs they affirm (yes or not sure) and whether they gave
    the onset time."""
    from stimsafe import api

    reading = api.triage_read(note, now)
    names = {s["id"]: s["question"] for s in api.triage_signs()}
    typer.echo("From your words I understood:")
    for mention in reading.mentions:
        read_as = {"yes": "yes", "unsure": "not sure (treated as yes)", "no": "you said no, I will still ask",
                   "past": "history or 'if', not counted"}[mention.status]  # fmt: skip
        typer.echo(f'  - "{mention.words}": {names.get(mention.sign, mention.sign)} -> {read_as}')
    if reading.onset is not None:
        typer.echo(f'  - "{reading.onset_words}": it started {reading.onset.strftime("%Y-%m-%d %H:%M %z")}')
    if not reading.mentions:
        typer.echo("  - no sign I know; I will ask about each one.")
    return reading.signs("yes") | reading.signs("unsure"), reading.onset is not None


def _weak(known: frozenset[str], given: dict[str, str]) -> bool:
    """Whether a face weakness was reported (in the words, or answered yes or not sure)."""
    return bool(_WEAKNESS & (known | {k for k, v in given.items() if v != "no"}))


def _is_emergency(answers: dict[str, Any], now: datetime) -> bool:
    from stimsafe import api

    return int(api.triage(answers, now).data["rank"]) == 0


def interview(note: str | None, now: datetime) -> dict[str, Any]:
    """Ask the questions in order (warning signs, face, speed and onset, skin, mild); return the answers mapping."""
    from stimsafe import api

    signs = api.triage_signs()
    given: dict[str, str] = {}
    answers: dict[str, Any] = {"answers": given, **({"note": note} if note else {})}
    typer.echo("Answer y, n or u (not sure). If someone may be having a stroke, call your emergency number now.")
    known, onset_known = _say_understood(note, now) if note else (frozenset(), False)
    if known and _is_emergency(answers, now):
        return answers  # the words already call for emergency services: that advice comes first, nothing is asked
    for group in ("red_flag", "face"):
        for sign in (s for s in signs if s["group"] == group and s["id"] not in known):
            if sign["id"] == "forehead_spared" and not _weak(known, given):
                continue  # only asked about a weakness that was reported
            given[sign["id"]] = ask_sign(sign["question"])
            if group == "red_flag" and given[sign["id"]] != "no":
                return answers
    if _weak(known, given):
        if not known & set(_SPEED.values()):  # how fast, unless the words said it
            speed = "How fast did it come on? 1 within minutes, 2 over hours, 3 over days, 4 not sure"
            given[_ask(speed, _speed, "1, 2, 3 or 4")] = "yes"
        onset = None if onset_known else ask_onset(now)  # the words' onset is used by the triage itself
        if onset is not None:
            answers["onset"] = onset
    if _is_emergency(answers, now):
        return answers
    for sign in (s for s in signs if s["group"] in ("skin", "mild") and s["id"] not in known):
        given[sign["id"]] = ask_sign(sign["question"])
    return answers
