"""Load and validate the triage rules (``knowledge/data/triage_rules.yaml``) into a :class:`RuleSet`.

Besides the typed fields, the loader checks what a schema cannot: every sign a rule or default names exists,
every cited source exists, sign and rule ids are unique, and tier labels are exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate
from stimsafe.triage.model import Default, Fallback, Rule, RuleSet, Sign, Statement, Tier, Unanswered, Unsure

FILE = "triage_rules.yaml"


def _with_tier(raw: Any, location: str) -> Any:
    """Replace the tier label by its rank so the model can validate it."""
    if not isinstance(raw, Mapping):
        raise KnowledgeError("Expected a mapping.", location=location)
    out = dict(raw)
    try:
        out["tier"] = Tier.from_label(str(out.get("tier")))
    except ValueError as error:
        raise KnowledgeError(str(error), field="tier", value=out.get("tier"), location=location) from None
    return out


def _check_signs(ids: Iterable[str], known: set[str], *, location: str) -> None:
    for sign_id in ids:
        if sign_id not in known:
            raise KnowledgeError("Unknown sign id.", field="when", value=sign_id, location=location)


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise KnowledgeError(f"Duplicate {what} id.", field="id", value=item, location=FILE)
        seen.add(item)


def _rules(raw: Any, signs: set[str], known_sources: Mapping[str, Any]) -> tuple[Rule, ...]:
    out = []
    for i, item in enumerate(raw or []):
        where = f"{FILE}: rules[{i}]"
        rule = validate(Rule, _with_tier(item, where), location=where)
        _check_signs((s for group in rule.when for s in group), signs, location=where)
        _check_signs(rule.not_shown_with, signs, location=where)
        check_source_ids(rule.sources, known_sources, location=where)
        out.append(rule)
    _unique([r.id for r in out], "rule")
    return tuple(out)


@cache
def load_triage_rules() -> RuleSet:
    """The packaged triage rules, validated (cached per process).

    Raises
    ------
    KnowledgeError
        If the packaged file is malformed (a bug in stimsafe's data, not in user input).

    Examples
    --------
    >>> rules = load_triage_rules()
    >>> rules.rules[0].tier.label
    'CALL EMERGENCY SERVICES NOW'
    """
    data = read_data(FILE)
    known_sources = sources_of(FILE)
    signs = tuple(validate(Sign, s, location=f"{FILE}: signs[{i}]") for i, s in enumerate(data.get("signs") or []))
    _unique([s.id for s in signs], "sign")
    sign_ids = {s.id for s in signs}
    rules = _rules(data.get("rules"), sign_ids, known_sources)
    defaults = []
    for i, item in enumerate(data.get("defaults") or []):
        where = f"{FILE}: defaults[{i}]"
        default = validate(Default, item, location=where)
        _check_signs([*default.when_any, *default.unless_any, default.add], sign_ids, location=where)
        defaults.append(default)
    fallback = validate(Fallback, _with_tier(data.get("fallback"), f"{FILE}: fallback"), location=f"{FILE}: fallback")
    check_source_ids(fallback.sources, known_sources, location=f"{FILE}: fallback")
    unanswered = validate(
        Unanswered, _with_tier(data.get("unanswered"), f"{FILE}: unanswered"), location=f"{FILE}: unanswered"
    )
    check_source_ids(unanswered.sources, known_sources, location=f"{FILE}: unanswered")
    if unanswered.tier == Tier.SELF_CARE:
        raise KnowledgeError("Unanswered warning signs must never be SELF-CARE.", field="tier", location=FILE)
    unsure = validate(Unsure, data.get("unsure"), location=f"{FILE}: unsure")
    check_source_ids(unsure.sources, known_sources, location=f"{FILE}: unsure")
    about = validate(Statement, data.get("about_cause"), location=f"{FILE}: about_cause")
    check_source_ids(about.sources, known_sources, location=f"{FILE}: about_cause")
    return RuleSet(
        version=int(data.get("version", 0)),
        signs=signs,
        rules=rules,
        defaults=tuple(defaults),
        fallback=fallback,
        unanswered=unanswered,
        unsure=unsure,
        about_cause=about,
        disclaimers=tuple(str(d) for d in data.get("disclaimers") or []),
        sources=tuple(known_sources.values()),
    )
