"""Screening rules as data: a tier, words a person understands, sources, and a condition in a tiny language.

The condition language has one operator per mapping key. Logical: ``all``, ``any``, ``not``, ``always``.
Profile: ``has_condition``, ``condition_at_zone``, ``age_below``. Plan: ``zone_in``, ``level_above``,
``amplitude_above``. Device: ``device_is``, ``modality_is``, ``fda_status_is``, ``cleared_for_neck``.
Evaluation (``stimsafe.screening.evaluate``) is three-valued: an unanswered question is *unknown*, never "no".

Examples
--------
>>> r = Rule.model_validate({"id": "x", "tier": "INFO", "title": "t", "reason": "r", "action": "a",
...                          "source_ids": ["s"], "when": {"all": [{"has_condition": "pregnancy"}, {"always": True}]}})
>>> type(r.when).__name__, type(r.when.all[0]).__name__
('AllOf', 'HasCondition')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from stimsafe.domain.device import FdaStatus, Modality
from stimsafe.domain.zone import ZoneId
from stimsafe.units import Dimension, parse_si

Tier = Literal["DO NOT USE", "ASK A CLINICIAN FIRST", "USE WITH CARE", "INFO"]
TIERS: tuple[Tier, ...] = ("DO NOT USE", "ASK A CLINICIAN FIRST", "USE WITH CARE", "INFO")

_STRICT = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def tier_rank(tier: Tier) -> int:
    """0 for DO NOT USE ... 3 for INFO.

    >>> tier_rank("USE WITH CARE")
    2
    """
    return TIERS.index(tier)


class AllOf(BaseModel):
    """``all: [...]``: every part holds (three-valued AND)."""

    model_config = _STRICT
    all: tuple[Expr, ...] = Field(min_length=1)


class AnyOf(BaseModel):
    """``any: [...]``: some part holds (three-valued OR)."""

    model_config = _STRICT
    any: tuple[Expr, ...] = Field(min_length=1)


class Not(BaseModel):
    """``not: ...``: the part does not hold (unknown stays unknown)."""

    model_config = _STRICT
    not_: Expr = Field(alias="not")


class Always(BaseModel):
    """``always: true``: a rule that applies to everyone (general advice)."""

    model_config = _STRICT
    always: bool


class HasCondition(BaseModel):
    """``has_condition: id``: the profile answers yes (unknown when unanswered)."""

    model_config = _STRICT
    has_condition: str


class ConditionAtZone(BaseModel):
    """``condition_at_zone: id``: a zoned condition applies to the zone being evaluated."""

    model_config = _STRICT
    condition_at_zone: str


class AgeBelow(BaseModel):
    """``age_below: years`` (unknown when no age is given)."""

    model_config = _STRICT
    age_below: int = Field(ge=0)


class ZoneIn(BaseModel):
    """``zone_in: [zones]``: the zone being evaluated is one of these."""

    model_config = _STRICT
    zone_in: tuple[ZoneId, ...] = Field(min_length=1)


class LevelAbove(BaseModel):
    """``level_above: n``: the planned device level is above n (unknown without a level)."""

    model_config = _STRICT
    level_above: int = Field(ge=0)


class AmplitudeAbove(BaseModel):
    """``amplitude_above: "0.7 mA"``: the plan's current (or, without one, the device's labelled maximum)."""

    model_config = _STRICT
    amplitude_above: float = Field(gt=0)

    @field_validator("amplitude_above", mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        return parse_si(value, Dimension.CURRENT, field="amplitude_above") if isinstance(value, str) else value


class DeviceIs(BaseModel):
    """``device_is: [ids]``: the device is one of these catalogue ids."""

    model_config = _STRICT
    device_is: tuple[str, ...] = Field(min_length=1)


class ModalityIs(BaseModel):
    """``modality_is: [modalities]``: microcurrent, ems, both (unknown when the modality was not found)."""

    model_config = _STRICT
    modality_is: tuple[Modality, ...] = Field(min_length=1)


class FdaStatusIs(BaseModel):
    """``fda_status_is: [statuses]``: the device's FDA 510(k) status."""

    model_config = _STRICT
    fda_status_is: tuple[FdaStatus, ...] = Field(min_length=1)


class ClearedForNeck(BaseModel):
    """``cleared_for_neck: bool`` (unknown when the clearance scope was not found)."""

    model_config = _STRICT
    cleared_for_neck: bool


Expr = Union[  # noqa: UP007 (a runtime union for pydantic's recursive schema)
    AllOf,
    AnyOf,
    Not,
    Always,
    HasCondition,
    ConditionAtZone,
    AgeBelow,
    ZoneIn,
    LevelAbove,
    AmplitudeAbove,
    DeviceIs,
    ModalityIs,
    FdaStatusIs,
    ClearedForNeck,
]

for _model in (AllOf, AnyOf, Not):
    _model.model_rebuild()


class Rule(BaseModel):
    """One screening rule.

    ``per_zone`` rules are evaluated once for each planned zone and limit that zone only; the others once for the
    whole plan. ``cap_lowest`` asks the planner to keep a zone at the device's lowest level. ``cites_device``
    rules make a claim about the device's own records (its 510(k), its labelling), so a finding also cites the
    device's sources.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    tier: Tier
    kind: Literal["contraindication", "precaution", "zone", "device", "general"] = "precaution"
    title: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    action: str = Field(min_length=1)
    when: Expr
    per_zone: bool = False
    cap_lowest: bool = False
    if_unknown: str | None = None
    cites_device: bool = False
    source_ids: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _cited(self) -> Rule:
        if not self.source_ids and not self.cites_device:
            raise ValueError("a rule cites at least one source (or cites_device: true)")
        return self

    @property
    def rank(self) -> int:
        """The tier's rank (0 = DO NOT USE)."""
        return tier_rank(self.tier)


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of a rule condition, depth first.

    >>> [type(e).__name__ for e in walk(Not.model_validate({"not": {"has_condition": "x"}}))]
    ['Not', 'HasCondition']
    """
    yield expr
    if isinstance(expr, AllOf):
        for child in expr.all:
            yield from walk(child)
    elif isinstance(expr, AnyOf):
        for child in expr.any:
            yield from walk(child)
    elif isinstance(expr, Not):
        yield from walk(expr.not_)
