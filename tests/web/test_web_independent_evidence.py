"""The web report and device page carry the one "Independent evidence" sentence (issue 15) and the heat check.

The sentence is built by stimsafe.domain.evidence.independent_evidence_line for the CLI, assess and the web alike;
here the page must show that same sentence, HTML-escaped.
"""

from __future__ import annotations

import html

from stimsafe.domain.evidence import independent_evidence_line
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.evidence import load_studies

from .conftest import csrf_of


def _line(device_id: str) -> str:
    device = get_device(device_id)
    return html.escape(independent_evidence_line(device.id, device.modality, load_studies()), quote=True)


def test_assess_report_page_shows_the_evidence_line(client) -> None:
    token = csrf_of(client.get("/assess").text)
    r = client.post("/assess", data={"csrf_token": token, "device": "ziip-halo", "zones": ["cheek"]})
    assert r.status_code == 200
    assert _line("ziip-halo") in r.text


def test_device_page_shows_evidence_not_found_and_heat(client) -> None:
    r = client.get("/devices/foreo-luna-4-plus")
    assert r.status_code == 200
    assert _line("foreo-luna-4-plus") in r.text
    assert "What we could not find" in r.text
    assert "Korean MFDS skin-contact surface limit" in r.text
