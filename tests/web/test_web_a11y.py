"""Accessibility basics on every page: one h1, a skip link to main, labels for every control, lang, titles."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.h1 = 0
        self.lang: str | None = None
        self.skip_href: str | None = None
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        elif tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.controls.append(a)
        elif tag == "a" and "skip-link" in (a.get("class") or ""):
            self.skip_href = a.get("href")
        elif tag == "title":
            self.in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def audit(html: str) -> Audit:
    a = Audit()
    a.feed(html)
    return a


@pytest.mark.parametrize(
    "path", ["/", "/login", "/signup", "/account", "/triage", "/diary", "/assess", "/devices", "/zones"]
)
def test_page_basics(make_client, path: str) -> None:
    client = make_client(multi_user=path in {"/login", "/signup"})
    r = client.get(path)
    assert r.status_code == 200
    page = audit(r.text)
    assert page.lang == "en" and page.title.strip()
    assert page.h1 == 1
    assert page.skip_href == "#main" and "main" in page.ids
    unlabelled = [c for c in page.controls if c.get("id") not in page.label_for and not c.get("aria-label")]
    assert unlabelled == []


def test_error_page_basics(client) -> None:
    page = audit(client.get("/nope").text)
    assert page.h1 == 1 and page.skip_href == "#main"
