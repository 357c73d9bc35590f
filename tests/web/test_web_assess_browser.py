"""Headless Chromium: the assess form keeps every answer when the age has a typo (issue 11 item 5)."""

from __future__ import annotations

import pytest

from stimsafe.web import Settings

from .browser import chromium, free_port, live_server, missing_browser

pytestmark = [pytest.mark.browser, pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    settings = Settings(port=free_port(), data_dir=tmp_path_factory.mktemp("web"), secret_key="browser-test-key-654321")
    with live_server(settings) as url:
        yield url


def test_a_typo_in_the_age_keeps_every_answer_in_the_browser(site) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    with chromium() as browser:
        browser.get(site + "/assess")
        Select(browser.find_element(By.ID, "device")).select_by_value("ziip-halo")
        browser.find_element(By.ID, "age").send_keys("4O")  # letter O for zero
        for label in ("adult_yes", "cond_pregnancy_no", "cond_epilepsy_yes", "cond_acne_flare_yes",
                      "zones_acne_flare_jawline", "zone_eyes", "zone_cheek"):  # fmt: skip
            browser.find_element(By.CSS_SELECTOR, f"label[for={label}]").click()
        browser.find_element(By.ID, "level").send_keys("2")
        browser.find_element(By.ID, "assess-submit").click()

        assert "Age must be a whole number" in browser.find_element(By.TAG_NAME, "main").text
        assert browser.find_element(By.ID, "age").get_attribute("value") == "4O"
        assert Select(browser.find_element(By.ID, "device")).first_selected_option.get_attribute("value") == "ziip-halo"
        for kept in ("adult_yes", "cond_pregnancy_no", "cond_epilepsy_yes", "cond_acne_flare_yes",
                     "zones_acne_flare_jawline", "zone_eyes", "zone_forehead"):  # fmt: skip
            assert browser.find_element(By.ID, kept).is_selected(), kept
        assert not browser.find_element(By.ID, "zone_cheek").is_selected()  # it was ticked, then unticked
        assert browser.find_element(By.ID, "cond_ptosis_unknown").is_selected()  # untouched stays "I don't know"
        assert browser.find_element(By.ID, "level").get_attribute("value") == "2"

        browser.find_element(By.ID, "age").clear()
        browser.find_element(By.ID, "age").send_keys("40")
        browser.find_element(By.ID, "assess-submit").click()
        assert "Epilepsy" in browser.find_element(By.TAG_NAME, "article").text
