"""Health conditions the screening asks about, each with its SNOMED CT and ICD-10-CM codes and a plain question."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CodeSystem = Literal["snomed", "icd10cm"]
Verified = Literal["confirmed", "consistent", "unconfirmed"]

SYSTEM_URI: dict[str, str] = {
    "snomed": "http://snomed.info/sct",
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
}


class Code(BaseModel):
    """One code of one terminology, with its display and how well it was verified.

    ``verified``: ``confirmed`` (an authoritative or structured source), ``consistent`` (several independent code
    bases agree, no authoritative source), ``unconfirmed`` (conflicting labels seen).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    system: CodeSystem
    code: str = Field(min_length=1)
    display: str = Field(min_length=1)
    verified: Verified = "confirmed"
    note: str | None = None

    @property
    def system_uri(self) -> str:
        """The FHIR system URI of this code's terminology."""
        return SYSTEM_URI[self.system]


class Condition(BaseModel):
    """A question of the screening profile (``pacemaker``, ``eczema_flare`` ...) and its codes.

    ``zoned`` conditions (skin flares, metal implants) may be limited to zones: a flare on the cheek limits the
    cheek, not the whole plan. ``history_counts`` (stated on every row) is true when the question asks about the
    past too ("Have you ever had Bell's palsy?"): a resolved or inactive coded record then still answers "yes";
    false when only a current condition counts (pregnancy, an active flare). ``aliases`` are everyday words a
    profile file may use for it ("pregnant", "nursing", "seizures").
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    question: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    zoned: bool = False
    history_counts: bool
    codes: tuple[Code, ...] = ()
    codes_note: str | None = None
    source_ids: tuple[str, ...] = Field(min_length=1)

    def names(self) -> tuple[str, ...]:
        """The id, the name and every alias: what a profile file may write for this question."""
        return (self.id, self.name, *self.aliases)

    def codes_of(self, system: CodeSystem) -> tuple[Code, ...]:
        """This condition's codes in one terminology."""
        return tuple(c for c in self.codes if c.system == system)
