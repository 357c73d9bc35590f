"""Triage and diary over HTTP: emergencies first (FAST: face droop + arm weakness -> call the emergency number,
clinical_evidence.md §2.1), CSRF on forms, and per-user diary isolation in multi-user mode."""

from __future__ import annotations

from .conftest import ERROR_KEYS, csrf_of

EMERGENCY = "CALL EMERGENCY SERVICES NOW"
PASSWORD = "a long enough passphrase"


def test_api_triage_face_droop_and_arm_weakness_is_an_emergency(client) -> None:
    r = client.post("/api/triage", json={"signs": ["face_droop", "arm_leg_weakness"], "onset": "1h ago"})
    assert r.status_code == 200
    findings = [f for s in r.json()["sections"] for f in s["findings"]]
    assert min(findings, key=lambda f: f["rank"])["tier"] == EMERGENCY
    assert any("911" in (f["action"] or "") for f in findings)


def test_api_triage_unknown_sign_names_the_field(client) -> None:
    r = client.post("/api/triage", json={"signs": ["not_a_sign"]})
    assert r.status_code == 422 and set(r.json()) == ERROR_KEYS
    assert r.json()["field"] == "signs" and r.json()["value"] == "not_a_sign"


def test_triage_signs_list_red_flags_first(client) -> None:
    signs = client.get("/api/triage/signs").json()
    assert signs[0]["group"] == "red_flag"
    assert {"face_droop", "arm_leg_weakness"} <= {s["id"] for s in signs}


def test_triage_page_shows_the_emergency_before_anything_else(client) -> None:
    token = csrf_of(client.get("/triage").text)
    r = client.post("/triage", data={"csrf_token": token, "signs": ["face_droop", "arm_leg_weakness"]})
    assert r.status_code == 200
    html = r.text
    article = html.index("<article")
    box = html.index('class="emergency" role="alert"')
    assert article < box < html.index("<section>", article)  # the box comes before every other section
    assert html.index(EMERGENCY, article) < html.index("<section>", article)
    assert "What to do now:" in html[box : html.index("</section>", box)]


def test_triage_form_without_token_is_refused(client) -> None:
    client.get("/triage")
    assert client.post("/triage", data={"signs": ["face_droop"]}).status_code == 403


def test_triage_form_with_a_bad_sign_shows_the_form_with_the_error(client) -> None:
    token = csrf_of(client.get("/triage").text)
    r = client.post("/triage", data={"csrf_token": token, "signs": ["nope"]})
    assert r.status_code == 422 and "Unknown sign." in r.text and 'name="signs"' in r.text


def _session(client, note: str) -> dict:
    r = client.post(
        "/api/diary/sessions",
        json={
            "device_id": "nuface-trinity",
            "zones": ["cheek"],
            "duration": "5 min",
            "started_at": "2h ago",
            "note": note,
        },
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_single_user_diary_round_trip(client) -> None:
    stored = _session(client, "first")
    assert stored["duration_s"] == 300.0 and stored["device_id"] == "nuface-trinity"
    export = client.get("/api/diary/export").json()
    assert [s["note"] for s in export["sessions"]] == ["first"]
    assert client.get("/api/diary").json()["kind"]
    assert client.get("/diary").status_code == 200


def test_a_user_cannot_read_another_users_diary(make_client) -> None:
    alice, bob = make_client(multi_user=True), make_client(multi_user=True)
    assert alice.post("/api/accounts", json={"username": "alice", "password": PASSWORD}).status_code == 200
    assert bob.post("/api/accounts", json={"username": "bob", "password": PASSWORD}).status_code == 200
    _session(alice, "alice-private-note")
    bob_export = bob.get("/api/diary/export").json()
    assert bob_export["sessions"] == []
    for path in ("/api/diary", "/api/diary/export", "/api/diary/fhir", "/diary", "/diary/export.json"):
        assert "alice-private-note" not in bob.get(path).text, path
    assert "alice-private-note" in alice.get("/api/diary/export").text


def test_diary_needs_a_login_in_multi_user_mode(multi) -> None:
    r = multi.get("/api/diary")
    assert r.status_code == 401 and r.json()["error"] == "unauthenticated"
    r = multi.get("/diary", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/diary"
    assert multi.post("/api/diary/sessions", json={"device_id": "nuface-trinity"}).status_code == 401


def test_diary_forms_add_entries(client) -> None:
    token = csrf_of(client.get("/diary").text)
    r = client.post(
        "/diary/sessions",
        data={"csrf_token": token, "device_id": "nuface-trinity", "zones": ["cheek"], "duration": "5 min"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = client.post(
        "/diary/symptoms",
        data={"csrf_token": token, "kind": "face_droop", "onset": "1h ago", "side": "left"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    export = client.get("/diary/export.json")
    assert export.headers["content-disposition"].startswith("attachment")
    assert len(export.json()["sessions"]) == 1 and export.json()["symptoms"][0]["kind"] == "face_droop"


def test_diary_import_round_trips_an_export(make_client) -> None:
    one, two = make_client(), make_client(multi_user=True)
    _session(one, "moved")
    data = one.get("/api/diary/export").json()
    two.post("/api/accounts", json={"username": "carol", "password": PASSWORD})
    counts = two.post("/api/diary/import", json=data).json()
    assert counts["sessions"] == 1
    assert two.get("/api/diary/export").json()["sessions"] == data["sessions"]
