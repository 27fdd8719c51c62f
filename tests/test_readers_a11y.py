"""Readable by everyone, checked without a browser: the pictures on a phone, their names, their links,
and the contrast of every text colour the stylesheet sets.

A phone's screen is 375 px wide; the page's margins leave about 336 px for a picture. Each picture is
also drawn narrow (``…-narrow``), at about that width, and the stylesheet shows that one below 40rem:
so its smallest text, scaled to 336 px, must still be at least LEGIBLE px. The wide pictures keep a
viewBox, so they scale rather than overflow. The contrast of text is WCAG 2's (relative luminance),
computed from ``static/style.css`` as tinycss2 parses it: each rule that sets ``color`` against the
background the same rule, or the nearest rule its selector descends from, sets (else the page's).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import tinycss2

from kzgraph.web.app import STATIC_DIR, App
from kzgraph.web.http import Request

from pagetree import parse

SVG = "{http://www.w3.org/2000/svg}"
PHONE_WIDTH = 336  # 375 px less the page's margins (main's 1.2rem each side)
LEGIBLE = 10  # px: the smallest text a picture may show on a phone
STYLE = STATIC_DIR / "style.css"


def home(app: App, lang: str) -> bytes:
    return app.handle(Request("GET", "", {"lang": [lang]}, {"accept": "text/html"}, {})).body


def svg_root(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == SVG + "svg"
    return root


@pytest.mark.parametrize("lang", ["en", "bg"])
@pytest.mark.parametrize("name", ["timeline", "missions"])
def test_a_picture_drawn_for_a_phone_keeps_its_text_legible(app: App, name: str, lang: str) -> None:
    wide, narrow = svg_root(app.pictures[lang][name]), svg_root(app.pictures[lang][name + "-narrow"])
    assert wide.get("viewBox") and narrow.get("viewBox")  # both scale to the space they get
    _, _, width, _ = (float(v) for v in narrow.get("viewBox", "").split())
    sizes = [float(t.get("font-size", "")) for t in narrow.iter() if t.get("font-size")]
    assert sizes, "no sized text"
    assert min(sizes) * min(1.0, PHONE_WIDTH / width) >= LEGIBLE, (min(sizes), width)
    assert narrow.find(SVG + "title") is not None and narrow.get("role") == "img"  # named for screen readers
    links = {a.get("href") for a in wide.iter(SVG + "a")}
    assert links == {a.get("href") for a in narrow.iter(SVG + "a")}  # the same ways on from the narrow picture


def test_the_phone_sees_the_narrow_picture(app: App) -> None:
    doc = parse(home(app, "en"))
    for ident in ("timeline", "diagram"):
        figure = doc.find("figure", id=ident)
        assert figure.find("div", class_="wide").find_all("svg") and figure.find("div", class_="narrow").find_all("svg")
    rules = _rules()
    narrow_media = [(sel, decl) for sel, decl, media in rules if media and "max-width" in media]
    assert ("figure div.narrow", {"display": "block"}) in [
        (s, {k: v for k, v in d.items() if k == "display"}) for s, d in narrow_media
    ]
    assert ("figure div.wide", {"display": "none"}) in [
        (s, {k: v for k, v in d.items() if k == "display"}) for s, d in narrow_media
    ]
    assert ("figure div.narrow", {"display": "none"}) in [(s, {"display": d.get("display")}) for s, d, m in rules if not m]


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_every_link_of_the_pictures_resolves(app: App, lang: str) -> None:
    hrefs = sorted({a.get("href") or "" for name, svg in app.pictures[lang].items() for a in svg_root(svg).iter(SVG + "a")})
    assert len(hrefs) > 50
    for href in hrefs:
        path, _, query = href.lstrip("/").partition("?")
        resp = app.handle(Request("GET", path, {"lang": [lang]} if "lang=" in query else {}, {"accept": "text/html"}, {}))
        assert resp.status == 200, (href, resp.status)


# --- contrast ------------------------------------------------------------------------------------------


def _rules() -> list[tuple[str, dict[str, str], str]]:
    """(selector, declarations, media condition or "") for every style rule of the stylesheet."""
    out: list[tuple[str, dict[str, str], str]] = []

    def walk(nodes: list, media: str) -> None:
        for node in nodes:
            if node.type == "qualified-rule":
                decls = tinycss2.parse_declaration_list(node.content, skip_whitespace=True, skip_comments=True)
                values = {d.lower_name: tinycss2.serialize(d.value).strip() for d in decls if d.type == "declaration"}
                for sel in tinycss2.serialize(node.prelude).split(","):
                    out.append((" ".join(sel.split()), values, media))
            elif node.type == "at-rule" and node.lower_at_keyword == "media" and node.content:
                walk(
                    tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True),
                    tinycss2.serialize(node.prelude),
                )

    walk(tinycss2.parse_stylesheet(STYLE.read_text(encoding="utf-8"), skip_whitespace=True, skip_comments=True), "")
    return out


def _rgb(value: str, variables: dict[str, str]) -> tuple[float, float, float] | None:
    """A colour value (#rgb, #rrggbb, var(--x)) as sRGB 0–1; None for what is not a plain colour."""
    m = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if m:
        return _rgb(variables[m.group(1)], variables)
    m = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", value)
    if not m:
        return None
    h = m.group(1) if len(m.group(1)) == 6 else "".join(c * 2 for c in m.group(1))
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2's contrast ratio of two sRGB colours."""

    def luminance(c: tuple[float, float, float]) -> float:
        r, g, b = (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _background(selector: str, rules: list[tuple[str, dict[str, str], str]]) -> str:
    """The background behind a selector's text: its own rule's, else the nearest rule it descends from."""
    parts = selector.split()
    for n in range(len(parts), 0, -1):
        prefix = " ".join(parts[:n])
        for sel, decl, _ in rules:
            if sel == prefix and (decl.get("background-color") or decl.get("background")):
                return decl.get("background-color") or decl["background"]
    return "var(--bg)"


def test_every_text_colour_of_the_stylesheet_has_a_contrast_of_at_least_4_5() -> None:
    rules = _rules()
    variables = {k: v for sel, decl, _ in rules if sel == ":root" for k, v in decl.items() if k.startswith("--")}
    checked, low = 0, []
    for sel, decl, _ in rules:
        fg = _rgb(decl.get("color", ""), variables)
        bg = _rgb(_background(sel, rules), variables)
        if fg is None or bg is None:
            continue
        checked += 1
        ratio = contrast(fg, bg)
        if ratio < 4.5:
            low.append(f"{sel}: {decl['color']} on {_background(sel, rules)} = {ratio:.2f}")
    assert checked >= 15, checked  # the stylesheet's colours were read, not skipped
    assert not low, low


def test_the_contrast_check_fires_on_a_pale_colour() -> None:
    assert contrast((0.6, 0.6, 0.6), (1.0, 1.0, 1.0)) < 4.5 < contrast((0.35, 0.4, 0.44), (1.0, 1.0, 1.0))
    assert round(contrast((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)), 1) == 21.0
