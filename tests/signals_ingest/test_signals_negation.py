"""The narrative matcher: affirmed mentions are cases, negated ones are not (NegEx-style, hand-labelled)."""

from __future__ import annotations

import re

import pytest

from stimsafe.signals.harms import find_affirmed, load_harms


def _pattern(harm: str) -> re.Pattern[str]:
    regex = load_harms().get(harm).narrative_regex
    assert regex is not None
    return re.compile(regex, re.IGNORECASE)


@pytest.mark.parametrize(
    ("harm", "text", "expected"),
    [
        ("facial_palsy", "NO FACIAL DROOP.", False),
        ("facial_palsy", "PATIENT DENIES FACIAL DROOP OR WEAKNESS.", False),
        ("facial_palsy", "FACIAL DROOP WAS RULED OUT BY THE PHYSICIAN.", False),
        ("facial_palsy", "SHE WAS DIAGNOSED WITH BELL'S PALSY TWO DAYS AFTER USE.", True),
        ("facial_palsy", "NO PAIN. THE NEXT DAY SHE HAD A FACIAL DROOP.", True),
        ("burn", "NO PAIN BUT A BURN ON THE CHEEK.", True),
        ("burn", "THERE WAS NO EVIDENCE OF BURN.", False),
        ("burn", "THE CUSTOMER DID NOT SUSTAIN A BURN.", False),
        ("burn", "USE AS DIRECTED TO AVOID BURNS.", False),
        ("pain", "THE CUSTOMER REPORTS NO OTHER ADVERSE CONSEQUENCES.", False),
        ("ptosis", "LEFT EYELID DROOPING SINCE MONDAY.", True),
        ("numbness_paresthesia", "LOT NUMBER 12345 WAS NOT RECORDED.", False),
    ],
)
def test_negation(harm: str, text: str, expected: bool) -> None:
    assert bool(find_affirmed(text, _pattern(harm))) is expected
