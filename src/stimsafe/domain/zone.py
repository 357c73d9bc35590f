"""Facial zones: where on the face a device is used, what lies under the skin there, and how careful to be.

A zone's tissue stack runs from the skin surface down. The deepest layer is a half-space (``thickness_m`` is
``inf``): its thickness was not found in the sources, and a volume conductor treats it as unbounded anyway.

The depth of a facial-nerve branch below the skin was **not found** in any source (devices_regulatory.md §5).
``nerve_depth_m`` is therefore a *lower bound* derived from sourced skin and fat thicknesses (the branches run
beneath the SMAS or the deep fascia, i.e. deeper than skin plus subcutaneous fat); ``nerve_depth_range_m`` spans
the sourced spread of facial skin thickness. A nearer nerve means a lower threshold, so a lower bound is the
conservative choice for a dose margin.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ZoneId = Literal["forehead", "eyes", "cheek", "lips", "jawline", "ears", "neck"]
ZONE_IDS: tuple[ZoneId, ...] = ("forehead", "eyes", "cheek", "lips", "jawline", "ears", "neck")

Caution = Literal["standard", "lower", "avoid"]
Tissue = Literal["skin", "fat", "muscle", "bone", "gland"]


class TissueLayer(BaseModel):
    """One layer of the tissue stack under a zone.

    Examples
    --------
    >>> TissueLayer(tissue="fat", thickness_m=0.002).is_half_space
    False
    >>> TissueLayer(tissue="muscle", thickness_m=float("inf")).is_half_space
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    tissue: Tissue
    thickness_m: float = Field(gt=0)
    source_ids: tuple[str, ...] = ()
    note: str | None = None

    @property
    def is_half_space(self) -> bool:
        """True for the deepest layer, whose thickness is unbounded."""
        return math.isinf(self.thickness_m)


class Zone(BaseModel):
    """A facial zone of the catalogue (ids: forehead, eyes, cheek, lips, jawline, ears, neck)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: ZoneId
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    description: str = ""
    caution: Caution
    caution_reason: str = ""
    nerve_branch: str = Field(min_length=1)
    layers: tuple[TissueLayer, ...] = Field(min_length=1)
    nerve_depth_m: float = Field(gt=0)
    nerve_depth_range_m: tuple[float, float]
    depth_note: str = ""
    source_ids: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Zone:
        low, high = self.nerve_depth_range_m
        if not 0 < low <= self.nerve_depth_m <= high:
            raise ValueError("nerve_depth_range_m must be (min, max) with 0 < min <= nerve_depth_m <= max")
        if any(layer.is_half_space for layer in self.layers[:-1]):
            raise ValueError("only the deepest layer may be a half-space (thickness_m: .inf)")
        return self

    @property
    def cover_m(self) -> float:
        """Total thickness of the finite layers above the deepest one (skin + fat ...)."""
        return sum(layer.thickness_m for layer in self.layers if not layer.is_half_space)

    def names(self) -> tuple[str, ...]:
        """The id, the display name and every alias, lower-cased: what a user may type."""
        return tuple(dict.fromkeys(n.lower() for n in (self.id, self.name, *self.aliases)))


class ForbiddenSite(BaseModel):
    """A place a user may name that labelling or the stimulator standard says never to stimulate: not a zone.

    Examples
    --------
    >>> site = ForbiddenSite(id="mouth", names=("Mouth",), reason="r", hint="h", source_ids=("s",))
    >>> site.names_lower()
    ('mouth',)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    names: tuple[str, ...] = Field(min_length=1)
    reason: str = Field(min_length=1)
    hint: str = Field(min_length=1)
    source_ids: tuple[str, ...] = Field(min_length=1)

    def names_lower(self) -> tuple[str, ...]:
        """Every name, lower-cased: what a user may type for this site."""
        return tuple(dict.fromkeys(n.lower() for n in self.names))
