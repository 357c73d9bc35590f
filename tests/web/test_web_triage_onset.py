"""Review finding 7 over HTTP: the diary form's "I don't know" and an API symptom without an onset are stored as
unknown (null), never as the current time."""

from __future__ import annotations

from .conftest import csrf_of


def test_the_web_diary_form_stores_an_unknown_onset(client) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/diary").text)
    r = client.post("/diary/symptoms", data={"csrf_token": token, "kind": "burn", "onset": ""}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/api/diary/export").json()["symptoms"][0]["onset_at"] is None
    r = client.post("/api/diary/symptoms", json={"kind": "blister"})
    assert r.status_code == 200 and r.json()["onset_at"] is None
