"""openFDA ``device/event`` API client: search by product code, ``search_after`` paging, rate limit, retries, cache.

API facts (facts/surveillance.md §1.1; FDA/open.fda.gov ``src/pages/apis/paging.md`` and
``authentication/index.tsx``): ``limit`` at most 1000; the next page's URL comes in the ``Link`` header
(``rel="next"``, carrying ``search_after``); 240 requests per minute with or without an API key; openFDA answers
404 with ``NOT_FOUND`` when nothing matches.

Each page is saved as ``page-NNNNN.json`` in the cache folder with a ``state.json`` naming the next URL, so an
interrupted fetch resumes where it stopped and a finished one is not fetched again.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from stimsafe.errors import DataFileError, InputError

BASE_URL = "https://api.fda.gov/device/event.json"
PAGE_LIMIT = 1000
REQUESTS_PER_MINUTE = 240
_RETRY_STATUS = {429, 500, 502, 503, 504}
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


@dataclass
class FetchResult:
    """Pages in the cache after the fetch, how many were requested now, and whether paging finished."""

    cache_dir: Path
    pages: list[Path] = field(default_factory=list)
    requested: int = 0
    complete: bool = False


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
    """The openFDA ``search`` expression.

    >>> search_query("nfo", date(2020, 1, 31))
    'device.device_report_product_code:"NFO" AND date_received:[20200131 TO 29991231]'
    """
    code = product_code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{3}", code):
        raise InputError("A product code has three letters or digits.", field="--product-code", value=product_code)
    query = f'device.device_report_product_code:"{code}"'
    if since is not None:
        query += f" AND date_received:[{since:%Y%m%d} TO 29991231]"
    return query


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
    product_code: str,
    cache_dir: Path | str,
    *,
    since: date | None = None,
    api_key: str | None = None,
    client: httpx.Client | None = None,
    limiter: RateLimiter | None = None,
    retries: int = 5,
    max_pages: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Fetch every report for ``product_code`` into ``cache_dir`` (resuming a previous, interrupted fetch).

    Raises
    ------
    DataFileError
        openFDA kept failing, or answered with an error other than "no matches".
    """
    cache = Path(cache_dir) / f"{product_code.upper()}-{since or 'all'}"
    cache.mkdir(parents=True, exist_ok=True)
    state = _state(cache)
    result = FetchResult(cache, sorted(cache.glob("page-*.json")), complete=bool(state.get("complete")))
    if result.complete:
        return result
    params = {"search": search_query(product_code, since), "limit": str(PAGE_LIMIT)}
    url = state.get("next") or str(httpx.URL(BASE_URL, params=params))
    own = client is None
    http = client or httpx.Client(timeout=60.0, follow_redirects=True)
    limiter = limiter or RateLimiter(sleep=sleep)
    try:
        while url and (max_pages is None or result.requested < max_pages):
            request_url = str(httpx.URL(url).copy_merge_params({"api_key": api_key})) if api_key else url
            response = _get(http, request_url, limiter, retries, sleep)
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
            match = _NEXT.search(response.headers.get("Link", ""))
            url = match.group(1) if match else ""
            _write_atomic(cache / "state.json", json.dumps({"next": url, "complete": not url}).encode())
    finally:
        if own:
            http.close()
    result.complete = not url
    if result.complete:
        _write_atomic(cache / "state.json", json.dumps({"next": "", "complete": True}).encode())
    return result
