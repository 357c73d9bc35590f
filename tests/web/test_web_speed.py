"""Fast by design: per-device x zone margins computed once per process, the page reusing the API's result, a
bounded worker pool for the expensive calls (503 + Retry-After when full), a login for them in multi-user mode,
and the signal report cached per store state. (Timings live in benchmarks/bench_web.py, not here.)"""

from __future__ import annotations

import threading

import pytest

from stimsafe import api
from stimsafe.api._cache import DOSE_CACHE, SIGNALS_CACHE
from stimsafe.web.jobs import JobPool, ServerBusyError

from .conftest import csrf_of

ASSESS = {
    "device": "nuface-trinity",
    "profile": {"conditions": {"pregnancy": "no"}},
    "plan": {"zones": ["cheek", "forehead"], "level": 1},
}


def _dose_keys() -> list[str]:
    return [key[0] for key in DOSE_CACHE._items]


def test_assess_page_computes_the_zone_margins_once_and_reuses_them(client) -> None:
    DOSE_CACHE.clear()
    form = {"csrf_token": csrf_of(client.get("/assess").text), "device": "nuface-trinity"}
    form |= {"zones": ["cheek", "forehead"], "cond_pregnancy": "no"}
    first = client.post("/assess", data=form)
    assert first.status_code == 200
    # one computation, for assess itself: the page took the margins from the report, not from a second call
    assert _dose_keys() == ["assess_margins"]
    misses = DOSE_CACHE.stats()["misses"]
    assert client.post("/assess", data=form).text == first.text
    same = {**ASSESS, "plan": {"zones": ["cheek", "forehead"]}}
    assert client.post("/api/assess", json=same).status_code == 200
    assert DOSE_CACHE.stats()["misses"] == misses  # same device, zones and plan: no recomputation
    # the cap the page shows per zone is the report's own (report.data, as the CLI prints it)
    row = first.text.split('<tr data-zone="cheek">', 1)[1].split("</tr>", 1)[0]
    report = client.post("/api/assess", json=ASSESS).json()
    assert report["data"]["zone_caps"]["cheek"]["shown"] in row


def test_the_cache_key_holds_the_device_and_the_zones() -> None:
    DOSE_CACHE.clear()
    trinity = api.assess(api.get_device("nuface-trinity"), ASSESS["profile"], ASSESS["plan"])
    ele = api.assess(api.get_device("nuface-trinity-ele"), ASSESS["profile"], ASSESS["plan"])
    lips = api.assess(api.get_device("nuface-trinity"), ASSESS["profile"], {"zones": ["lips"]})
    assert DOSE_CACHE.stats()["misses"] == 3
    # the ELE's lower maximum output (192 uA vs 400 uA, its catalogue entry) shows in its own caps
    assert trinity.data["zone_caps"] != ele.data["zone_caps"]
    assert list(lips.data["zone_caps"]) == ["lips"]


def test_pool_refuses_beyond_workers_plus_queue_with_retry_after(make_client) -> None:
    client = make_client(job_workers=1, job_queue=0)
    release = threading.Event()
    pool: JobPool = client.app.state.jobs
    blocker = pool._executor.submit(release.wait, 10)  # occupy the one worker directly ...
    assert pool._slots.acquire(blocking=False)  # ... and its slot
    try:
        r = client.post("/api/dose", json={"device": "nuface-trinity", "zones": ["cheek"]})
        assert r.status_code == 503
        assert r.headers["retry-after"] == str(pool.retry_after_s)
        assert r.json()["error"] == "busy" and "Try again" in r.json()["hint"]
        assert client.get("/api/health").status_code == 200  # the cheap calls still answer
    finally:
        release.set()
        blocker.result(timeout=10)
        pool._slots.release()
    assert client.post("/api/dose", json={"device": "nuface-trinity", "zones": ["cheek"]}).status_code == 200


def test_pool_run_raises_busy_when_full() -> None:
    import asyncio

    async def scenario() -> None:
        pool = JobPool(workers=1, queue=1, retry_after_s=7)
        gate = threading.Event()
        tasks = [asyncio.ensure_future(pool.run(gate.wait, 10)) for _ in range(2)]  # one runs, one waits
        await asyncio.sleep(0.05)
        with pytest.raises(ServerBusyError) as busy:
            await pool.run(gate.wait, 10)
        assert busy.value.retry_after_s == 7 and busy.value.http_status == 503
        gate.set()
        assert await asyncio.gather(*tasks) == [True, True]
        assert await pool.run(lambda: 3) == 3  # the slots came back
        pool.shutdown()

    asyncio.run(scenario())


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "/api/dose", {"device": "nuface-trinity"}),
    ("get", "/api/signals", None),
])  # fmt: skip
def test_expensive_calls_need_a_login_in_multi_user_mode(multi, method, path, body) -> None:
    r = multi.request(method.upper(), path, json=body)
    assert r.status_code == 401 and r.json()["error"] == "unauthenticated"


def test_signals_page_needs_a_login_in_multi_user_mode(multi) -> None:
    r = multi.get("/signals", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_signal_report_is_cached_per_store_state(tmp_path) -> None:
    SIGNALS_CACHE.clear()
    first = api.signals_dashboard(demo=True)
    assert api.signals_dashboard(demo=True) is first
    db = tmp_path / "signals.duckdb"
    db.write_bytes(b"one")
    before = api.signals_store_state(db)
    db.write_bytes(b"one more")
    assert api.signals_store_state(db) != before  # an ingest changes the key: the next report is computed again
