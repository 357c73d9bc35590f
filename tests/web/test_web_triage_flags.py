"""Review finding 12: on the triage form each warning sign is answered yes / no / not sure (radio groups that work
without JavaScript); "not sure" is never read as "no": it routes to the emergency, as "if unsure, treat as a
stroke" (clinical_evidence.md §2; iatrox summary of NICE) and as the CLI interview does."""

from __future__ import annotations

import re

import pytest

from stimsafe import api

from .conftest import csrf_of

EMERGENCY = "CALL EMERGENCY SERVICES NOW"
RED_FLAGS = [s["id"] for s in api.triage_signs() if s["group"] == "red_flag"]


def _all_no() -> dict[str, str]:
    return {f"flag-{sign}": "no" for sign in RED_FLAGS}


def test_the_form_asks_each_warning_sign_yes_no_or_not_sure(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/triage").text
    assert "Leave a box empty if it is not true or you are not sure" not in html
    for sign in RED_FLAGS:
        for value in ("yes", "no", "unsure"):
            assert re.search(rf'<input type="radio" id="flag-{sign}-{value}" name="flag-{sign}" value="{value}">', html)
            assert f'<label for="flag-{sign}-{value}"' in html
    assert 'type="checkbox" id="sign-arm_leg_weakness"' not in html  # no longer a tick box


@pytest.mark.parametrize("sign", RED_FLAGS)
def test_a_not_sure_warning_sign_is_an_emergency_and_says_so(client, sign: str) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/triage").text)
    r = client.post("/triage", data={"csrf_token": token, **_all_no(), f"flag-{sign}": "unsure"})
    assert r.status_code == 200
    html = r.text
    article = html.index("<article")
    assert html.index(EMERGENCY, article) < html.index("<section>", article)
    assert "Not sure:" in html and "(treated as yes)" in html


def test_all_no_with_a_mild_sign_is_self_care(client) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/triage").text)
    r = client.post("/triage", data={"csrf_token": token, **_all_no(), "signs": ["redness_fades"]})
    assert r.status_code == 200 and "SELF-CARE AND WATCH" in r.text and EMERGENCY not in r.text.split("<article")[1]


def test_an_unanswered_warning_sign_is_not_read_as_no(client) -> None:  # type: ignore[no-untyped-def]
    # issue 11: unanswered is unknown; the result leads with it and the emergency advice, and is never SELF-CARE
    token = csrf_of(client.get("/triage").text)
    answers = _all_no()
    del answers["flag-confusion"]
    r = client.post("/triage", data={"csrf_token": token, **answers, "signs": ["redness_fades"]})
    assert r.status_code == 200
    article = r.text[r.text.index("<article") :]
    lead = article.index("You did not say whether any of these is happening: confusion.")
    assert lead < article.index("<section>") and "call your emergency" in article[lead : lead + 200]
    assert "SELF-CARE AND WATCH</" not in article.split("<section>")[0]
    assert "STOP USING THE DEVICE AND SEE A CLINICIAN" in article.split("<section>")[0]


def test_the_form_keeps_every_answer_on_an_error(client) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/triage").text)
    data = {
        "csrf_token": token,
        **_all_no(),
        "flag-vision_loss": "unsure",
        "signs": ["burn", "onset_hours"],
        "onset_words": "the day after tomorrow",
        "side": "left",
        "note": "a red mark on my cheek",
    }
    r = client.post("/triage", data=data)
    assert r.status_code == 422 and "onset" in r.text
    html = r.text
    assert 'name="flag-vision_loss" value="unsure" checked' in html
    assert 'name="flag-confusion" value="no" checked' in html
    assert 'id="sign-burn" name="signs" value="burn" checked' in html
    assert 'id="sign-onset_hours" name="signs" value="onset_hours" checked' in html
    assert 'value="the day after tomorrow"' in html and '<option value="left" selected>' in html
    assert ">a red mark on my cheek</textarea>" in html


def test_the_diary_symptom_picker_starts_empty(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/diary").text
    picker = html[html.index('<select id="kind"') : html.index("</select>", html.index('<select id="kind"'))]
    assert '<option value="" selected disabled>' in picker and " required" in picker
    assert picker.count(" selected") == 1


def test_free_text_on_the_form_and_the_api_finds_warning_signs(client) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/triage").text)
    words = "my face droops on the left and I can't lift my left arm"
    r = client.post("/triage", data={"csrf_token": token, **_all_no(), "note": words})
    # the words say yes to a sign the same form answered "no": the answer is kept and the disagreement shown
    assert "but you answered &#39;no&#39; to it" in r.text or "but you answered 'no' to it" in r.text
    r = client.post("/triage", data={"csrf_token": token, "note": words})
    assert EMERGENCY in r.text.split("<section>")[0]
    body = client.post("/api/triage", json={"note": words}).json()
    assert body["data"]["tier"] == EMERGENCY and body["data"]["from_words"]["arm_leg_weakness"]["status"] == "yes"


def test_the_api_and_the_cli_read_not_sure_the_same_way() -> None:
    for answers in ({"unsure": ["speech_trouble"]}, {"answers": {"speech_trouble": "not sure"}}):
        report = api.triage(answers)
        assert report.data["tier"] == EMERGENCY and report.data["unsure"] == ["speech_trouble"]


def test_the_json_api_takes_not_sure_answers(client) -> None:  # type: ignore[no-untyped-def]
    for body in ({"unsure": ["vision_loss"]}, {"answers": {"vision_loss": "unsure"}}):
        r = client.post("/api/triage", json=body)
        assert r.status_code == 200, r.text
        assert r.json()["data"]["tier"] == EMERGENCY and r.json()["data"]["unsure"] == ["vision_loss"]


def test_a_too_long_note_is_refused_with_the_answers_kept(client) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/triage").text)
    ok = client.post("/triage", data={"csrf_token": token, **_all_no(), "note": "a" * 2000})
    assert ok.status_code == 200
    r = client.post("/triage", data={"csrf_token": token, **_all_no(), "note": "a" * 2001, "signs": ["burn"]})
    assert r.status_code == 422 and "too long" in r.text and "note" in r.text
    assert 'id="sign-burn" name="signs" value="burn" checked' in r.text


def test_the_json_api_reads_a_missing_warning_sign_as_unknown(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/triage", json={"signs": ["redness_fades"], "answers": {"fainting": "no"}})
    assert r.status_code == 200
    data = r.json()
    assert data["data"]["tier"] != "SELF-CARE AND WATCH" and "fainting" not in data["data"]["unknown"]
    assert "seizure" in data["data"]["unknown"]
    assert data["summary"][0].startswith("You did not say whether any of these is happening")


def test_a_diary_symptom_with_unanswered_warning_signs_is_never_self_care(client) -> None:  # type: ignore[no-untyped-def]
    # JSON API and the diary page: a mild symptom recorded without the warning signs answered
    r = client.post("/api/diary/symptoms", json={"kind": "redness_fades", "text": "a bit red"})
    assert r.status_code == 200 and r.json()["no"] == []
    assert set(client.get("/api/diary").json()["data"]["tiers"].values()) == {
        "STOP USING THE DEVICE AND SEE A CLINICIAN"
    }
    page = client.get("/diary").text
    assert "Not answered (unknown, never read as no)" in page and "SELF-CARE AND WATCH" not in page
    # every warning sign answered "no": self-care is allowed
    r = client.post("/api/diary/symptoms", json={"kind": "redness_fades", "no": RED_FLAGS})
    assert r.status_code == 200
    assert client.get("/api/diary").json()["data"]["tiers"][r.json()["id"]] == "SELF-CARE AND WATCH"
