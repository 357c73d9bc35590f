"""The signals dashboard: tables, figures inlined as PNG data URIs (CSP allows no other source), honest reading."""

from __future__ import annotations

from stimsafe.report.model import Report, Section
from stimsafe.web.pages_signals import inline_figures


def test_dashboard_shows_tables_figures_and_how_to_read_them(client) -> None:
    r = client.get("/signals")
    assert r.status_code == 200
    assert r.text.count("<table") >= 1
    assert '<img src="data:image/png;base64,' in r.text
    assert "How to read this" in r.text


def test_missing_store_is_a_clear_error_not_a_crash(client) -> None:
    r = client.get("/signals?source=store", headers={"accept": "application/json"})
    assert r.status_code in (404, 422)


def test_inline_figures_keeps_only_png_files(tmp_path) -> None:
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    report = Report(
        kind="signals",
        title="t",
        sections=(Section(title="s", figures=(str(png), str(tmp_path / "a.svg"), "/nope.png")),),
    )
    (figure,) = inline_figures(report).sections[0].figures
    assert figure == "data:image/png;base64,iVBORw0KGgo="
