"""What to fetch from openFDA ``device/event``: product codes, a named family, brand names, manufacturer names.

Several devices in the news have no NFO product code at all and can be found only by brand or manufacturer, so a
selection is the OR of every clause given (facts: ../shared/facts/surveillance.md §1.1 fields, §8 families).

>>> Selection.of(["NFO"], brands=["NuFACE"]).search()
'(device.device_report_product_code:"NFO" OR device.brand_name:"NUFACE")'
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from stimsafe.errors import InputError
from stimsafe.signals.counting import STIMULATOR_FAMILY

#: Named product-code families. ``facial-stimulators``: the 21 CFR 882.5890 facial and TENS codes of the facts
#: (surveillance.md §3.2, §8.3: NFO, NYX, NUH, GZJ, QFD).
FAMILIES: dict[str, tuple[str, ...]] = {
    "facial-stimulators": STIMULATOR_FAMILY,
    "882.5890": STIMULATOR_FAMILY,
}

_CODE = re.compile(r"[A-Z0-9]{3}")
_NAME = re.compile(r"[^\"\\]{2,100}")


def family_codes(name: str) -> tuple[str, ...]:
    """The product codes of a named family.

    >>> family_codes("facial-stimulators")
    ('NFO', 'NYX', 'NUH', 'GZJ', 'QFD')
    """
    key = name.strip().lower()
    if key not in FAMILIES:
        raise InputError(
            "Unknown device family.", field="--family", value=name, hint=f"Use one of: {', '.join(FAMILIES)}."
        )
    return FAMILIES[key]


def _code(value: str) -> str:
    code = value.strip().upper()
    if not _CODE.fullmatch(code):
        raise InputError(
            "A product code has three letters or digits.", field="--product-code", value=value, hint="e.g. NFO."
        )
    return code


def _name(value: str, field: str) -> str:
    name = " ".join(value.split()).upper()
    if not _NAME.fullmatch(name):
        raise InputError(
            "A name must have 2 to 100 characters and no double quote or backslash.", field=field, value=value
        )
    return name


@dataclass(frozen=True)
class Selection:
    """The reports to fetch: any of these product codes, brand names or manufacturer names."""

    product_codes: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    manufacturers: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        product_codes: tuple[str, ...] | list[str] = (),
        *,
        family: str | None = None,
        brands: tuple[str, ...] | list[str] = (),
        manufacturers: tuple[str, ...] | list[str] = (),
    ) -> Selection:
        """Validate and normalise (upper case, duplicates dropped, order kept); at least one clause is needed."""
        codes = [_code(c) for c in product_codes] + list(family_codes(family) if family else ())
        out = cls(
            tuple(dict.fromkeys(codes)),
            tuple(dict.fromkeys(_name(b, "--brand") for b in brands)),
            tuple(dict.fromkeys(_name(m, "--manufacturer") for m in manufacturers)),
        )
        if not (out.product_codes or out.brands or out.manufacturers):
            raise InputError(
                "Nothing to fetch.",
                field="--product-code/--family/--brand/--manufacturer",
                hint="Name product codes, a family (--family facial-stimulators), brands or manufacturers.",
            )
        return out

    def clauses(self) -> list[str]:
        """The openFDA clauses, one per code or name."""
        return (
            [f'device.device_report_product_code:"{c}"' for c in self.product_codes]
            + [f'device.brand_name:"{b}"' for b in self.brands]
            + [f'device.manufacturer_d_name:"{m}"' for m in self.manufacturers]
        )

    def search(self, since: date | None = None) -> str:
        """The ``search`` expression (clauses OR-ed, then the date filter AND-ed).

        >>> Selection(("NFO",)).search(date(2020, 1, 31))
        'device.device_report_product_code:"NFO" AND date_received:[20200131 TO 29991231]'
        """
        clauses = self.clauses()
        query = clauses[0] if len(clauses) == 1 else "(" + " OR ".join(clauses) + ")"
        if since is not None:
            query += f" AND date_received:[{since:%Y%m%d} TO 29991231]"
        return query

    def cache_name(self) -> str:
        """A folder name for the fetch: the product code alone (``NFO``), else codes plus a short hash.

        >>> Selection(("NFO",)).cache_name(), Selection(("NFO", "NYX"), ("NUFACE",)).cache_name()[:8]
        ('NFO', 'NFO+NYX-')
        """
        if len(self.product_codes) == 1 and not (self.brands or self.manufacturers):
            return self.product_codes[0]
        digest = hashlib.sha256(self.search().encode()).hexdigest()[:10]
        return "+".join(self.product_codes[:6]) + "-" + digest
