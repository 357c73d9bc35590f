"""Screening over HTTP: catalogue pages, the questionnaire -> report with the zone map, and the JSON API.

Expected outcomes come from the sources, not from the code: NuFACE Trinity's 510(k) is K181008
(devices_regulatory.md); device labels list pregnancy as a reason not to use (DO NOT USE); an eczema flare
limits only the zone where it is (issue 2).
"""

from __future__ import annotations

import re

from .conftest import ERROR_KEYS, csrf_of


def _assess_page(client, **fields):
    token = csrf_of(client.get("/assess").text)
    return client.post("/assess", data={"csrf_token": token, **fields})


def test_catalogue_pages(client) -> None:
    r = client.get("/devices")
    assert r.status_code == 200 and 'href="/devices/nuface-trinity"' in r.text
    r = client.get("/devices/nuface-trinity")
    assert r.status_code == 200 and "K181008" in r.text
    assert client.get("/zones").status_code == 200 and client.get("/rules").status_code == 200


def test_unknown_device_page_and_api_say_not_found_with_a_hint(client) -> None:
    assert client.get("/devices/nuface-trinityy").status_code == 404
    body = client.get("/api/devices/nuface-trinityy").json()
    assert set(body) == ERROR_KEYS and body["error"] == "not_found" and body["hint"]


def test_questionnaire_defaults_every_question_to_unknown(client) -> None:
    html = client.get("/assess").text
    radios = re.findall(r'<input type="radio" id="cond_(\w+)_(yes|no|unknown)"[^>]*?( checked)?>', html)
    assert radios
    assert {answer for _, answer, checked in radios if checked} == {"unknown"}


def test_pregnant_profile_gets_do_not_use_with_its_reason_and_map(client) -> None:
    r = _assess_page(client, device="nuface-trinity", cond_pregnancy="yes", zones=["cheek", "forehead"])
    assert r.status_code == 200
    html = r.text
    box = html[html.index('class="emergency"') : html.index("</section>", html.index('class="emergency"'))]
    assert "DO NOT USE" in box and "Pregnancy" in box and "pregnan" in box.lower()
    assert "Unanswered" not in box  # unanswered questions are listed, but not in the box for what fired
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert re.search(r'data-zone="cheek" data-status="do not use here"', html)


def test_eczema_on_one_cheek_excludes_only_that_zone(client) -> None:
    every_no = {f"cond_{c['id']}": "no" for c in client.get("/api/conditions").json()}
    fields = {**every_no, "cond_eczema_flare": "yes", "zones_eczema_flare": ["cheek"], "age": "40"}
    r = _assess_page(client, device="nuface-trinity", zones=["cheek", "forehead"], **fields)
    assert r.status_code == 200
    assert re.search(r'data-zone="cheek" data-status="do not use here"', r.text)
    assert re.search(r'data-zone="forehead" data-status="allowed', r.text)
    assert re.search(r'data-zone="lips" data-status="not in your plan"', r.text)


def test_questionnaire_errors_come_back_on_the_form(client) -> None:
    r = _assess_page(client, device="nuface-trinity", zones=["cheek"], age="old")
    assert r.status_code == 422 and "Age must be a whole number" in r.text and 'id="assess-submit"' in r.text
    r = _assess_page(client, device="nuface-trinity")  # no zone
    assert r.status_code == 422 and "error-box" in r.text


def test_assess_form_needs_csrf(client) -> None:
    client.get("/assess")
    assert client.post("/assess", data={"device": "nuface-trinity", "zones": ["cheek"]}).status_code == 403


def test_api_assess_pregnancy_is_do_not_use(client) -> None:
    r = client.post(
        "/api/assess",
        json={
            "device": "nuface-trinity",
            "profile": {"conditions": {"pregnancy": True}},
            "plan": {"zones": ["cheek", "forehead"], "level": 1},
        },
    )
    assert r.status_code == 200
    report = r.json()
    first = [f for s in report["sections"] for f in s["findings"]]
    assert min(first, key=lambda f: f["rank"])["tier"] == "DO NOT USE"
    assert report["data"]["fda_510k"] == "K181008"


def test_api_assess_bad_zone_names_the_field(client) -> None:
    r = client.post("/api/assess", json={"device": "nuface-trinity", "profile": {}, "plan": {"zones": ["elbow"]}})
    assert r.status_code in (404, 422) and set(r.json()) == ERROR_KEYS
    assert "zones" in (r.json()["field"] or "")


def test_api_lists(client) -> None:
    assert any(c["id"] == "pregnancy" for c in client.get("/api/conditions").json())
    for path in ("/api/devices", "/api/zones", "/api/rules"):
        body = client.get(path).json()
        assert body["kind"] and body["sections"], path


def test_api_signals_demo_report(client) -> None:
    body = client.get("/api/signals").json()
    assert body["sources"] and body["sections"]


def test_web_report_states_the_caps_as_the_cli_does(client) -> None:
    # The same words as the CLI and Markdown/JSON: the forehead cap is below Trinity's 80 µA lowest output
    # (K103472), the plain statement replaces a level plan, and the note says what governs a cap.
    every_no = {f"cond_{c['id']}": "no" for c in client.get("/api/conditions").json()}
    r = _assess_page(client, device="nuface-trinity", zones=["forehead"], level="2", age="40", **every_no)
    assert r.status_code == 200
    assert "even the lowest setting may twitch the eyelid: stop at any twitch" in r.text
    assert "Each cap rests on twitch thresholds measured in people" in r.text
    assert "the human data govern" not in r.text
    assert re.search(r"forehead: [^<]*margin cap \d+ µA, below the lowest setting", r.text, re.I)
