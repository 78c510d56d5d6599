"""Issue 14: the html report in a real headless browser (Debian's chromium and chromedriver,
driven by selenium): click a figure, read the sources shown, filter, look at a screenshot.

The tests skip, saying why, where no browser can be started; ``.ci/run`` installs one and
sets FACTCHECK_REQUIRE_BROWSER=1, so that in CI a browser that does not start fails them.
"""
from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DRAFTS
from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()
# no network at all: no background requests, no component updates, no QUIC
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,900", "--lang=zh-CN")
SOURCE_TITLE = "昌吉州发布2024年度人才培养重点成果"


def _unavailable(reason: str) -> None:
    if os.environ.get("FACTCHECK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"no browser, though FACTCHECK_REQUIRE_BROWSER=1: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless chromium for the module, with a fresh profile; always quit."""
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install -e '.[test]')")
    binary = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        _unavailable("no chromium and chromedriver on PATH (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(driver_path)  # a given driver: selenium looks nothing up on the network
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except WebDriverException as exc:
        service.stop()
        _unavailable(f"chromium could not be started: {exc.msg}")
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()  # stops chromium and then chromedriver
        process = getattr(service, "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(10)


@pytest.fixture(scope="module")
def report_urls(all_seeds_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("html-report")
    urls = {}
    for lang in ("zh", "en"):
        path = out / f"report.{lang}.html"
        result = runner.invoke(app, ["check", str(DRAFTS / "talent_conflict.md"), "--db", str(all_seeds_db),
                                     "-f", "html", "--lang", lang, "-o", str(path)])
        assert result.exit_code == 1, result.stderr
        urls[lang] = path.as_uri()
    return urls


def _open(browser: Any, url: str) -> None:
    browser.get(url)
    browser.get_log("browser")  # start each page with an empty console log


def _figure(browser: Any, text: str) -> Any:
    from selenium.webdriver.common.by import By

    return next(e for e in browser.find_elements(By.CSS_SELECTOR, ".text a.fig")
                if e.get_attribute("aria-label").startswith(text + " "))


def _shown_detail(browser: Any) -> Any:
    from selenium.webdriver.common.by import By

    shown = [d for d in browser.find_elements(By.CSS_SELECTOR, ".detail") if d.is_displayed()]
    assert len(shown) == 1, f"{len(shown)} details shown"
    return shown[0]


def _console_errors(browser: Any) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_clicking_a_conflicting_figure_shows_its_sources(browser: Any, report_urls: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, report_urls["zh"])
    assert not any(d.is_displayed() for d in browser.find_elements(By.CSS_SELECTOR, ".detail"))
    fig = _figure(browser, "260名")
    assert "v-conflict" in fig.get_attribute("class") and fig.text.startswith("260名")
    fig.click()
    detail = _shown_detail(browser)
    assert detail.get_attribute("id") == f"detail-{fig.get_attribute('data-fig')}"
    assert fig.get_attribute("aria-current") == "true" and "sel" in fig.get_attribute("class")
    draft_side = detail.find_element(By.CSS_SELECTOR, ".side.drf")
    assert "遴选培育“庭州英才”260名" in draft_side.text
    assert "fixtures/drafts/talent_conflict.md:12:34" in draft_side.text
    first = detail.find_element(By.CSS_SELECTOR, '.finding[data-code="FC101"] .side.src')
    assert first.find_element(By.CSS_SELECTOR, ".src-title").text == SOURCE_TITLE
    assert first.find_element(By.CSS_SELECTOR, "time").text == "2024-12-19"
    assert "fixtures/seeds/000_4f2cc99a263c1c5d.txt:66" in first.text
    quote = first.find_element(By.CSS_SELECTOR, "blockquote")
    assert "遴选培育“庭州英才”220名" in quote.text and quote.find_element(By.TAG_NAME, "mark").text == "220名"
    # side by side: the draft sentence left of the cited one, the two at the same height
    d, s = draft_side.rect, first.rect
    assert d["x"] + d["width"] <= s["x"] and s["y"] < d["y"] + d["height"] and d["y"] < s["y"] + s["height"]
    assert "口径：草稿 2024年；来源 2024年" in detail.text
    assert _console_errors(browser) == []


def test_filters_by_code_and_the_findings_list(browser: Any, report_urls: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, report_urls["zh"])
    issues = browser.find_elements(By.CSS_SELECTOR, ".issues li")
    assert [li.is_displayed() for li in issues] == [True, True]
    browser.find_element(By.CSS_SELECTOR, 'button[data-key="FC101"]').click()
    assert browser.find_element(By.CSS_SELECTOR, 'button[data-key="FC101"]').get_attribute("aria-pressed") == "false"
    assert "off" in _figure(browser, "2.94亿元").get_attribute("class")  # FC101 only
    assert "off" not in _figure(browser, "260名").get_attribute("class")  # FC101 and FC102
    assert [li.is_displayed() for li in issues] == [False, True]
    browser.find_element(By.CSS_SELECTOR, 'button[data-quick="problems"]').click()
    assert "off" in _figure(browser, "75名").get_attribute("class")  # FC100 is not a problem
    assert "off" not in _figure(browser, "2.94亿元").get_attribute("class")
    assert [li.is_displayed() for li in issues] == [True, True]
    browser.find_element(By.CSS_SELECTOR, 'button[data-quick="all"]').click()
    assert not browser.find_elements(By.CSS_SELECTOR, ".text a.fig.off")
    # the findings list opens a figure's detail
    issues[0].find_element(By.TAG_NAME, "a").click()
    detail = _shown_detail(browser)
    assert "2.94亿元" in detail.text and "2.49亿元" in detail.text and SOURCE_TITLE in detail.text


def test_keyboard_reaches_and_opens_figures(browser: Any, report_urls: dict[str, str]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, report_urls["zh"])
    fig = _figure(browser, "75名")
    browser.execute_script("arguments[0].focus()", fig)
    fig.send_keys(Keys.ENTER)
    assert "“天山英才”75名" in _shown_detail(browser).text and "一致" in _shown_detail(browser).text
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not any(d.is_displayed() for d in browser.find_elements(By.CSS_SELECTOR, ".detail"))
    assert browser.switch_to.active_element == fig  # focus goes back to the figure
    ActionChains(browser).send_keys("j").perform()  # next finding
    assert browser.switch_to.active_element == _figure(browser, "2.94亿元")
    ActionChains(browser).send_keys("j").perform()
    assert "260名" in _shown_detail(browser).text
    focusable = browser.execute_script(
        "return Array.from(document.querySelectorAll('.text a.fig')).filter(a => a.tabIndex >= 0).length")
    assert focusable == 5


def test_english_report(browser: Any, report_urls: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, report_urls["en"])
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    _figure(browser, "260名").click()
    text = _shown_detail(browser).get_attribute("textContent")  # as written, not as styled (upper case)
    assert "conflict" in text and "Source 1" in text and SOURCE_TITLE in text and "Scope note" in text
    assert _console_errors(browser) == []


def test_screenshot_shows_a_coloured_page(browser: Any, report_urls: dict[str, str], tmp_path: Path) -> None:
    from PIL import Image

    _open(browser, report_urls["zh"])
    _figure(browser, "260名").click()
    png = browser.get_screenshot_as_png()
    target = os.environ.get("FACTCHECK_SCREENSHOT")  # keep it to look at: FACTCHECK_SCREENSHOT=shot.png
    (Path(target) if target else tmp_path / "report.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    assert width >= 1000 and height >= 600
    small = image.resize((width // 2, height // 2))
    raw = small.tobytes()
    pixels = [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]
    non_white = sum(1 for r, g, b in pixels if min(r, g, b) < 235) / len(pixels)
    assert 0.08 < non_white < 0.9, non_white  # text, cards and marks, not a blank or black page
    assert len(set(pixels)) > 200  # anti-aliased text and several colours
    # the verdict colours are there: the red of conflicts, the green of figures that agree
    assert sum(1 for r, g, b in pixels if r > 180 and g < 90 and b < 90) > 50
    assert sum(1 for r, g, b in pixels if g > 90 and r < 60 and b < 110) > 20
