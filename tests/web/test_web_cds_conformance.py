"""CDS Hooks 2.0 conformance, point by point (https://cds-hooks.hl7.org/2.0/; clinical_evidence.md §1.1).

- prefetch ``null`` means the record holds no data: answered with cards that say so, never 412;
- a left-out key or an OperationOutcome means the client could not fetch: the service fetches it from
  ``fhirServer`` with ``fhirAuthorization`` (an httpx MockTransport here, no network) when it may, and
  otherwise says on a card what is missing; it is never read as "no contraindication";
- every card has a fresh ``uuid`` per call; ``context.patientId`` and ``userId`` are required (400);
- cards carry ``links``; the device comes from the context or the record's DeviceUseStatement/Device,
  named by its label, and the cards say when one was assumed;
- signed JWT bearer tokens (ES384, key set from a file) when configured; CORS only for the sandbox origin.
"""

from __future__ import annotations

import json
import time
import uuid

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient

from stimsafe.web import Settings, create_app
from stimsafe.web.cds import SERVICE_ID
from stimsafe.web.fhir_input import ICD10CM

from .conftest import BASE, SECRET

URL = f"/cds-services/{SERVICE_ID}"
FHIR = "https://ehr.example.org/fhir"
SANDBOX = "https://sandbox.cds-hooks.org"
PACEMAKER = {
    "resourceType": "Condition",
    "clinicalStatus": {"coding": [{"code": "active"}]},
    "code": {"coding": [{"system": ICD10CM, "code": "Z95.0"}]},  # presence of cardiac pacemaker
}


def bundle(*resources):
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


def request_body(prefetch=None, **extra):
    body = {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
        **extra,
    }
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body


class FhirServer:
    """A MockTransport FHIR server that records each request and answers searches from a dict."""

    def __init__(self, answers, status=200):
        self.answers, self.status, self.seen = answers, status, []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        kind = request.url.path.rsplit("/", 1)[-1]
        return httpx.Response(self.status, json=self.answers.get(kind, bundle()))


@pytest.fixture
def app_with(tmp_path):
    def build(server=None, **overrides):
        settings = Settings(data_dir=tmp_path / "data", secret_key=SECRET, **overrides)
        transport = httpx.MockTransport(server) if server else None
        return TestClient(create_app(settings, fhir_transport=transport), base_url=BASE)

    return build


def _info(cards):
    (card,) = [c for c in cards if c["indicator"] == "info"]
    return card


def _well_formed(cards):
    for c in cards:
        uuid.UUID(c["uuid"])
        assert len(c["summary"]) < 140 and c["source"]["label"] and c["indicator"] in ("info", "warning", "critical")
        assert None not in c.values() and all(v not in ("", [], {}) for v in c.values())


# --- prefetch: null, left out, OperationOutcome --------------------------------------------------------------


def test_null_prefetch_means_no_data_and_is_answered_with_a_card(client) -> None:
    r = client.post(URL, json=request_body({"conditions": None, "observations": None, "devices": None}))
    assert r.status_code == 200
    cards = r.json()["cards"]
    _well_formed(cards)
    info = _info(cards)
    assert "holds no conditions and no observations" in info["detail"]
    assert "stay unknown" in info["detail"]


def test_left_out_prefetch_is_fetched_from_the_fhir_server_with_the_bearer_token(app_with) -> None:
    server = FhirServer({"Condition": bundle(PACEMAKER)})
    client = app_with(server, cds_fhir_servers=FHIR)
    auth = {"access_token": "tok-123", "token_type": "Bearer", "expires_in": 300, "scope": "patient/*.read",
            "subject": "cds-service"}  # fmt: skip
    r = client.post(URL, json=request_body(fhirServer=FHIR, fhirAuthorization=auth))
    assert r.status_code == 200
    cards = r.json()["cards"]
    assert any(c["indicator"] == "critical" and "pacemaker" in c["summary"].lower() for c in cards)
    paths = sorted(str(q.url.path).rsplit("/", 1)[-1] for q in server.seen)
    assert paths == ["Condition", "DeviceUseStatement", "Observation"]
    for q in server.seen:
        assert q.headers["authorization"] == "Bearer tok-123" and q.url.params["patient"] == "p1"
        assert str(q.url).startswith(FHIR + "/")
    assert "Fetched from the EHR's FHIR server" in _info(cards)["detail"]


def test_without_fhir_access_the_card_says_what_is_missing_not_412(client) -> None:
    r = client.post(URL, json=request_body())
    assert r.status_code == 200
    info = _info(r.json()["cards"])
    assert info["summary"].startswith("Could not screen fully: the patient's conditions")
    assert "did not send them" in info["detail"]
    assert "No coded contraindication" not in info["summary"]


