"""Read FHIR R4 Conditions and Observations (from CDS Hooks prefetch or a request body) into coded facts.

Only what screening needs is read: the codes (system, code) of a person's current conditions and of
observations such as pregnancy or breastfeeding status. The rules below follow the FHIR R4 definitions
(hl7.org/fhir/R4/condition.html, observation.html; ../shared/facts/clinical_evidence.md §1.2):

- a Condition whose ``verificationStatus`` is refuted or entered-in-error never counts; one whose
  ``clinicalStatus`` is inactive, remission or resolved is kept apart as a *past* condition (some screening
  questions are about the past: :mod:`stimsafe.web.code_match` decides which); any other Condition is current;
- an Observation counts when its ``status`` is final, amended, corrected or preliminary; a coded value
  (``valueCodeableConcept``: e.g. LOINC 82810-3 "Pregnancy status" = SNOMED 77386006 "Pregnant") gives its
  value codes, otherwise the Observation's own code counts unless ``valueBoolean`` is false.

Resources are plain JSON here; their structure is checked only as far as this reader relies on it, and a
malformed entry is counted and skipped, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"

_INACTIVE_CLINICAL = frozenset({"inactive", "remission", "resolved"})
_NOT_TRUE = frozenset({"refuted", "entered-in-error"})
_OBS_STATUSES = frozenset({"final", "amended", "corrected", "preliminary"})

Code = tuple[str, str]


class CodedFacts(BaseModel):
    """What the resources say, as codes; plus counts of what was read and skipped.

    ``codes`` holds (system, code) pairs of current conditions and observations; ``past_codes`` those of
    Conditions recorded as inactive, in remission or resolved; ``displays`` a human label for each code.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    codes: frozenset[Code] = frozenset()
    past_codes: frozenset[Code] = frozenset()
    displays: tuple[tuple[Code, str], ...] = ()
    conditions_read: int = 0
    observations_read: int = 0
    skipped: int = 0


def _codings(concept: Any) -> Iterator[tuple[Code, str | None]]:
    if not isinstance(concept, Mapping):
        return
    for coding in concept.get("coding") or ():
        if (
            isinstance(coding, Mapping)
            and isinstance(coding.get("system"), str)
            and isinstance(coding.get("code"), str)
        ):
            display = coding.get("display")
            yield (coding["system"], coding["code"]), display if isinstance(display, str) else concept.get("text")


def _status_codes(concept: Any) -> set[str]:
    """Status codes, read with or without their (fixed, well-known) system."""
    if not isinstance(concept, Mapping):
        return set()
    codings = concept.get("coding") or ()
    return {c["code"] for c in codings if isinstance(c, Mapping) and isinstance(c.get("code"), str)}


def condition_codes(resource: Mapping[str, Any], *, past: bool = False) -> list[tuple[Code, str | None]]:
    """Codes of a Condition that is current (``past=True``: inactive, remission or resolved) and not refuted.

    Examples
    --------
    >>> c = {"resourceType": "Condition", "code": {"coding": [{"system": SNOMED, "code": "193093009"}]}}
    >>> [code for code, _ in condition_codes(c)]
    [('http://snomed.info/sct', '193093009')]
    >>> resolved = {**c, "clinicalStatus": {"coding": [{"code": "resolved"}]}}
    >>> condition_codes(resolved), len(condition_codes(resolved, past=True))
    ([], 1)
    >>> condition_codes({**resolved, "verificationStatus": {"coding": [{"code": "refuted"}]}}, past=True)
    []
    """
    if _status_codes(resource.get("verificationStatus")) & _NOT_TRUE:
        return []
    is_past = bool(_status_codes(resource.get("clinicalStatus")) & _INACTIVE_CLINICAL)
    return list(_codings(resource.get("code"))) if is_past == past else []


def observation_codes(resource: Mapping[str, Any]) -> list[tuple[Code, str | None]]:
    """Codes an Observation asserts: its coded value, or its own code when it has no value."""
    if resource.get("status") not in _OBS_STATUSES:
        return []
    if "valueCodeableConcept" in resource:
        return list(_codings(resource.get("valueCodeableConcept")))
    if resource.get("valueBoolean") is False:
        return []
    return list(_codings(resource.get("code")))


def resources_in(value: Any) -> Iterator[Mapping[str, Any]]:
    """The resources in a prefetch value: a Bundle (its entries), a single resource, or a list of either."""
    if isinstance(value, list):
        for item in value:
            yield from resources_in(item)
    elif isinstance(value, Mapping):
        if value.get("resourceType") == "Bundle":
            for entry in value.get("entry") or ():
                if isinstance(entry, Mapping):
                    yield from resources_in(entry.get("resource"))
        elif isinstance(value.get("resourceType"), str):
            yield value


def read_facts(values: Iterable[Any]) -> CodedFacts:
    """Coded facts from any number of prefetch values (Bundles, resources or lists).

    Examples
    --------
    >>> preg = {"resourceType": "Observation", "status": "final",
    ...         "code": {"coding": [{"system": LOINC, "code": "82810-3"}]},
    ...         "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": "77386006", "display": "Pregnant"}]}}
    >>> facts = read_facts([{"resourceType": "Bundle", "entry": [{"resource": preg}]}])
    >>> sorted(facts.codes), facts.observations_read
    ([('http://snomed.info/sct', '77386006')], 1)
    """
    codes: dict[Code, str] = {}
    past: dict[Code, str] = {}
    n_cond = n_obs = skipped = 0
    for resource in (r for value in values for r in resources_in(value)):
        kind = resource.get("resourceType")
        if kind == "Condition":
            n_cond += 1
            found = condition_codes(resource)
            for code, display in condition_codes(resource, past=True):
                past.setdefault(code, display or code[1])
        elif kind == "Observation":
            n_obs += 1
            found = observation_codes(resource)
        else:
            skipped += 1
            continue
        for code, display in found:
            codes.setdefault(code, display or code[1])
    return CodedFacts(
        codes=frozenset(codes),
        past_codes=frozenset(past) - frozenset(codes),
        displays=tuple(sorted({**past, **codes}.items())),
        conditions_read=n_cond,
        observations_read=n_obs,
        skipped=skipped,
    )
