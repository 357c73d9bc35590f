"""When the store cannot supply a background: a group that is most of the store is compared mostly with itself.

A store filled by ``signals fetch --product-code NFO`` holds (almost) only NFO reports, so "all reports in the
store" is not a comparator. The report then says so and offers openFDA ``count=`` queries as the background (all
device reports by patient problem, and the group's own), labelled as openFDA counts rather than this store's
(facts: ../shared/facts/surveillance.md §8.2(a); whether ``count`` counts a report once per distinct term is
unverified there, so the counts are an approximation).
"""

from __future__ import annotations

import httpx

from stimsafe.signals.counting import PairTable

COUNT_URL = "https://api.fda.gov/device/event.json"
#: Above this share of the store's reports, a group cannot be compared with the rest of the store.
MOST_OF_STORE = 0.5


def count_queries(codes: tuple[str, ...]) -> tuple[str, str]:
    """openFDA ``count=`` URLs: patient problems over all device reports, and over the group's reports.

    >>> count_queries(("NFO",))[1].endswith("search=device.device_report_product_code%3A%22NFO%22")
    True
    """
    count = {"count": "patient.patient_problems.exact"}
    group = " OR ".join(f'device.device_report_product_code:"{c}"' for c in codes)
    everyone = str(httpx.URL(COUNT_URL, params=count))
    return everyone, str(httpx.URL(COUNT_URL, params={**count, "search": group}))


def background_warnings(table: PairTable, groups: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """One sentence per group that holds more than :data:`MOST_OF_STORE` of the comparator's reports."""
    out = []
    seen: set[str] = set()
    for label, n_group in zip(table.var1, table.n_var1, strict=True):
        if label in seen or not table.n_total:
            continue
        seen.add(label)
        share = float(n_group) / table.n_total
        if share <= MOST_OF_STORE:
            continue
        everyone, own = count_queries(groups.get(label, (label,)))
        out.append(
            f"{label} is {share:.0%} of the {table.n_total:,} reports in the comparator, so this store cannot supply "
            f"a background: {label} is compared mostly with itself and the ratios mean little. Load other devices' "
            f"reports (signals download), or use openFDA count= background counts as the comparator, labelled as "
            f"openFDA counts, not this store (a report may count once per term: unverified): all device reports "
            f"{everyone} ; {label}'s reports {own}"
        )
    return tuple(out)
