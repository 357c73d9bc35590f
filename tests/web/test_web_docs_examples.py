"""The API calls documented in docs/web.md work as written: each ```http example and each plain GET in the tables.

The examples are read from the page itself, so a call the page documents and the server refuses (as
``GET /api/signals?demo=true`` once was) fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"
_HTTP_BLOCK = re.compile(r"```http\n(.*?)```", re.DOTALL)
_GET = re.compile(r"`GET (/api/[^`{}\s]*)`")
_GET_LIST = re.compile(r"`GET (/api/[^`]*)`((?:, `/api/[^`]*`)+)")


def http_examples(text: str) -> list[tuple[str, str, dict[str, str], object]]:
    """(method, path, headers, JSON body or None) for every ```http block, in order."""
    out = []
    for block in _HTTP_BLOCK.findall(text):
        head, _, body = block.partition("\n\n")
        request_line, *header_lines = head.strip().splitlines()
        method, path = request_line.split()
        headers = dict(line.split(": ", 1) for line in header_lines)
        out.append((method, path, headers, json.loads(body) if body.strip() else None))
    return out


def documented_gets(text: str) -> list[str]:
    """Every ``GET /api/...`` address without a placeholder, including the ones listed after it in a cell."""
    paths = set(_GET.findall(text))
    for _, rest in _GET_LIST.findall(text):
        paths |= {p for p in re.findall(r"`(/api/[^`]*)`", rest) if "{" not in p}
    return sorted(paths)


def test_the_page_has_examples_to_run() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert len(http_examples(text)) >= 5
    assert "/api/signals?demo=true" in documented_gets(text)


def test_every_documented_call_succeeds(make_client) -> None:
    text = DOC.read_text(encoding="utf-8")
    client = make_client(multi_user=True)
    for method, path, headers, body in http_examples(text):
        content = None if body is None else json.dumps(body)
        r = client.request(method, path, headers=headers, content=content)
        assert r.status_code < 300, (method, path, r.status_code, r.text[:300])
    client.post("/api/session", json={"username": "alice", "password": "a new long passphrase"})
    for path in documented_gets(text):
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
