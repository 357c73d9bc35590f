"""Which screening questions a coded record answers "yes": code hierarchy, and which past conditions still count.

Two review findings shaped this module (docs/web.md, "CDS Hooks"):

- **Hierarchy.** A record rarely holds the catalogue's exact code: ``G40.919`` (intractable epilepsy) is a sibling
  of the catalogue's ``G40.909``; ``S04.50XA`` is a child of ``S04.5``. An ICD-10-CM record code therefore matches
  a condition when the condition's code *or one of the wider ICD-10-CM groups below* is the record code or one of
  its ancestors (ICD-10-CM codes nest by prefix; the group titles are those of the April 2026 tabular, source
  ``icd10cm-2026`` in conditions.yaml, and the tests check both against ``simple-icd-10-cm``).
  SNOMED CT codes are matched exactly: descendants are not followed (there is no terminology server here), and
  every CDS answer says so.
- **History.** Some questions are about the past ("have you ever had a seizure", "Bell's palsy now or in the
  past"); for those a Condition whose ``clinicalStatus`` is inactive, remission or resolved still answers "yes".
  Refuted and entered-in-error Conditions never count (:mod:`stimsafe.web.fhir_input` drops them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from pydantic import BaseModel, ConfigDict

from stimsafe.domain.condition import Condition
from stimsafe.web.fhir_input import ICD10CM, Code

# condition id -> why a past (resolved, inactive, in remission) record still answers the question: the question
# itself asks about the past (wording from knowledge/data/conditions.yaml, sources listed there).
# Used only when the knowledge file has no ``history_counts`` field of its own.
HISTORY_COUNTS: Mapping[str, str] = {
    "epilepsy": "The question asks 'have you ever had a seizure'; device labels list a history of epilepsy.",
    "bells_palsy": "The question asks 'have you ever had Bell's palsy'.",
    "facial_nerve_damage": "The question asks whether the facial nerve has ever been damaged.",
    "neurological_condition": "The question asks whether you have had a stroke or a mini-stroke (TIA).",
}

# condition id -> ICD-10-CM groups (category, block) whose every code answers the question "yes", with the
# group's title in the April 2026 tabular (pinned by tests/web/test_web_cds_codes.py against simple-icd-10-cm)
ICD10CM_GROUPS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "epilepsy": (("G40", "Epilepsy and recurrent seizures"),),
    "cancer": (
        ("C00-C96", "Malignant neoplasms (C00-C96)"),
        ("C7A", "Malignant neuroendocrine tumors"),
        ("C7B", "Secondary neuroendocrine tumors"),
    ),
    # pregnancy-stage groups only: not abortive outcome, labour, delivery or the puerperium
    "pregnancy": (
        ("O09", "Supervision of high risk pregnancy"),
        ("O20-O29", "Other maternal disorders predominantly related to pregnancy (O20-O29)"),
        ("O30-O48", "Maternal care related to the fetus and amniotic cavity and possible delivery problems (O30-O48)"),
        ("Z3A", "Weeks of gestation"),
    ),
}


class Match(BaseModel):
    """One record code read as a "yes" to one screening question, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    condition_id: str
    code: Code
    via: str
    past: bool = False


def history_counts(condition: Condition) -> bool:
    """Whether a past record of ``condition`` answers its question (knowledge field first, then the web list)."""
    own = getattr(condition, "history_counts", None)
    return bool(own) if isinstance(own, bool) else condition.id in HISTORY_COUNTS


_ICD10CM = re.compile(r"^([A-Z][0-9][0-9A-Z])\.?([0-9A-Z]{0,4})$")


@cache
def icd10cm_lineage(code: str) -> tuple[str, ...]:
    """The code and its ancestors by ICD-10-CM structure: each shorter subcategory, then the 3-character category.

    ICD-10-CM codes nest by prefix (category ``G40`` > ``G40.9`` > ``G40.91`` > ``G40.919``); the tests check this
    against the April 2026 tabular. Text that is not shaped like an ICD-10-CM code is its own only lineage.

    Examples
    --------
    >>> icd10cm_lineage("S04.50XA")
    ('S04.50XA', 'S04.50X', 'S04.50', 'S04.5', 'S04')
    >>> icd10cm_lineage("g40919")[-1], icd10cm_lineage("not a code")
    ('G40', ('not a code',))
    """
    found = _ICD10CM.match(code.strip().upper())
    if found is None:
        return (code,)
    category, rest = found.groups()
    return (*(f"{category}.{rest[:n]}" for n in range(len(rest), 0, -1)), category)


def _in_group(category: str, node: str) -> bool:
    """Whether a 3-character category lies in ``node``: the category itself or a block such as ``C00-C96``."""
    low, _, high = node.partition("-")
    return low <= category <= high if high else category == low


def _icd_match(condition: Condition, code: str) -> str | None:
    """How ``code`` answers ``condition``: one of its codes is the code or an ancestor, or a wider group holds it."""
    lineage = icd10cm_lineage(code)
    own = {c.code.upper() for c in condition.codes_of("icd10cm")}
    hit = next((node for node in lineage if node in own), None)
    if hit is not None:
        return f"ICD-10-CM {code} (under {hit})" if hit != lineage[0] else f"ICD-10-CM {code}"
    if len(lineage) > 1 or _ICD10CM.match(lineage[0]):
        for node, title in ICD10CM_GROUPS.get(condition.id, ()):
            if _in_group(lineage[-1], node):
                return f"ICD-10-CM {code} (in {node}, {title})"
    return None


def _match(condition: Condition, code: Code) -> str | None:
    system, value = code
    if system == ICD10CM:
        return _icd_match(condition, value)
    exact = {(c.system_uri, c.code) for c in condition.codes}
    return f"{'SNOMED CT' if 'snomed' in system else system} {value}" if code in exact else None


def match_conditions(
    conditions: Iterable[Condition], codes: Iterable[Code], past_codes: Iterable[Code] = ()
) -> tuple[list[Match], list[Match]]:
    """``(counted, set_aside)``: matches that answer "yes", and past matches that do not count for their question.

    A current code counts for every question it matches; a past code only for questions about the past.
    """
    current, past = sorted(set(codes)), sorted(set(past_codes))
    counted: list[Match] = []
    set_aside: list[Match] = []
    for condition in conditions:
        for is_past, pool in ((False, current), (True, past)):
            for code in pool:
                via = _match(condition, code)
                if via is None:
                    continue
                match = Match(condition_id=condition.id, code=code, via=via, past=is_past)
                (counted if not is_past or history_counts(condition) else set_aside).append(match)
    return counted, set_aside
