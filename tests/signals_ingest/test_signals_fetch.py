"""The openFDA client against a fake server (httpx.MockTransport): paging, retries, rate limit, resumption."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from stimsafe.errors import DataFileError
from stimsafe.signals.fetch import RateLimiter, fetch_events

NEXT = "https://api.fda.gov/device/event.json?search=x&limit=1000&search_after=0%3D{n}"


def _server(pages: int, fail_first: int = 0, log: list[str] | None = None) -> httpx.MockTransport:
    state = {"fails": fail_first}

    def handler(request: httpx.Request) -> httpx.Response:
        (log if log is not None else []).append(str(request.url))
        if state["fails"]:
            state["fails"] -= 1
            return httpx.Response(429, headers={"Retry-After": "1"})
        after = request.url.params.get("search_after")
        n = int(after.split("=")[1]) if after else 0
        body = {"meta": {"last_updated": "2026-11-20"}, "results": [{"mdr_report_key": str(100 + n)}]}
        headers = {"Link": f'<{NEXT.format(n=n + 1)}>; rel="next"'} if n + 1 < pages else {}
        return httpx.Response(200, content=json.dumps(body).encode(), headers=headers)

    return httpx.MockTransport(handler)


def _limiter(sleeps: list[float]) -> RateLimiter:
    clock = iter(range(0, 10**6))
    return RateLimiter(clock=lambda: float(next(clock)) * 0.01, sleep=sleeps.append)


def test_pages_follow_link_header_and_retry(tmp_path: Path) -> None:
    log: list[str] = []
    sleeps: list[float] = []
    client = httpx.Client(transport=_server(3, fail_first=2, log=log))
    result = fetch_events("nfo", tmp_path, client=client, limiter=_limiter(sleeps), sleep=sleeps.append, api_key="K")
    assert result.complete and len(result.pages) == 3 and result.requested == 3
    assert len(log) == 5  # two 429s were retried
    assert 'device.device_report_product_code:"NFO"' in httpx.URL(log[0]).params["search"]
    assert all(httpx.URL(u).params.get("api_key") == "K" for u in log)
    assert [json.loads(p.read_text())["results"][0]["mdr_report_key"] for p in result.pages] == ["100", "101", "102"]
    assert 1.0 in sleeps  # Retry-After honoured
    assert any(abs(s - 0.24) < 1e-9 for s in sleeps)  # 240/min -> 0.25 s between requests (clock moved 0.01 s)


def test_interrupted_fetch_resumes(tmp_path: Path) -> None:
    sleeps: list[float] = []
    client = httpx.Client(transport=_server(3))
    first = fetch_events("NFO", tmp_path, client=client, limiter=_limiter(sleeps), max_pages=1)
    assert not first.complete and len(first.pages) == 1
    log: list[str] = []
    client = httpx.Client(transport=_server(3, log=log))
    second = fetch_events("NFO", tmp_path, client=client, limiter=_limiter(sleeps))
    assert second.complete and len(second.pages) == 3
    assert "search_after" in log[0] and len(log) == 2
    again = fetch_events("NFO", tmp_path, client=httpx.Client(transport=_server(3, log=log)), limiter=_limiter(sleeps))
    assert again.requested == 0 and len(log) == 2  # cached


def test_no_matches_and_errors(tmp_path: Path) -> None:
    not_found = httpx.MockTransport(lambda r: httpx.Response(404, json={"error": {"code": "NOT_FOUND"}}))
    result = fetch_events("NFO", tmp_path, client=httpx.Client(transport=not_found), limiter=_limiter([]))
    assert result.complete and result.pages == []
    broken = httpx.MockTransport(lambda r: httpx.Response(400, text="bad search"))
    with pytest.raises(DataFileError, match="HTTP 400"):
        fetch_events("NFO", tmp_path / "b", client=httpx.Client(transport=broken), limiter=_limiter([]))
