"""`stimsafe triage` in a real pseudo-terminal (pexpect): invalid answers are asked again at once, Enter is not
"no", everyday onsets are said back, and no earlier answer is lost (issue 11, "questionnaires that never lose an
answer")."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

SRC = Path(__file__).resolve().parents[2] / "src"
NOW = "2026-11-25T14:00:00+00:00"
FLAG = r"\(y = yes, n = no, u = not sure\): "


def _spawn(*args: str):  # type: ignore[no-untyped-def]
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "200", "NO_COLOR": "1"}
    argv = ["-m", "stimsafe.cli.main", "triage", "--now", NOW, "-f", "markdown", *args]
    return pexpect.spawn(sys.executable, argv, env=env, encoding="utf-8", timeout=60, dimensions=(50, 200))


def _answer(child, reply: str) -> None:  # type: ignore[no-untyped-def]
    child.expect(FLAG)
    child.sendline(reply)


def test_invalid_answers_are_asked_again_and_nothing_is_lost() -> None:
    child = _spawn()
    child.expect("Is an arm or a leg weak")
    child.expect(FLAG)
    child.sendline("n")
    child.expect("Is speech slurred")
    child.expect(FLAG)
    child.sendline("nope")  # not an answer: refused at once, the same question again
    child.expect("'nope' is not an answer")
    child.expect("Is speech slurred")
    child.expect(FLAG)
    child.sendline("")  # Enter is not "no": asked again
    child.expect("Is speech slurred")
    child.sendline("n")
    for _ in range(12):  # the other warning signs
        _answer(child, "no")
    child.expect("Does one side of the face droop")
    child.expect(FLAG)
    child.sendline("y")
    for _ in range(7):  # eyelid, eye, eyebrow, mouth, both sides, forehead, headache
        _answer(child, "n")
    child.expect("How fast did it come on")
    child.sendline("fast")
    child.expect("'fast' is not an answer: type 1, 2, 3 or 4")
    child.expect("How fast did it come on")
    child.sendline("2")
    child.expect("When did it start")
    child.sendline("whenever")
    child.expect("Not a time")
    child.expect("When did it start")
    child.sendline("yesterday evening")
    child.expect(r"Understood: 2026-11-24 18:00 \+0000 \(20 hours ago\)")
    for _ in range(11):  # skin and mild signs
        _answer(child, "n")
    child.expect("# Triage: SEE A DOCTOR TODAY")
    child.expect(r"ends 2026-11-27 18:00 UTC: 52 hours left")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_not_sure_to_a_warning_sign_gives_the_emergency_at_once() -> None:
    child = _spawn()
    _answer(child, "n")
    _answer(child, "u")
    child.expect("# Triage: CALL EMERGENCY SERVICES NOW")
    child.expect(pexpect.EOF)


def test_words_in_a_terminal_are_said_back_and_the_rest_is_asked() -> None:
    child = _spawn("there is a red mark on my cheek, no arm weakness")
    child.expect("From your words I understood:")
    child.expect("you said no, I will still ask")
    child.expect("Is an arm or a leg weak")  # a negated sign is still asked
    child.sendcontrol("d")  # leaving: nothing is invented
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus != 0


def test_words_that_describe_an_emergency_need_no_questions() -> None:
    child = _spawn("my face droops and I can't lift my arm")
    child.expect("From your words I understood:")
    child.expect("# Triage: CALL EMERGENCY SERVICES NOW")
    child.expect(pexpect.EOF)


def test_what_the_words_said_is_not_asked_again() -> None:
    # words give the face weakness, how fast (over a few hours) and when (this morning): none of it is asked
    child = _spawn("since this morning my mouth droops on the left, it got worse over a few hours, no headache")
    child.expect("From your words I understood:")
    child.expect("it started 2026-11-25 09:00")
    for _ in range(14):  # the warning signs, all asked (words never answer them "no")
        _answer(child, "n")
    for _ in range(6):  # face_droop, eyelid, eye, eyebrow, both sides, forehead (mouth_droop came from the words)
        _answer(child, "n")
    _answer(child, "n")  # headache: "no headache" in words is still asked
    for _ in range(11):  # skin and mild: no "How fast" or "When" question came before them
        child.expect(r"(How fast|When did it start|\(y = yes, n = no, u = not sure\): )")
        assert "How fast" not in child.after and "When did" not in child.after
        child.sendline("n")
    child.expect("# Triage: SEE A DOCTOR TODAY")
    child.expect("2026-11-25 09:00")
    child.expect(pexpect.EOF)
