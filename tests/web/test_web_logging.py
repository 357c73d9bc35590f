"""No health data in logs: the access log holds the method, the route template, the status and the time only."""

from __future__ import annotations

import logging

from stimsafe.web.cds import SERVICE_ID

SECRET_WORDS = ("pregnant", "77386006", "droop", "hunter2hunter2")


def test_access_log_never_holds_bodies_queries_or_concrete_paths(client, multi, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="stimsafe.web")
    client.get("/api/health?note=pregnant")
    client.get("/api/droop-77386006")
    client.post(
        f"/cds-services/{SERVICE_ID}",
        json={"hook": "patient-view", "hookInstance": "droop", "context": {"note": "pregnant"}},
    )
    multi.post("/api/session", json={"username": "pregnant", "password": "hunter2hunter2"})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "GET /api/health 200" in text
    assert "<unmatched>" in text
    for word in SECRET_WORDS:
        assert word not in text
