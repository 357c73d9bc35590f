"""Load and validate the everyday-phrase lexicon (``knowledge/data/triage_words.yaml``) into a :class:`Lexicon`.

Beyond the schema, the loader checks that every sign id exists in the triage rules, every pattern compiles,
every example is found by its own sign's patterns, and every source id is defined in this file or in
``triage_rules.yaml``.
"""

from __future__ import annotations

import re
from functools import cache

from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate
from stimsafe.knowledge.triage import FILE as RULES_FILE
from stimsafe.knowledge.triage import load_triage_rules
from stimsafe.triage.lexicon import Lexicon

FILE = "triage_words.yaml"


def _check(lexicon: Lexicon) -> None:
    known_signs = {s.id for s in load_triage_rules().signs}
    known_sources = {**sources_of(RULES_FILE), **sources_of(FILE)}
    for sign, phrases in lexicon.signs.items():
        where = f"{FILE}: signs.{sign}"
        if sign not in known_signs:
            raise KnowledgeError("Unknown sign id.", field="signs", value=sign, location=FILE)
        check_source_ids(phrases.sources, known_sources, location=where)
        for pattern in phrases.patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise KnowledgeError(f"Pattern does not compile: {error}", value=pattern, location=where) from None
        found = lexicon.compiled[sign]
        for example in phrases.examples:
            if not found.search(example):
                raise KnowledgeError("An example is not found by its patterns.", value=example, location=where)
    for field in ("resolved_needs", "ended_signs"):
        for sign in getattr(lexicon, field):
            if sign not in known_signs:
                raise KnowledgeError("Unknown sign id.", field=field, value=sign, location=FILE)


@cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon, validated (cached per process).

    Raises
    ------
    KnowledgeError
        If the packaged file is malformed (a bug in stimsafe's data, not in user input).

    Examples
    --------
    >>> bool(load_lexicon().compiled["arm_leg_weakness"].search("I can't lift my arm"))
    True
    """
    data = dict(read_data(FILE))
    data.pop("sources", None)
    try:
        lexicon = validate(Lexicon, data, location=FILE)
        _check(lexicon)
    except re.error as error:
        raise KnowledgeError(f"A cue pattern does not compile: {error}", location=FILE) from None
    return lexicon
