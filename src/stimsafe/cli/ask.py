"""Asking one question at a terminal until the answer is understood: shared by the interactive questionnaires.

Nothing already answered is lost: a reply that is not understood is refused at once, with the accepted answers,
and the same question is asked again. A question has no default unless its reader accepts an empty reply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from stimsafe.errors import StimsafeError

T = TypeVar("T")
Prompt = Callable[[str], str]
Say = Callable[[str], None]


def line_prompt(question: str) -> str:
    """One line typed after ``question`` (empty when only Enter is pressed); on stderr, so stdout stays the report."""
    return str(typer.prompt(question, default="", show_default=False, err=True))


def say_error(text: str) -> None:
    """Print a refusal on stderr."""
    typer.echo(text, err=True)


def ask_until(
    question: str,
    read: Callable[[str], T | None],
    expected: str,
    *,
    prompt: Prompt = line_prompt,
    say: Say = say_error,
) -> T:
    """Ask until ``read`` understands the reply (it returns None, or raises a StimsafeError, when it does not).

    Examples
    --------
    >>> replies = iter(["nope", "", "yes"])
    >>> ask_until("Q?", {"yes": "yes", "no": "no"}.get, "yes or no", prompt=lambda q: next(replies), say=print)
    Error: 'nope' is not an answer: type yes or no.
    Error: no answer given: type yes or no.
    'yes'
    """
    while True:
        reply = prompt(question)
        try:
            answer = read(reply)
        except StimsafeError as error:
            say(f"Error: {error.message} {error.hint or ''}".strip())
            continue
        if answer is not None:
            return answer
        shown = reply.strip()
        say(
            f"Error: {shown!r} is not an answer: type {expected}."
            if shown
            else f"Error: no answer given: type {expected}."
        )
