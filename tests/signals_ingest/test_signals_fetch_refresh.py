"""``refresh``: a finished fetch is served from the cache until refreshed; a refresh replaces it only when complete."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx

from stimsafe.signals.fetch import RateLimiter, fetch_events

NEXT = "https://api.fda.gov/device/event.json?search=x&limit=1000&search_after=0%3D{n}"


def _server(pages: int, last_updated: str, log: list[str]) -> httpx.Client:
    """A fake openFDA: page n holds report ``<last_updated year>-<n>`` and links to page n + 1."""

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(str(request.url))
        after = request.url.params.get("search_after")
        n = int(after.split("=")[1]) if after else 0
        body = {"meta": {"last_updated": last_updated}, "results": [{"mdr_report_key": f"{last_updated[:4]}{n}"}]}
        headers = {"Link": f'<{NEXT.format(n=n + 1)}>; rel="next"'} if n + 1 < pages else {}
        return httpx.Response(200, content=json.dumps(body).encode(), headers=headers)

    return httpx.Client(transport=httpx.MockTransport(handler))


def _limiter() -> RateLimiter:
    return RateLimiter(per_minute=10**9, sleep=lambda s: None)


def _keys(pages: list[Path]) -> list[str]:
    return [json.loads(p.read_text())["results"][0]["mdr_report_key"] for p in pages]


def test_finished_fetch_is_cached_until_refreshed(tmp_path: Path) -> None:
    log: list[str] = []
    first = fetch_events("NFO", tmp_path, client=_server(2, "2026-11-18", log), limiter=_limiter())
    assert first.complete and _keys(first.pages) == ["20260", "20261"]
    assert (first.last_updated, first.fetched_on) == ("2026-11-18", date.today().isoformat())
    cached = fetch_events("NFO", tmp_path, client=_server(3, "2026-11-25", log), limiter=_limiter())
    assert cached.requested == 0 and len(log) == 2 and cached.last_updated == "2026-11-18"
    fresh = fetch_events("NFO", tmp_path, client=_server(3, "2026-11-25", log), limiter=_limiter(), refresh=True)
    assert fresh.complete and fresh.requested == 3 and fresh.last_updated == "2026-11-25"
    assert fresh.cache_dir == first.cache_dir and _keys(fresh.pages) == ["20260", "20261", "20262"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["NFO-all"]  # no .refresh / .old folder left


def test_interrupted_refresh_keeps_the_previous_fetch_and_resumes(tmp_path: Path) -> None:
    log: list[str] = []
    fetch_events("NFO", tmp_path, client=_server(2, "2025-01-01", log), limiter=_limiter())
    partial = fetch_events(
        "NFO", tmp_path, client=_server(3, "2026-11-25", log), limiter=_limiter(), refresh=True, max_pages=1
    )
    assert not partial.complete
    old = fetch_events("NFO", tmp_path, client=_server(3, "2026-11-25", log), limiter=_limiter())
    assert old.complete and old.requested == 0 and _keys(old.pages) == ["20250", "20251"]
    log.clear()
    done = fetch_events("NFO", tmp_path, client=_server(3, "2026-11-25", log), limiter=_limiter(), refresh=True)
    assert done.complete and done.requested == 2 and "search_after" in log[0]
    assert _keys(done.pages) == ["20260", "20261", "20262"]
