"""The face-zone map: status per zone from the findings (zone-limited vs whole-plan), margins, accessible SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from stimsafe.report.model import Finding, Report, Section
from stimsafe.web.zonemap import svg, zone_views

SVG_NS = "{http://www.w3.org/2000/svg}"


def report(*findings: Finding, margins=None) -> Report:
    return Report(
        kind="assess",
        title="t",
        sections=(Section(title="s", findings=findings),),
        data={"zone_margins": margins} if margins else {},
    )


ECZEMA_CHEEK = Finding(id="eczema", tier="DO NOT USE", rank=0, title="Eczema flare", reason="r", zone="cheek")
EYES_CAP = Finding(id="eyes", tier="USE WITH CARE", rank=2, title="Lower level", reason="r", zone="eyes")
PREGNANT = Finding(id="preg", tier="DO NOT USE", rank=0, title="Pregnancy", reason="r")


def by_id(views):
    return {v.id: v for v in views}


def test_zone_limited_finding_limits_only_that_zone() -> None:
    views = by_id(zone_views(report(ECZEMA_CHEEK, EYES_CAP)))
    assert views["cheek"].status == "do not use here" and views["cheek"].css == "status-excluded"
    assert views["eyes"].status == "use with care"
    assert views["forehead"].status == "no restriction found"
    assert views["cheek"].reasons == ("DO NOT USE: Eczema flare",)


def test_whole_plan_finding_marks_every_zone() -> None:
    views = zone_views(report(PREGNANT, EYES_CAP))
    assert {v.status for v in views} == {"do not use here"}
    assert all("DO NOT USE: Pregnancy" in v.reasons for v in views)


def test_zones_outside_the_plan_are_marked_as_such() -> None:
    views = by_id(zone_views(report(EYES_CAP), zone_ids=["cheek"]))
    assert views["cheek"].status == "no restriction found"
    assert views["forehead"].status == "not in your plan"
    assert views["eyes"].status == "use with care"  # a finding names it, so it is shown


def test_margins_are_shown_as_given() -> None:
    views = by_id(zone_views(report(margins={"cheek": "12x below threshold", "eyes": 2.5})))
    assert views["cheek"].margin == "12x below threshold" and views["eyes"].margin == "2.5"
    assert views["lips"].margin is None


def test_svg_is_well_formed_with_a_title_per_zone() -> None:
    views = zone_views(report(ECZEMA_CHEEK, margins={"cheek": "3.1x"}))
    root = ET.fromstring(svg(views))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "zone-map-title"
    groups = root.findall(f"{SVG_NS}g")
    assert [g.get("data-zone") for g in groups] == ["forehead", "eyes", "cheek", "lips", "jawline", "ears", "neck"]
    cheek = next(g for g in groups if g.get("data-zone") == "cheek")
    assert cheek.find(f"{SVG_NS}title").text == "Cheek: do not use here; margin 3.1x"
    assert "✕" in cheek.find(f"{SVG_NS}text").text  # not colour alone


def test_svg_escapes_text() -> None:
    views = zone_views(report(margins={"cheek": "<script>"}))
    assert "<script>" not in svg(views)
