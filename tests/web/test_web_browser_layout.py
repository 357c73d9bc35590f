"""Mobile-first layout and accessibility in headless Chromium, at a phone (390 px) and a laptop (1280 px) width.

For the main journeys (a report after the questionnaire, the signals dashboard, a diary with entries, and every
other page): the page is never wider than the window (tables scroll in their own box), no two pieces of text
overlap (zone-map labels included), and axe-core (vendored, tests/web/assets/axe-core) finds no violation.
Set ``STIMSAFE_SCREENSHOTS=<folder>`` to keep a full-page PNG of each page at each width.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stimsafe.web import Settings

from .browser import chromium, free_port, live_server, missing_browser


def browser_test(fn):
    """Needs headless Chromium (skipped with the reason where it is missing)."""
    skip = pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))
    return pytest.mark.browser(skip(fn))


AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
WIDTHS = (390, 1280)
PAGES = ("/", "/assess", "/triage", "/devices", "/devices/nuface-trinity", "/zones", "/rules", "/nope/missing")

# every piece of visible text as rectangles: text nodes by their line boxes, SVG <text> by its box
TEXT_RECTS_JS = """
const root = document.querySelector(arguments[0]);
const out = [];
const seen = new Set();
// not drawn: inside a closed <details> (outside its summary) or a visually-hidden (1 px, clipped) box
function hidden(node) {
  for (let el = node.parentElement; el && el !== root.parentElement; el = el.parentElement) {
    if (el.tagName === 'DETAILS' && !el.open) {
      const summary = node.parentElement.closest('summary');
      if (!summary || summary.parentElement !== el) return true;
    }
    const box = el.getBoundingClientRect();
    if ((box.width <= 1 || box.height <= 1) && getComputedStyle(el).overflow === 'hidden') return true;
  }
  return false;
}
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (!node.textContent.trim()) continue;
  const parent = node.parentElement;
  const svgText = parent.closest('text');
  if (svgText) {
    if (seen.has(svgText)) continue;
    seen.add(svgText);
    const b = svgText.getBoundingClientRect();
    out.push([b.left, b.top, b.right, b.bottom, svgText.textContent.trim().slice(0, 40)]);
    continue;
  }
  if (parent.closest('title, desc') || hidden(node)) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  for (const r of range.getClientRects()) {
    if (r.width > 0 && r.height > 0) out.push([r.left, r.top, r.right, r.bottom, node.textContent.trim().slice(0, 40)]);
  }
}
return out;
"""


def overlaps(rects: list[list], tolerance_px: float = 2.0) -> list[tuple[str, str]]:
    """Pairs of text rectangles that overlap by more than ``tolerance_px`` in both directions."""
    found = []
    boxes = sorted(rects, key=lambda r: r[1])
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b[1] >= a[3] - tolerance_px:
                break  # sorted by top: nothing further down can overlap a
            dx = min(a[2], b[2]) - max(a[0], b[0])
            dy = min(a[3], b[3]) - max(a[1], b[1])
            if dx > tolerance_px and dy > tolerance_px:
                found.append((a[4], b[4]))
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    settings = Settings(port=free_port(), data_dir=tmp_path_factory.mktemp("web"), secret_key="browser-test-key-123456")
    with live_server(settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        driver.implicitly_wait(5)
        yield driver


@pytest.fixture(scope="module")
def journeys(site, browser):
    """Walk the main journeys once; return {name: url or a callable that gets there}."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.set_window_size(1280, 900)
    # a diary with a session and a symptom, entered through the forms
    browser.get(site + "/diary")
    browser.find_element(By.ID, "device_id").send_keys("nuface-trinity")
    Select(browser.find_element(By.ID, "zones")).select_by_value("cheek")
    browser.find_element(By.ID, "duration").send_keys("5 min")
    browser.find_element(By.CSS_SELECTOR, "form[action='/diary/sessions'] button[type=submit]").click()
    browser.get(site + "/diary")
    Select(browser.find_element(By.ID, "kind")).select_by_index(1)
    browser.find_element(By.CSS_SELECTOR, "form[action='/diary/symptoms'] button[type=submit]").click()

    def report() -> None:
        browser.get(site + "/assess")
        for label in ("cond_pregnancy_no", "zone_eyes", "zone_neck"):
            browser.find_element(By.CSS_SELECTOR, f"label[for={label}]").click()
        browser.find_element(By.ID, "assess-submit").click()
        browser.find_element(By.CSS_SELECTOR, "article svg[role=img]")

    def triage_report() -> None:
        browser.get(site + "/triage")
        browser.find_element(By.CSS_SELECTOR, "label[for=sign-face_droop]").click()
        browser.find_element(By.ID, "triage-submit").click()
        browser.find_element(By.TAG_NAME, "article")

    return {"report": report, "triage report": triage_report, "signals": "/signals", "diary": "/diary"}


