"""The 2025 article's advice, point by point (``knowledge/data/guidance.yaml``), checked against the rule base.

The loader refuses a point whose rules are missing, do not cite the article, or are softer than its advice
without saying why (``differs``): the article is the floor of every rule.
"""

from __future__ import annotations

from functools import cache

from stimsafe.domain.guidance import GuidancePoint
from stimsafe.domain.rule import Rule, tier_rank
from stimsafe.domain.source import Source
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.loader import load_cited_rows, sources_of
from stimsafe.knowledge.rules import load_rules

FILE = "guidance.yaml"


def meets_floor(point: GuidancePoint, rule: Rule) -> bool:
    """True when the rule alone honours the point in full: tier at least as strict, and the same scope.

    "avoid the device" needs a whole-plan rule; "lower setting" needs a rule that keeps the zone at the lowest level.
    """
    if tier_rank(rule.tier) > tier_rank(point.floor_tier):
        return False
    if point.advice == "avoid the device":
        return not rule.per_zone
    if point.advice == "lower setting":
        return rule.cap_lowest
    return True


def _check(point: GuidancePoint, rules: dict[str, Rule], *, location: str) -> None:
    for rule_id in point.rule_ids:
        rule = rules.get(rule_id)
        if rule is None:
            raise KnowledgeError(
                "Guidance point names an unknown rule.", field="rule_ids", value=rule_id, location=location
            )
        if not set(point.source_ids) <= set(rule.source_ids):
            raise KnowledgeError(
                "A rule that carries a guidance point must cite its source.",
                field="rule_ids",
                value=rule_id,
                location=location,
                hint=f"Add {', '.join(point.source_ids)} to the rule's source_ids and quote it in the rule's reason.",
            )
        if tier_rank(rule.tier) > tier_rank(point.floor_tier):
            raise KnowledgeError(
                f"Rule {rule_id} ({rule.tier}) is softer than the advice ({point.floor_tier}).",
                field="rule_ids",
                value=rule_id,
                location=location,
                hint="Raise the rule's tier, or carry the point with a stricter rule.",
            )
    if point.differs is None and not any(meets_floor(point, rules[r]) for r in point.rule_ids):
        raise KnowledgeError(
            "No rule honours this point in full, and 'differs' does not say why.",
            field="differs",
            value=point.id,
            location=location,
            hint="Add a rule with the advice's scope, or write 'differs' (and say the same in the rule's reason).",
        )


@cache
def load_guidance() -> tuple[GuidancePoint, ...]:
    """Every point of the article's advice, each checked against the rule base.

    Examples
    --------
    >>> next(p for p in load_guidance() if p.id == "breastfeeding").rule_ids
    ('breastfeeding',)
    """
    points = load_cited_rows(FILE, "points", GuidancePoint)
    rules = {r.id: r for r in load_rules()}
    for i, point in enumerate(points):
        _check(point, rules, location=f"{FILE}: points[{i}]")
    return points


def guidance_sources() -> dict[str, Source]:
    """The sources of the guidance file, by id."""
    return sources_of(FILE)
