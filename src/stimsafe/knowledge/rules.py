"""The screening rule base (``knowledge/data/screening_rules.yaml``), validated into Rules.

Beyond the schema, the loader checks every reference a rule makes: condition ids, device ids and source ids.
"""

from __future__ import annotations

from functools import cache

from stimsafe.domain.rule import ConditionAtZone, DeviceIs, HasCondition, Rule, walk
from stimsafe.domain.source import Source
from stimsafe.errors import KnowledgeError
from stimsafe.knowledge.conditions import load_conditions
from stimsafe.knowledge.devices import load_devices
from stimsafe.knowledge.loader import check_source_ids, read_data, sources_of, validate
from stimsafe.knowledge.lookup import find

FILE = "screening_rules.yaml"


def _check_refs(rule: Rule, *, location: str) -> None:
    conditions = {c.id: c for c in load_conditions()}
    devices = {d.id for d in load_devices()}
    for node in walk(rule.when):
        if isinstance(node, HasCondition | ConditionAtZone):
            name = node.has_condition if isinstance(node, HasCondition) else node.condition_at_zone
            if name not in conditions:
                raise KnowledgeError("Rule names an unknown condition.", field="when", value=name, location=location)
            if isinstance(node, ConditionAtZone) and not conditions[name].zoned:
                raise KnowledgeError("condition_at_zone needs a zoned condition.", value=name, location=location)
        if isinstance(node, DeviceIs):
            for device_id in node.device_is:
                if device_id not in devices:
                    raise KnowledgeError("Rule names an unknown device.", value=device_id, location=location)


@cache
def load_rules() -> tuple[Rule, ...]:
    """Every screening rule, in file order, with its references checked.

    Examples
    --------
    >>> rules = load_rules()
    >>> next(r for r in rules if r.id == "pacemaker").tier
    'DO NOT USE'
    """
    known = sources_of(FILE)
    out: list[Rule] = []
    for i, raw in enumerate(read_data(FILE).get("rules", [])):
        location = f"{FILE}: rules[{i}]"
        rule = validate(Rule, raw, location=location)
        if any(r.id == rule.id for r in out):
            raise KnowledgeError("Duplicate rule id.", field="id", value=rule.id, location=location)
        if rule.source_ids or not rule.cites_device:
            check_source_ids(rule.source_ids, known, location=location)
        _check_refs(rule, location=location)
        out.append(rule)
    return tuple(out)


def rule_sources() -> dict[str, Source]:
    """The sources the rule base cites, by id."""
    return sources_of(FILE)


def get_rule(rule_id: str) -> Rule:
    """The rule with this id.

    Raises
    ------
    NotFoundError
        No such rule.
    """
    return find(load_rules(), rule_id, names=lambda r: (r.id,), kind="rule", field="rule", listing="stimsafe rules")
