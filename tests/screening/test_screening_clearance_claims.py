"""Clearance claims shown as they stand (issue 11 item 6).

Independent references: the press article (../shared/facts/press_2025_article.md) says "The following devices hold
FDA approval: NuFACE Trinity, Foreo Bear, Ziip Halo, TheraFace Pro."; wave2_addendum.md §1 found no 510(k) for
FOREO BEAR or ZIIP HALO and says: do not print "FDA-cleared" for them. Both facts are shown, labelled, with what a
510(k) clearance does and does not mean, wherever status is shown (devices list/show, assess, the web report).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stimsafe import api
from stimsafe.knowledge.devices import get_device
from stimsafe.report.render import to_markdown

NO_510K = ("foreo-bear", "ziip-halo")
ARTICLE_IDS = {"NuFACE Trinity": "nuface-trinity", "Foreo Bear": "foreo-bear", "Ziip Halo": "ziip-halo",
               "TheraFace Pro": "theraface-pro"}  # fmt: skip
# the only "FDA-cleared" wording allowed near these devices names *other* cleared devices (the assumed output range)
OTHER_DEVICES = "an FDA-cleared over-the-counter device in the catalogue ("


def _article_list(shared_dir: Path) -> list[str]:
    text = " ".join((shared_dir / "facts" / "press_2025_article.md").read_text(encoding="utf-8").split())
    found = re.search(r"The following devices hold FDA approval: ([^.]+)\.", text)
    assert found
    return [name.strip() for name in found.group(1).split(",")]


def _never_called_cleared(text: str) -> None:
    flat = " ".join(text.split())
    for match in re.finditer(r"(?i)(?<!')FDA-cleared", flat):  # a quoted claim ('FDA-Cleared') is labelled
        assert flat[match.start() - 3 : match.start() + len(OTHER_DEVICES) - 3] == OTHER_DEVICES, flat[
            match.start() - 80 :
        ][:200]


def _shows_both_facts(text: str) -> None:
    flat = " ".join(text.split())
    assert "Claimed, not a record" in flat
    assert "a 2025 press article (HuffPost) says it holds 'FDA approval'." in flat
    assert "No 510(k) found for this device" in flat
    assert "It is not an FDA approval" in flat and "Bench testing only" in flat


def test_every_device_the_article_names_carries_its_claim(shared_dir: Path) -> None:
    names = _article_list(shared_dir)
    assert names == list(ARTICLE_IDS)
    for name in names:
        device = get_device(ARTICLE_IDS[name])
        claims = [c for c in device.regulatory.claims if "press-2025" in c.source_ids]
        assert claims and "FDA approval" in claims[0].says, name


@pytest.mark.parametrize("device_id", NO_510K)
def test_no_510k_was_found_for_bear_and_halo(device_id: str) -> None:
    reg = get_device(device_id).regulatory
    assert reg.fda_status == "not found" and reg.fda_510k is None


@pytest.mark.parametrize("device_id", NO_510K)
def test_devices_show_gives_the_claim_and_the_record(device_id: str) -> None:
    report = api.device_report(device_id)
    text = to_markdown(report)
    _shows_both_facts(text)
    _never_called_cleared(text)
    assert "press-2025" in {s.id for s in report.sources}


@pytest.mark.parametrize("device_id", NO_510K)
def test_assess_gives_the_claim_and_the_record(device_id: str) -> None:
    text = to_markdown(api.assess(device_id, {"conditions": {}}, {"zones": ["cheek"]}))
    _shows_both_facts(text)
    _never_called_cleared(text)


def test_a_cleared_device_is_a_clearance_not_an_approval() -> None:
    text = " ".join(to_markdown(api.device_report("nuface-trinity")).split())
    assert "510(k) K181008, a clearance (not an FDA approval)." in text
    assert "says it holds 'FDA approval'" in text


def test_devices_list_says_what_a_510k_means_and_lists_the_claims() -> None:
    text = " ".join(to_markdown(api.devices_report()).split())
    assert "It is not an FDA approval" in text
    for device_id in NO_510K:
        name = get_device(device_id).name
        assert f"{name}: Claimed, not a record" in text
    _never_called_cleared(text)
