"""Review findings 8 and 20: the alert box holds only whole-plan DO NOT USE; the map says "unanswered", not "ask".

Expected outcomes follow the issue's rule: an eczema flare limits only the zone where it is (issue 2), so it is no
page-wide alarm; pregnancy is a whole-plan DO NOT USE (device labels); an unanswered question is not a finding.
"""

from __future__ import annotations

import re

from stimsafe.report.model import Finding, Report, Section
from stimsafe.web.zonemap import zone_views

from .conftest import csrf_of


def _assess_page(client, **fields):
    token = csrf_of(client.get("/assess").text)
    return client.post("/assess", data={"csrf_token": token, "device": "nuface-trinity", "age": "40", **fields})


def _every_no(client):
    return {f"cond_{c['id']}": "no" for c in client.get("/api/conditions").json()}


def _alert_box(html):
    at = html.find('role="alert"')
    return "" if at < 0 else html[at : html.index("</section>", at)]


def test_zone_only_do_not_use_is_no_page_wide_alarm_and_names_its_zone(client) -> None:
    fields = {**_every_no(client), "cond_eczema_flare": "yes", "zones_eczema_flare": ["cheek"]}
    html = _assess_page(client, zones=["forehead", "cheek"], **fields).text
    assert _alert_box(html) == ""
    stops = html[html.index('class="zone-stops"') : html.index("</section>", html.index('class="zone-stops"'))]
    assert "DO NOT USE on the cheek" in stops
    assert html.index('class="zone-stops"') < html.index('class="summary"')


def test_whole_plan_do_not_use_stays_in_the_alert_box(client) -> None:
    fields = {**_every_no(client), "cond_pregnancy": "yes", "cond_eczema_flare": "yes", "zones_eczema_flare": ["cheek"]}
    html = _assess_page(client, zones=["forehead", "cheek"], **fields).text
    box = _alert_box(html)
    assert "Pregnancy" in box and "flare" not in box.lower()


def test_zone_on_hold_only_for_an_unanswered_question_says_unanswered(client) -> None:
    fields = {**_every_no(client), "cond_pregnancy": "unknown"}
    html = _assess_page(client, zones=["forehead"], **fields).text
    assert re.search(r'data-zone="forehead" data-status="unanswered: answer the questions first"', html)
    assert not re.search(r'data-zone="forehead" data-status="ask a clinician first"', html)


def test_legend_has_every_symbol_the_map_uses(client) -> None:
    html = _assess_page(client, zones=["forehead"], **_every_no(client)).text
    legend = html[html.index('<ul class="legend">') : html.index("</ul>", html.index('<ul class="legend">'))]
    for symbol, words in (("✕", "do not use"), ("!", "clinician"), ("?", "unanswered"), ("~", "use with care"),
                          ("✓", "no restriction"), ("–", "not in your plan")):  # fmt: skip
        assert f"{symbol} " in legend and words in legend, symbol


def test_findings_map_shows_unanswered_rank0_as_unanswered() -> None:
    unknown = Finding(id="pregnancy:unknown", tier="DO NOT USE", rank=0, title="Unanswered: Pregnancy", reason="r")
    views = {
        v.id: v
        for v in zone_views(Report(kind="triage", title="t", sections=(Section(title="s", findings=(unknown,)),)))
    }
    assert views["cheek"].symbol == "?" and views["cheek"].css == "status-unanswered"