def test_a_fhir_server_it_may_not_query_is_never_contacted(app_with) -> None:
    server = FhirServer({"Condition": bundle(PACEMAKER)})
    client = app_with(server, cds_fhir_servers="https://other.example.org/fhir")
    auth = {"access_token": "t", "token_type": "Bearer", "scope": "patient/*.read", "subject": "s"}
    r = client.post(URL, json=request_body(fhirServer="http://169.254.169.254/latest", fhirAuthorization=auth))
    assert r.status_code == 200 and server.seen == []
    assert "not set up to query http://169.254.169.254/latest" in _info(r.json()["cards"])["detail"]


def test_an_operation_outcome_is_not_read_as_no_contraindication(client) -> None:
    outcome = {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "timeout",
                                                              "diagnostics": "FHIR search timed out"}]}  # fmt: skip
    r = client.post(URL, json=request_body({"conditions": outcome, "observations": None}))
    assert r.status_code == 200
    info = _info(r.json()["cards"])
    assert "No coded contraindication" not in info["summary"]
    assert "conditions are missing" in info["summary"] and "FHIR search timed out" in info["detail"]


def test_an_operation_outcome_is_replaced_by_a_fetch_when_allowed(app_with) -> None:
    server = FhirServer({"Condition": bundle(PACEMAKER)})
    client = app_with(server, cds_fhir_servers=FHIR)
    outcome = {"resourceType": "OperationOutcome", "issue": [{"code": "exception"}]}
    auth = {"access_token": "t", "token_type": "bearer", "scope": "patient/*.read", "subject": "s"}
    body = request_body({"conditions": outcome, "observations": None, "devices": None}, fhirServer=FHIR,
                        fhirAuthorization=auth)  # fmt: skip
    cards = client.post(URL, json=body).json()["cards"]
    assert [str(q.url.path).rsplit("/", 1)[-1] for q in server.seen] == ["Condition"]
    assert cards[0]["indicator"] == "critical"


def test_a_failing_fhir_server_leaves_the_data_unknown(app_with) -> None:
    client = app_with(FhirServer({}, status=401), cds_fhir_servers=FHIR)
    auth = {"access_token": "t", "token_type": "Bearer", "scope": "patient/*.read", "subject": "s"}
    body = request_body({"observations": None, "devices": None}, fhirServer=FHIR, fhirAuthorization=auth)
    info = _info(client.post(URL, json=body).json()["cards"])
    assert "answered 401" in info["detail"] and "conditions are missing" in info["summary"]


# --- uuid, context, links ------------------------------------------------------------------------------------


def test_every_card_gets_a_fresh_uuid_on_every_call(client) -> None:
    body = request_body({"conditions": bundle(PACEMAKER), "observations": None, "devices": None})
    first = [c["uuid"] for c in client.post(URL, json=body).json()["cards"]]
    second = [c["uuid"] for c in client.post(URL, json=body).json()["cards"]]
    assert len(first) >= 2 and len(set(first)) == len(first)
    assert not set(first) & set(second)


@pytest.mark.parametrize("missing", ["patientId", "userId"])
def test_patient_and_user_ids_are_required(client, missing) -> None:
    body = request_body({"conditions": None})
    del body["context"][missing]
    r = client.post(URL, json=body)
    assert r.status_code == 400
    error = r.json()
    assert error["field"] == f"context.{missing}" and missing in error["message"] and error["hint"]


def test_an_authorization_without_a_fhir_server_is_refused(client) -> None:
    auth = {"access_token": "t", "token_type": "Bearer", "scope": "patient/*.read", "subject": "s"}
    r = client.post(URL, json=request_body({"conditions": None}, fhirAuthorization=auth))
    assert r.status_code == 400 and r.json()["field"] == "fhirServer"


def test_cards_link_to_the_full_questionnaire_for_the_device(client) -> None:
    body = request_body({"conditions": bundle(PACEMAKER), "observations": None})
    body["context"]["deviceId"] = "ZIIP+"
    cards = client.post(URL, json=body).json()["cards"]
    for c in cards:
        (link,) = c["links"]
        assert link["type"] == "absolute" and link["label"] == "Open the full screening for ZIIP+"
        assert link["url"] == f"{BASE}/assess?device=ziip-plus"
    page = client.get(cards[0]["links"][0]["url"])
    assert page.status_code == 200 and 'value="ziip-plus" selected' in page.text


def test_a_smart_launch_link_when_configured(app_with) -> None:
    client = app_with(cds_smart_launch_url="https://apps.example.org/stimsafe/launch")
    card = client.post(URL, json=request_body({"conditions": None})).json()["cards"][0]
    smart = [link for link in card["links"] if link["type"] == "smart"]
    assert smart and smart[0]["url"] == "https://apps.example.org/stimsafe/launch"
    assert json.loads(smart[0]["appContext"])["device"] == "nuface-trinity"


