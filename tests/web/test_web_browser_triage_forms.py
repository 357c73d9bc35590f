"""Headless-Chromium tests of the triage and diary forms (issue 11): the triage form keeps every answer when the
server refuses one, and the diary's symptom picker starts empty (no default emergency sign)."""

from __future__ import annotations

import pytest

from stimsafe.web import Settings

from .browser import chromium, free_port, live_server, missing_browser

pytestmark = [pytest.mark.browser, pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    settings = Settings(port=free_port(), data_dir=tmp_path_factory.mktemp("web"), secret_key="browser-test-key-123456")
    with live_server(settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def test_the_triage_form_keeps_every_answer_on_an_error(site, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(site + "/triage")
    browser.find_element(By.CSS_SELECTOR, "label[for=flag-arm_leg_weakness-no]").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=flag-vision_loss-unsure]").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=sign-burn]").click()
    browser.find_element(By.ID, "note").send_keys("a red mark on my cheek")
    Select(browser.find_element(By.ID, "side")).select_by_value("left")
    browser.find_element(By.ID, "onset_words").send_keys("the day after tomorrow")  # refused: in the future
    browser.find_element(By.ID, "triage-submit").click()
    error = browser.find_element(By.CSS_SELECTOR, ".error-box")
    assert "onset" in error.text
    # every answer is still there, as entered
    assert browser.find_element(By.ID, "flag-arm_leg_weakness-no").is_selected()
    assert browser.find_element(By.ID, "flag-vision_loss-unsure").is_selected()
    assert not browser.find_element(By.ID, "flag-speech_trouble-no").is_selected()  # unanswered stays unanswered
    assert browser.find_element(By.ID, "sign-burn").is_selected()
    assert browser.find_element(By.ID, "note").get_attribute("value") == "a red mark on my cheek"
    assert Select(browser.find_element(By.ID, "side")).first_selected_option.get_attribute("value") == "left"
    assert browser.find_element(By.ID, "onset_words").get_attribute("value") == "the day after tomorrow"
    # fixing the one field gives the result; "not sure" about vision loss calls for emergency services first
    field = browser.find_element(By.ID, "onset_words")
    field.clear()
    field.send_keys("this morning")
    browser.find_element(By.ID, "triage-submit").click()
    first = browser.find_element(By.TAG_NAME, "article").find_elements(By.TAG_NAME, "section")[0]
    assert first.find_element(By.TAG_NAME, "h2").text == "CALL EMERGENCY SERVICES NOW"


def test_the_diary_symptom_picker_starts_empty(site, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(site + "/diary")
    picker = Select(browser.find_element(By.ID, "kind"))
    chosen = picker.first_selected_option
    assert chosen.get_attribute("value") == "" and "Choose" in chosen.text
    assert browser.find_element(By.ID, "kind").get_attribute("required") is not None
    # submitting without choosing is stopped by the browser: nothing is recorded
    browser.find_element(By.CSS_SELECTOR, "form[action='/diary/symptoms'] button[type=submit]").click()
    assert browser.current_url.endswith("/diary")
    assert "Symptom " not in browser.find_element(By.TAG_NAME, "main").text
