"""Headless Chromium at a phone's width (375 px) and a desktop's: the home page, a state, a fact, a
section, a search, the Queries page and a stored question, in English and in Bulgarian, each
screenshotted (into the test's folder, and kept in the tests' output folder under browser/) and checked for what
a reader with a screen reader or a small screen needs: one h1, headings in order, a skip link to the
content, a name on every picture, no page wider than the screen, and the pictures' text at least
9 px as drawn on the screen.

Drives the same ``chromium`` + ``chromedriver`` as tests/test_browser.py (skips without them, except
in CI). Slow: one browser for the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browsing import resize, site_url  # noqa: F401 (the fixture)
from test_browser import WebDriver, browser  # noqa: F401 (the fixture)

from common import OUTPUT

pytestmark = pytest.mark.slow

PAGES = [
    "/",
    "/page/state/KAZ",
    "/page/mission/KAZ-embassy-AZE-baku",
    "/page/section/asia/armenia",
    "/search?q=embassy+Astana",
    "/queries",
    "/queries/consulates-general",
]
SIZES = {"phone": (375, 812), "desktop": (1280, 1000)}

# What the page says about itself, from inside the browser: its headings, skip link, pictures and width.
SURVEY = """
const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(visible).map(h => +h.tagName[1]);
const skip = document.querySelector('body > a.skip');
const svgs = [...document.querySelectorAll('main svg')].filter(visible);
const small = [];
for (const svg of svgs) {
  const scale = svg.getScreenCTM().a;
  for (const t of svg.querySelectorAll('text')) {
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < 9) small.push(t.textContent + ' ' + px.toFixed(1));
  }
}
return {
  headings: headings,
  skip: skip ? skip.getAttribute('href') : null,
  target: !!document.getElementById('main'),
  unnamed: svgs.filter(s => !s.querySelector('title') && !s.getAttribute('aria-label')).length,
  imgs_without_alt: [...document.querySelectorAll('img')].filter(i => !i.hasAttribute('alt')).length,
  svgs: svgs.length,
  small: small.slice(0, 5),
  inner: window.innerWidth,
  scroll: document.documentElement.scrollWidth,
};
"""


@pytest.mark.parametrize("lang", ["en", "bg"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_readers_pages_at_a_phones_and_a_desktops_width(
    browser: WebDriver,  # noqa: F811
    site_url: str,  # noqa: F811
    tmp_path: Path,
    size: str,
    lang: str,
) -> None:
    resize(browser, *SIZES[size])
    for path in PAGES:
        browser.go(f"{site_url}{path}{'&' if '?' in path else '?'}lang={lang}")
        found = browser.script(SURVEY)
        where = f"{path} ({size}, {lang})"
        assert found["inner"] == SIZES[size][0], where
        shot = tmp_path / f"{size}-{lang}-{path.strip('/').replace('/', '-').replace('?', '-') or 'home'}.png"
        browser.screenshot(shot)
        (OUTPUT / "browser").mkdir(parents=True, exist_ok=True)  # kept after the run, for a person to look at
        shutil.copyfile(shot, OUTPUT / "browser" / shot.name)
        assert found["headings"][:1] == [1] and found["headings"].count(1) == 1, (where, found["headings"])
        jumps = [(a, b) for a, b in zip(found["headings"], found["headings"][1:], strict=False) if b > a + 1]
        assert not jumps, (where, found["headings"])
        assert found["skip"] == "#main" and found["target"], where
        assert found["unnamed"] == 0 and found["imgs_without_alt"] == 0, where
        assert not found["small"], (where, found["small"])
        assert found["scroll"] <= found["inner"], (where, "wider than the screen", found["scroll"])
    home_svgs = browser.script("return [...document.querySelectorAll('main svg')].length")
    assert home_svgs is not None
    assert all(p.stat().st_size > 5_000 for p in tmp_path.glob("*.png")) and len(list(tmp_path.glob("*.png"))) == len(PAGES)


def test_the_phone_shows_the_pictures_drawn_for_it(browser: WebDriver, site_url: str, tmp_path: Path) -> None:  # noqa: F811
    resize(browser, *SIZES["phone"])
    browser.go(site_url + "/")
    shown = browser.script(
        "return [...document.querySelectorAll('main figure svg')]"
        ".filter(s => s.getClientRects().length).map(s => s.querySelector('title').id)"
    )
    assert shown == ["worldmap-narrow-title", "timeline-narrow-title", "missions-narrow-title"]
    browser.screenshot(tmp_path / "phone-home.png")
    resize(browser, *SIZES["desktop"])
    shown = browser.script(
        "return [...document.querySelectorAll('main figure svg')]"
        ".filter(s => s.getClientRects().length).map(s => s.querySelector('title').id)"
    )
    assert shown == ["worldmap-title", "timeline-title", "missions-title"]
