"""openFDA ``device/event`` API client: search by product code, ``search_after`` paging, rate limit, retries, cache.

API facts (facts/surveillance.md §1.1; FDA/open.fda.gov ``src/pages/apis/paging.md`` and
``authentication/index.tsx``): ``limit`` at most 1000; the next page's URL comes in the ``Link`` header
(``rel="next"``, carrying ``search_after``); 240 requests per minute with or without an API key; openFDA answers
404 with ``NOT_FOUND`` when nothing matches.

Each page is saved as ``page-NNNNN.json`` in the cache folder with a ``state.json`` naming the next URL, so an
interrupted fetch resumes where it stopped. A finished fetch is served from the cache (its ``state.json`` records
the day it finished and openFDA's ``meta.last_updated``) until it is refreshed: openFDA revises old records every
week (facts/surveillance.md §1.2-1.3), so ``refresh=True`` fetches every page again into ``<cache>.refresh`` and
swaps it in only when paging finishes; an interrupted refresh leaves the previous fetch in place and resumes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from stimsafe.errors import DataFileError
from stimsafe.signals.openfda_query import Selection

BASE_URL = "https://api.fda.gov/device/event.json"
PAGE_LIMIT = 1000
REQUESTS_PER_MINUTE = 240
_RETRY_STATUS = {429, 500, 502, 503, 504}
PageProgress = Callable[[int, "int | None"], None]
"""Called with (records fetched, records in all or ``None``) after each page."""
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


@dataclass
class FetchResult:
    """Pages in the cache after the fetch, how many were requested now, and whether paging finished."""

    cache_dir: Path
    search: str = ""
    pages: list[Path] = field(default_factory=list)
    requested: int = 0
    complete: bool = False
    last_updated: str | None = None
    fetched_on: str | None = None


@dataclass
class RateLimiter:
    """At most ``per_minute`` calls per minute: waits so consecutive calls are ``60/per_minute`` s apart."""

    per_minute: int = REQUESTS_PER_MINUTE
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: float | None = None

    def wait(self) -> None:
        """Block until the next call is allowed."""
        gap = 60.0 / self.per_minute
        now = self.clock()
        if self._last is not None and now - self._last < gap:
            self.sleep(gap - (now - self._last))
        self._last = self.clock()


def search_query(product_code: str, since: date | None = None) -> str:
    """The openFDA ``search`` expression for one product code (see :class:`Selection` for more).

    >>> search_query("nfo", date(2020, 1, 31))
    'device.device_report_product_code:"NFO" AND date_received:[20200131 TO 29991231]'
    """
    return Selection.of([product_code]).search(since)


def _state(cache: Path) -> dict[str, Any]:
    path = cache / "state.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else {}


def _write_atomic(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _get(
    client: httpx.Client, url: str, limiter: RateLimiter, retries: int, sleep: Callable[[float], None]
) -> httpx.Response:
    """GET with back-off: 1, 2, 4 ... s (or the server's Retry-After) on 429/5xx and network errors."""
    for attempt in range(retries + 1):
        limiter.wait()
        try:
            response = client.get(url)
        except httpx.TransportError as error:
            if attempt == retries:
                raise DataFileError(
                    f"openFDA could not be reached: {error}", location=url, hint="Retry later."
                ) from None
            sleep(2.0**attempt)
            continue
        if response.status_code not in _RETRY_STATUS or attempt == retries:
            return response
        retry_after = response.headers.get("Retry-After", "")
        sleep(float(retry_after) if retry_after.isdigit() else 2.0**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def fetch_events(
    selection: str | Selection,
    cache_dir: Path | str,
    *,
    since: date | None = None,
    api_key: str | None = None,
    client: httpx.Client | None = None,
    limiter: RateLimiter | None = None,
    retries: int = 5,
    max_pages: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    refresh: bool = False,
    progress: PageProgress | None = None,
) -> FetchResult:
    """Fetch every report of ``selection`` (a product code, or a :class:`Selection`) into ``cache_dir``, resuming a
    previous, interrupted fetch. ``state.json`` records the search, the day it finished and ``meta.last_updated``.

    Parameters
    ----------
    progress
        Called with (records fetched so far, records in all, from openFDA's ``meta.results.total``) after each page.
    refresh
        Fetch again even if a finished fetch is cached; the cached pages are replaced only once the new paging
        finishes.

    Raises
    ------
    DataFileError
        openFDA kept failing, or answered with an error other than "no matches".
    """
    chosen = Selection.of([selection]) if isinstance(selection, str) else selection
    cache = Path(cache_dir) / f"{chosen.cache_name()}-{since or 'all'}"
    work = cache.with_name(cache.name + ".refresh") if refresh else cache
    work.mkdir(parents=True, exist_ok=True)
    state = _state(work)
    state["search"] = chosen.search(since)
    result = _result(work, state)
    if not result.complete:
        params = {"search": state["search"], "limit": str(PAGE_LIMIT)}
        start = state.get("next") or str(httpx.URL(BASE_URL, params=params))
        own = client is None
        http = client or httpx.Client(timeout=60.0, follow_redirects=True)
        try:
            _page_through(
                http,
                start,
                result,
                state,
                _Paging(api_key, limiter or RateLimiter(sleep=sleep), retries, max_pages, sleep, progress),
            )
        finally:
            if own:
                http.close()
    if result.complete and work != cache:
        _replace_dir(work, cache)
        requested, result = result.requested, _result(cache, _state(cache))
        result.requested = requested
    return result


@dataclass(frozen=True)
class _Paging:
    api_key: str | None
    limiter: RateLimiter
    retries: int
    max_pages: int | None
    sleep: Callable[[float], None]
    progress: PageProgress | None = None


def _result(cache: Path, state: dict[str, Any]) -> FetchResult:
    return FetchResult(
        cache,
        state.get("search", ""),
        sorted(cache.glob("page-*.json")),
        complete=bool(state.get("complete")),
        last_updated=state.get("last_updated"),
        fetched_on=state.get("fetched_on"),
    )


def _page_through(http: httpx.Client, url: str, result: FetchResult, state: dict[str, Any], how: _Paging) -> None:
    """Request pages from ``url`` on, saving each and the state after it, until paging ends or ``max_pages``."""
    cache = result.cache_dir
    while url and (how.max_pages is None or result.requested < how.max_pages):
        request_url = str(httpx.URL(url).copy_merge_params({"api_key": how.api_key})) if how.api_key else url
        response = _get(http, request_url, how.limiter, how.retries, how.sleep)
        result.requested += 1
        if response.status_code == 404 and not result.pages:
            url = ""  # openFDA: no matches
            break
        if response.status_code != 200:
            raise DataFileError(
                f"openFDA answered HTTP {response.status_code}.",
                value=response.text[:200],
                location=url,
                hint="Check the product code and API key; retry later.",
            )
        page = cache / f"page-{len(result.pages) + 1:05d}.json"
        _write_atomic(page, response.content)
        result.pages.append(page)
        meta = _meta(response)
        state.setdefault("last_updated", _text(meta.get("last_updated")))
        _report_progress(how.progress, state, meta)
        match = _NEXT.search(response.headers.get("Link", ""))
        url = match.group(1) if match else ""
        _save_state(cache, state, url)
    result.complete = not url
    if result.complete:
        _save_state(cache, state, "")
        result.last_updated, result.fetched_on = state.get("last_updated"), state.get("fetched_on")


def _save_state(cache: Path, state: dict[str, Any], next_url: str) -> None:
    state.update(next=next_url, complete=not next_url)
    if not next_url:
        state["fetched_on"] = date.today().isoformat()
    _write_atomic(cache / "state.json", json.dumps(state).encode())


def _meta(response: httpx.Response) -> dict[str, Any]:
    """openFDA's ``meta`` of a page, or ``{}``."""
    try:
        meta = response.json().get("meta")
    except (ValueError, AttributeError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _text(value: Any) -> str | None:
    return str(value) if value else None


def _report_progress(progress: PageProgress | None, state: dict[str, Any], meta: dict[str, Any]) -> None:
    results = meta.get("results")
    total = results.get("total") if isinstance(results, dict) else None
    if isinstance(total, int):
        state.setdefault("total", total)
    state["fetched"] = int(state.get("fetched", 0)) + PAGE_LIMIT
    if progress is not None:
        known = state.get("total")
        progress(min(state["fetched"], known) if isinstance(known, int) else state["fetched"], known)


def _replace_dir(new: Path, old: Path) -> None:
    """Put the finished ``new`` folder in place of ``old`` (renames; the previous pages are then deleted)."""
    trash = old.with_name(old.name + ".old")
    shutil.rmtree(trash, ignore_errors=True)
    if old.exists():
        os.replace(old, trash)
    os.replace(new, old)
    shutil.rmtree(trash, ignore_errors=True)
