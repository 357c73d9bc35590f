"""The interactive screening questionnaire of ``stimsafe assess``: every answer checked at once, asked again.

Health questions have no default (Enter asks again) and take yes, no or not sure; "not sure" is *unknown*, never
read as no. The exact age may be skipped with Enter; then "Are you 18 or older?" is asked, which is all the
under-18 rule needs. Zones are checked against the zone catalogue as they are typed.
"""

from __future__ import annotations

from typing import Any

from stimsafe.cli.ask import Prompt, Say, ask_until, line_prompt, say_error

_ANSWERS = {"yes": "yes", "y": "yes", "no": "no", "n": "no", "not sure": "unknown", "unsure": "unknown",
            "unknown": "unknown", "u": "unknown", "?": "unknown", "don't know": "unknown", "dont know": "unknown",
            "do not know": "unknown"}  # fmt: skip
ANSWER_CHOICES = "yes / no / not sure"
_EXPECTED = "yes, no or not sure (not sure is never read as no)"
_AGE = "a whole number of years from 0 to 130 (e.g. 34), or press Enter to skip"
_ALL = {"all", "everywhere", "all zones"}


def read_answer(reply: str) -> str | None:
    """yes / no / unknown from everyday words; None when not understood (an empty reply is no answer).

    >>> read_answer("Y"), read_answer("not sure"), read_answer("nope"), read_answer("")
    ('yes', 'unknown', None, None)
    """
    return _ANSWERS.get(" ".join(reply.lower().split()))


def read_age(reply: str) -> str | None:
    """The age as digits, "" when skipped, None when not a plausible whole number of years."""
    text = reply.strip()
    if not text:
        return ""
    return text if text.isdigit() and int(text) <= 130 else None


def read_zones(reply: str, *, allow_all: bool) -> list[str] | None:
    """Zone ids from names or aliases, comma separated; ``[]`` for "all" where allowed; None when empty.

    Raises
    ------
    StimsafeError
        A name that is not a zone (with the library's did-you-mean or forbidden-site hint).
    """
    from stimsafe import api

    text = reply.strip()
    if allow_all and text.lower() in _ALL:
        return []
    names = [n.strip() for n in text.split(",") if n.strip()]
    return list(dict.fromkeys(api.get_zone(n).id for n in names)) or None


def _zone_list() -> str:
    from stimsafe import api

    return ", ".join(z.id for z in api.list_zones())


def ask_zones(question: str, *, allow_all: bool, prompt: Prompt = line_prompt, say: Say = say_error) -> list[str]:
    """Ask for zones until every name is a zone (``[]`` means all, where allowed)."""
    choices = _zone_list() + (", or all" if allow_all else "")
    return ask_until(
        f"{question} ({choices})",
        lambda reply: read_zones(reply, allow_all=allow_all),
        f"zone names separated by commas ({choices})",
        prompt=prompt,
        say=say,
    )


def ask_profile(prompt: Prompt = line_prompt, say: Say = say_error) -> dict[str, Any]:
    """The questionnaire: age (or "18 or older?"), then each condition; zoned ones ask where. Returns a profile.

    ``prompt`` and ``say`` are injected so the questionnaire is testable without a terminal.
    """
    from stimsafe import api

    profile: dict[str, Any] = {}
    age = ask_until("Your age in years (press Enter to skip)", read_age, _AGE, prompt=prompt, say=say)
    if age:
        profile["age"] = int(age)
    else:
        profile["adult"] = ask_until(f"Are you 18 or older? {ANSWER_CHOICES}", read_answer, _EXPECTED,
                                     prompt=prompt, say=say)  # fmt: skip
    answers: dict[str, Any] = {}
    for condition in api.list_conditions():
        answer = ask_until(f"{condition.question} {ANSWER_CHOICES}", read_answer, _EXPECTED, prompt=prompt, say=say)
        if condition.zoned and answer == "yes":
            where = ask_zones("Where? Zones separated by commas", allow_all=True, prompt=prompt, say=say)
            answers[condition.id] = {"answer": "yes", "zones": where}
        else:
            answers[condition.id] = answer
    profile["conditions"] = answers
    return profile
