"""The signals dashboard: tables, figures inlined as accessible SVG data URIs (CSP allows no other source)."""

from __future__ import annotations

import base64


def test_dashboard_shows_tables_figures_and_how_to_read_them(client) -> None:
    r = client.get("/signals")
    assert r.status_code == 200
    assert r.text.count("<table") >= 1
    assert '<img src="data:image/svg+xml;base64,' in r.text
    assert "How to read this" in r.text


def test_missing_store_is_a_clear_error_not_a_crash(client) -> None:
    r = client.get("/signals?source=store", headers={"accept": "application/json"})
    assert r.status_code in (404, 422)


def test_figures_are_accessible_svg_with_their_title_as_alt(client) -> None:
    import re

    html = client.get("/signals").text
    figures = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert len(figures) == 2
    for data, alt in figures:
        svg = base64.b64decode(data).decode()
        assert 'role="img"' in svg and "<title>" in svg and "<desc>" in svg
        title = re.search(r"<title>(.*?)</title>", svg).group(1)
        assert alt.startswith(title.replace("&", "&amp;"))
    assert "Reports of each harm by year" in html