def _open(browser, site, target) -> None:
    if callable(target):
        target()
    else:
        browser.get(site + target)


def _check_page(browser, name: str, width: int, *, text_overlap: bool) -> None:
    page_width = browser.execute_script("return document.documentElement.scrollWidth")
    view_width = browser.execute_script("return document.documentElement.clientWidth")
    assert page_width <= view_width, f"{name} at {width} px is {page_width} px wide (window {view_width} px)"
    if text_overlap:
        clashes = overlaps(browser.execute_script(TEXT_RECTS_JS, "main"))
        assert not clashes, f"{name} at {width} px: overlapping text {clashes[:5]}"
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
        "v => [v.id, v.impact, v.help, v.nodes.slice(0, 3).map(n => n.target.join(' '))])));"
    )
    assert result == [], f"axe-core on {name} at {width} px: {result}"
    folder = os.environ.get("STIMSAFE_SCREENSHOTS")
    if folder:
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(width, min(height + 120, 16000))
        Path(folder).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(folder) / f"{name.strip('/').replace('/', '_') or 'home'}_{width}.png"))
        browser.set_window_size(width, 900)


@browser_test
@pytest.mark.parametrize("width", WIDTHS)
def test_main_journeys_fit_the_window_without_overlapping_text_or_axe_violations(
    site, browser, journeys, width
) -> None:
    browser.set_window_size(width, 900)
    browser.execute_script("return 1")
    for name, target in journeys.items():
        _open(browser, site, target)
        _check_page(browser, name, width, text_overlap=True)


@browser_test
@pytest.mark.parametrize("width", WIDTHS)
def test_every_other_page_fits_and_has_no_axe_violations(site, browser, width) -> None:
    browser.set_window_size(width, 900)
    for path in PAGES:
        browser.get(site + path)
        _check_page(browser, path, width, text_overlap=False)


@browser_test
def test_report_reads_as_a_person_would_at_phone_width(site, browser, journeys) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 900)
    journeys["report"]()
    main = browser.find_element(By.TAG_NAME, "main")
    text = main.text
    # the verdict comes first, technical detail is folded, and no question id leaks into the words
    verdict = browser.find_element(By.CSS_SELECTOR, ".verdict")
    assert verdict.location["y"] < browser.find_element(By.CSS_SELECTOR, ".zone-map").location["y"]
    assert "implanted_device" not in text and "Not answered: implanted" not in text
    folded = [
        d.find_element(By.TAG_NAME, "summary").text for d in main.find_elements(By.CSS_SELECTOR, "details.detail")
    ]
    assert any(t.startswith("Sources") for t in folded) and any(t.startswith("Per-zone") for t in folded)
    # the legend's swatches have the very fills the map uses
    legend = {r.get_attribute("fill") for r in main.find_elements(By.CSS_SELECTOR, ".legend svg rect")}
    used = {s.get_attribute("fill") for s in main.find_elements(By.CSS_SELECTOR, ".zone-map g.zone ellipse")}
    assert used and used <= legend


@browser_test
def test_error_page_go_back_works_under_the_script_policy(site, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "/devices/no-such-device")
    browser.find_element(By.LINK_TEXT, "Go back").click()
    assert browser.current_url == site + "/devices"


@browser_test
def test_api_docs_render_offline_from_the_apps_own_assets(site, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "/docs")
    assert browser.find_elements(By.CSS_SELECTOR, ".opblock")  # Swagger UI drew the operations
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(url.startswith(site) for url in loaded), loaded


def test_overlap_finder_on_known_boxes() -> None:
    # left, top, right, bottom, text: two words on one line side by side, a label drawn over another, a line below
    side_by_side = [[0, 0, 50, 20, "a"], [50, 0, 90, 20, "b"]]
    on_top = [[0, 0, 60, 20, "Cheeks"], [40, 5, 80, 25, "Ears"]]
    below = [[0, 0, 60, 20, "one"], [0, 20, 60, 40, "two"]]
    assert overlaps(side_by_side) == [] and overlaps(below) == []
    assert overlaps(on_top) == [("Cheeks", "Ears")]
