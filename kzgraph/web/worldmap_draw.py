"""Drawing the map of :mod:`.worldmap` as SVG: the world, or a window centred on one state (with the state page's map section).

Every coordinate is projected with Natural Earth (:func:`.worldatlas.natural_earth`) and then fitted
to the picture by one scale and one offset, written to 0.1 px, so the same data gives the same bytes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..pipeline.pictures import MISSION_TYPES, NARROW_WIDTH, _Data, _esc
from ..pipeline.terms import KZO_NS
from . import worldatlas
from .html import Html, el
from .worldmap import (
    CONFLICT,
    DECADE_BG,
    KAZ,
    NORTH,
    PAGE_TEXT,
    SOUTH,
    STYLES,
    TEXT,
    WIDTH,
    Link,
    MapData,
    Mission,
    _credit,
    prepared,
)

# (shape, en, bg) of each mission type: the marker is its shape, not only its colour
SHAPES = {"Embassy": "circle", "ConsulateGeneral": "square", "Consulate": "diamond", "HonoraryConsulate": "triangle"}
SHAPES["RepresentationOffice"] = "cross"


@dataclass(frozen=True)
class Frame:
    """Where projected points go in the picture: x' = (x - x0) * k, y' = (y0 - y) * k (north up)."""

    x0: float
    y0: float
    k: float
    width: float
    height: float

    def at(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = worldatlas.natural_earth(lon, lat)
        return (x - self.x0) * self.k, (self.y0 - y) * self.k

    def sees(self, box: tuple[float, float, float, float]) -> bool:
        """Whether a box of picture coordinates (x0, y0, x1, y1) overlaps the picture."""
        return box[2] >= 0 and box[0] <= self.width and box[3] >= 0 and box[1] <= self.height


def world_frame(width: float = WIDTH) -> Frame:
    """The whole world from SOUTH to NORTH, ``width`` pixels wide."""
    x_max = worldatlas.natural_earth(180, 0)[0]
    top, bottom = worldatlas.natural_earth(0, NORTH)[1], worldatlas.natural_earth(0, SOUTH)[1]
    k = width / (2 * x_max)
    return Frame(-x_max, top, k, width, (top - bottom) * k)


def state_frame(country: worldatlas.Country, width: float = 640, height: float = 360) -> Frame:
    """A window centred on the country's largest polygon, with room around it (Russia's Chukotka or
    France's Guiana do not pull the window away from the country's body)."""
    ring = max((p[0] for p in country.polygons), key=len)
    xs, ys = zip(*(worldatlas.natural_earth(lon, lat) for lon, lat in ring), strict=True)
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half_w = max((max(xs) - min(xs)) * 0.8, (max(ys) - min(ys)) * 0.8 * width / height, 0.3)
    k = width / (2 * half_w)
    return Frame(cx - half_w, cy + height / 2 / k, k, width, height)


Box = tuple[float, float, float, float]


@functools.cache
def _projected(numeric: str) -> tuple[tuple[tuple[tuple[float, float], ...], ...], Box]:
    """A country's rings in the projection's own coordinates, and their box (x0, y0, x1, y1).

    The same for every picture: a frame only scales and shifts them (:meth:`Frame.at`). Projecting once
    per process instead of once per picture spares a published site's ~250 state maps two and a half
    million projections; the paths come out the same, number for number."""
    country = worldatlas.countries()[numeric]
    rings = tuple(
        tuple(worldatlas.natural_earth(lon, lat) for lon, lat in ring)
        for polygon in country.polygons
        for original in polygon
        for ring in _across_antimeridian(original)
    )
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return rings, (min(xs), min(ys), max(xs), max(ys))


def _path(numeric: str, frame: Frame) -> tuple[str, Box]:
    """The SVG path of a country and its box in picture coordinates ("" when the box is outside the picture).

    The box is the projected box moved into the frame: the frame's map is increasing in x and decreasing
    in y, so the extremes of the moved points are the moved extremes, exactly as when every point is moved."""
    rings, (x_lo, y_lo, x_hi, y_hi) = _projected(numeric)
    x0, y0, k = frame.x0, frame.y0, frame.k
    box = ((x_lo - x0) * k, (y0 - y_hi) * k, (x_hi - x0) * k, (y0 - y_lo) * k)
    if not frame.sees(box):
        return "", box
    parts = ["M" + " ".join(f"{(x - x0) * k:.1f},{(y0 - y) * k:.1f}" for x, y in ring) + "Z" for ring in rings]
    return "".join(parts), box


def _across_antimeridian(ring: worldatlas.Ring) -> list[worldatlas.Ring]:
    """A ring that crosses ±180° (Russia's Chukotka, Fiji) made continuous, and drawn once more a turn
    of the earth away, so that each side of the map shows its part and no edge spans the map."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        out.append((lon, lat))
    rings = [out]
    if max(p[0] for p in out) > 180:
        rings.append([(lon - 360, lat) for lon, lat in out])
    if min(p[0] for p in out) < -180:
        rings.append([(lon + 360, lat) for lon, lat in out])
    return rings


def _patterns() -> str:
    """One <pattern> per class: the class can be told by its pattern alone."""
    out = []
    for name, (fill, ink, kind) in STYLES.items():
        marks = {
            "solid": "",
            "stripes": f'<path d="M0,6 6,0 M-1,1 1,-1 M5,7 7,5" stroke="{ink}" stroke-width="1.2"/>',
            "dots": f'<circle cx="3" cy="3" r="1.1" fill="{ink}"/>',
            "grid": f'<path d="M0,3 6,3 M3,0 3,6" stroke="{ink}" stroke-width="0.7"/>',
            "cross": f'<path d="M0,0 6,6 M6,0 0,6" stroke="{ink}" stroke-width="0.8"/>',
        }[kind]
        out.append(
            f'<pattern id="wm-{name}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f'<rect width="6" height="6" fill="{fill}"/>{marks}</pattern>'
        )
    return "<defs>" + "".join(out) + "</defs>"


def _marker(shape: str, x: float, y: float, r: float, fill: str, stroke: str = "#fff") -> str:
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="0.8"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {common}/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {common}/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f},{y - r * 1.3:.1f} {x + r * 1.3:.1f},{y:.1f} {x:.1f},{y + r * 1.3:.1f} {x - r * 1.3:.1f},{y:.1f}Z" {common}/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f},{y - r * 1.3:.1f} {x + r * 1.2:.1f},{y + r:.1f} {x - r * 1.2:.1f},{y + r:.1f}Z" {common}/>'
    w = r * 0.55
    return (
        f'<path d="M{x - w:.1f},{y - r * 1.2:.1f}h{2 * w:.1f}v{r * 1.2 - w:.1f}h{r * 1.2 - w:.1f}v{2 * w:.1f}h{w - r * 1.2:.1f}'
        f'v{r * 1.2 - w:.1f}h{-2 * w:.1f}v{w - r * 1.2:.1f}h{w - r * 1.2:.1f}v{-2 * w:.1f}h{r * 1.2 - w:.1f}Z" {common}/>'
    )


