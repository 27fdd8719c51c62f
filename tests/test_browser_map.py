"""The map in headless Chromium (slow: a browser): on the home page at desktop width and at 375 px,
and centred on a state on its page; screenshots go to the tests' output folder. The WebDriver and the
server are tests/test_browser.py's."""

from __future__ import annotations

import pytest
from test_browser import WebDriver, browser, site_url  # noqa: F401 - the fixtures, shared

from common import OUTPUT

pytestmark = pytest.mark.slow

RECT = "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.width, r.height];"


def _size(browser: WebDriver, width: int, height: int) -> None:  # noqa: F811
    browser.call("POST", browser.s("/window/rect"), {"width": width, "height": height})


@pytest.mark.parametrize("width", [1280, 375])
def test_the_home_map_is_drawn_and_fits(browser: WebDriver, site_url: str, width: int) -> None:  # noqa: F811
    _size(browser, width, 1200)
    browser.go(site_url + "/")
    shown = "#map div.narrow svg" if width < 640 else "#map div.wide svg"  # CSS shows the one drawn for the width
    svg = browser.find(shown)
    assert browser.script("return arguments[0].getAttribute('role')", {"element-6066-11e4-a52e-4f735466cecf": svg}) == "img"
    armenia = browser.find("#map a[href='/page/state/ARM']")
    assert browser.script("return arguments[0].getAttribute('class')", {"element-6066-11e4-a52e-4f735466cecf": armenia}) == (
        "state 2000s"
    )
    w, h = browser.script(RECT, shown)
    assert 0 < w <= browser.script("return document.documentElement.clientWidth") and h > 100
    browser.script("document.querySelector('#map').scrollIntoView()")
    browser.screenshot(OUTPUT / f"browser-map-home-{width}.png")


def test_a_state_page_opens_on_its_map_and_its_links_work(browser: WebDriver, site_url: str) -> None:  # noqa: F811
    _size(browser, 1280, 1200)
    browser.go(site_url + "/page/state/CHN")
    assert browser.find_all("#map svg a[href='/page/state/CHN']")
    browser.script("document.querySelector('#map').scrollIntoView()")
    browser.screenshot(OUTPUT / "browser-map-state-CHN.png")
    browser.go(site_url + "/")
    browser.script(
        "document.querySelector(\"#map a[href='/page/state/BGR']\").dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    browser.wait_for(lambda: browser.current_url().endswith("/page/state/BGR"))
    assert browser.text(browser.find("h1")) == "Bulgaria"
