"""What a CDS Hooks call brings, and what the service has to fetch itself (CDS Hooks 2.0, "Prefetch").

For each prefetch template of the service the client either

- sends the data (a Bundle, a resource, or a list): it is read;
- sends ``null``: the record holds nothing for that query ("If the CDS Client has no data to populate a
  template prefetch key, the prefetch template key MUST have a value of null"): nothing is read, and the
  cards say the record holds none;
- sends an ``OperationOutcome``, or leaves the key out: the client could not or would not fetch it. The
  service then asks the client's ``fhirServer`` itself, with the ``fhirAuthorization`` bearer token, when that
  server is one it is configured to query (``Settings.cds_fhir_servers``: a service that fetched from any URL
  a caller names could be used to reach private addresses); otherwise the data is *unavailable*, never
  read as "no".

Spec: https://cds-hooks.hl7.org/2.0/ ("Prefetch Template", "FHIR Resource Access"); ../shared/facts/
clinical_evidence.md §1.1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, Field

PREFETCH = {
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}&category=social-history,survey,exam",
    "devices": "DeviceUseStatement?patient={{context.patientId}}&_include=DeviceUseStatement:device",
}
WHAT = {"conditions": "conditions", "observations": "observations (pregnancy, breastfeeding)", "devices": "devices"}
_MAX_PAGES = 5
_TIMEOUT_S = 5.0


class FhirAuthorization(BaseModel):
    """The bearer token a CDS client lends for its FHIR server (CDS Hooks 2.0 ``fhirAuthorization``)."""

    model_config = ConfigDict(extra="allow")

    access_token: str = Field(min_length=1, max_length=10_000)
    token_type: str = Field(pattern="^[Bb]earer$")
    expires_in: int | None = None
    scope: str = Field(max_length=5000)
    subject: str = Field(max_length=500)


class Gathered(BaseModel):
    """The prefetch values to read, the keys the record holds nothing for, and the keys that stay unavailable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    values: dict[str, Any] = Field(default_factory=dict)
    empty: tuple[str, ...] = ()
    unavailable: dict[str, str] = Field(default_factory=dict)  # key -> why, in words for a clinician
    fetched: tuple[str, ...] = ()


def outcome_text(value: Any) -> str | None:
    """The diagnostics of an ``OperationOutcome`` (the client's fetch failed), or ``None`` for anything else.

    Examples
    --------
    >>> outcome_text({"resourceType": "OperationOutcome", "issue": [{"diagnostics": "timeout"}]})
    'timeout'
    >>> outcome_text({"resourceType": "Bundle"}) is None
    True
    """
    if not isinstance(value, Mapping) or value.get("resourceType") != "OperationOutcome":
        return None
    raw = value.get("issue")
    issues: list[Any] = raw if isinstance(raw, list) else []
    texts = [str(i.get("diagnostics") or i.get("code") or "") for i in issues if isinstance(i, Mapping)]
    return "; ".join(t for t in texts if t)[:300] or "no details given"


def _server_allowed(server: str, allowed: tuple[str, ...]) -> bool:
    base = server.rstrip("/") + "/"
    return any(base.startswith(a.rstrip("/") + "/") for a in allowed)


def fetch(server: str, query: str, token: str, transport: httpx.BaseTransport | None = None) -> Any:
    """GET ``query`` from the FHIR server with the bearer token; a Bundle (its ``next`` pages on the same
    server followed, up to five) or a resource.

    Raises
    ------
    httpx.HTTPError
        The server could not be reached or answered with an error status.
    ValueError
        The answer is not JSON.
    """
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/fhir+json"}
    base = server.rstrip("/") + "/"
    with httpx.Client(transport=transport, timeout=_TIMEOUT_S, headers=headers, follow_redirects=False) as client:
        url: str | None = base + query
        first: Any = None
        for _ in range(_MAX_PAGES):
            if url is None:
                break
            page = client.get(url).raise_for_status().json()
            if first is None:
                first = page
            elif isinstance(page, dict) and isinstance(first, dict):
                first.setdefault("entry", []).extend(page.get("entry") or [])
            links = page.get("link") if isinstance(page, dict) else None
            nxt = next(
                (lk.get("url") for lk in links or [] if isinstance(lk, dict) and lk.get("relation") == "next"), None
            )
            url = nxt if isinstance(nxt, str) and nxt.startswith(base) else None
        return first


def gather(
    prefetch: Mapping[str, Any] | None,
    context: Mapping[str, Any],
    *,
    fhir_server: str | None,
    authorization: FhirAuthorization | None,
    allowed_servers: tuple[str, ...],
    transport: httpx.BaseTransport | None = None,
) -> Gathered:
    """Sort each prefetch key into read, empty (``null``) or unavailable, fetching what is missing when allowed."""
    sent = dict(prefetch or {})
    values: dict[str, Any] = {}
    empty: list[str] = []
    unavailable: dict[str, str] = {}
    fetched: list[str] = []
    patient = quote(str(context.get("patientId", "")), safe="")
    for key, template in PREFETCH.items():
        if key in sent and sent[key] is None:
            empty.append(key)
            continue
        failure = outcome_text(sent.get(key))
        if key in sent and failure is None:
            values[key] = sent[key]
            continue
        if key not in sent and context.get(key) is not None:  # extension: the same keys in context
            values[key] = context[key]
            continue
        why = f"the EHR could not fetch them ({failure})" if failure else "the EHR did not send them"
        if fhir_server is None or authorization is None:
            unavailable[key] = why + " and gave no FHIR server access to fetch them"
        elif not _server_allowed(fhir_server, allowed_servers):
            unavailable[key] = why + f", and this service is not set up to query {fhir_server}"
        else:
            try:
                values[key] = fetch(
                    fhir_server,
                    template.replace("{{context.patientId}}", patient),
                    authorization.access_token,
                    transport,
                )
                fetched.append(key)
            except (httpx.HTTPError, ValueError) as error:
                status = getattr(getattr(error, "response", None), "status_code", None)
                unavailable[key] = why + f", and the FHIR server {'answered ' + str(status) if status else 'failed'}"
    return Gathered(values=values, empty=tuple(empty), unavailable=unavailable, fetched=tuple(fetched))
