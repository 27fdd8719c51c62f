"""Headless Chromium on the Queries pages, at a desktop's width and a phone's (375 px): a reader finds
a question by its subject, answers it by choosing from the lists, downloads the answer as a
spreadsheet, and a value the graph does not know leads to the closest ones. Each page is
screenshotted into the tests' output folder (``common.OUTPUT``) and checked for what a reader with a
screen reader or a small screen needs: one h1 and headings in order, a name on every form control,
no image without alt text, text in contrast with its background (WCAG 2, at least 4.5:1), nothing
wider than the screen.

Drives the same ``chromium`` + ``chromedriver`` as tests/test_browser.py (skips without them, except
in CI). Slow: one browser for the file.
"""

from __future__ import annotations

import pytest
from browsing import resize, site_url  # noqa: F401 (the fixture)
from test_browser import WebDriver, browser  # noqa: F401 (the fixture)

from common import OUTPUT

pytestmark = pytest.mark.slow

SIZES = {"desktop": (1280, 1000), "phone": (375, 812)}

# What the page says about itself from inside the browser: headings, unnamed controls, images, width,
# and for each visible piece of text in the content its colour and the background it stands on.
SURVEY = """
const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(visible).map(h => +h.tagName[1]);
const controls = [...document.querySelectorAll('main select, main input:not([type=hidden]), main button')].filter(visible);
const unnamed = controls.filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim());
const background = e => {
  for (; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
  }
  return 'rgb(255, 255, 255)';
};
const texts = [...document.querySelectorAll('main p, main a, main label, main span, main small, main h1, main h2, main li, main th, main td, main summary, main button')]
  .filter(visible).filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => [e.tagName + ' ' + e.textContent.trim().slice(0, 30), getComputedStyle(e).color, background(e)]);
return {
  headings: headings,
  unnamed: unnamed.map(c => c.outerHTML.slice(0, 80)),
  imgs_without_alt: [...document.querySelectorAll('img')].filter(i => !i.hasAttribute('alt')).length,
  texts: texts,
  inner: window.innerWidth,
  scroll: document.documentElement.scrollWidth,
};
"""


def _rgb(css: str) -> tuple[float, ...]:
    parts = css[css.index("(") + 1 : css.index(")")].split(",")
    return tuple(float(p) for p in parts[:3])


def contrast(fg: str, bg: str) -> float:
    """WCAG 2's contrast ratio of two CSS ``rgb()`` colours."""

    def luminance(rgb: tuple[float, ...]) -> float:
        c = [v / 255 for v in rgb]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((luminance(_rgb(fg)), luminance(_rgb(bg))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def check(wd: WebDriver, where: str, width: int) -> None:
    found = wd.script(SURVEY)
    assert found["inner"] == width, where
    assert found["headings"][:1] == [1] and found["headings"].count(1) == 1, (where, found["headings"])
    assert not [(a, b) for a, b in zip(found["headings"], found["headings"][1:], strict=False) if b > a + 1], where
    assert not found["unnamed"] and found["imgs_without_alt"] == 0, (where, found["unnamed"])
    faint = [(text, round(contrast(fg, bg), 2)) for text, fg, bg in found["texts"] if contrast(fg, bg) < 4.5]
    assert found["texts"] and not faint, (where, faint[:5])
    assert found["scroll"] <= found["inner"], (where, "wider than the screen", found["scroll"])


@pytest.mark.parametrize("size", list(SIZES))
def test_a_reader_answers_a_question_by_choosing_and_downloads_the_spreadsheet(
    browser: WebDriver,  # noqa: F811
    site_url: str,  # noqa: F811
    size: str,
) -> None:
    width, height = SIZES[size]
    resize(browser, width, height)
    browser.go(site_url + "/queries?lang=bg")
    check(browser, f"/queries?lang=bg ({size})", width)
    assert "Посолства, консулства и други представителства" in browser.text(browser.find("section[data-topic=missions] h2"))
    browser.screenshot(OUTPUT / f"queries-{size}-bg.png")
    browser.click(browser.find("li[data-query=consulates-general] a"))
    browser.wait_for(lambda: "/queries/consulates-general" in browser.current_url())
    # choose Russia from the list by its label, as a reader does, and run the query
    browser.script(
        "const s = document.getElementById('p-country');s.value = [...s.options].find(o => o.textContent === 'Русия').value;"
    )
    browser.click(browser.find("form.params button[type=submit]"))
    browser.wait_for(lambda: "country=RUS" in browser.current_url())
    assert "Астрахан" in browser.text(browser.find("table.results"))
    check(browser, f"consulates-general ({size})", width)
    browser.screenshot(OUTPUT / f"query-{size}-bg.png")
    done = "const done = arguments[arguments.length - 1];"
    fetched = browser.script_async(
        done + "const a = document.querySelector('p.downloads a[href*=\".xlsx\"]');"
        "fetch(a.href).then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'), b.byteLength,"
        " String.fromCharCode(...new Uint8Array(b).slice(0, 2))])));"
    )
    assert fetched[:2] == [200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    assert fetched[2] > 4000 and fetched[3] == "PK"  # a zip: the workbook


def test_a_name_the_graph_does_not_know_leads_to_the_closest_ones(browser: WebDriver, site_url: str) -> None:  # noqa: F811
    width, height = SIZES["phone"]
    resize(browser, width, height)
    browser.go(site_url + "/queries/consulates-general")
    browser.type(browser.find("input[name=country-search]"), "Chna")
    browser.click(browser.find("form.params button[type=submit]"))
    browser.wait_for(lambda: "country-search=Chna" in browser.current_url())
    assert "This graph knows no state “Chna”." in browser.text(browser.find("div.error"))
    check(browser, "a wrong value (phone)", width)
    browser.screenshot(OUTPUT / "query-phone-wrong-value.png")
    browser.click(browser.find("div.error a"))  # the closest: China
    browser.wait_for(lambda: "country=CHN&" in browser.current_url())  # the other values kept
    chosen = browser.script("const s = document.getElementById('p-country'); return s.options[s.selectedIndex].textContent")
    assert chosen == "China"
    assert (OUTPUT / "query-phone-wrong-value.png").stat().st_size > 5_000
