"""Tissue conductivity records (values with their sourced spread) for the layered volume conductor."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class TissueConductivity(BaseModel):
    """Low-frequency conductivity of one tissue (S/m); ``conductivity_s_m`` is ``None`` when not found.

    Examples
    --------
    >>> fat = TissueConductivity(id="fat", conductivity_s_m=0.025, range_s_m=(0.025, 0.074), source_ids=("s",))
    >>> fat.bracket(), fat.nominal()
    ((0.025, 0.074), (0.025,))
    >>> TissueConductivity(id="gland", conductivity_s_m=None, range_s_m=(0.025, 0.67), source_ids=("s",)).nominal()
    (0.025, 0.67)
    >>> TissueConductivity(id="muscle", conductivity_s_m=0.16, range_s_m=(0.16, 0.16), source_ids=("s",)).bracket()
    (0.16,)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    conductivity_s_m: float | None = Field(default=None, gt=0)
    range_s_m: tuple[float, float]
    source_ids: tuple[str, ...] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> TissueConductivity:
        low, high = self.range_s_m
        if not 0 < low <= high:
            raise ValueError("range_s_m must be (low, high) with 0 < low <= high")
        return self

    def bracket(self) -> tuple[float, ...]:
        """Both ends of the sourced range (one value when the range is a point): the corners of the worst case."""
        low, high = self.range_s_m
        return (low,) if low == high else (low, high)

    def nominal(self) -> tuple[float, ...]:
        """The nominal value, or both ends of the range when the nominal was not found (for model-vs-human rows)."""
        if self.conductivity_s_m is not None:
            return (self.conductivity_s_m,)
        return self.bracket()