def _a(href: str | None, body: str, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<a href="{_esc(href)}"{klass}>{body}</a>' if href else f"<g{klass}>{body}</g>"


def class_name(data: MapData, state: str, lang: str) -> str:
    """The words for a state's class, as the legend gives them."""
    cls = data.state_class(state)
    txt = TEXT[lang]
    if cls.endswith("0s"):
        return txt["decade"].format(d=cls if lang == "en" else DECADE_BG.get(cls, cls))
    return txt[cls]


def _country_title(d: _Data, data: MapData, state: str, lang: str) -> str:
    title = f"{d.label(state)} — {class_name(data, state, lang)}"
    dates = [s for s in data.starts.get(state, []) if s]
    if dates:
        title += f" ({', '.join(dates)})"
    if state in data.conflicts:
        title += f" ⚠ {TEXT[lang]['conflict']}"
    return title


def countries_svg(
    store: ox.Store, data: MapData, frame: Frame, lang: str, link: Link, focus: str | None = None
) -> tuple[list[str], list[str], list[str]]:
    """The countries' paths; the states the outlines lack (too small, or no ISO code)."""
    d = _Data(store, lang)
    by_numeric = {worldatlas.numeric_codes().get(code or ""): s for s, code in data.codes.items() if code}
    out, small, nocode = [], [], []
    for numeric, country in sorted(worldatlas.countries().items()):
        if numeric == "010":  # Antarctica: no state of the article, and most of the map's height
            continue
        path, box = _path(numeric, frame)
        if not path:
            continue
        state = by_numeric.get(numeric)
        cls = data.state_class(state) if state else "other"
        shape = f'<path d="{path}" fill="url(#wm-{cls})" stroke="#666" stroke-width="0.4"/>'
        if state is None:
            out.append(f"<g><title>{_esc(country.name)}</title>{shape}</g>")
            continue
        extra = ""
        if state in data.conflicts:
            extra = f'<path d="{path}" fill="none" stroke="{CONFLICT}" stroke-width="1.6" stroke-dasharray="3 2"/>'
        if state == focus:
            extra += f'<path d="{path}" fill="none" stroke="#000" stroke-width="2"/>'
        out.append(_a(link(state), f"<title>{_esc(_country_title(d, data, state, lang))}</title>{shape}{extra}", f"state {cls}"))
    for state, code in sorted(data.codes.items(), key=lambda kv: (kv[1] or "", kv[0])):
        if data.state_class(state) == "other":
            continue
        if not code:
            nocode.append(state)
        elif worldatlas.outline_of(code) is None:
            small.append(state)
    return out, small, nocode


def conflict_labels(data: MapData, frame: Frame) -> list[str]:
    """A "!" on each state whose start the article gives in conflicting ways (readable without colour)."""
    out = []
    for state in sorted(data.conflicts):
        country = worldatlas.outline_of(data.codes.get(state))
        if country is None:
            continue
        ring = max((p[0] for p in country.polygons), key=len)
        x, y = frame.at(sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
        if 0 <= x <= frame.width and 0 <= y <= frame.height:
            out.append(
                f'<g class="conflict-mark"><circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#fff" stroke="{CONFLICT}"/>'
                f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="10" font-weight="bold" text-anchor="middle" '
                f'fill="{CONFLICT}">!</text></g>'
            )
    return out


def missions_svg(store: ox.Store, data: MapData, frame: Frame, lang: str, link: Link, labels: bool) -> list[str]:
    """Kazakhstan's missions abroad as shapes at their cities (one per type and city, side by side), and
    the foreign missions in Kazakhstan as a ring with their number at each Kazakh city."""
    d = _Data(store, lang)
    colours = {cls: colour for cls, _a, colour, *_ in MISSION_TYPES}
    out: list[str] = []
    placed: list[tuple[float, float, float, float]] = []  # the names' boxes so far
    by_city: dict[str, list[Mission]] = {}
    for m in data.missions:
        if m.point is not None and m.city is not None:
            by_city.setdefault(m.city, []).append(m)
    for city, missions in sorted(by_city.items()):
        x, y = frame.at(*missions[0].point)  # type: ignore[misc]
        if not (0 <= x <= frame.width and 0 <= y <= frame.height):
            continue
        abroad = [m for m in missions if m.layer == "mission-abroad"]
        hosted = [m for m in missions if m.layer == "mission-in-kazakhstan"]
        types = sorted({m.type for m in abroad}, key=lambda t: list(SHAPES).index(t[len(KZO_NS) :]))
        for i, cls_iri in enumerate(types):
            cls = cls_iri[len(KZO_NS) :]
            these = [m for m in abroad if m.type == cls_iri]
            dx = (i - (len(types) - 1) / 2) * 8
            title = "; ".join(d.label(m.fact) for m in these)
            out.append(
                _a(
                    link(these[0].fact),
                    f"<title>{_esc(title)}</title>" + _marker(SHAPES[cls], x + dx, y, 3.4, colours[cls]),
                    "mission",
                )
            )
        if hosted:
            title = f"{d.label(city)}: " + "; ".join(d.label(m.fact) for m in sorted(hosted, key=lambda m: m.fact))
            out.append(
                _a(
                    link(city),
                    f"<title>{_esc(title)}</title>"
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="#fff" stroke="#222" stroke-width="1.2"/>'
                    f'<text x="{x:.1f}" y="{y + 3.5:.1f}" font-size="10" text-anchor="middle" fill="#222">{len(hosted)}</text>',
                    "city hosted",
                )
            )
        if labels or hosted:
            name = d.label(city)
            lx, ly, anchor = _label_place(x, y, len(name) * 5.6, placed)
            out.append(
                _a(
                    link(city),
                    f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="10" fill="#111" stroke="#fff" stroke-width="2.5" '
                    f'paint-order="stroke" text-anchor="{anchor}">{_esc(name)}</text>',
                    "city",
                )
            )
    return out


def _label_place(x: float, y: float, w: float, placed: list[tuple[float, float, float, float]]) -> tuple[float, float, str]:
    """Where a city's name goes: above right of its marker, else below right, above left, below left,
    whichever first overlaps no name already placed (Baku and Yerevan, Astana and Omsk stand close)."""
    options = [(x + 10, y - 6, "start"), (x + 10, y + 14, "start"), (x - 10, y - 6, "end"), (x - 10, y + 14, "end")]
    for lx, ly, anchor in options:
        box = (lx if anchor == "start" else lx - w, ly - 10, (lx + w) if anchor == "start" else lx, ly + 2)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            placed.append(box)
            return lx, ly, anchor
    lx, ly, anchor = options[0]
    placed.append((lx, ly - 10, lx + w, ly + 2))
    return lx, ly, anchor


# --- the legend and the lists under the map ----------------------------------------------------------------


class Flow:
    """Text items laid out left to right under the map, wrapping at the picture's width."""

    def __init__(self, width: float, y: float, size: int = 10):
        self.width, self.x, self.y, self.size, self.out = width, 8.0, y, size, []  # type: ignore[var-annotated]

    def newline(self, gap: float = 4) -> None:
        self.x, self.y = 8.0, self.y + self.size + gap

    def add(self, text: str, href: str | None = None, bold: bool = False, prefix: str = "", prefix_w: float = 0) -> None:
        per_char = self.size * (0.62 if bold else 0.56)
        w = prefix_w + len(text) * per_char + 12
        room = self.width - 16 - prefix_w
        if len(text) * per_char > room and " " in text:  # longer than a line: word by word (a phone's map)
            head, rest = self._line_of(text, room / per_char)
            self.add(head, href, bold, prefix, prefix_w)
            self.add(rest, href, bold)
            return
        if self.x + w > self.width - 8 and self.x > 8:
            self.newline(2)
        weight = ' font-weight="bold"' if bold else ""
        body = prefix.replace("{x}", f"{self.x:.1f}").replace("{y}", f"{self.y - 3.5:.1f}") + (
            f'<text x="{self.x + prefix_w:.1f}" y="{self.y:.1f}" font-size="{self.size}" fill="#222"{weight}>{_esc(text)}</text>'
        )
        self.out.append(_a(href, body) if href else body)
        self.x += w

    @staticmethod
    def _line_of(text: str, chars: float) -> tuple[str, str]:
        """The words of ``text`` that fit in ``chars`` characters (at least one), and the rest."""
        words = text.split(" ")
        n = 1
        while n < len(words) and len(" ".join(words[: n + 1])) <= chars:
            n += 1
        return " ".join(words[:n]), " ".join(words[n:])


def _swatch(cls: str) -> str:
    """The legend's sample of a class: its pattern in a small box, centred on the text's middle."""
    return f'<rect x="0" y="-5" width="16" height="10" fill="url(#wm-{cls})" stroke="#666" stroke-width="0.5" transform="translate({{x}},{{y}})"/>'


def legend(store: ox.Store, data: MapData, lang: str, link: Link, flow: Flow, small: list[str], nocode: list[str]) -> None:
    """What each pattern, outline and shape means; then what the map could not draw, by name."""
    txt, d = TEXT[lang], _Data(store, lang)
    legend_key(data, lang, flow)
    hosted: dict[str, list[Mission]] = {}
    for m in data.missions:
        if m.layer == "mission-in-kazakhstan":
            hosted.setdefault(m.city or "", []).append(m)
    flow.newline(8)
    flow.add(txt["in_kaz"] + ":", bold=True)
    for city, missions in sorted(hosted.items(), key=lambda kv: (kv[0] == "", d.label(kv[0]) if kv[0] else "")):
        if city:
            flow.add(d.label(city) + ":", link(city), bold=True)
        for m in sorted(missions, key=lambda m: (d.label(m.state), m.fact)):
            flow.add(f"{d.label(m.state)} ({_type_name(m.type, lang)})", link(m.fact))
    unplaced = [m for m in data.missions if m.point is None]
    for title, states in ((txt["small"], small), (txt["nocode"], nocode)):
        if states:
            flow.newline(6)
            flow.add(title, bold=True)
            for s in states:
                flow.add(f"{d.label(s)} — {class_name(data, s, lang)}", link(s))
    if unplaced:
        flow.newline(6)
        flow.add(txt["unplaced"], bold=True)
        for m in sorted(unplaced, key=lambda m: m.fact):
            flow.add(d.label(m.fact), link(m.fact))
    flow.newline(6)
    flow.add(txt["source"])


def legend_key(data: MapData, lang: str, flow: Flow) -> None:
    """The key: each class of state by its pattern, the conflict outline, each mission type by its shape."""
    txt = TEXT[lang]
    decades = sorted({data.state_class(s) for s in data.starts} - {"undated"})
    for cls in ["kaz", *decades, "undated", "no-relations", "other"]:
        words = txt["decade"].format(d=cls if lang == "en" else DECADE_BG.get(cls, cls)) if cls.endswith("0s") else txt[cls]
        flow.add(words, prefix=_swatch(cls), prefix_w=20)
    flow.add(
        "! " + txt["conflict"],
        prefix=f'<rect x="0" y="-5" width="16" height="10" fill="#fff" stroke="{CONFLICT}" stroke-width="1.6" '
        'stroke-dasharray="3 2" transform="translate({x},{y})"/>',
        prefix_w=20,
    )
    flow.newline()
    flow.add(txt["abroad"], bold=True)
    colours = {cls: colour for cls, _a, colour, *_ in MISSION_TYPES}
    for cls, _abbr, _colour, en, bg in MISSION_TYPES:
        marker = _marker(SHAPES[cls], 0, 0, 4, colours[cls])
        flow.add(
            en if lang == "en" else bg, prefix=f'<g transform="translate({{x}},{{y}}) translate(6,0)">{marker}</g>', prefix_w=16
        )
    flow.add(
        txt["in_kaz"] + " (N)",
        prefix='<g transform="translate({x},{y}) translate(8,0)"><circle r="7" fill="#fff" stroke="#222" stroke-width="1.2"/></g>',
        prefix_w=20,
    )


def _type_name(cls_iri: str, lang: str) -> str:
    cls = cls_iri[len(KZO_NS) :]
    return next((en if lang == "en" else bg) for c, _a, _c, en, bg in MISSION_TYPES if c == cls)


def _svg(frame: Frame, body: list[str], below: Flow, title: str, desc: str, ident: str) -> str:
    """The picture, its patterns' ids made its own (``wm-1990s`` -> ``worldmap-narrow-1990s``): a page holds
    the wide and the narrow map, and an id two pictures share would make the visible one take its
    patterns from the hidden one, which a browser does not paint."""
    height = below.y + 12
    return _own_ids(
        ident,
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width:.0f} {height:.0f}" width="{frame.width:.0f}" '
        f'height="{height:.0f}" role="img" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
        f'aria-labelledby="{ident}-title {ident}-desc"><title id="{ident}-title">{_esc(title)}</title>'
        f'<desc id="{ident}-desc">{_esc(desc)}</desc>{_patterns()}'
        f'<rect width="100%" height="100%" fill="#fff"/>'
        f'<clipPath id="{ident}-clip"><rect width="{frame.width:.0f}" height="{frame.height:.0f}"/></clipPath>'
        f'<rect width="{frame.width:.0f}" height="{frame.height:.0f}" fill="#f3f8fc"/>'
        f'<g clip-path="url(#{ident}-clip)">'
        + "".join(body)
        + "</g>"
        + f'<rect width="{frame.width:.0f}" height="{frame.height:.0f}" fill="none" stroke="#999"/>'
        + "".join(below.out)
        + "</svg>\n",
    )


def _own_ids(ident: str, svg: str) -> str:
    return svg.replace('id="wm-', f'id="{ident}-').replace("url(#wm-", f"url(#{ident}-")


NARROW = NARROW_WIDTH  # the other pictures' width for a phone: drawn at it, 10 px text stays above 9 px there


def world_svg(store: ox.Store, data: MapData, lang: str = "en", link: Link | None = None, narrow: bool = False) -> str:
    """The world map as standalone SVG, each state, city and mission linked where ``link`` says; ``narrow``:
    drawn for a phone's width, so that its words are as large there as the wide map's on a desktop."""
    link = link or (lambda iri: iri)
    frame = world_frame(NARROW if narrow else WIDTH)
    shapes, small, nocode = countries_svg(store, data, frame, lang, link)
    body = shapes + conflict_labels(data, frame) + missions_svg(store, data, frame, lang, link, labels=False)
    below = Flow(frame.width, frame.height + 20)
    legend(store, data, lang, link, below, small, nocode)
    return _svg(frame, body, below, TEXT[lang]["title"], TEXT[lang]["desc"], "worldmap-narrow" if narrow else "worldmap")


def state_svg(
    store: ox.Store, data: MapData, state: str, lang: str = "en", link: Link | None = None, narrow: bool = False
) -> str | None:
    """The map centred on one state (outlined), with its neighbours, cities and missions; None when the
    state has no outline at this scale (the page then says why). ``narrow``: drawn for a phone."""
    link = link or (lambda iri: iri)
    country = worldatlas.outline_of(data.codes.get(state) or _code_of(store, state))
    if country is None:
        return None
    frame = state_frame(country, NARROW, 260) if narrow else state_frame(country)
    shapes, _small, _nocode = countries_svg(store, data, frame, lang, link, focus=state)
    body = shapes + conflict_labels(data, frame) + missions_svg(store, data, frame, lang, link, labels=True)
    below = Flow(frame.width, frame.height + 18)
    d = _Data(store, lang)
    if state != KAZ:
        below.add(d.label(state) + ": " + class_name(data, state, lang) + (" ⚠" if state in data.conflicts else ""), bold=True)
        below.newline(6)
    legend_key(data, lang, below)
    below.newline(6)
    below.add(TEXT[lang]["source"])
    title = TEXT[lang]["state_title"].format(state=d.label(state))
    return _svg(frame, body, below, title, TEXT[lang]["desc"], "statemap-narrow" if narrow else "statemap")


def _code_of(store: ox.Store, state: str) -> str | None:
    """A state's alpha-3 id (kzo:iso3166Alpha3), for states the map's query does not name."""
    code = _Data(store, "en").one(state, KZO_NS + "iso3166Alpha3")
    return code.value if isinstance(code, ox.Literal) else None


def state_section(ctx: Any, iri: str) -> Any:
    """A state page's map, centred on the state; or why it is not drawn (None: the release has no map)."""
    data = prepared(ctx.view.store)
    if data is None:
        return None
    lang = ctx.lang
    txt = PAGE_TEXT.get(lang, PAGE_TEXT["en"])
    link = lambda target: ctx.links.href(target, lang)  # noqa: E731
    svg = state_svg(ctx.view.store, data, iri, lang, link)
    world = el("a", txt["world"], href=ctx.links.path("", lang, fragment="map"))
    if svg is None:
        why = txt["small"] if data.codes.get(iri) or worldatlas.numeric_codes().get(iri.rsplit("/", 1)[-1]) else txt["nocode"]
        body = el("p", txt["nomap"].format(why=why), " (", world, ")")
    else:
        narrow = state_svg(ctx.view.store, data, iri, lang, link, narrow=True)  # what CSS shows on a phone
        pictures = [el("div", Html(svg), class_="wide"), el("div", Html(narrow or ""), class_="narrow")]
        body = el("figure", pictures, el("figcaption", world, " · ", _credit(lang)))
    return el("section", el("h2", txt["state"]), body, id="map")