# --- the device ------------------------------------------------------------------------------------------------


def test_the_device_named_in_the_context_is_used_by_its_label(client) -> None:
    body = request_body({"conditions": None, "observations": None})
    body["context"]["deviceId"] = "ziip-plus"
    info = _info(client.post(URL, json=body).json()["cards"])
    assert "Screened against the labelling of **ZIIP+**" in info["detail"]
    assert "assumes" not in info["detail"] and "ziip-plus" not in info["detail"]


def test_the_device_comes_from_a_device_use_statement(client) -> None:
    statement = {"resourceType": "DeviceUseStatement", "status": "active", "device": {"reference": "Device/d1"}}
    device = {"resourceType": "Device", "id": "d1", "deviceName": [{"name": "ZIIP+", "type": "user-friendly-name"}]}
    body = request_body({"conditions": bundle(PACEMAKER), "observations": None, "devices": bundle(statement, device)})
    cards = client.post(URL, json=body).json()["cards"]
    assert cards[0]["indicator"] == "critical" and "**ZIIP+**" in cards[0]["detail"]
    assert "assumes" not in cards[0]["detail"]


def test_an_assumed_device_is_said_so_on_every_card(client) -> None:
    unknown = {"resourceType": "Device", "id": "d9", "deviceName": [{"name": "Acme FaceZap 3000"}]}
    body = request_body({"conditions": bundle(PACEMAKER), "observations": None, "devices": bundle(unknown)})
    cards = client.post(URL, json=body).json()["cards"]
    for c in cards:
        assert "**NuFACE Trinity**" in c["detail"] and "assumes NuFACE Trinity" in c["detail"]
        assert "'Acme FaceZap 3000'" in c["detail"]


# --- JWT bearer tokens and CORS --------------------------------------------------------------------------------


@pytest.fixture
def signed(tmp_path, app_with):
    """An app that trusts one ES384 key (from a JWKS file) and a function that signs tokens with it."""
    key = ec.generate_private_key(ec.SECP384R1())
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**public, "kid": "k1", "alg": "ES384", "use": "sig"}]}))
    client = app_with(cds_jwks_file=jwks, cds_jwt_issuers=SANDBOX)

    def token(kid="k1", signer=key, **claims):
        now = int(time.time())
        payload = {"iss": SANDBOX, "aud": f"{BASE}{URL}", "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
        payload.update(claims)
        return jwt.encode(payload, signer, algorithm="ES384", headers={"kid": kid, "typ": "JWT"})

    return client, token


def _call(client, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(URL, json=request_body({"conditions": None}), headers=headers)


def test_a_valid_client_token_is_accepted_and_a_replay_refused(signed) -> None:
    client, token = signed
    good = token()
    assert _call(client, good).status_code == 200
    replay = _call(client, good)
    assert replay.status_code == 401 and "already used" in replay.json()["message"]


@pytest.mark.parametrize(
    "change",
    [
        {},  # no token at all
        {"aud": "https://elsewhere.example.org/cds-services/x"},
        {"exp": int(time.time()) - 600, "iat": int(time.time()) - 900},
        {"iss": "https://evil.example.org"},
        {"exp": int(time.time()) + 3600},  # lives longer than five minutes
        {"kid": "unknown"},
        {"signer": "other key"},
    ],
)
def test_bad_client_tokens_are_refused(signed, change) -> None:
    client, token = signed
    if not change:
        r = _call(client)
    else:
        change = dict(change)
        if change.get("signer") == "other key":
            change["signer"] = ec.generate_private_key(ec.SECP384R1())
        r = _call(client, token(**change))
    assert r.status_code == 401
    assert r.json()["error"] == "unauthenticated" and r.json()["field"] == "Authorization"


def test_discovery_stays_open_when_tokens_are_required(signed) -> None:
    client, _ = signed
    assert client.get("/cds-services").status_code == 200


def test_cors_is_open_to_the_sandbox_for_cds_only(app_with) -> None:
    client = app_with(cds_cors_origins=SANDBOX)
    preflight = {"Origin": SANDBOX, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"}  # fmt: skip
    ok = client.options(URL, headers=preflight)
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == SANDBOX
    assert "authorization" in ok.headers["access-control-allow-headers"].lower()
    other = client.options(URL, headers={**preflight, "Origin": "https://evil.example.org"})
    assert "access-control-allow-origin" not in other.headers
    api = client.options("/api/diary/import", headers=preflight)
    assert "access-control-allow-origin" not in api.headers
    simple = client.get("/cds-services", headers={"Origin": SANDBOX})
    assert simple.headers["access-control-allow-origin"] == SANDBOX
