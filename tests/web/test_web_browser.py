"""Headless-Chromium tests: the pages work from a real browser, keyboard first, without JavaScript."""

from __future__ import annotations

import pytest

from stimsafe.web import Settings

from .browser import chromium, free_port, live_server, missing_browser, wait_for_text

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


def test_home_page_has_a_skip_link_and_landmarks(site, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(site + "/")
    assert "stimsafe" in browser.title
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Skip to main content" and focused.get_attribute("href").endswith("#main")
    assert browser.find_element(By.TAG_NAME, "main").get_attribute("id") == "main"
    assert browser.find_element(By.CSS_SELECTOR, "nav[aria-label=Main]")


def test_triage_face_droop_and_arm_weakness_shows_the_emergency_first(site, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "/")
    browser.find_element(By.LINK_TEXT, "I noticed something").click()
    # the person answers with the keyboard-accessible labels, as a screen-reader user would
    # (warning signs are yes / no / not sure radio groups; face signs are checkboxes)
    browser.find_element(By.CSS_SELECTOR, "label[for=sign-face_droop]").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=flag-arm_leg_weakness-yes]").click()
    assert browser.find_element(By.ID, "sign-face_droop").is_selected()
    assert browser.find_element(By.ID, "flag-arm_leg_weakness-yes").is_selected()
    browser.find_element(By.ID, "triage-submit").click()
    article = browser.find_element(By.TAG_NAME, "article")
    first_section = article.find_elements(By.TAG_NAME, "section")[0]
    assert first_section.get_attribute("role") == "alert"
    assert first_section.find_element(By.TAG_NAME, "h2").text == "CALL EMERGENCY SERVICES NOW"
    assert "Call your local emergency number now" in first_section.text
    # nothing else in the report is shown above it
    assert first_section.location["y"] < min(s.location["y"] for s in article.find_elements(By.TAG_NAME, "section")[1:])


def test_pregnant_nuface_trinity_report_says_do_not_use_with_its_reason(site, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(site + "/")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Check before use").click()
    Select(browser.find_element(By.ID, "device")).select_by_visible_text("NuFACE Trinity")
    browser.find_element(By.CSS_SELECTOR, "label[for=cond_pregnancy_yes]").click()
    browser.find_element(By.ID, "assess-submit").click()
    article = browser.find_element(By.TAG_NAME, "article")
    first_section = article.find_elements(By.TAG_NAME, "section")[0]
    assert first_section.get_attribute("role") == "alert"
    assert first_section.find_element(By.TAG_NAME, "h2").text == "DO NOT USE"
    assert "Pregnancy" in first_section.text and "pregnancy" in first_section.text.lower().split("pregnancy.", 1)[1]
    # the zone map: the planned zones are coloured "do not use here", with text for screen readers
    cheek = browser.find_element(By.CSS_SELECTOR, "svg g[data-zone=cheek]")
    assert cheek.get_attribute("data-status") == "do not use here"
    assert "Cheek: do not use here" in cheek.find_element(By.TAG_NAME, "title").get_attribute("textContent")
    row = browser.find_element(By.CSS_SELECTOR, "table.zone-table tr[data-zone=cheek]")
    assert "do not use here" in row.text


def test_a_typo_in_the_age_keeps_every_answer_in_the_browser(site, browser) -> None:
    """Issue 11 item 5: a typo in the age must not wipe the answers already given."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(site + "/assess")
    Select(browser.find_element(By.ID, "device")).select_by_value("ziip-halo")
    browser.find_element(By.ID, "age").send_keys("4O")  # letter O for zero
    for label in ("adult_yes", "cond_pregnancy_no", "cond_epilepsy_yes", "cond_acne_flare_yes",
                  "zones_acne_flare_jawline", "zone_eyes", "zone_cheek"):  # fmt: skip
        browser.find_element(By.CSS_SELECTOR, f"label[for={label}]").click()
    browser.find_element(By.ID, "level").send_keys("2")
    browser.find_element(By.ID, "assess-submit").click()

    wait_for_text(browser, "main", "Age must be a whole number")
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
    wait_for_text(browser, "article", "Epilepsy")


# issue 11: the triage form keeps every answer when the server refuses one; the diary picker starts empty
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
