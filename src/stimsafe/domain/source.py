"""Where a fact, a rule or a figure comes from. Every finding stimsafe prints carries at least one."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Source(BaseModel):
    """A citable source.

    ``id`` is a short stable key (``"fda-k181008"``, ``"iec-60601-2-10"``) used by data files to refer to it;
    ``url`` is where it can be read; ``note`` says how strong it is (e.g. "press report, unverified").

    Examples
    --------
    >>> Source(id="fda-k181008", title="FDA 510(k) K181008", url="https://510k.innolitics.com/search/K181008").cite()
    'FDA 510(k) K181008 <https://510k.innolitics.com/search/K181008>'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    url: str | None = None
    note: str | None = None

    def cite(self) -> str:
        """Short citation: title and, where known, the address."""
        return f"{self.title} <{self.url}>" if self.url else self.title
