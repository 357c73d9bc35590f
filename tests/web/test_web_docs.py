"""/docs and /redoc work offline: every asset they load is served by the app itself, licence files beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stimsafe.web

VENDOR = Path(stimsafe.web.__file__).parent / "static" / "vendor"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_only_local_assets(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", r.text) + re.findall(r"url: ?'([^']+)'", r.text)
    assert urls, "the page loads its bundle"
    for url in urls:
        assert url.startswith("/"), f"{path} loads {url} from elsewhere"
        assert client.get(url).status_code == 200, url
    assert "cdn." not in r.text and "fonts.googleapis" not in r.text


def test_vendored_bundles_keep_their_licences() -> None:
    assert "Apache License" in (VENDOR / "swagger-ui" / "LICENSE").read_text()
    assert "MIT" in (VENDOR / "redoc" / "LICENSE").read_text()
    listed = (VENDOR / "VENDORED.txt").read_text()
    assert "swagger-ui-dist 5.35.0" in listed and "redoc 2.5.4" in listed
