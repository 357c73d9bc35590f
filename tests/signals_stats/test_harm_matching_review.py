"""Review finding 5 and 10: narrative sentences the matcher missed or wrongly counted, hand-labelled.

Each sentence is the reviewer's (or a direct variant); ``expected`` is whether it reports the harm as an event.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from stimsafe.signals.harms import build_cases, load_harms
from stimsafe.signals.harms.cases import narrative_matcher
from stimsafe.signals.store import open_store

CASES: list[tuple[str, str, bool]] = [
    # pseudo-negations (NegEx): the negation word negates nothing
    ("facial_palsy", "PATIENT HAS NOT RECOVERED FROM THE FACIAL PALSY.", True),
    ("facial_palsy", "THERE HAS BEEN NO IMPROVEMENT IN HER BELL'S PALSY.", True),
    ("facial_palsy", "NO CHANGE IN THE FACIAL DROOP AFTER TWO WEEKS.", True),
    ("facial_palsy", "NO FACIAL DROOP WAS NOTED.", False),  # a true negation still negates
    # word orders and phrasings with no pattern before
    ("facial_palsy", "HER MOUTH WAS DROOPING ON THE LEFT SIDE.", True),
    ("facial_palsy", "SHE COULD NOT MOVE THE LEFT SIDE OF HER FACE.", True),
    ("facial_palsy", "THE DOCTOR SAID HER FACIAL NERVE WAS DAMAGED.", True),
    ("ptosis", "THE NEXT DAY HER LEFT EYE WAS DROOPING.", True),
    # history, hypothetical and labelling contexts are no event
    ("facial_palsy", "SHE HAS A HISTORY OF BELL'S PALSY IN 2015.", False),
    ("facial_palsy", "THE IFU WARNS THAT FACIAL PARALYSIS MAY OCCUR WITH IMPROPER USE.", False),
    ("facial_palsy", "IF YOU EXPERIENCE FACIAL PARALYSIS, STOP USING THE DEVICE.", False),
    ("burn", "THE LABELING WARNS THAT BURNS CAN OCCUR.", False),
    ("burn", "THE LABELING WARNS OF BURNS, BUT THE USER STILL GOT A BURN ON THE CHEEK.", True),
    # exclusions
    ("facial_palsy", "SHE DEVELOPED CEREBRAL PALSY.", False),
    ("facial_palsy", "A CHILD WITH CEREBRAL PALSY; THE USER DEVELOPED BELL'S PALSY.", True),
    ("electric_shock", "SHE WAS SHOCKED BY THE PRICE.", False),
    ("electric_shock", "THE DEVICE SHOCKED HER ON THE CHIN.", True),
    ("electric_shock", "SHE FELT A SHARP SHOCK FROM THE ELECTRODE.", True),
    ("burn", "SHE REPORTED A BURNING SENSATION UNDER THE PADS.", False),
    ("burn", "A BURNING SENSATION, THEN A BLISTERED BURN ON THE JAW.", True),
]


@pytest.mark.parametrize(("harm", "text", "expected"), CASES)
def test_review_sentences(harm: str, text: str, expected: bool) -> None:
    matcher = narrative_matcher(load_harms().get(harm))
    assert matcher is not None
    assert bool(matcher(text)) is expected


def test_patterns_are_valid_re2() -> None:
    """Every pattern is used by DuckDB's RE2 (pre-filter, terms) as well as Python's re."""
    con = duckdb.connect()
    for harm in load_harms().harms:
        for regex in (harm.term_regex, harm.narrative_regex, harm.exclude_regex, harm.device_term_regex):
            if regex:
                re.compile(regex)
                con.execute("SELECT regexp_matches('x', ?, 'i')", [regex]).fetchone()


def test_store_excludes_terms_and_names_the_text_type() -> None:
    """Problem terms "Cerebral Palsy" and "Burning Sensation" are no case; the snippet names the narrative type."""
    with open_store(":memory:") as store:
        con = store.connection
        for key in (1, 2, 3, 4):
            con.execute(
                "INSERT INTO reports (mdr_report_key, source_format, source_id) VALUES (?, 'openfda', 0)", [key]
            )
        con.execute(
            "INSERT INTO patient_problems (mdr_report_key, patient_sequence_no, problem_id, problem_term, source_id) "
            "VALUES (1, 1, 'a', 'Cerebral Palsy', 0), (2, 1, 'b', 'Burning Sensation', 0), "
            "(3, 1, 'c', 'Facial Nerve Paralysis', 0)"
        )
        con.execute(
            "INSERT INTO narratives (mdr_report_key, mdr_text_key, text_type_code, text, source_id) VALUES "
            "(4, '1', 'N', 'THE IFU WARNS THAT FACIAL PARALYSIS MAY OCCUR. THE PATIENT DEVELOPED BELL''S PALSY.', 0)"
        )
        build_cases(store, ["facial_palsy", "burn"])
        rows = con.execute("SELECT mdr_report_key, harm_id, narrative_snippet FROM cases ORDER BY 1").fetchall()
    assert [(k, h) for k, h, _ in rows] == [(3, "facial_palsy"), (4, "facial_palsy")]
    assert rows[1][2] == "[N] THE PATIENT DEVELOPED BELL'S PALSY"
