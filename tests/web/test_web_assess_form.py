"""The assess form keeps every answer on any error, and asks "18 or older?" when no exact age is given.

Expected behaviour is the issue's (issue 11 item 5): a typo in the age must not wipe the answers given; an unknown
exact age with "yes, 18 or older" must not hold the plan for the under-18 rule (device labels: not for under 18).
"""

from __future__ import annotations

import re

from .conftest import csrf_of


def _post(client, **fields):
    token = csrf_of(client.get("/assess").text)
    return client.post("/assess", data={"csrf_token": token, **fields})


def _checked(html: str, input_id: str) -> bool:
    match = re.search(rf'<input [^>]*id="{input_id}"[^>]*>', html)
    assert match, input_id
    return " checked" in match.group(0)


def test_a_typo_in_the_age_keeps_every_other_answer(client) -> None:
    fields = {
        "device": "foreo-bear",
        "age": "3o",
        "adult": "yes",
        "cond_pregnancy": "no",
        "cond_epilepsy": "yes",
        "cond_eczema_flare": "yes",
        "zones_eczema_flare": ["cheek"],
        "zones": ["forehead", "jawline"],
        "level": "2",
    }
    r = _post(client, **fields)
    assert r.status_code == 422
    html = r.text
    assert "Age must be a whole number" in html
    assert 'value="3o"' in html  # the typo is shown so it can be corrected
    assert re.search(r'<option value="foreo-bear" selected>', html)
    assert _checked(html, "adult_yes") and not _checked(html, "adult_unknown")
    assert _checked(html, "cond_pregnancy_no") and _checked(html, "cond_epilepsy_yes")
    assert _checked(html, "cond_eczema_flare_yes") and _checked(html, "zones_eczema_flare_cheek")
    assert not _checked(html, "zones_eczema_flare_forehead")
    assert _checked(html, "zone_forehead") and _checked(html, "zone_jawline") and not _checked(html, "zone_cheek")
    assert re.search(r'id="level"[^>]*value="2"', html)
    assert _checked(html, "cond_ptosis_unknown")  # a question left alone stays "I don't know", never "no"


def test_a_plan_error_keeps_every_answer_too(client) -> None:
    r = _post(client, device="nuface-trinity", cond_pregnancy="no", cond_epilepsy="yes", age="40", level="0",
              zones=["cheek"])  # fmt: skip
    assert r.status_code == 422 and "Level" in r.text
    assert _checked(r.text, "cond_pregnancy_no") and _checked(r.text, "cond_epilepsy_yes")
    assert _checked(r.text, "zone_cheek") and 'value="40"' in r.text


def test_the_form_asks_18_or_older_with_not_sure_checked_first(client) -> None:
    html = client.get("/assess").text
    assert "18 or older" in html
    assert _checked(html, "adult_unknown") and not _checked(html, "adult_no") and not _checked(html, "adult_yes")


def _every_no(client) -> dict[str, str]:
    return {f"cond_{c['id']}": "no" for c in client.get("/api/conditions").json()}


def test_18_or_older_without_an_exact_age_does_not_hold_the_plan(client) -> None:
    r = _post(client, device="nuface-trinity", adult="yes", zones=["cheek"], **_every_no(client))
    assert r.status_code == 200
    assert re.search(r'data-zone="cheek" data-status="allowed', r.text)
    r = _post(client, device="nuface-trinity", adult="unknown", zones=["cheek"], **_every_no(client))
    assert not re.search(r'data-zone="cheek" data-status="allowed', r.text)


def test_under_18_without_an_exact_age_is_do_not_use(client) -> None:
    r = _post(client, device="nuface-trinity", adult="no", zones=["cheek"], **_every_no(client))
    assert r.status_code == 200 and "Under 18" in r.text
    assert re.search(r'data-zone="cheek" data-status="do not use here"', r.text)


def test_api_accepts_adult(client) -> None:
    every_no = {c["id"]: "no" for c in client.get("/api/conditions").json()}
    body = {
        "device": "nuface-trinity",
        "profile": {"adult": "yes", "conditions": every_no},
        "plan": {"zones": ["cheek"]},
    }
    r = client.post("/api/assess", json=body)
    assert r.status_code == 200
    assert "under-18:unknown" not in {f["rule_id"] + ":" + f["status"] for f in r.json()["data"]["findings"]}


def test_web_device_page_and_assess_report_show_the_claim_beside_the_record(client) -> None:
    """wave2_addendum §1: no 510(k) for FOREO BEAR; the press article says it holds 'FDA approval'."""
    for html in (client.get("/devices/foreo-bear").text, _post(client, device="foreo-bear", zones=["cheek"]).text):
        flat = " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#39;", "'")
        assert "Claimed, not a record" in flat
        assert "a 2025 press article (HuffPost) says it holds 'FDA approval'." in flat
        assert "No 510(k) found for this device" in flat and "It is not an FDA approval" in flat
