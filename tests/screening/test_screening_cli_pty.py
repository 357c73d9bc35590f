"""``stimsafe assess`` through a pseudo-terminal (pexpect), as a person types: issue 11 item 4.

Every prompt checks its answer at once and asks again ("nope" -> the accepted answers); Enter alone is no answer
for a health question (no [y/N] default); nothing already answered is lost; with no exact age the questionnaire
asks "Are you 18 or older?".
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from stimsafe.knowledge.conditions import load_conditions

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

RUN = "import sys; from stimsafe.cli.main import main; sys.exit(main())"


def _spawn(*args: str) -> pexpect.spawn:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    return pexpect.spawn(sys.executable, ["-c", RUN, *args], env=env, encoding="utf-8", timeout=60)


def _report(child: pexpect.spawn) -> dict:
    child.expect(pexpect.EOF)
    text = child.before
    return json.loads(text[text.index("{") :])


def test_invalid_answers_are_asked_again_and_nothing_is_lost() -> None:
    child = _spawn("assess", "-d", "nuface-trinity", "-z", "cheek,forehead", "-f", "json")
    child.expect(r"age in years")
    child.sendline("forty")
    child.expect(r"'forty' is not an answer: type a whole number")
    child.expect(r"age in years")
    child.sendline("")  # skip the exact age
    child.expect(r"Are you 18 or older\? yes / no / not sure")
    child.sendline("nope")
    child.expect(r"'nope' is not an answer: type yes, no or not sure")
    child.expect(r"18 or older")
    child.sendline("yes")
    for i, condition in enumerate(load_conditions()):
        child.expect_exact(condition.question)
        if i == 0:  # Enter alone is no answer: the same question again, no default
            child.sendline("")
            child.expect(r"no answer given: type yes, no or not sure")
            child.expect_exact(condition.question)
        if condition.id == "eczema_flare":
            child.sendline("y")
            child.expect(r"Where\?")
            child.sendline("cheek, elbow")
            child.expect(r"Error: .*elbow")
            child.expect(r"Where\?")
            child.sendline("cheek")
        else:
            child.sendline("no")
    data = _report(child)["data"]
    assert data["profile"]["adult"] == "yes" and data["profile"]["age_years"] is None
    answers = data["profile"]["conditions"]
    assert answers["eczema_flare"] == {"answer": "yes", "zones": ["cheek"]}
    assert all(answers[c.id]["answer"] == "no" for c in load_conditions() if c.id != "eczema_flare")
    zones = {z["zone"]: z["status"] for z in data["zones"]}
    assert zones == {"cheek": "excluded", "forehead": "allowed"}  # an adult: the under-18 rule holds nothing


def test_not_sure_is_kept_as_unknown_and_holds_the_plan() -> None:
    child = _spawn("assess", "-d", "nuface-trinity", "-z", "forehead", "-f", "json")
    child.expect(r"age in years")
    child.sendline("52")
    for condition in load_conditions():
        child.expect_exact(condition.question)
        child.sendline("not sure" if condition.id == "pregnancy" else "n")
    data = _report(child)["data"]
    assert data["profile"]["age_years"] == 52
    assert data["profile"]["conditions"]["pregnancy"]["answer"] == "unknown"
    assert [z["status"] for z in data["zones"]] == ["on hold"]


def test_a_device_typo_fails_before_the_first_question() -> None:
    child = _spawn("assess", "-d", "nuface-trinityy", "-z", "cheek")
    child.expect(r"(?i)did you mean|not found")
    child.expect(pexpect.EOF)
    assert "age in years" not in (child.before or "")
    child.close()
    assert child.exitstatus != 0


def test_zones_asked_when_not_given_are_checked_as_typed() -> None:
    child = _spawn("assess", "-d", "nuface-trinity", "-f", "json")
    child.expect(r"Zones to treat")
    child.sendline("")
    child.expect(r"no answer given: type zone names")
    child.sendline("chest")
    child.expect(r"Error: ")
    child.expect(r"Zones to treat")
    child.sendline("forehead")
    child.expect(r"age in years")
    child.sendline("30")
    for condition in load_conditions():
        child.expect_exact(condition.question)
        child.sendline("no")
    data = _report(child)["data"]
    assert [z["zone"] for z in data["zones"]] == ["forehead"]
